import * as aws from "@pulumi/aws";
import { ProgramSpec, endpointGroup, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "A workload stack's SSM endpoint (a service the hub centralizes) created with private DNS off, then switched on by a separate vpc.EndpointPrivateDns: the spoke's private zone shadows the hub's shared one",
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/vpc/endpointprivatedns/",
    stack: "prod-orders-prod",
    expect: { mandatory: ["endpoints-vpc-endpoint-no-private-dns-in-spoke ep"] },
    program: () => {
        const vpc = vpcWithFlowLog("vpc", "10.17.0.0/16");
        const nets = subnets(vpc, "10.17");
        const sg = endpointGroup(vpc, "ep-sg", "10.17.0.0/16");
        const ep = interfaceEndpoint("ep", vpc, nets, { service: "ssm", groups: [sg.id], policy: orgPolicy, privateDnsEnabled: false });
        new aws.vpc.EndpointPrivateDns("ep-dns", { vpcEndpointId: ep.id, privateDnsEnabled: true });
    },
};
