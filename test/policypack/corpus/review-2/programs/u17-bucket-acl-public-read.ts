import * as aws from "@pulumi/aws";
import { LEDGER, ProgramSpec, identityDeny, networkDeny, policyOf } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket with a perfect perimeter policy, made public through its ACL: ObjectWriter ownership re-enables ACLs, the public access block is off, and BucketAcl public-read grants AllUsers READ (list)",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-acl"] },
    program: () => {
        const bucket = new aws.s3.Bucket("ledger", { bucket: LEDGER });
        new aws.s3.BucketPolicy("ledger-policy", { bucket: bucket.id, policy: policyOf(identityDeny(LEDGER), networkDeny(LEDGER)) });
        const ownership = new aws.s3.BucketOwnershipControls("ledger-ownership", { bucket: bucket.id, rule: { objectOwnership: "ObjectWriter" } });
        const pab = new aws.s3.BucketPublicAccessBlock("ledger-pab", { bucket: bucket.id, blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false });
        new aws.s3.BucketAcl("ledger-acl", { bucket: bucket.id, acl: "public-read" }, { dependsOn: [ownership, pab] });
    },
};
