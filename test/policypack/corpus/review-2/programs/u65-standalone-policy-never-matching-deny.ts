import * as aws from "@pulumi/aws";
import { ORG, ProgramSpec, orgStatements, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "S3 gateway endpoint's standalone VpcEndpointPolicy carries a Deny of s3:GetObject on the ledger bucket ARN without /: object reads never match it",
    source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies",
    expect: { mandatory: ["perimeter-policy-deny-statement-applicable ep-policy"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const gw = s3Gateway(vpc, undefined);
        new aws.ec2.VpcEndpointPolicy("ep-policy", {
            vpcEndpointId: gw.id,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    ...orgStatements,
                    { Sid: "NoLedgerFromHere", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-payments-ledger", Condition: { StringNotEquals: { "aws:PrincipalOrgID": ORG } } },
                ],
            }),
        });
    },
};
