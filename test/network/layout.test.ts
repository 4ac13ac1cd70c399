import * as assert from "assert";
import { IPv4CidrRange } from "ip-num";
import { LayoutError, PlannedSubnet, hubLayout, spokeLayout, subnetsOfTier } from "../../network/layout";

function size(cidr: string): number {
    return Number(IPv4CidrRange.fromCidr(cidr).getSize());
}

function assertDisjointInside(vpc: string, subnets: PlannedSubnet[]): void {
    const outer = IPv4CidrRange.fromCidr(vpc);
    const ranges = subnets.map((s) => IPv4CidrRange.fromCidr(s.cidr));
    for (const [i, r] of ranges.entries()) {
        assert.ok(r.inside(outer) || r.isEquals(outer), `${subnets[i].cidr} is outside ${vpc}`);
        assert.strictEqual(r.getFirst().toString(), subnets[i].cidr.split("/")[0], `${subnets[i].cidr} is not aligned`);
        for (let j = i + 1; j < ranges.length; j++) {
            assert.ok(!r.isOverlapping(ranges[j]), `${subnets[i].cidr} overlaps ${subnets[j].cidr}`);
        }
    }
}

describe("network/layout", () => {
    describe("hubLayout", () => {
        it("gives every AZ a /28 attachment, an endpoint subnet of at least /26 and a /28 resolver subnet", () => {
            for (const az of [1, 2, 3]) {
                const { subnets } = hubLayout("10.0.0.0/22", az);
                assertDisjointInside("10.0.0.0/22", subnets);
                for (const tier of ["attachment", "endpoint", "resolver"] as const) {
                    const ofTier = subnetsOfTier({ subnets }, tier);
                    assert.deepStrictEqual(ofTier.map((s) => s.az), Array.from({ length: az }, (_, i) => i), tier);
                }
                for (const s of subnetsOfTier({ subnets }, "attachment")) assert.strictEqual(size(s.cidr), 16);
                for (const s of subnetsOfTier({ subnets }, "resolver")) assert.strictEqual(size(s.cidr), 16);
                // 50 endpoints → 50 ENIs per AZ + 5 reserved addresses.
                for (const s of subnetsOfTier({ subnets }, "endpoint")) assert.ok(size(s.cidr) - 5 >= 50, s.cidr);
                assert.strictEqual(subnets.length, 3 * az);
            }
        });

        it("fits two AZs in a /24 exactly as documented", () => {
            assert.deepStrictEqual(
                hubLayout("10.0.0.0/24", 2).subnets.map((s) => `${s.name}=${s.cidr}`),
                [
                    "endpoint-0=10.0.0.0/26",
                    "endpoint-1=10.0.0.64/26",
                    "attachment-0=10.0.0.128/28",
                    "attachment-1=10.0.0.144/28",
                    "resolver-0=10.0.0.160/28",
                    "resolver-1=10.0.0.176/28",
                ],
            );
        });

        it("is deterministic", () => {
            assert.deepStrictEqual(hubLayout("10.10.0.0/20", 3), hubLayout("10.10.0.0/20", 3));
        });

        it("rejects a hub too small for its AZs, naming what it needs and the smallest CIDR that fits", () => {
            assert.throws(
                () => hubLayout("10.0.0.0/24", 3),
                (e: unknown) => {
                    assert.ok(e instanceof LayoutError);
                    assert.match(e.message, /needs 288 addresses/);
                    assert.match(e.message, /a \/24 offers 256/);
                    assert.match(e.message, /smallest CIDR that fits is a \/23/);
                    assert.strictEqual(e.smallestPrefix, 23);
                    return true;
                },
            );
            // The suggestion really fits.
            assert.doesNotThrow(() => hubLayout("10.0.0.0/23", 3));
        });

        it("rejects malformed and out-of-range CIDRs and AZ counts", () => {
            assert.throws(() => hubLayout("10.0.0.1/24", 2), /not a network address; did you mean "10.0.0.0\/24"/);
            assert.throws(() => hubLayout("10.0.0.0/8", 2), /between \/16 and \/28/);
            assert.throws(() => hubLayout("banana", 2), LayoutError);
            assert.throws(() => hubLayout("10.0.0.0/16", 0), /1 to 6 availability zones/);
            assert.throws(() => hubLayout("10.0.0.0/16", 7), /1 to 6 availability zones/);
        });
    });

    describe("spokeLayout", () => {
        it("internet none has no public subnet; the workload subnets are the bulk", () => {
            const { subnets } = spokeLayout("10.1.0.0/16", 3, "none");
            assertDisjointInside("10.1.0.0/16", subnets);
            assert.deepStrictEqual(subnetsOfTier({ subnets }, "public"), []);
            const workload = subnetsOfTier({ subnets }, "workload");
            assert.deepStrictEqual(workload.map((s) => s.cidr), ["10.1.0.0/18", "10.1.64.0/18", "10.1.128.0/18"]);
            assert.deepStrictEqual(subnetsOfTier({ subnets }, "attachment").map((s) => size(s.cidr)), [16, 16, 16]);
        });

        it("internet nat adds one /28 public subnet per AZ without moving the attachment subnets", () => {
            const none = spokeLayout("10.2.0.0/24", 2, "none");
            const nat = spokeLayout("10.2.0.0/24", 2, "nat");
            assertDisjointInside("10.2.0.0/24", nat.subnets);
            assert.deepStrictEqual(subnetsOfTier(nat, "public").map((s) => s.cidr), ["10.2.0.160/28", "10.2.0.176/28"]);
            assert.deepStrictEqual(subnetsOfTier(nat, "attachment"), subnetsOfTier(none, "attachment"));
        });

        it("rejects a spoke too small, with the smallest CIDR that fits", () => {
            assert.throws(() => spokeLayout("10.0.0.0/28", 1, "nat"), /needs 48 addresses.*smallest CIDR that fits is a \/26/);
            assert.doesNotThrow(() => spokeLayout("10.0.0.0/26", 1, "nat"));
            assert.throws(() => spokeLayout("10.0.0.0/27", 3, "none"), /needs 96 addresses.*smallest CIDR that fits is a \/25/);
        });
    });
});
