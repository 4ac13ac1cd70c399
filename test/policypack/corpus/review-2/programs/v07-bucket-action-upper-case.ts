import * as aws from "@pulumi/aws";
import { ProgramSpec, identityDeny, networkDeny, policyOf, LEDGER } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket perimeter written with Action S3:* in upper case: action names are case-insensitive, the Denies apply",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    expect: { mandatory: [] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                identityDeny(LEDGER, { Action: "S3:*" }),
                networkDeny(LEDGER, { Action: "S3:*" }),
            ),
        });
    },
};
