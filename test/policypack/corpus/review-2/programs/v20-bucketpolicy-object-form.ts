import * as aws from "@pulumi/aws";
import { LEDGER, ProgramSpec, identityDeny, networkDeny } from "./base";

export const spec: ProgramSpec = {
    description: "The protected bucket's perimeter (AWS's data-perimeter bucket policy) passed to BucketPolicy as an object rather than JSON text",
    source: "https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/resource_based_policies/s3_bucket_policy.json",
    expect: { mandatory: [] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: { Version: "2012-10-17", Statement: [identityDeny(LEDGER) as any, networkDeny(LEDGER) as any] },
        });
    },
};
