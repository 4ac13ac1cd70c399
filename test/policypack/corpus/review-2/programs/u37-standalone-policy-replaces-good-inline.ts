import * as aws from "@pulumi/aws";
import { ProgramSpec, endpointGroup, interfaceEndpoint, orgPolicy, policyOf, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Endpoint created with the organization policy inline; a VpcEndpointPolicy on it then replaces that policy with an Allow conditioned only on aws:SourceVpc (a network key: any identity from the VPC)",
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/vpcendpointpolicy/",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities ep-policy"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = endpointGroup(vpc);
        const ep = interfaceEndpoint("ep", vpc, nets, { service: "sqs", groups: [sg.id], policy: orgPolicy });
        new aws.ec2.VpcEndpointPolicy("ep-policy", {
            vpcEndpointId: ep.id,
            policy: policyOf({ Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: "*", Condition: { StringEquals: { "aws:SourceVpc": "vpc-0a1b2c3d4e5f67890" } } }),
        });
    },
};
