import * as assert from "assert";
import { analyzeReachability, compareReachability, intendedReachability } from "../../analysis/reachability";
import { Definition, Spoke } from "../../definition/schema";
import { blackholeCidrs, domainsReaching } from "../../network/domains";
import { hubLayout, spokeLayout } from "../../network/layout";
import { buildDomainRouting, buildNetworkCore } from "../../program/network";
import { buildSpokeVpc } from "../../program/spoke";
import { gatewayEndpointPolicy } from "../../perimeter/endpoint-policies";
import { PlannedResource } from "../../analysis/plan-records";
import { contextFor, plan } from "../support/recording-mocks";
import { define, ofType, sampleDefinition, tagsOf } from "./definitions";

const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
const TGW_RT = "aws:ec2transitgateway/routeTable:RouteTable";
const TGW_ASSOC = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation";
const TGW_PROP = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation";
const TGW_ROUTE = "aws:ec2transitgateway/route:Route";
const ACCEPTER = "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter";
const ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const RT = "aws:ec2/routeTable:RouteTable";

/** Everything the network and spoke units build, in one graph (unit `all` without endpoints and DNS). */
async function planAll(definition: Definition): Promise<PlannedResource[]> {
    const ctx = contextFor(definition);
    return plan(() => {
        const core = buildNetworkCore(ctx);
        const spokes = definition.spokes.map((s) => buildSpokeVpc(ctx, s, { transitGatewayId: core.transitGatewayId }));
        buildDomainRouting(
            ctx,
            core,
            spokes.map((s) => ({ spoke: s.spoke, outputs: { vpcId: s.vpcId, transitGatewayAttachmentId: s.transitGatewayAttachmentId } })),
        );
    });
}

async function planSpoke(definition: Definition, spoke: Spoke): Promise<PlannedResource[]> {
    const ctx = contextFor(definition);
    return plan(() => {
        buildSpokeVpc(ctx, spoke, { transitGatewayId: "tgw-0123456789abcdef0" });
    });
}

function byName(resources: PlannedResource[], name: string): PlannedResource {
    const r = resources.find((x) => x.name === name);
    assert.ok(r, `no resource named ${name}`);
    return r;
}

function dependsOn(r: PlannedResource, input: string, target: PlannedResource): boolean {
    return (r.dependencies[input] ?? []).includes(target.urn);
}

/** Domain of the TGW route table an input refers to. */
function domainOf(resources: PlannedResource[], r: PlannedResource): string | undefined {
    const urn = (r.dependencies.transitGatewayRouteTableId ?? [])[0];
    const rt = resources.find((x) => x.urn === urn);
    return rt ? tagsOf(rt)["landing-zone:domain"] : undefined;
}

describe("network components under mocks", function () {
    this.timeout(60000);
    const definition = sampleDefinition();
    let all: PlannedResource[];
    before(async () => {
        all = await planAll(definition);
    });

    describe("NetworkHub", () => {
        it("builds one transit gateway with the secure defaults and the definition's ASN", () => {
            const [tgw, ...more] = ofType(all, TGW);
            assert.strictEqual(more.length, 0);
            assert.strictEqual(tgw.inputs.autoAcceptSharedAttachments, "disable");
            assert.strictEqual(tgw.inputs.defaultRouteTableAssociation, "disable");
            assert.strictEqual(tgw.inputs.defaultRouteTablePropagation, "disable");
            assert.strictEqual(tgw.inputs.dnsSupport, "enable");
            assert.strictEqual(tgw.inputs.amazonSideAsn, 64600);
        });

        it("builds exactly one TGW route table per domain, onprem included", () => {
            const domains = ofType(all, TGW_RT).map((rt) => tagsOf(rt)["landing-zone:domain"]).sort();
            assert.deepStrictEqual(domains, ["isolated", "nonprod", "onprem", "prod", "shared"]);
        });

        it("shares the TGW through RAM with each named OU only, never outside the organization", () => {
            const [share, ...more] = ofType(all, "aws:ram/resourceShare:ResourceShare");
            assert.strictEqual(more.length, 0);
            assert.strictEqual(share.inputs.allowExternalPrincipals, false);
            const [assoc] = ofType(all, "aws:ram/resourceAssociation:ResourceAssociation");
            assert.ok(dependsOn(assoc, "resourceArn", ofType(all, TGW)[0]));
            assert.deepStrictEqual(ofType(all, "aws:ram/principalAssociation:PrincipalAssociation").map((p) => p.inputs.principal).sort(), [
                "arn:aws:organizations::100000000001:ou/o-a1b2c3d4e5/ou-ab12-nprd0001",
                "arn:aws:organizations::100000000001:ou/o-a1b2c3d4e5/ou-ab12-prod0001",
            ]);
        });

        it("shares with the whole organization when shareWith is absent, and not at all without an organization", async () => {
            const orgWide = sampleDefinition();
            delete (orgWide.network.transitGateway as { shareWith?: string[] }).shareWith;
            const orgPlan = await planAll(orgWide);
            assert.deepStrictEqual(ofType(orgPlan, "aws:ram/principalAssociation:PrincipalAssociation").map((p) => p.inputs.principal), [
                "arn:aws:organizations::100000000001:organization/o-a1b2c3d4e5",
            ]);

            const sandbox = define({
                environment: "dev",
                region: "us-east-1",
                accounts: { sandbox: "111111111111" },
                network: {
                    account: "sandbox",
                    transitGateway: { domains: { shared: { reaches: ["dev"] }, dev: { reaches: ["shared", "dev"] } } },
                    hub: { cidr: "10.0.0.0/22" },
                },
                spokes: [{ name: "web", account: "sandbox", cidr: "10.1.0.0/16", domain: "dev" }],
            });
            const single = await planAll(sandbox);
            assert.deepStrictEqual(single.filter((r) => r.type.startsWith("aws:ram/")), []);
            // Same account: nothing to accept.
            assert.deepStrictEqual(ofType(single, ACCEPTER), []);
            assert.strictEqual(ofType(single, TGW_ASSOC).length, 2);
        });

        it("builds the hub VPC per hubLayout, tagged hub/isolated, with no internet path", () => {
            const hubVpc = byName(all, "hub-vpc");
            assert.strictEqual(hubVpc.inputs.cidrBlock, "10.0.0.0/20");
            assert.strictEqual(hubVpc.inputs.enableDnsHostnames, true);
            assert.strictEqual(hubVpc.inputs.enableDnsSupport, true);
            assert.strictEqual(tagsOf(hubVpc)["landing-zone:role"], "hub");
            assert.strictEqual(tagsOf(hubVpc)["landing-zone:isolation"], "isolated");
            const subnets = ofType(all, SUBNET).filter((s) => dependsOn(s, "vpcId", hubVpc));
            assert.deepStrictEqual(
                subnets.map((s) => s.inputs.cidrBlock).sort(),
                hubLayout("10.0.0.0/20", 3).subnets.map((s) => s.cidr).sort(),
            );
            assert.ok(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false));
            assert.ok(!all.some((r) => r.type === "aws:ec2/internetGateway:InternetGateway" && dependsOn(r, "vpcId", hubVpc)));
        });

        it("attaches the hub to the shared domain and propagates it into every domain that reaches shared", () => {
            const hubAttachment = byName(all, "hub-attachment");
            assert.strictEqual(hubAttachment.inputs.transitGatewayDefaultRouteTableAssociation, false);
            assert.strictEqual(hubAttachment.inputs.transitGatewayDefaultRouteTablePropagation, false);
            const assocs = ofType(all, TGW_ASSOC).filter((a) => dependsOn(a, "transitGatewayAttachmentId", hubAttachment));
            assert.deepStrictEqual(assocs.map((a) => domainOf(all, a)), ["shared"]);
            const props = ofType(all, TGW_PROP).filter((p) => dependsOn(p, "transitGatewayAttachmentId", hubAttachment));
            assert.deepStrictEqual(props.map((p) => domainOf(all, p)).sort(), domainsReaching(definition, "shared").sort());
        });

        it("connects on-premises over a BGP VPN associated with the onprem route table", () => {
            const vpn = byName(all, "hub-vpn");
            assert.strictEqual(vpn.inputs.staticRoutesOnly, false);
            assert.ok(dependsOn(vpn, "transitGatewayId", ofType(all, TGW)[0]));
            const assoc = ofType(all, TGW_ASSOC).filter((a) => dependsOn(a, "transitGatewayAttachmentId", vpn));
            assert.deepStrictEqual(assoc.map((a) => domainOf(all, a)), ["onprem"]);
            assert.strictEqual(byName(all, "hub-cgw").inputs.bgpAsn, "65010");
        });

        it("turns on flow logs for every VPC, delivered by a role only the flow logs service of this account can assume", () => {
            const flowLogs = ofType(all, "aws:ec2/flowLog:FlowLog");
            for (const vpc of ofType(all, VPC)) {
                assert.strictEqual(flowLogs.filter((f) => dependsOn(f, "vpcId", vpc)).length, 1, `flow logs of ${vpc.name}`);
            }
            const role = byName(all, "hub-flow-logs-role");
            const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
            assert.deepStrictEqual(trust.Statement[0].Principal, { Service: "vpc-flow-logs.amazonaws.com" });
            assert.deepStrictEqual(trust.Statement[0].Condition.StringEquals, { "aws:SourceAccount": "100000000002" });
            assert.strictEqual(byName(all, "hub-flow-logs-log-group").inputs.retentionInDays, 30);
        });

        it("parents every child under its component", () => {
            for (const r of all.filter((x) => x.custom)) {
                assert.ok(r.parent && /landing-zone:network:/.test(r.parent), `${r.name} has parent ${r.parent}`);
            }
        });
    });

    describe("SpokeVpc", () => {
        const isolated = definition.spokes.find((s) => s.name === "ledger")!;
        const nat = definition.spokes.find((s) => s.name === "pay")!;

        it("internet none: no internet gateway, NAT, Elastic IP or public subnet at all, and every workload route defaults to the TGW", async () => {
            const res = await planSpoke(definition, isolated);
            for (const type of ["aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip", "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"]) {
                assert.deepStrictEqual(ofType(res, type), [], type);
            }
            const subnets = ofType(res, SUBNET);
            assert.ok(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false));
            assert.ok(!subnets.some((s) => tagsOf(s)["landing-zone:tier"] === "public"));
            assert.deepStrictEqual(subnets.map((s) => s.inputs.cidrBlock).sort(), spokeLayout(isolated.cidr, 3, "none").subnets.map((s) => s.cidr).sort());
            const workloadTables = ofType(res, RT);
            assert.strictEqual(workloadTables.length, 3);
            for (const rt of workloadTables) {
                const routes = ofType(res, ROUTE).filter((r) => dependsOn(r, "routeTableId", rt));
                assert.deepStrictEqual(routes.map((r) => [r.inputs.destinationCidrBlock, r.inputs.transitGatewayId]), [["0.0.0.0/0", "tgw-0123456789abcdef0"]]);
            }
            const vpc = ofType(res, VPC)[0];
            assert.deepStrictEqual(
                [tagsOf(vpc)["landing-zone:environment"], tagsOf(vpc)["landing-zone:domain"], tagsOf(vpc)["landing-zone:isolation"], tagsOf(vpc)["landing-zone:role"]],
                ["test", "prod", "isolated", "spoke"],
            );
        });

        it("internet nat: public subnets, one NAT per AZ, default route to the AZ's NAT and internal summaries to the TGW", async () => {
            const res = await planSpoke(definition, nat);
            assert.strictEqual(ofType(res, "aws:ec2/internetGateway:InternetGateway").length, 1);
            assert.strictEqual(ofType(res, "aws:ec2/natGateway:NatGateway").length, 3);
            assert.strictEqual(ofType(res, SUBNET).filter((s) => tagsOf(s)["landing-zone:tier"] === "public").length, 3);
            assert.strictEqual(tagsOf(ofType(res, VPC)[0])["landing-zone:isolation"], "internet");
            for (let az = 0; az < 3; az++) {
                const rt = byName(res, `pay-workload-${az}-rt`);
                const routes = ofType(res, ROUTE).filter((r) => dependsOn(r, "routeTableId", rt));
                const defaultRoute = routes.find((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0")!;
                assert.ok(dependsOn(defaultRoute, "natGatewayId", byName(res, `pay-nat-${az}`)));
                assert.deepStrictEqual(
                    routes.filter((r) => r.inputs.transitGatewayId).map((r) => r.inputs.destinationCidrBlock).sort(),
                    ["10.0.0.0/8", "172.16.0.0/12"],
                );
            }
        });

        it("cross-account: leaves the default route table flags to the TGW owner; same account: sets them false", async () => {
            const cross = ofType(await planSpoke(definition, isolated), ATTACHMENT)[0];
            assert.ok(!("transitGatewayDefaultRouteTableAssociation" in cross.inputs));
            assert.ok(!("transitGatewayDefaultRouteTablePropagation" in cross.inputs));
            const lab = definition.spokes.find((s) => s.name === "lab")!;
            const same = ofType(await planSpoke(definition, lab), ATTACHMENT)[0];
            assert.strictEqual(same.inputs.transitGatewayDefaultRouteTableAssociation, false);
            assert.strictEqual(same.inputs.transitGatewayDefaultRouteTablePropagation, false);
            // Attached on its /28 attachment subnets only.
            assert.strictEqual((same.dependencies.subnetIds ?? []).length, 3);
        });

        it("puts the spoke's gateway endpoints on every route table with a restrictive policy", async () => {
            const res = await planSpoke(definition, nat);
            const endpoints = ofType(res, "aws:ec2/vpcEndpoint:VpcEndpoint");
            assert.deepStrictEqual(endpoints.map((e) => e.inputs.serviceName).sort(), ["com.amazonaws.us-east-1.dynamodb", "com.amazonaws.us-east-1.s3"]);
            const tables = ofType(res, RT).map((t) => t.urn).sort();
            for (const e of endpoints) {
                assert.strictEqual(e.inputs.vpcEndpointType, "Gateway");
                assert.deepStrictEqual([...(e.dependencies.routeTableIds ?? [])].sort(), tables);
                // The perimeter library's policy for this service, as a JSON string the pack can read at preview.
                const service = (e.inputs.serviceName as string).split(".").pop() as "s3" | "dynamodb";
                assert.strictEqual(e.inputs.policy, JSON.stringify(gatewayEndpointPolicy(definition, service)));
            }
            const payDev = definition.spokes.find((s) => s.name === "pay-dev")!;
            assert.deepStrictEqual(ofType(await planSpoke(definition, payDev), "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.inputs.serviceName), ["com.amazonaws.us-east-1.s3"]);
        });

        it("has a resource count that depends neither on the number of spokes nor on the number of endpoint services", async () => {
            const signature = (res: PlannedResource[]) => res.map((r) => `${r.type} ${r.name}`).sort();
            const small = await planSpoke(definition, isolated);
            const many = sampleDefinition({
                spokes: [
                    ...definition.spokes,
                    ...Array.from({ length: 40 }, (_, i) => ({ name: `extra-${i}`, account: "acct-b", cidr: `10.${64 + i}.0.0/16`, domain: "nonprod" })),
                ],
            } as never);
            many.network.endpoints.services = ["ssm", "ssmmessages", "ec2messages", "kms", "logs", "sts", "ecr.api", "ecr.dkr", "secretsmanager", "monitoring"];
            const large = await planSpoke(many, many.spokes.find((s) => s.name === "ledger")!);
            assert.deepStrictEqual(signature(large), signature(small));
        });
    });

    describe("DomainRouting", () => {
        it("accepts each cross-account spoke exactly once, with the default route table flags off", () => {
            const accepters = ofType(all, ACCEPTER);
            const crossAccount = definition.spokes.filter((s) => definition.accounts[s.account] !== definition.accounts.network).map((s) => s.name);
            assert.deepStrictEqual(accepters.map((a) => tagsOf(a)["landing-zone:spoke"]).sort(), [...crossAccount].sort());
            for (const a of accepters) {
                assert.strictEqual(a.inputs.transitGatewayDefaultRouteTableAssociation, false);
                assert.strictEqual(a.inputs.transitGatewayDefaultRouteTablePropagation, false);
                const spoke = definition.spokes.find((s) => s.name === tagsOf(a)["landing-zone:spoke"])!;
                assert.ok(dependsOn(a, "transitGatewayAttachmentId", byName(all, `${spoke.name}-attachment`)));
            }
        });

        it("associates each spoke once, with its domain's route table, after acceptance", () => {
            for (const spoke of definition.spokes) {
                const attachment = byName(all, `${spoke.name}-attachment`);
                const accepter = all.find((r) => r.type === ACCEPTER && tagsOf(r)["landing-zone:spoke"] === spoke.name);
                const via = accepter ?? attachment;
                const assocs = ofType(all, TGW_ASSOC).filter((a) => dependsOn(a, "transitGatewayAttachmentId", via));
                assert.deepStrictEqual(assocs.map((a) => domainOf(all, a)), [spoke.domain], spoke.name);
            }
        });

        it("propagates each spoke into exactly the route tables of the domains that reach its domain", () => {
            for (const spoke of definition.spokes) {
                const accepter = all.find((r) => r.type === ACCEPTER && tagsOf(r)["landing-zone:spoke"] === spoke.name);
                const via = accepter ?? byName(all, `${spoke.name}-attachment`);
                const props = ofType(all, TGW_PROP).filter((p) => dependsOn(p, "transitGatewayAttachmentId", via));
                assert.deepStrictEqual(props.map((p) => domainOf(all, p)).sort(), domainsReaching(definition, spoke.domain).sort(), spoke.name);
            }
        });

        it("routes on-premises ranges statically in the domains that reach onprem, and blackholes what each domain must not reach", () => {
            const routes = ofType(all, TGW_ROUTE);
            const vpn = byName(all, "hub-vpn");
            const statics = routes.filter((r) => !r.inputs.blackhole);
            assert.deepStrictEqual(statics.map((r) => `${domainOf(all, r)} ${r.inputs.destinationCidrBlock}`).sort(), ["prod 172.16.0.0/12", "shared 172.16.0.0/12"]);
            assert.ok(statics.every((r) => dependsOn(r, "transitGatewayAttachmentId", vpn)));
            const blackholes = (domain: string) => routes.filter((r) => r.inputs.blackhole === true && domainOf(all, r) === domain).map((r) => r.inputs.destinationCidrBlock).sort();
            assert.deepStrictEqual(blackholes("prod"), ["10.32.0.0/13", "10.48.0.0/20", "10.48.16.0/20"]);
            assert.deepStrictEqual(blackholes("isolated"), ["10.16.0.0/13", "10.32.0.0/13", "10.48.0.0/20", "10.48.16.0/20", "172.16.0.0/12"]);
            // shared does not reach itself: its own table blackholes the hub (its only member here).
            assert.deepStrictEqual(blackholes("shared"), ["10.0.0.0/20"]);
            assert.deepStrictEqual(blackholes("onprem"), ["10.32.0.0/13", "10.48.0.0/20", "10.48.16.0/20", "172.16.0.0/12"]);
            for (const domain of ["shared", "prod", "nonprod", "isolated", "onprem"]) assert.deepStrictEqual(blackholes(domain), [...blackholeCidrs(definition, domain)].sort());
        });

        it("grows by one accepter, one association and the domain's propagations per spoke; per-domain routes stay put", async () => {
            const count = (res: PlannedResource[]) => res.filter((r) => r.parent?.endsWith("DomainRouting::routing")).length;
            const base = count(all);
            const more = sampleDefinition();
            more.spokes.push(
                { name: "extra-prod", account: "acct-a", cidr: "10.18.0.0/16", domain: "prod", internet: "none", gatewayEndpoints: [] },
                { name: "extra-nonprod", account: "acct-b", cidr: "10.33.0.0/16", domain: "nonprod", internet: "none", gatewayEndpoints: [] },
            );
            const grown = count(await planAll(more));
            // prod is reached by shared, prod and onprem; nonprod by shared and nonprod.
            assert.strictEqual(grown - base, 2 + 3 + (2 + 2));
        });
    });

    describe("reachability of the built topology", () => {
        it("equals what the domains intend", () => {
            assert.deepStrictEqual(analyzeReachability(all), intendedReachability(definition));
        });

        it("catches a propagation the domains do not allow", () => {
            // A pay-dev (nonprod) propagation into prod's table: more specific than prod's blackhole for nonprod, so it opens the path.
            const res = all;
            const prodTable = res.find((r) => r.type === TGW_RT && tagsOf(r)["landing-zone:domain"] === "prod")!;
            const payDevAccepter = res.find((r) => r.type === ACCEPTER && tagsOf(r)["landing-zone:spoke"] === "pay-dev")!;
            const stray: PlannedResource = {
                urn: "urn:pulumi:test::landing-zone::aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation::stray",
                type: TGW_PROP,
                name: "stray",
                custom: true,
                inputs: { transitGatewayAttachmentId: "<unknown>", transitGatewayRouteTableId: "<unknown>" },
                dependencies: { transitGatewayAttachmentId: [payDevAccepter.urn], transitGatewayRouteTableId: [prodTable.urn] },
            };
            const report = analyzeReachability([...res, stray]);
            // Only prod's sources gain the path, and only one way: the return direction is still closed.
            assert.deepStrictEqual(report.oneWay, { ledger: ["pay-dev"], pay: ["pay-dev"] });
            assert.deepStrictEqual(report.reachable, intendedReachability(definition).reachable);
            const differences = compareReachability(report, intendedReachability(definition));
            assert.deepStrictEqual(differences.map((d) => `${d.from} → ${d.to} ${d.actual} ${d.kind}`), ["ledger → pay-dev one-way unintended", "pay → pay-dev one-way unintended"]);
        });
    });
});
