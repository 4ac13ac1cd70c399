/**
 * AWS's documented exceptions to the identity perimeter of endpoint policies: AWS-owned
 * resources that requests carrying no identity of ours read through our endpoints. An ECR
 * image layer is fetched through a URL an ECR account presigned; yum on Amazon Linux reads its
 * repository buckets unauthenticated. An identity condition would deny those requests, so AWS's
 * own S3 endpoint policy lets any caller read these buckets: statement
 * `AllowRequestsToAWSOwnedResources` of `vpc_endpoint_policies/s3_endpoint_policy.json`
 * (Principal "*", no Condition, a list of AWS-owned bucket ARNs) in
 * https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/vpc_endpoint_policies/s3_endpoint_policy.json
 *
 * The pack accepts such an Allow only inside what its config lists (`anyCallerResources`): every
 * action the statement allows is one entry's action, and every resource it can reach fits one
 * of that entry's ARN patterns field by field — a wildcard of the statement must fall inside the
 * entry's. `arn:aws:s3:::prod-*`, `*`, NotResource, NotAction, a wildcard action that reaches
 * beyond the listed ones, or an action the entry does not list (a write) leave the exception.
 */
import { AnyCallerResource, PackConfig } from "./config";
import { arnPatternWithin } from "./iam-semantics";
import { expandAction } from "./iam-reference";
import { Statement } from "./policy-document";

export type AnyCallerVerdict =
    /** The statement stays inside the documented exceptions. */
    | { kind: "inside"; sids: string[] }
    /** It reaches beyond them: why. */
    | { kind: "outside"; reason: string }
    /** No exceptions are configured. */
    | { kind: "unconfigured" };

/** The concrete actions an Action element names, or why they cannot be listed. */
async function concreteActions(patterns: string[]): Promise<{ actions: string[] } | { reason: string }> {
    const out: string[] = [];
    for (const pattern of patterns) {
        if (!/[*?]/.test(pattern)) {
            out.push(pattern);
            continue;
        }
        const expanded = await expandAction(pattern);
        if ("all" in expanded) return { reason: `Action "${pattern}" names every action of ${pattern.includes(":") ? `service ${pattern.split(":")[0]}` : "every service"}` };
        if (expanded.reason || expanded.actions.length === 0) return { reason: `Action "${pattern}" cannot be listed from the Service Authorization Reference (${expanded.reason ?? "no action"})` };
        out.push(...expanded.actions.map((a) => a.name));
    }
    return { actions: out };
}

const sameAction = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Entries that allow `action` on every resource `pattern` can name. */
function coveringEntries(entries: AnyCallerResource[], action: string, pattern: string): AnyCallerResource[] {
    return entries.filter((e) => e.actions.some((a) => sameAction(a, action)) && e.resources.some((r) => arnPatternWithin(pattern, r)));
}

const verdicts = new WeakMap<Statement, WeakMap<PackConfig, Promise<AnyCallerVerdict>>>();

/** Does Allow statement `s` stay inside the configured AWS-owned exceptions that admit any caller? */
export function anyCallerException(s: Statement, config: PackConfig): Promise<AnyCallerVerdict> {
    let byConfig = verdicts.get(s);
    if (!byConfig) verdicts.set(s, (byConfig = new WeakMap()));
    let verdict = byConfig.get(config);
    if (!verdict) {
        verdict = judge(s, config);
        byConfig.set(config, verdict);
    }
    return verdict;
}

async function judge(s: Statement, config: PackConfig): Promise<AnyCallerVerdict> {
    const entries = config.anyCallerResources;
    if (entries === undefined) return { kind: "unconfigured" };
    const unknown = (s.unknown?.elements ?? []).filter((e) => ["Action", "NotAction", "Resource", "NotResource"].includes(e));
    if (unknown.length > 0) return { kind: "outside", reason: `${unknown.join(", ")} unknown until apply` };
    if (s.notActions) return { kind: "outside", reason: "NotAction reaches every action but those it names" };
    if (s.notResources) return { kind: "outside", reason: "NotResource reaches every resource but those it names" };
    if (!s.actions || !s.resources || s.actions.length === 0 || s.resources.length === 0) return { kind: "outside", reason: "it names no action or no resource" };
    if (s.resources.includes("*")) return { kind: "outside", reason: `Resource "*" reaches every resource` };
    const listed = await concreteActions(s.actions);
    if ("reason" in listed) return { kind: "outside", reason: listed.reason };
    const sids = new Set<string>();
    for (const resource of s.resources) {
        for (const action of listed.actions) {
            const covering = coveringEntries(entries, action, resource);
            if (covering.length > 0) {
                for (const e of covering) if (e.sid) sids.add(e.sid);
                continue;
            }
            const forResource = entries.filter((e) => e.resources.some((r) => arnPatternWithin(resource, r)));
            return {
                kind: "outside",
                reason:
                    forResource.length > 0
                        ? `${action} on ${resource} is not an action AWS documents there (${forResource.map((e) => `${e.sid ?? "exception"}: ${e.actions.join(", ")}`).join("; ")})`
                        : `${resource} reaches beyond every AWS-owned resource admitted for any caller (anyCallerResources)`,
            };
        }
    }
    return { kind: "inside", sids: [...sids] };
}
