/**
 * CIDR checks on plain numbers: a block is parsed once into its [first, last] addresses and
 * everything after that is integer comparison. (ip-num's range objects and BigInt arithmetic
 * cost about 60 microseconds a block, 0.4-0.7 s per 1,000 blocks in the rules' loops; a dotted
 * quad needs no library to read.) IPv6 and address-level checks live in iam-semantics.ts, on ip-num.
 */

interface Bounds {
    first: number;
    last: number;
}

const cache = new Map<string, Bounds | null>();
const shape = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * The address bounds of an IPv4 CIDR, or undefined when `cidr` is not one. Host bits are
 * tolerated (`10.0.0.1/24` is judged as `10.0.0.0/24`, the range AWS would apply).
 */
export function ipv4Bounds(cidr: string): Bounds | undefined {
    const cached = cache.get(cidr);
    if (cached !== undefined) return cached ?? undefined;
    let bounds: Bounds | null = null;
    const m = shape.exec(cidr);
    if (m) {
        const octets = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
        const prefix = Number(m[5]);
        if (octets.every((o) => o <= 255) && prefix <= 32) {
            const address = ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
            const size = 2 ** (32 - prefix);
            const first = address - (address % size);
            bounds = { first, last: first + size - 1 };
        }
    }
    if (cache.size > 100000) cache.clear();
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

/** `a.b.c.d/prefix` of a first address. */
function cidrText(first: number, prefix: number): string {
    return `${[24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join(".")}/${prefix}`;
}

/**
 * The fewest CIDR blocks covering exactly the addresses of `cidrs` (summarize): nested blocks
 * disappear into their outer block and adjacent ones merge where they fill a common prefix
 * (`10.0.0.0/25` + `10.0.0.0/24` + `10.0.1.0/24` → `10.0.0.0/23`), sorted by address. The
 * blocks are merged into intervals (linear after the sort), then each interval is cut into its
 * largest aligned blocks (at most 62 per interval). Entries that are not IPv4 CIDRs are ignored.
 * The program's CIDR module (definition/cidr.ts) answers the same; test/policypack/cidr-parity.test.ts
 * holds both to the same cases, since the pack cannot import it.
 */
export function aggregate(cidrs: readonly string[]): string[] {
    const out: string[] = [];
    for (const range of covered(cidrs)) {
        let first = range.first;
        while (first <= range.last) {
            let prefix = 0;
            while (prefix < 32 && (first % 2 ** (32 - prefix) !== 0 || first + 2 ** (32 - prefix) - 1 > range.last)) prefix++;
            out.push(cidrText(first, prefix));
            first += 2 ** (32 - prefix);
        }
    }
    return out;
}

export function isAnywhere(cidr: string): boolean {
    return cidr === "0.0.0.0/0" || cidr === "::/0";
}
