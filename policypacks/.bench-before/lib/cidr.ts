/**
 * CIDR checks. ip-num parses and validates; containment is then plain number comparison on
 * cached [first, last] bounds, because rules compare every rule's sources with every internal
 * range of the environment and ip-num's BigInt arithmetic is slow in that loop.
 */
import { IPv4, IPv4CidrRange, IPv4Prefix, Validator } from "ip-num";

interface Bounds {
    first: number;
    last: number;
}

const cache = new Map<string, Bounds | null>();

/**
 * The address bounds of an IPv4 CIDR, or undefined when `cidr` is not one. Host bits are
 * tolerated (`10.0.0.1/24` is judged as `10.0.0.0/24`, the range AWS would apply).
 */
export function ipv4Bounds(cidr: string): Bounds | undefined {
    const cached = cache.get(cidr);
    if (cached !== undefined) return cached ?? undefined;
    let bounds: Bounds | null = null;
    if (Validator.isValidIPv4CidrNotation(cidr)[0]) {
        const [address, prefix] = cidr.split("/");
        const range = new IPv4CidrRange(IPv4.fromDecimalDottedString(address), IPv4Prefix.fromNumber(BigInt(prefix)));
        const first = range.getFirst();
        const network = new IPv4CidrRange(first, IPv4Prefix.fromNumber(BigInt(prefix)));
        bounds = { first: Number(network.getFirst().getValue()), last: Number(network.getLast().getValue()) };
    }
    cache.set(cidr, bounds);
    return bounds ?? undefined;
}

/** True when `cidr` lies entirely inside one of `allowed` (ranges inside themselves count). */
export function insideAny(cidr: string, allowed: readonly string[]): boolean {
    const inner = ipv4Bounds(cidr);
    if (!inner) return false;
    return allowed.some((a) => {
        const outer = ipv4Bounds(a);
        return outer !== undefined && inner.first >= outer.first && inner.last <= outer.last;
    });
}

export function isAnywhere(cidr: string): boolean {
    return cidr === "0.0.0.0/0" || cidr === "::/0";
}
