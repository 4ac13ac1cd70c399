import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "A VPC whose only flow log is on one of its subnets: the VPC's other subnets and ENIs are not logged (Security Hub EC2.6 checks a VPC-level flow log)",
    source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
    expect: { mandatory: ["network-vpc-flow-logs-required app"] },
    program: () => {
        const vpc = new aws.ec2.Vpc("app", { cidrBlock: "10.18.0.0/16" });
        const subnet = new aws.ec2.Subnet("app-a", { vpcId: vpc.id, cidrBlock: "10.18.0.0/24" });
        new aws.ec2.FlowLog("app-a-flow-log", { subnetId: subnet.id, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::prod-flow-logs" });
    },
};
