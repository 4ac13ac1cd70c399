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

/*
 * Transit gateway peering facts (static routes only, one association per side, requester and
 * accepter, unique ASNs, not transitive, one peering per pair of transit gateways) live in one
 * place: aws/transit-gateway-routing.ts `transitGatewayPeering`.
 */
