/**
 * The quotas that hold in one Region. AWS quotas are per Region ("Unless otherwise noted,
 * each quota is Region-specific": https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html),
 * so a raise granted in one Region says nothing of another. The definition's top-level
 * `quotas` are the home Region's and the default for every Region;
 * `network.regions.<region>.quotas` overrides them, key by key, for that Region only.
 * Pure: reads the definition (typed, or the raw parsed YAML) defensively.
 */
import { Quota, quotas } from "../aws/quotas";
import { Path, formatPath } from "./locate";

/** The quotas a definition may raise (`quotas.*`, `network.regions.<region>.quotas.*`). */
export const raisableQuotas = ["interfaceEndpointsPerVpc", "vpcsPerProfile", "vpcsPerPrivateHostedZone", "tgwRouteTables", "tgwRoutes", "tgwPeeringAttachments", "tgwPendingPeeringAttachments", "securityGroupInboundRules"] as const;
export type RaisableQuota = (typeof raisableQuotas)[number];

/** A quota as it holds in one Region, with the key that set it (none: the AWS default). */
export interface EffectiveQuota extends Quota {
    /** The definition key that set the value: `["quotas", key]` or `["network", "regions", region, "quotas", key]`; undefined: AWS's default. */
    setBy?: Path;
    /** Set by the Region's own override (`network.regions.<region>.quotas`). */
    override: boolean;
    /** The key a user sets to raise this quota in this Region, as text. */
    raiseWith: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const raised = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1;

/**
 * Every AWS quota of aws/quotas.ts as it holds in `region`: for an adjustable one, the
 * Region's override (`network.regions.<region>.quotas.<key>`), else the top-level
 * `quotas.<key>`, else AWS's default; a quota that is not adjustable is always AWS's.
 * `region` undefined or equal to the definition's `region` is the home Region, which has
 * no override (its raised values are the top-level ones). A value that is not a whole
 * number of at least 1 is skipped (the shape check reports it).
 */
export function quotasIn(definition: unknown, region?: string): Record<keyof typeof quotas, EffectiveQuota> {
    const root = isRecord(definition) ? definition : {};
    const home = typeof root.region === "string" ? root.region : undefined;
    const atHome = region === undefined || region === home;
    const top = isRecord(root.quotas) ? root.quotas : {};
    const network = isRecord(root.network) ? root.network : {};
    const regions = isRecord(network.regions) ? network.regions : {};
    const regional = !atHome && isRecord(regions[region]) ? regions[region] : {};
    const own = !atHome && isRecord(regional.quotas) ? regional.quotas : {};
    const out = {} as Record<keyof typeof quotas, EffectiveQuota>;
    for (const key of Object.keys(quotas) as (keyof typeof quotas)[]) {
        const base: Quota = quotas[key];
        const raisable = base.adjustable && (raisableQuotas as readonly string[]).includes(key);
        const overridePath: Path = ["network", "regions", region ?? "", "quotas", key];
        const raiseWith = atHome ? `quotas.${key}` : formatPath(overridePath);
        if (raisable && raised(own[key])) {
            out[key] = { ...base, value: own[key], source: `${base.source}, set in ${formatPath(overridePath)}`, setBy: overridePath, override: true, raiseWith };
        } else if (raisable && raised(top[key])) {
            const path: Path = ["quotas", key];
            out[key] = { ...base, value: top[key], source: `${base.source}, raised in quotas.${key}${atHome ? "" : ` (the default for every Region)`}`, setBy: path, override: false, raiseWith };
        } else {
            out[key] = { ...base, override: false, raiseWith };
        }
    }
    return out;
}
