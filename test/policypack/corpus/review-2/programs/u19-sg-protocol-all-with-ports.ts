import * as aws from "@pulumi/aws";
import { ProgramSpec, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint group rule with protocol -1 and ports 443-443: for -1 EC2 ignores the ports and admits every protocol and port from the VPC",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-security-group-restricted ep"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = new aws.ec2.SecurityGroup("ep-sg", {
            vpcId: vpc.id,
            description: "endpoint",
            ingress: [{ protocol: "-1", fromPort: 443, toPort: 443, cidrBlocks: ["10.16.0.0/16"] }],
            egress: [],
        });
        interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
    },
};
