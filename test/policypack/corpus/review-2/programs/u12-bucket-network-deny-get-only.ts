import * as aws from "@pulumi/aws";
import { ProgramSpec, identityDeny, networkDeny, policyOf, LEDGER } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket: the network Deny names s3:Get* only \u2014 s3:PutObject and s3:DeleteObject from outside the expected networks escape it",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-policy"] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                identityDeny(LEDGER),
                networkDeny(LEDGER, { Action: "s3:Get*" }),
            ),
        });
    },
};
