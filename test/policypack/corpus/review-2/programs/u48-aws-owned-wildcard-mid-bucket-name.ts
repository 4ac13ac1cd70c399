import { ProgramSpec, orgStatements, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "AWS-owned exception with a wildcard in the middle of the bucket name (prod-us-east-1-*-layer-bucket): any bucket named so, by anyone, not the documented ECR layer bucket",
    source: "https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/s3_endpoint_policy.json",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(vpc, policyOf(...orgStatements, { Sid: "AllowRequestsToAWSOwnedResources", Effect: "Allow", Principal: { AWS: "*" }, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::prod-us-east-1-*-layer-bucket/*"] }));
    },
};
