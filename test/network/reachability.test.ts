import * as assert from "assert";
import {
    analyzeReachability,
    compareReachability,
    computeReachability,
    forwardReachability,
    formatReachabilityMatrix,
    intendedReachability,
    matrixMark,
    pathKind,
} from "../../analysis/reachability";
import { PlannedResource, UNKNOWN } from "../../analysis/plan-records";
import { sampleDefinition } from "./definitions";
import { independentReachability } from "../support/reachability-oracle";

/**
 * Hand-made plans. By default references are dependencies with unknown ids (a preview);
 * with `literalIds` every resource has a known id and inputs carry it, without
 * dependencies (a plan of a deployed stack, or values read from another stack).
 */
class Topology {
    readonly resources: PlannedResource[] = [];
    private n = 0;
    constructor(private readonly literalIds = false) {}

    private add(type: string, name: string, inputs: Record<string, unknown>, refs: Record<string, PlannedResource> = {}): PlannedResource {
        const r: PlannedResource = {
            urn: `urn:pulumi:t::p::${type}::${name}`,
            type,
            name,
            custom: true,
            inputs: { ...inputs },
            dependencies: {},
            outputs: { id: this.literalIds ? `id-${++this.n}` : UNKNOWN },
        };
        for (const [input, target] of Object.entries(refs)) {
            if (this.literalIds) r.inputs[input] = target.outputs!.id;
            else {
                r.inputs[input] = UNKNOWN;
                r.dependencies[input] = [target.urn];
            }
        }
        this.resources.push(r);
        return r;
    }

    tgw = this.add("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw", {});

    vpc(name: string, cidr: string, role: "hub" | "spoke" = "spoke"): { vpc: PlannedResource; rt: PlannedResource } {
        const tags: Record<string, string> = role === "hub" ? { "landing-zone:role": "hub" } : { "landing-zone:spoke": name };
        const vpc = this.add("aws:ec2/vpc:Vpc", `${name}-vpc`, { cidrBlock: cidr, tags });
        const rt = this.add("aws:ec2/routeTable:RouteTable", `${name}-rt`, {}, { vpcId: vpc });
        return { vpc, rt };
    }

    vpcRoute(rt: PlannedResource, destination: string, target: "tgw" | "nat"): PlannedResource {
        return target === "tgw"
            ? this.add("aws:ec2/route:Route", `route-${++this.n}`, { destinationCidrBlock: destination }, { routeTableId: rt, transitGatewayId: this.tgw })
            : this.add("aws:ec2/route:Route", `route-${++this.n}`, { destinationCidrBlock: destination, natGatewayId: "nat-1" }, { routeTableId: rt });
    }

    attach(vpc: PlannedResource): PlannedResource {
        return this.add("aws:ec2transitgateway/vpcAttachment:VpcAttachment", `${vpc.name}-att`, {}, { vpcId: vpc, transitGatewayId: this.tgw });
    }

    accept(attachment: PlannedResource | string, spoke: string, cidr?: string): PlannedResource {
        const tags = { "landing-zone:spoke": spoke, ...(cidr ? { "landing-zone:cidr": cidr } : {}) };
        return typeof attachment === "string"
            ? this.add("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter", `${spoke}-acc`, { transitGatewayAttachmentId: attachment, tags })
            : this.add("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter", `${spoke}-acc`, { tags }, { transitGatewayAttachmentId: attachment });
    }

    vpn(): PlannedResource {
        return this.add("aws:ec2/vpnConnection:VpnConnection", "vpn", { type: "ipsec.1" }, { transitGatewayId: this.tgw });
    }

    table(domain: string): PlannedResource {
        return this.add("aws:ec2transitgateway/routeTable:RouteTable", `rt-${domain}`, { tags: { "landing-zone:domain": domain } }, { transitGatewayId: this.tgw });
    }

    associate(attachment: PlannedResource, table: PlannedResource): PlannedResource {
        return this.add("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", `assoc-${++this.n}`, {}, { transitGatewayAttachmentId: attachment, transitGatewayRouteTableId: table });
    }

    propagate(attachment: PlannedResource, table: PlannedResource): PlannedResource {
        return this.add("aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation", `prop-${++this.n}`, {}, { transitGatewayAttachmentId: attachment, transitGatewayRouteTableId: table });
    }

    staticRoute(table: PlannedResource, cidr: string, attachment: PlannedResource): PlannedResource {
        return this.add("aws:ec2transitgateway/route:Route", `static-${++this.n}`, { destinationCidrBlock: cidr }, { transitGatewayRouteTableId: table, transitGatewayAttachmentId: attachment });
    }

    blackhole(table: PlannedResource, cidr: string): PlannedResource {
        return this.add("aws:ec2transitgateway/route:Route", `blackhole-${++this.n}`, { destinationCidrBlock: cidr, blackhole: true }, { transitGatewayRouteTableId: table });
    }

    /** A spoke with a default route to the TGW, attached and associated with `table`. */
    spoke(name: string, cidr: string, table: PlannedResource): { vpc: PlannedResource; rt: PlannedResource; att: PlannedResource } {
        const { vpc, rt } = this.vpc(name, cidr);
        this.vpcRoute(rt, "0.0.0.0/0", "tgw");
        const att = this.attach(vpc);
        this.associate(att, table);
        return { vpc, rt, att };
    }
}

describe("analysis/reachability, one direction, on hand-made topologies", () => {
    it("spokes that route alike are judged alike, and a spoke that routes differently or overlaps is judged on its own", () => {
        // Sources with the same TGW table and the same VPC routes are checked once per
        // destination; these cases must still come out as each spoke's own routes say.
        const t = new Topology();
        const rt = t.table("prod");
        const spokes = ["a", "b", "c", "d", "f"].map((name, i) => ({ name, ...t.spoke(name, `10.${i + 1}.0.0/16`, rt) }));
        // c sends d's range to a NAT gateway instead of the TGW: c alone does not reach d.
        t.vpcRoute(spokes[2].rt, "10.4.0.0/16", "nat");
        // g overlaps f (a broken plan, but a plan all the same): inside g's range f's local route wins.
        const g = t.spoke("g", "10.5.0.0/24", rt);
        for (const s of [...spokes, g]) t.propagate(s.att, rt);
        const m = forwardReachability(t.resources);
        assert.deepStrictEqual(m.a, ["b", "c", "d", "f", "g"]);
        assert.deepStrictEqual(m.b, ["a", "c", "d", "f", "g"]);
        assert.deepStrictEqual(m.c, ["a", "b", "f", "g"]);
        assert.deepStrictEqual(m.d, ["a", "b", "c", "f", "g"]);
        assert.deepStrictEqual(m.f, ["a", "b", "c", "d"]);
        assert.deepStrictEqual(m.g, ["a", "b", "c", "d", "f"]);
    });

    for (const literalIds of [false, true]) {
        const mode = literalIds ? "known ids, no dependencies" : "unknown ids, through dependencies";

        it(`two spokes in one domain propagated into its table reach each other (${mode})`, () => {
            const t = new Topology(literalIds);
            const rt = t.table("prod");
            const a = t.spoke("a", "10.1.0.0/16", rt);
            const b = t.spoke("b", "10.2.0.0/16", rt);
            t.propagate(a.att, rt);
            t.propagate(b.att, rt);
            assert.deepStrictEqual(forwardReachability(t.resources), { a: ["b"], b: ["a"] });
        });

        it(`a missing propagation closes one direction only (${mode})`, () => {
            const t = new Topology(literalIds);
            const rt = t.table("prod");
            const a = t.spoke("a", "10.1.0.0/16", rt);
            t.spoke("b", "10.2.0.0/16", rt);
            t.propagate(a.att, rt);
            assert.deepStrictEqual(forwardReachability(t.resources), { a: [], b: ["a"] });
        });
    }

    it("separates domains: a spoke reaches only what its own table holds", () => {
        const t = new Topology();
        const prod = t.table("prod");
        const dev = t.table("dev");
        const shared = t.table("shared");
        const hub = t.vpc("hub", "10.0.0.0/20", "hub");
        t.vpcRoute(hub.rt, "10.0.0.0/8", "tgw");
        const hubAtt = t.attach(hub.vpc);
        t.associate(hubAtt, shared);
        const p = t.spoke("p", "10.16.0.0/16", prod);
        const d = t.spoke("d", "10.32.0.0/16", dev);
        for (const table of [prod, dev]) t.propagate(hubAtt, table);
        t.propagate(p.att, shared);
        t.propagate(d.att, shared);
        assert.deepStrictEqual(forwardReachability(t.resources), { hub: ["d", "p"], d: ["hub"], p: ["hub"] });
    });

    it("a blackhole of equal prefix beats the propagated route (static wins the tie)", () => {
        const t = new Topology();
        const rt = t.table("prod");
        const a = t.spoke("a", "10.1.0.0/16", rt);
        const b = t.spoke("b", "10.2.0.0/16", rt);
        t.propagate(a.att, rt);
        t.propagate(b.att, rt);
        t.blackhole(rt, "10.2.0.0/16");
        assert.deepStrictEqual(forwardReachability(t.resources).a, []);
    });

    it("a blackhole more specific than a static route wins; a less specific one loses to the propagated CIDR", () => {
        const t = new Topology();
        const rt = t.table("prod");
        const a = t.spoke("a", "10.1.0.0/16", rt);
        const b = t.spoke("b", "10.2.0.0/16", rt);
        const c = t.spoke("c", "10.8.0.0/16", rt);
        // b only through a broad static route, cut by a more specific blackhole over all of b.
        t.staticRoute(rt, "10.2.0.0/15", b.att);
        t.blackhole(rt, "10.2.0.0/16");
        // c propagated, under a broader blackhole: the longer propagated prefix wins.
        t.propagate(c.att, rt);
        t.blackhole(rt, "10.8.0.0/13");
        assert.deepStrictEqual(forwardReachability(t.resources).a, ["c"]);
        void a;
    });

    it("a blackhole over part of a destination leaves the rest reachable", () => {
        const t = new Topology();
        const rt = t.table("prod");
        t.spoke("a", "10.1.0.0/16", rt);
        const b = t.spoke("b", "10.2.0.0/16", rt);
        t.propagate(b.att, rt);
        t.blackhole(rt, "10.2.0.0/17");
        assert.deepStrictEqual(forwardReachability(t.resources).a, ["b"]);
        t.blackhole(rt, "10.2.128.0/17");
        assert.deepStrictEqual(forwardReachability(t.resources).a, []);
    });

    it("a VPC whose route tables send nothing toward the TGW reaches nothing, whatever the TGW holds", () => {
        const t = new Topology();
        const rt = t.table("prod");
        const { vpc, rt: vpcRt } = t.vpc("a", "10.1.0.0/16");
        t.vpcRoute(vpcRt, "0.0.0.0/0", "nat");
        const a = t.attach(vpc);
        t.associate(a, rt);
        const b = t.spoke("b", "10.2.0.0/16", rt);
        t.propagate(a, rt);
        t.propagate(b.att, rt);
        assert.deepStrictEqual(forwardReachability(t.resources), { a: [], b: ["a"] });
        // An internal summary toward the TGW opens it, the default route still goes to the NAT.
        t.vpcRoute(vpcRt, "10.0.0.0/8", "tgw");
        assert.deepStrictEqual(forwardReachability(t.resources).a, ["b"]);
        // A more specific route to the NAT for part of b does not close the rest of b.
        t.vpcRoute(vpcRt, "10.2.0.0/17", "nat");
        assert.deepStrictEqual(forwardReachability(t.resources).a, ["b"]);
    });

    it("an attachment without association reaches nothing", () => {
        const t = new Topology();
        const rt = t.table("prod");
        const { vpc, rt: vpcRt } = t.vpc("a", "10.1.0.0/16");
        t.vpcRoute(vpcRt, "0.0.0.0/0", "tgw");
        t.attach(vpc);
        const b = t.spoke("b", "10.2.0.0/16", rt);
        t.propagate(b.att, rt);
        assert.deepStrictEqual(forwardReachability(t.resources), { a: [], b: [] });
    });

    it("on-premises: static routes to the VPN reach it; what the onprem table holds is what on-premises reaches", () => {
        const t = new Topology();
        const prod = t.table("prod");
        const onpremTable = t.table("onprem");
        const vpn = t.vpn();
        t.associate(vpn, onpremTable);
        const a = t.spoke("a", "10.1.0.0/16", prod);
        const b = t.spoke("b", "10.2.0.0/16", prod);
        t.staticRoute(prod, "172.16.0.0/12", vpn);
        t.propagate(a.att, onpremTable);
        assert.deepStrictEqual(forwardReachability(t.resources), { a: ["onprem"], b: ["onprem"], onprem: ["a"] });
        void b;
    });

    it("follows accepters to the spoke's attachment, or names a spoke of another stack by the accepter's tags", () => {
        const t = new Topology();
        const rt = t.table("prod");
        const { vpc, rt: vpcRt } = t.vpc("a", "10.1.0.0/16");
        t.vpcRoute(vpcRt, "0.0.0.0/0", "tgw");
        const accA = t.accept(t.attach(vpc), "a");
        t.associate(accA, rt);
        t.propagate(accA, rt);
        // b's VPC is in its own stack: the network plan knows only the attachment id it published.
        const accB = t.accept("tgw-attach-0b0b0b0b0b0b0b0b0", "b", "10.2.0.0/16");
        t.associate(accB, rt);
        t.propagate(accB, rt);
        assert.deepStrictEqual(forwardReachability(t.resources), { a: ["b"], b: ["a"] });
    });

    it("stays correct on a thousand spokes (one table per domain, indexed once)", () => {
        const t = new Topology();
        const shared = t.table("shared");
        const isolated = t.table("isolated");
        const hub = t.vpc("hub", "10.0.0.0/20", "hub");
        t.vpcRoute(hub.rt, "10.0.0.0/8", "tgw");
        const hubAtt = t.attach(hub.vpc);
        t.associate(hubAtt, shared);
        t.propagate(hubAtt, isolated);
        const names: string[] = [];
        for (let i = 0; i < 1000; i++) {
            const name = `s${String(i).padStart(4, "0")}`;
            names.push(name);
            const s = t.spoke(name, `10.${16 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20`, isolated);
            t.propagate(s.att, shared);
        }
        const m = forwardReachability(t.resources);
        assert.deepStrictEqual(m.hub, names);
        assert.ok(names.every((n) => m[n].length === 1 && m[n][0] === "hub"));
    });
});

describe("analysis/reachability: two-way, on hand-made topologies", () => {
    it("a pair converses only when each reaches the other; a path one way is one-way", () => {
        const t = new Topology();
        const rt = t.table("prod");
        const a = t.spoke("a", "10.1.0.0/16", rt);
        const b = t.spoke("b", "10.2.0.0/16", rt);
        t.propagate(b.att, rt);
        // a's table holds b, not a: a → b gets there, b's replies have no route.
        assert.deepStrictEqual(analyzeReachability(t.resources), { reachable: { a: [], b: [] }, oneWay: { a: ["b"] }, partial: {} });
        t.propagate(a.att, rt);
        assert.deepStrictEqual(analyzeReachability(t.resources), { reachable: { a: ["b"], b: ["a"] }, oneWay: {}, partial: {} });
        assert.deepStrictEqual(computeReachability(t.resources), { a: ["b"], b: ["a"] });
    });

    it("a reply blocked in the VPC (its route table sends the source to a NAT) makes the path one-way", () => {
        const t = new Topology();
        const rt = t.table("prod");
        const a = t.spoke("a", "10.1.0.0/16", rt);
        const b = t.spoke("b", "10.2.0.0/16", rt);
        t.propagate(a.att, rt);
        t.propagate(b.att, rt);
        t.vpcRoute(b.rt, "10.1.0.0/16", "nat");
        assert.deepStrictEqual(analyzeReachability(t.resources), { reachable: { a: [], b: [] }, oneWay: { a: ["b"] }, partial: {} });
    });

    it("a blackhole over the source's range in the destination's table makes the path one-way", () => {
        const t = new Topology();
        const left = t.table("left");
        const right = t.table("right");
        const a = t.spoke("a", "10.1.0.0/16", left);
        const b = t.spoke("b", "10.2.0.0/16", right);
        t.propagate(b.att, left);
        t.propagate(a.att, right);
        assert.deepStrictEqual(computeReachability(t.resources), { a: ["b"], b: ["a"] });
        t.blackhole(right, "10.1.0.0/16");
        assert.deepStrictEqual(analyzeReachability(t.resources), { reachable: { a: [], b: [] }, oneWay: { a: ["b"] }, partial: {} });
    });

    it("on-premises without ranges (no static route to it) is reached by nothing and converses with nothing", () => {
        const t = new Topology();
        const shared = t.table("shared");
        const onpremTable = t.table("onprem");
        const hub = t.vpc("hub", "10.0.0.0/20", "hub");
        t.vpcRoute(hub.rt, "10.0.0.0/8", "tgw");
        const hubAtt = t.attach(hub.vpc);
        t.associate(hubAtt, shared);
        const vpn = t.vpn();
        t.associate(vpn, onpremTable);
        t.propagate(hubAtt, onpremTable);
        // On-premises' packets get to the hub; nothing routes back to on-premises.
        assert.deepStrictEqual(analyzeReachability(t.resources), { reachable: { hub: [], onprem: [] }, oneWay: { onprem: ["hub"] }, partial: {} });
        // Its ranges, routed from the hub's table, make it a node that can reply — once the
        // hub's own route table sends them to the TGW too.
        t.staticRoute(shared, "172.16.0.0/12", vpn);
        assert.deepStrictEqual(analyzeReachability(t.resources).oneWay, { onprem: ["hub"] });
        t.vpcRoute(hub.rt, "172.16.0.0/12", "tgw");
        assert.deepStrictEqual(analyzeReachability(t.resources), { reachable: { hub: ["onprem"], onprem: ["hub"] }, oneWay: {}, partial: {} });
    });

    it("a static route of equal prefix beats a propagated one in the return direction too", () => {
        const t = new Topology();
        const left = t.table("left");
        const right = t.table("right");
        const a = t.spoke("a", "10.1.0.0/16", left);
        const b = t.spoke("b", "10.2.0.0/16", right);
        const c = t.spoke("c", "10.3.0.0/16", right);
        t.propagate(b.att, left);
        t.propagate(a.att, right);
        // right sends a's range to c instead (static beats propagated): a → b gets no reply.
        t.staticRoute(right, "10.1.0.0/16", c.att);
        assert.deepStrictEqual(analyzeReachability(t.resources).oneWay, { a: ["b"] });
        assert.deepStrictEqual(analyzeReachability(t.resources).reachable.a, []);
    });
});

describe("analysis/reachability: partial pairs (per CIDR), on hand-made topologies", () => {
    /** a (left) and b (right) converse fully; each case then takes part of one range away. */
    const pair = () => {
        const t = new Topology();
        const left = t.table("left");
        const right = t.table("right");
        const a = t.spoke("a", "10.1.0.0/16", left);
        const b = t.spoke("b", "10.2.0.0/16", right);
        const c = t.spoke("c", "10.3.0.0/16", right);
        t.propagate(b.att, left);
        t.propagate(a.att, right);
        t.propagate(c.att, left);
        return { t, left, right, a, b, c };
    };
    const agree = (resources: PlannedResource[]) => {
        const report = analyzeReachability(resources);
        const oracle = independentReachability(resources);
        for (const key of ["reachable", "oneWay", "partial"] as const) {
            assert.deepStrictEqual(
                Object.fromEntries(Object.entries(report[key]).filter(([, v]) => v.length > 0).sort()),
                Object.fromEntries(Object.entries(oracle[key] ?? {}).filter(([, v]) => v.length > 0).sort()),
                `${key}: the analysis and the independent calculation differ`,
            );
        }
        return report;
    };

    it("baseline: a and b converse with every address", () => {
        const { t } = pair();
        const r = agree(t.resources);
        assert.deepStrictEqual(r.reachable.a, ["b", "c"]);
        assert.deepStrictEqual(r.partial, {});
    });

    it("a blackhole over half of b in a's table: partial both ways, never two-way", () => {
        const { t, left } = pair();
        t.blackhole(left, "10.2.128.0/17");
        const r = agree(t.resources);
        assert.deepStrictEqual(r.reachable.a, ["c"]);
        assert.deepStrictEqual(r.partial, { a: ["b"], b: ["a"] });
        assert.deepStrictEqual(r.oneWay, {});
        assert.strictEqual(pathKind(r, "a", "b"), "partial");
    });

    it("a static route sending part of a's range elsewhere in b's table (the return) makes the pair partial", () => {
        const { t, right, c } = pair();
        t.staticRoute(right, "10.1.0.0/24", c.att);
        const r = agree(t.resources);
        // c's replies to a's first /24 come back to c itself: a and c converse in part too.
        assert.deepStrictEqual(r.partial, { a: ["b", "c"], b: ["a"], c: ["a"] });
        assert.deepStrictEqual(r.reachable.b, []);
    });

    it("a VPC route table that sends only part of the other's range to the TGW makes the pair partial", () => {
        const { t, a } = pair();
        t.vpcRoute(a.rt, "10.2.0.0/17", "nat");
        const r = agree(t.resources);
        assert.deepStrictEqual(r.partial, { a: ["b"], b: ["a"] });
    });

    it("part of b got to, and nothing back: one-way, not partial", () => {
        const { t, left, right } = pair();
        t.blackhole(left, "10.2.128.0/17");
        t.blackhole(right, "10.1.0.0/16");
        const r = agree(t.resources);
        assert.deepStrictEqual(r.oneWay, { a: ["b", "c"] });
        assert.deepStrictEqual(r.partial, {});
    });

    it("against an intended conversation, a partial pair is a difference of its own and a ± cell", () => {
        const { t, left } = pair();
        t.blackhole(left, "10.2.128.0/17");
        const r = analyzeReachability(t.resources);
        const intended = { reachable: { a: ["b"], b: ["a"], c: [] }, oneWay: {}, partial: {} };
        assert.deepStrictEqual(
            compareReachability(r, intended).filter((d) => d.to !== "c" && d.from !== "c"),
            [
                { from: "a", to: "b", actual: "partial", intended: "two-way", kind: "partial" },
                { from: "b", to: "a", actual: "partial", intended: "two-way", kind: "partial" },
            ],
        );
        assert.strictEqual(matrixMark(r, "a", "b", intended), "±");
        assert.match(formatReachabilityMatrix(r, intended), /± partial: only some addresses converse/);
    });
});

describe("analysis/reachability: intent, comparison and the matrix table", () => {
    it("derives the intended report from the domains' reaches", () => {
        const d = sampleDefinition();
        assert.deepStrictEqual(intendedReachability(d), {
            reachable: {
                hub: ["lab", "lab2", "ledger", "onprem", "pay", "pay-dev"],
                lab: ["hub"],
                lab2: ["hub"],
                ledger: ["hub", "onprem", "pay"],
                pay: ["hub", "ledger", "onprem"],
                "pay-dev": ["hub"],
                onprem: ["hub", "ledger", "pay"],
            },
            oneWay: {},
            partial: {},
        });
    });

    it("treats shared as a domain like any other: its spokes talk to the hub only when shared reaches itself", () => {
        const d = sampleDefinition();
        d.spokes.push({ name: "tools", account: "acct-a", cidr: "10.8.0.0/16", domain: "shared", internet: "none", gatewayEndpoints: [] });
        const apart = intendedReachability(d);
        assert.deepStrictEqual(apart.reachable.tools, ["lab", "lab2", "ledger", "onprem", "pay", "pay-dev"]);
        assert.ok(!apart.reachable.hub.includes("tools"));
        d.network.transitGateway.domains.shared.reaches.push("shared");
        const together = intendedReachability(d);
        assert.deepStrictEqual(together.reachable.tools, ["hub", "lab", "lab2", "ledger", "onprem", "pay", "pay-dev"]);
        assert.ok(together.reachable.hub.includes("tools"));
    });

    it("reports a declared one-way reach as one-way by intent", () => {
        const d = sampleDefinition();
        d.network.transitGateway.domains.isolated.reaches = [];
        d.network.transitGateway.domains.shared.oneWay = ["isolated"];
        const intended = intendedReachability(d);
        assert.deepStrictEqual(intended.oneWay, { hub: ["lab", "lab2"] });
        assert.deepStrictEqual(intended.reachable.lab, []);
    });

    it("lists unintended, missing and one-way-only paths", () => {
        const actual = { reachable: { a: ["b"], b: ["a"], c: [] }, oneWay: { c: ["a"] } , partial: {} };
        const intended = { reachable: { a: ["c"], b: [], c: ["a"] }, oneWay: { a: ["b"] } , partial: {} };
        assert.deepStrictEqual(compareReachability(actual, intended), [
            { from: "a", to: "b", actual: "two-way", intended: "one-way", kind: "unintended" },
            { from: "a", to: "c", actual: "none", intended: "two-way", kind: "missing" },
            { from: "b", to: "a", actual: "two-way", intended: "none", kind: "unintended" },
            { from: "c", to: "a", actual: "one-way", intended: "two-way", kind: "one-way" },
        ]);
    });

    it("prints a matrix that marks every kind of cell", () => {
        const actual = { reachable: { hub: ["a"], a: ["hub"], b: [] }, oneWay: { a: ["b"], b: ["hub"] } , partial: {} };
        const intended = { reachable: { hub: ["a", "b"], a: ["hub"], b: ["hub"] }, oneWay: { a: ["b"] } , partial: {} };
        const text = formatReachabilityMatrix(actual, intended);
        const rows = text.split("\n");
        const row = (name: string) => rows.find((l) => l.startsWith(name.padEnd(9)))!;
        // columns: 1 hub, 2 a, 3 b
        assert.match(row("hub"), /│\s+●\s+○$/);
        assert.match(row("a"), /│\s+●\s+→$/);
        assert.match(row("b"), /│\s+◐\s+·\s*$/);
        assert.match(text, /◐ one-way only: replies have no route back/);
        const plain = formatReachabilityMatrix({ reachable: { a: ["b"], b: ["a"] }, oneWay: { c: ["a"] }, partial: {} });
        assert.match(plain, /→ one-way: replies have no route back/);
    });
});
