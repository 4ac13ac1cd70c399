import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "SCP Deny NotAction s3:GetObject on arn:aws:s3:us-east-1::prod-payments-ledger/* : S3 object ARNs carry no Region, so the resource never matches whatever the action",
    source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies",
    expect: { mandatory: ["perimeter-policy-deny-statement-applicable guard"] },
    program: () => {
        new aws.organizations.Policy("guard", {
            type: "SERVICE_CONTROL_POLICY",
            content: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Sid: "LedgerReadOnly", Effect: "Deny", NotAction: "s3:GetObject", Resource: "arn:aws:s3:us-east-1::prod-payments-ledger/*", Condition: { StringNotEquals: { "aws:PrincipalAccount": "200000000001" } } }],
            }),
        });
    },
};
