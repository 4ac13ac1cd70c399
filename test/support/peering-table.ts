/**
 * Which table a Region's transit gateway peerings are associated with, written out from the
 * definition for the tests, independently of network/domains.ts `peeringLookupDomain`.
 *
 * Packets arriving over a peering are looked up in the one table the peering attachment is
 * associated with on the receiving side
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateTransitGatewayRouteTable.html),
 * and two transit gateways have one peering attachment between them
 * (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html), so that table must
 * route to every VPC of the Region some domain reaches, and to on-premises at home when a
 * domain reaches it. A domain's table does exactly that when the domain (not `onprem`) reaches
 * every such domain; otherwise the Region needs a peering table of its own.
 */
import { Definition } from "../../definition/schema";

/** The domains whose VPCs (or on-premises ranges) other Regions' packets may be addressed to in `region`. */
export function domainsReachedFromAnywhere(definition: Definition, region: string): string[] {
    const domains = definition.network.transitGateway.domains;
    const home = region === definition.region;
    return Object.keys(domains).filter((to) =>
        to === "onprem"
            ? home && definition.network.transitGateway.onPremises !== undefined && Object.entries(domains).some(([from, v]) => from !== "onprem" && v.reaches.includes(to))
            : Object.values(domains).some((v) => v.reaches.includes(to)),
    );
}

/** The domains whose table can take `region`'s peerings (empty: the Region needs a peering table of its own). */
export function domainsAbleToTakePeerings(definition: Definition, region: string): string[] {
    const domains = definition.network.transitGateway.domains;
    const reached = domainsReachedFromAnywhere(definition, region);
    return Object.entries(domains)
        .filter(([t, v]) => t !== "onprem" && reached.every((d) => v.reaches.includes(d)))
        .map(([t]) => t);
}

/** True when `region`'s peerings need a table of their own. */
export function peeringNeedsOwnTable(definition: Definition, region: string): boolean {
    return domainsAbleToTakePeerings(definition, region).length === 0;
}
