/**
 * The benchmark's synthetic definition over several Regions (`npm run bench -- --regions N`):
 * spokes spread over the Regions with both domains in each, every spoke inside its own
 * Region's summary for its domain, no two blocks overlapping, one Region unchanged.
 */
import * as assert from "assert";
import { IPv4CidrRange } from "ip-num";
import { SYNTHETIC_REGIONS, syntheticDefinition } from "../../tools/plan/synthetic";

const range = (cidr: string) => IPv4CidrRange.fromCidr(cidr);
const inside = (inner: string, outer: string) => range(inner).inside(range(outer)) || range(inner).isEquals(range(outer));
const overlap = (a: string, b: string) => range(a).getFirst().getValue() <= range(b).getLast().getValue() && range(b).getFirst().getValue() <= range(a).getLast().getValue();

describe("synthetic definition over several Regions (bench --regions)", () => {
    it("one Region: the same definition as without the option", () => {
        assert.deepStrictEqual(syntheticDefinition({ spokes: 40, services: 3, regions: 1 }), syntheticDefinition({ spokes: 40, services: 3 }));
    });

    it("1,000 spokes over 3 Regions: balanced, each in its own Region's summary of its domain, nothing overlapping", () => {
        const d = syntheticDefinition({ spokes: 1000, services: 5, regions: 3 });
        const regions = d.network!.regions as unknown as Record<string, { hub: { cidr: string }; summaries: Record<string, string[]> }>;
        assert.deepStrictEqual(Object.keys(regions), SYNTHETIC_REGIONS.slice(1, 3));
        const summaryOf = (region: string, domain: string): string[] =>
            region === d.region ? d.network!.transitGateway!.domains![domain].cidrs! : regions[region].summaries[domain];
        const counts = new Map<string, number>();
        for (const s of d.spokes!) {
            const region = s.region ?? d.region;
            counts.set(`${region}/${s.domain}`, (counts.get(`${region}/${s.domain}`) ?? 0) + 1);
            assert.ok(summaryOf(region, s.domain).some((c) => inside(s.cidr, c)), `${s.name} ${s.cidr} outside ${region}'s ${s.domain} summary`);
        }
        assert.strictEqual(counts.size, 6);
        for (const n of counts.values()) assert.ok(n >= 166 && n <= 167, String(n));
        const blocks = [d.network!.hub!.cidr, ...Object.values(regions).map((r) => r.hub.cidr), ...d.spokes!.map((s) => s.cidr)];
        const summaries = [...[d.region, ...Object.keys(regions)].flatMap((r) => ["prod", "nonprod"].flatMap((dom) => summaryOf(r, dom)))];
        const sorted = blocks.map(range).sort((a, b) => (a.getFirst().getValue() < b.getFirst().getValue() ? -1 : 1));
        for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1].getLast().getValue() < sorted[i].getFirst().getValue(), `${sorted[i - 1].toCidrString()} overlaps ${sorted[i].toCidrString()}`);
        for (let i = 0; i < summaries.length; i++) for (let j = i + 1; j < summaries.length; j++) assert.ok(!overlap(summaries[i], summaries[j]), `${summaries[i]} ${summaries[j]}`);
        for (const hub of [d.network!.hub!.cidr, ...Object.values(regions).map((r) => r.hub.cidr)]) assert.ok(!summaries.some((s) => overlap(s, hub)), hub);
    });

    it("refuses more Regions than it has, and more spokes than the Regions' summaries hold", () => {
        assert.throws(() => syntheticDefinition({ spokes: 10, services: 0, regions: SYNTHETIC_REGIONS.length + 1 }), /--regions/);
        assert.throws(() => syntheticDefinition({ spokes: 1025, services: 0, regions: 1 }), /--spokes/);
        assert.throws(() => syntheticDefinition({ spokes: 1025, services: 0, regions: 3 }), /--spokes/);
    });
});
