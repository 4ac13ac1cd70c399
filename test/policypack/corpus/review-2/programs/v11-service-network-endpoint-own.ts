import * as aws from "@pulumi/aws";
import { ProgramSpec, endpointGroup, subnets, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "ServiceNetwork endpoint to a VPC Lattice service network created in the same stack (the organization's own)",
    source: "https://docs.aws.amazon.com/vpc/latest/privatelink/access-service-networks.html",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        const nets = subnets(vpc);
        const sg = endpointGroup(vpc);
        const sn = new aws.vpclattice.ServiceNetwork("apps", { name: "apps", authType: "AWS_IAM" });
        new aws.ec2.VpcEndpoint("apps-ep", {
            vpcId: vpc.id,
            vpcEndpointType: "ServiceNetwork",
            serviceNetworkArn: sn.arn,
            subnetIds: nets.map((s) => s.id),
            securityGroupIds: [sg.id],
            privateDnsEnabled: false,
        });
    },
};
