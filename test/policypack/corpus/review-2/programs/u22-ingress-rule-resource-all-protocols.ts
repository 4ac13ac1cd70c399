import * as aws from "@pulumi/aws";
import { ProgramSpec, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "A vpc.SecurityGroupIngressRule with ipProtocol -1 from 10.0.0.0/8 added to the endpoint's restricted group: every port, from ranges outside the environment",
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/vpc/securitygroupingressrule/",
    expect: { mandatory: ["endpoints-vpc-endpoint-security-group-restricted ep", "endpoints-vpc-endpoint-security-group-restricted ep"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = new aws.ec2.SecurityGroup("ep-sg", {
            vpcId: vpc.id,
            description: "endpoint",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.16.0.0/16"] }],
            egress: [],
        });
        new aws.vpc.SecurityGroupIngressRule("ep-sg-wide", { securityGroupId: sg.id, ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" });
        interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
    },
};
