/**
 * List prices the cost report uses. One versioned table: change a price here, bump
 * `version`, and every report says which table it used.
 *
 * Source: the AWS pricing pages for us-east-1, read November 2026:
 * - interface endpoints: https://aws.amazon.com/privatelink/pricing/
 * - transit gateway attachments: https://aws.amazon.com/transit-gateway/pricing/
 * - Route 53 Resolver endpoints, Route 53 Profiles, private hosted zones:
 *   https://aws.amazon.com/route53/pricing/
 * - NAT gateways: https://aws.amazon.com/vpc/pricing/
 * Other Regions differ by a few percent; the report names the Region it was priced for.
 */
export interface PriceTable {
    version: string;
    /** Where the numbers come from and when they were read. */
    source: string;
    date: string;
    region: string;
    /** Hours in a billing month, as AWS's calculator counts them. */
    hoursPerMonth: number;
    /** Interface endpoint, per endpoint per AZ per hour. */
    interfaceEndpointAzHour: number;
    /** Transit gateway attachment (VPC, VPN, ...), per attachment-hour. */
    transitGatewayAttachmentHour: number;
    /** Route 53 Resolver endpoint, per ENI (IP address) per hour. */
    resolverEniHour: number;
    /** Route 53 Profile, per hour per account with Profile-VPC associations, covering the first `profileIncludedAssociations`. */
    profileAccountHour: number;
    profileIncludedAssociations: number;
    /** Route 53 Profile, per association-hour beyond the included ones (per account). */
    profileExtraAssociationHour: number;
    /** Private hosted zone, per zone-month for the first `hostedZoneFirstTier` zones, then the second price. */
    hostedZoneMonthFirst: number;
    hostedZoneFirstTier: number;
    hostedZoneMonthAfter: number;
    /** NAT gateway, per hour. */
    natGatewayHour: number;
    /** Traffic-dependent charges the report leaves out of its total (per GB). */
    perGb: { interfaceEndpoint: number; transitGateway: number; natGateway: number };
}

export const prices: PriceTable = {
    version: "2026-11-us-east-1",
    source: "AWS list prices (aws.amazon.com/privatelink/pricing, /transit-gateway/pricing, /route53/pricing, /vpc/pricing)",
    date: "2026-11",
    region: "us-east-1",
    hoursPerMonth: 730,
    interfaceEndpointAzHour: 0.01,
    transitGatewayAttachmentHour: 0.05,
    resolverEniHour: 0.125,
    profileAccountHour: 0.75,
    profileIncludedAssociations: 100,
    profileExtraAssociationHour: 0.0014,
    hostedZoneMonthFirst: 0.5,
    hostedZoneFirstTier: 25,
    hostedZoneMonthAfter: 0.1,
    natGatewayHour: 0.045,
    perGb: { interfaceEndpoint: 0.01, transitGateway: 0.02, natGateway: 0.045 },
};
