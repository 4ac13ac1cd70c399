import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint service with acceptance, a Connect notification and an organization principal; a separate VpcEndpointServiceAllowedPrinciple adds the root of an account outside the environment",
    source: "https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html#add-remove-permissions",
    expect: { mandatory: ["privatelink-vpc-endpoint-service-allowed-principals svc-outsider"] },
    program: () => {
        const nlb = new aws.lb.LoadBalancer("api-nlb", { loadBalancerType: "network", internal: true, subnets: ["subnet-0123456789abcdef0"] });
        const svc = new aws.ec2.VpcEndpointService("svc", { acceptanceRequired: true, networkLoadBalancerArns: [nlb.arn], allowedPrincipals: ["arn:aws:iam::200000000002:root"] });
        new aws.ec2.VpcEndpointConnectionNotification("svc-notify", { vpcEndpointServiceId: svc.id, connectionNotificationArn: "arn:aws:sns:us-east-1:200000000001:privatelink", connectionEvents: ["Connect", "Accept", "Reject"] });
        new aws.ec2.VpcEndpointServiceAllowedPrinciple("svc-outsider", { vpcEndpointServiceId: svc.id, principalArn: "arn:aws:iam::999988887777:root" });
    },
};
