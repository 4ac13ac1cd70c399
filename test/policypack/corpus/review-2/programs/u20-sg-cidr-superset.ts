import * as aws from "@pulumi/aws";
import { ProgramSpec, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint group admits 443 from 10.16.0.0/12: it contains the VPC and prod's 10.16.0.0/13, but also 10.24.0.0/13, which is no range of the environment",
    source: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-security-group-restricted ep"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = new aws.ec2.SecurityGroup("ep-sg", {
            vpcId: vpc.id,
            description: "endpoint",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.16.0.0/12"] }],
            egress: [],
        });
        interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
    },
};
