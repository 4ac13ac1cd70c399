import { ProgramSpec, orgStatements, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

/** AWS's statement AllowRequestsToAWSOwnedResources, verbatim for us-east-1 (RegionWithoutDashes: useast1). */
const awsOwned = [
    "arn:aws:s3:::packages.us-east-1.amazonaws.com/*",
    "arn:aws:s3:::repo.us-east-1.amazonaws.com/*",
    "arn:aws:s3:::amazonlinux.us-east-1.amazonaws.com/*",
    "arn:aws:s3:::amazonlinux-2-repos-us-east-1/*",
    "arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*",
    "arn:aws:s3:::al2023-us-east-1/*",
    "arn:aws:s3:::repo.us-east-1.emr.amazonaws.com/*",
    "arn:aws:s3:::prod.us-east-1.appinfo.src/*",
    "arn:aws:s3:::aws-ssm-us-east-1/*",
    "arn:aws:s3:::aws-windows-downloads-us-east-1/*",
    "arn:aws:s3:::amazon-ssm-us-east-1/*",
    "arn:aws:s3:::amazon-ssm-packages-us-east-1/*",
    "arn:aws:s3:::us-east-1-birdwatcher-prod/*",
    "arn:aws:s3:::aws-ssm-distributor-file-us-east-1/*",
    "arn:aws:s3:::aws-ssm-document-attachments-us-east-1/*",
    "arn:aws:s3:::patch-baseline-snapshot-us-east-1/*",
    "arn:aws:s3:::aws-patchmanager-macos-us-east-1/*",
    "arn:aws:s3:::amazoncloudwatch-agent-us-east-1/*",
    "arn:aws:s3:::amazoncloudwatch-agent/*",
    "arn:aws:s3:::aws-codedeploy-us-east-1/*",
    "arn:aws:s3:::ec2imagebuilder-toe-us-east-1-prod/*",
    "arn:aws:s3:::ec2imagebuilder-managed-resources-us-east-1-prod/components/*",
    "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*",
    "arn:aws:s3:::aws-mgn-clients-us-east-1/*",
    "arn:aws:s3:::aws-mgn-clients-hashes-us-east-1/*",
    "arn:aws:s3:::aws-mgn-internal-us-east-1/*",
    "arn:aws:s3:::aws-mgn-internal-hashes-us-east-1/*",
    "arn:aws:s3:::aws-application-migration-service-us-east-1/*",
    "arn:aws:s3:::aws-application-migration-service-hashes-us-east-1/*",
    "arn:aws:s3:::aws-drs-clients-us-east-1/*",
    "arn:aws:s3:::aws-drs-clients-hashes-us-east-1/*",
    "arn:aws:s3:::aws-drs-internal-us-east-1/*",
    "arn:aws:s3:::aws-drs-internal-hashes-us-east-1/*",
    "arn:aws:s3:::aws-elastic-disaster-recovery-us-east-1/*",
    "arn:aws:s3:::aws-elastic-disaster-recovery-hashes-us-east-1/*",
    "arn:aws:s3:::cloudformation-waitcondition-us-east-1/*",
    "arn:aws:s3:::cloudformation-custom-resource-response-useast1/*",
    "arn:aws:s3:::aws-ec2-enclave-certificate-us-east-1-prod/*"
];

export const spec: ProgramSpec = {
    description: "S3 gateway endpoint policy: the organization statements plus AWS's own AllowRequestsToAWSOwnedResources statement verbatim (every AWS-owned bucket AWS lists, s3:GetObject, any caller)",
    source: "https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/s3_endpoint_policy.json",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(vpc, policyOf(...orgStatements, { Sid: "AllowRequestsToAWSOwnedResources", Effect: "Allow", Principal: { AWS: "*" }, Action: ["s3:GetObject"], Resource: awsOwned }));
    },
};
