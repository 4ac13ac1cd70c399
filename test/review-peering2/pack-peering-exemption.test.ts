/**
 * Review 2 of multi-Region peering: can a hand-written resource hide a cross-Region problem behind
 * the pack's route-domain exemption (policypacks/landing-zone/lib/reachability.ts: a route to another
 * peering in a table associated with a peering is a violation unless that table is the one table of
 * its transit gateway tagged with the domain the pack config's `peeringLookupDomains` names for its
 * Region)? The review found that the exemption's first form (any domain tag, or any attachment
 * associated) hid relays; the cases below now expect the violations.
 *
 * Inputs: test/support/multi-region-topologies.ts `threeRegionShape` (s0 apps@us-east-1,
 * s1 apps@eu-west-1, s2 data@ap-southeast-2; apps↔apps and shared↔* intended, apps↔data forbidden),
 * with routes, tags and attachments a user could write by hand. Expectations from AWS's transit
 * gateway model, not from the pack: the association decides where arriving packets are looked up
 * (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html), a static route names
 * one attachment (API_CreateTransitGatewayRoute), and a tag changes no routing
 * (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html: tags are metadata).
 */
import { strict as assert } from "assert";
import { PlannedResource, UNKNOWN as PLAN_UNKNOWN } from "../../analysis/plan-records";
import { stackReachability } from "../../policypacks/landing-zone/lib/reachability";
import { StackIndex } from "../../policypacks/landing-zone/lib/stack-index";
import { topologyDefinition, topologyRecords, threeRegionShape } from "../support/multi-region-topologies";
import { Report, mandatory } from "../policypack/harness";
import { policyResources, reachabilityReports } from "../support/reachability-pack";

/** The reachability rule's reports on plan records, judged with pack config `config`. */
const ruleReports = (records: PlannedResource[], config: Record<string, unknown> = {}): Promise<Report[]> => reachabilityReports(policyResources(records), config);

const base = () => topologyRecords(threeRegionShape, topologyDefinition(threeRegionShape));
const byName = (records: PlannedResource[], name: string) => {
    const r = records.find((x) => x.name === name);
    assert.ok(r, name);
    return r;
};
const regionOf = (r: PlannedResource) => r.inputs.region as string | undefined;
const inRegion = (records: PlannedResource[], region: string) => records.filter((r) => regionOf(r) === region);

/** A static route a user writes by hand: `cidr` in `table` to `attachment`. */
function route(records: PlannedResource[], name: string, table: string, cidr: string, attachment: string): PlannedResource {
    const t = byName(records, table);
    return {
        urn: `urn:pulumi:multi::lz::aws:ec2transitgateway/route:Route::${name}`,
        type: "aws:ec2transitgateway/route:Route",
        name,
        custom: true,
        inputs: { region: regionOf(t), destinationCidrBlock: cidr, transitGatewayRouteTableId: PLAN_UNKNOWN, transitGatewayAttachmentId: PLAN_UNKNOWN },
        dependencies: { transitGatewayRouteTableId: [t.urn], transitGatewayAttachmentId: [byName(records, attachment).urn] },
    };
}

/** The same records with `table` tagged as a route domain's (a tag only: no routing changes). */
function tagged(records: PlannedResource[], table: string, domain: string): PlannedResource[] {
    return records.map((r) => (r.name === table ? { ...r, inputs: { ...r.inputs, tags: { ...(r.inputs.tags as object), "landing-zone:domain": domain } } } : r));
}

/** A relay through eu-west-1's peering table: s0 (apps, us-east-1) ↔ s2 (data, ap-southeast-2), a forbidden pair. */
function relay(records: PlannedResource[]): PlannedResource[] {
    return [
        ...records,
        // us-east-1 apps: halves of data's spoke (more specific than the blackhole) to eu-west-1
        route(records, "adv-us-apps-a", "rt-apps-us-east-1", "10.102.0.0/17", "peer-us-east-1-eu-west-1"),
        route(records, "adv-us-apps-b", "rt-apps-us-east-1", "10.102.128.0/17", "peer-us-east-1-eu-west-1"),
        // eu-west-1's peering table: each end onward over the other peering
        route(records, "adv-eu-to-ap", "rt-peering-eu-west-1", "10.102.0.0/16", "peer-eu-west-1-ap-southeast-2"),
        route(records, "adv-eu-to-us", "rt-peering-eu-west-1", "10.100.0.0/16", "peer-us-east-1-eu-west-1-accept"),
        // ap-southeast-2 data: halves of s0 to eu-west-1
        route(records, "adv-ap-data-a", "rt-data-ap-southeast-2", "10.100.0.0/17", "peer-eu-west-1-ap-southeast-2-accept"),
        route(records, "adv-ap-data-b", "rt-data-ap-southeast-2", "10.100.128.0/17", "peer-eu-west-1-ap-southeast-2-accept"),
    ];
}

/** A hand-made VPC, its attachment to `tgw` and its association with `table` (a decoy: nothing sends to it). */
function decoy(records: PlannedResource[], table: string, tgw: string, cidr: string): PlannedResource[] {
    const t = byName(records, table);
    const region = regionOf(t);
    const mk = (type: string, name: string, inputs: Record<string, unknown>, dependencies: Record<string, string[]>): PlannedResource =>
        ({ urn: `urn:pulumi:multi::lz::${type}::${name}`, type, name, custom: true, inputs: { region, ...inputs }, dependencies }) as PlannedResource;
    const vpc = mk("aws:ec2/vpc:Vpc", "decoy-vpc", { cidrBlock: cidr, tags: { Name: "decoy" } }, {});
    const att = mk("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "decoy-att", { vpcId: PLAN_UNKNOWN, transitGatewayId: PLAN_UNKNOWN }, { vpcId: [vpc.urn], transitGatewayId: [byName(records, tgw).urn] });
    const assoc = mk("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "decoy-assoc", { transitGatewayAttachmentId: PLAN_UNKNOWN, transitGatewayRouteTableId: PLAN_UNKNOWN }, { transitGatewayAttachmentId: [att.urn], transitGatewayRouteTableId: [t.urn] });
    return [...records, vpc, att, assoc];
}

/**
 * s0 (apps, us-east-1) and s1 (apps, eu-west-1), an intended pair, sent through ap-southeast-2 by
 * hand-written routes more specific than the program's direct ones (longest prefix wins).
 */
function twoHop(records: PlannedResource[]): PlannedResource[] {
    return [
        ...records,
        route(records, "hop-us-apps-a", "rt-apps-us-east-1", "10.101.0.0/17", "peer-us-east-1-ap-southeast-2"),
        route(records, "hop-us-apps-b", "rt-apps-us-east-1", "10.101.128.0/17", "peer-us-east-1-ap-southeast-2"),
        route(records, "hop-ap-to-eu", "rt-peering-ap-southeast-2", "10.101.0.0/16", "peer-eu-west-1-ap-southeast-2-accept"),
        route(records, "hop-eu-apps-a", "rt-apps-eu-west-1", "10.100.0.0/17", "peer-eu-west-1-ap-southeast-2"),
        route(records, "hop-eu-apps-b", "rt-apps-eu-west-1", "10.100.128.0/17", "peer-eu-west-1-ap-southeast-2"),
        route(records, "hop-ap-to-us", "rt-peering-ap-southeast-2", "10.100.0.0/16", "peer-us-east-1-ap-southeast-2-accept"),
    ];
}

/** s0 (apps, us-east-1) ↔ s2 (data, ap-southeast-2), a forbidden pair, over their own peering: one hop, routes more specific than the blackholes. */
function directForbidden(records: PlannedResource[]): PlannedResource[] {
    return [
        ...records,
        route(records, "fb-us-a", "rt-apps-us-east-1", "10.102.0.0/17", "peer-us-east-1-ap-southeast-2"),
        route(records, "fb-us-b", "rt-apps-us-east-1", "10.102.128.0/17", "peer-us-east-1-ap-southeast-2"),
        route(records, "fb-ap-a", "rt-data-ap-southeast-2", "10.100.0.0/17", "peer-us-east-1-ap-southeast-2-accept"),
        route(records, "fb-ap-b", "rt-data-ap-southeast-2", "10.100.128.0/17", "peer-us-east-1-ap-southeast-2-accept"),
    ];
}

const transitive = (reports: Report[]) => mandatory(reports).filter((r) => /not transitive/.test(r.message)).map((r) => r.urn!.split("::").pop()!).sort();
const reachable = (records: PlannedResource[]) => {
    const pack = stackReachability(new StackIndex(policyResources(records)));
    return Object.fromEntries([...pack.reachable()].map(([k, v]) => [k, [...v].sort()]));
};

// Where a test is named "GAP", it states what the pack does today, not what AWS's model expects:
// the expectation is in the comment; flip the assertion when the pack is changed.
describe("review-peering2: the pack's route-domain exemption against hand-written resources", function () {
    this.timeout(120_000);
    const b = base();
    const r = relay(b);

    it("a relay through a pure peering table (no tag, no VPC associated): a violation on each onward route, per Region and whole", async () => {
        assert.deepEqual(transitive(await ruleReports(inRegion(r, "eu-west-1"))), ["adv-eu-to-ap", "adv-eu-to-us"]);
        assert.deepEqual(transitive(await ruleReports(r)), ["adv-eu-to-ap", "adv-eu-to-us"]);
    });

    it("the same relay with only a `landing-zone:domain` tag added to the peering table: the same two violations (a tag routes nothing; only the domain the config names takes the peerings)", async () => {
        const t = tagged(r, "rt-peering-eu-west-1", "apps");
        assert.deepEqual(transitive(await ruleReports(inRegion(t, "eu-west-1"))), ["adv-eu-to-ap", "adv-eu-to-us"]);
        assert.deepEqual(transitive(await ruleReports(t)), ["adv-eu-to-ap", "adv-eu-to-us"]);
    });

    it("the same relay with a decoy VPC attachment associated with the peering table: the same two violations", async () => {
        const d = decoy(r, "rt-peering-eu-west-1", "tgw-eu-west-1", "10.250.0.0/24");
        assert.deepEqual(transitive(await ruleReports(inRegion(d, "eu-west-1"))), ["adv-eu-to-ap", "adv-eu-to-us"]);
        assert.deepEqual(transitive(await ruleReports(d)), ["adv-eu-to-ap", "adv-eu-to-us"]);
    });

    it("the relay's forbidden pair (s0 apps@us-east-1, s2 data@ap-southeast-2) is not two-way under the pack's one-hop reading (it would be under a transitive one)", () => {
        assert.ok(!reachable(r)["s0"]?.includes("s2"));
    });

    it("an intended pair (s0, s1) routed through a third Region's pure peering table: violations, and s0-s1 not reachable", async () => {
        const h = twoHop(b);
        assert.deepEqual(transitive(await ruleReports(h)), ["hop-ap-to-eu", "hop-ap-to-us"]);
        assert.deepEqual(transitive(await ruleReports(inRegion(h, "ap-southeast-2"))), ["hop-ap-to-eu", "hop-ap-to-us"]);
        assert.ok(!reachable(h)["s0"].includes("s1"));
        assert.ok(reachable(b)["s0"].includes("s1"), "baseline: s0-s1 two-way");
    });

    it("the same two-hop path with the third Region's peering table tagged: still the two violations, whether or not the config names that domain there (its own table carries the tag too)", async () => {
        const h = tagged(twoHop(b), "rt-peering-ap-southeast-2", "data");
        assert.ok(!reachable(h)["s0"].includes("s1"));
        assert.deepEqual(transitive(await ruleReports(h)), ["hop-ap-to-eu", "hop-ap-to-us"]);
        assert.deepEqual(transitive(await ruleReports(inRegion(h, "ap-southeast-2"))), ["hop-ap-to-eu", "hop-ap-to-us"]);
        const named = { peeringLookupDomains: { "ap-southeast-2": "data" } };
        assert.deepEqual(transitive(await ruleReports(inRegion(h, "ap-southeast-2"), named)), ["hop-ap-to-eu", "hop-ap-to-us"]);
    });

    it("caught: one direction of an intended pair (s1 → s0) sent through a third Region's tagged peering table, the other direct: the matrix sees a one-way path and fails", async () => {
        const h = tagged(
            [
                ...b,
                route(b, "one-eu-apps-a", "rt-apps-eu-west-1", "10.100.0.0/17", "peer-eu-west-1-ap-southeast-2"),
                route(b, "one-eu-apps-b", "rt-apps-eu-west-1", "10.100.128.0/17", "peer-eu-west-1-ap-southeast-2"),
                route(b, "one-ap-to-us", "rt-peering-ap-southeast-2", "10.100.0.0/16", "peer-us-east-1-ap-southeast-2-accept"),
            ],
            "rt-peering-ap-southeast-2",
            "data",
        );
        const violations = mandatory(await ruleReports(h));
        assert.ok(violations.some((v) => /one-way path s0 .* → s1 /.test(v.message)), JSON.stringify(violations));
        assert.deepEqual(transitive(await ruleReports(h)), ["one-ap-to-us"], "the onward route itself is reported too");
    });

    it("GAP (the rule's scope): a forbidden pair made two-way over its own peering by routes more specific than the blackholes: no violation (the rule has no intent; only the offline plan, which never sees hand-written resources, has)", async () => {
        const f = directForbidden(b);
        assert.ok(reachable(f)["s0"].includes("s2"));
        assert.deepEqual(mandatory(await ruleReports(f)), []);
    });
});
