/**
 * A Deny statement that can never match protects nothing while looking right. Checked against
 * the Service Authorization Reference for SCPs, RCPs, endpoint policies (on the endpoint or a
 * standalone VpcEndpointPolicy) and bucket policies (BucketPolicy, or a bucket's own `policy`):
 *  - every action exists;
 *  - its Resource can name a resource type the actions authorize on (a Deny of
 *    ec2:ModifyVpcEndpointServicePermissions on `vpc-endpoint/*` never matches: that action
 *    authorizes on `vpc-endpoint-service`);
 *  - every condition operator is one IAM defines, spelled as IAM spells it (one that is not never
 *    holds, lib/iam-semantics.ts);
 *  - every condition key is one the actions' requests carry (a positive operator on an absent
 *    key is false, so the Deny never matches; a negated one is always true, so it denies
 *    everything the statement names, whatever the condition meant to allow).
 * The statement is reported when no action of it can match. A NotAction Deny applies to every
 * action it does not exclude: `NotAction: "*"` excludes all of them (it matches nothing); otherwise
 * its Resource and keys are checked against every action of the services its Resource ARNs name.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { ActionInfo, actionCarriesKey, expandAction, isGlobalConditionKey, resourceCanMatch } from "../lib/iam-reference";
import { authorizationPolicyType, shortType } from "../lib/organizations";
import { actionMatches, arnFields, conditionHolds, parseOperator, undefinedOperatorProblem } from "../lib/iam-semantics";
import { Statement, conditionEntries, parsePolicy, statementLabel } from "../lib/policy-document";
import { resourceCheck } from "../lib/rule";
import { modifierTypes } from "../lib/modifiers";
import { T } from "../lib/types";

function suggestedArn(template: string): string {
    return template.replace("${Partition}", "aws").replace(/\$\{[^}]+\}/g, "*");
}

/** A finding about one statement, worded for where the statement sits. */
type Problem = (where: string) => string;

/**
 * What is wrong with one Deny statement. Memoized per statement object: parsePolicy shares
 * the parsed statements of a document text, so a document repeated on many resources (an
 * endpoint policy per service) is judged once.
 */
const problemsByStatement = new WeakMap<Statement, Promise<Problem[]>>();

function denyProblems(s: Statement): Promise<Problem[]> {
    let problems = problemsByStatement.get(s);
    if (!problems) {
        problems = judgeDeny(s);
        problemsByStatement.set(s, problems);
    }
    return problems;
}

/**
 * The actions a NotAction Deny can apply to, when its Resource names the services they belong
 * to: every action of the services in the Resource ARNs' service field except those NotAction
 * excludes. Undefined when the statement can apply to any service (`*`, NotResource, a
 * wildcard service field, a service prefix the reference does not know): nothing to prove then.
 */
async function notActionCandidates(s: Statement): Promise<ActionInfo[] | undefined> {
    if (!s.resources || s.resources.length === 0) return undefined;
    const services = new Set<string>();
    for (const r of s.resources) {
        const fields = arnFields(r);
        if (!fields || /[*?$]/.test(fields[2]) || fields[2] === "") return undefined;
        services.add(fields[2]);
    }
    const out: ActionInfo[] = [];
    for (const service of services) {
        const expanded = await expandAction(`${service}:*`);
        if ("all" in expanded || expanded.actions.length === 0) return undefined;
        out.push(...expanded.actions.filter((a) => !(s.notActions ?? []).some((p) => actionMatches(p, a.name))));
    }
    return out;
}

async function judgeDeny(s: Statement): Promise<Problem[]> {
    if (s.effect !== "Deny") return [];
    const deny = (where: string) => `${where}: Deny ${statementLabel(s)}`;
    const problems: Problem[] = [];
    const actions: ActionInfo[] = [];
    const missing: string[] = [];
    if (s.notActions) {
        // NotAction "*" excludes every action: the statement applies to none
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html).
        if (s.notActions.some((p) => p === "*" || p === "*:*")) {
            return [(where) => `${deny(where)} can never match: NotAction "*" excludes every action, so the Deny applies to none. Name the actions it must deny in Action, or the few it must not in NotAction.`];
        }
        const candidates = await notActionCandidates(s);
        if (!candidates) return [];
        if (candidates.length === 0) {
            return [(where) => `${deny(where)} can never match: NotAction excludes every action of the services its Resource names.`];
        }
        actions.push(...candidates);
    } else if (!s.actions) return [];
    for (const pattern of s.actions ?? []) {
        const expanded = await expandAction(pattern);
        if ("all" in expanded) return []; // every action: nothing to prove
        actions.push(...expanded.actions);
        if (expanded.reason) missing.push(expanded.reason);
    }
    // A condition with an operator IAM does not define (another spelling included) never holds.
    for (const operator of Object.keys(s.condition ?? {})) {
        if (!parseOperator(operator)) problems.push((where) => `${deny(where)} can never match: it ${undefinedOperatorProblem(operator)}.`);
    }
    if (actions.length === 0) {
        return [(where) => `${deny(where)} can never match: ${missing.join("; ")}. Fix the action names (see the Service Authorization Reference).`];
    }
    for (const reason of missing) problems.push((where) => `${deny(where)}: ${reason}; fix or remove it.`);

    // Entries that test presence on purpose (Null, ...IfExists) are left alone; for the others,
    // what an absent key does follows IAM's semantics (iam-semantics.ts): true for negated
    // operators and ForAllValues:, false otherwise.
    const entries = conditionEntries(s)
        .filter((e) => {
            const op = parseOperator(e.operator);
            return op !== undefined && !isGlobalConditionKey(e.key) && op.base !== "Null" && !op.ifExists;
        })
        .map((e) => ({ ...e, trueWhenAbsent: conditionHolds(e.operator, e.key, e.values, {}) }));
    // Keys no action of the statement carries.
    for (const e of entries) {
        if (actions.some((a) => actionCarriesKey(a, e.key))) continue;
        if (e.trueWhenAbsent) {
            problems.push(
                (where) =>
                    `${deny(where)}: condition ${e.operator} ${e.key} never applies to ${describe(actions)} (the key is absent from their requests), ` +
                    `so it is always true and the Deny applies unconditionally; use a key these actions carry.`,
            );
        }
    }
    const reasonsPerAction = actions.map((a) => {
        const reasons: string[] = [];
        if (s.resources && !s.resources.some((r) => resourceCanMatch(r, a))) {
            reasons.push(
                a.arnTemplates.length === 0
                    ? `${a.name} supports only "Resource": "*"`
                    : `${a.name} authorizes on ${a.arnTemplates.map(suggestedArn).join(" or ")}, which ${s.resources.join(", ")} can never name`,
            );
        }
        for (const e of entries) {
            if (!e.trueWhenAbsent && !actionCarriesKey(a, e.key)) reasons.push(`${a.name} requests never carry ${e.key} (${e.operator} is then false)`);
        }
        return reasons;
    });
    if (reasonsPerAction.every((r) => r.length > 0)) {
        const distinct = [...new Set(reasonsPerAction.flat())];
        const shown = distinct.slice(0, 4).join("; ") + (distinct.length > 4 ? `; and ${distinct.length - 4} more` : "");
        problems.push((where) => `${deny(where)} can never match: ${shown}. Change Resource or the condition keys so they apply to the actions.`);
    }
    return problems;
}

function describe(actions: ActionInfo[]): string {
    return actions.length <= 3 ? actions.map((a) => a.name).join(", ") : `${actions.slice(0, 3).map((a) => a.name).join(", ")} and ${actions.length - 3} more`;
}

export const perimeterPolicyDenyStatementApplicable: ResourceValidationPolicy = {
    name: "perimeter-policy-deny-statement-applicable",
    description: "Deny statements of SCPs, RCPs, endpoint policies and bucket policies can match: their actions exist and their resources and condition keys apply to those actions.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Use the resource type and condition keys the Service Authorization Reference lists for the statement's actions " +
        "(e.g. arn:aws:ec2:*:*:vpc-endpoint-service/* for ec2:ModifyVpcEndpointServicePermissions).",
    validateResource: resourceCheck([T.organizationsPolicy, ...modifierTypes("endpointPolicy"), ...modifierTypes("bucketPolicy")], async ({ type, props, name, findings }) => {
        let label: string;
        let value: unknown;
        if (type === T.organizationsPolicy) {
            const kind = authorizationPolicyType(props);
            if (kind === "other") return;
            label = kind === "unknown" ? `organizations policy ${name}` : `${shortType(kind)} ${name}`;
            value = props["content"];
        } else {
            label = type === T.vpcEndpoint ? `endpoint policy of ${name}` : type === T.vpcEndpointPolicy ? `VpcEndpointPolicy ${name}` : type === T.bucketPolicy ? `bucket policy ${name}` : `policy of bucket ${name}`;
            value = props["policy"];
        }
        const policy = parsePolicy(value);
        if (policy.kind === "unknown") findings.undecided(`${label} (${policy.unknown.path})`);
        if (policy.kind !== "document") return;
        for (const s of policy.statements) {
            for (const problem of await denyProblems(s)) findings.violation(problem(label));
        }
    }),
};
