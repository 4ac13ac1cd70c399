import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "A VPC tagged isolated gets an internet gateway created without vpcId and attached by a separate aws.ec2.InternetGatewayAttachment",
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/internetgatewayattachment/",
    expect: { mandatory: ["network-vpc-isolated-no-internet igw-attach"] },
    program: () => {
        const vpc = new aws.ec2.Vpc("iso", { cidrBlock: "10.48.0.0/20", tags: { "landing-zone:isolation": "isolated" } });
        new aws.ec2.FlowLog("iso-flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::prod-flow-logs" });
        const igw = new aws.ec2.InternetGateway("igw", {});
        new aws.ec2.InternetGatewayAttachment("igw-attach", { internetGatewayId: igw.id, vpcId: vpc.id });
    },
};
