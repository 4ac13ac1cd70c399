import * as aws from "@pulumi/aws";
import { ProgramSpec, identityDeny, networkDeny, policyOf, LEDGER } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket: the network Deny uses NotResource bucket/* \u2014 it covers everything except the objects, so object reads from any network escape it",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-policy"] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                identityDeny(LEDGER),
                networkDeny(LEDGER, { Resource: undefined, NotResource: `arn:aws:s3:::${LEDGER}/*` }),
            ),
        });
    },
};
