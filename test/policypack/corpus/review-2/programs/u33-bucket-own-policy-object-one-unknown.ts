import * as aws from "@pulumi/aws";
import { ProgramSpec, RAW, vpcWithFlowLog, s3Gateway, orgPolicy } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket's own policy input as an object: a known public read, and a Deny whose aws:SourceVpce is the endpoint id (unknown at preview, and only on PutObject): the known grant is public already",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network raw"], advisory: ["perimeter-s3-bucket-policy-protected-network"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const gw = s3Gateway(vpc, orgPolicy);
        new aws.s3.Bucket("raw", {
            bucket: RAW,
            policy: {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${RAW}/*` },
                    { Sid: "WritesOnlyThroughEndpoint", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `arn:aws:s3:::${RAW}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": gw.id } } },
                ],
            },
        });
    },
};
