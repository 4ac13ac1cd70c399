import * as aws from "@pulumi/aws";
import { ProgramSpec, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint group admits 443 from a customer-managed prefix list of the same stack whose entry is 0.0.0.0/0",
    source: "https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-security-group-restricted ep"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const pl = new aws.ec2.ManagedPrefixList("clients", { addressFamily: "IPv4", maxEntries: 5, name: "clients", entries: [{ cidr: "10.16.0.0/16" }] });
        new aws.ec2.ManagedPrefixListEntry("clients-everyone", { prefixListId: pl.id, cidr: "0.0.0.0/0", description: "temporary" });
        const sg = new aws.ec2.SecurityGroup("ep-sg", {
            vpcId: vpc.id,
            description: "endpoint",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [pl.id] }],
            egress: [],
        });
        interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
    },
};
