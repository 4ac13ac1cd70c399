/**
 * Does an Allow statement admit only trusted identities: the organization's (or, without an
 * organization, the environment's accounts), trusted third-party accounts, or AWS services?
 */
import { principalAccount } from "./aws-names";
import { PackConfig } from "./config";
import { Statement, conditionEntries, isAnyPrincipal, isNegatedOperator } from "./policy-document";

export type IdentityVerdict = { trusted: true } | { trusted: false; reason: string } | { trusted: "unknown"; reason: string };

function trustedAccounts(config: PackConfig): string[] | undefined {
    if (config.accountIds === undefined && config.trustedAccountIds === undefined) return undefined;
    return [...(config.accountIds ?? []), ...(config.trustedAccountIds ?? [])];
}

function judgeAccounts(values: string[], config: PackConfig, what: string): IdentityVerdict {
    const trusted = trustedAccounts(config);
    if (!trusted) return { trusted: "unknown", reason: `accountIds not configured, so ${what} cannot be checked` };
    const outside = values.filter((v) => {
        const account = principalAccount(v);
        return account === undefined || !trusted.includes(account);
    });
    return outside.length === 0 ? { trusted: true } : { trusted: false, reason: `${what} names ${outside.join(", ")}, outside the environment's and trusted accounts` };
}

/** The verdict for one Allow statement. */
export function judgeAllowIdentities(s: Statement, config: PackConfig): IdentityVerdict {
    if (s.notPrincipal) return { trusted: false, reason: "uses NotPrincipal with Allow (every principal except a few)" };
    if (s.principal !== undefined && !isAnyPrincipal(s.principal)) {
        const p = s.principal as Record<string, string[]>;
        const aws = p["AWS"] ?? [];
        const others = Object.keys(p).filter((k) => k !== "AWS" && k !== "Service");
        if (others.length > 0) return { trusted: false, reason: `allows ${others.join(", ")} principals` };
        if (aws.length === 0) return { trusted: true }; // service principals only
        return judgeAccounts(aws, config, "Principal");
    }
    let undecided: IdentityVerdict | undefined;
    let rejected: IdentityVerdict | undefined;
    for (const { operator, key, values } of conditionEntries(s)) {
        if (isNegatedOperator(operator) || /IfExists$/.test(operator)) continue;
        const k = key.toLowerCase();
        let verdict: IdentityVerdict | undefined;
        if (k === "aws:principalorgid") {
            if (config.organizationId === undefined) {
                verdict = config.accountIds === undefined
                    ? { trusted: "unknown", reason: "organizationId not configured, so aws:PrincipalOrgID cannot be checked" }
                    : { trusted: false, reason: `conditions on aws:PrincipalOrgID ${values.join(", ")} but the environment has no organization` };
            } else {
                const wrong = values.filter((v) => v !== config.organizationId);
                verdict = wrong.length === 0 ? { trusted: true } : { trusted: false, reason: `aws:PrincipalOrgID names ${wrong.join(", ")}, not ${config.organizationId}` };
            }
        } else if (k === "aws:principalorgpaths") {
            if (config.organizationId === undefined) verdict = { trusted: "unknown", reason: "organizationId not configured" };
            else {
                const wrong = values.filter((v) => !v.startsWith(`${config.organizationId}/`));
                verdict = wrong.length === 0 ? { trusted: true } : { trusted: false, reason: `aws:PrincipalOrgPaths names ${wrong.join(", ")}, outside ${config.organizationId}` };
            }
        } else if (k === "aws:principalaccount") {
            verdict = judgeAccounts(values, config, "aws:PrincipalAccount");
        } else if (k === "aws:principalarn") {
            verdict = judgeAccounts(values, config, "aws:PrincipalArn");
        } else if (k === "aws:principalisawsservice") {
            verdict = operator === "Bool" && values.every((v) => v.toLowerCase() === "true") ? { trusted: true } : undefined;
        } else if (k === "aws:principalservicename") {
            verdict = { trusted: true };
        }
        if (!verdict) continue;
        if (verdict.trusted === true) return verdict; // one constraining key is enough (conditions are ANDed)
        if (verdict.trusted === false) rejected = verdict;
        else undecided = verdict;
    }
    return rejected ?? undecided ?? { trusted: false, reason: "allows any identity (no Principal restriction and no aws:PrincipalOrgID / aws:PrincipalAccount / aws:PrincipalIsAWSService condition)" };
}
