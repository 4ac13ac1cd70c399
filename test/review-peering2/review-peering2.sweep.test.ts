/**
 * Review 2 of multi-Region peering (test/review-peering2/README.md): held-out three-Region
 * definitions planned whole and rehearsed, against expectations written from AWS's documents:
 *
 * - Interface endpoint security groups: the groups "associate[d] with the endpoint network
 *   interfaces" (AWS::EC2::VPCEndpoint, CfnVPCEndpoint) decide which sources reach the endpoint on
 *   the service's port. DNS does not cross a peering: "Transit gateway peering does not support
 *   resolving ... host names to private IPv4 addresses across VPCs on either side of the transit
 *   gateway peering attachment using the Amazon Route 53 Resolver in another Region"
 *   (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html), so a Region's central endpoints
 *   are used by that Region's hub and spokes (and on-premises, which reaches every hub here), never
 *   by another Region's VPCs.
 * - Resolver inbound endpoints: "Inbound rules must allow TCP and UDP access on port 53"
 *   (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries-values.html),
 *   from the resolvers on the network that forward to it (on-premises); outbound endpoints "open
 *   the port that you're using for DNS queries on your network" (API CreateResolverEndpoint,
 *   SecurityGroupIds) towards the forwarding rules' target IPs.
 * - A spoke added in a Region costs each other Region one static route or blackhole per domain
 *   table when its domain has no summary there (API_CreateTransitGatewayRoute: a route names one
 *   attachment; peering attachments carry no propagation).
 *
 * A sweep: plans and rehearsals of whole environments (npm test, not test:unit).
 */
import { strict as assert } from "assert";
import * as path from "path";
import type { PlannedResource } from "../../analysis/plan-records";
import { loadDefinitionFile } from "../../program/load";
import { sharedPlan } from "../support/plans";
import { rehearsal } from "../support/rehearsals";
import { explain } from "../rehearse/support/changes";

const dir = __dirname;
const SG = "aws:ec2/securityGroup:SecurityGroup";
const ingress = (r: PlannedResource | undefined) =>
    ((r?.inputs.ingress as { fromPort: number; toPort: number; protocol: string; cidrBlocks?: string[] }[] | undefined) ?? []).map((x) => `${x.protocol}/${x.fromPort}-${x.toPort} ${[...(x.cidrBlocks ?? [])].sort().join(",")}`).sort();
const egress = (r: PlannedResource | undefined) =>
    ((r?.inputs.egress as { fromPort: number; toPort: number; protocol: string; cidrBlocks?: string[] }[] | undefined) ?? []).map((x) => `${x.protocol}/${x.fromPort}-${x.toPort} ${[...(x.cidrBlocks ?? [])].sort().join(",")}`).sort();

const ONPREM = "172.16.0.0/12";
const home = ["10.0.0.0/20", "10.16.0.0/13", "10.32.0.0/13", ONPREM];
const eu = ["10.64.0.0/20", "10.80.0.0/13", "10.96.0.0/13", ONPREM];
const ap = ["10.128.0.0/20", "10.144.0.0/16", "10.160.0.0/16", ONPREM]; // ap-southeast-2: no summaries for prod and nonprod
const https = (cidrs: string[]) => [`tcp/443-443 ${[...cidrs].sort().join(",")}`];

describe("review-peering2: three-Region held-out definitions, planned whole", function () {
    this.timeout(600_000);

    for (const [file, sgOf] of [
        ["r2tri", (env: string, region?: string) => `${env}-endpoints${region ? `-${region}` : ""}-sg-443`],
        ["r2hz", (env: string, region?: string) => `${env}-endpoints${region ? `-${region}` : ""}-sg-443`],
    ] as const) {
        it(`${file}: each Region's central endpoints admit exactly that Region's hub, spokes and on-premises; Resolver endpoints admit on-premises DNS; no finding`, async () => {
            const plan = await sharedPlan({ definitionFile: path.join(dir, "held-out", `${file}.yaml`), unit: "all" });
            const sg = (name: string) => plan.resources.find((r) => r.type === SG && r.name === name);
            assert.deepEqual(ingress(sg(sgOf(file))), https(home));
            assert.deepEqual(ingress(sg(sgOf(file, "eu-west-1"))), https(eu));
            assert.deepEqual(ingress(sg(sgOf(file, "ap-southeast-2"))), https(ap));
            for (const region of ["", "-eu-west-1", "-ap-southeast-2"]) {
                assert.deepEqual(ingress(sg(`${file}-hybrid-dns${region}-inbound-sg`)), [`tcp/53-53 ${ONPREM}`, `udp/53-53 ${ONPREM}`], `inbound${region}`);
                assert.deepEqual(egress(sg(`${file}-hybrid-dns${region}-outbound-sg`)), ["tcp/53-53 172.16.0.53/32,172.16.1.53/32", "udp/53-53 172.16.0.53/32,172.16.1.53/32"], `outbound${region}`);
            }
            assert.deepEqual(plan.violations.filter((v) => v.level === "mandatory"), []);
        });
    }

    it("r2dx: over Direct Connect, on-premises reaches every Region's hub (its Resolver endpoints and central endpoints) and prod: the association's allowed prefixes advertise exactly those", async () => {
        // Allowed prefixes of a transit gateway association are what the Direct Connect gateway advertises to on-premises
        // (https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html); onprem reaches shared and prod.
        const plan = await sharedPlan({ definitionFile: path.join(dir, "held-out", "r2dx.yaml"), unit: "all" });
        const assoc = plan.resources.find((r) => r.type === "aws:directconnect/gatewayAssociation:GatewayAssociation");
        assert.deepEqual([...((assoc?.inputs.allowedPrefixes as string[]) ?? [])].sort(), ["10.0.0.0/20", "10.128.0.0/20", "10.144.0.0/16", "10.16.0.0/13", "10.64.0.0/20", "10.80.0.0/13"]);
        assert.deepEqual(plan.violations.filter((v) => v.level === "mandatory"), []);
    });

    it("r2many: 64 non-adjacent nonprod spokes without summaries in ap-southeast-2 would put 68 inbound rules on the Region's endpoint security group, over AWS's 60 per group: validation refuses it at the Region's hub, naming the summaries and the quota key", () => {
        // "Inbound or outbound rules per security group: 60" (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups;
        // aws/quotas.ts securityGroupInboundRules); each CIDR of a rule counts as one rule.
        const { definition, diagnostics } = loadDefinitionFile(path.join(dir, "held-out", "r2many.yaml"));
        assert.equal(definition, undefined);
        const refused = diagnostics.filter((d) => d.severity === "error");
        assert.deepEqual(refused.map((d) => d.path), ["network.regions.ap-southeast-2.hub"]);
        assert.match(refused[0].message, /^68 inbound rules of 60 on the interface endpoint security group of port 443 in ap-southeast-2's hub/);
        assert.match(refused[0].message, /network\.regions\.ap-southeast-2\.summaries\.nonprod/);
        assert.match(refused[0].message, /network\.regions\.ap-southeast-2\.quotas\.securityGroupInboundRules/);
    });

    it("r2dist: GAP (least privilege, no outage) each spoke's own endpoints admit its whole Region and on-premises (expected: the spoke's own VPC: a spoke's endpoints' private DNS serves that VPC only)", async () => {
        const plan = await sharedPlan({ definitionFile: path.join(dir, "held-out", "r2dist.yaml"), unit: "all" });
        const sg = (name: string) => plan.resources.find((r) => r.type === SG && r.name === name);
        assert.deepEqual(ingress(sg("payments-prod-endpoints-sg-443")), https(home));
        assert.deepEqual(ingress(sg("orders-eu-nonprod-endpoints-sg-443")), https(eu));
        assert.deepEqual(ingress(sg("ord-ap-endpoints-sg-443")), https(ap));
        assert.deepEqual(plan.violations.filter((v) => v.level === "mandatory"), []);
    });

    it("r2edge: GAP (least privilege, no outage) a spoke of a domain that reaches nothing but itself (iso) is admitted by its Region's endpoints, and gets the Region's Profile, though no route leads it to the hub", async () => {
        const plan = await sharedPlan({ definitionFile: path.join(dir, "held-out", "r2edge.yaml"), unit: "all" });
        const sg = plan.resources.find((r) => r.type === SG && r.name === "r2edge-endpoints-ap-southeast-2-sg-443");
        assert.deepEqual(ingress(sg), https([...ap, "10.170.0.0/16"]));
        assert.ok(plan.resources.some((r) => r.name === "iso-ap-dns-profile"));
    });
});

describe("review-peering2: three-Region changes, rehearsed", function () {
    this.timeout(600_000);

    it("add a prod spoke (no summary) in ap-southeast-2: home +4 (shared and onprem routes, prod and nonprod blackholes), eu-west-1 +3, ap-southeast-2 +5 and its endpoints' security group", async () => {
        const c = path.join(dir, "changes", "add-ap-spoke");
        const r = await rehearsal({ fromFile: path.join(c, "old", "r2tri.yaml"), definitionFile: path.join(c, "new", "r2tri.yaml"), destroy: true });
        assert.ok(r.converged && r.steps.every((s) => s.outcome === "ok"), explain(r));
        const change = r.steps.filter((s) => s.stage === "change");
        const sum = (stack: string) => change.filter((s) => s.stack === stack).reduce((n, s) => [n[0] + s.creates, n[1] + s.updates, n[2] + s.replaces, n[3] + s.deletes.length], [0, 0, 0, 0]);
        assert.deepEqual(sum("r2tri-network"), [4, 0, 0, 0]);
        assert.deepEqual(sum("r2tri-network-eu-west-1"), [3, 0, 0, 0]);
        assert.deepEqual(sum("r2tri-network-ap-southeast-2"), [5, 1, 0, 0]);
        const updated = change.flatMap((s) => s.updated.map((u) => u.urn.split("::").pop()));
        assert.deepEqual(updated, ["r2tri-endpoints-ap-southeast-2-sg-443"]);
    });

    it("remove ap-southeast-2 (one stack per unit, then destroy): converges, nothing left", async () => {
        const c = path.join(dir, "changes", "remove-ap");
        const r = await rehearsal({ fromFile: path.join(c, "old", "r2tri.yaml"), definitionFile: path.join(c, "new", "r2tri.yaml"), destroy: true });
        assert.ok(r.converged && r.steps.every((s) => s.outcome === "ok"), explain(r));
        assert.ok(r.steps.some((s) => s.stage === "change" && s.stack === "r2tri-network-ap-southeast-2" && s.operation === "destroy"));
    });
});
