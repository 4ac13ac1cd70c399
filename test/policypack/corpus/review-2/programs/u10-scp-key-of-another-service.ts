import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "SCP denying ec2:CreateVpcEndpoint only when StringLike s3:prefix * : EC2 requests never carry s3:prefix and a positive operator on an absent key is false, so it never matches",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    expect: { mandatory: ["perimeter-policy-deny-statement-applicable guard"] },
    program: () => {
        new aws.organizations.Policy("guard", {
            type: "SERVICE_CONTROL_POLICY",
            content: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Sid: "NoEndpoints", Effect: "Deny", Action: "ec2:CreateVpcEndpoint", Resource: "*", Condition: { StringLike: { "s3:prefix": "*" } } }],
            }),
        });
    },
};
