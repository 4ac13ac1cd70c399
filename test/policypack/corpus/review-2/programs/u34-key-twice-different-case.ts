import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "One operator names aws:PrincipalOrgID twice in different case (ours and another org's); AWS does not document which wins (Access Analyzer: duplicate keys with different case is an error), so pessimistically another org is admitted",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-duplicate-keys-with-different-case",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "AWS:PRINCIPALORGID": "o-zz9zz9zz9z" } } }),
        );
    },
};
