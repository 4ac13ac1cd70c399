import * as aws from "@pulumi/aws";
import { ProgramSpec, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "A public web tier: an internet-facing ALB whose group admits 443 from 0.0.0.0/0, in a VPC with a flow log; no endpoint, no protected bucket: nothing for the pack to stop",
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog("web", "10.18.0.0/16");
        const nets = subnets(vpc, "10.18", "web");
        const igw = new aws.ec2.InternetGateway("web-igw", { vpcId: vpc.id });
        const rt = new aws.ec2.RouteTable("web-public", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
        nets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`web-public-${i}`, { subnetId: s.id, routeTableId: rt.id }));
        const sg = new aws.ec2.SecurityGroup("alb-sg", { vpcId: vpc.id, description: "alb", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }], egress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.18.0.0/16"] }] });
        new aws.lb.LoadBalancer("alb", { loadBalancerType: "application", internal: false, securityGroups: [sg.id], subnets: nets.map((s) => s.id) });
    },
};
