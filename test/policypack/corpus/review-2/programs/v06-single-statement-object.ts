import { ProgramSpec, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Gateway endpoint policy whose Statement is a single object (not an array), Principal {AWS: \"*\"}, restricted to the organization",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            JSON.stringify({
                Version: "2012-10-17",
                Statement: { Sid: "Org", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
            }),
        );
    },
};
