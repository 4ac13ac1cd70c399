/**
 * The network in more than one Region, planned through the real program (stacks/global.yaml
 * and variants): a transit gateway per Region in that Region's provider, full-mesh peering
 * (requested from the earlier Region, accepted in the later), a peering route table per
 * Region, and per domain and Region the static routes to the other Regions' address space
 * of the domains it reaches and blackholes for the rest. Expectations are computed here
 * from the definition's YAML, not from network/domains.ts.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlannedResource } from "../../analysis/plan-records";
import { spokeGrowthByRegion } from "../../network/domains";
import { overlaps } from "../../definition/cidr";
import { domainsAbleToTakePeerings } from "../support/peering-table";
import { loadDefinitionText } from "../../program/load";
import { Definition } from "../../definition/schema";
import { planDefinition } from "../../tools/plan/run";
import { stackWaves } from "../../program/stack-graph";

const globalText = fs.readFileSync(path.resolve(__dirname, "../../stacks/global.yaml"), "utf8");
const T = {
    tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
    routeTable: "aws:ec2transitgateway/routeTable:RouteTable",
    route: "aws:ec2transitgateway/route:Route",
    assoc: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    propagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    peering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    peeringAccepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
};

function load(edit: (raw: Record<string, any>) => void = () => undefined): Definition {
    const raw = YAML.parse(globalText) as Record<string, any>;
    edit(raw);
    const loaded = loadDefinitionText(YAML.stringify(raw), "global.yaml");
    assert.deepStrictEqual(loaded.diagnostics.filter((d) => d.severity === "error"), []);
    return loaded.definition!;
}

/** The Region of a resource: its provider's `region` input. */
function regionOf(resources: PlannedResource[], r: PlannedResource): string | undefined {
    const provider = resources.find((p) => p.urn === r.provider);
    return provider?.inputs.region as string | undefined;
}

const ofType = (res: PlannedResource[], type: string) => res.filter((r) => r.type === type);

/** Independent reading of the definition: a domain's address space in a Region (its summaries there, else its VPCs). */
function spaceIn(raw: Record<string, any>, domain: string, region: string): string[] {
    const home = raw.region as string;
    const summaries: string[] = region === home ? raw.network.transitGateway.domains[domain]?.cidrs ?? [] : raw.network.regions[region]?.summaries?.[domain] ?? [];
    if (summaries.length > 0) return summaries;
    const hub = domain === "shared" ? [region === home ? raw.network.hub.cidr : raw.network.regions[region].hub.cidr] : [];
    return [...hub, ...raw.spokes.filter((s: any) => s.domain === domain && (s.region ?? home) === region).map((s: any) => s.cidr)];
}

describe("network in more than one Region (stacks/global.yaml, mock runtime)", function () {
    this.timeout(120000);
    let resources: PlannedResource[];
    const raw = YAML.parse(globalText) as Record<string, any>;
    const regions = [raw.region as string, ...Object.keys(raw.network.regions)];

    before(async () => {
        resources = (await planDefinition(load(), "all")).resources;
    });

    it("one transit gateway per Region, in that Region's provider, with the Region's ASN", () => {
        const tgws = ofType(resources, T.tgw);
        assert.deepStrictEqual(tgws.map((t) => regionOf(resources, t)).sort(), [...regions].sort());
        const asnOf = (region: string) => tgws.find((t) => regionOf(resources, t) === region)!.inputs.amazonSideAsn;
        assert.strictEqual(asnOf("us-east-1"), raw.network.transitGateway.asn);
        assert.strictEqual(asnOf("eu-west-1"), raw.network.regions["eu-west-1"].transitGateway.asn);
        // Every provider is pinned to one account and one Region.
        for (const p of resources.filter((r) => r.type === "pulumi:providers:aws")) assert.ok(typeof p.inputs.region === "string" && regions.includes(p.inputs.region as string), p.name);
    });

    it("each Region's transit gateway is shared through RAM in its Region", () => {
        const shares = ofType(resources, "aws:ram/resourceAssociation:ResourceAssociation").filter((r) => r.name.includes("tgw-share"));
        assert.deepStrictEqual(shares.map((s) => regionOf(resources, s)).sort(), [...regions].sort());
    });

    it("the peering is requested from the home Region and accepted in the other, in the network account", () => {
        const requested = ofType(resources, T.peering);
        assert.strictEqual(requested.length, 1);
        assert.strictEqual(regionOf(resources, requested[0]), "us-east-1");
        assert.strictEqual(requested[0].inputs.peerRegion, "eu-west-1");
        assert.strictEqual(requested[0].inputs.peerAccountId, raw.accounts[raw.network.account]);
        const accepted = ofType(resources, T.peeringAccepter);
        assert.strictEqual(accepted.length, 1);
        assert.strictEqual(regionOf(resources, accepted[0]), "eu-west-1");
        assert.ok((accepted[0].dependencies.transitGatewayAttachmentId ?? []).includes(requested[0].urn));
    });

    it("each Region associates the peering on its side with shared's table, which reaches every domain anything reaches (no peering table of its own)", () => {
        // Independent of network/domains.ts: the domains able to take the peerings, from `reaches`.
        const definition = load();
        for (const region of regions) assert.deepStrictEqual(domainsAbleToTakePeerings(definition, region), ["shared"], region);
        assert.deepStrictEqual(ofType(resources, T.routeTable).filter((t) => (t.inputs.tags as Record<string, string>)["landing-zone:role"] === "peering"), []);
        const peeringSides = [...ofType(resources, T.peering), ...ofType(resources, T.peeringAccepter)].map((r) => r.urn);
        const assocs = ofType(resources, T.assoc).filter((a) => (a.dependencies.transitGatewayAttachmentId ?? []).some((u) => peeringSides.includes(u)));
        assert.strictEqual(assocs.length, 2, "one association per side");
        for (const a of assocs) {
            const table = resources.find((r) => r.urn === (a.dependencies.transitGatewayRouteTableId ?? [])[0])!;
            assert.strictEqual((table.inputs.tags as Record<string, string>)["landing-zone:domain"], "shared");
            assert.strictEqual(regionOf(resources, table), regionOf(resources, a));
        }
        // What arrives over a peering is addressed to the receiving Region's blocks: shared's routes
        // to the other peering side never cover them, so a transitive reading would change nothing.
        for (const region of regions) {
            const table = ofType(resources, T.routeTable).find((t) => regionOf(resources, t) === region && (t.inputs.tags as Record<string, string>)["landing-zone:domain"] === "shared")!;
            const own = ["shared", "prod", "nonprod"].flatMap((d) => spaceIn(raw, d, region));
            const overPeering = ofType(resources, T.route).filter(
                (r) => (r.dependencies.transitGatewayRouteTableId ?? []).includes(table.urn) && (r.dependencies.transitGatewayAttachmentId ?? []).some((u) => peeringSides.includes(u)),
            );
            assert.ok(overPeering.length > 0, `${region}: shared routes the other Region over the peering`);
            for (const r of overPeering) for (const cidr of own) assert.ok(!overlaps(r.inputs.destinationCidrBlock as string, cidr), `${region}: ${r.inputs.destinationCidrBlock} overlaps its own ${cidr}`);
        }
    });

    it("each domain's table routes the other Region's address space of the domains it reaches to the peering, and blackholes the rest", () => {
        const domains = raw.network.transitGateway.domains as Record<string, { reaches: string[] }>;
        for (const region of regions) {
            const other = regions.find((r) => r !== region)!;
            for (const domain of Object.keys(domains)) {
                if (domain === "onprem" && region !== raw.region) continue;
                const table = ofType(resources, T.routeTable).find((t) => regionOf(resources, t) === region && (t.inputs.tags as Record<string, string>)["landing-zone:domain"] === domain);
                assert.ok(table, `${region} has a table for ${domain}`);
                const routes = ofType(resources, T.route).filter((r) => (r.dependencies.transitGatewayRouteTableId ?? []).includes(table!.urn));
                const viaPeering = routes
                    .filter((r) => (r.dependencies.transitGatewayAttachmentId ?? []).some((u) => [T.peering, T.peeringAccepter].includes(resources.find((x) => x.urn === u)?.type ?? "")))
                    .map((r) => r.inputs.destinationCidrBlock as string)
                    .sort();
                const blackholes = routes.filter((r) => r.inputs.blackhole === true).map((r) => r.inputs.destinationCidrBlock as string);
                const expected = domains[domain].reaches.filter((x) => x !== "onprem").flatMap((x) => spaceIn(raw, x, other));
                if (region !== raw.region && domains[domain].reaches.includes("onprem")) expected.push(...raw.network.dns.onPremises.cidrs);
                assert.deepStrictEqual(viaPeering, [...expected].sort(), `${domain} in ${region}: routes over the peering`);
                for (const denied of Object.keys(domains).filter((x) => x !== "onprem" && !domains[domain].reaches.includes(x))) {
                    for (const cidr of spaceIn(raw, denied, other)) assert.ok(blackholes.includes(cidr), `${domain} in ${region} blackholes ${denied}'s ${cidr} in ${other}`);
                }
            }
        }
    });

    it("a spoke attaches to its own Region's transit gateway, and its Region's network accepts it", () => {
        const attachments = ofType(resources, "aws:ec2transitgateway/vpcAttachment:VpcAttachment").filter((a) => a.name.startsWith("payments-eu"));
        assert.strictEqual(attachments.length, 1);
        assert.strictEqual(regionOf(resources, attachments[0]), "eu-west-1");
        const accepter = ofType(resources, "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter").find((a) => a.name.includes("payments-eu"));
        assert.ok(accepter && regionOf(resources, accepter) === "eu-west-1");
    });
});

describe("network stacks' growth per spoke in another Region (mock runtime)", function () {
    this.timeout(120000);

    /** Resources each Region's network stack would create, by stack. */
    async function created(definition: Definition): Promise<Record<string, number>> {
        const out: Record<string, number> = {};
        for (const unit of ["network", "network-eu-west-1"]) out[unit] = (await planDefinition(definition, unit)).resources.filter((r) => r.custom && !r.read).length;
        return out;
    }

    for (const c of [
        { label: "inside eu-west-1's prod summary", cidr: "10.81.0.0/16", summarized: true },
        { label: "without a summary", cidr: "10.81.0.0/16", summarized: false },
    ]) {
        it(`a prod spoke in eu-west-1, ${c.label}: ${c.summarized ? "≤ 4 in eu-west-1, 0 at home" : "grows both Regions"}, as spokeGrowthByRegion says`, async () => {
            const summaries = (raw: Record<string, any>) => {
                if (!c.summarized) delete raw.network.regions["eu-west-1"].summaries.prod;
            };
            const before = await created(load(summaries));
            const grown = load((raw) => {
                summaries(raw);
                raw.accounts["newcomer"] = "210000000009";
                raw.spokes.push({ name: "newcomer", account: "newcomer", cidr: c.cidr, domain: "prod", region: "eu-west-1" });
            });
            const after = await created(grown);
            const counted = { "us-east-1": after.network - before.network, "eu-west-1": after["network-eu-west-1"] - before["network-eu-west-1"] };
            assert.deepStrictEqual(counted, spokeGrowthByRegion(grown, "prod", { account: "newcomer", cidr: c.cidr, region: "eu-west-1" }));
            if (c.summarized) {
                assert.ok(counted["eu-west-1"] <= 4, `${counted["eu-west-1"]} in eu-west-1`);
                assert.strictEqual(counted["us-east-1"], 0);
            } else {
                assert.ok(counted["us-east-1"] > 0);
            }
        });
    }
});

describe("deploy and destroy order with more than one Region (npm run waves)", () => {
    it("requester's request → accepter's acceptance → requester's routes; teardown detaches both networks, then spokes, then the requester's network, then the accepter's", () => {
        const definition = load();
        const { waves, destroyWaves } = stackWaves(definition);
        const waveOf = (stack: string, phase: string) => waves.findIndex((w) => w.stacks.some((s) => s.stack === stack && s.phases.includes(phase as never)));
        const peer = waveOf("global-network", "peer");
        const accept = waveOf("global-network-eu-west-1", "peer-accept");
        const routes = waveOf("global-network", "peer-routes");
        assert.ok(waveOf("global-network-eu-west-1", "core") < peer, "the accepter's transit gateway exists before the request");
        assert.ok(peer < accept && accept < routes, `peer ${peer}, accept ${accept}, routes ${routes}`);
        // A spoke in eu-west-1 attaches to eu-west-1's transit gateway and is accepted by eu-west-1's network.
        assert.ok(waveOf("global-payments-eu", "vpc") > waveOf("global-network-eu-west-1", "core"));
        assert.ok(waveOf("global-network-eu-west-1", "attach") > waveOf("global-payments-eu", "vpc"));
        const destroyWave = (stack: string, op: "up" | "destroy") => destroyWaves.findIndex((w) => w.stacks.some((s) => s.stack === stack && s.operation === op));
        for (const network of ["global-network", "global-network-eu-west-1"]) {
            const detach = destroyWaves[destroyWave(network, "up")].stacks.find((s) => s.stack === network)!;
            assert.deepStrictEqual(detach.config, { "landing-zone:detachSpokes": "*" });
            assert.ok(destroyWave(network, "up") < destroyWave("global-payments-eu", "destroy"));
        }
        assert.ok(destroyWave("global-payments-eu", "destroy") < destroyWave("global-network", "destroy"));
        assert.ok(destroyWave("global-network", "destroy") < destroyWave("global-network-eu-west-1", "destroy"), "the requester deletes the attachment before the peer's transit gateway goes");
    });
});
