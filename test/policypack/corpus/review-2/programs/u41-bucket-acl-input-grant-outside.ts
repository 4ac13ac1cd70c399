import * as aws from "@pulumi/aws";
import { LEDGER, ProgramSpec, identityDeny, networkDeny, policyOf } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket with the perimeter policy, and the bucket's own grants input giving FULL_CONTROL to the AllUsers group (ACL grant, not a policy)",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger"] },
    program: () => {
        const bucket = new aws.s3.Bucket("ledger", {
            bucket: LEDGER,
            grants: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ", "WRITE"] }],
        });
        new aws.s3.BucketPolicy("ledger-policy", { bucket: bucket.id, policy: policyOf(identityDeny(LEDGER), networkDeny(LEDGER)) });
    },
};
