/**
 * Cost per Region (analysis/cost.ts `priceByRegion`): a plan that builds in several
 * Regions is priced per Region with each Region's own list prices (aws/price-sheet.json),
 * saying when a Region falls back to us-east-1's; each side of a transit gateway peering
 * is an attachment-hour in its own Region; inter-Region data transfer is named as
 * traffic-dependent, never in a total. Expectations come from the price sheet, not from
 * the report.
 */
import * as assert from "assert";
import { priceByRegion, priceResources } from "../../analysis/cost";
import { PlannedResource } from "../../analysis/plan-records";
import { FALLBACK_REGION, priceSheet, pricesFor, transitGatewayPeeringPricing } from "../../aws/prices";
import { TopologyShape, topologyDefinition, topologyRecords } from "../support/multi-region-topologies";

const shape: TopologyShape = {
    regionCount: 3,
    domainCount: 1,
    reflexive: [true, true, false, false],
    pairs: ["two-way", "none", "none", "none", "none", "none"],
    spokes: [
        { domain: 1, region: 0 },
        { domain: 1, region: 1 },
        { domain: 1, region: 1 },
        { domain: 0, region: 2 },
    ],
    mutations: [],
};

describe("cost per Region", () => {
    const definition = topologyDefinition(shape);
    const records = topologyRecords(shape, definition);
    const count = (region: string, type: string) => records.filter((r) => r.inputs.region === region && r.type === type).length;
    const cost = priceByRegion(records, { region: definition.region });

    it("one report per Region, the home Region first, each priced with its own Region's prices", () => {
        assert.deepStrictEqual(cost.regions.map((c) => c.region), ["us-east-1", "eu-west-1", "ap-southeast-2"]);
        for (const c of cost.regions) {
            const line = c.lines.find((l) => l.item === "Transit gateway attachments")!;
            assert.strictEqual(line.quantity, count(c.region, "aws:ec2transitgateway/vpcAttachment:VpcAttachment"), c.region);
            assert.strictEqual(line.unitUsd, pricesFor(c.region).transitGatewayAttachmentHour, c.region);
        }
        assert.ok(Math.abs(cost.monthlyUsd - cost.regions.reduce((s, c) => s + c.monthlyUsd, 0)) < 0.01);
    });

    it("each side of a peering is an attachment of its own Region's transit gateway (full mesh of 3: two sides per Region)", () => {
        for (const c of cost.regions) {
            const sides = count(c.region, "aws:ec2transitgateway/peeringAttachment:PeeringAttachment") + count(c.region, "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter");
            assert.strictEqual(sides, 2, c.region);
            const line = c.lines.find((l) => /peering/.test(l.item))!;
            assert.strictEqual(line.quantity, sides);
            assert.strictEqual(line.unitUsd, pricesFor(c.region).transitGatewayAttachmentHour);
            assert.ok(c.notes.some((n) => n.includes("inter-Region data transfer") && n.includes(transitGatewayPeeringPricing.interRegionTransfer.url)), c.notes.join("\n"));
        }
    });

    it("a Region without its own prices falls back to us-east-1's and says so", () => {
        assert.ok(!("ap-southeast-2" in priceSheet.regions), "the test needs a Region the sheet lacks");
        const sydney = cost.regions.find((c) => c.region === "ap-southeast-2")!;
        assert.ok(sydney.notes.some((n) => n.includes(FALLBACK_REGION) && n.includes("ap-southeast-2")), sydney.notes.join("\n"));
        const ireland = cost.regions.find((c) => c.region === "eu-west-1")!;
        assert.ok(!ireland.notes.some((n) => /priced with us-east-1/.test(n)), ireland.notes.join("\n"));
    });

    it("a record's Region comes from its explicit provider when it has no region of its own", () => {
        const provider: PlannedResource = { urn: "urn:pulumi:x::lz::pulumi:providers:aws::eu", type: "pulumi:providers:aws", name: "eu", custom: true, inputs: { region: "eu-west-1" }, dependencies: {} };
        const attachment: PlannedResource = { urn: "urn:pulumi:x::lz::aws:ec2transitgateway/vpcAttachment:VpcAttachment::a", type: "aws:ec2transitgateway/vpcAttachment:VpcAttachment", name: "a", custom: true, inputs: {}, dependencies: {}, provider: provider.urn };
        const c = priceByRegion([provider, attachment], { region: "us-east-1" });
        assert.deepStrictEqual(c.regions.map((r) => [r.region, r.lines.map((l) => l.quantity)]), [["us-east-1", []], ["eu-west-1", [1]]]);
    });

    it("one Region: the same report as before", () => {
        const home = records.filter((r) => r.inputs.region === "us-east-1" && !/peering/i.test(r.type));
        const single = priceByRegion(home, { region: "us-east-1" });
        assert.strictEqual(single.regions.length, 1);
        assert.deepStrictEqual(single.regions[0], priceResources(home, { region: "us-east-1" }));
    });
});
