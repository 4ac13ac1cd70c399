import * as aws from "@pulumi/aws";
import { ORG, ProgramSpec, endpointGroup, interfaceEndpoint, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint without policy; a standalone VpcEndpointPolicy built in apply() from getCallerIdentity (known at preview): our own account, plus the organization",
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/vpcendpointpolicy/",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = endpointGroup(vpc);
        const ep = interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id] });
        const me = aws.getCallerIdentityOutput();
        new aws.ec2.VpcEndpointPolicy("ep-policy", {
            vpcEndpointId: ep.id,
            policy: me.apply((id) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "OwnAccount", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${id.accountId}:root` }, Action: "sqs:*", Resource: "*" },
                        { Sid: "Org", Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } } },
                    ],
                }),
            ),
        });
    },
};
