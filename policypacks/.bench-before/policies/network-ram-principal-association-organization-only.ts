/**
 * RAM shares go only to the organization, one of its OUs, or one of the environment's accounts.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { organizationArnId, organizationalUnitArn } from "../lib/aws-names";
import { configHint, configSchema } from "../lib/config";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { isUnknown, str } from "../lib/values";

export const networkRamPrincipalAssociationOrganizationOnly: ResourceValidationPolicy = {
    name: "network-ram-principal-association-organization-only",
    description: "AWS RAM shares are associated only with the organization, its OUs or the environment's accounts.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Associate the share with the organization ARN (arn:aws:organizations::<management>:organization/<org id>), " +
        "an OU ARN of the organization, or an account id from the definition's accounts.",
    configSchema: configSchema("organizationId", "organizationalUnitIds", "accountIds"),
    validateResource: resourceCheck(T.principalAssociation, ({ props, name, config, findings }) => {
        const principal = str(props["principal"]);
        if (isUnknown(principal)) {
            findings.undecided(`principal of ${name} (${principal.path})`);
            return;
        }
        if (principal === undefined) return;
        const where = `RAM principal association ${name}`;
        const org = organizationArnId(principal);
        const ou = organizationalUnitArn(principal);
        if (org !== undefined || ou !== undefined) {
            if (config.organizationId === undefined) {
                if (config.accountIds === undefined) findings.undecided(`${where}: organizationId not configured (${configHint})`);
                else findings.violation(`${where} shares with ${principal}, but the environment has no organization; share with its accounts.`);
                return;
            }
            if ((org ?? ou?.organizationId) !== config.organizationId) {
                findings.violation(`${where} shares with ${principal}, outside organization ${config.organizationId}; share with the organization, its OUs or its accounts.`);
            } else if (ou && config.organizationalUnitIds && !config.organizationalUnitIds.includes(ou.ouId)) {
                findings.violation(`${where} shares with OU ${ou.ouId}, which is not an OU of the definition (${config.organizationalUnitIds.join(", ")}); use one of them.`);
            }
            return;
        }
        if (/^\d{12}$/.test(principal)) {
            if (config.accountIds === undefined) findings.undecided(`${where}: whether account ${principal} is the environment's (accountIds not configured; ${configHint})`);
            else if (!config.accountIds.includes(principal)) findings.violation(`${where} shares with account ${principal}, which is not one of the environment's accounts; remove it.`);
            return;
        }
        findings.violation(`${where} shares with "${principal}"; share only with the organization, its OUs or the environment's accounts.`);
    }),
};
