/**
 * The pack's CIDR copy (policypacks/landing-zone/lib/cidr.ts, which cannot import the program)
 * and the program's CIDR module (definition/cidr.ts) give the same answers: on the hand-worked
 * cases both are tested on (test/support/cidr-cases.ts), and on generated blocks (fast-check,
 * seeded) mixing nested, adjacent, duplicate and disjoint blocks.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import * as program from "../../definition/cidr";
import * as pack from "../../policypacks/landing-zone/lib/cidr";
import { aggregateCases, insideCases } from "../support/cidr-cases";

/** Blocks near each other, so nesting, adjacency and duplicates are common. */
const block = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 20, max: 26 })).map(([b, c, prefix]) => {
    const first = (10 * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8) - ((10 * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8) % 2 ** (32 - prefix));
    return `${[24, 16, 8, 0].map((s) => Math.floor(first / 2 ** s) % 256).join(".")}/${prefix}`;
});

describe("policy pack: CIDR parity with the program's CIDR module", () => {
    for (const c of aggregateCases) {
        it(`aggregate: ${c.why}`, () => {
            assert.deepEqual(pack.aggregate(c.blocks), c.expected);
            assert.deepEqual(program.aggregate(c.blocks), c.expected);
        });
    }
    for (const c of insideCases) {
        it(`insideAny: ${c.why}`, () => {
            assert.equal(pack.insideAny(c.inner, c.allowed), c.expected);
            assert.equal(program.insideAny(c.inner, c.allowed), c.expected);
        });
    }
    it("generated blocks: the same aggregate and the same containment on both sides", () => {
        fc.assert(
            fc.property(fc.array(block, { maxLength: 40 }), block, (blocks, inner) => {
                assert.deepEqual(pack.aggregate(blocks), program.aggregate(blocks));
                assert.equal(pack.insideAny(inner, blocks), program.insideAny(inner, blocks));
                // The summary covers exactly the same addresses.
                for (const b of blocks) assert.ok(pack.insideAny(b, pack.aggregate(blocks)), `${b} lost`);
            }),
            { numRuns: 300, seed: 20261127 },
        );
    });
});
