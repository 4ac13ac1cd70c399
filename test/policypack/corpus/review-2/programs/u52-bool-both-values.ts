import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Bool aws:PrincipalIsAWSService with the values true and false (ORed): every caller matches",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(vpc, policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:PrincipalIsAWSService": ["true", "false"] } } }));
    },
};
