import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "ArnLike aws:PrincipalArn arn:*:iam::200000000002:role/*: any partition, but the account field is fixed to an environment account",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:*:iam::200000000002:role/*" } } }),
        );
    },
};
