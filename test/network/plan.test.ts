/**
 * The network as the offline plan sees it: every shipped definition and every definition
 * of test/network/fixtures/ (the shipped ones with route domains that must not reach each
 * other, so the single-account and hosted-zones shapes have a forbidden pair too),
 * planned through the real program (`planProgram`), and the per-account two-pass order.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { analyzeReachability, compareReachability, forwardReachability, intendedReachability } from "../../analysis/reachability";
import { loadDefinitionFile } from "../../program/load";
import { Definition } from "../../definition/schema";
import { domainNames, domainsReaching } from "../../network/domains";
import { PlannedResource } from "../../analysis/plan-records";
import { PlanError, planProgram } from "../../tools/plan/run";
import { peeringNeedsOwnTable } from "../support/peering-table";
import { sharedPlan } from "../support/plans";

const stacksDir = path.resolve(__dirname, "../../stacks");
const fixturesDir = path.resolve(__dirname, "fixtures");
const yamlIn = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => path.join(dir, f));
/** Shipped definitions, then the fixtures (which must have a forbidden pair). */
const definitions = [...yamlIn(stacksDir), ...yamlIn(fixturesDir)];

/** A spoke S and a spoke T that S must not reach, if the definition has one. */
function forbiddenPair(definition: Definition): readonly [Definition["spokes"][number], Definition["spokes"][number]] | undefined {
    const intended = intendedReachability(definition);
    const allowed = (s: string, t: string) => intended.reachable[s].includes(t) || (intended.oneWay[s] ?? []).includes(t);
    return definition.spokes.flatMap((s) => definition.spokes.filter((t) => t !== s && !allowed(s.name, t.name)).map((t) => [s, t] as const)).at(0);
}

function load(file: string): Definition {
    const { definition } = loadDefinitionFile(file);
    assert.ok(definition, `${file} does not load`);
    return definition;
}

const tagsOf = (r: PlannedResource) => (r.inputs.tags ?? {}) as Record<string, string>;
const ofType = (res: PlannedResource[], type: string) => res.filter((r) => r.type === type);

/** Resources under the component (at any depth). */
function descendants(res: PlannedResource[], component: PlannedResource): PlannedResource[] {
    const under = new Set([component.urn]);
    const out: PlannedResource[] = [];
    for (const r of res) {
        if (r.parent && under.has(r.parent)) {
            under.add(r.urn);
            out.push(r);
        }
    }
    return out;
}

/** A copy of a shipped definition, changed, in a temporary `stacks/<env>.yaml`. */
function variant(file: string, change: (doc: Record<string, any>) => void): string {
    const doc = YAML.parse(fs.readFileSync(file, "utf8"));
    change(doc);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-network-"));
    const out = path.join(dir, path.basename(file));
    fs.writeFileSync(out, YAML.stringify(doc));
    return out;
}

describe("network in the offline plan", function () {
    this.timeout(180000);

    for (const definitionFile of definitions) {
        const shown = path.relative(path.resolve(__dirname, "../.."), definitionFile);
        describe(`${shown} (unit all)`, () => {
            // Loaded now, to know which tests apply; planned once before them.
            const definition: Definition = load(definitionFile);
            const pair = forbiddenPair(definition);
            const fixture = definitionFile.startsWith(fixturesDir);
            let res: PlannedResource[];
            before(async () => {
                res = (await sharedPlan({ definitionFile, unit: "all" })).resources;
            });

            if (fixture) {
                it("has a pair of spokes that must not reach each other (what the fixtures are for)", () => {
                    assert.ok(pair, `${shown} has no forbidden pair`);
                });
            }

            it("reaches exactly what the domains intend", () => {
                const report = analyzeReachability(res);
                assert.deepStrictEqual(compareReachability(report, intendedReachability(definition)), []);
                assert.deepStrictEqual(report, intendedReachability(definition));
            });

            // Only where a spoke must not reach another (dev.yaml and hosted-zones.yaml have
            // none: their fixtures above run this instead).
            if (pair) it("catches a deliberately wrong propagation", () => {
                const intended = intendedReachability(definition);
                const [s, t] = pair;
                const table = res.find((r) => r.type === "aws:ec2transitgateway/routeTable:RouteTable" && tagsOf(r)["landing-zone:domain"] === s.domain)!;
                const accepter = res.find((r) => r.type === "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter" && tagsOf(r)["landing-zone:spoke"] === t.name);
                const attachment = accepter ?? res.find((r) => r.type === "aws:ec2transitgateway/vpcAttachment:VpcAttachment" && r.name === `${t.name}-attachment`)!;
                const stray: PlannedResource = {
                    urn: `urn:pulumi:stray::landing-zone::aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation::stray`,
                    type: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
                    name: "stray",
                    custom: true,
                    inputs: { transitGatewayAttachmentId: "<unknown>", transitGatewayRouteTableId: "<unknown>" },
                    dependencies: { transitGatewayAttachmentId: [attachment.urn], transitGatewayRouteTableId: [table.urn] },
                };
                // Without the table's blackholes (defense in depth), the stray propagation opens S → T and the analysis says so.
                const blackholes = res.filter((r) => r.type === "aws:ec2transitgateway/route:Route" && r.inputs.blackhole === true && (r.dependencies.transitGatewayRouteTableId ?? []).includes(table.urn));
                const bare = res.filter((r) => !blackholes.includes(r));
                const differences = compareReachability(analyzeReachability([...bare, stray]), intended);
                assert.ok(differences.some((d) => d.from === s.name && d.to === t.name && d.kind === "unintended"), JSON.stringify(differences));
                // With them, the path stays closed exactly when a blackhole of T's own CIDR (equal prefix: static wins) is there.
                const [tNet, tLen] = t.cidr.split("/");
                const covering = blackholes.some((b) => {
                    const [net, len] = String(b.inputs.destinationCidrBlock).split("/");
                    return Number(len) === Number(tLen) && net === tNet;
                });
                assert.strictEqual(forwardReachability([...res, stray])[s.name].includes(t.name), !covering);
            });

            it("has one TGW per hub Region with the secure defaults, a route table per domain in each (onprem at home), and a peering table per Region when there are several", () => {
                const tgws = ofType(res, "aws:ec2transitgateway/transitGateway:TransitGateway");
                const regions = [definition.region, ...Object.keys(definition.network.regions ?? {})];
                assert.strictEqual(tgws.length, regions.length);
                for (const tgw of tgws) {
                    assert.deepStrictEqual(
                        [tgw.inputs.autoAcceptSharedAttachments, tgw.inputs.defaultRouteTableAssociation, tgw.inputs.defaultRouteTablePropagation],
                        ["disable", "disable", "disable"],
                    );
                }
                const tables = ofType(res, "aws:ec2transitgateway/routeTable:RouteTable");
                const domains = tables.map((rt) => tagsOf(rt)["landing-zone:domain"]).filter((d) => d !== undefined);
                const expected = regions.flatMap((r) => domainNames(definition).filter((d) => r === definition.region || d !== "onprem"));
                assert.deepStrictEqual(domains.sort(), expected.sort());
                // A Region's peerings get a table of their own unless a domain's table can take them (test/support/peering-table.ts).
                const ownTables = regions.length > 1 ? regions.filter((r) => peeringNeedsOwnTable(definition, r)).length : 0;
                assert.strictEqual(tables.filter((rt) => tagsOf(rt)["landing-zone:role"] === "peering").length, ownTables);
            });

            it("accepts each cross-account spoke once and associates every spoke once", () => {
                const accepters = ofType(res, "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter");
                const network = definition.accounts[definition.network.account];
                const cross = definition.spokes.filter((s) => definition.accounts[s.account] !== network).map((s) => s.name);
                assert.deepStrictEqual(accepters.map((a) => tagsOf(a)["landing-zone:spoke"]).sort(), cross.sort());
                const associations = ofType(res, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation");
                // Every spoke, each Region's hub, the on-premises attachment when there is one, and each peering on both sides.
                const regions = [definition.region, ...Object.keys(definition.network.regions ?? {})];
                const onPremises = definition.network.transitGateway.onPremises ? 1 : 0;
                const peerings = (regions.length * (regions.length - 1)) / 2;
                assert.strictEqual(associations.length, definition.spokes.length + regions.length + onPremises + 2 * peerings);
                const propagations = ofType(res, "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation");
                // In each Region: into the tables there of the domains reaching the attachment's domain, and into the Region's own peering table (when it has one) when some domain reaches it.
                const into = (region: string, domain: string) =>
                    domainsReaching(definition, domain).filter((d) => region === definition.region || d !== "onprem").length +
                    (regions.length > 1 && peeringNeedsOwnTable(definition, region) && domainsReaching(definition, domain).length > 0 ? 1 : 0);
                const expected = regions.reduce((n, r) => n + into(r, "shared"), 0) + definition.spokes.reduce((n, s) => n + into(s.region ?? definition.region, s.domain), 0);
                assert.strictEqual(propagations.length, expected);
            });

            it("builds no internet path in internet: none spokes", () => {
                for (const spoke of definition.spokes.filter((s) => s.internet === "none")) {
                    const component = res.find((r) => r.type === "landing-zone:network:SpokeVpc" && r.name === spoke.name)!;
                    const own = descendants(res, component);
                    for (const type of ["aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip", "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"]) {
                        assert.deepStrictEqual(ofType(own, type), [], `${spoke.name} has ${type}`);
                    }
                    assert.ok(ofType(own, "aws:ec2/subnet:Subnet").every((s) => s.inputs.mapPublicIpOnLaunch === false && tagsOf(s)["landing-zone:tier"] !== "public"));
                    const routes = ofType(own, "aws:ec2/route:Route");
                    assert.ok(routes.every((r) => r.inputs.gatewayId === undefined && r.inputs.natGatewayId === undefined), spoke.name);
                    assert.strictEqual(tagsOf(ofType(own, "aws:ec2/vpc:Vpc")[0])["landing-zone:isolation"], "isolated");
                }
            });
        });
    }

    describe("stacks/prod.yaml, per-account stacks", () => {
        const prodFile = path.join(stacksDir, "prod.yaml");
        let prod: Definition;
        before(() => {
            prod = load(prodFile);
        });

        it("the network unit's reachability matrix equals the intent too (spokes known from their stacks)", async () => {
            const res = (await sharedPlan({ definitionFile: prodFile, unit: "network" })).resources;
            assert.deepStrictEqual(analyzeReachability(res), intendedReachability(prod));
        });

        it("a spoke whose network stack is not deployed stops and names the stack to deploy first", async () => {
            const spoke = prod.spokes[0].name;
            await assert.rejects(sharedPlan({ definitionFile: prodFile, unit: spoke, stackOutputs: { network: undefined } }), (err: unknown) => {
                assert.ok(err instanceof PlanError);
                assert.match(err.message, /prod-network/);
                assert.match(err.message, /pulumi up --stack prod-network/);
                return true;
            });
        });

        it("the network unit skips spokes not yet deployed, says so, and grows by accepter + association + propagations per spoke", async () => {
            // A first deploy: no spoke deployed, and the network has accepted none before.
            const none = { ...Object.fromEntries(prod.spokes.map((s) => [s.name, undefined])), network: undefined };
            const first = await sharedPlan({ definitionFile: prodFile, unit: "network", stackOutputs: none });
            assert.deepStrictEqual(ofType(first.resources, "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter"), []);
            const said = (first.messages ?? []).map((m) => m.message).join("\n");
            for (const s of prod.spokes) assert.match(said, new RegExp(`prod-${s.name}\\b`));
            assert.match(said, /run prod-network again/);

            const second = await sharedPlan({ definitionFile: prodFile, unit: "network" });
            const routing = (res: PlannedResource[]) => res.filter((r) => r.parent?.endsWith("landing-zone:network:DomainRouting::routing"));
            const perSpoke = prod.spokes.map((s) => 1 + 1 + domainsReaching(prod, s.domain).length);
            assert.strictEqual(routing(second.resources).length - routing(first.resources).length, perSpoke.reduce((a, b) => a + b, 0));
            // In stacks/prod.yaml no spoke domain is reached by more than two domains, so the
            // whole network unit grows by at most 4 resources per spoke.
            assert.ok(perSpoke.every((n) => n <= 4), `per spoke: ${perSpoke.join(", ")}`);
            assert.ok(second.resources.length - first.resources.length <= 4 * prod.spokes.length, `grew by ${second.resources.length - first.resources.length} for ${prod.spokes.length} spokes`);
            // The hub, its route domains and per-domain routes do not depend on the spokes.
            const hubOf = (res: PlannedResource[]) => descendants(res, res.find((r) => r.type === "landing-zone:network:NetworkHub")!).length;
            assert.strictEqual(hubOf(second.resources), hubOf(first.resources));
            const domainRoutes = (res: PlannedResource[]) => ofType(routing(res), "aws:ec2transitgateway/route:Route").length;
            assert.strictEqual(domainRoutes(second.resources), domainRoutes(first.resources));
        });

        it("a spoke stack's resource count depends neither on the number of spokes nor on the number of endpoint services", async () => {
            const spoke = prod.spokes.find((s) => s.internet === "none")!.name;
            const grown = variant(prodFile, (doc) => {
                // Inside nonprod's summary (10.32.0.0/13), after the shipped nonprod spokes.
                for (let i = 0; i < 16; i++) {
                    doc.spokes.push({ name: `extra-${i}`, account: doc.spokes[0].account, cidr: `10.34.${i * 16}.0/20`, domain: "nonprod" });
                }
                doc.network.endpoints.services = [...doc.network.endpoints.services, "sqs", "sns", "ec2", "elasticloadbalancing", "ecs"];
            });
            const count = async (file: string) => {
                const res = (await sharedPlan({ definitionFile: file, unit: spoke })).resources;
                return res.map((r) => `${r.type} ${r.name}`).sort();
            };
            assert.deepStrictEqual(await count(grown), await count(prodFile));
        });
    });
});
