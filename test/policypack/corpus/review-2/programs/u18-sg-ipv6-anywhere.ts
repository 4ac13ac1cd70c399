import * as aws from "@pulumi/aws";
import { ProgramSpec, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint group admits 443 from ::/0 (every IPv6 address) besides the VPC's IPv4 range",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-security-group-restricted ep"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = new aws.ec2.SecurityGroup("ep-sg", {
            vpcId: vpc.id,
            description: "endpoint",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.16.0.0/16"], ipv6CidrBlocks: ["::/0"] }],
            egress: [],
        });
        interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
    },
};
