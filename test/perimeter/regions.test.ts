/**
 * The perimeter with more than one hub Region: each Region's hub VPC id is paired with its
 * own Region (VPC ids are unique per Region only), calls through each Region's hub endpoints
 * are allowed, a VPC id of the wrong Region is denied, and the Region guardrail allows home,
 * every hub Region and the failover Regions. Verdicts come from the independent evaluator
 * (tools/perimeter.ts) on request contexts built from AWS's sourced keys; expectations are
 * read from the definition and the sourced plan, not from the generated documents.
 */
import * as assert from "assert";
import { hubRegions } from "../../definition/regions";
import { Definition } from "../../definition/schema";
import { networkPerimeterPlan } from "../../perimeter/network-perimeter";
import { environmentRegions } from "../../perimeter/networks";
import { scenarioEnvironment } from "../../perimeter/request-contexts";
import { perimeterScenarios } from "../../perimeter/scenarios";
import { serviceControlPolicies } from "../../perimeter/scps";
import { evaluateScenarios } from "../../tools/perimeter";
import { shipped } from "./helpers";

function withSecondHub(definition: Definition, region: string, services?: string[]): Definition {
    const regional = { hub: { cidr: "10.250.0.0/20", availabilityZones: 2 }, transitGateway: { asn: 64700 }, ...(services ? { endpoints: { services } } : {}) };
    return { ...definition, network: { ...definition.network, regions: { [region]: regional } as Definition["network"]["regions"] } };
}

describe("perimeter: more than one hub Region", function () {
    this.timeout(180000);
    const prod = withSecondHub(shipped("prod"), "eu-west-1");
    const env = scenarioEnvironment(prod);

    it("gives each hub Region its own hub VPC id, paired with that Region in the networks", () => {
        const hubs = hubRegions(prod).map((h) => h.region);
        assert.deepStrictEqual(Object.keys(env.hubVpcIds).sort(), [...hubs].sort());
        assert.notStrictEqual(env.hubVpcIds["eu-west-1"], env.hubVpcIds["us-east-1"]);
        for (const region of hubs) assert.ok(env.networks.vpcs.some((v) => v.region === region && v.vpcId === env.hubVpcIds[region]), region);
    });

    it("allows calls through the second Region's hub endpoint and denies a hub VPC id in the wrong Region, as the evaluator decides", async () => {
        const plan = networkPerimeterPlan(prod, env.networks);
        assert.ok(plan.bySourceVpc.length > 0, "prod holds some services by aws:SourceVpc (the sourced table)");
        const scenarios = await perimeterScenarios(env);
        const ids = ["hub-endpoint-in-eu-west-1-allowed", "home-hub-vpc-id-in-eu-west-1-denied", "eu-west-1-hub-vpc-id-in-home-denied"];
        for (const id of ids) assert.ok(scenarios.some((s) => s.id === id), `scenario ${id}`);
        const results = await evaluateScenarios(env, scenarios);
        const wrong = results.filter((r) => r.verdict !== r.scenario.expect).map((r) => `${r.scenario.id}: ${r.verdict} (${r.decidedBy}), expected ${r.scenario.expect}`);
        assert.deepStrictEqual(wrong, []);
        // The wrong-Region denials come from the network perimeter, not from a missing grant.
        for (const r of results.filter((x) => ids.slice(1).includes(x.scenario.id))) assert.ok(r.blockedBy.some((b) => b !== "identity"), `${r.scenario.id}: ${r.decidedBy}`);
    });

    it("the Region guardrail allows home, every hub Region and the failover Regions", () => {
        const withGuard: Definition = { ...prod, perimeter: { ...prod.perimeter, denyOtherRegions: true } as Definition["perimeter"] };
        const expected = [...new Set([prod.region, ...hubRegions(prod).map((h) => h.region), ...prod.endpointServices.flatMap((s) => (s.failover ? [s.failover.region] : []))])].sort();
        assert.deepStrictEqual(environmentRegions(withGuard), expected);
        const guard = serviceControlPolicies(withGuard, env.networks)
            .flatMap((p) => p.document.Statement)
            .find((s) => s.Sid === "DenyOutsideEnvironmentRegions");
        assert.ok(guard, "the Region guardrail is generated");
        const allowed = (guard!.Condition as any).StringNotEquals["aws:RequestedRegion"];
        assert.deepStrictEqual([allowed].flat().sort(), expected);
    });
});
