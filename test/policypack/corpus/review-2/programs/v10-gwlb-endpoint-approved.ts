import * as aws from "@pulumi/aws";
import { ProgramSpec, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "GatewayLoadBalancer endpoint to the approved endpoint service (no policy and no security groups: GWLB endpoints take neither)",
    source: "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        new aws.ec2.VpcEndpoint("inspection", {
            vpcId: vpc.id,
            vpcEndpointType: "GatewayLoadBalancer",
            serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890",
            subnetIds: [nets[0].id],
        });
    },
};
