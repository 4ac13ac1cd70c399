import * as aws from "@pulumi/aws";
import { ProgramSpec, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint group's only rule is an ec2.SecurityGroupRule with protocol 6 (TCP by number) on 443 from the VPC: the same as tcp",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = new aws.ec2.SecurityGroup("ep-sg", { vpcId: vpc.id, description: "endpoint", egress: [] });
        new aws.ec2.SecurityGroupRule("ep-sg-https", { type: "ingress", securityGroupId: sg.id, protocol: "6", fromPort: 443, toPort: 443, cidrBlocks: ["10.16.0.0/16"] });
        interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
    },
};
