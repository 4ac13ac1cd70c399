/**
 * The private ASN ranges a transit gateway's Amazon-side ASN must come from: 64512-65534
 * (16-bit) and 4200000000-4294967294 (32-bit).
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html (Amazon side
 * Autonomous System Number)
 */
export const privateAsnRanges: readonly (readonly [number, number])[] = [
    [64512, 65534],
    [4200000000, 4294967294],
];

const TGW_PEERING = "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html";

/**
 * Transit gateway peering, as AWS documents it. The network builds the cross-Region
 * routing from these (network/domains.ts `crossRegionRoutes`, components/transit-gateway-peering.ts).
 */
export const transitGatewayPeering = {
    /**
     * "To route traffic between the peered transit gateways, you must add a static route
     * to the transit gateway route table that points to the transit gateway peering
     * attachment": a peering carries no propagation.
     * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering-add-route.html
     */
    staticRoutesOnly: { value: true, url: "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering-add-route.html" },
    /**
     * The owner of the accepter transit gateway adds its own static routes too: each side
     * routes its own direction. https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering-add-route.html
     */
    routesOnBothSides: { value: true, url: "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering-add-route.html" },
    /**
     * AWS recommends a unique ASN for each peered transit gateway (to use route propagation
     * over peerings later). Validation makes it an error: the pessimistic reading.
     */
    uniqueAsnRecommended: { value: true, url: TGW_PEERING },
    /** The requester creates the attachment; the owner of the peer transit gateway accepts (or rejects) it. */
    requesterAndAccepter: { value: true, url: "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering-create.html" },
    /**
     * A peering attachment is associated with one route table on each transit gateway, and
     * packets arriving over it are looked up in that table (as for every attachment: "an
     * attachment can be associated with one route table").
     * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
     */
    oneAssociatedRouteTable: { value: true, url: "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html" },
    /**
     * Peering is not transitive: traffic arriving over one peering is not routed out over
     * another (so a full mesh is needed between three or more Regions). The peering route
     * table therefore holds no route to another peering.
     */
    notTransitive: { value: true, url: TGW_PEERING },
} as const;
