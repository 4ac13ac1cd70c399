import * as aws from "@pulumi/aws";
import { ProgramSpec, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint group admits 443 only from the application's security group of the same VPC (a group reference, narrower than the VPC CIDR)",
    source: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#security-group-referencing",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const app = new aws.ec2.SecurityGroup("app-sg", { vpcId: vpc.id, description: "app", egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.16.0.0/16"] }] });
        const sg = new aws.ec2.SecurityGroup("ep-sg", {
            vpcId: vpc.id,
            description: "endpoint",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [app.id] }],
            egress: [],
        });
        interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
    },
};
