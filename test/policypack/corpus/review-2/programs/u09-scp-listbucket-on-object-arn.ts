import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "SCP denying s3:ListBucket on bucket/* : ListBucket authorizes on the bucket resource type (arn:aws:s3:::bucket), never on an object ARN, so it never matches",
    source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html",
    expect: { mandatory: ["perimeter-policy-deny-statement-applicable guard"] },
    program: () => {
        new aws.organizations.Policy("guard", {
            type: "SERVICE_CONTROL_POLICY",
            content: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "NoListingLedger",
                        Effect: "Deny",
                        Action: "s3:ListBucket",
                        Resource: "arn:aws:s3:::prod-payments-ledger/*",
                        Condition: { StringNotEquals: { "aws:PrincipalAccount": "200000000001" } },
                    },
                ],
            }),
        });
    },
};
