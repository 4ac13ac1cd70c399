import * as aws from "@pulumi/aws";
import { ProgramSpec, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint without groups (it gets the VPC's default group), and the program manages that default group with no rules at all (CIS: default group restricts all traffic): nothing is admitted",
    source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        new aws.ec2.DefaultSecurityGroup("default-sg", { vpcId: vpc.id, ingress: [], egress: [] });
        interfaceEndpoint("ep", vpc, nets, { service: "sqs", policy: orgPolicy });
    },
};
