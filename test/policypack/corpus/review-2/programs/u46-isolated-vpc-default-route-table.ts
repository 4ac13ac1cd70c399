import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "A VPC tagged isolated whose main route table, managed as aws.ec2.DefaultRouteTable, sends 0.0.0.0/0 to an internet gateway attached with vpcId",
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/defaultroutetable/",
    expect: { mandatory: ["network-vpc-isolated-no-internet igw", "network-vpc-isolated-no-internet main-rt"] },
    program: () => {
        const vpc = new aws.ec2.Vpc("iso", { cidrBlock: "10.48.0.0/20", tags: { "landing-zone:isolation": "isolated" } });
        new aws.ec2.FlowLog("iso-flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::prod-flow-logs" });
        const igw = new aws.ec2.InternetGateway("igw", { vpcId: vpc.id });
        new aws.ec2.DefaultRouteTable("main-rt", { defaultRouteTableId: vpc.defaultRouteTableId, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
    },
};
