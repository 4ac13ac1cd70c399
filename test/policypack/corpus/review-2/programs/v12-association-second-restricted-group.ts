import * as aws from "@pulumi/aws";
import { ProgramSpec, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint with a restricted group, plus a SecurityGroupAssociation adding a second group admitting 443 from the hub's range (an environment CIDR)",
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroupassociation/",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = new aws.ec2.SecurityGroup("ep-sg", {
            vpcId: vpc.id,
            description: "endpoint",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.16.0.0/16"] }],
            egress: [],
        });
        const hub = new aws.ec2.SecurityGroup("ep-sg-hub", {
            vpcId: vpc.id,
            description: "endpoint: from the hub",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/20"] }],
            egress: [],
        });
        const ep = interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
        new aws.ec2.SecurityGroupAssociation("ep-sg-hub-assoc", { vpcEndpointId: ep.id, securityGroupId: hub.id });
    },
};
