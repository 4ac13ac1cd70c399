/**
 * The perimeter's two questions about a policy document, answered from IAM semantics
 * (iam-semantics.ts) by searching for a request that gets through (iam-witness.ts):
 *
 * - identity: can an identity outside the organization (and outside the environment's and
 *   trusted accounts), or an anonymous caller, use this Allow statement?
 * - network: is there a request by an ordinary identity of the environment, from outside the
 *   expected networks (the internet outside the corporate ranges, or somebody else's VPC
 *   endpoint), that no Deny statement of a bucket policy stops?
 *
 * What the requester cannot choose is fixed per profile: an outsider's account, ARN and
 * organization; an insider's organization, account and ordinary role (no principal tags, not an
 * AWS service, not through one: the documented exemptions); the network keys of where the call
 * comes from. Everything else (TLS, Region, tags on the request, service keys...) the requester
 * chooses, so a condition on it restricts nothing. AWS services and break-glass identities are
 * trusted by design, as in AWS's data-perimeter examples
 * (https://github.com/aws-samples/data-perimeter-policy-examples).
 */
import { principalAccount } from "./aws-names";
import { PackConfig } from "./config";
import { Caller, arnFields, parseOperator, undefinedOperatorProblem } from "./iam-semantics";
import { Candidate, Profile, SearchResult, Witness, describeContext, findRequest, materialize, materializeArn, valuesByKey, withoutUnknownEntries } from "./iam-witness";
import { actionInfo, representativeActions, resourceCanMatch } from "./iam-reference";
import { Statement } from "./policy-document";
import { insideAny } from "./cidr";

export const OUTSIDE_ACCOUNT = "999988887777";
export const OUTSIDE_ORG = "o-outsider0001";
const OUTSIDE_VPCE = "vpce-0f0e0d0c0b0a09080";
const OUTSIDE_VPC = "vpc-0f0e0d0c0b0a0908";

export type Verdict = { kind: "ok" } | { kind: "violation"; reason: string; witness?: Witness } | { kind: "undecided"; reason: string };

function trustedAccountsOf(config: PackConfig): Set<string> {
    return new Set([...(config.accountIds ?? []), ...(config.trustedAccountIds ?? [])]);
}

const keysAbsentForIamCallers = ["aws:principalservicename", "aws:principalservicenameslist", "aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"];

/** Twelve-digit account ids an account pattern (`2000*`, `1111????????`) stands for. */
function accountsOf(pattern: string): string[] {
    if (!/[*?]/.test(pattern)) return [pattern];
    const fixed = pattern.replace(/\*/g, "").length;
    return ["9", "8", "0"].map((d) => pattern.replace(/\?/g, d).replace("*", d.repeat(Math.max(0, 12 - fixed))).replace(/\*/g, ""));
}

/** Every principal value the statements name (Principal elements and principal keys). */
function namedAccounts(statements: readonly Statement[], key: Map<string, { values: Set<string> }>): string[] {
    const out = new Set<string>();
    for (const v of key.get("aws:principalaccount")?.values ?? []) for (const m of accountsOf(v)) out.add(m);
    for (const v of key.get("aws:principalarn")?.values ?? []) {
        const fields = arnFields(v);
        if (fields) for (const m of accountsOf(fields[4])) out.add(m);
    }
    for (const s of statements) {
        for (const p of [s.principal, s.notPrincipal]) {
            if (!p || p === "*") continue;
            for (const v of p["AWS"] ?? []) {
                const account = principalAccount(v);
                if (account) out.add(account);
            }
        }
    }
    return [...out].filter((a) => /^\d{12}$/.test(a));
}

/** Callers outside the organization, the environment's accounts and the trusted accounts. */
export function outsiderProfiles(statements: readonly Statement[], config: PackConfig, anonymous: boolean): Profile[] {
    const info = valuesByKey(statements);
    const trusted = trustedAccountsOf(config);
    const org = config.organizationId;
    const accounts = [OUTSIDE_ACCOUNT, ...namedAccounts(statements, info)].filter((a, i, all) => !trusted.has(a) && all.indexOf(a) === i).slice(0, 6);
    const orgs: (string | undefined)[] = [undefined, OUTSIDE_ORG];
    const orgValues = [...(info.get("aws:principalorgid")?.values ?? []), ...[...(info.get("aws:principalorgpaths")?.values ?? [])].map((p) => p.split("/")[0])];
    for (const v of orgValues) for (const m of materialize(v)) if (/^o-[a-z0-9]{10,32}$/.test(m) && m !== org && !orgs.includes(m)) orgs.push(m);
    const profiles: Profile[] = [];
    for (const account of accounts) {
        const arns = new Set([`arn:aws:iam::${account}:role/lz-outsider`]);
        for (const v of info.get("aws:principalarn")?.values ?? []) {
            const m = materializeArn(v, { account });
            if (m && m.split(":")[4] === account && /^arn:[^:]+:(iam|sts)::/.test(m)) arns.add(m);
        }
        for (const s of statements) {
            if (s.principal && s.principal !== "*") for (const v of s.principal["AWS"] ?? []) if (v.startsWith("arn:") && principalAccount(v) === account && !v.endsWith(":root")) arns.add(v);
        }
        for (const orgId of orgs.slice(0, 4)) {
            for (const arn of [...arns].slice(0, 4)) {
                const paths: Candidate[] = orgId === undefined ? [undefined] : [undefined, [`${orgId}/r-ab12/ou-ab12-11111111/`]];
                for (const v of info.get("aws:principalorgpaths")?.values ?? []) {
                    for (const m of materialize(v)) if (orgId !== undefined && m.startsWith(`${orgId}/`)) paths.push([m]);
                }
                const fixed: Record<string, Candidate[]> = {
                    "aws:principalaccount": [account],
                    "aws:principalarn": [arn],
                    "aws:principalorgid": [orgId],
                    "aws:principalorgpaths": paths,
                    "aws:principalisawsservice": ["false"],
                };
                for (const k of keysAbsentForIamCallers) fixed[k] = [undefined];
                profiles.push({
                    label: `${arn} (account ${account}, ${orgId ? `organization ${orgId}` : "no organization"})`,
                    caller: { kind: "iam", account, arn },
                    fixed,
                });
            }
        }
    }
    if (anonymous) {
        const fixed: Record<string, Candidate[]> = {
            "aws:principalaccount": [undefined],
            "aws:principalarn": [undefined],
            "aws:principalorgid": [undefined],
            "aws:principalorgpaths": [undefined],
            "aws:principalisawsservice": [undefined, "false"],
            "aws:principaltype": [undefined, "Anonymous"],
            "aws:userid": [undefined, "anonymous"],
        };
        for (const k of keysAbsentForIamCallers) fixed[k] = [undefined];
        profiles.push({ label: "an anonymous caller", caller: { kind: "anonymous" }, fixed, absentPrefixes: ["aws:principaltag/"] });
    }
    return profiles;
}

/** Resources a statement set may be asked about: its own patterns made concrete (also one level down), plus `extra`. */
function candidateResources(statements: readonly Statement[], extra: string[]): string[] {
    const out = new Set(extra);
    for (const s of statements) {
        for (const r of [...(s.resources ?? []), ...(s.notResources ?? [])]) {
            if (r === "*") continue;
            const m = materializeArn(r, { account: OUTSIDE_ACCOUNT });
            if (m) {
                out.add(m);
                out.add(`${m.replace(/\/$/, "")}/lz-object`);
            }
        }
    }
    return [...out];
}

/**
 * For each action, the candidate resources that fit one of its resource types (Service
 * Authorization Reference), plus one made from each of its ARN formats.
 */
async function resourcesByAction(actions: string[], resources: string[], fromTemplates = true): Promise<(action: string) => string[]> {
    const map = new Map<string, string[]>();
    for (const action of actions) {
        const [service, name] = action.split(":");
        const info = await actionInfo(service, name);
        if (!info) map.set(action, resources);
        else if (info.arnTemplates.length === 0) map.set(action, ["*"]);
        else {
            const made = !fromTemplates ? [] : info.arnTemplates.map((t) =>
                t.replace("${Partition}", "aws").replace("${Region}", "us-east-1").replace("${Account}", OUTSIDE_ACCOUNT).replace(/\$\{[^}]+\}/g, "lz-x"),
            );
            map.set(action, [...new Set([...resources.filter((r) => resourceCanMatch(r, info)), ...made])]);
        }
    }
    return (action) => map.get(action) ?? resources;
}

function statementsWithoutUnknowns(statements: readonly Statement[]): { known: Statement[]; dropped: Statement[] } {
    const known: Statement[] = [];
    const dropped: Statement[] = [];
    for (const s of statements) {
        if (s.unknown && s.unknown.elements.length > 0) dropped.push(s);
        else known.push(s);
    }
    return { known, dropped };
}

const identityCache = new WeakMap<Statement, WeakMap<PackConfig, Promise<Verdict>>>();

/**
 * Can an outsider (or anonymous caller, where the Principal admits everyone) use Allow statement
 * `s` of a document whose statements are `all`? Deny statements of the document are taken into
 * account; condition entries unknown during preview restrict nothing now, so a verdict that
 * depends on them is "undecided", never a pass.
 */
export function allowAdmitsOutsider(s: Statement, all: readonly Statement[], config: PackConfig): Promise<Verdict> {
    let byConfig = identityCache.get(s);
    if (!byConfig) identityCache.set(s, (byConfig = new WeakMap()));
    let verdict = byConfig.get(config);
    if (!verdict) {
        verdict = judgeAllow(s, all, config);
        byConfig.set(config, verdict);
    }
    return verdict;
}

async function judgeAllow(s: Statement, all: readonly Statement[], config: PackConfig): Promise<Verdict> {
    // An operator IAM does not define (another spelling included): AWS rejects the document, and
    // what such a condition would mean is not defined, so it cannot be shown to restrict anyone.
    const undefinedOperator = Object.keys(s.condition ?? {}).find((o) => !parseOperator(o));
    if (undefinedOperator !== undefined) return { kind: "violation", reason: `${undefinedOperatorProblem(undefinedOperator)}, so it cannot be shown to restrict who uses it` };
    if (config.organizationId === undefined && config.accountIds === undefined && config.trustedAccountIds === undefined) {
        return { kind: "undecided", reason: "neither organizationId nor accountIds is configured, so who is an outsider cannot be told" };
    }
    if (s.unknown && s.unknown.elements.length > 0) return { kind: "undecided", reason: `${s.unknown.elements.join(", ")} unknown` };
    const denies = statementsWithoutUnknowns(all.filter((x) => x.effect === "Deny"));
    const allow = withoutUnknownEntries(s, s.unknown?.entries ?? []);
    const statements = [allow, ...denies.known];
    const anonymous = s.principal === "*" || (s.principal !== undefined && (s.principal["AWS"] ?? []).includes("*")) || s.notPrincipal !== undefined;
    const profiles = outsiderProfiles(statements, config, anonymous);
    const actions = (await representativeActions(statements)).map((a) => a.action);
    const resources = candidateResources(statements, [`arn:aws:s3:::lz-any-bucket/lz-object`, `arn:aws:ec2:us-east-1:${OUTSIDE_ACCOUNT}:instance/i-0123456789abcdef0`]);
    const result = findRequest({ mustMatch: [allow], mustNotMatch: denies.known, profiles, actions, resources, resourcesFor: await resourcesByAction(actions, resources) });
    return verdictOf(result, (w) => `lets ${w.profile.label} through (${w.action} with ${describeContext(w, statements)})`, [
        ...(s.unknown?.entries.map((e) => `${e.operator} ${e.key}`) ?? []),
        ...denies.dropped.map((d) => `Deny Statement[${d.index}]`),
    ]);
}

function verdictOf(result: SearchResult, describe: (w: Witness) => string, unknownParts: string[]): Verdict {
    if (result.kind === "undecided") return { kind: "undecided", reason: result.reason };
    if (result.kind === "none") return { kind: "ok" };
    if (unknownParts.length > 0) return { kind: "undecided", reason: `${describe(result.witness)} unless ${unknownParts.join(", ")} (unknown until apply) restrict it` };
    return { kind: "violation", reason: describe(result.witness), witness: result.witness };
}

// ---- network ------------------------------------------------------------------------------

const networkKeys = ["aws:sourceip", "aws:sourcevpce", "aws:sourcevpc", "aws:sourcevpcarn", "aws:vpceorgid", "aws:vpceaccount", "aws:vpceorgpaths", "aws:vpcsourceip"];

function foreignValues(values: Iterable<string>, isOurs: (v: string) => boolean, fresh: string[]): string[] {
    const out = new Set(fresh);
    for (const v of values) {
        for (const m of materialize(v)) {
            // A value named literally is taken as ours (an endpoint id the owner listed); one a
            // wildcard produced is anybody's.
            if (m === v && /[*?]/.test(v) === false) {
                if (!isOurs(m)) out.add(m);
            } else out.add(m);
        }
    }
    return [...out].filter((v) => !isOurs(v));
}

/** Ordinary identities of the environment calling from outside the expected networks. */
export function outsideNetworkProfiles(statements: readonly Statement[], config: PackConfig): { profiles: Profile[]; notes: string[] } {
    const info = valuesByKey(statements);
    const notes: string[] = [];
    const account = config.accountIds?.[0] ?? "111122223333";
    const org = config.organizationId;
    const accounts = new Set(config.accountIds ?? []);
    const corporate = config.corporateCidrs;
    if (corporate === undefined) notes.push("corporateCidrs not configured: addresses a Deny exempts are taken as corporate");
    const listedIps = [...(info.get("aws:sourceip")?.values ?? [])];
    const ipCandidates = new Set(["198.51.100.7", "192.0.2.200"]);
    for (const v of listedIps) {
        for (const c of [v.split("/")[0]]) ipCandidates.add(c);
    }
    const internetIps = [...ipCandidates].filter((ip) => {
        if (corporate === undefined) return !listedIps.some((l) => insideAny(ip.includes("/") ? ip : `${ip}/32`, [l.includes("/") ? l : `${l}/32`]));
        return !insideAny(`${ip}/32`, corporate);
    });
    const identity: Record<string, Candidate[]> = {
        "aws:principalaccount": [account],
        "aws:principalarn": [`arn:aws:iam::${account}:role/lz-workload`],
        "aws:principalorgid": [org],
        "aws:principalorgpaths": org ? [[`${org}/r-ab12/ou-ab12-11111111/`]] : [undefined],
        "aws:principalisawsservice": ["false"],
        "aws:viaawsservice": ["false", undefined],
        "aws:principalservicename": [undefined],
        "aws:sourceaccount": [undefined],
        "aws:sourcearn": [undefined],
        "aws:resourceaccount": [account],
        "aws:resourceorgid": [org],
    };
    const caller: Caller = { kind: "iam", account, arn: `arn:aws:iam::${account}:role/lz-workload` };
    // An ordinary identity carries no principal tags (the break-glass and opt-in/opt-out tags of
    // AWS's data-perimeter examples), and the bucket carries none of the tags its owner could use
    // to opt it out: the requester chooses neither.
    const ordinary = ["aws:principaltag/", "aws:resourcetag/"];
    const none = Object.fromEntries(networkKeys.map((k) => [k, [undefined] as Candidate[]]));
    const profiles: Profile[] = [];
    if (internetIps.length > 0) {
        profiles.push({
            label: `an identity of account ${account} calling from the internet`,
            caller,
            fixed: { ...identity, ...none, "aws:sourceip": internetIps },
            absentPrefixes: ordinary,
        });
    }
    const isOurOrg = (v: string) => org !== undefined && v === org;
    profiles.push({
        label: `an identity of account ${account} calling through a VPC endpoint outside the environment`,
        caller,
        fixed: {
            ...identity,
            ...none,
            "aws:sourcevpce": foreignValues(info.get("aws:sourcevpce")?.values ?? [], () => false, [OUTSIDE_VPCE]),
            "aws:sourcevpc": foreignValues(info.get("aws:sourcevpc")?.values ?? [], () => false, [OUTSIDE_VPC]),
            "aws:sourcevpcarn": [`arn:aws:ec2:us-east-1:${OUTSIDE_ACCOUNT}:vpc/${OUTSIDE_VPC}`],
            "aws:vpceaccount": foreignValues(info.get("aws:vpceaccount")?.values ?? [], (v) => accounts.has(v), [OUTSIDE_ACCOUNT]),
            // Only some services send aws:VpceOrgID (AWS's data-perimeter examples list them): absent too.
            "aws:vpceorgid": [undefined, ...foreignValues(info.get("aws:vpceorgid")?.values ?? [], isOurOrg, [OUTSIDE_ORG])],
            "aws:vpceorgpaths": [undefined, [`${OUTSIDE_ORG}/r-ab12/`]],
            "aws:vpcsourceip": ["10.99.0.10"],
        },
        absentPrefixes: ordinary,
    });
    return { profiles, notes };
}

/**
 * A request to `bucket` (or its objects), by an ordinary identity of the environment from
 * outside the expected networks, that no Deny statement stops; "ok" when every such request is
 * denied.
 */
export async function bucketNetworkGap(statements: readonly Statement[], bucket: string, config: PackConfig, partition = "aws"): Promise<Verdict & { notes?: string[] }> {
    const denies = statementsWithoutUnknowns(statements.filter((s) => s.effect === "Deny"));
    const known = denies.known;
    // A Deny entry whose values are unknown might narrow the Deny: judge without that statement.
    const reliable = known.filter((d) => !d.unknown || d.unknown.entries.length === 0);
    const unreliable = known.filter((d) => d.unknown && d.unknown.entries.length > 0);
    const { profiles, notes } = outsideNetworkProfiles(reliable, config);
    const arn = `arn:${partition}:s3:::${bucket}`;
    const reps = await representativeActions(reliable, ["s3"], ["bucket", "object"]);
    const actions = reps.map((r) => r.action);
    const resources = [arn, `${arn}/lz-object`, ...candidateResources(reliable, []).filter((r) => r.startsWith(`${arn}/`))];
    const result = findRequest({ mustMatch: [], mustNotMatch: reliable, profiles, actions, resources, resourcesFor: await resourcesByAction(actions, resources, false), budget: 50000 });
    const verdict = verdictOf(result, (w) => `${w.profile.label} can ${w.action} ${w.resource} without any Deny applying (${describeContext(w, reliable)})`, [
        ...denies.dropped.map((d) => `Deny Statement[${d.index}]`),
        ...unreliable.map((d) => `Deny Statement[${d.index}] conditions`),
    ]);
    return { ...verdict, notes };
}

