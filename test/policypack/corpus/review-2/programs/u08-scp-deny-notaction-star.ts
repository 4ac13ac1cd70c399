import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "SCP Deny with NotAction * : the statement applies to every action except all of them, i.e. to none; it can never match",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
    expect: { mandatory: ["perimeter-policy-deny-statement-applicable guard"] },
    program: () => {
        new aws.organizations.Policy("guard", {
            type: "SERVICE_CONTROL_POLICY",
            content: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Sid: "DenyOutsideRegion", Effect: "Deny", NotAction: "*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": "us-east-1" } } }],
            }),
        });
    },
};
