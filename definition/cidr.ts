/**
 * IPv4 CIDR helpers for validation, built on ip-num. They return explanations instead of
 * throwing, because every caller turns a bad block into a user-facing message.
 */
import { IPv4, IPv4CidrRange } from "ip-num";

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
    return pa.value.range.isOverlapping(pb.value.range);
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrInside(inner: ParsedCidr, outer: ParsedCidr): boolean {
    return inner.first >= outer.first && inner.last <= outer.last;
}

/** True when the address lies inside the block. */
export function addressInside(address: bigint, block: ParsedCidr): boolean {
    return address >= block.first && address <= block.last;
}

/** RFC 1918 and the shared (CGNAT) space: what VPCs normally use. */
const privateBlocks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((c) => (parseCidr(c) as { ok: true; value: ParsedCidr }).value);

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
