import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint service whose only connection notification covers Accept and Reject but not Connect (a new connection request goes unseen)",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointConnectionNotification.html",
    expect: { mandatory: ["privatelink-vpc-endpoint-service-notification-required svc"] },
    program: () => {
        const nlb = new aws.lb.LoadBalancer("api-nlb", { loadBalancerType: "network", internal: true, subnets: ["subnet-0123456789abcdef0"] });
        const svc = new aws.ec2.VpcEndpointService("svc", { acceptanceRequired: true, networkLoadBalancerArns: [nlb.arn], allowedPrincipals: ["arn:aws:iam::200000000002:root"] });
        new aws.ec2.VpcEndpointConnectionNotification("svc-notify", { vpcEndpointServiceId: svc.id, connectionNotificationArn: "arn:aws:sns:us-east-1:200000000001:privatelink", connectionEvents: ["Accept", "Reject"] });
    },
};
