/**
 * CIDR cases with their expected answers, worked out by hand from the addresses (not
 * from any implementation). The program's CIDR module (definition/cidr.ts) is tested on
 * them; the policy pack's own copy (policypacks/landing-zone/lib/cidr.ts) can be held to
 * the same answers.
 */

/** `aggregate(blocks)`: the fewest blocks covering exactly the same addresses, sorted. */
export const aggregateCases: { blocks: string[]; expected: string[]; why: string }[] = [
    { blocks: [], expected: [], why: "nothing to cover" },
    { blocks: ["10.0.0.0/24", "10.0.1.0/24"], expected: ["10.0.0.0/23"], why: "two adjacent halves fill their common /23" },
    { blocks: ["10.0.1.0/24", "10.0.2.0/24"], expected: ["10.0.1.0/24", "10.0.2.0/24"], why: "adjacent but not one aligned block" },
    { blocks: ["10.0.0.0/25", "10.0.0.0/24", "10.0.1.0/24"], expected: ["10.0.0.0/23"], why: "a nested block disappears, then the halves merge" },
    { blocks: ["10.0.0.0/24", "10.0.0.0/24"], expected: ["10.0.0.0/24"], why: "duplicates" },
    { blocks: ["10.0.0.0/8", "10.1.0.0/16", "10.200.3.0/24"], expected: ["10.0.0.0/8"], why: "everything inside one block" },
    { blocks: ["10.0.0.0/24", "10.0.1.0/25"], expected: ["10.0.0.0/24", "10.0.1.0/25"], why: "a /24 and half of the next cannot be one block" },
    { blocks: ["172.16.0.0/12", "10.0.0.0/16", "192.168.0.0/16"], expected: ["10.0.0.0/16", "172.16.0.0/12", "192.168.0.0/16"], why: "disjoint blocks come back sorted" },
    { blocks: ["0.0.0.0/1", "128.0.0.0/1"], expected: ["0.0.0.0/0"], why: "the two halves of the address space" },
    { blocks: ["255.255.255.254/32", "255.255.255.255/32"], expected: ["255.255.255.254/31"], why: "the top of the address space" },
    {
        blocks: Array.from({ length: 61 }, (_v, i) => `10.${i}.0.0/16`),
        expected: ["10.0.0.0/11", "10.32.0.0/12", "10.48.0.0/13", "10.56.0.0/14", "10.60.0.0/16"],
        why: "61 spoke /16s: 32 + 16 + 8 + 4 + 1",
    },
];

/** `insideAny(inner, allowed)`: are all of `inner`'s addresses covered by the allowed blocks together? */
export const insideCases: { inner: string; allowed: string[]; expected: boolean; why: string }[] = [
    { inner: "10.0.0.0/23", allowed: ["10.0.0.0/24", "10.0.1.0/24"], expected: true, why: "summarizes two adjacent allowed blocks" },
    { inner: "10.0.0.0/22", allowed: ["10.0.0.0/24", "10.0.1.0/24"], expected: false, why: "reaches past them" },
    { inner: "10.0.0.0/24", allowed: ["10.0.0.0/24"], expected: true, why: "a block is inside itself" },
    { inner: "10.0.0.128/25", allowed: ["10.0.0.0/24"], expected: true, why: "nested" },
    { inner: "10.0.0.0/23", allowed: ["10.0.0.0/25", "10.0.0.0/24", "10.0.1.0/24"], expected: true, why: "nested and adjacent allowed blocks together" },
    { inner: "10.0.0.0/23", allowed: ["10.0.0.0/24", "10.0.2.0/24"], expected: false, why: "a gap in the middle" },
    { inner: "0.0.0.0/0", allowed: ["10.0.0.0/8"], expected: false, why: "the whole internet" },
    { inner: "10.0.0.0/16", allowed: ["not a cidr", "10.0.0.0/8"], expected: true, why: "entries that are not CIDRs are ignored" },
    { inner: "not a cidr", allowed: ["10.0.0.0/8"], expected: false, why: "what is not a CIDR is inside nothing" },
];
