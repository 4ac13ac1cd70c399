/**
 * Searches for a request that gets through a policy: a concrete request (caller, action,
 * resource, context keys) for which every statement in `mustMatch` matches and no statement in
 * `mustNotMatch` does, decided with iam-semantics.ts. Rules ask it the questions the perimeter
 * cares about ("can an identity outside the organization use this Allow?", "is there a request
 * from outside the expected networks that no Deny stops?"); the answer is a witness request
 * that can be shown in the message (and that the tests replay through an independent
 * evaluator), or a proof that none exists among the candidates.
 *
 * Candidates: for a key the caller's profile fixes (an outsider's aws:PrincipalAccount, a
 * request from the internet having no aws:SourceVpce...), the profile's values; for every other
 * key, whatever the requester may choose: absent, every value the policy names for that key
 * (wildcards filled in), a fresh value, both booleans, addresses inside and outside every listed
 * range, numbers and dates either side of every bound, and small sets for multivalued keys. A
 * condition only distinguishes values through the policy's own values, so these candidates
 * cover every outcome a condition can have. The search is bounded: past the budget it answers
 * "undecided" (an advisory, never a pass).
 */
import {
    Caller,
    RequestContext,
    arnFields,
    conditionHolds,
    conditionValues,
    ipRange,
    multivaluedGlobalKeys,
    parseOperator,
    statementCoversAction,
    statementCoversCaller,
    statementCoversResource,
} from "./iam-semantics";
import { Statement } from "./policy-document";

export type Candidate = string | string[] | undefined;

/** Who may be asking, and what the request necessarily carries for such a caller. */
export interface Profile {
    /** For messages: `an identity of account 999988887777 outside the organization`. */
    label: string;
    caller: Caller;
    /** Lower-case key → the only values the key can have for this caller (undefined = absent). */
    fixed: Record<string, Candidate[]>;
    /** Lower-case key prefixes whose keys are absent for this caller (`aws:principaltag/`). */
    absentPrefixes?: string[];
}

export interface Witness {
    profile: Profile;
    caller: Caller;
    action: string;
    resource: string;
    context: RequestContext;
}

export type SearchResult = { kind: "found"; witness: Witness } | { kind: "none" } | { kind: "undecided"; reason: string };

export interface SearchInput {
    mustMatch: Statement[];
    mustNotMatch: Statement[];
    profiles: Profile[];
    actions: string[];
    resources: string[];
    /** The resources an action can be asked about (its resource types); default: all of `resources`. */
    resourcesFor?: (action: string) => string[];
    /** Search nodes before giving up. @default 20000 */
    budget?: number;
}


/** Every policy value each key is compared with, over the statements (lower-case keys). */
export function valuesByKey(statements: readonly Statement[]): Map<string, { operators: Set<string>; values: Set<string> }> {
    const out = new Map<string, { operators: Set<string>; values: Set<string> }>();
    for (const s of statements) {
        for (const [operator, block] of Object.entries(s.condition ?? {})) {
            for (const [key, values] of Object.entries(block)) {
                const k = key.toLowerCase();
                let entry = out.get(k);
                if (!entry) out.set(k, (entry = { operators: new Set(), values: new Set() }));
                entry.operators.add(operator);
                for (const v of conditionValues(values)) entry.values.add(v);
            }
        }
    }
    return out;
}

/** Concrete strings a wildcard pattern stands for: the wildcards empty, and filled. */
export function materialize(pattern: string): string[] {
    if (!/[*?]|\$\{/.test(pattern)) return [pattern];
    const plain = pattern.replace(/\$\{[^}]*\}/g, variableFill);
    return [...new Set([plain.replace(/\*/g, "").replace(/\?/g, "x"), plain.replace(/[*?]/g, "x"), plain.replace(/[*?]/g, "0")])];
}

/** An ARN pattern made concrete field by field (wildcard fields get plausible values). */
export function materializeArn(pattern: string, fill: { partition?: string; region?: string; account?: string } = {}): string | undefined {
    const fields = arnFields(pattern);
    if (!fields) return undefined;
    const [, partition, service, region, account, resource] = fields;
    const pick = (field: string, plausible: string | undefined, fallback: string) => (/[*?]/.test(field) ? (plausible ?? fallback) : field);
    return [
        "arn",
        pick(partition, fill.partition, "aws"),
        pick(service, undefined, "s3"),
        pick(region, fill.region, ""),
        pick(account, fill.account, ""),
        resource.replace(/\$\{[^}]*\}/g, variableFill).replace(/[*?]/g, "x"),
    ].join(":");
}

const freshValue = "lz-fresh-value";
const freshIps = ["198.51.100.7", "203.0.113.250", "192.0.2.200", "2001:db8::7"];

function ipCandidates(values: Set<string>): string[] {
    const out: string[] = [];
    for (const v of values) {
        const r = ipRange(v);
        if (!r) continue;
        if (r.v === 4) {
            out.push(bigToIpv4(r.first));
            if (r.last > r.first) out.push(bigToIpv4(r.last));
            if (r.first > 0n) out.push(bigToIpv4(r.first - 1n));
            if (r.last < 0xffffffffn) out.push(bigToIpv4(r.last + 1n));
        }
    }
    return [...new Set([...out, ...freshIps])];
}

function bigToIpv4(v: bigint): string {
    const n = Number(v);
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/**
 * Value types of global keys (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * a request carries only values of the key's type, whatever operator a policy compares it with.
 */
const globalKeyTypes: Record<string, "ip" | "bool" | "numeric" | "date"> = {
    "aws:sourceip": "ip",
    "aws:vpcsourceip": "ip",
    "aws:securetransport": "bool",
    "aws:viaawsservice": "bool",
    "aws:principalisawsservice": "bool",
    "aws:multifactorauthpresent": "bool",
    "aws:multifactorauthage": "numeric",
    "aws:epochtime": "numeric",
    "aws:currenttime": "date",
    "aws:tokenissuetime": "date",
};

/** What a requester may put in a key no profile fixes. */
function freeCandidates(key: string, info: { operators: Set<string>; values: Set<string> }): Candidate[] {
    const families = new Set([...info.operators].map((o) => parseOperator(o)?.family).filter((f) => f !== undefined));
    const typed = globalKeyTypes[key];
    if (typed) {
        families.clear();
        families.add(typed);
    }
    const scalars = new Set<string>();
    // Values of an address key are ranges: the candidates are addresses in and around them.
    for (const v of info.values) for (const m of materialize(v)) if (!(families.has("ip") && m.includes("/"))) scalars.add(m);
    if (!typed) scalars.add(freshValue);
    // A typed key always has a plausible value of its type to offer.
    const typedDefaults: Record<string, string[]> = { ip: ["198.51.100.7"], bool: ["true", "false"], numeric: ["0", "3600"], date: ["2026-11-30T12:00:00Z"] };
    if (typed) for (const v of typedDefaults[typed]) scalars.add(v);
    if (families.has("bool")) {
        scalars.add("true");
        scalars.add("false");
    }
    if (families.has("ip")) for (const ip of ipCandidates(info.values)) scalars.add(ip);
    if (families.has("numeric") || families.has("date")) {
        for (const v of info.values) {
            if (/^-?\d+$/.test(v)) {
                scalars.add(String(Number(v) - 1));
                scalars.add(String(Number(v) + 1));
            } else if (!Number.isNaN(Date.parse(v))) {
                scalars.add(new Date(Date.parse(v) - 1000).toISOString());
                scalars.add(new Date(Date.parse(v) + 1000).toISOString());
            }
        }
    }
    const fits = (v: string) =>
        typed === undefined ||
        (typed === "ip" ? ipRange(v) !== undefined && !v.includes("/") : typed === "bool" ? /^(true|false)$/i.test(v) : typed === "numeric" ? /^-?\d+$/.test(v) : !Number.isNaN(Date.parse(v)));
    const out: Candidate[] = [undefined, ...[...scalars].filter(fits)];
    // Sets only for keys that can be multivalued: the documented global ones, or a service key a
    // policy compares with a set operator (global keys not listed are single-valued).
    const setOperators = [...info.operators].some((o) => parseOperator(o)?.set !== undefined);
    if (multivaluedGlobalKeys.has(key) || (setOperators && !key.startsWith("aws:"))) {
        const list = [...scalars].filter(fits);
        out.push([]);
        for (let i = 0; i < list.length && i < 6; i++) {
            out.push([list[i]]);
            for (let j = i + 1; j < list.length && j < 6; j++) out.push([list[i], list[j]]);
        }
    }
    return out;
}

/** The keys a statement's conditions read, lower case. */
function keysOf(s: Statement): string[] {
    const keys: string[] = [];
    for (const block of Object.values(s.condition ?? {})) for (const key of Object.keys(block)) keys.push(key.toLowerCase());
    return keys;
}

/** Condition entries of a statement grouped by lower-case key. */
function entriesByKey(s: Statement): Map<string, { operator: string; key: string; values: string[] }[]> {
    const out = new Map<string, { operator: string; key: string; values: string[] }[]>();
    for (const [operator, block] of Object.entries(s.condition ?? {})) {
        for (const [key, values] of Object.entries(block)) {
            const k = key.toLowerCase();
            let list = out.get(k);
            if (!list) out.set(k, (list = []));
            list.push({ operator, key, values });
        }
    }
    return out;
}

/** The keys a statement's policy variables name (`${aws:username}` in a value or a resource), lower case. */
function variableKeysOf(s: Statement): string[] {
    const keys: string[] = [];
    const scan = (v: string) => {
        for (const m of v.matchAll(/\$\{([^}]*)\}/g)) {
            const name = m[1].split(",")[0].trim().toLowerCase();
            if (name && name !== "*" && name !== "?" && name !== "$") keys.push(name);
        }
    };
    for (const block of Object.values(s.condition ?? {})) for (const values of Object.values(block)) values.forEach(scan);
    for (const r of [...(s.resources ?? []), ...(s.notResources ?? [])]) scan(r);
    return keys;
}

/**
 * Keys linked through policy variables: `StringEquals aws:PrincipalOrgID ${aws:ResourceOrgID}`
 * links the two both ways. A variable can take any value the request carries, so each key of a
 * link may take every value the other may (the outsider's own organization as its bucket's).
 */
function variableLinks(statements: readonly Statement[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    const link = (a: string, b: string) => {
        if (!out.has(a)) out.set(a, new Set());
        out.get(a)!.add(b);
    };
    for (const s of statements) {
        for (const block of Object.values(s.condition ?? {})) {
            for (const [key, values] of Object.entries(block)) {
                for (const v of values) {
                    for (const m of v.matchAll(/\$\{([^}]*)\}/g)) {
                        const name = m[1].split(",")[0].trim().toLowerCase();
                        if (!name || name === "*" || name === "?" || name === "$") continue;
                        link(key.toLowerCase(), name);
                        link(name, key.toLowerCase());
                    }
                }
            }
        }
    }
    return out;
}

/** What a `${...}` variable is made of in a concrete resource (materialize, materializeArn). */
export const variableFill = "x";

/** A statement whose values refer to other keys (`${aws:username}`) is judged only once every key is set. */
function hasVariables(s: Statement): boolean {
    return Object.values(s.condition ?? {}).some((block) => Object.values(block).some((values) => values.some((v) => v.includes("${"))));
}

/**
 * Finds a request for which every `mustMatch` statement matches and no `mustNotMatch` statement
 * does, over the profiles, actions and resources given.
 */
export function findRequest(input: SearchInput): SearchResult {
    let budget = input.budget ?? 20000;
    const all = [...input.mustMatch, ...input.mustNotMatch];
    const info = valuesByKey(all);
    const links = variableLinks(all);
    for (const profile of input.profiles) {
        for (const action of input.actions) {
            for (const resource of input.resourcesFor ? input.resourcesFor(action) : input.resources) {
                // Action, resource and principal decide first (resource variables aside).
                const must = input.mustMatch;
                if (!must.every((s) => statementCoversCaller(s, profile.caller) && statementCoversAction(s, action))) continue;
                const mustNot = input.mustNotMatch.filter((s) => statementCoversCaller(s, profile.caller) && statementCoversAction(s, action));
                // Keys named by policy variables are part of the request too: the requester (or the
                // resource it picks) sets them like any other key.
                const variableKeys = new Set([...must, ...mustNot].flatMap(variableKeysOf));
                const keys = [...new Set([...[...must, ...mustNot].flatMap(keysOf), ...variableKeys])];
                const own = (k: string): Candidate[] | undefined => profile.fixed[k] ?? (profile.absentPrefixes?.some((p) => k.startsWith(p)) ? [undefined] : undefined);
                const free = (k: string): Candidate[] => freeCandidates(k, info.get(k) ?? { operators: new Set(), values: new Set() });
                const domains = keys.map((k) => {
                    const fixed = own(k);
                    if (fixed) return { key: k, candidates: fixed };
                    const candidates = new Set<Candidate>(free(k));
                    if (variableKeys.has(k)) candidates.add(variableFill);
                    for (const other of links.get(k) ?? []) for (const c of own(other) ?? free(other)) if (typeof c === "string") candidates.add(c);
                    return { key: k, candidates: [...candidates] };
                });
                domains.sort((a, b) => a.candidates.length - b.candidates.length);
                const mustEntries = must.map(entriesByKey);
                const mustNotEntries = mustNot.map(entriesByKey);
                const base: RequestContext = {};
                for (const [k, values] of Object.entries(profile.fixed)) {
                    if (values.length === 1 && values[0] !== undefined) base[k] = values[0];
                }
                const ctx: RequestContext = { ...base };
                const assigned = new Set<string>();
                let exhausted = false;

                const entryHolds = (e: { operator: string; key: string; values: string[] }) => conditionHolds(e.operator, e.key, e.values, ctx);
                const entryMayHold = (e: { operator: string; key: string; values: string[] }) => conditionHolds(e.operator, e.key, e.values, ctx, true);
                const statementStillPossible = (entries: Map<string, { operator: string; key: string; values: string[] }[]>, s: Statement) => {
                    if (hasVariables(s)) return true;
                    for (const [k, list] of entries) if (assigned.has(k) && !list.every(entryMayHold)) return false;
                    return true;
                };
                const statementCertainlyMatches = (entries: Map<string, { operator: string; key: string; values: string[] }[]>, s: Statement) => {
                    if (hasVariables(s)) return false;
                    for (const [k, list] of entries) if (!assigned.has(k) || !list.every(entryHolds)) return false;
                    return statementCoversResource(s, resource, ctx);
                };
                const visit = (i: number): boolean => {
                    if (--budget < 0) {
                        exhausted = true;
                        return false;
                    }
                    if (i === domains.length) {
                        if (!must.every((s) => statementCoversResource(s, resource, ctx) && allConditions(s, ctx, true))) return false;
                        return !mustNot.some((s) => statementCoversResource(s, resource, ctx) && allConditions(s, ctx));
                    }
                    const { key, candidates } = domains[i];
                    for (const c of candidates) {
                        if (c === undefined) delete ctx[key];
                        else ctx[key] = c;
                        assigned.add(key);
                        const ok = must.every((s, j) => statementStillPossible(mustEntries[j], s)) && !mustNot.some((s, j) => statementCertainlyMatches(mustNotEntries[j], s));
                        if (ok && visit(i + 1)) return true;
                        assigned.delete(key);
                        if (exhausted) break;
                    }
                    if (base[key] !== undefined) ctx[key] = base[key];
                    else delete ctx[key];
                    return false;
                };
                if (visit(0)) {
                    return { kind: "found", witness: { profile, caller: profile.caller, action, resource, context: { ...ctx } } };
                }
                if (exhausted) return { kind: "undecided", reason: "the policy has too many condition combinations to decide within the pack's search budget" };
            }
        }
    }
    return { kind: "none" };
}

function allConditions(s: Statement, ctx: RequestContext, lenient = false): boolean {
    for (const [operator, block] of Object.entries(s.condition ?? {})) {
        for (const [key, values] of Object.entries(block)) if (!conditionHolds(operator, key, values, ctx, lenient)) return false;
    }
    return true;
}

/** `aws:SourceIp=198.51.100.7, aws:SecureTransport=true` for messages (keys the policy reads only). */
export function describeContext(witness: Witness, statements: readonly Statement[]): string {
    const keys = new Set([...statements.flatMap(keysOf), ...statements.flatMap(variableKeysOf)]);
    const parts: string[] = [];
    for (const k of keys) {
        const v = witness.context[k];
        parts.push(v === undefined ? `${k} absent` : `${k}=${Array.isArray(v) ? `[${v.join(", ")}]` : v}`);
    }
    return parts.length ? parts.join(", ") : "no condition key";
}

/** A statement with the condition entries that hold an unknown value removed (they decide nothing now). */
export function withoutUnknownEntries(s: Statement, unknownEntries: { operator: string; key: string }[]): Statement {
    if (unknownEntries.length === 0) return s;
    const condition: Record<string, Record<string, string[]>> = {};
    for (const [operator, block] of Object.entries(s.condition ?? {})) {
        for (const [key, values] of Object.entries(block)) {
            if (unknownEntries.some((e) => e.operator === operator && e.key === key)) continue;
            (condition[operator] ??= {})[key] = values;
        }
    }
    return { ...s, condition };
}

