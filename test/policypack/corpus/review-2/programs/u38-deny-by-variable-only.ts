import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Open gateway endpoint Allow whose only Deny is StringNotEquals aws:ResourceOrgID ${aws:PrincipalOrgID}: an outsider reading a bucket of its own organization is not denied",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf(
                { Sid: "Open", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" },
                { Sid: "SameOrgOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { "aws:ResourceOrgID": "${aws:PrincipalOrgID}" } } },
            ),
        );
    },
};
