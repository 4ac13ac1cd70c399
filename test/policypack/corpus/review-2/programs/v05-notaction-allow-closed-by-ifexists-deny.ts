import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Allow NotAction s3:DeleteBucket to anyone, closed by a Deny StringNotEqualsIfExists aws:PrincipalOrgID (IfExists: true when the key is absent, so callers without an organization are denied too)",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf({ Effect: "Allow", Principal: "*", NotAction: "s3:DeleteBucket", Resource: "*" },
            { Effect: "Deny", Principal: "*", Action: "*", Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }),
        );
    },
};
