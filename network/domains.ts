/**
 * Route-domain logic: which TGW route tables an attachment propagates into, which CIDRs
 * each domain routes statically or blackholes, and the summaries VPC route tables send
 * to the transit gateway. Pure functions of the definition, no Pulumi.
 */
import { compareCidrs, contains, PRIVATE_BLOCKS } from "../definition/cidr";
import { Definition } from "../definition/schema";
import { HUB_DOMAIN, ONPREM_DOMAIN } from "../definition/validate";
import { hubRegions, isMultiRegion, spokeRegion, summariesIn } from "../definition/regions";

/** The hub's route domain (the definition's `HUB_DOMAIN`). */
export const SHARED_DOMAIN = HUB_DOMAIN;
/** The on-premises connection's route domain. */
export { ONPREM_DOMAIN };

/** Route domain names in a stable order (declaration order). */
export function domainNames(definition: Definition): string[] {
    return Object.keys(definition.network.transitGateway.domains);
}

/** Domains whose VPCs may send traffic to `domain`: the route tables `domain`'s attachments propagate into. */
export function domainsReaching(definition: Definition, domain: string): string[] {
    return domainNames(definition).filter((d) => definition.network.transitGateway.domains[d].reaches.includes(domain));
}

/** On-premises ranges (routed where a domain reaches `onprem`). */
export function onPremisesCidrs(definition: Definition): string[] {
    return definition.network.dns.onPremises.cidrs;
}

/** True when on-premises is connected to the TGW (a VPN built here or an existing attachment). */
export function hasOnPremisesConnection(definition: Definition): boolean {
    return definition.network.transitGateway.onPremises !== undefined;
}

/** True when `from`'s VPCs may send to `to` (it is in `from`'s `reaches`). */
export function reaches(definition: Definition, from: string, to: string): boolean {
    return (definition.network.transitGateway.domains[from]?.reaches ?? []).includes(to);
}

/**
 * What the definition intends between a VPC of domain `from` and one of domain `to`:
 * `two-way` when each domain reaches the other (a conversation: packets and replies),
 * `one-way` when `from` reaches `to` and declares it in `oneWay` (packets without
 * replies, on purpose), `none` when `from` does not reach `to`. A reach that is neither
 * reciprocated nor declared (validation rejects it) counts as `two-way`: a reach asks for
 * a conversation, which the routes then fail to carry.
 */
export function intendedReach(definition: Definition, from: string, to: string): "two-way" | "one-way" | "none" {
    if (!reaches(definition, from, to)) return "none";
    if (reaches(definition, to, from)) return "two-way";
    return (definition.network.transitGateway.domains[from]?.oneWay ?? []).includes(to) ? "one-way" : "two-way";
}

/** Domains `domain` reaches one-way by declaration (`oneWay`), in declaration order. */
export function oneWayTargets(definition: Definition, domain: string): string[] {
    const declared = definition.network.transitGateway.domains[domain]?.oneWay ?? [];
    return declared.filter((to) => intendedReach(definition, domain, to) === "one-way");
}

/**
 * The VPC CIDRs of a domain in every Region: its spokes', and each Region's hub's for
 * `shared` (a hub is a member of `shared` like any spoke there). `onprem` has none.
 */
export function domainVpcCidrs(definition: Definition, domain: string): string[] {
    return hubRegions(definition).flatMap((r) => domainVpcCidrsIn(definition, domain, r.region));
}

/** The VPC CIDRs of a domain in one Region: its spokes there, and that Region's hub for `shared`. */
export function domainVpcCidrsIn(definition: Definition, domain: string, region: string): string[] {
    const hub = domain === SHARED_DOMAIN ? hubRegions(definition).filter((r) => r.region === region).map((r) => r.hub.cidr) : [];
    return [...hub, ...definition.spokes.filter((s) => s.domain === domain && spokeRegion(definition, s) === region).map((s) => s.cidr)];
}

/**
 * The address space of a domain, every Region's: its declared summaries plus any VPC CIDR
 * the summaries do not cover (so nothing escapes a blackhole when a summary is
 * incomplete); the VPCs are the domain's spokes, and for `shared` the hubs too. For
 * `onprem`, the on-premises ranges.
 */
export function domainCidrs(definition: Definition, domain: string): string[] {
    if (domain === ONPREM_DOMAIN) return onPremisesCidrs(definition);
    return hubRegions(definition).flatMap((r) => domainCidrsIn(definition, domain, r.region));
}

/**
 * The address space of a domain in one Region: that Region's summaries of the domain
 * (definition/regions.ts `summariesIn`) plus its VPC CIDRs there that they do not cover.
 */
export function domainCidrsIn(definition: Definition, domain: string, region: string): string[] {
    const summaries = summariesIn(definition, domain, region);
    const uncovered = domainVpcCidrsIn(definition, domain, region).filter((c) => !summaries.some((summary) => contains(summary, c)));
    return [...summaries, ...uncovered];
}

/**
 * Destinations a domain must never reach, as blackhole routes in its TGW route table:
 * the address space (`domainCidrs`) of every domain it does not list in `reaches` — its
 * own included when it does not reach itself, `shared` (hub and spokes) and `onprem`
 * like any other. Defense in depth: a blackhole is a static route, which beats any route
 * of equal or shorter prefix, so a broad route added later (a default route learned over
 * the VPN, a hand-made summary) cannot open a path to a forbidden domain. A propagated
 * VPC CIDR more specific than the blackhole would still win, which is why propagations
 * come only from `reaches` and the reachability analysis checks them.
 *
 * A domain without summary blocks is blackholed one VPC CIDR at a time (one route per
 * spoke in every table that must not reach it); summaries make it one route per block.
 *
 * A range inside (or equal to) a destination the domain does reach (a reached VPC's CIDR
 * or on-premises range) is left out, so a blackhole can never cut a permitted path; in a
 * valid definition no range is (addresses never overlap), this only guards hand-made ones.
 */
export function blackholeCidrs(definition: Definition, domain: string): string[] {
    const reached = new Set(definition.network.transitGateway.domains[domain]?.reaches ?? []);
    const targets = [SHARED_DOMAIN, ...domainNames(definition).filter((d) => d !== SHARED_DOMAIN && d !== ONPREM_DOMAIN), ONPREM_DOMAIN];
    const permitted = targets.filter((d) => reached.has(d)).flatMap((d) => (d === ONPREM_DOMAIN ? onPremisesCidrs(definition) : domainVpcCidrs(definition, d)));
    const denied = targets.filter((d) => !reached.has(d)).flatMap((d) => domainCidrs(definition, d));
    return unique(denied).filter((cidr) => !permitted.some((r) => contains(r, cidr)));
}

/**
 * What one more spoke in `domain` adds to the network stack, resource by resource:
 *  - its attachment's accepter, when its VPC is in another account than the transit
 *    gateway (a spoke of the network's own account is attached by its own stack);
 *  - one route table association (the table of `domain`);
 *  - one propagation into the table of every domain that reaches `domain`
 *    (`domainsReaching`): that is how those tables learn its CIDR;
 *  - one blackhole in the table of every domain that does not reach `domain` (its own
 *    included when it does not reach itself), unless one of `domain`'s summary blocks
 *    (`cidrs`) covers the spoke's CIDR: then the summary's blackhole, already there,
 *    covers it too.
 * So 1 + (1 if cross-account) + |domains reaching it| + (blackholes, 0 with a summary).
 * `shared` is usually reached by every domain, so its spokes cost the most; giving it a
 * summary block removes the blackhole part.
 */
export function spokeGrowth(
    definition: Definition,
    domain: string,
    spoke: { account: string; cidr: string },
): { total: number; accepter: number; association: number; propagations: string[]; blackholes: string[] } {
    const accepter = spoke.account === definition.network.account ? 0 : 1;
    const propagations = domainsReaching(definition, domain);
    const summarized = (definition.network.transitGateway.domains[domain]?.cidrs ?? []).some((summary) => contains(summary, spoke.cidr));
    const blackholes = summarized ? [] : domainNames(definition).filter((d) => !reaches(definition, d, domain));
    return { total: accepter + 1 + propagations.length + blackholes.length, accepter, association: 1, propagations, blackholes };
}

/** Static on-premises routes of a domain: the on-premises ranges when it reaches `onprem` and on-premises is connected. */
export function onPremisesRoutes(definition: Definition, domain: string): string[] {
    const reaches = definition.network.transitGateway.domains[domain]?.reaches ?? [];
    return reaches.includes(ONPREM_DOMAIN) && hasOnPremisesConnection(definition) ? onPremisesCidrs(definition) : [];
}

/*
 * VPC route tables send the private block (definition/cidr.ts `PRIVATE_BLOCKS`: RFC 1918
 * and the RFC 6598 shared space) holding an environment CIDR to the TGW instead of one
 * route per spoke, so a VPC's route count does not grow with the number of spokes; the
 * TGW route tables decide what is actually reachable. The VPC's own CIDR stays local
 * (longest prefix).
 */
/** The summaries a VPC routes to the transit gateway to reach the rest of the environment (hub, spokes, on-premises). */
export function internalSummaries(definition: Definition): string[] {
    const all = [
        ...hubRegions(definition).map((r) => r.hub.cidr),
        ...definition.spokes.map((s) => s.cidr),
        ...Object.values(definition.network.transitGateway.domains).flatMap((d) => d.cidrs ?? []),
        ...Object.values(definition.network.regions ?? {}).flatMap((r) => Object.values(r.summaries ?? {}).flat()),
        ...onPremisesCidrs(definition),
    ];
    const summarized = unique(all.map((c) => PRIVATE_BLOCKS.find((block) => contains(block, c)) ?? c));
    return summarized.filter((c) => !summarized.some((other) => other !== c && contains(other, c))).sort(compareCidrs);
}

function unique<T>(values: T[]): T[] {
    return [...new Set(values)];
}

/** Account ARNs for RAM principals: the organization, or each named OU. */
export function ramPrincipals(definition: Definition, shareWith: string[] | undefined): string[] {
    const org = definition.organization;
    if (!org) return [];
    const management = definition.accounts["management"];
    if (!management) {
        throw new Error(`accounts has no "management" entry: RAM principal ARNs of organization ${org.id} need the management account id`);
    }
    if (!shareWith) return [`arn:aws:organizations::${management}:organization/${org.id}`];
    return shareWith.map((unit) => {
        const ou = org.units[unit];
        if (!ou) throw new Error(`"${unit}" is not in organization.units (${Object.keys(org.units).join(", ") || "none"})`);
        return `arn:aws:organizations::${management}:ou/${org.id}/${ou}`;
    });
}

// ---- more than one Region ------------------------------------------------------------------

/**
 * The route domains whose route table a Region's transit gateway has: every domain at home;
 * elsewhere every domain but `onprem`, whose connection (VPN or Direct Connect) attaches to
 * the home Region's transit gateway only. Route domains are global, so each Region has a
 * table for every domain its spokes or hub might join or reach, whether it has spokes in it
 * or not (a spoke added later then needs no new table).
 */
export function regionalDomainNames(definition: Definition, region: string): string[] {
    return domainNames(definition).filter((d) => region === definition.region || d !== ONPREM_DOMAIN);
}

/** `domainsReaching`, limited to the domains whose tables exist in `region`. */
export function domainsReachingIn(definition: Definition, domain: string, region: string): string[] {
    const present = new Set(regionalDomainNames(definition, region));
    return domainsReaching(definition, domain).filter((d) => present.has(d));
}

/**
 * True when traffic from another Region may be delivered to `domain`'s VPCs: some domain
 * reaches it. The table packets arriving over a peering are looked up in
 * (`peeringLookupDomain`) then learns its attachments (the hub's for `shared`). A domain no
 * domain reaches is never in that table, so no other Region can reach it whatever its
 * own tables say.
 */
export function reachableAcrossRegions(definition: Definition, domain: string): boolean {
    return isMultiRegion(definition) && domain !== ONPREM_DOMAIN && domainsReaching(definition, domain).length > 0;
}

/**
 * True when packets from other Regions may be addressed to on-premises through `region`:
 * it is home, on-premises is connected there, and a domain other than `onprem` reaches
 * `onprem` (every domain but `onprem` has VPCs in other Regions, or may).
 */
function onPremisesReachedFromOtherRegions(definition: Definition, region: string): boolean {
    if (!isMultiRegion(definition) || region !== definition.region || !hasOnPremisesConnection(definition)) return false;
    return domainsReaching(definition, ONPREM_DOMAIN).some((d) => d !== ONPREM_DOMAIN);
}

/**
 * The domain whose route table the Region's peering attachments are associated with, or
 * undefined when the Region needs a peering route table of its own.
 *
 * Packets arriving over a peering are looked up in the one table the peering attachment is
 * associated with on the receiving side (aws/transit-gateway-routing.ts
 * `transitGatewayPeering.associatedPerSide`), and every other Region's domains share that
 * attachment (`transitGatewayPeering.onePerTransitGatewayPair`), so that table must route to exactly the
 * Region's VPCs of the domains some domain reaches (`reachableAcrossRegions`), and at home
 * to on-premises when a domain reaches `onprem`. A domain T of the Region whose `reaches`
 * lists every one of those domains (and `onprem` at home when any domain but `onprem`
 * reaches it) already has that table: T reaches a domain only if some domain does, so T's
 * table learns exactly the attachments a peering table would, by the propagations T's own
 * spokes need anyway. Its other routes never meet a packet from another Region: those are
 * addressed to this Region's blocks (each Region routes a Region's blocks over that
 * Region's own peering, and validation keeps the Regions' blocks apart), and its
 * blackholes drop what a peering table would have had no route for. So the peering uses
 * T's table, and a spoke costs no propagation into a peering table.
 *
 * The typical shape qualifies: a shared-services domain that reaches itself and every
 * domain (`shared: { reaches: [shared, prod, nonprod, onprem] }`). When several domains
 * qualify, `shared` is chosen, else the first by name, so reordering the definition never
 * moves the association.
 */
export function peeringLookupDomain(definition: Definition, region: string): string | undefined {
    if (!isMultiRegion(definition)) return undefined;
    const present = regionalDomainNames(definition, region);
    const needed = present.filter((d) => reachableAcrossRegions(definition, d));
    if (onPremisesReachedFromOtherRegions(definition, region)) needed.push(ONPREM_DOMAIN);
    const qualifies = (t: string) => t !== ONPREM_DOMAIN && needed.every((d) => reaches(definition, t, d));
    if (present.includes(SHARED_DOMAIN) && qualifies(SHARED_DOMAIN)) return SHARED_DOMAIN;
    return [...present].sort().find(qualifies);
}

/** A static route of a domain's table in one Region to the peering towards another Region. */
export interface CrossRegionRoute {
    cidr: string;
    /** The Region at the other end of the peering the route points at. */
    peerRegion: string;
}

/**
 * The static routes `domain`'s table in `region` sends over the peerings: for every other
 * Region, the address space there (its summaries, or each VPC) of every domain `domain`
 * reaches, to the peering towards that Region; and the on-premises ranges to the home
 * Region when `domain` reaches `onprem` outside home. Peering attachments carry no
 * propagation, so these are static (aws/transit-gateway-routing.ts `transitGatewayPeering`); everything
 * `domain` must not reach, in any Region, is blackholed by `blackholeCidrs` as at home.
 */
export function crossRegionRoutes(definition: Definition, domain: string, region: string): CrossRegionRoute[] {
    if (!isMultiRegion(definition)) return [];
    const reached = definition.network.transitGateway.domains[domain]?.reaches ?? [];
    const routes: CrossRegionRoute[] = [];
    for (const other of hubRegions(definition)) {
        if (other.region === region) continue;
        for (const target of domainNames(definition)) {
            if (target === ONPREM_DOMAIN || !reached.includes(target)) continue;
            for (const cidr of domainCidrsIn(definition, target, other.region)) routes.push({ cidr, peerRegion: other.region });
        }
    }
    if (region !== definition.region && reached.includes(ONPREM_DOMAIN) && hasOnPremisesConnection(definition)) {
        for (const cidr of onPremisesCidrs(definition)) routes.push({ cidr, peerRegion: definition.region });
    }
    return routes;
}

/**
 * The static routes of a Region's own peering route table, when it has one
 * (`peeringLookupDomain` undefined): at home, the on-premises ranges to the on-premises
 * attachment when a domain other Regions have reaches `onprem` (packets from another
 * Region to on-premises arrive here). Everything else in it is propagated from the local
 * attachments of domains other Regions may reach (`reachableAcrossRegions`); nothing in
 * it points at another peering, as peering is not transitive. A domain's table serving as
 * the peering's has these routes as that domain's own (`onPremisesRoutes`).
 */
export function peeringTableOnPremisesRoutes(definition: Definition, region: string): string[] {
    if (peeringLookupDomain(definition, region) !== undefined) return [];
    return onPremisesReachedFromOtherRegions(definition, region) ? onPremisesCidrs(definition) : [];
}

/**
 * What one more spoke in `domain`, in `region`, adds to each Region's network stack:
 *  - in its own Region: the accepter (cross-account), the association, a propagation into
 *    the table of every domain there that reaches `domain`, one into the peering table
 *    when other Regions may reach `domain`, and — unless a summary block of `domain` in
 *    this Region covers it — a blackhole in every table (every Region) of the domains
 *    that do not reach `domain`;
 *  - in every other Region, unless a summary covers it: that blackhole, and a static route
 *    to the peering in the table of every domain that reaches `domain`.
 * With the Region's summaries declared the other Regions' stacks do not grow at all.
 * The peering table's propagation is saved when a domain's table serves as the peering's
 * (`peeringLookupDomain`); otherwise it cannot be avoided: AWS allows one peering attachment
 * between two transit gateways (aws/quotas.ts `tgwPeeringAttachmentsBetweenTransitGateways`,
 * not adjustable), associated with one table per side, so every domain's traffic from another
 * Region is looked up in that one table, and a static route there could name only one spoke
 * attachment (README, "What a spoke costs").
 */
export function spokeGrowthByRegion(definition: Definition, domain: string, spoke: { account: string; cidr: string; region: string }): Record<string, number> {
    const summarized = summariesIn(definition, domain, spoke.region).some((summary) => contains(summary, spoke.cidr));
    const out: Record<string, number> = {};
    for (const r of hubRegions(definition)) {
        const tables = regionalDomainNames(definition, r.region);
        const blackholes = summarized ? 0 : tables.filter((d) => !reaches(definition, d, domain)).length;
        if (r.region === spoke.region) {
            const accepter = spoke.account === definition.network.account ? 0 : 1;
            const peering = reachableAcrossRegions(definition, domain) && peeringLookupDomain(definition, r.region) === undefined ? 1 : 0;
            out[r.region] = accepter + 1 + domainsReachingIn(definition, domain, r.region).length + peering + blackholes;
        } else {
            out[r.region] = blackholes + (summarized ? 0 : domainsReachingIn(definition, domain, r.region).length);
        }
    }
    return out;
}
