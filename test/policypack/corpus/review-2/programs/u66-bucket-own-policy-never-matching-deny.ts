import * as aws from "@pulumi/aws";
import { CORPORATE, ORG, ProgramSpec, RAW } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket's own policy input: perimeter Denies written on the bucket ARN only (no /*), so object requests escape them — two never-matching Denies (one finding each) and a perimeter gap",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html",
    expect: { mandatory: ["perimeter-policy-deny-statement-applicable raw", "perimeter-policy-deny-statement-applicable raw", "perimeter-s3-bucket-policy-protected-network raw"] },
    program: () => {
        const res = `arn:aws:s3:::${RAW}`;
        new aws.s3.Bucket("raw", {
            bucket: RAW,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "Identity", Effect: "Deny", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: res, Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": ORG }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } } },
                    { Sid: "Network", Effect: "Deny", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: res, Condition: { NotIpAddressIfExists: { "aws:SourceIp": CORPORATE }, StringNotEqualsIfExists: { "aws:VpceOrgID": ORG }, BoolIfExists: { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" } } },
                ],
            }),
        });
    },
};
