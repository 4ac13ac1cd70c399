import * as aws from "@pulumi/aws";
import { LEDGER, ProgramSpec, identityDeny, networkDeny, policyOf } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket perimeter plus AWS's documented grant to the S3 server-access-logging service principal, limited by aws:SourceAccount",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general",
    expect: { mandatory: [] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                {
                    Sid: "S3ServerAccessLogsPolicy", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${LEDGER}/access-logs/*`,
                    Condition: { StringEquals: { "aws:SourceAccount": "200000000001" } },
                },
                identityDeny(LEDGER),
                networkDeny(LEDGER),
            ),
        });
    },
};
