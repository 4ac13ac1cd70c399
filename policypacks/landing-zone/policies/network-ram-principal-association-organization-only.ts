/**
 * RAM shares go only to the organization, one of its OUs, one of the environment's accounts, or
 * an IAM role or user of those accounts (RAM accepts IAM principals for some resource types:
 * https://docs.aws.amazon.com/ram/latest/userguide/working-with-sharing-create.html). Both ways
 * of adding principals are judged: `aws.ram.PrincipalAssociation` (one principal) and
 * `aws.ram.ResourceShareAssociationsExclusive` (the whole list).
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { organizationArnId, organizationalUnitArn } from "../lib/aws-names";
import { PackConfig, configHint, configSchema } from "../lib/config";
import { Findings, resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { isUnknown, list, str } from "../lib/values";

function judgePrincipal(principal: string, where: string, config: PackConfig, findings: Findings): void {
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
    const iamPrincipal = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/[\w+=,.@/-]+$/.exec(principal);
    const account = /^\d{12}$/.test(principal) ? principal : iamPrincipal?.[1];
    if (account !== undefined) {
        const what = iamPrincipal ? `IAM ${iamPrincipal[2]} ${principal} of account ${account}` : `account ${account}`;
        if (config.accountIds === undefined) findings.undecided(`${where}: whether ${what} is the environment's (accountIds not configured; ${configHint})`);
        else if (!config.accountIds.includes(account)) findings.violation(`${where} shares with ${what}, which is not one of the environment's accounts; remove it.`);
        return;
    }
    findings.violation(`${where} shares with "${principal}"; share only with the organization, its OUs, the environment's accounts or their IAM roles and users.`);
}

export const networkRamPrincipalAssociationOrganizationOnly: ResourceValidationPolicy = {
    name: "network-ram-principal-association-organization-only",
    description: "AWS RAM shares are associated only with the organization, its OUs, the environment's accounts or their IAM roles and users.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Associate the share with the organization ARN (arn:aws:organizations::<management>:organization/<org id>), " +
        "an OU ARN of the organization, an account id from the definition's accounts, or an IAM role/user ARN in one of them.",
    configSchema: configSchema("organizationId", "organizationalUnitIds", "accountIds"),
    validateResource: resourceCheck([T.principalAssociation, T.resourceShareAssociationsExclusive], ({ type, props, name, config, findings }) => {
        if (type === T.principalAssociation) {
            const principal = str(props["principal"]);
            if (isUnknown(principal)) findings.undecided(`principal of ${name} (${principal.path})`);
            else if (principal !== undefined) judgePrincipal(principal, `RAM principal association ${name}`, config, findings);
            return;
        }
        const principals = list(props["principals"]);
        if (isUnknown(principals)) {
            findings.undecided(`principals of ${name} (${principals.path})`);
            return;
        }
        for (const p of principals) {
            if (isUnknown(p)) findings.undecided(`a principal of ${name} (${p.path})`);
            else judgePrincipal(String(p), `RAM share associations ${name}`, config, findings);
        }
    }),
};
