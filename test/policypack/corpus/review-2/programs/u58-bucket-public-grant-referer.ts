import * as aws from "@pulumi/aws";
import { LEDGER, ProgramSpec, networkDeny, policyOf } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket: public read conditioned on aws:Referer (AWS: the header is set by the caller and must not protect data), network Deny present, no identity Deny",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html#example-bucket-policies-HTTP-HTTPS",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network ledger-policy"] },
    program: () => {
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                { Sid: "FromOurSite", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${LEDGER}/*`, Condition: { StringLike: { "aws:Referer": ["https://www.example.com/*"] } } },
                networkDeny(LEDGER),
            ),
        });
    },
};
