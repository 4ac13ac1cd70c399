/**
 * How AWS picks the next hop of a packet in a transit gateway route table and in a VPC
 * route table: the rules the reachability analysis (analysis/reachability.ts), the
 * policy pack's own copy (policypacks/landing-zone/lib/reachability.ts, kept equal by a
 * test) and the tests' independent calculation all apply.
 *
 * Sources (read November 2026):
 *  - How transit gateways work, "Routing", "Route tables", "Route table association",
 *    "Route propagation", "Route evaluation order":
 *    https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
 *  - Route tables for your VPC, "Routes" (local route; routes more specific than it):
 *    https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html
 *  - How route priority works (VPC): https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
 *  - Transit gateway peering attachments, adding a route to one, route tables, the
 *    peered-transit-gateways example: TGW_PEERING, TGW_PEERING_ADD_ROUTE,
 *    TGW_ROUTE_TABLES, TGW_PEERING_SCENARIO below.
 */

export const TGW_HOW_IT_WORKS = "https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html";
export const VPC_ROUTE_TABLES = "https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html";
export const VPC_ROUTE_PRIORITY = "https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html";
export const TGW_PEERING = "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html";
export const TGW_PEERING_ADD_ROUTE = "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering-add-route.html";
export const TGW_ROUTE_TABLES = "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html";
export const TGW_PEERING_SCENARIO = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-peering-scenario.html";
export const TGW_PEERING_CREATE = "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering-create.html";
export const TGW_QUOTAS = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html";

/** A routing fact as AWS states it, with the page (and section) that states it. */
export interface RoutingFact {
    fact: string;
    url: string;
}

/**
 * Where a transit gateway route comes from. `static` includes blackhole routes: both are
 * created with CreateTransitGatewayRoute, a blackhole with `--blackhole` instead of a target.
 */
export type TransitGatewayRouteOrigin =
    | "static"
    | "prefix-list"
    | "vpc-propagated"
    | "direct-connect-gateway-propagated"
    | "connect-propagated"
    | "vpn-over-direct-connect-propagated"
    | "vpn-propagated"
    | "vpn-concentrator-propagated"
    | "peering-propagated";

/**
 * "Route evaluation order": routes of the same CIDR from different origins, highest
 * priority first. (Longest prefix is decided before this list applies.)
 * https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-route-evaluation-overview
 */
export const transitGatewayRouteOriginPriority: readonly TransitGatewayRouteOrigin[] = [
    "static",
    "prefix-list",
    "vpc-propagated",
    "direct-connect-gateway-propagated",
    "connect-propagated",
    "vpn-over-direct-connect-propagated",
    "vpn-propagated",
    "vpn-concentrator-propagated",
    "peering-propagated",
];

/** The transit gateway's routing rules, each as AWS states it. */
export const transitGatewayRouting = {
    /**
     * A transit gateway is a layer-3 router: every packet is routed on its own by its
     * destination address. Nothing remembers a flow, so a reply is routed like any other
     * packet and needs a route of its own: a conversation needs a path in each direction.
     */
    perPacketByDestination: {
        fact: "Routing through a transit gateway operates at layer 3, where the packets are sent to a specific next-hop attachment, based on their destination IP addresses.",
        url: TGW_HOW_IT_WORKS,
    },
    /** The table that routes a packet is the one its source attachment is associated with. */
    associatedTableRoutes: {
        fact: "You can associate a transit gateway attachment with a single route table. When a packet comes from one attachment, it is routed to another attachment using the route that matches the destination IP address.",
        url: `${TGW_HOW_IT_WORKS}#tgw-route-table-association-overview`,
    },
    /**
     * An attachment associated with no route table has no table to route its packets: they
     * are dropped (AWS does not say so in one sentence; the pessimistic reading).
     */
    unassociatedDrops: {
        fact: "Each attachment can be associated with one route table; without an association no table routes its packets (pessimistic reading: dropped).",
        url: `${TGW_HOW_IT_WORKS}#tgw-route-tables-overview`,
    },
    /** No matching route: the packet is dropped. */
    noRouteDrops: {
        fact: "Packets from one VPC that have a destination of a subnet in another VPC ... route through the transit gateway, where they are blocked because there is no route for them in the transit gateway route table.",
        url: TGW_HOW_IT_WORKS,
    },
    /** A blackhole route drops what it matches (it is a static route). */
    blackholeDrops: {
        fact: "You can create a blackhole route in your transit gateway route table that drops traffic that matches the route.",
        url: `${TGW_HOW_IT_WORKS}#tgw-route-tables-overview`,
    },
    /** Longest prefix first, then the origin priority above. */
    evaluationOrder: {
        fact: "Transit gateway routes are evaluated in the following order: the most specific route for the destination address; for routes with the same CIDR, but from different attachment types: static routes, prefix list referenced routes, VPC-propagated routes, Direct Connect gateway-propagated routes, ...",
        url: `${TGW_HOW_IT_WORKS}#tgw-route-evaluation-overview`,
    },
    /** What a VPC attachment propagates: the VPC's CIDR blocks. */
    vpcPropagatesCidrs: {
        fact: "For a VPC attachment, the CIDR blocks of the VPC are propagated to the transit gateway route table.",
        url: `${TGW_HOW_IT_WORKS}#tgw-route-propagation-overview`,
    },
    /**
     * What a VPN (BGP) tells on-premises: the routes of the table the VPN attachment is
     * associated with. On-premises sends the TGW only what that table routes.
     */
    /**
     * Default propagation is all or nothing: with it enabled, EVERY attachment of the transit
     * gateway propagates into the one default propagation table (and enabling it makes AWS
     * create a default route table). So it cannot stand in for the per-spoke propagation into
     * the peering table, which only the spokes of domains other Regions reach may have; and
     * the pack forbids it (network-transit-gateway-secure-defaults). README "What a spoke costs".
     */
    defaultPropagationIsEveryAttachment: {
        fact: "DefaultRouteTablePropagation: Indicates whether resource attachments automatically propagate routes to the default propagation route table. Enabled by default. If defaultRouteTablePropagation is set to enable, Amazon Web Services Transit Gateway will create the default transit gateway route table.",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyTransitGatewayOptions.html",
    },
    vpnAdvertisesAssociatedTable: {
        fact: "When dynamic routing is used with a VPN attachment, the routes in the route table associated with the VPN attachment are advertised to the customer gateway through BGP.",
        url: `${TGW_HOW_IT_WORKS}#tgw-route-propagation-overview`,
    },
} as const satisfies Record<string, RoutingFact>;

/**
 * Transit gateway peering (two transit gateways, typically in two Regions), as AWS documents
 * it: the one place these facts live. The network builds the cross-Region routing from them
 * (network/domains.ts `crossRegionRoutes`, components/transit-gateway-peering.ts), validation
 * checks the definition against them (definition/checks/regions.ts), and the reachability
 * analyses model them: a packet from an attachment of transit gateway A whose route in A's
 * table targets the peering attachment crosses to B, where it is looked up in the route
 * table associated with the peering attachment on B's side.
 */
export const transitGatewayPeering = {
    /** Routes over a peering are static: the analyses never propagate anything from or into a peering attachment. */
    staticRoutesOnly: {
        fact: "To route traffic between the peered transit gateways, you must add a static route to the transit gateway route table that points to the transit gateway peering attachment. The owner of the accepter transit gateway must also add a static route to their transit gateway's route table.",
        url: TGW_PEERING_ADD_ROUTE,
    },
    /** Each side associates the peering attachment with a route table of its own transit gateway (one, like any attachment). */
    associatedPerSide: {
        fact: "Transit gateway route tables allows you to associate a table with a transit gateway attachment. VPC, VPN, Direct Connect gateway, Peering, and Connect attachments are all supported.",
        url: TGW_ROUTE_TABLES,
    },
    /**
     * What arrives over the peering is routed by the table the peering attachment is
     * associated with on the receiving side: `associatedTableRoutes` applied to a peering
     * attachment as the source. AWS's peered-gateways example routes packets from VPCs on
     * transit gateway 1 over the peering and on to a VPN attachment of transit gateway 2.
     */
    receivingSideTable: {
        fact: "Packets from the subnets in VPC A and VPC B that have the internet as a destination first route through transit gateway 1, then transit gateway 2, and then route to the VPN connection.",
        url: TGW_PEERING_SCENARIO,
    },
    /**
     * Not transitive: a packet that arrived over one peering is not sent out over another
     * (at most one peering hop; a full mesh peers every pair of Regions). AWS's peering
     * pages do not say this in one sentence; it is the reading the design relies on and the
     * pessimistic one for an intended path (a two-hop path is never counted as reachable).
     * For segmentation the design holds either way: a packet crosses a peering only when
     * addressed to the Region at the other end (every table routes a Region's blocks over
     * that Region's own peering, and validation keeps the Regions' blocks apart), so the
     * table associated with the peering on the receiving side — a peering table of its own,
     * or a domain's table with static routes to other Regions (network/domains.ts
     * `peeringLookupDomain`) — never sends it on over another peering
     * (test/network/multi-region-reachability.test.ts: the same matrix under both readings).
     */
    notTransitive: {
        fact: "Pessimistic reading (not stated in one sentence by AWS): a packet that arrived over a transit gateway peering attachment is not routed out over another peering attachment; route between every pair of Regions over their own peering.",
        url: TGW_PEERING,
    },
    /**
     * One peering attachment between two transit gateways, and AWS will not raise it (aws/quotas.ts
     * `tgwPeeringAttachmentsBetweenTransitGateways`, which the peering planner and validation read).
     * So every domain's traffic between two Regions shares one attachment, associated with one
     * route table on each side (`associatedPerSide`): a peering per route domain is impossible.
     */
    onePerTransitGatewayPair: {
        fact: "Transit gateway attachments: Peering attachments between two transit gateways: 1 (Adjustable: No).",
        url: TGW_QUOTAS,
    },
    /**
     * The owner of the peer transit gateway accepts (or rejects) the request: the requester
     * creates the attachment, the accepter's side accepts it (PeeringAttachmentAccepter).
     */
    requesterAndAccepter: {
        fact: "After you create the peering attachment, the owner of the accepter transit gateway must accept or reject the attachment request.",
        url: TGW_PEERING_CREATE,
    },
    /**
     * AWS recommends a unique ASN for each peered transit gateway; validation makes it an
     * error (the pessimistic reading: definition/checks/regions.ts).
     */
    uniqueAsnRecommended: {
        fact: "We recommend using unique ASNs for each peered transit gateway to take advantage of future route propagation capabilities.",
        url: TGW_PEERING,
    },
} as const satisfies Record<string, RoutingFact>;

/** At most this many peering hops on a path (`transitGatewayPeering.notTransitive`). */
export const MAX_PEERING_HOPS = 1;

/**
 * Targets a VPC route more specific than the local route may have. A transit gateway is
 * not one of them: inside its own CIDR a VPC never sends to the transit gateway.
 * https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html (Routes)
 */
export const moreSpecificThanLocalTargets: readonly string[] = ["nat-gateway", "network-interface", "gateway-load-balancer-endpoint"];

/** The VPC route table's rules, each as AWS states it. */
export const vpcRouting = {
    /** Every table routes the VPC's own CIDR locally. */
    localRoute: {
        fact: "Every route table contains a local route for communication within the VPC. This route is added by default to all route tables.",
        url: VPC_ROUTE_TABLES,
    },
    /** Only a middlebox target may be more specific than the local route. */
    moreSpecificThanLocal: {
        fact: "You can add a route to your route tables that is more specific than the local route. The destination must match the entire IPv4 or IPv6 CIDR block of a subnet in your VPC. The target must be a NAT gateway, network interface, or Gateway Load Balancer endpoint.",
        url: VPC_ROUTE_TABLES,
    },
    /** Longest prefix match. */
    longestPrefix: {
        fact: "If your route table has multiple routes, we use the most specific route that matches the traffic (longest prefix match) to determine how to route the traffic.",
        url: VPC_ROUTE_PRIORITY,
    },
} as const satisfies Record<string, RoutingFact>;
