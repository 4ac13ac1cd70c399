/**
 * CIDR checks. ip-num parses and validates; containment is then plain number
 * comparison on cached [first, last] bounds, because rules compare every rule's sources with
 * every internal range of the environment and ip-num's BigInt arithmetic is slow in that loop.
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

/**
 * The address ranges `allowed` covers together: the blocks sorted and merged where they
 * overlap or touch (`10.0.0.0/24` + `10.0.1.0/24` → 10.0.0.0–10.0.1.255), as [first, last]
 * intervals. Entries that are not IPv4 CIDRs are ignored.
 *
 * Not ip-num's `Pool.aggregate()`: it leaves a block unmerged when the next block in its
 * order contains it (`10.0.0.0/25, 10.0.0.0/24, 10.0.1.0/24` never becomes the /23), and it
 * takes about 0.75 s for 1,000 spoke CIDRs (BigInt arithmetic, a full pass per merge round).
 * Interval union on the numeric bounds is exact for any mix of blocks and linear after the sort.
 *
 * Cached per list: rules pass the config's own arrays, the same objects for every resource.
 */
const coveredCache = new WeakMap<readonly string[], Bounds[]>();

function covered(allowed: readonly string[]): Bounds[] {
    let merged = coveredCache.get(allowed);
    if (!merged) {
        const blocks = allowed.map(ipv4Bounds).filter((b): b is Bounds => b !== undefined).sort((a, b) => a.first - b.first);
        merged = [];
        for (const b of blocks) {
            const last = merged[merged.length - 1];
            if (last && b.first <= last.last + 1) last.last = Math.max(last.last, b.last);
            else merged.push({ first: b.first, last: b.last });
        }
        coveredCache.set(allowed, merged);
    }
    return merged;
}

/**
 * True when `cidr` lies entirely inside the ranges `allowed` covers together (ranges inside
 * themselves count). The allowed blocks are merged first, so a source that summarizes several
 * adjacent allowed blocks (spoke CIDRs merged to stay within a security group's rule quota)
 * counts as inside; one that reaches past them does not.
 */
export function insideAny(cidr: string, allowed: readonly string[]): boolean {
    const inner = ipv4Bounds(cidr);
    if (!inner) return false;
    const ranges = covered(allowed);
    // The merged ranges are sorted and disjoint: only the last one starting at or before `inner` can hold it.
    let lo = 0;
    let hi = ranges.length - 1;
    let candidate: Bounds | undefined;
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (ranges[mid].first <= inner.first) {
            candidate = ranges[mid];
            lo = mid + 1;
        } else hi = mid - 1;
    }
    return candidate !== undefined && inner.last <= candidate.last;
}

export function isAnywhere(cidr: string): boolean {
    return cidr === "0.0.0.0/0" || cidr === "::/0";
}
