import * as aws from "@pulumi/aws";
import { ProgramSpec, endpointGroup, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "The VPC's default group is opened by a DefaultSecurityGroup, but the endpoint carries its own restricted group, so the default group is not in effect on it",
    source: "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        new aws.ec2.DefaultSecurityGroup("default-sg", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.16.0.0/16"] }], egress: [] });
        const sg = endpointGroup(vpc);
        interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
    },
};
