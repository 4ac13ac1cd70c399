/**
 * AWS Direct Connect gateways associated with a transit gateway: what the allowed prefixes
 * do, the ASN rules, the transit gateway attachment the association brings, what the
 * customer does after the deploy, and what it costs. Read by definition/checks (ASNs,
 * prefixes), network/direct-connect.ts (the default prefixes), components/direct-connect.ts
 * and the docs.
 */

export const directConnectSources = {
    transitGatewayAssociations: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html",
    allowedPrefixes: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html",
    createGateway: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-direct-connect-gateway.html",
    transitVif: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-transit-vif-for-gateway.html",
    quotas: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html",
    pricing: "https://aws.amazon.com/directconnect/pricing/",
    providerAttachment:
        "hashicorp/terraform-provider-aws internal/service/directconnect/gateway_association.go (transit_gateway_attachment_id, read from the association's attachment)",
} as const;

/**
 * The Amazon-side ASN of a Direct Connect gateway: 64,512 to 65,534 or 4,200,000,000 to
 * 4,294,967,294 (create-direct-connect-gateway.html).
 */
export const directConnectAsnRanges: readonly (readonly [number, number])[] = [
    [64512, 65534],
    [4200000000, 4294967294],
];

/**
 * "If you associate your transit gateway with one or more Direct Connect gateways, the
 * Autonomous System Number (ASN) used by the transit gateway and the Direct Connect gateway
 * must be different. For example, if you use the default ASN 64512 for both the transit
 * gateway and the Direct Connect gateway, the association request fails." (transitVif)
 */
export const asnMustDifferFromTransitGateway = true;

/**
 * For a transit gateway association the allowed prefixes are not a filter: "The list is used
 * to route on-premises traffic to the transit gateway, even if the VPCs attached to the
 * transit gateway do not have the assigned CIDR. Prefixes in the Direct Connect gateway
 * allowed prefix list originate on the Direct Connect gateway and are advertised to the
 * on-premises network." (allowedPrefixes, "Transit gateway associations"). So every prefix
 * listed is announced to on-premises as it is: it must cover what on-premises may reach and
 * nothing else. The list is required for a transit gateway association
 * (CreateDirectConnectGatewayAssociation, addAllowedPrefixesToDirectConnectGateway).
 */
export const allowedPrefixesAdvertisedAsIs = true;

/** Prefixes a transit gateway association can announce to on-premises (quotas: "prefixes per AWS Transit Gateway from AWS to on-premises on a transit virtual interface"), not adjustable. */
export const maxAllowedPrefixesPerTransitGatewayAssociation = 200;

/**
 * The association brings a transit gateway attachment of type `direct-connect-gateway`,
 * associated with no route table when the transit gateway's default association is off. The
 * provider reads its id into the association's `transitGatewayAttachmentId` output, so the
 * program needs no data source (providerAttachment). Static routes may point at it: the
 * transit gateway's route attachments name `direct-connect-gateway` as a resource type
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRouteAttachment.html),
 * and AWS's Landing Zone Accelerator configures static routes to Direct Connect gateway
 * attachments (TransitGatewayRouteTableDxGatewayEntryConfig,
 * https://awslabs.github.io/landing-zone-accelerator-on-aws/latest/typedocs/).
 */
export const associationAttachmentType = "direct-connect-gateway";

/**
 * What the customer does once the network stack has created the gateway and its
 * association: the physical side is theirs (transitVif). `{gateway}` is the gateway's id,
 * `{asn}` the gateway's Amazon-side ASN.
 */
export const afterDeploySteps: readonly string[] = [
    "Order or use a Direct Connect connection (dedicated, or hosted by a Direct Connect partner) at a Direct Connect location; the connection and its port are not created by this program.",
    "Create a transit virtual interface on the connection to the Direct Connect gateway {gateway} (Direct Connect console → Virtual interfaces → Create → Transit; or aws directconnect create-transit-virtual-interface --connection-id <dxcon-...> --new-transit-virtual-interface virtualInterfaceName=<name>,vlan=<vlan>,asn=<on-premises BGP ASN>,directConnectGatewayId={gateway}).",
    "Configure the on-premises router's BGP session with the virtual interface's peer addresses; the Amazon side speaks ASN {asn} and announces exactly the association's allowed prefixes.",
    "Announce the on-premises ranges (network.dns.onPremises.cidrs) over BGP; a /30 point-to-point range does not propagate to the transit gateway.",
];

/**
 * Prices: "There is no charge for the Direct Connect gateway" — the association is billed as
 * a transit gateway attachment (per hour, plus data processed per GB); ports and data
 * transfer out are Direct Connect charges of the connection, outside this program
 * (pricing; https://aws.amazon.com/transit-gateway/pricing/).
 */
export const directConnectPricing = {
    gateway: 0,
    associationBilledAs: "transit gateway attachment",
    outOfScope: "Direct Connect port hours and data transfer out (billed on the connection, which this program does not create)",
} as const;
