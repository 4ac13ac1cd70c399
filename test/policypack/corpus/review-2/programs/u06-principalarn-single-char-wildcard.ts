import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "ArnLike aws:PrincipalArn with ? in the account field: arn:aws:iam::?00000000002:role/* admits ten accounts, nine outside the environment",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::?00000000002:role/*" } } }),
        );
    },
};
