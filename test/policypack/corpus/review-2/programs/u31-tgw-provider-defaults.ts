import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "Transit gateway with no arguments: AWS's defaults associate and propagate every attachment to the default route table (defaultRouteTableAssociation/Propagation enable)",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRequestOptions.html",
    expect: { mandatory: ["network-transit-gateway-secure-defaults tgw", "network-transit-gateway-secure-defaults tgw"] },
    program: () => {
        new aws.ec2transitgateway.TransitGateway("tgw", {});
    },
};
