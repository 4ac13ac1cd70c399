import * as aws from "@pulumi/aws";
import { ProgramSpec, identityDeny, networkDeny, policyOf, LEDGER } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket grants orders-prod reads, but its network Deny names only the owner account as Principal: orders-prod's identities read from any network",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-policy"] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                { Sid: "OrdersReads", Effect: "Allow", Principal: { AWS: "arn:aws:iam::200000000002:role/orders-app" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${LEDGER}/*` },
                identityDeny(LEDGER),
                networkDeny(LEDGER, { Principal: { AWS: "arn:aws:iam::200000000001:root" } }),
            ),
        });
    },
};
