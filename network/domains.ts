/**
 * Route-domain logic: which TGW route tables an attachment propagates into, which CIDRs
 * each domain routes statically or blackholes, and the summaries VPC route tables send
 * to the transit gateway. Pure functions of the definition, no Pulumi.
 */
import { compareCidrs, contains, PRIVATE_BLOCKS } from "../definition/cidr";
import { Definition } from "../definition/schema";
import { HUB_DOMAIN, ONPREM_DOMAIN } from "../definition/validate";

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

/**
 * The address space of a domain: its declared summaries plus any spoke CIDR the summaries
 * do not cover (so nothing escapes a blackhole when a summary is incomplete); the hub's
 * CIDR for `shared`; the on-premises ranges for `onprem`.
 */
export function domainCidrs(definition: Definition, domain: string): string[] {
    if (domain === SHARED_DOMAIN) return [definition.network.hub.cidr];
    if (domain === ONPREM_DOMAIN) return onPremisesCidrs(definition);
    const summaries = definition.network.transitGateway.domains[domain]?.cidrs ?? [];
    const spokes = definition.spokes.filter((s) => s.domain === domain).map((s) => s.cidr);
    const uncovered = spokes.filter((c) => !summaries.some((summary) => contains(summary, c)));
    return [...summaries, ...uncovered];
}

/**
 * Destinations a domain must never reach, as blackhole routes in its TGW route table.
 * Defense in depth: a blackhole beats any less specific route, so a broad route added
 * later (a default route learned over the VPN, a hand-made summary) cannot open a path
 * to a forbidden domain. A propagated VPC CIDR more specific than the blackhole would
 * still win, which is why propagations come only from `reaches` and the reachability
 * analysis checks them. A range inside (or equal to) one the domain does reach is left
 * out, so a blackhole can never cut a permitted path.
 */
export function blackholeCidrs(definition: Definition, domain: string): string[] {
    const reaches = new Set(definition.network.transitGateway.domains[domain]?.reaches ?? []);
    const targets = [SHARED_DOMAIN, ...domainNames(definition).filter((d) => d !== SHARED_DOMAIN && d !== ONPREM_DOMAIN), ONPREM_DOMAIN];
    const reached = targets.filter((d) => reaches.has(d)).flatMap((d) => domainCidrs(definition, d));
    // `shared` and `onprem` hold one attachment each, whose traffic to itself never
    // enters the TGW: blackholing their own ranges would be noise.
    const single = domain === SHARED_DOMAIN || domain === ONPREM_DOMAIN;
    const denied = targets.filter((d) => !reaches.has(d) && !(single && d === domain)).flatMap((d) => domainCidrs(definition, d));
    // A blackhole broader than a reached range is fine: the reached range's own routes are
    // more specific and win. One inside (or equal to) a reached range would cut it: leave it out.
    return unique(denied).filter((cidr) => !reached.some((r) => contains(r, cidr)));
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
        definition.network.hub.cidr,
        ...definition.spokes.map((s) => s.cidr),
        ...Object.values(definition.network.transitGateway.domains).flatMap((d) => d.cidrs ?? []),
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
