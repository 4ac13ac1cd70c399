/**
 * IAM's documented evaluation semantics, in one place: does a statement match a request, and
 * what does each condition operator do with the request's context keys? Every rule that reads a
 * policy document asks this module (directly, or through iam-witness.ts, which searches for a
 * request an outsider could make).
 *
 * Sources (AWS IAM User Guide):
 * - Condition operators, absent keys, `...IfExists`, `Null`:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 *   "If the key that you specify in a policy condition is not present in the request context, the
 *   values do not match and the condition is false. If the policy condition requires that the key
 *   is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the
 *   condition is true."
 * - Several values for one key are ORed; several keys and operators of one statement are ANDed;
 *   a negated operator with several values matches when the request value matches none of them:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 * - Set operators on multivalued keys (`ForAllValues:` is true when the key is absent or empty,
 *   `ForAnyValue:` is false then), and their use with negated operators:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * - Condition key names are not case-sensitive; values are compared as the operator says
 *   (`StringEquals` case-sensitive, `StringEqualsIgnoreCase` not, `Bool` not):
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 * - Action names are not case-sensitive and take `*`/`?` wildcards:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * - Resource ARNs: six colon-separated fields, wildcards within a field, the resource part
 *   case-sensitive: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 *   and ArnLike/ArnEquals compare "each of the six colon-delimited components separately".
 * - Principal "*" / {"AWS": "*"} is everyone, anonymous included; an account id or
 *   `arn:aws:iam::<account>:root` is every principal of that account:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * - NotPrincipal matches every principal except those it names:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * - Policy variables (`${aws:username}`) are replaced by the request's value; `${*}`, `${?}`,
 *   `${$}` stand for the literal characters:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 *
 * Condition operator names are spelled exactly as IAM lists them. AWS documents case-insensitive
 * condition key names ("Condition key names are not case-sensitive", the Condition page) and
 * action names ("The prefix and the action name are case insensitive", the Action page), and
 * says nothing of the kind for operators: the operators page lists each by one spelling, and the
 * grammar (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)
 * gives `condition_type_string` "specific allowed values". IAM itself rejects another spelling:
 * "MalformedPolicyDocument: Invalid Condition type : stringEquals" (CreateRole, quoted in
 * https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893). So
 * `stringequals` is no operator here (parseOperator: undefined), as in the program's
 * perimeter/check.ts and the pack's grammar rule: a statement using it can never match, and
 * the rules report it rather than read it either way.
 */
import { IPv4, IPv6, IPv6CidrRange, Validator } from "ip-num";
import { Statement } from "./policy-document";

/** A request's context: lower-case key → one value or a list (multivalued keys). */
export type RequestContext = Record<string, string | string[]>;

export type BaseOperator =
    | "StringEquals" | "StringNotEquals" | "StringEqualsIgnoreCase" | "StringNotEqualsIgnoreCase" | "StringLike" | "StringNotLike"
    | "NumericEquals" | "NumericNotEquals" | "NumericLessThan" | "NumericLessThanEquals" | "NumericGreaterThan" | "NumericGreaterThanEquals"
    | "DateEquals" | "DateNotEquals" | "DateLessThan" | "DateLessThanEquals" | "DateGreaterThan" | "DateGreaterThanEquals"
    | "Bool" | "BinaryEquals" | "IpAddress" | "NotIpAddress" | "ArnEquals" | "ArnLike" | "ArnNotEquals" | "ArnNotLike" | "Null";

const baseOperators: BaseOperator[] = [
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
];
const baseSet: ReadonlySet<string> = new Set(baseOperators);

/** Negated operators: true when the request value matches none of the policy values. */
const negated: ReadonlySet<BaseOperator> = new Set<BaseOperator>([
    "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike",
]);

export interface Operator {
    /** As written. */
    text: string;
    base: BaseOperator;
    set?: "ForAnyValue" | "ForAllValues";
    ifExists: boolean;
    /** True for StringNotEquals, NotIpAddress, ArnNotLike... (not Null). */
    negated: boolean;
    /** The value family the operator compares. */
    family: "string" | "numeric" | "date" | "bool" | "binary" | "ip" | "arn" | "null";
}

const operatorCache = new Map<string, Operator | null>();

/**
 * `ForAnyValue:StringNotLikeIfExists` → its parts; undefined when IAM defines no such operator
 * (another spelling of a name included: see the module comment).
 */
export function parseOperator(text: string): Operator | undefined {
    const cached = operatorCache.get(text);
    if (cached !== undefined) return cached ?? undefined;
    let rest = text;
    let set: Operator["set"];
    const m = /^(ForAnyValue|ForAllValues):(.*)$/.exec(rest);
    if (m) {
        set = m[1] as Operator["set"];
        rest = m[2];
    }
    let ifExists = false;
    if (rest.endsWith("IfExists") && rest.length > "IfExists".length) {
        ifExists = true;
        rest = rest.slice(0, -"IfExists".length);
    }
    const base = baseSet.has(rest) ? (rest as BaseOperator) : undefined;
    let op: Operator | undefined;
    if (base && !(base === "Null" && (ifExists || set))) {
        const family: Operator["family"] = base.startsWith("String") ? "string" : base.startsWith("Numeric") ? "numeric" : base.startsWith("Date") ? "date"
            : base === "Bool" ? "bool" : base === "BinaryEquals" ? "binary" : base.endsWith("IpAddress") ? "ip" : base.startsWith("Arn") ? "arn" : "null";
        op = { text, base, set, ifExists, negated: negated.has(base), family };
    }
    operatorCache.set(text, op ?? null);
    return op;
}

/**
 * How IAM spells an operator written in another case (`stringequals` → `StringEquals`), for
 * messages; undefined when it is no operator in any case.
 */
export function operatorSpelling(text: string): string | undefined {
    const lower = text.toLowerCase();
    const m = /^(foranyvalue|forallvalues):(.*)$/.exec(lower);
    const prefix = m ? (m[1] === "foranyvalue" ? "ForAnyValue:" : "ForAllValues:") : "";
    let rest = m ? m[2] : lower;
    const suffix = rest.endsWith("ifexists") && rest.length > "ifexists".length ? "IfExists" : "";
    if (suffix) rest = rest.slice(0, -suffix.length);
    const base = baseOperators.find((o) => o.toLowerCase() === rest);
    if (!base) return undefined;
    const spelled = `${prefix}${base}${suffix}`;
    return parseOperator(spelled) ? spelled : undefined;
}

/** What is wrong with an operator IAM does not define, for messages. */
export function undefinedOperatorProblem(text: string): string {
    const spelled = operatorSpelling(text);
    return spelled
        ? `uses condition operator "${text}", which IAM does not define: operator names are spelled exactly as IAM lists them (write "${spelled}"; IAM rejects "${text}" as an invalid Condition type)`
        : `uses condition operator "${text}", which IAM does not define`;
}

/** The policy's values of a condition entry as strings (booleans and numbers as IAM reads them). */
export function conditionValues(value: unknown): string[] {
    const list = Array.isArray(value) ? value : [value];
    return list.filter((v) => v !== undefined && v !== null).map((v) => String(v));
}

// ---- wildcards --------------------------------------------------------------------------

const wildcardCache = new Map<string, RegExp>();

/** `*` any run, `?` one character; the rest literal. */
export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
    const key = `${ignoreCase ? "i" : "s"}${pattern}`;
    let re = wildcardCache.get(key);
    if (!re) {
        const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
        re = new RegExp(`^${escaped}$`, ignoreCase ? "i" : "");
        if (wildcardCache.size > 4096) wildcardCache.clear();
        wildcardCache.set(key, re);
    }
    return re;
}

/** Policy variables replaced from the request; undefined when one is absent (the value cannot match). */
export function substituteVariables(value: string, ctx: RequestContext): string | undefined {
    if (!value.includes("${")) return value;
    let missing = false;
    const out = value.replace(/\$\{([^}]*)\}/g, (_all, inner: string) => {
        if (inner === "*" || inner === "?" || inner === "$") return `\u0001${inner}`;
        const [name, fallback] = inner.split(/\s*,\s*/, 2);
        const v = ctx[name.trim().toLowerCase()];
        if (typeof v === "string") return v;
        if (fallback !== undefined) return fallback.replace(/^'(.*)'$/, "$1");
        missing = true;
        return "";
    });
    return missing ? undefined : out;
}

function likeMatches(value: string, pattern: string, ignoreCase = false): boolean {
    if (!pattern.includes("\u0001")) return wildcardRegExp(pattern, ignoreCase).test(value);
    // Escaped wildcards: build the expression by hand.
    const re = new RegExp(
        `^${pattern
            .split(/(\u0001[*?$]|[*?])/)
            .map((part) => (part === "*" ? "[\\s\\S]*" : part === "?" ? "[\\s\\S]" : part.startsWith("\u0001") ? `\\${part[1]}` : part.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
            .join("")}$`,
        ignoreCase ? "i" : "",
    );
    return re.test(value);
}

/** A substituted value read literally (`${*}` escapes become the plain character). */
function literal(value: string): string {
    return value.replace(/\u0001([*?$])/g, "$1");
}

// ---- ARNs -----------------------------------------------------------------------------

/** The six fields of an ARN (the resource part keeps its colons), or undefined. */
export function arnFields(arn: string): string[] | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/** ArnLike semantics: each of the six fields matched separately, wildcards within a field. */
export function arnLike(value: string, pattern: string): boolean {
    if (pattern === "*") return true;
    const v = arnFields(value);
    const p = arnFields(pattern);
    if (!v || !p) return false;
    return p.every((field, i) => likeMatches(v[i], field));
}

/**
 * Is every string `inner` matches (`*` any run, `?` one character) also matched by `outer`?
 * Decided on the patterns themselves: `outer`'s `*` may absorb anything of `inner` (a literal,
 * `?` or `*`), its `?` exactly one literal or `?`, its literals only the same literal. Sound (a
 * `true` is always right); it may say `false` for a few equal pairs written differently
 * (`?*` against `*?`), which only makes a caller stricter.
 */
export function globWithin(inner: string, outer: string, ignoreCase = false): boolean {
    const p = ignoreCase ? inner.toLowerCase() : inner;
    const q = ignoreCase ? outer.toLowerCase() : outer;
    const memo = new Map<number, boolean>();
    const within = (i: number, j: number): boolean => {
        const key = i * (q.length + 1) + j;
        const known = memo.get(key);
        if (known !== undefined) return known;
        let result: boolean;
        if (j === q.length) result = i === p.length;
        else if (q[j] === "*") result = within(i, j + 1) || (i < p.length && within(i + 1, j));
        else if (i === p.length) result = false;
        else if (q[j] === "?") result = p[i] !== "*" && within(i + 1, j + 1);
        else result = p[i] === q[j] && within(i + 1, j + 1);
        memo.set(key, result);
        return result;
    };
    return within(0, 0);
}

/**
 * Does every resource the Resource pattern `inner` can name also fit the pattern `outer`, field by
 * field (partition, service, Region, account, resource), as IAM matches Resource elements?
 * `inner`'s policy variables (`${aws:username}`) stand for any value; `*` alone names everything.
 */
export function arnPatternWithin(inner: string, outer: string): boolean {
    if (outer === "*") return true;
    if (inner === "*") return false;
    const i = arnFields(inner.replace(/\$\{[^}]*\}/g, "*"));
    const o = arnFields(outer);
    if (!i || !o) return false;
    // Case-sensitive in every field, as resourceMatches compares them.
    return i.every((field, n) => globWithin(field, o[n]));
}

// ---- values of each family ----------------------------------------------------------

function parseNumber(text: string): number | undefined {
    if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return undefined;
    return Number(text);
}

function parseDate(text: string): number | undefined {
    const t = text.trim();
    if (/^-?\d+$/.test(t)) return Number(t) * 1000; // epoch seconds
    if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms;
}

type IpRange = { v: 4; first: bigint; last: bigint } | { v: 6; first: bigint; last: bigint };
const ipCache = new Map<string, IpRange | null>();

/** An IP address or CIDR as a numeric range (IPv4 or IPv6); undefined when it is neither. */
export function ipRange(text: string): IpRange | undefined {
    const cached = ipCache.get(text);
    if (cached !== undefined) return cached ?? undefined;
    let range: IpRange | null = null;
    try {
        if (Validator.isValidIPv4CidrNotation(text)[0]) {
            const [address, prefix] = text.split("/");
            const bits = 32n - BigInt(prefix);
            const base = (IPv4.fromDecimalDottedString(address).getValue() >> bits) << bits;
            range = { v: 4, first: base, last: base + (1n << bits) - 1n };
        } else if (Validator.isValidIPv4String(text)[0]) {
            const v = IPv4.fromDecimalDottedString(text).getValue();
            range = { v: 4, first: v, last: v };
        } else if (Validator.isValidIPv6CidrNotation(text)[0]) {
            const r = IPv6CidrRange.fromCidr(text);
            range = { v: 6, first: r.getFirst().getValue(), last: r.getLast().getValue() };
        } else if (Validator.isValidIPv6String(text)[0]) {
            const v = IPv6.fromString(text).getValue();
            range = { v: 6, first: v, last: v };
        }
    } catch {
        range = null;
    }
    if (ipCache.size > 4096) ipCache.clear();
    ipCache.set(text, range);
    return range ?? undefined;
}

/** Does one request value match one policy value under the operator's (non-negated) comparison? */
function valueMatches(op: Operator, requestValue: string, policyValue: string, ctx: RequestContext): boolean {
    const substituted = op.family === "string" || op.family === "arn" ? substituteVariables(policyValue, ctx) : policyValue;
    if (substituted === undefined) return false;
    switch (op.base) {
        case "StringEquals":
        case "StringNotEquals":
            return requestValue === literal(substituted);
        case "StringEqualsIgnoreCase":
        case "StringNotEqualsIgnoreCase":
            return requestValue.toLowerCase() === literal(substituted).toLowerCase();
        case "StringLike":
        case "StringNotLike":
            return likeMatches(requestValue, substituted);
        case "ArnEquals":
        case "ArnLike":
        case "ArnNotEquals":
        case "ArnNotLike":
            return arnLike(requestValue, substituted);
        case "Bool":
            return requestValue.toLowerCase() === policyValue.toLowerCase();
        case "BinaryEquals":
            return requestValue === policyValue;
        case "IpAddress":
        case "NotIpAddress": {
            const v = ipRange(requestValue);
            const p = ipRange(policyValue);
            return !!v && !!p && v.v === p.v && v.first >= p.first && v.last <= p.last;
        }
        default:
            break;
    }
    if (op.family === "numeric") {
        const a = parseNumber(requestValue);
        const b = parseNumber(policyValue);
        if (a === undefined || b === undefined) return false;
        return compare(op.base.slice("Numeric".length), a, b);
    }
    if (op.family === "date") {
        const a = parseDate(requestValue);
        const b = parseDate(policyValue);
        if (a === undefined || b === undefined) return false;
        return compare(op.base.slice("Date".length), a, b);
    }
    return false;
}

function compare(relation: string, a: number, b: number): boolean {
    switch (relation) {
        case "Equals":
        case "NotEquals":
            return a === b;
        case "LessThan":
            return a < b;
        case "LessThanEquals":
            return a <= b;
        case "GreaterThan":
            return a > b;
        case "GreaterThanEquals":
            return a >= b;
        default:
            return false;
    }
}

/** One request value against the policy's values: ORed, and negated for the Not operators. */
function singleValueHolds(op: Operator, requestValue: string, policyValues: string[], ctx: RequestContext): boolean {
    const any = policyValues.some((p) => valueMatches(op, requestValue, p, ctx));
    return op.negated ? !any : any;
}

/**
 * Global keys AWS documents as multivalued ("Value type: Multivalued",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
export const multivaluedGlobalKeys: ReadonlySet<string> = new Set([
    "aws:principalorgpaths", "aws:tagkeys", "aws:calledvia", "aws:vpceorgpaths", "aws:principalservicenameslist", "aws:sourceorgpaths", "aws:resourceorgpaths",
]);

/** The request's values of `key` (lower case), or undefined when the key is absent. */
export function contextValues(ctx: RequestContext, key: string): string[] | undefined {
    const v = ctx[key.toLowerCase()];
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v : [v];
}

/**
 * Does one condition entry (`operator: { key: values }`) hold for the request?
 *
 * `lenient` answers the one case AWS leaves undocumented in the requester's favour: an operator
 * without a set prefix on a multivalued key ("Multivalued context keys require a condition set
 * operator"). Strictly it never holds (the independent evaluator's reading); leniently it holds,
 * which is what a search for a request that gets through must assume.
 */
export function conditionHolds(operator: string | Operator, key: string, values: unknown, ctx: RequestContext, lenient = false): boolean {
    const op = typeof operator === "string" ? parseOperator(operator) : operator;
    if (!op) return false; // IAM rejects the policy; the statement can never match
    const policyValues = conditionValues(values);
    const requestValues = contextValues(ctx, key);
    if (op.base === "Null") {
        // "true": the key must be absent; "false": present. Several values are ORed.
        const absent = requestValues === undefined;
        return policyValues.some((p) => (p.toLowerCase() === "true" ? absent : p.toLowerCase() === "false" ? !absent : false));
    }
    if (requestValues === undefined) {
        // A set operator decides an absent key before IfExists does: ForAnyValue:...IfExists on
        // an absent key is false, as AWS answered for ForAnyValue:StringEqualsIfExists
        // (https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w) and the independent evaluator agrees.
        if (op.set === "ForAllValues") return true;
        if (op.set === "ForAnyValue") return false;
        if (op.ifExists) return true;
        return op.negated;
    }
    if (op.set === "ForAllValues") return requestValues.every((v) => singleValueHolds(op, v, policyValues, ctx));
    if (op.set === "ForAnyValue") return requestValues.some((v) => singleValueHolds(op, v, policyValues, ctx));
    if (multivaluedGlobalKeys.has(key.toLowerCase()) || Array.isArray(ctx[key.toLowerCase()])) return lenient;
    return singleValueHolds(op, requestValues[0], policyValues, ctx);
}

/** Every condition entry of the statement holds (entries are ANDed). */
export function conditionsHold(s: Statement, ctx: RequestContext): boolean {
    for (const [operator, block] of Object.entries(s.condition ?? {})) {
        for (const [key, values] of Object.entries(block)) {
            if (!conditionHolds(operator, key, values, ctx)) return false;
        }
    }
    return true;
}

// ---- action, resource, principal --------------------------------------------------------

export function actionMatches(pattern: string, action: string): boolean {
    if (pattern === "*") return true;
    return wildcardRegExp(pattern, true).test(action);
}

/** Resource element: `*`, or an ARN pattern matched field by field (variables substituted). */
export function resourceMatches(pattern: string, arn: string, ctx: RequestContext): boolean {
    if (pattern === "*") return true;
    const p = substituteVariables(pattern, ctx);
    if (p === undefined) return false;
    const pf = arnFields(p);
    const af = arnFields(arn);
    if (!pf || !af) return false;
    // ARNs are case-sensitive, every field (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html):
    // a pattern with `S3` in the service field names no resource (every format writes it in lower case).
    return pf.every((field, i) => likeMatches(af[i], field));
}

/** Who makes the request. */
export type Caller =
    | { kind: "anonymous" }
    | { kind: "iam"; account: string; arn: string }
    | { kind: "service"; service: string };

function principalValueMatches(value: string, caller: Caller): boolean {
    if (caller.kind === "anonymous") return false;
    if (caller.kind === "service") return value === caller.service;
    if (value === caller.account) return true;
    if (/^arn:[^:]+:iam::(\d{12}):root$/.test(value)) return value.split(":")[4] === caller.account;
    if (value.includes("*")) return false; // wildcards are allowed only as a whole "*"
    if (value === caller.arn) return true;
    // An assumed-role session matches its role.
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller.arn);
    return !!session && value === `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
}

/**
 * Principal types that name identities the pack cannot place in an account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
 * a `CanonicalUser` id (an account's canonical id, or a CloudFront origin access identity) and a
 * `Federated` identity provider (a web identity or SAML user of any account that trusts it). The
 * config holds account ids, not canonical ids or providers, so such a principal may be anyone.
 * Any other type than `AWS` and `Service` is treated the same way.
 */
const placeablePrincipalTypes = new Set(["AWS", "Service"]);

/**
 * Does the Principal map (or `*`) name the caller? `unplaceable` is the answer for principal
 * types the pack cannot place in an account (see above): callers pass the pessimistic one (an
 * Allow may name the outsider; a Deny may not name the caller).
 */
export function principalNames(principal: "*" | Record<string, string[]>, caller: Caller, unplaceable = false): boolean {
    if (principal === "*") return true;
    for (const [type, values] of Object.entries(principal)) {
        if (type === "AWS" && values.includes("*")) return true;
        if (type === "AWS" && values.some((v) => principalValueMatches(v, caller))) return true;
        if (type === "Service" && caller.kind === "service" && values.includes(caller.service)) return true;
        if (unplaceable && !placeablePrincipalTypes.has(type) && caller.kind === "iam" && values.length > 0) return true;
    }
    return false;
}

/**
 * Principal / NotPrincipal of a resource-based statement against the caller; true when absent
 * (identity policies). A principal the pack cannot place is taken pessimistically: it names an
 * IAM caller in an Allow, and does not in a Deny (and the reverse under NotPrincipal).
 */
export function statementCoversCaller(s: Statement, caller: Caller): boolean {
    const allow = s.effect === "Allow";
    if (s.principal !== undefined) return principalNames(s.principal, caller, allow);
    if (s.notPrincipal !== undefined) return !principalNames(s.notPrincipal, caller, !allow);
    return true;
}

export interface Request {
    caller: Caller;
    action: string;
    resource: string;
    context: RequestContext;
}

/** Action / NotAction of the statement covers the action. */
export function statementCoversAction(s: Statement, action: string): boolean {
    if (s.actions) return s.actions.some((p) => actionMatches(p, action));
    if (s.notActions) return !s.notActions.some((p) => actionMatches(p, action));
    return false;
}

/** Resource / NotResource of the statement covers the ARN. */
export function statementCoversResource(s: Statement, arn: string, ctx: RequestContext): boolean {
    if (s.resources) return s.resources.some((p) => resourceMatches(p, arn, ctx));
    if (s.notResources) return !s.notResources.some((p) => resourceMatches(p, arn, ctx));
    return false;
}

/** Does the statement apply to the request (principal, action, resource and every condition)? */
export function statementMatches(s: Statement, request: Request, options: { checkPrincipal?: boolean } = {}): boolean {
    if ((options.checkPrincipal ?? true) && !statementCoversCaller(s, request.caller)) return false;
    if (!statementCoversAction(s, request.action)) return false;
    if (!statementCoversResource(s, request.resource, request.context)) return false;
    return conditionsHold(s, request.context);
}

/** IAM's verdict for one policy alone: an explicit Deny wins, else an Allow, else implicit deny. */
export function documentDecision(statements: readonly Statement[], request: Request, options: { checkPrincipal?: boolean } = {}): "allowed" | "explicit-deny" | "implicit-deny" {
    let allowed = false;
    for (const s of statements) {
        if (!statementMatches(s, request, options)) continue;
        if (s.effect === "Deny") return "explicit-deny";
        if (s.effect === "Allow") allowed = true;
    }
    return allowed ? "allowed" : "implicit-deny";
}
