import * as aws from "@pulumi/aws";
import { ORG, ProgramSpec, endpointGroup, interfaceEndpoint, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "A standalone VpcEndpointPolicy over the 20,480-character endpoint policy quota (one statement per queue ARN)",
    source: "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-limits.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-size ep-policy"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = endpointGroup(vpc);
        const ep = interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id] });
        const statements = Array.from({ length: 160 }, (_v, i) => ({
            Sid: `Queue${i}`,
            Effect: "Allow",
            Principal: "*",
            Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
            Resource: `arn:aws:sqs:us-east-1:200000000002:orders-queue-${i}`,
            Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } },
        }));
        new aws.ec2.VpcEndpointPolicy("ep-policy", { vpcEndpointId: ep.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
    },
};
