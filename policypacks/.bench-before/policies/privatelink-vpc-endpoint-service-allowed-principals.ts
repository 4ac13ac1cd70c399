/**
 * An endpoint service admits only the organization's accounts (or its organization / OUs) and
 * the trusted third-party accounts — never `*`. Checked on the service's `allowedPrincipals`
 * and on standalone `VpcEndpointServiceAllowedPrinciple` resources.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { organizationArnId, organizationalUnitArn, principalAccount } from "../lib/aws-names";
import { PackConfig, configHint, configSchema } from "../lib/config";
import { Findings, resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { isUnknown, list, str } from "../lib/values";

function judgePrincipal(principal: string, where: string, config: PackConfig, findings: Findings): void {
    if (principal === "*" || principal.includes("*")) {
        findings.violation(`${where} allows principal "${principal}" (anyone can request a connection); list the consumer accounts' ARNs (arn:aws:iam::<account>:root) instead.`);
        return;
    }
    const org = organizationArnId(principal);
    const ou = organizationalUnitArn(principal);
    if (org !== undefined || ou !== undefined) {
        if (config.organizationId === undefined) {
            if (config.accountIds === undefined) findings.undecided(`${where}: organizationId not configured (${configHint})`);
            else findings.violation(`${where} allows ${principal}, but the environment has no organization; list its accounts instead.`);
            return;
        }
        const orgId = org ?? ou?.organizationId;
        if (orgId !== config.organizationId) findings.violation(`${where} allows ${principal}, which is not organization ${config.organizationId}; remove it.`);
        else if (ou && config.organizationalUnitIds && !config.organizationalUnitIds.includes(ou.ouId)) {
            findings.violation(`${where} allows OU ${ou.ouId}, which is not one of the organization's OUs in the definition (${config.organizationalUnitIds.join(", ")}); remove it.`);
        }
        return;
    }
    const account = principalAccount(principal);
    if (account === undefined) {
        findings.violation(`${where} allows "${principal}", which is not an account, IAM principal, organization or OU ARN; use arn:aws:iam::<account>:root.`);
        return;
    }
    if (config.accountIds === undefined && config.trustedAccountIds === undefined) {
        findings.undecided(`${where}: whether account ${account} is trusted (accountIds not configured; ${configHint})`);
        return;
    }
    const trusted = [...(config.accountIds ?? []), ...(config.trustedAccountIds ?? [])];
    if (!trusted.includes(account)) {
        findings.violation(`${where} allows account ${account}, which is neither one of the environment's accounts nor a trusted account; remove it or add it to perimeter.trustedAccounts.`);
    }
}

export const privatelinkVpcEndpointServiceAllowedPrincipals: ResourceValidationPolicy = {
    name: "privatelink-vpc-endpoint-service-allowed-principals",
    description: "VPC endpoint services allow only the organization's or trusted accounts as principals, never '*'.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "List only the consumer accounts (`arn:aws:iam::<account>:root`) named as consumers in the definition's endpointServices[]; never '*'.",
    configSchema: configSchema("organizationId", "organizationalUnitIds", "accountIds", "trustedAccountIds"),
    validateResource: resourceCheck([T.vpcEndpointService, T.vpcEndpointServiceAllowedPrinciple], ({ type, props, name, config, findings }) => {
        if (type === T.vpcEndpointServiceAllowedPrinciple) {
            const principal = str(props["principalArn"]);
            if (isUnknown(principal)) findings.undecided(`principalArn of ${name} (${principal.path})`);
            else if (principal !== undefined) judgePrincipal(principal, `allowed principal ${name}`, config, findings);
            return;
        }
        const principals = list(props["allowedPrincipals"]);
        if (isUnknown(principals)) {
            findings.undecided(`allowedPrincipals of ${name} (${principals.path})`);
            return;
        }
        for (const p of principals) {
            if (isUnknown(p)) findings.undecided(`an allowed principal of ${name} (${p.path})`);
            else judgePrincipal(String(p), `endpoint service ${name}`, config, findings);
        }
    }),
};
