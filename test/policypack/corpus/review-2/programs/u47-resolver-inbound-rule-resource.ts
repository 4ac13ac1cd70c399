import * as aws from "@pulumi/aws";
import { ProgramSpec, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Resolver inbound endpoint whose group admits DNS from on-premises, plus a separate vpc.SecurityGroupIngressRule admitting udp/53 from 0.0.0.0/0",
    source: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-security.html",
    expect: { mandatory: ["network-resolver-endpoint-inbound-restricted inbound"] },
    program: () => {
        const vpc = vpcWithFlowLog("hub", "10.0.0.0/20");
        const nets = subnets(vpc, "10.0", "hub");
        const sg = new aws.ec2.SecurityGroup("inbound-sg", {
            vpcId: vpc.id,
            description: "resolver inbound",
            ingress: [
                { protocol: "udp", fromPort: 53, toPort: 53, cidrBlocks: ["172.16.0.0/12"] },
                { protocol: "tcp", fromPort: 53, toPort: 53, cidrBlocks: ["172.16.0.0/12"] },
            ],
            egress: [],
        });
        new aws.vpc.SecurityGroupIngressRule("inbound-sg-any", { securityGroupId: sg.id, ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "0.0.0.0/0" });
        new aws.route53.ResolverEndpoint("inbound", {
            direction: "INBOUND",
            securityGroupIds: [sg.id],
            ipAddresses: nets.map((s) => ({ subnetId: s.id })),
        });
    },
};
