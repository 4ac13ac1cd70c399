import * as pulumi from "@pulumi/pulumi";
import { ProgramSpec, endpointGroup, interfaceEndpoint, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Consumer endpoint whose serviceName is computed from the trusted owner stack's output but returns a constant third-party service inside apply(): known at preview, it is neither the owner's published service nor approved",
    source: "https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences",
    stack: "prod-orders-prod",
    expect: { mandatory: ["endpoints-vpc-endpoint-service-allowed payments-consumer"] },
    program: () => {
        const vpc = vpcWithFlowLog("vpc", "10.17.0.0/16");
        const nets = subnets(vpc, "10.17");
        const sg = endpointGroup(vpc, "ep-sg", "10.17.0.0/16");
        const owner = new pulumi.StackReference("payments-ref", { name: "organization/landing-zone/prod-payments-prod" });
        const serviceName = owner.getOutput("endpointServices").apply(() => "com.amazonaws.vpce.us-east-1.vpce-svc-0bad0bad0bad0bad0");
        interfaceEndpoint("payments-consumer", vpc, nets, { serviceName, groups: [sg.id] });
    },
};
