import * as aws from "@pulumi/aws";
import { CORPORATE, LEDGER, ORG, ProgramSpec, identityDeny, networkDeny, policyOf } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket's network Deny written with ForAllValues:StringNotEquals aws:VpceOrgID: true when the key is absent (internet requests are denied) and, for the single value present, the same as StringNotEquals",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    expect: { mandatory: [] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                identityDeny(LEDGER),
                networkDeny(LEDGER, {
                    Condition: {
                        NotIpAddressIfExists: { "aws:SourceIp": CORPORATE },
                        "ForAllValues:StringNotEquals": { "aws:VpceOrgID": ORG },
                        StringNotEqualsIfExists: { "aws:PrincipalTag/dp:exclude:network": "true" },
                        BoolIfExists: { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" },
                    },
                }),
            ),
        });
    },
};
