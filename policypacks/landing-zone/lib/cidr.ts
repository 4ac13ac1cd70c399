/**
 * CIDR checks (ip-num does the arithmetic).
 */
import { IPv4, IPv4CidrRange, IPv4Prefix, Validator } from "ip-num";

const cache = new Map<string, IPv4CidrRange | undefined>();

/**
 * The range of an IPv4 CIDR, or undefined when `cidr` is not one. Host bits are tolerated
 * (`10.0.0.1/24` is judged as `10.0.0.0/24`, the range AWS would apply).
 */
export function ipv4Range(cidr: string): IPv4CidrRange | undefined {
    if (cache.has(cidr)) return cache.get(cidr);
    let range: IPv4CidrRange | undefined;
    if (Validator.isValidIPv4CidrNotation(cidr)[0]) {
        const [address, prefix] = cidr.split("/");
        const loose = new IPv4CidrRange(IPv4.fromDecimalDottedString(address), IPv4Prefix.fromNumber(BigInt(prefix)));
        range = new IPv4CidrRange(loose.getFirst(), IPv4Prefix.fromNumber(BigInt(prefix)));
    }
    cache.set(cidr, range);
    return range;
}

/** True when `cidr` lies entirely inside one of `allowed` (ranges inside themselves count). */
export function insideAny(cidr: string, allowed: readonly string[]): boolean {
    const range = ipv4Range(cidr);
    if (!range) return false;
    return allowed.some((a) => {
        const outer = ipv4Range(a);
        return outer !== undefined && range.inside(outer);
    });
}

export function isAnywhere(cidr: string): boolean {
    return cidr === "0.0.0.0/0" || cidr === "::/0";
}
