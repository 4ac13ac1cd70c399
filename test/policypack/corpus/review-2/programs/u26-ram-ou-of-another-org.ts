import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "Transit gateway shared by RAM with an OU of another organization (the OU ARN names o-zz9zz9zz9z)",
    source: "https://docs.aws.amazon.com/ram/latest/APIReference/API_AssociateResourceShare.html",
    expect: { mandatory: ["network-ram-principal-association-organization-only share-ou"] },
    program: () => {
        const tgw = new aws.ec2transitgateway.TransitGateway("tgw", { autoAcceptSharedAttachments: "disable", defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable" });
        const share = new aws.ram.ResourceShare("share", { name: "tgw", allowExternalPrincipals: false });
        new aws.ram.ResourceAssociation("share-tgw", { resourceShareArn: share.arn, resourceArn: tgw.arn });
        new aws.ram.PrincipalAssociation("share-ou", { resourceShareArn: share.arn, principal: "arn:aws:organizations::999988887777:ou/o-zz9zz9zz9z/ou-zz12-abcdefgh" });
    },
};
