/**
 * network-transit-gateway-two-way-reachability and the pack's own route calculation
 * (policypacks/landing-zone/lib/reachability.ts).
 *
 * - From a compliant baseline (a hub and two spokes that converse), one change at a time
 *   makes a path one-way, and the rule says so on the sender's route table; a declared
 *   one-way path is an advisory note; an unknown range is not judged.
 * - Parity: on whole plans (every shipped definition, every design case, random valid
 *   definitions) the pack's calculation equals the program's analysis (analysis/), and
 *   the rule's violations are exactly the one-way paths the definition does not declare.
 * - The pack's copy of AWS's route evaluation order equals aws/transit-gateway-routing.ts.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlannedResource, UNKNOWN as PLAN_UNKNOWN } from "../../analysis/plan-records";
import { analyzeReachability, intendedReachability, oneWayPaths } from "../../analysis/reachability";
import { MAX_PEERING_HOPS, transitGatewayRouteOriginPriority } from "../../aws/transit-gateway-routing";
import { ONE_WAY_TAG_PREFIX as COMPONENT_TAG_PREFIX } from "../../components/network-hub";
import { Definition } from "../../definition/schema";
import { MAX_PEERING_HOPS as PACK_MAX_PEERING_HOPS, ONE_WAY_TAG_PREFIX, ORIGIN_PRIORITY, stackReachability } from "../../policypacks/landing-zone/lib/reachability";
import { StackIndex } from "../../policypacks/landing-zone/lib/stack-index";
import { networkTransitGatewayTwoWayReachability as rule } from "../../policypacks/landing-zone/policies/network-transit-gateway-two-way-reachability";
import { loadDefinitionText } from "../../program/load";
import { loadForPlan, planDefinition } from "../../tools/plan/run";
import { sharedPlan } from "../support/plans";
import { randomDefinitions } from "../support/random-definitions";
import { TopologyShape, topologyDefinition, topologyPackConfig, topologyPeeringLookupDomain, topologyRecords, topologyShapes, threeRegionShape } from "../support/multi-region-topologies";
import { independentReachability } from "../support/reachability-oracle";
import { policyResources, reachabilityReports as ruleReports } from "../support/reachability-pack";
import { StackFixture, UNKNOWN, advisory, mandatory, runStack } from "./harness";

const TGW_RT = "aws:ec2transitgateway/routeTable:RouteTable";

/** A hub and two spokes in domain apps, which reaches shared and itself: everything converses. */
function baseline(): StackFixture[] {
    const f: StackFixture[] = [
        { type: "aws:ec2transitgateway/transitGateway:TransitGateway", name: "tgw", props: {} },
        { type: TGW_RT, name: "rt-shared", props: { tags: { "landing-zone:domain": "shared" } }, deps: { transitGatewayId: ["tgw"] } },
        { type: TGW_RT, name: "rt-apps", props: { tags: { "landing-zone:domain": "apps" } }, deps: { transitGatewayId: ["tgw"] } },
    ];
    const vpc = (name: string, cidr: string, tags: Record<string, string>, toTgw: string) => {
        f.push({ type: "aws:ec2/vpc:Vpc", name: `${name}-vpc`, props: { cidrBlock: cidr, tags } });
        f.push({ type: "aws:ec2/routeTable:RouteTable", name: `${name}-vpc-rt`, props: { vpcId: UNKNOWN }, deps: { vpcId: [`${name}-vpc`] } });
        f.push({ type: "aws:ec2/route:Route", name: `${name}-vpc-rt-tgw`, props: { routeTableId: UNKNOWN, destinationCidrBlock: toTgw, transitGatewayId: UNKNOWN }, deps: { routeTableId: [`${name}-vpc-rt`], transitGatewayId: ["tgw"] } });
        f.push({ type: "aws:ec2transitgateway/vpcAttachment:VpcAttachment", name: `${name}-att`, props: { vpcId: UNKNOWN, transitGatewayId: UNKNOWN }, deps: { vpcId: [`${name}-vpc`], transitGatewayId: ["tgw"] } });
    };
    const link = (kind: "assoc" | "prop", att: string, table: string) =>
        f.push({
            type: kind === "assoc" ? "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation" : "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
            name: `${kind}-${att}-${table}`,
            props: { transitGatewayAttachmentId: UNKNOWN, transitGatewayRouteTableId: UNKNOWN },
            deps: { transitGatewayAttachmentId: [att], transitGatewayRouteTableId: [table] },
        });
    vpc("hub", "10.0.0.0/22", { "landing-zone:role": "hub" }, "10.0.0.0/8");
    vpc("a", "10.1.0.0/16", { "landing-zone:spoke": "a" }, "0.0.0.0/0");
    vpc("b", "10.2.0.0/16", { "landing-zone:spoke": "b" }, "0.0.0.0/0");
    link("assoc", "hub-att", "rt-shared");
    link("assoc", "a-att", "rt-apps");
    link("assoc", "b-att", "rt-apps");
    link("prop", "hub-att", "rt-apps");
    link("prop", "a-att", "rt-shared");
    link("prop", "b-att", "rt-shared");
    link("prop", "a-att", "rt-apps");
    link("prop", "b-att", "rt-apps");
    return f;
}

const without = (f: StackFixture[], name: string) => f.filter((x) => x.name !== name);
const urnOfName = (name: string) => `urn:pulumi:test::landing-zone::${TGW_RT}::${name}`;

describe("policy pack: network-transit-gateway-two-way-reachability", () => {
    it("passes a hub and two spokes that all converse", async () => {
        assert.deepEqual(await runStack(rule, baseline()), []);
    });

    it("flags a missing propagation: a's packets get to the hub, whose table has no route back to a; on apps' table", async () => {
        const r = mandatory(await runStack(rule, without(baseline(), "prop-a-att-rt-shared")));
        assert.deepEqual(r.map((x) => x.urn), [urnOfName("rt-apps")]);
        assert.match(r[0].message, /one-way path a \(domain apps\) → hub \(domain shared\): packets get there, but the replies have no route back .* add apps to the reaches of shared\), or declare the one-way path \(oneWay in the definition: tag landing-zone:one-way-to:shared on the route table of apps\)\.$/s);
    });

    it("flags a blackhole over the sender in the receiver's table (static beats the propagated route of equal prefix)", async () => {
        const f = baseline();
        f.push({ type: "aws:ec2transitgateway/route:Route", name: "bh", props: { destinationCidrBlock: "10.1.0.0/16", blackhole: true, transitGatewayRouteTableId: UNKNOWN }, deps: { transitGatewayRouteTableId: ["rt-shared"] } });
        const r = mandatory(await runStack(rule, f));
        // a → hub gets there; the hub's replies to a hit the blackhole.
        assert.equal(r.length, 1);
        assert.match(r[0].message, /one-way path a \(domain apps\) → hub \(domain shared\)/);
    });

    it("flags a receiver whose VPC route table sends the sender's range elsewhere", async () => {
        const f = baseline();
        f.push({ type: "aws:ec2/route:Route", name: "b-to-nat", props: { routeTableId: UNKNOWN, destinationCidrBlock: "10.1.0.0/16", natGatewayId: "nat-0123" }, deps: { routeTableId: ["b-vpc-rt"] } });
        const r = mandatory(await runStack(rule, f));
        assert.equal(r.length, 1);
        assert.match(r[0].message, /one-way path a \(domain apps\) → b \(domain apps\)/);
    });

    it("flags a pair that converses between some addresses only (a blackhole over half of b in a's table): partial, never two-way", async () => {
        const f = baseline();
        f.push({ type: "aws:ec2transitgateway/route:Route", name: "bh-half", props: { destinationCidrBlock: "10.2.128.0/17", blackhole: true, transitGatewayRouteTableId: UNKNOWN }, deps: { transitGatewayRouteTableId: ["rt-apps"] } });
        const r = mandatory(await runStack(rule, f));
        assert.equal(r.length, 1);
        assert.match(r[0].message, /partial path a \(domain apps\) ↔ b \(domain apps\): packets and replies get through between some of their addresses only \(a gets to only part of b's addresses, b to every address of a\)/);
        assert.equal(r[0].urn, urnOfName("rt-apps"));
    });

    it("notes a declared one-way path (tag on the sender's table) as advisory, not a violation", async () => {
        const f = without(baseline(), "prop-a-att-rt-shared");
        const apps = f.find((x) => x.name === "rt-apps")!;
        apps.props = { tags: { "landing-zone:domain": "apps", [`${ONE_WAY_TAG_PREFIX}shared`]: "declared" } };
        const r = await runStack(rule, f);
        assert.deepEqual(mandatory(r), []);
        assert.equal(advisory(r).length, 1);
        assert.match(advisory(r)[0].message, /one-way path a \(domain apps\) → hub \(domain shared\) by intent \(tag landing-zone:one-way-to:shared\)/);
        assert.equal(advisory(r)[0].urn, urnOfName("rt-apps"));
    });

    it("does not judge an attachment whose VPC range is unknown, and says so", async () => {
        const f = without(baseline(), "prop-a-att-rt-shared");
        f.find((x) => x.name === "a-vpc")!.props = { cidrBlock: UNKNOWN, tags: { "landing-zone:spoke": "a" } };
        const r = await runStack(rule, f);
        assert.deepEqual(mandatory(r), []);
        assert.ok(advisory(r).some((x) => /could not decide during preview: cidrBlock of VPC a-vpc/.test(x.message)));
    });

    it("restates AWS's route evaluation order and the components' one-way tag exactly", () => {
        assert.deepEqual([...ORIGIN_PRIORITY], [...transitGatewayRouteOriginPriority]);
        assert.equal(PACK_MAX_PEERING_HOPS, MAX_PEERING_HOPS);
        assert.equal(ONE_WAY_TAG_PREFIX, COMPONENT_TAG_PREFIX);
    });
});

// ---- parity with the program's analysis, on whole plans --------------------------------

/** The pack's view equals the analysis's, and its violations are the undeclared one-way paths. */
async function assertParity(definition: Definition, records: PlannedResource[], label: string, extraViolations = 0, config: { peeringLookupDomains?: Record<string, string> } = {}): Promise<void> {
    const resources = policyResources(records);
    const pack = stackReachability(new StackIndex(resources), config.peeringLookupDomains);
    const analysis = analyzeReachability(records);
    const packReachable = Object.fromEntries([...pack.reachable()].map(([k, v]) => [k, [...v].sort()]));
    assert.deepEqual(Object.fromEntries(Object.entries(packReachable).sort()), Object.fromEntries(Object.entries(analysis.reachable).sort()), `${label}: two-way`);
    const packOneWay = pack.oneWay.map((p) => `${p.from.name} → ${p.to.name}${p.declared ? " (declared)" : ""}`).sort();
    const intended = intendedReachability(definition);
    const analysisOneWay = oneWayPaths(analysis, intended).map((p) => `${p.from} → ${p.to}${p.declared ? " (declared)" : ""}`).sort();
    assert.deepEqual(packOneWay, analysisOneWay, `${label}: one-way`);
    const packPartial = pack.partial.map((p) => `${p.a.name} ↔ ${p.b.name}`).sort();
    const analysisPartial = Object.entries(analysis.partial).flatMap(([a, bs]) => bs.filter((b) => a < b).map((b) => `${a} ↔ ${b}`)).sort();
    assert.deepEqual(packPartial, analysisPartial, `${label}: partial`);
    const reports = await ruleReports(resources, config);
    assert.deepEqual(mandatory(reports).length, analysisOneWay.filter((p) => !p.endsWith("(declared)")).length + analysisPartial.length + extraViolations, `${label}: violations`);
}

describe("policy pack: two-way reachability equals the program's analysis on whole plans", function () {
    this.timeout(180000);
    const root = path.resolve(__dirname, "../..");
    const files = [path.join(root, "stacks"), path.join(root, "test/network/reachability-cases")].flatMap((dir) =>
        fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => path.join(dir, f)),
    );
    for (const file of files) {
        it(path.relative(root, file), async () => {
            const { definition } = loadForPlan(file);
            const plan = await sharedPlan({ definitionFile: file, unit: "all", definition });
            await assertParity(definition, plan.resources, file);
        });
    }

    it("stacks/prod.yaml, the network unit alone (spokes known from their accepters)", async () => {
        const file = path.join(root, "stacks/prod.yaml");
        const { definition } = loadForPlan(file);
        const plan = await sharedPlan({ definitionFile: file, unit: "network", definition });
        await assertParity(definition, plan.resources, "prod-network");
        assert.deepEqual(mandatory(await ruleReports(policyResources(plan.resources))), []);
    });

    it("a deliberately wrong propagation in a whole plan: the analysis and the pack both find the one-way path", async () => {
        const file = path.join(root, "stacks/prod.yaml");
        const { definition } = loadForPlan(file);
        const records = (await sharedPlan({ definitionFile: file, unit: "all", definition })).resources;
        const tables = records.filter((r) => r.type === TGW_RT);
        const table = (domain: string) => tables.find((t) => (t.inputs.tags as Record<string, string>)["landing-zone:domain"] === domain)!;
        const accepter = records.find((r) => r.type === "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter" && (r.inputs.tags as Record<string, string>)["landing-zone:spoke"] === "payments-nonprod")!;
        const stray: PlannedResource = {
            urn: "urn:pulumi:prod-all::landing-zone::aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation::stray",
            type: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
            name: "stray",
            custom: true,
            inputs: { transitGatewayAttachmentId: PLAN_UNKNOWN, transitGatewayRouteTableId: PLAN_UNKNOWN },
            dependencies: { transitGatewayAttachmentId: [accepter.urn], transitGatewayRouteTableId: [table("isolated").urn] },
        };
        await assertParity(definition, [...records, stray], "prod + stray");
        const violations = mandatory(await ruleReports(policyResources([...records, stray])));
        assert.deepEqual(violations.map((v) => v.message.match(/one-way path (\S+) .*→ (\S+) /)!.slice(1, 3).join(" → ")).sort(), ["research → payments-nonprod", "research-scratch → payments-nonprod"]);
        assert.ok(violations.every((v) => v.urn === table("isolated").urn));
    });

    it("a blackhole over half of a spoke's range in a whole plan: the analysis, the pack and the independent calculation all report partial pairs", async () => {
        const file = path.join(root, "stacks/dev.yaml");
        const { definition } = loadForPlan(file);
        const records = (await sharedPlan({ definitionFile: file, unit: "all", definition })).resources;
        const workloads = records.find((r) => r.type === TGW_RT && (r.inputs.tags as Record<string, string>)["landing-zone:domain"] === "workloads")!;
        const half: PlannedResource = {
            urn: "urn:pulumi:dev-all::landing-zone::aws:ec2transitgateway/route:Route::half",
            type: "aws:ec2transitgateway/route:Route",
            name: "half",
            custom: true,
            inputs: { destinationCidrBlock: "10.1.0.0/17", blackhole: true, transitGatewayRouteTableId: PLAN_UNKNOWN },
            dependencies: { transitGatewayRouteTableId: [workloads.urn] },
        };
        const all = [...records, half];
        await assertParity(definition, all, "dev + half blackhole");
        const analysis = analyzeReachability(all);
        // web (10.1.0.0/16) is in workloads: its own table now drops half of it, so its domain mates get to half of web.
        assert.deepEqual(analysis.partial, { api: ["web"], batch: ["web"], web: ["api", "batch"] });
        assert.deepEqual(analysis.reachable.web, ["hub"]);
        const oracle = independentReachability(all);
        assert.deepEqual(oracle.partial, analysis.partial);
        assert.deepEqual(oracle.reachable.web, ["hub"]);
        const violations = mandatory(await ruleReports(policyResources(all)));
        assert.deepEqual(violations.map((v) => v.message.match(/partial path (\S+) .*↔ (\S+) /)?.slice(1, 3).join(" ↔ ")).sort(), ["api ↔ web", "batch ↔ web"]);
    });

    it("random routes more specific than a node's range on a whole plan: the analysis, the pack and the independent calculation agree on every pair", async () => {
        const file = path.join(root, "stacks/prod.yaml");
        const { definition } = loadForPlan(file);
        const records = (await sharedPlan({ definitionFile: file, unit: "all", definition })).resources;
        const tables = records.filter((r) => r.type === TGW_RT);
        // Targets of a static route: the planned attachments (VPC attachments, accepters, the VPN).
        const targets = records.filter((r) => /vpcAttachment:VpcAttachment$|vpcAttachmentAccepter:VpcAttachmentAccepter$|vpnConnection:VpnConnection$/.test(r.type));
        const ranges = [definition.network.hub.cidr, ...definition.spokes.map((s) => s.cidr), ...definition.network.dns.onPremises.cidrs];
        const toInt = (cidr: string) => cidr.split("/")[0].split(".").reduce((a, o) => a * 256 + Number(o), 0);
        const route = fc.record({
            table: fc.nat(tables.length - 1),
            range: fc.nat(ranges.length - 1),
            extra: fc.integer({ min: 1, max: 4 }),
            offset: fc.nat(),
            target: fc.option(fc.nat(targets.length - 1), { nil: undefined }),
        });
        await fc.assert(
            fc.asyncProperty(fc.array(route, { minLength: 1, maxLength: 3 }), async (routes) => {
                const added: PlannedResource[] = routes.map((r, i) => {
                    const base = ranges[r.range];
                    const prefix = Math.min(32, Number(base.split("/")[1]) + r.extra);
                    const size = 2 ** (32 - prefix);
                    const count = 2 ** (prefix - Number(base.split("/")[1]));
                    const start = toInt(base) + (r.offset % count) * size;
                    const cidr = `${[24, 16, 8, 0].map((b) => Math.floor(start / 2 ** b) % 256).join(".")}/${prefix}`;
                    const target = r.target === undefined ? undefined : targets[r.target];
                    return {
                        urn: `urn:pulumi:prod-all::landing-zone::aws:ec2transitgateway/route:Route::random-${i}`,
                        type: "aws:ec2transitgateway/route:Route",
                        name: `random-${i}`,
                        custom: true,
                        inputs: { destinationCidrBlock: cidr, transitGatewayRouteTableId: PLAN_UNKNOWN, ...(target ? { transitGatewayAttachmentId: PLAN_UNKNOWN } : { blackhole: true }) },
                        dependencies: { transitGatewayRouteTableId: [tables[r.table].urn], ...(target ? { transitGatewayAttachmentId: [target.urn] } : {}) },
                    };
                });
                const all = [...records, ...added];
                await assertParity(definition, all, JSON.stringify(routes));
                const analysis = analyzeReachability(all);
                const oracle = independentReachability(all);
                const nonEmpty = (m: Record<string, string[]> = {}) => Object.fromEntries(Object.entries(m).filter(([, v]) => v.length > 0).sort());
                assert.deepEqual(nonEmpty(oracle.reachable), nonEmpty(analysis.reachable), "two-way");
                assert.deepEqual(nonEmpty(oracle.partial), nonEmpty(analysis.partial), "partial");
                assert.deepEqual(nonEmpty(oracle.oneWay), nonEmpty(analysis.oneWay), "one-way");
            }),
            { numRuns: Number(process.env.REACHABILITY_RUNS ?? 6) * 3, seed: Number(process.env.REACHABILITY_SEED ?? 20261128), endOnFailure: true },
        );
    });

    const runs = Number(process.env.REACHABILITY_RUNS ?? 6);
    const seed = Number(process.env.REACHABILITY_SEED ?? 20261128);
    it(`random valid definitions (${runs} runs, seed ${seed})`, async () => {
        await fc.assert(
            fc.asyncProperty(randomDefinitions, async (input) => {
                const text = YAML.stringify(input);
                const loaded = loadDefinitionText(text, "prop.yaml");
                assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === "error"), [], text);
                const plan = await planDefinition(loaded.definition!, "all");
                await assertParity(loaded.definition!, plan.resources, text);
            }),
            { numRuns: runs, seed, endOnFailure: true },
        );
    });
});

// ---- across Regions -------------------------------------------------------------------

/**
 * Routes that send what arrived over one peering out over another, counted from the
 * records: a route whose table is associated with a peering and whose target is another
 * peering — unless the table is the one tagged with the domain that takes the peerings
 * (`lookupDomain`: a domain's table routes its own VPCs with such routes).
 */
function transitiveRoutes(records: PlannedResource[], lookupDomain?: string): PlannedResource[] {
    const byUrn = new Map(records.map((r) => [r.urn, r]));
    // A peering's identity: the PeeringAttachment (its accepter stands for it).
    const linkOf = (urn: string | undefined): string | undefined => {
        const r = urn ? byUrn.get(urn) : undefined;
        if (r?.type === "aws:ec2transitgateway/peeringAttachment:PeeringAttachment") return r.urn;
        if (r?.type === "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter") return r.dependencies.transitGatewayAttachmentId?.[0] ?? r.urn;
        return undefined;
    };
    const associated = new Map<string, Set<string>>();
    for (const a of records.filter((r) => r.type === "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation")) {
        const link = linkOf(a.dependencies.transitGatewayAttachmentId?.[0]);
        const table = a.dependencies.transitGatewayRouteTableId[0];
        if (link) associated.set(table, new Set([...(associated.get(table) ?? []), link]));
    }
    const lookupTables = new Set(
        records
            .filter((r) => r.type === "aws:ec2transitgateway/routeTable:RouteTable" && lookupDomain !== undefined && (r.inputs.tags as Record<string, string> | undefined)?.["landing-zone:domain"] === lookupDomain)
            .map((r) => r.urn),
    );
    return records.filter((r) => {
        if (r.type !== "aws:ec2transitgateway/route:Route") return false;
        if (lookupTables.has(r.dependencies.transitGatewayRouteTableId?.[0])) return false;
        const arrived = [...(associated.get(r.dependencies.transitGatewayRouteTableId?.[0]) ?? [])];
        const sent = linkOf(r.dependencies.transitGatewayAttachmentId?.[0]);
        return sent !== undefined && arrived.some((a) => a !== sent);
    });
}

/**
 * The three-Region shape built to the design, and a route in ap-southeast-2's peering table
 * that sends what arrives from us-east-1 on to eu-west-1 (s1's range): a transitive route.
 */
function relayedOverApSoutheast2(): { records: PlannedResource[]; table: PlannedResource; hop: PlannedResource } {
    const definition = topologyDefinition(threeRegionShape);
    const records = topologyRecords(threeRegionShape, definition);
    const table = records.find((r) => r.name === "rt-peering-ap-southeast-2")!;
    const onward = records.find((r) => r.name === "peer-eu-west-1-ap-southeast-2-accept")!;
    const hop: PlannedResource = {
        urn: "urn:pulumi:multi::lz::aws:ec2transitgateway/route:Route::hop",
        type: "aws:ec2transitgateway/route:Route",
        name: "hop",
        custom: true,
        inputs: { region: "ap-southeast-2", destinationCidrBlock: "10.101.0.0/16", transitGatewayRouteTableId: PLAN_UNKNOWN, transitGatewayAttachmentId: PLAN_UNKNOWN },
        dependencies: { transitGatewayRouteTableId: [table.urn], transitGatewayAttachmentId: [onward.urn] },
    };
    return { records, table, hop };
}

describe("policy pack: two-way reachability across Regions (peered transit gateways)", function () {
    this.timeout(180000);
    const runs = Number(process.env.MULTI_REGION_RUNS ?? 40);
    const seed = Number(process.env.MULTI_REGION_SEED ?? 20261129);

    it(`whole-environment stacks of random multi-Region topologies, built to the design or broken: pack = analysis = oracle (${runs} runs, seed ${seed})`, async () => {
        await fc.assert(
            // (No association removed: the pack knows a destination's domain, for a declared
            // one-way path, only from the table it is associated with; the analysis from the definition.)
            fc.asyncProperty(topologyShapes(3).map((s) => ({ ...s, mutations: s.mutations.filter((m) => m.kind !== "drop-association") })), async (shape) => {
                const definition = topologyDefinition(shape);
                const records = topologyRecords(shape, definition);
                const config = topologyPackConfig(shape, definition);
                await assertParity(definition, records, JSON.stringify(shape), transitiveRoutes(records, topologyPeeringLookupDomain(shape, definition)).length, config);
                const pack = stackReachability(new StackIndex(policyResources(records)), config.peeringLookupDomains);
                const oracle = independentReachability(records);
                const packReachable = Object.fromEntries([...pack.reachable()].map(([k, v]) => [k, [...v].sort()]).sort());
                assert.deepEqual(packReachable, Object.fromEntries(Object.entries(oracle.reachable).sort()), "pack two-way = oracle");
            }),
            { numRuns: runs, seed, endOnFailure: true },
        );
    });

    const shape = threeRegionShape;
    const region = (r: PlannedResource) => r.inputs.region as string | undefined;

    it("a per-Region network stack built to the design: no violation (what crosses its peerings is judged by the whole-environment plan)", async () => {
        const definition = topologyDefinition(shape);
        const records = topologyRecords(shape, definition);
        for (const r of ["us-east-1", "eu-west-1", "ap-southeast-2"]) {
            const slice = records.filter((x) => region(x) === r);
            assert.ok(slice.some((x) => x.type === "aws:ec2transitgateway/route:Route" && x.dependencies.transitGatewayAttachmentId), `${r} routes to its peerings`);
            assert.deepEqual(mandatory(await ruleReports(policyResources(slice))), [], r);
        }
    });

    it("a per-Region stack whose domain's table takes the peerings (three Regions): its routes to the other peerings serve its VPCs, no violation", async () => {
        // shared reaches itself and every domain: its table takes each Region's peerings (test/support/multi-region-topologies.ts).
        const lookup = { ...shape, peeringLookup: true, reflexive: [true, ...shape.reflexive.slice(1)], pairs: shape.pairs.map((p, i) => (i < 3 ? ("two-way" as const) : p)) };
        const definition = topologyDefinition(lookup);
        const records = topologyRecords(lookup, definition);
        assert.ok(!records.some((r) => r.name.startsWith("rt-peering-")), "no peering table of its own");
        const config = topologyPackConfig(lookup, definition);
        assert.deepEqual(config.peeringLookupDomains, { "us-east-1": "shared", "eu-west-1": "shared", "ap-southeast-2": "shared" });
        for (const r of ["us-east-1", "eu-west-1", "ap-southeast-2"]) {
            const slice = records.filter((x) => region(x) === r);
            assert.deepEqual(mandatory(await ruleReports(policyResources(slice), config)), [], r);
            // Without the config naming shared's table, its routes to the other peerings are transitive routes.
            assert.ok(mandatory(await ruleReports(policyResources(slice))).some((v) => /not transitive/.test(v.message)), `${r}: flagged without the config`);
        }
        assert.deepEqual(mandatory(await ruleReports(policyResources(records), config)), [], "the whole environment");
    });

    it("only the configured domain's own table takes the peerings: a relay table tagged with another domain, or a second table with the configured tag, is still a violation", async () => {
        const { records, table, hop } = relayedOverApSoutheast2();
        const tagged = (domain: string): PlannedResource[] =>
            records.filter((x) => region(x) === "ap-southeast-2").map((x) => (x === table ? { ...x, inputs: { ...x.inputs, tags: { "landing-zone:domain": domain } } } : x));
        const config = { peeringLookupDomains: { "ap-southeast-2": "shared" } };
        // Tagged as a domain the config does not name for ap-southeast-2.
        const other = mandatory(await ruleReports(policyResources([...tagged("apps"), hop]), config));
        assert.ok(other.some((v) => v.urn === hop.urn && /not transitive/.test(v.message)), JSON.stringify(other));
        // Tagged with the configured domain, whose own table exists too: two tables claim it.
        const twice = mandatory(await ruleReports(policyResources([...tagged("shared"), hop]), config));
        assert.ok(twice.some((v) => v.urn === hop.urn && /not transitive/.test(v.message)), JSON.stringify(twice));
    });


    it("a per-Region stack whose peering table sends what arrived over one peering out over another: a violation on that route", async () => {
        const { records, table, hop } = relayedOverApSoutheast2();
        const slice = [...records.filter((x) => region(x) === "ap-southeast-2"), hop];
        const violations = mandatory(await ruleReports(policyResources(slice)));
        assert.equal(violations.length, 1, JSON.stringify(violations));
        assert.match(violations[0].message, /not transitive/);
        assert.equal(violations[0].urn, hop.urn);
    });

    it("a peering routed to but associated with no table on this side: an advisory note, not a violation", async () => {
        const definition = topologyDefinition(shape);
        const records = topologyRecords(shape, definition).filter((r) => r.name !== "peer-us-east-1-eu-west-1-assoc-us-east-1");
        const reports = await ruleReports(policyResources(records.filter((x) => region(x) === "us-east-1")));
        assert.deepEqual(mandatory(reports), []);
        assert.ok(advisory(reports).some((r) => /associated with no route table of this side \(requester\)/.test(r.message)), JSON.stringify(reports));
    });
});
