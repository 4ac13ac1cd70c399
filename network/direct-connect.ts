/**
 * What the Direct Connect gateway's association with the transit gateway announces to
 * on-premises. A transit gateway association advertises its allowed prefixes as they are
 * (aws/direct-connect.ts), so by default they are the address space of exactly the route
 * domains `onprem` reaches: each domain's summary blocks, and any of its VPC CIDRs outside
 * them (network/domains.ts `domainCidrs`). Pure.
 */
import { compareCidrs, withoutContained } from "../definition/cidr";
import { Definition } from "../definition/schema";
import { ONPREM_DOMAIN, domainCidrs } from "./domains";

/** The `directConnect` section of the definition, when on-premises connects through a new Direct Connect gateway. */
export function directConnectOf(definition: Definition): { amazonSideAsn: number; allowedPrefixes?: string[] } | undefined {
    const onPremises = definition.network.transitGateway.onPremises;
    return onPremises && "directConnect" in onPremises ? onPremises.directConnect : undefined;
}

/** The route domains `onprem` reaches (itself excluded), in declaration order. */
export function domainsOnPremisesReaches(definition: Definition): string[] {
    const reaches = definition.network.transitGateway.domains[ONPREM_DOMAIN]?.reaches ?? [];
    return Object.keys(definition.network.transitGateway.domains).filter((d) => d !== ONPREM_DOMAIN && reaches.includes(d));
}

/** The prefixes the association announces: the definition's `allowedPrefixes`, or the address space of the domains `onprem` reaches. */
export function directConnectAllowedPrefixes(definition: Definition): string[] {
    const dx = directConnectOf(definition);
    if (!dx) return [];
    if (dx.allowedPrefixes) return [...dx.allowedPrefixes];
    const blocks = domainsOnPremisesReaches(definition).flatMap((d) => domainCidrs(definition, d));
    return withoutContained([...new Set(blocks)]).sort(compareCidrs);
}
