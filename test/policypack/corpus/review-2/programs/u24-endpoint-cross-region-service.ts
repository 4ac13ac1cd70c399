import * as aws from "@pulumi/aws";
import { ProgramSpec, endpointGroup, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Interface endpoint to SQS of another Region (serviceRegion us-west-2, cross-Region PrivateLink): not a same-Region AWS service of the environment, so it needs approval like any other destination",
    source: "https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-service-allowed ep"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = endpointGroup(vpc);
        new aws.ec2.VpcEndpoint("ep", {
            vpcId: vpc.id,
            vpcEndpointType: "Interface",
            serviceName: "com.amazonaws.us-west-2.sqs",
            serviceRegion: "us-west-2",
            privateDnsEnabled: false,
            subnetIds: nets.map((s) => s.id),
            securityGroupIds: [sg.id],
            policy: orgPolicy,
        });
    },
};
