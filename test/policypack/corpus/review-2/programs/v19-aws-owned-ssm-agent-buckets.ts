import { ProgramSpec, orgStatements, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "S3 gateway endpoint: organization statement plus AWS's AWS-owned-resources statement for the ECR layer bucket and Amazon Linux 2023 repositories of us-east-1, any caller, s3:GetObject only (as AWS's example endpoint policy)",
    source: "https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/s3_endpoint_policy.json",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf(...orgStatements, {
                Sid: "AllowRequestsToAWSOwnedResources",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: ["arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*", "arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*"],
            }),
        );
    },
};
