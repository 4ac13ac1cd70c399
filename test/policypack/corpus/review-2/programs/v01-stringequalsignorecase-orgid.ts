import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "StringEqualsIgnoreCase aws:PrincipalOrgID O-A1B2C3D4E5 matches only our organization (the id compared without case)",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEqualsIgnoreCase: { "aws:PrincipalOrgID": "O-A1B2C3D4E5" } } }),
        );
    },
};
