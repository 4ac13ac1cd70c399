/**
 * The program's one IPv4 CIDR module, on ip-num. Two kinds of callers:
 *
 * - Validation (`parseCidr`, `parseIpv4`, ...) gets explanations instead of exceptions,
 *   because every bad block becomes a user-facing message, and insists on network
 *   addresses as AWS does.
 * - Everything else (network layout of routes, reachability over a plan, security group
 *   rules) works on blocks already validated and calls the text-keyed functions
 *   (`boundsOf`, `contains`, `overlaps`, `aggregate`, ...): ip-num parses each text once,
 *   then comparisons are plain number arithmetic on cached bounds, because those callers
 *   compare every spoke with every other one and ip-num's BigInt arithmetic in that loop
 *   made a 1,000-spoke plan spend seconds.
 *
 * The policy pack keeps its own copy (policypacks/landing-zone/lib/cidr.ts: the pack
 * publishes alone); its tests hold it to the same cases as this module.
 */
import { IPv4, IPv4CidrRange } from "ip-num";

// ---- validation: parse with explanations ---------------------------------------------

export interface ParsedCidr {
    cidr: string;
    prefix: number;
    /** First and last address as integers. */
    first: bigint;
    last: bigint;
    range: IPv4CidrRange;
}

export type CidrResult = { ok: true; value: ParsedCidr } | { ok: false; message: string };

const shape = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses an IPv4 CIDR block and insists on a network address: `10.0.0.1/16` is refused
 * with the block it probably means (`10.0.0.0/16`), because AWS rejects it too.
 */
export function parseCidr(text: string): CidrResult {
    const m = shape.exec(text);
    if (!m) return { ok: false, message: `"${text}" is not an IPv4 CIDR block; expected a block such as "10.0.0.0/16"` };
    const octets = m.slice(1, 5).map(Number);
    const bad = octets.find((o) => o > 255);
    if (bad !== undefined) return { ok: false, message: `${text}: octet ${bad} is out of range (each of the four numbers must be 0-255)` };
    const prefix = Number(m[5]);
    if (prefix > 32) return { ok: false, message: `${text}: prefix /${prefix} is out of range (0-32)` };
    const address = octets.reduce((acc, o) => acc * 256n + BigInt(o), 0n);
    const size = 1n << BigInt(32 - prefix);
    const network = (address / size) * size;
    if (network !== address) {
        const fixed = `${IPv4.fromNumber(network).toString()}/${prefix}`;
        return { ok: false, message: `${text} is not a network address (host bits are set); did you mean ${fixed}?` };
    }
    const range = IPv4CidrRange.fromCidr(text);
    return { ok: true, value: { cidr: text, prefix, first: network, last: network + size - 1n, range } };
}

/** Parses an IPv4 address; undefined when it is not one. */
export function parseIpv4(text: string): bigint | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return octets.reduce((acc, o) => acc * 256n + BigInt(o), 0n);
}

/** True when two blocks share at least one address. */
export function cidrsOverlap(a: string | ParsedCidr, b: string | ParsedCidr): boolean {
    const pa = typeof a === "string" ? parseCidr(a) : ({ ok: true, value: a } as const);
    const pb = typeof b === "string" ? parseCidr(b) : ({ ok: true, value: b } as const);
    if (!pa.ok || !pb.ok) return false;
    return pa.value.first <= pb.value.last && pb.value.first <= pa.value.last;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrInside(inner: ParsedCidr, outer: ParsedCidr): boolean {
    return inner.first >= outer.first && inner.last <= outer.last;
}

/** True when the address lies inside the block. */
export function addressInside(address: bigint, block: ParsedCidr): boolean {
    return address >= block.first && address <= block.last;
}

/**
 * Private address space: RFC 1918 and the RFC 6598 shared (CGNAT) space, what VPCs
 * normally use. Routes toward the transit gateway summarize into these blocks.
 */
export const PRIVATE_BLOCKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as const;

const privateBlocks = PRIVATE_BLOCKS.map((c) => (parseCidr(c) as { ok: true; value: ParsedCidr }).value);

export function isPrivateBlock(block: ParsedCidr): boolean {
    return privateBlocks.some((p) => cidrInside(block, p));
}

export function isPrivateAddress(address: bigint): boolean {
    return privateBlocks.some((p) => addressInside(address, p));
}

/** A labelled block for overlap detection. */
export interface LabelledBlock<T> {
    block: ParsedCidr;
    label: T;
}

/**
 * Every overlapping pair among the blocks, in O(n log n + pairs): sort by first address and
 * keep the blocks still open. Scales to thousands of spokes.
 */
export function overlappingPairs<T>(blocks: LabelledBlock<T>[]): [LabelledBlock<T>, LabelledBlock<T>][] {
    const sorted = [...blocks].sort((a, b) => (a.block.first < b.block.first ? -1 : a.block.first > b.block.first ? 1 : 0));
    const pairs: [LabelledBlock<T>, LabelledBlock<T>][] = [];
    let open: LabelledBlock<T>[] = [];
    for (const current of sorted) {
        open = open.filter((o) => o.block.last >= current.block.first);
        for (const o of open) pairs.push([o, current]);
        open.push(current);
    }
    return pairs;
}

// ---- arithmetic on validated blocks, keyed by their text -----------------------------

/** A block's first and last address and prefix length, as plain numbers (IPv4 fits). */
export interface Bounds {
    first: number;
    last: number;
    prefix: number;
}

/**
 * Bounds by CIDR text (null: not an IPv4 CIDR). A block's bounds depend only on its text,
 * so the cache cannot go stale; it is bounded by the CIDRs a process sees.
 */
const boundsCache = new Map<string, Bounds | null>();

/**
 * The bounds of an IPv4 CIDR, or undefined when `cidr` is not one. Host bits are
 * tolerated (`10.0.0.1/24` is the range 10.0.0.0-10.0.0.255, as AWS would apply it);
 * validation (`parseCidr`) is where they are refused.
 */
export function tryBounds(cidr: unknown): Bounds | undefined {
    if (typeof cidr !== "string") return undefined;
    let b = boundsCache.get(cidr);
    if (b === undefined) {
        b = null;
        if (shape.test(cidr)) {
            try {
                const range = IPv4CidrRange.fromCidr(cidr);
                b = { first: Number(range.getFirst().getValue()), last: Number(range.getLast().getValue()), prefix: Number(range.getPrefix().getValue()) };
            } catch {
                b = null;
            }
        }
        boundsCache.set(cidr, b);
    }
    return b ?? undefined;
}

/** The bounds of a CIDR the caller knows is valid; throws naming it otherwise. */
export function boundsOf(cidr: string): Bounds {
    const b = tryBounds(cidr);
    if (!b) throw new Error(`"${cidr}" is not an IPv4 CIDR block such as "10.0.0.0/16"`);
    return b;
}

/** Does `outer` contain (or equal) `inner`? */
export function contains(outer: string, inner: string): boolean {
    const o = boundsOf(outer);
    const i = boundsOf(inner);
    return o.first <= i.first && i.last <= o.last;
}

/** Do the two blocks share an address? */
export function overlaps(a: string, b: string): boolean {
    const pa = boundsOf(a);
    const pb = boundsOf(b);
    return pa.first <= pb.last && pb.first <= pa.last;
}

/** Address order, then the broader block first. */
export function compareCidrs(a: string, b: string): number {
    const ra = boundsOf(a);
    const rb = boundsOf(b);
    return ra.first - rb.first || ra.prefix - rb.prefix;
}

/** The network address of `address` under a prefix length. */
export function networkOf(address: number, prefix: number): number {
    return prefix === 0 ? 0 : address - (address % 2 ** (32 - prefix));
}

/** `a.b.c.d/prefix` of a first address. */
export function cidrText(first: number, prefix: number): string {
    return `${[24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join(".")}/${prefix}`;
}

/** Drops duplicates and blocks inside another block of the list; sorted by address. */
export function withoutContained(cidrs: string[]): string[] {
    const sorted = [...new Set(cidrs)].sort(compareCidrs);
    const kept: string[] = [];
    let end = -1;
    for (const c of sorted) {
        const b = boundsOf(c);
        // Sorted by first address, broader first: a block is inside an earlier one exactly
        // when it ends no later than the furthest end seen so far.
        if (b.last <= end) continue;
        kept.push(c);
        end = b.last;
    }
    return kept;
}

/**
 * The address ranges the blocks cover together, as sorted, disjoint [first, last]
 * intervals: blocks merged where they overlap, nest or touch. Linear after the sort.
 */
export function coveredRanges(cidrs: readonly string[]): { first: number; last: number }[] {
    const blocks = cidrs.map(boundsOf).sort((a, b) => a.first - b.first);
    const merged: { first: number; last: number }[] = [];
    for (const b of blocks) {
        const tail = merged[merged.length - 1];
        if (tail && b.first <= tail.last + 1) tail.last = Math.max(tail.last, b.last);
        else merged.push({ first: b.first, last: b.last });
    }
    return merged;
}

/**
 * The fewest CIDR blocks covering exactly the addresses of `cidrs` (summarize): nested
 * blocks disappear into their outer block, adjacent ones merge into their common prefix
 * where they fill it (`10.0.0.0/24` + `10.0.1.0/24` → `10.0.0.0/23`), sorted by address.
 * Exact for any mix of blocks (ip-num's `Pool.aggregate()` leaves a block unmerged when
 * the next one in its order contains it).
 */
export function aggregate(cidrs: readonly string[]): string[] {
    const out: string[] = [];
    for (const range of coveredRanges(cidrs)) {
        let first = range.first;
        while (first <= range.last) {
            // The largest aligned block starting at `first` that stays inside the range.
            let prefix = 0;
            while (prefix < 32 && (first % 2 ** (32 - prefix) !== 0 || first + 2 ** (32 - prefix) - 1 > range.last)) prefix++;
            out.push(cidrText(first, prefix));
            first += 2 ** (32 - prefix);
        }
    }
    return out;
}

/**
 * True when the addresses of `inner` lie inside the ranges `allowed` covers together
 * (merged first, so a block that summarizes several adjacent allowed blocks counts as
 * inside). Entries that are not IPv4 CIDRs are ignored.
 */
export function insideAny(inner: string, allowed: readonly string[]): boolean {
    const b = tryBounds(inner);
    if (!b) return false;
    return coveredRanges(allowed.filter((c) => tryBounds(c) !== undefined)).some((r) => r.first <= b.first && b.last <= r.last);
}
