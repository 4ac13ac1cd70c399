import * as aws from "@pulumi/aws";
import { LEDGER, OUTSIDE_ACCOUNT, ProgramSpec, networkDeny } from "./base";

export const spec: ProgramSpec = {
    description: "Bucket policy built inside apply() from getCallerIdentity (known at preview): network Deny only, no identity Deny, and a grant to an account outside the environment",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-policy"] },
    program: () => {
        const me = aws.getCallerIdentityOutput();
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: me.apply((id) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "Owner", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${id.accountId}:root` }, Action: "s3:*", Resource: [`arn:aws:s3:::${LEDGER}`, `arn:aws:s3:::${LEDGER}/*`] },
                        { Sid: "Partner", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OUTSIDE_ACCOUNT}:root` }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${LEDGER}/*` },
                        networkDeny(LEDGER),
                    ],
                }),
            ),
        });
    },
};
