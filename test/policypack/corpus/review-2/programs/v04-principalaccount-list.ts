import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "StringEquals aws:PrincipalAccount listing the environment's workload accounts and the trusted vendor account",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ["200000000001", "200000000002", "200000000003", "464622532012"] } } }),
        );
    },
};
