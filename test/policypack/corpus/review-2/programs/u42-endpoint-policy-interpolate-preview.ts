import * as pulumi from "@pulumi/pulumi";
import { ProgramSpec, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Gateway endpoint policy text built with pulumi.interpolate around the VPC id: Principal * limited only by aws:SourceVpc (a network key, any identity). At preview the whole text is unknown: only an advisory note is possible",
    source: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
    mode: "preview",
    expect: { mandatory: [], advisory: ["endpoints-vpc-endpoint-policy-trusted-identities"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            pulumi.interpolate`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"${vpc.id}"}}}]}`,
        );
    },
};
