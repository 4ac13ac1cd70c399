import * as aws from "@pulumi/aws";
import { ProgramSpec, endpointGroup, interfaceEndpoint, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Consumer endpoint whose serviceName is computed from an endpoint service of the same stack but returns a constant third-party service name inside apply(). Unknown at preview (the service's name is computed); judged as pulumi up sends it, resolved: not the stack's own service",
    source: "https://www.pulumi.com/docs/iac/concepts/inputs-outputs/apply/",
    mode: "update",
    expect: { mandatory: ["endpoints-vpc-endpoint-service-allowed consumer"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = endpointGroup(vpc);
        const nlb = new aws.lb.LoadBalancer("api-nlb", { loadBalancerType: "network", internal: true, subnets: nets.map((s) => s.id) });
        const svc = new aws.ec2.VpcEndpointService("svc", { acceptanceRequired: true, networkLoadBalancerArns: [nlb.arn], allowedPrincipals: ["arn:aws:iam::200000000002:root"] });
        new aws.ec2.VpcEndpointConnectionNotification("svc-notify", { vpcEndpointServiceId: svc.id, connectionNotificationArn: "arn:aws:sns:us-east-1:200000000001:privatelink", connectionEvents: ["Connect"] });
        const serviceName = svc.serviceName.apply(() => "com.amazonaws.vpce.us-east-1.vpce-svc-0bad0bad0bad0bad0");
        interfaceEndpoint("consumer", vpc, nets, { serviceName, groups: [sg.id] });
    },
};
