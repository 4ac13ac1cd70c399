import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "SCP denying s3:GetObject on arn:aws:S3:::prod-payments-ledger/* : the service field of an ARN is lower case (Access Analyzer: invalid ARN service case), so the resource never matches",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-arn-service-case",
    expect: { mandatory: ["perimeter-policy-deny-statement-applicable guard"] },
    program: () => {
        new aws.organizations.Policy("guard", {
            type: "SERVICE_CONTROL_POLICY",
            content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "NoLedgerReads", Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:S3:::prod-payments-ledger/*", Condition: { StringNotEquals: { "aws:PrincipalAccount": "200000000001" } } }] }),
        });
    },
};
