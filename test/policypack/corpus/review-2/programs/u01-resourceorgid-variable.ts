import { ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Gateway endpoint policy: aws:PrincipalOrgID equal to ${aws:ResourceOrgID}: an outsider reading a bucket of its own organization matches, so no identity is kept out",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "${aws:ResourceOrgID}" } } }),
        );
    },
};
