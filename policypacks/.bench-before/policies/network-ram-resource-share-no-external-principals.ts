/**
 * RAM shares never admit principals outside the organization.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { bool, isUnknown } from "../lib/values";

export const networkRamResourceShareNoExternalPrincipals: ResourceValidationPolicy = {
    name: "network-ram-resource-share-no-external-principals",
    description: "AWS RAM resource shares do not allow external principals.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `allowExternalPrincipals: false` on the resource share and share with the organization, its OUs or its accounts.",
    validateResource: resourceCheck(T.resourceShare, ({ props, name, findings }) => {
        const value = bool(props["allowExternalPrincipals"]);
        if (isUnknown(value)) findings.undecided(`allowExternalPrincipals of ${name} (${value.path})`);
        else if (value === true) findings.violation(`resource share ${name} allows external principals; set allowExternalPrincipals: false.`);
    }),
};
