import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "ForAllValues:StringLike on aws:PrincipalOrgPaths is true when the key is absent: a caller in no organization gets through",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { "ForAllValues:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"] } } }),
        );
    },
};
