import * as aws from "@pulumi/aws";
import { ProgramSpec } from "./base";

export const spec: ProgramSpec = {
    description: "Resolver rule shared by RAM with an IAM role of an account outside the environment (RAM accepts IAM roles and users as principals)",
    source: "https://docs.aws.amazon.com/ram/latest/userguide/working-with-sharing-create.html",
    expect: { mandatory: ["network-ram-principal-association-organization-only share-role"] },
    program: () => {
        const share = new aws.ram.ResourceShare("share", { name: "rules", allowExternalPrincipals: false });
        new aws.ram.PrincipalAssociation("share-role", { resourceShareArn: share.arn, principal: "arn:aws:iam::999988887777:role/NetworkReader" });
    },
};
