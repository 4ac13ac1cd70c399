import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "ResourceShareAssociationsExclusive sharing with our organization's ARN, one of its OUs and an environment account",
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/ram/resourceshareassociationsexclusive/",
    expect: { mandatory: [] },
    program: () => {
        const share = new aws.ram.ResourceShare("share", { name: "tgw", allowExternalPrincipals: false });
        new aws.ram.ResourceShareAssociationsExclusive("share-principals", {
            resourceShareArn: share.arn,
            principals: [
                "arn:aws:organizations::100000000001:organization/o-a1b2c3d4e5",
                "arn:aws:organizations::100000000001:ou/o-a1b2c3d4e5/ou-ab12-wlprod01",
                "200000000001",
            ],
        });
    },
};
