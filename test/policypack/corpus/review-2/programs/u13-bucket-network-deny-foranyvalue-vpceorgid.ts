import * as aws from "@pulumi/aws";
import { ProgramSpec, identityDeny, networkDeny, policyOf, LEDGER } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket: the network Deny tests ForAnyValue:StringNotEquals aws:VpceOrgID \u2014 false when the key is absent (every request from the internet), so internet requests escape",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-policy"] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                identityDeny(LEDGER),
                networkDeny(LEDGER, {
                    Condition: {
                        NotIpAddressIfExists: { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"] },
                        "ForAnyValue:StringNotEquals": { "aws:VpceOrgID": "o-a1b2c3d4e5" },
                        BoolIfExists: { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" },
                    },
                }),
            ),
        });
    },
};
