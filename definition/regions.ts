/**
 * The Regions of an environment: the home Region (`region`: organization-wide resources and
 * the first hub) and each Region of `network.regions`, with its own hub, transit gateway and
 * interface endpoints. Everything that asks "which Region is this in" or "what does this
 * Region's hub look like" reads it here, so a single-Region definition and a multi-Region
 * one go through the same code: a single-Region definition has one entry, the home Region.
 */
import { Quota, quotas } from "../aws/quotas";
import { Definition, Spoke } from "./schema";

type Hub = Definition["network"]["hub"];

/** One Region with a hub: what its network unit builds. */
export interface HubRegion {
    /** The Region code, e.g. `eu-west-1`. */
    region: string;
    /** True for the definition's `region`: the first hub, and organization-wide resources. */
    home: boolean;
    /** The Region's hub VPC (CIDR, AZs). */
    hub: Hub;
    /** Amazon-side ASN of the Region's transit gateway. */
    asn: number;
    /** Services that get an interface endpoint in this Region (the home Region's unless the Region lists its own). */
    services: string[];
    /** The unit (and stack suffix) that deploys this Region's network: `network` at home, `network-<region>` elsewhere. */
    unit: string;
    /**
     * Where this Region's entry sits in the definition, as a key path: `["network"]` for the
     * home Region (its `hub`, `transitGateway`, `endpoints`), `["network", "regions", <region>]`
     * otherwise. Checks append the key they report on.
     */
    path: (string | number)[];
}

/** The unit prefix of a Region's network unit, other than the home Region's (`network`). */
export const REGIONAL_NETWORK_UNIT_PREFIX = "network-";

/** The network unit of a Region: `network` for the home Region, `network-<region>` for another. */
export function networkUnitOf(definition: Definition, region: string): string {
    return region === definition.region ? "network" : `${REGIONAL_NETWORK_UNIT_PREFIX}${region}`;
}

/** The Region a network unit deploys, or undefined when `unit` is not a network unit of the definition. */
export function regionOfNetworkUnit(definition: Definition, unit: string): string | undefined {
    return hubRegions(definition).find((r) => r.unit === unit)?.region;
}

/**
 * Every Region with a hub, the home Region first, then `network.regions` in the order the
 * definition lists them. A definition without `network.regions` has exactly one: home.
 */
export function hubRegions(definition: Definition): HubRegion[] {
    const home: HubRegion = {
        region: definition.region,
        home: true,
        hub: definition.network.hub,
        asn: definition.network.transitGateway.asn,
        services: definition.network.endpoints.services,
        unit: "network",
        path: ["network"],
    };
    const others = Object.entries(definition.network.regions ?? {})
        .filter(([region]) => region !== definition.region)
        .map(([region, r]): HubRegion => ({
            region,
            home: false,
            hub: r.hub,
            asn: r.transitGateway.asn,
            services: r.endpoints?.services ?? definition.network.endpoints.services,
            unit: networkUnitOf(definition, region),
            path: ["network", "regions", region],
        }));
    return [home, ...others];
}

/** The hub Region `region`, or undefined when the definition has no hub there. */
export function hubRegion(definition: Definition, region: string): HubRegion | undefined {
    return hubRegions(definition).find((r) => r.region === region);
}

/** True when the definition has a hub in more than one Region. */
export function isMultiRegion(definition: Definition): boolean {
    return hubRegions(definition).length > 1;
}

/** The Region a spoke's VPC lives in: its own `region`, or the home Region. */
export function spokeRegion(definition: Definition, spoke: Pick<Spoke, "region">): string {
    return spoke.region ?? definition.region;
}

/** The spokes whose VPCs live in `region`, in definition order. */
export function spokesIn(definition: Definition, region: string): Spoke[] {
    return definition.spokes.filter((s) => spokeRegion(definition, s) === region);
}

/**
 * The summary blocks of `domain` in `region`: the home Region's are
 * `network.transitGateway.domains.<domain>.cidrs`, another Region's
 * `network.regions.<region>.summaries.<domain>`.
 */
export function summariesIn(definition: Definition, domain: string, region: string): string[] {
    if (region === definition.region) return definition.network.transitGateway.domains[domain]?.cidrs ?? [];
    return definition.network.regions?.[region]?.summaries?.[domain] ?? [];
}

/**
 * One transit gateway peering. The requester is a function of the pair alone (see
 * `planPeerings`): the home Region when it is one of the two, otherwise the Region whose code
 * sorts first. It never depends on the order `network.regions` lists its keys.
 */
export interface RegionPeering {
    requester: string;
    accepter: string;
    /** Resource-name fragment, the same on both sides: `<requester>-<accepter>`. */
    key: string;
}

/**
 * The requester of the peering between Regions `a` and `b`: `home` when it is one of them,
 * otherwise the Region whose code sorts first. A stable function of the pair, so reordering
 * the keys of `network.regions` (the same Regions) plans the same peerings: a flipped
 * requester would create a second peering attachment between two transit gateways that
 * already have one, which AWS refuses (quota "peering attachments between two transit
 * gateways": 1, not adjustable, aws/quotas.ts `tgwPeeringAttachmentsBetweenTransitGateways`).
 */
export function peeringRequester(home: string, a: string, b: string): string {
    if (a === home || b === home) return home;
    return a < b ? a : b;
}

/**
 * The peering plan for hub Regions, the home Region first (as `hubRegions` lists them): every
 * pair peered once (full mesh: peering is not transitive). The requester of each pair is
 * `peeringRequester` (home, else the Region code that sorts first), never the order of
 * `network.regions`; the plan lists home's peerings first, then the others by Region code.
 * Pure, so the validator plans exactly what the program builds.
 */
export function planPeerings(regions: readonly string[]): RegionPeering[] {
    if (regions.length === 0) return [];
    const [home, ...rest] = regions;
    const ordered = [home, ...[...new Set(rest)].filter((r) => r !== home).sort()];
    const out: RegionPeering[] = [];
    ordered.forEach((a, i) => {
        for (const b of ordered.slice(i + 1)) {
            const requester = peeringRequester(home, a, b);
            const accepter = requester === a ? b : a;
            out.push({ requester, accepter, key: `${requester}-${accepter}` });
        }
    });
    return out;
}

/** A pair of Regions a peering plan gives more peering attachments than AWS allows between two transit gateways. */
export interface PeeringPairOverQuota {
    /** The two Regions, in plan order (the requester's first). */
    pair: [string, string];
    /** Peering attachments the plan puts between them. */
    count: number;
    quota: Quota;
}

/**
 * The pairs of transit gateways a plan peers more often than the quota "peering attachments
 * between two transit gateways" (1, not adjustable: aws/quotas.ts). A plan that needs a second
 * peering between the same two Regions (one per route domain, say) cannot be built: the second
 * CreateTransitGatewayPeeringAttachment fails.
 */
export function peeringPairsOverQuota(
    peerings: readonly Pick<RegionPeering, "requester" | "accepter">[],
    quota: Quota = quotas.tgwPeeringAttachmentsBetweenTransitGateways,
): PeeringPairOverQuota[] {
    const counts = new Map<string, { pair: [string, string]; count: number }>();
    for (const p of peerings) {
        const key = [p.requester, p.accepter].sort().join(" ");
        const seen = counts.get(key) ?? { pair: [p.requester, p.accepter], count: 0 };
        seen.count += 1;
        counts.set(key, seen);
    }
    return [...counts.values()].filter((c) => c.count > quota.value).map((c) => ({ ...c, quota }));
}

/**
 * Every pair of hub Regions, peered (full mesh): n·(n-1)/2 peerings, each requested from
 * home when home is one of the pair, otherwise from the Region whose code sorts first
 * (`peeringRequester`: never the key order of `network.regions`), and accepted in the other. Never more
 * than the quota between two transit gateways (validation reports a plan that would be:
 * definition/checks/regions.ts).
 */
export function regionPeerings(definition: Definition): RegionPeering[] {
    const plan = planPeerings(hubRegions(definition).map((r) => r.region));
    const over = peeringPairsOverQuota(plan);
    if (over.length > 0) throw new Error(`the peering plan peers ${over.map((o) => o.pair.join(" and ")).join(", ")} more than once: ${over[0].quota.source} is ${over[0].quota.value} (${over[0].quota.url})`);
    return plan;
}

/** The peerings `region`'s transit gateway takes part in, with the Region at the other end. */
export function peeringsOf(definition: Definition, region: string): (RegionPeering & { peer: string; side: "requester" | "accepter" })[] {
    return regionPeerings(definition).flatMap((p): (RegionPeering & { peer: string; side: "requester" | "accepter" })[] =>
        p.requester === region ? [{ ...p, peer: p.accepter, side: "requester" as const }] : p.accepter === region ? [{ ...p, peer: p.requester, side: "accepter" as const }] : [],
    );
}
