import * as pulumi from "@pulumi/pulumi";
import { ProgramSpec, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Gateway endpoint policy text built with pulumi.interpolate around the VPC id: Principal * limited only by aws:SourceVpc (a network key, any identity). As pulumi up sends it (resolved): an outsider identity from the VPC gets through",
    source: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
    mode: "update",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            pulumi.interpolate`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"${vpc.id}"}}}]}`,
        );
    },
};
