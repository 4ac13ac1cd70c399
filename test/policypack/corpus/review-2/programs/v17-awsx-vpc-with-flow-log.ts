import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "awsx.ec2.Vpc (not tagged isolated) with an aws.ec2.FlowLog on its vpcId: the VPC has its flow log",
    source: "https://www.pulumi.com/registry/packages/awsx/api-docs/ec2/vpc/",
    expect: { mandatory: [] },
    program: () => {
        const vpc = new awsx.ec2.Vpc("app", { cidrBlock: "10.18.0.0/16", numberOfAvailabilityZones: 2 });
        new aws.ec2.FlowLog("app-flow-log", { vpcId: vpc.vpcId, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::prod-flow-logs" });
    },
};
