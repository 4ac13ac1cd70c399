import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "The program adopts the Region's default VPC (aws.ec2.DefaultVpc) and runs a subnet in it, with no flow log: a VPC without flow logs (Security Hub EC2.6)",
    source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
    expect: { mandatory: ["network-vpc-flow-logs-required default"] },
    program: () => {
        const vpc = new aws.ec2.DefaultVpc("default", {});
        new aws.ec2.Subnet("extra", { vpcId: vpc.id, cidrBlock: "172.31.96.0/20" });
    },
};
