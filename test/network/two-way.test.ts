/**
 * Reachability as a conversation, on whole definitions planned through the real program:
 * for every shipped definition, every fixture of test/network/fixtures and every case of
 * test/network/reachability-cases (one per situation of the route-domain design), the
 * plan's printed matrix, its `--json` maps and an independent two-way calculation from
 * the planned routes (test/support/reachability-oracle.ts) agree, match the definition's
 * intent, and every route table has the blackholes the README promises.
 *
 * Held-out definitions: drop files into test/network/reachability-cases/, or point
 * `REACHABILITY_DEFINITIONS` at files or folders (separated by `:`):
 *   REACHABILITY_DEFINITIONS=/tmp/cases npx mocha test/network/two-way.test.ts
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PlannedResource } from "../../analysis/plan-records";
import { intendedReachability } from "../../analysis/reachability";
import { Definition } from "../../definition/schema";
import { loadDefinitionFile } from "../../program/load";
import { sharedPlan } from "../support/plans";
import { reachabilitySection } from "../../tools/plan/render";
import { checkDefinitionFile, missingBlackholes } from "../support/reachability-oracle";

const root = path.resolve(__dirname, "../..");
const yamlIn = (dir: string): string[] =>
    fs.statSync(dir).isDirectory()
        ? fs.readdirSync(dir).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort().map((f) => path.join(dir, f))
        : [dir];
const casesDir = path.join(__dirname, "reachability-cases");
const heldOut = (process.env.REACHABILITY_DEFINITIONS ?? "").split(":").filter((p) => p.trim() !== "").flatMap((p) => yamlIn(path.resolve(p)));
const files = [...yamlIn(path.join(root, "stacks")), ...yamlIn(path.join(__dirname, "fixtures")), ...yamlIn(casesDir), ...heldOut];

describe("two-way reachability of whole definitions (plan = independent calculation = intent)", function () {
    this.timeout(180000);
    for (const file of files) {
        it(path.relative(root, file), async () => {
            await checkDefinitionFile(file);
        });
    }
});

/** The two-way map the definition intends between the nodes a section reports, after checking the section raises no difference. */
function checkAgainstIntent(definition: Definition, section: ReturnType<typeof reachabilitySection>): Record<string, string[]> {
    assert.deepStrictEqual(section.lines.filter((l) => /^ {2}(UNINTENDED|missing path|one-way only|partial only)/.test(l)), []);
    const intended = intendedReachability(definition).reachable;
    const nodes = new Set(Object.keys(section.json.reachability));
    return Object.fromEntries(Object.entries(intended).filter(([n]) => nodes.has(n)).map(([n, to]) => [n, to.filter((m) => nodes.has(m))]));
}

describe("the cases of the route-domain design, one by one", function () {
    this.timeout(180000);
    const plan = async (name: string) => {
        const file = path.join(casesDir, `${name}.yaml`);
        const { definition } = loadDefinitionFile(file);
        const resources = (await sharedPlan({ definitionFile: file, unit: "all" })).resources;
        return { definition: definition!, resources, section: reachabilitySection(resources, definition) };
    };
    const tgwRoutes = (resources: PlannedResource[], domain: string, blackhole: boolean) => {
        const table = resources.find((r) => r.type === "aws:ec2transitgateway/routeTable:RouteTable" && (r.inputs.tags as Record<string, string>)["landing-zone:domain"] === domain)!;
        return resources
            .filter((r) => r.type === "aws:ec2transitgateway/route:Route" && (r.dependencies.transitGatewayRouteTableId ?? []).includes(table.urn) && (r.inputs.blackhole === true) === blackhole)
            .map((r) => r.inputs.destinationCidrBlock)
            .sort();
    };

    it("shared reaches apps one-way by declaration: no conversation, the hub's paths reported one-way by intent", async () => {
        const { section } = await plan("one-way-declared");
        assert.deepStrictEqual(section.json.reachability, { hub: [], "app-a": [], "app-b": [] });
        assert.deepStrictEqual(section.json.reachabilityOneWay, { hub: ["app-a", "app-b"] });
        assert.deepStrictEqual(section.warnings, [
            "one-way path hub → app-a by intent (network.transitGateway.domains.shared.oneWay lists apps): packets get there, replies have no route back",
            "one-way path hub → app-b by intent (network.transitGateway.domains.shared.oneWay lists apps): packets get there, replies have no route back",
        ]);
        assert.deepStrictEqual(section.lines.filter((l) => /^ {2}(UNINTENDED|missing path|one-way only)/.test(l)), []);
    });

    it("a VPN without on-premises ranges converses with nothing; its one-way path is declared", async () => {
        const { section, resources } = await plan("vpn-without-ranges");
        assert.deepStrictEqual(section.json.reachability, { hub: ["app"], app: ["hub"], onprem: [] });
        assert.deepStrictEqual(section.json.reachabilityOneWay, { onprem: ["hub"] });
        // Nothing routes to on-premises: no static route points at the VPN.
        assert.deepStrictEqual(tgwRoutes(resources, "shared", false), []);
    });

    it("on-premises that nothing reaches has no path, and every table blackholes its ranges", async () => {
        const { section, resources } = await plan("vpn-isolated");
        assert.deepStrictEqual(section.json.reachability.onprem, []);
        assert.deepStrictEqual(section.json.reachabilityOneWay, {});
        for (const domain of ["shared", "apps", "onprem"]) {
            assert.ok(tgwRoutes(resources, domain, true).includes("172.16.0.0/12") && tgwRoutes(resources, domain, true).includes("192.168.10.0/24"), domain);
        }
    });

    it("spokes in shared talk to the hub and to the domains that reach shared back; a domain that does not reach shared blackholes each of them", async () => {
        const { section, resources } = await plan("shared-spokes");
        assert.deepStrictEqual(section.json.reachability.hub, ["ad", "api", "monitoring", "onprem", "web"]);
        assert.deepStrictEqual(section.json.reachability.ad, ["api", "hub", "monitoring", "onprem", "web"]);
        assert.deepStrictEqual(section.json.reachability["lab-a"], ["lab-b"]);
        // isolated reaches only itself: the hub and the shared spokes, one blackhole each (no summary), apps' summary, on-premises.
        assert.deepStrictEqual(tgwRoutes(resources, "isolated", true), ["10.0.0.0/22", "10.16.0.0/12", "10.4.0.0/16", "10.5.0.0/16", "172.16.0.0/12"]);
        // No ✗ marks for the shared spokes.
        assert.doesNotMatch(section.lines[1], /│.*[✗○◐]/);
    });

    it("a spoke in shared does not talk to the hub unless shared reaches itself; shared's own table blackholes its summary", async () => {
        const { section, resources } = await plan("shared-not-reflexive");
        assert.deepStrictEqual(section.json.reachability, { hub: ["app"], app: ["hub", "tools"], tools: ["app"] });
        assert.deepStrictEqual(tgwRoutes(resources, "shared", true), ["10.0.0.0/14"]);
    });

    it("a plan of the network unit alone names the spokes of the TGW's own account from their stacks' outputs and judges them against the intent", async () => {
        const file = path.join(root, "stacks/dev.yaml");
        const { definition } = loadDefinitionFile(file);
        const resources = (await sharedPlan({ definitionFile: file, unit: "network" })).resources;
        // The network stack holds only the attachment ids those stacks publish; their `cidr` outputs give the ranges.
        const section = reachabilitySection(resources, definition, "network");
        const expected = checkAgainstIntent(definition!, section);
        assert.deepStrictEqual(Object.keys(section.json.reachability).sort(), ["api", "batch", "hub", "web"]);
        assert.deepStrictEqual(section.json.reachability, expected);
        assert.strictEqual(section.json.reachabilityUndecided, undefined);
        assert.deepStrictEqual(section.warnings, []);
        assert.doesNotMatch(section.lines[1].split("\n\n")[0], /attachment:|[?✗○◐±]/);
        // Without the definition, the nodes carry their stacks' names.
        assert.deepStrictEqual(Object.keys(reachabilitySection(resources).json.reachability).sort(), ["dev-api", "dev-batch", "dev-web", "hub"]);
        // A stack that publishes no range: its paths cannot be judged ('?', explained under the legend).
        const noCidr = resources.map((r) =>
            r.type === "pulumi:pulumi:StackReference" && r.name === "dev-web-ref" ? { ...r, outputs: { ...r.outputs, outputs: { ...(r.outputs!.outputs as object), cidr: undefined } } } : r,
        );
        const blind = reachabilitySection(noCidr, definition, "network");
        assert.deepStrictEqual(blind.json.reachabilityUndecided, ["web"]);
        assert.deepStrictEqual(blind.warnings, []);
        assert.match(blind.lines[1], /^web +│ +\? +\? +\? *$/m);
        assert.match(blind.lines[1], /\? cannot be judged from this plan: the address range of web is not in it/);
        // Cross-account spokes are known from their accepters' tags: prod's network unit judges every pair.
        const prod = reachabilitySection((await sharedPlan({ definitionFile: path.join(root, "stacks/prod.yaml"), unit: "network" })).resources);
        assert.strictEqual(prod.json.reachabilityUndecided, undefined);
    });

    it("one-way toward on-premises by declaration: collector's packets reach on-premises, whose table has no route back", async () => {
        const { section, definition, resources } = await plan("one-way-to-onprem");
        assert.deepStrictEqual(section.json.reachability, { hub: ["collector", "onprem"], collector: ["hub"], onprem: ["hub"] });
        assert.deepStrictEqual(section.json.reachabilityOneWay, { collector: ["onprem"] });
        assert.deepStrictEqual(missingBlackholes(definition, resources), []);
        assert.ok(tgwRoutes(resources, "onprem", true).includes("10.9.0.0/16"));
    });
});
