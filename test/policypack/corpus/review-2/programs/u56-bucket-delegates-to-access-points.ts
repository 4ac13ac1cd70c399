import * as aws from "@pulumi/aws";
import { LEDGER, OUTSIDE_ACCOUNT, ProgramSpec, networkDeny, policyOf } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket delegates access control to the owner's access points (Principal *, s3:DataAccessPointAccount) without an identity Deny, and an access point policy grants an outside account",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html#access-points-delegating-control",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-policy"] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                { Sid: "DelegateToAccessPoints", Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: [`arn:aws:s3:::${LEDGER}`, `arn:aws:s3:::${LEDGER}/*`], Condition: { StringEquals: { "s3:DataAccessPointAccount": "200000000001" } } },
                networkDeny(LEDGER),
            ),
        });
        new aws.s3.AccessPoint("ledger-ap", {
            bucket: LEDGER,
            name: "ledger-partner",
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OUTSIDE_ACCOUNT}:root` }, Action: "s3:GetObject", Resource: "arn:aws:s3:us-east-1:200000000001:accesspoint/ledger-partner/object/*" }],
            }),
        });
    },
};
