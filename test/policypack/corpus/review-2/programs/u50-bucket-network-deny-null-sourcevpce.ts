import * as aws from "@pulumi/aws";
import { CORPORATE, LEDGER, ProgramSpec, identityDeny, networkDeny, policyOf } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket's network Deny applies only when aws:SourceVpce is absent (Null true): a request of our identities through someone else's VPC endpoint carries a SourceVpce and escapes",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-policy"] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                identityDeny(LEDGER),
                networkDeny(LEDGER, {
                    Condition: {
                        NotIpAddressIfExists: { "aws:SourceIp": CORPORATE },
                        Null: { "aws:SourceVpce": "true" },
                        BoolIfExists: { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" },
                    },
                }),
            ),
        });
    },
};
