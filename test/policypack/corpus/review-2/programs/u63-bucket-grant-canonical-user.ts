import * as aws from "@pulumi/aws";
import { LEDGER, ProgramSpec, networkDeny, policyOf } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket grants reads to a CanonicalUser principal (an account's canonical id, not one of ours) with a network Deny but no identity Deny",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-canonical-user",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-policy"] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                { Sid: "Partner", Effect: "Allow", Principal: { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${LEDGER}/*` },
                networkDeny(LEDGER),
            ),
        });
    },
};
