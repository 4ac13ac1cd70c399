import * as assert from "assert";
import { addressInside, aggregate, cidrInside, cidrsOverlap, contains, insideAny, isPrivateBlock, overlappingPairs, overlaps, parseCidr, parseIpv4, tryBounds, withoutContained } from "../../definition/cidr";
import { aggregateCases, insideCases } from "../support/cidr-cases";
import { at, base, edit, expectDiagnostic, load } from "./helpers";

const ok = (text: string) => {
    const r = parseCidr(text);
    assert.ok(r.ok, text);
    return r.value;
};

describe("CIDR module: arithmetic on validated blocks", () => {
    for (const c of aggregateCases) {
        it(`aggregates ${c.why}`, () => {
            assert.deepStrictEqual(aggregate(c.blocks), c.expected);
            // Exactly the same addresses: every input inside the result, every result block inside the inputs together.
            for (const b of c.blocks) assert.ok(insideAny(b, c.expected), b);
            for (const b of c.expected) assert.ok(insideAny(b, c.blocks), b);
        });
    }

    for (const c of insideCases) {
        it(`insideAny: ${c.why}`, () => assert.strictEqual(insideAny(c.inner, c.allowed), c.expected));
    }

    it("aggregates 1,000 spoke blocks, nested ones included, exactly", () => {
        const blocks = Array.from({ length: 1000 }, (_v, i) => `10.${Math.floor(i / 16)}.${(i % 16) * 16}.0/20`);
        blocks.push("10.0.0.0/24", "10.3.16.0/21"); // nested in blocks already listed
        // 1,000 /20s from 10.0.0.0: 62 full /16s (the /11 + /12 + /13 + /14, 60 of them, then 10.60 and 10.61) and 8 /20s of 10.62.
        assert.deepStrictEqual(aggregate(blocks), ["10.0.0.0/11", "10.32.0.0/12", "10.48.0.0/13", "10.56.0.0/14", "10.60.0.0/15", "10.62.0.0/17"]);
    });

    it("drops duplicates and contained blocks, keeping the outer ones in address order", () => {
        assert.deepStrictEqual(withoutContained(["10.1.0.0/16", "10.0.0.0/8", "10.0.0.0/8", "192.168.1.0/24", "172.16.0.0/12"]), ["10.0.0.0/8", "172.16.0.0/12", "192.168.1.0/24"]);
    });

    it("compares blocks by their addresses, tolerating host bits as AWS applies them", () => {
        assert.ok(contains("10.0.0.0/8", "10.200.0.0/16") && contains("10.0.0.0/8", "10.0.0.0/8") && !contains("10.0.0.0/16", "10.0.0.0/8"));
        assert.ok(overlaps("10.0.0.0/16", "10.0.128.0/17") && !overlaps("10.0.0.0/16", "10.1.0.0/16"));
        assert.deepStrictEqual(tryBounds("10.0.0.1/24"), { first: 167772160, last: 167772415, prefix: 24 });
        for (const bad of ["10.0.0.0/33", "10.0.0/8", "", undefined, 42]) assert.strictEqual(tryBounds(bad), undefined, String(bad));
    });
});

describe("CIDR helpers", () => {
    it("parses network addresses and explains the rest", () => {
        const v = ok("10.16.0.0/13");
        assert.strictEqual(v.prefix, 13);
        assert.strictEqual(v.first, 10n * 256n ** 3n + 16n * 256n ** 2n);
        assert.strictEqual(v.last - v.first + 1n, 2n ** 19n);
        assert.deepStrictEqual(parseCidr("10.0.0.1/16"), { ok: false, message: "10.0.0.1/16 is not a network address (host bits are set); did you mean 10.0.0.0/16?" });
        assert.deepStrictEqual(parseCidr("10.0.256.0/24"), { ok: false, message: "10.0.256.0/24: octet 256 is out of range (each of the four numbers must be 0-255)" });
        assert.deepStrictEqual(parseCidr("10.0.0.0/40"), { ok: false, message: "10.0.0.0/40: prefix /40 is out of range (0-32)" });
        assert.strictEqual(parseCidr("10.0.0.0").ok, false);
        assert.ok(ok("0.0.0.0/0").first === 0n);
    });

    it("decides overlap and containment", () => {
        assert.ok(cidrsOverlap("10.0.0.0/16", "10.0.128.0/17"));
        assert.ok(!cidrsOverlap("10.0.0.0/16", "10.1.0.0/16"));
        assert.ok(!cidrsOverlap("10.0.0.0/16", "not a cidr"));
        assert.ok(cidrInside(ok("10.16.0.0/16"), ok("10.16.0.0/13")));
        assert.ok(!cidrInside(ok("10.24.0.0/16"), ok("10.16.0.0/13")));
        assert.ok(addressInside(parseIpv4("10.16.255.255")!, ok("10.16.0.0/16")));
        assert.strictEqual(parseIpv4("10.0.0.300"), undefined);
        assert.ok(isPrivateBlock(ok("100.64.0.0/16")) && !isPrivateBlock(ok("52.0.0.0/16")));
    });

    it("finds every overlapping pair, and only those", () => {
        const blocks = ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "192.168.0.0/16", "172.16.0.0/12"].map((c, i) => ({ block: ok(c), label: i }));
        const pairs = overlappingPairs(blocks).map(([a, b]) => [a.label, b.label].sort().join("-")).sort();
        assert.deepStrictEqual(pairs, ["0-1", "0-2", "1-2"]);
        const many = Array.from({ length: 3000 }, (_, i) => ({ block: ok(`10.${Math.floor(i / 256)}.${i % 256}.0/24`), label: i }));
        assert.deepStrictEqual(overlappingPairs(many), []);
    });

    it("rejects a gateway endpoint listed twice", () => {
        const text = edit(base, "    domain: apps\n  - name: app-b", "    domain: apps\n    gatewayEndpoints: [s3, s3]\n  - name: app-b");
        expectDiagnostic(load(text), { path: "spokes[0].gatewayEndpoints[1]", message: "gateway endpoint s3 is listed twice; a VPC takes one gateway endpoint per service", ...at(text, "s3]") });
    });
});
