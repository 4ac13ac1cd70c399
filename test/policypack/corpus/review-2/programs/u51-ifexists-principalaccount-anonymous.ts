import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "StringEqualsIfExists on aws:PrincipalAccount: an anonymous request carries no aws:PrincipalAccount, so the condition is true and anonymous callers use the endpoint",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(vpc, policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": ["200000000001", "200000000002"] } } }));
    },
};
