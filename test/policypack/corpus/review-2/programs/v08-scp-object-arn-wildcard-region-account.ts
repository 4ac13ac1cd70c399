import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "SCP denying s3:GetObject on arn:aws:s3:*:*:prod-payments-ledger/* : the * in Region and account match the empty fields of an S3 object ARN, so the Deny applies",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    expect: { mandatory: [] },
    program: () => {
        new aws.organizations.Policy("guard", {
            type: "SERVICE_CONTROL_POLICY",
            content: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "LedgerOnlyFromNetwork",
                        Effect: "Deny",
                        Action: "s3:GetObject",
                        Resource: "arn:aws:s3:*:*:prod-payments-ledger/*",
                        Condition: { StringNotEqualsIfExists: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f67890" }, BoolIfExists: { "aws:ViaAWSService": "false" } },
                    },
                ],
            }),
        });
    },
};
