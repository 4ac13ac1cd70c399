import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "StringEqualsIfExists on aws:SourceOrgID (a key only service-principal requests carry): an outside identity's own request has no such key, so the condition is true and it gets through",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEqualsIfExists: { "aws:SourceOrgID": "o-a1b2c3d4e5" } } }),
        );
    },
};
