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
