import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LEDGER, ProgramSpec, vpcWithFlowLog, s3Gateway, orgPolicy } from "./base";

export const spec: ProgramSpec = {
    description: "Bucket policy text built with pulumi.all(...).apply(JSON.stringify) over the gateway endpoint's id (unknown at preview): the whole text is unknown, so the rule can only leave an advisory note (it grants anyone a read)",
    source: "https://www.pulumi.com/docs/iac/concepts/inputs-outputs/apply/",
    expect: { mandatory: [], advisory: ["perimeter-s3-bucket-policy-protected-network"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const gw = s3Gateway(vpc, orgPolicy);
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: pulumi.all([gw.id]).apply(([vpce]) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${LEDGER}/*` },
                        { Sid: "OnlyEndpoint", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `arn:aws:s3:::${LEDGER}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": vpce } } },
                    ],
                }),
            ),
        });
    },
};
