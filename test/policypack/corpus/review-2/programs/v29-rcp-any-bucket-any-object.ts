import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "RCP denying s3:GetObject outside the organization on arn:aws:s3:::* : the * also matches every object ARN, so it applies",
    source: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html",
    expect: { mandatory: [] },
    program: () => {
        new aws.organizations.Policy("guard", {
            type: "RESOURCE_CONTROL_POLICY",
            content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "EnforceOrgIdentities", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::*", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } } }] }),
        });
    },
};
