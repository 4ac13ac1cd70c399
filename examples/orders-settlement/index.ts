/**
 * The orders team's settlement job (see settlement.ts). Deploy it in the orders-prod
 * account, after the landing zone's `<env>-payments-prod` stack has published payments-api:
 *
 *   pulumi stack init prod && pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { settlementWorkload } from "./settlement";

const config = new pulumi.Config();
const outputs = settlementWorkload("settlement", {
    landingZoneStackPrefix: config.get("landingZoneStackPrefix") ?? "organization/landing-zone/",
    environment: config.get("environment") ?? "prod",
    organizationId: config.require("organizationId"),
    cidrBlock: config.get("cidrBlock") ?? "10.23.240.0/24",
    region: new pulumi.Config("aws").require("region"),
});

export const vpcId = outputs.vpcId;
export const endpointDnsName = outputs.endpointDnsName;
export const functionName = outputs.functionName;
