/**
 * A Transit Gateway shared across accounts must not auto-accept attachments nor associate and
 * propagate them into a default route table: either would let any account that sees the share
 * join the network and reach every route domain, bypassing the domains' `reaches` intent.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { isUnknown, str } from "../lib/values";

/** Property → AWS default when absent. */
const settings: Record<string, "enable" | "disable"> = {
    autoAcceptSharedAttachments: "disable",
    defaultRouteTableAssociation: "enable",
    defaultRouteTablePropagation: "enable",
};

export const networkTransitGatewaySecureDefaults: ResourceValidationPolicy = {
    name: "network-transit-gateway-secure-defaults",
    description: "Transit gateways do not auto-accept shared attachments and have no default route table association or propagation.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Set autoAcceptSharedAttachments: "disable", defaultRouteTableAssociation: "disable" and defaultRouteTablePropagation: "disable"; ' +
        "accept, associate and propagate each attachment explicitly per route domain.",
    validateResource: resourceCheck(T.transitGateway, ({ props, name, findings }) => {
        for (const [property, awsDefault] of Object.entries(settings)) {
            const value = str(props[property]);
            if (isUnknown(value)) {
                findings.undecided(`${property} of transit gateway ${name} (${value.path})`);
                continue;
            }
            const effective = value ?? awsDefault;
            if (effective !== "disable") {
                findings.violation(`transit gateway ${name}: ${property} is ${value === undefined ? `not set (AWS default "${awsDefault}")` : `"${value}"`}; set ${property}: "disable".`);
            }
        }
    }),
};
