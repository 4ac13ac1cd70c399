import { ProgramSpec, orgStatements, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "AWS-owned exception for the Amazon Linux 2023 repository with the Region replaced by * in the bucket name (al2023-repos-*-de612dc2): every Region's bucket and anyone's bucket matching",
    source: "https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/s3_endpoint_policy.json",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(vpc, policyOf(...orgStatements, { Sid: "AllowRequestsToAWSOwnedResources", Effect: "Allow", Principal: { AWS: "*" }, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::al2023-repos-*-de612dc2/*"] }));
    },
};
