import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "Two VPCs, one flow log whose vpcId is computed from both (unknown at preview): one flow log has one vpcId, so at most one VPC is covered",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html",
    expect: { mandatory: ["network-vpc-flow-logs-required (stack)"], advisory: ["network-vpc-flow-logs-required"] },
    program: () => {
        const a = new aws.ec2.Vpc("a", { cidrBlock: "10.16.0.0/16" });
        const b = new aws.ec2.Vpc("b", { cidrBlock: "10.17.0.0/16" });
        new aws.ec2.FlowLog("flow-log", {
            vpcId: pulumi.all([a.id, b.id]).apply(([, idB]) => idB),
            trafficType: "ALL",
            logDestinationType: "s3",
            logDestination: "arn:aws:s3:::prod-flow-logs",
        });
    },
};
