/**
 * Reachability across Regions: transit gateways peered pairwise, route domains spanning
 * them. Random multi-Region topologies (test/support/multi-region-topologies.ts: records
 * shaped as the provider's resources, built to the design, sometimes broken) are judged
 * by the analysis (analysis/reachability.ts) and by the independent brute-force oracle
 * (test/support/reachability-oracle.ts); built to the design, both equal the definition's
 * intent (domains are global), and every domain table in every Region has its blackholes.
 *
 *   MULTI_REGION_RUNS=500 MULTI_REGION_SEED=3 npx mocha test/network/multi-region-reachability.test.ts
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { analyzeReachability, intendedReachability } from "../../analysis/reachability";
import { PlannedResource } from "../../analysis/plan-records";
import { reachabilitySection } from "../../tools/plan/render";
import { topologyDefinition, topologyRecords, topologyShapes, TopologyShape, threeRegionShape } from "../support/multi-region-topologies";
import { assertPlanReachability, independentIntent, independentReachability, TwoWay } from "../support/reachability-oracle";

const runs = Number(process.env.MULTI_REGION_RUNS ?? 60);
const seed = Number(process.env.MULTI_REGION_SEED ?? 20261127);

/** Every node a key, lists sorted, empty one-way/partial lists dropped. */
function normalized(m: TwoWay, nodes: string[]): TwoWay {
    const out: TwoWay = { reachable: {}, oneWay: {}, partial: {} };
    for (const n of nodes) {
        out.reachable[n] = [...(m.reachable[n] ?? [])].sort();
        if ((m.oneWay[n] ?? []).length) out.oneWay[n] = [...m.oneWay[n]].sort();
        if ((m.partial?.[n] ?? []).length) out.partial![n] = [...m.partial![n]].sort();
    }
    return out;
}

function compareWithOracle(shape: TopologyShape): { resources: PlannedResource[]; oracle: TwoWay } {
    const definition = topologyDefinition(shape);
    const resources = topologyRecords(shape, definition);
    const report = analyzeReachability(resources, definition);
    const oracle = independentReachability(resources, true);
    const nodes = [...new Set([...Object.keys(report.reachable), ...Object.keys(oracle.reachable)])].sort();
    assert.deepStrictEqual(normalized(report, nodes), normalized(oracle, nodes), `analysis ≠ oracle for ${JSON.stringify(shape)}`);
    return { resources, oracle };
}

describe("reachability across Regions (peered transit gateways)", function () {
    this.timeout(120000);

    it(`built to the design: analysis = oracle = intent, printed matrix and blackholes (${runs} runs, seed ${seed})`, () => {
        fc.assert(
            fc.property(topologyShapes(0), (shape) => {
                const definition = topologyDefinition(shape);
                const resources = topologyRecords(shape, definition);
                // analysis/'s intent equals the one computed from the definition alone.
                const intended = intendedReachability(definition);
                const independent = independentIntent(definition);
                const nodes = Object.keys(independent.reachable).sort();
                assert.deepStrictEqual(Object.keys(intended.reachable).sort(), nodes);
                assert.deepStrictEqual(normalized(intended, nodes), normalized({ ...independent, partial: {} }, nodes));
                const section = reachabilitySection(resources, definition);
                assertPlanReachability(definition, resources, { matrix: section.lines[1], json: section.json }, `shape ${JSON.stringify(shape)}`);
            }),
            { numRuns: runs, seed, endOnFailure: true },
        );
    });

    it(`broken at random (routes, propagations, associations removed; wrong and two-hop routes): analysis = oracle (${runs * 2} runs)`, () => {
        fc.assert(
            fc.property(topologyShapes(3), (shape) => {
                compareWithOracle(shape);
            }),
            { numRuns: runs * 2, seed: seed + 1, endOnFailure: true },
        );
    });

    it(`a domain's table taking the peerings (network/domains.ts peeringLookupDomain) decides exactly what a peering table of its own does, and would even if peering were transitive (${runs} runs)`, () => {
        // shared reaches itself and every domain: its table can take the peerings.
        const qualifying = topologyShapes(0).map((s) => ({ ...s, reflexive: [true, ...s.reflexive.slice(1)], pairs: s.pairs.map((p, i) => (i < 3 ? ("two-way" as const) : p)) }));
        fc.assert(
            fc.property(qualifying, (shape) => {
                const definition = topologyDefinition(shape);
                const own = topologyRecords({ ...shape, peeringLookup: false }, definition);
                const lookup = topologyRecords({ ...shape, peeringLookup: true }, definition);
                assert.ok(!lookup.some((r) => r.name.startsWith("rt-peering-")), "no peering table of its own");
                assert.ok(!lookup.some((r) => r.name.endsWith("-prop-peering")), "no propagation into a peering table");
                const expected = independentReachability(own, true);
                const nodes = Object.keys(expected.reachable).sort();
                assert.deepStrictEqual(normalized(independentReachability(lookup, true), nodes), normalized(expected, nodes));
                // Transitive reading (a packet may cross three peerings): the same, for both designs.
                assert.deepStrictEqual(normalized(independentReachability(lookup, true, 3), nodes), normalized(expected, nodes));
                assert.deepStrictEqual(normalized(independentReachability(own, true, 3), nodes), normalized(expected, nodes));
            }),
            { numRuns: runs, seed: seed + 2, endOnFailure: true },
        );
    });

    const threeRegions = threeRegionShape;

    it("domains span Regions: an apps spoke converses with the apps spoke and the hubs of the other Regions, never with data", () => {
        const { oracle } = compareWithOracle(threeRegions);
        assert.deepStrictEqual(oracle.reachable.s0, ["hub@ap-southeast-2", "hub@eu-west-1", "hub@us-east-1", "s1"]);
        assert.deepStrictEqual(oracle.reachable.s2, ["hub@ap-southeast-2", "hub@eu-west-1", "hub@us-east-1"]);
        assert.deepStrictEqual(oracle.reachable["hub@us-east-1"], ["hub@ap-southeast-2", "hub@eu-west-1", "s0", "s1", "s2"]);
    });

    it("not transitive: a route that sends what arrived over one peering out over another delivers nothing", () => {
        const definition = topologyDefinition(threeRegions);
        const resources = topologyRecords(threeRegions, definition);
        // Take s0 (us-east-1) → s1 (eu-west-1) off the direct peering: us-east-1's apps table
        // sends it to ap-southeast-2, whose peering table sends it on to eu-west-1.
        const direct = resources.find((r) => r.name === "rt-apps-us-east-1-to-10.101.0.0/16")!;
        direct.dependencies.transitGatewayAttachmentId = [resources.find((r) => r.name === "peer-us-east-1-ap-southeast-2")!.urn];
        resources.push({
            ...direct,
            urn: `${direct.urn}-hop`,
            name: "hop",
            inputs: { ...direct.inputs },
            dependencies: {
                transitGatewayRouteTableId: [resources.find((r) => r.name === "rt-peering-ap-southeast-2")!.urn],
                transitGatewayAttachmentId: [resources.find((r) => r.name === "peer-eu-west-1-ap-southeast-2")!.urn],
            },
        });
        const report = analyzeReachability(resources, definition);
        const oracle = independentReachability(resources, true);
        for (const m of [report, oracle]) {
            assert.ok(!(m.reachable.s0 ?? []).includes("s1"), "two peering hops must not deliver");
            assert.ok((m.oneWay.s1 ?? []).includes("s0"), "s1 still gets to s0 over the direct peering: one-way");
        }
    });

    it("the receiving side's association decides: without it, nothing arriving over that peering is delivered", () => {
        const definition = topologyDefinition(threeRegions);
        const resources = topologyRecords(threeRegions, definition).filter((r) => r.name !== "peer-us-east-1-eu-west-1-assoc-eu-west-1");
        const report = analyzeReachability(resources, definition);
        assert.deepStrictEqual(report.oneWay["s1"], ["hub@us-east-1", "s0"]);
        assert.ok(!report.reachable.s0.includes("s1"));
        assert.deepStrictEqual(report.reachable, independentReachability(resources, true).reachable);
    });

    it("a single Region's plan names its one hub `hub`, as before", () => {
        const one: TopologyShape = { ...threeRegions, regionCount: 2 };
        const definition = topologyDefinition(one);
        const resources = topologyRecords(one, definition).filter((r) => (r.inputs.region ?? "us-east-1") === "us-east-1");
        assert.ok(Object.keys(analyzeReachability(resources).reachable).includes("hub"));
        assert.ok(Object.keys(analyzeReachability(resources, definition).reachable).includes("hub@us-east-1"));
    });
});
