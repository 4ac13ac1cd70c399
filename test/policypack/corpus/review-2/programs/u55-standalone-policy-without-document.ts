import * as aws from "@pulumi/aws";
import { ProgramSpec, endpointGroup, interfaceEndpoint, orgPolicy, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint created with the organization policy inline; a VpcEndpointPolicy without a policy document resets it (the provider: policy defaults to full access)",
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/vpcendpointpolicy/",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-required ep"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = endpointGroup(vpc);
        const ep = interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
        new aws.ec2.VpcEndpointPolicy("ep-policy", { vpcEndpointId: ep.id });
    },
};
