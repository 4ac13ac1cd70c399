/**
 * Two-way reachability through a transit gateway, from the resources of one stack: which
 * attachments' packets get to which others, and which of those paths have a way back.
 * The pack's own calculation (it imports nothing from the program); the project's tests
 * keep it equal to the program's analysis on the same plans.
 *
 * AWS's rules (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html,
 * "Routing" and "Route evaluation order"; https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html):
 *  - a transit gateway routes every packet on its own by its destination: a reply needs a
 *    route of its own, so a conversation needs a path each way;
 *  - a packet from an attachment is looked up in the route table the attachment is
 *    associated with; the most specific route wins, and among routes of the same CIDR a
 *    static route (a blackhole too) beats a VPC-propagated one (`ORIGIN_PRIORITY`); a
 *    blackhole, or no route, drops it;
 *  - a VPC sends an address to the transit gateway when one of its route tables' most
 *    specific route for it targets a transit gateway; its own CIDR is local (only a NAT
 *    gateway, network interface or Gateway Load Balancer endpoint may be more specific
 *    than the local route);
 *  - a VPC attachment propagates its VPC's CIDR; an attachment whose VPC is in another
 *    stack is known by its accepter's `landing-zone:cidr` tag; on-premises (a VPN
 *    connection, or an attachment associated with the table tagged
 *    `landing-zone:domain: onprem`) has the addresses of the static routes pointing at it.
 *    A VPC outside this stack, or on-premises, is taken to send everything to the TGW.
 *
 * Coverage, per CIDR: a's packets get to b fully when every address of every range of b
 * is delivered to b, partly when some are. A name of several endpoints (on-premises over
 * a VPN and Direct Connect) is got to fully when each of its endpoints with addresses is
 * got to fully from one endpoint of the sender. Two names converse (two-way) when each
 * gets to the other fully; in part (partial) when each gets to the other, not both
 * fully; a path is one-way when the other gets to no address of the sender.
 *
 * Cost: each TGW route table is indexed once; destinations are judged once per class of
 * sources that route alike (same table, same VPC routes), so a thousand spokes in a few
 * domains are a few classes, not a million pairs.
 */
import { ipv4Bounds } from "./cidr";
import { StackIndex, StackNode } from "./stack-index";
import { isUnknown, list, record, str } from "./values";

/** Type tokens of the routing resources (the pack names types by token: it does not load @pulumi/aws). */
export const RT = {
    vpc: "aws:ec2/vpc:Vpc",
    vpcRouteTable: "aws:ec2/routeTable:RouteTable",
    vpcRoute: "aws:ec2/route:Route",
    vpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    accepter: "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
    vpn: "aws:ec2/vpnConnection:VpnConnection",
    tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
    association: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    propagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
    peering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    peeringAccepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
} as const;

/**
 * Route origins of a TGW route table for routes of the same CIDR, highest priority first
 * (AWS "Route evaluation order"). Only the first and third occur in the stacks judged here.
 */
export const ORIGIN_PRIORITY = [
    "static",
    "prefix-list",
    "vpc-propagated",
    "direct-connect-gateway-propagated",
    "connect-propagated",
    "vpn-over-direct-connect-propagated",
    "vpn-propagated",
    "vpn-concentrator-propagated",
    "peering-propagated",
] as const;

/** Tag key prefix on a domain's route table for each domain it reaches one-way by intent. */
export const ONE_WAY_TAG_PREFIX = "landing-zone:one-way-to:";
const DOMAIN_TAG = "landing-zone:domain";

interface Interval {
    first: number;
    last: number;
    prefix: number;
}

function interval(cidr: unknown): Interval | undefined {
    if (typeof cidr !== "string") return undefined;
    const b = ipv4Bounds(cidr);
    if (!b) return undefined;
    return { first: b.first, last: b.last, prefix: 32 - Math.round(Math.log2(b.last - b.first + 1)) };
}

/** An attachment as a source and destination of packets. */
export interface Endpoint {
    key: string;
    /** Report name: the spoke's name, `hub`, `onprem`, or the resource's name. */
    name: string;
    /** The resource findings about this endpoint's paths are attached to (its attachment, accepter or VPN). */
    urn: string;
    onPremises: boolean;
    ranges: Interval[];
    /** True when its address range could not be known (an unknown CIDR): its pairs are not judged. */
    unknownRange: boolean;
    /** Its VPC's route tables, as "to the TGW?" lookups; undefined when the VPC is not in this stack. */
    vpcTables?: Lookup<boolean>[];
    /** URN of the TGW route table it is associated with. */
    table?: string;
    /** Its VPC, when the VPC is in this stack. */
    vpc?: StackNode;
}

/** The two sides of a transit gateway peering: the gateway that requested it, and the one that accepted it. */
export type PeeringSide = "requester" | "accepter";

/** A route's target: an attachment, a peering attachment (the packet arrives on the other side), or a blackhole. */
type Target = { to: string } | { peering: string; arrivesOn: PeeringSide } | { blackhole: true };

/** A peering attachment in the stack: each side's transit gateway and associated table, when the stack holds them. */
export interface PeeringLink {
    key: string;
    /** The resource findings about it are attached to (the PeeringAttachment, or the accepter). */
    urn: string;
    tgw: Partial<Record<PeeringSide, string>>;
    tables: Partial<Record<PeeringSide, string>>;
    /** Sides whose resource (PeeringAttachment: requester; accepter) is in this stack. */
    present: Set<PeeringSide>;
    /** Sides whose tables (in this stack) route to the peering. */
    routedFrom: Set<PeeringSide>;
}

/**
 * At most one peering hop: a packet that arrived over a peering is never sent out over
 * another (the pessimistic reading of https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html;
 * the project's aws/transit-gateway-routing.ts `transitGatewayPeering.notTransitive`).
 */
export const MAX_PEERING_HOPS = 1;

/** Longest-prefix lookups over one route table: a map per prefix length present. */
class Lookup<V> {
    private readonly byPrefix = new Map<number, Map<number, { value: V; rank: number }>>();
    private readonly intervals: Interval[] = [];
    private sorted: Interval[] | undefined;

    /** Adds a route; among equal CIDRs the lower rank (higher priority) wins, then the first added. */
    add(range: Interval, value: V, rank = 0): void {
        let m = this.byPrefix.get(range.prefix);
        if (!m) this.byPrefix.set(range.prefix, (m = new Map()));
        const existing = m.get(range.first);
        if (!existing || rank < existing.rank) m.set(range.first, { value, rank });
        if (!existing) {
            this.intervals.push(range);
            this.sorted = undefined;
        }
    }

    get(address: number): V | undefined {
        for (let prefix = 32; prefix >= 0; prefix--) {
            const m = this.byPrefix.get(prefix);
            if (!m) continue;
            const size = 2 ** (32 - prefix);
            const hit = m.get(address - (address % size));
            if (hit) return hit.value;
        }
        return undefined;
    }

    /** Where the result may change inside `range`: starts and ends of the routes inside it. */
    edges(range: Interval): number[] {
        if (!this.sorted) this.sorted = [...this.intervals].sort((a, b) => a.first - b.first);
        const sorted = this.sorted;
        // Routes inside `range` start inside it (CIDR blocks nest or are disjoint): binary search the first start.
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (sorted[mid].first < range.first) lo = mid + 1;
            else hi = mid;
        }
        const out: number[] = [];
        for (let i = lo; i < sorted.length && sorted[i].first <= range.last; i++) {
            const r = sorted[i];
            if (r.prefix <= range.prefix) continue;
            out.push(r.first);
            if (r.last + 1 <= range.last) out.push(r.last + 1);
        }
        return out;
    }

    /** The routes as text (equal signatures: equal lookups everywhere). */
    signature(): string {
        const parts: string[] = [];
        for (const [prefix, m] of this.byPrefix) for (const [first, e] of m) parts.push(`${first}/${prefix}=${String(e.value)}`);
        return parts.sort().join(",");
    }
}

const tagsOf = (node: StackNode): Record<string, unknown> => {
    const t = record(node.props["tags"]);
    return t && !isUnknown(t) ? t : {};
};
const tagOf = (node: StackNode, key: string): string | undefined => {
    const v = tagsOf(node)[key];
    return typeof v === "string" ? v : undefined;
};

const one = (t: string): ReadonlySet<string> => new Set([t]);

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
const attachmentTypes: ReadonlySet<string> = new Set([RT.vpcAttachment, RT.vpn, RT.accepter]);
const peeringTypes: ReadonlySet<string> = new Set([RT.peering, RT.peeringAccepter]);

/** The routing graph of a stack: endpoints, TGW route tables and their routes. */
export class RoutingGraph {
    readonly endpoints = new Map<string, Endpoint>();
    readonly tables = new Map<string, { node: StackNode; domain?: string; tgw?: string; oneWayTo: Set<string>; routes: Lookup<Target> }>();
    /** Peering attachments, by the PeeringAttachment's URN (or the accepter's, when the requester is in another stack). */
    readonly peerings = new Map<string, PeeringLink>();
    /** Routes in a table associated with a peering (not the configured domain table taking them) that send what arrived over it out over another peering (never delivered). */
    readonly transitiveRoutes: { route: StackNode; table: string; arrivedOver: PeeringLink; sentOver: PeeringLink }[] = [];
    /** Per table, the peer tables its peering routes lead to. */
    private readonly receiving = new Map<string, Set<string>>();
    private readonly peeringOfAccepter = new Map<string, string>();
    /** Values that were unknown: what could not be judged, by resource URN. */
    readonly undecided = new Map<string, string[]>();

    /** VPC route tables by VPC URN and VPC routes by route table URN (each relation followed once). */
    private readonly tablesOfVpc = new Map<string, StackNode[]>();
    private readonly routesOfTable = new Map<string, StackNode[]>();

    /**
     * `peeringLookupDomains`: per Region, the route domain whose table takes that Region's
     * peerings (pack config of the same name), whose routes to other peerings serve its own VPCs.
     */
    constructor(
        private readonly index: StackIndex,
        private readonly peeringLookupDomains: Record<string, string> = {},
    ) {
        const group = (into: Map<string, StackNode[]>, node: StackNode, owner: StackNode | undefined) => {
            if (owner) pushTo(into, owner.urn, node);
        };
        for (const t of index.ofType(RT.vpcRouteTable)) group(this.tablesOfVpc, t, index.related(t, "vpcId", one(RT.vpc))[0]);
        for (const r of index.ofType(RT.vpcRoute)) group(this.routesOfTable, r, index.related(r, "routeTableId", one(RT.vpcRouteTable))[0]);
        for (const t of index.ofType(RT.tgwRouteTable)) {
            const oneWayTo = new Set(Object.keys(tagsOf(t)).filter((k) => k.startsWith(ONE_WAY_TAG_PREFIX)).map((k) => k.slice(ONE_WAY_TAG_PREFIX.length)));
            if (isUnknown(record(t.props["tags"]))) this.note(t, `tags of transit gateway route table ${t.name} (one-way declarations)`);
            this.tables.set(t.urn, { node: t, domain: tagOf(t, DOMAIN_TAG), tgw: this.tgwOf(t, "transitGatewayId"), oneWayTo, routes: new Lookup() });
        }
        for (const p of index.ofType(RT.peering)) {
            const tgw: PeeringLink["tgw"] = {};
            const requester = this.tgwOf(p, "transitGatewayId");
            const accepter = this.tgwOf(p, "peerTransitGatewayId");
            if (requester) tgw.requester = requester;
            if (accepter) tgw.accepter = accepter;
            this.peerings.set(p.urn, { key: p.urn, urn: p.urn, tgw, tables: {}, present: new Set(["requester"]), routedFrom: new Set() });
        }
        for (const a of index.ofType(RT.peeringAccepter)) {
            const requested = index.related(a, "transitGatewayAttachmentId", one(RT.peering))[0];
            const key = requested?.urn ?? a.urn;
            if (!requested) this.peerings.set(a.urn, { key, urn: a.urn, tgw: {}, tables: {}, present: new Set(), routedFrom: new Set() });
            this.peeringOfAccepter.set(a.urn, key);
            this.peerings.get(key)!.present.add("accepter");
        }
        for (const a of index.ofType(RT.vpcAttachment, RT.vpn)) this.endpointOf(a);
        for (const assoc of index.ofType(RT.association)) {
            const table = this.tableOf(assoc);
            const peering = this.peeringOf(assoc, table);
            if (peering) {
                if (table) peering.link.tables[peering.side] = table;
                continue;
            }
            const e = this.attachmentOf(assoc);
            if (!e || !table) continue;
            e.table = table;
            if (this.tables.get(table)!.domain === "onprem") {
                e.onPremises = true;
                if (e.key.startsWith("id:")) e.name = "onprem";
            }
        }
        const statics: { table: string; range: Interval; target: Target; route?: StackNode }[] = [];
        for (const route of index.ofType(RT.tgwRoute)) {
            const table = this.tableOf(route);
            const cidr = str(route.props["destinationCidrBlock"]);
            if (isUnknown(cidr)) this.note(route, `destinationCidrBlock of transit gateway route ${route.name}`);
            const range = interval(cidr);
            if (!table || !range) continue;
            if (route.props["blackhole"] === true) {
                statics.push({ table, range, target: { blackhole: true } });
                continue;
            }
            const peering = this.peeringOf(route, table);
            if (peering) {
                statics.push({ table, range, target: { peering: peering.link.key, arrivesOn: peering.side === "requester" ? "accepter" : "requester" }, route });
                continue;
            }
            const e = this.attachmentOf(route);
            if (!e) continue;
            statics.push({ table, range, target: { to: e.key } });
            if (!e.vpcTables && !e.ranges.some((r) => r.first === range.first && r.prefix === range.prefix)) e.ranges.push(range);
        }
        for (const prop of index.ofType(RT.propagation)) {
            // A peering attachment propagates nothing (static routes only).
            if (this.peeringOf(prop, undefined)) continue;
            const e = this.attachmentOf(prop);
            const table = this.tableOf(prop);
            // A VPN's BGP routes are not in a stack: only VPC CIDRs propagate here.
            if (!e || !table || this.index.get(e.key)?.type === RT.vpn) continue;
            for (const r of e.ranges) this.tables.get(table)!.routes.add(r, { to: e.key }, ORIGIN_PRIORITY.indexOf("vpc-propagated"));
        }
        for (const s of statics) this.tables.get(s.table)!.routes.add(s.range, s.target, ORIGIN_PRIORITY.indexOf("static"));
        for (const s of statics) {
            if (!("peering" in s.target)) continue;
            const sentOver = this.peerings.get(s.target.peering)!;
            sentOver.routedFrom.add(s.target.arrivesOn === "requester" ? "accepter" : "requester");
            const there = sentOver.tables[s.target.arrivesOn];
            if (there) {
                const set = this.receiving.get(s.table) ?? new Set<string>();
                set.add(there);
                this.receiving.set(s.table, set);
            }
            // A table associated with another peering: what arrives over that one would be sent out
            // over this one (never delivered). Not so for the one table of the domain the config
            // names as taking its Region's peerings (network/domains.ts peeringLookupDomain): it
            // routes that domain's own VPCs to the other Regions, and what arrives over a peering,
            // addressed to this Region, never meets those routes (the matrix judges every path).
            const arrivedOver = [...this.peerings.values()].find((p) => p !== sentOver && Object.values(p.tables).includes(s.table));
            const domainTable = arrivedOver !== undefined && this.takesPeeringsAsDomain(s.table);
            if (arrivedOver && !domainTable) this.transitiveRoutes.push({ route: s.route!, table: s.table, arrivedOver, sentOver });
        }
        for (const e of this.endpoints.values()) {
            if (e.onPremises && !e.unknownRange) continue;
            if (e.ranges.length === 0 && !e.onPremises) e.unknownRange = true;
        }
        this.nameHubs();
    }

    /**
     * A stack with the hubs of several Regions (a whole-environment plan) names each
     * `hub@<region>`: the VPC's `region` input or `landing-zone:region` tag, else its
     * provider's `region`, else its transit gateway's, else its logical name (unique in the stack).
     */
    private nameHubs(): void {
        const hubs = [...this.endpoints.values()].filter((e) => e.name === "hub" && e.vpc);
        if (hubs.length < 2) return;
        const regionOf = (n: StackNode | undefined) => this.regionOf(n);
        for (const hub of hubs) {
            const tgwUrn = hub.table ? this.tables.get(hub.table)?.tgw : undefined;
            const region = regionOf(hub.vpc) ?? regionOf(this.index.get(tgwUrn)) ?? hub.vpc!.name;
            if (region) hub.name = `hub@${region}`;
        }
    }

    /**
     * True when `table` is the configured domain's table of its Region: tagged with the domain
     * `peeringLookupDomains` names for the table's Region (its `region`, its provider's, or its
     * transit gateway's), and the only table of its transit gateway with that tag.
     */
    private takesPeeringsAsDomain(table: string): boolean {
        const t = this.tables.get(table)!;
        if (t.domain === undefined) return false;
        const region = this.regionOf(t.node) ?? this.regionOf(this.index.get(t.tgw));
        if (region === undefined || this.peeringLookupDomains[region] !== t.domain) return false;
        return [...this.tables.values()].filter((o) => o.tgw === t.tgw && o.domain === t.domain).length === 1;
    }

    /** A resource's Region: its `region` input or `landing-zone:region` tag, else its provider's `region`. */
    private regionOf(n: StackNode | undefined): string | undefined {
        if (!n) return undefined;
        const own = str(n.props["region"]);
        if (typeof own === "string" && own !== "") return own;
        const tagged = tagOf(n, "landing-zone:region");
        if (tagged) return tagged;
        const fromProvider = n.resource.provider?.props?.["region"];
        return typeof fromProvider === "string" && fromProvider !== "" && !isUnknown(fromProvider) ? fromProvider : undefined;
    }

    private note(node: StackNode, what: string): void {
        const list = this.undecided.get(node.urn) ?? [];
        if (!list.includes(what)) list.push(what);
        this.undecided.set(node.urn, list);
    }

    /** A transit gateway an input designates: its URN, or the literal id. */
    private tgwOf(node: StackNode, input: string): string | undefined {
        const t = this.index.related(node, input, one(RT.transitGateway))[0];
        if (t) return t.urn;
        const literal = str(node.props[input]);
        return typeof literal === "string" && literal !== "" ? literal : undefined;
    }

    /**
     * The peering a `transitGatewayAttachmentId` designates, and the side `table` is on: the
     * side whose transit gateway owns the table, else the side of the resource named (the
     * PeeringAttachment is the requester's, its accepter the other side's).
     */
    private peeringOf(node: StackNode, table: string | undefined): { link: PeeringLink; side: PeeringSide } | undefined {
        if (this.peerings.size === 0) return undefined;
        for (const t of this.index.related(node, "transitGatewayAttachmentId", peeringTypes)) {
            const link = this.peerings.get(t.type === RT.peering ? t.urn : this.peeringOfAccepter.get(t.urn)!)!;
            const named: PeeringSide = t.type === RT.peering ? "requester" : "accepter";
            const tgw = table ? this.tables.get(table)?.tgw : undefined;
            const side = tgw !== undefined && link.tgw.requester === tgw ? "requester" : tgw !== undefined && link.tgw.accepter === tgw ? "accepter" : named;
            return { link, side };
        }
        return undefined;
    }

    /**
     * Where a packet for `p` looked up in `table` is delivered: the attachment a route names;
     * over a peering whose other side is in this stack, the attachment the table associated
     * with it there names (no association there: dropped; another peering: dropped, at most
     * MAX_PEERING_HOPS). A peering whose other side is in another stack: the packet leaves
     * this stack, and nothing here can judge it.
     */
    deliver(table: string, p: number, hops = 0): string | undefined {
        const target = this.tables.get(table)!.routes.get(p);
        if (!target || "blackhole" in target) return undefined;
        if ("to" in target) return target.to;
        if (hops >= MAX_PEERING_HOPS) return undefined;
        const there = this.peerings.get(target.peering)!.tables[target.arrivesOn];
        return there ? this.deliver(there, p, hops + 1) : undefined;
    }

    /** Where `deliver(table, ·)` may change inside `range`: the table's route edges and those of the peer tables it leads to. */
    edges(table: string, range: Interval): number[] {
        const out = this.tables.get(table)!.routes.edges(range);
        for (const there of this.receiving.get(table) ?? []) out.push(...this.tables.get(there)!.routes.edges(range));
        return out;
    }

    private tableOf(node: StackNode): string | undefined {
        const t = this.index.related(node, "transitGatewayRouteTableId", one(RT.tgwRouteTable))[0];
        return t && this.tables.has(t.urn) ? t.urn : undefined;
    }

    private endpointOf(node: StackNode): Endpoint {
        const existing = this.endpoints.get(node.urn);
        if (existing) return existing;
        let e: Endpoint;
        if (node.type === RT.vpn) {
            e = { key: node.urn, name: "onprem", urn: node.urn, onPremises: true, ranges: [], unknownRange: false };
        } else if (node.type === RT.vpcAttachment) {
            const vpc = this.index.related(node, "vpcId", one(RT.vpc))[0];
            if (vpc) {
                const name = tagOf(vpc, "landing-zone:role") === "hub" ? "hub" : (tagOf(vpc, "landing-zone:spoke") ?? tagOf(vpc, "Name") ?? vpc.name);
                const cidr = str(vpc.props["cidrBlock"]);
                if (isUnknown(cidr)) this.note(vpc, `cidrBlock of VPC ${vpc.name}`);
                const range = interval(cidr);
                e = { key: node.urn, name, urn: node.urn, onPremises: false, ranges: range ? [range] : [], unknownRange: !range, vpcTables: this.vpcTables(vpc), vpc };
            } else {
                e = { key: node.urn, name: tagOf(node, "landing-zone:spoke") ?? node.name, urn: node.urn, onPremises: false, ranges: [], unknownRange: false };
            }
        } else {
            // The accepter of an attachment whose VPC is in another stack.
            const cidr = tagOf(node, "landing-zone:cidr");
            const range = interval(cidr);
            e = { key: node.urn, name: tagOf(node, "landing-zone:spoke") ?? tagOf(node, "Name") ?? node.name, urn: node.urn, onPremises: false, ranges: range ? [range] : [], unknownRange: !range };
        }
        this.endpoints.set(e.key, e);
        return e;
    }

    /** The endpoint a `transitGatewayAttachmentId` input designates (through accepters), or a literal id's. */
    private attachmentOf(node: StackNode, depth = 0): Endpoint | undefined {
        const targets = this.index.related(node, "transitGatewayAttachmentId", attachmentTypes);
        for (const t of targets) {
            if (t.type !== RT.accepter) return this.endpointOf(t);
            if (depth >= 4) continue;
            // The accepted attachment, when it is in this stack; else the accepter stands for it.
            const inStack = this.index.related(t, "transitGatewayAttachmentId", attachmentTypes).length > 0;
            const inner = inStack ? this.attachmentOf(t, depth + 1) : undefined;
            if (inner && (inner.vpcTables || inner.onPremises)) return inner;
            return this.endpointOf(t);
        }
        const literal = str(node.props["transitGatewayAttachmentId"]);
        if (typeof literal === "string" && node.propertyDependencies("transitGatewayAttachmentId").length === 0) {
            const key = `id:${literal}`;
            let e = this.endpoints.get(key);
            if (!e) {
                e = { key, name: literal, urn: node.urn, onPremises: false, ranges: [], unknownRange: false };
                this.endpoints.set(key, e);
            }
            return e;
        }
        return undefined;
    }

    private vpcTables(vpc: StackNode): Lookup<boolean>[] {
        const tables: Lookup<boolean>[] = [];
        const toTgw = (route: Record<string, unknown>) => {
            const tgw = route["transitGatewayId"];
            return tgw !== undefined && tgw !== null && tgw !== "";
        };
        for (const table of this.tablesOfVpc.get(vpc.urn) ?? []) {
            const lookup = new Lookup<boolean>();
            const inline = list(table.props["routes"]);
            if (!isUnknown(inline)) {
                for (const r of inline) {
                    const entry = record(r);
                    if (!entry || isUnknown(entry)) continue;
                    const range = interval(entry["cidrBlock"]);
                    if (range) lookup.add(range, toTgw(entry));
                }
            }
            for (const route of this.routesOfTable.get(table.urn) ?? []) {
                const cidr = str(route.props["destinationCidrBlock"]);
                if (isUnknown(cidr)) this.note(route, `destinationCidrBlock of route ${route.name}`);
                const range = interval(cidr);
                if (range) lookup.add(range, toTgw(route.props));
            }
            tables.push(lookup);
        }
        return tables;
    }

    /** The domain of an endpoint: the `landing-zone:domain` tag of the table it is associated with. */
    domainOf(e: Endpoint): string | undefined {
        return e.table ? this.tables.get(e.table)?.domain : undefined;
    }

    /** True when `from`'s table declares the destination's domain one-way (`landing-zone:one-way-to:<domain>`). */
    declaredOneWay(from: Endpoint, to: Endpoint): boolean {
        const domain = this.domainOf(to);
        return !!from.table && domain !== undefined && this.tables.get(from.table)!.oneWayTo.has(domain);
    }

    /**
     * Which endpoints each endpoint's packets get to, and how much of their addresses.
     * Sources that route alike (same table, same VPC routes) form a class whose
     * destinations are judged once; a source whose own range overlaps a destination (its
     * local route decides there) is judged on its own.
     */
    forward(): Forward {
        const all = [...this.endpoints.values()];
        const classes = new Map<string, Endpoint[]>();
        const classOf = new Map<string, string>();
        for (const e of all) {
            if (!e.table) continue;
            const key = `${e.table}|${e.vpcTables ? e.vpcTables.map((t) => t.signature()).sort().join(";") : "-"}`;
            pushTo(classes, key, e);
            classOf.set(e.key, key);
        }
        // Every edge inside a range starts a segment over which no lookup changes: the
        // destination is covered fully when every segment of every range is delivered to it.
        const cover = (source: Endpoint, dest: Endpoint, local: Interval[]): Coverage => {
            let hit = false;
            let missed = false;
            for (const block of dest.ranges) {
                const points = new Set([block.first, ...this.edges(source.table!, block), ...(source.vpcTables ?? []).flatMap((t) => t.edges(block))]);
                for (const own of local) for (const p of [own.first, own.last + 1]) if (p >= block.first && p <= block.last) points.add(p);
                for (const p of points) {
                    const target = local.some((own) => p >= own.first && p <= own.last) ? undefined : this.deliver(source.table!, p);
                    const delivered = target === dest.key && (!source.vpcTables || source.vpcTables.some((t) => t.get(p) === true));
                    if (delivered) hit = true;
                    else missed = true;
                    if (hit && missed) return "partial";
                }
            }
            return hit ? (missed ? "partial" : "full") : "none";
        };
        const judge = (source: Endpoint, local: Interval[], skip?: Endpoint) => {
            const m = new Map<string, Coverage>();
            for (const d of all) {
                if (d === skip) continue;
                const c = cover(source, d, local);
                if (c !== "none") m.set(d.key, c);
            }
            return m;
        };
        // The class's answer, its members' own ranges aside.
        const destinations = new Map<string, Map<string, Coverage>>();
        for (const [key, members] of classes) destinations.set(key, judge(members[0], []));
        // Sources whose range overlaps another endpoint's: judged on their own (never in a valid environment).
        const overridden = new Map<string, Map<string, Coverage>>();
        for (const [a, b] of overlappingPairs(all)) {
            for (const source of [a, b]) {
                if (!source.table || overridden.has(source.key)) continue;
                overridden.set(source.key, judge(source, source.ranges, source));
            }
        }
        return new Forward(classes, classOf, destinations, overridden);
    }
}

/** How much of a destination's addresses a source's packets get to. */
export type Coverage = "full" | "partial" | "none";

/** Pairs of endpoints whose ranges overlap, by a sweep over the ranges sorted by start. */
function overlappingPairs(endpoints: Endpoint[]): [Endpoint, Endpoint][] {
    const items = endpoints.flatMap((e) => e.ranges.map((r) => ({ r, e }))).sort((x, y) => x.r.first - y.r.first || y.r.last - x.r.last);
    const pairs: [Endpoint, Endpoint][] = [];
    const open: { r: Interval; e: Endpoint }[] = [];
    for (const item of items) {
        // Ranges nest or are disjoint: the open ones still covering this start contain it.
        while (open.length > 0 && open[open.length - 1].r.last < item.r.first) open.pop();
        for (const o of open) if (o.e !== item.e) pairs.push([o.e, item.e]);
        open.push(item);
    }
    return pairs;
}

/** Forward reachability between endpoints, kept per class of sources. */
export class Forward {
    constructor(
        readonly classes: Map<string, Endpoint[]>,
        private readonly classOf: Map<string, string>,
        private readonly destinations: Map<string, Map<string, Coverage>>,
        private readonly overridden: Map<string, Map<string, Coverage>>,
    ) {}

    /** How much of `to`'s addresses `from`'s packets get to. */
    coverage(from: string, to: string): Coverage {
        if (from === to) return "none";
        const own = this.overridden.get(from);
        if (own) return own.get(to) ?? "none";
        const c = this.classOf.get(from);
        return (c !== undefined && this.destinations.get(c)!.get(to)) || "none";
    }

    /** True when `from`'s packets get to some address of `to`. */
    reaches(from: string, to: string): boolean {
        return this.coverage(from, to) !== "none";
    }

    /** The destinations of `from` (by key). */
    targets(from: string): string[] {
        const own = this.overridden.get(from);
        if (own) return [...own.keys()];
        const c = this.classOf.get(from);
        return c === undefined ? [] : [...this.destinations.get(c)!.keys()].filter((k) => k !== from);
    }

    /** The destinations of a class, as judged for its members in general. */
    classTargets(classKey: string): Set<string> {
        let keys = this.targetSets.get(classKey);
        if (!keys) this.targetSets.set(classKey, (keys = new Set(this.destinations.get(classKey)!.keys())));
        return keys;
    }

    /** The destinations a class's packets get to only in part. */
    classPartlyCovered(classKey: string): string[] {
        return [...this.destinations.get(classKey)!].filter(([, c]) => c === "partial").map(([k]) => k);
    }

    private readonly targetSets = new Map<string, Set<string>>();

    isOverridden(key: string): boolean {
        return this.overridden.has(key);
    }

    classKeyOf(key: string): string | undefined {
        return this.classOf.get(key);
    }
}

export interface OneWayPath {
    from: Endpoint;
    to: Endpoint;
    /** The source's route table declares the destination's domain one-way. */
    declared: boolean;
}

/** Two names that converse between some of their addresses only. */
export interface PartialPath {
    a: Endpoint;
    b: Endpoint;
    /** How much of the other's addresses each gets to. */
    aToB: Coverage;
    bToA: Coverage;
}

export interface StackReachability {
    /** One-way paths, by endpoint name: packets from → to, no route back. */
    oneWay: OneWayPath[];
    /** Partial pairs, by endpoint name, each once (a's name sorts first): never two-way. */
    partial: PartialPath[];
    /** Two-way reachability by endpoint name (symmetric, every address both ways); computed on demand (it lists every pair). */
    reachable(): Map<string, Set<string>>;
    graph: RoutingGraph;
}

/**
 * One-way paths of a stack (and, on demand, its two-way reachability), by endpoint name.
 *
 * A path a → b is one-way when a's packets get to b and b's get to no address of a. It is
 * found per pair of classes: for the destinations class A reaches in class B, the members
 * of A that B's class does not reach back; the cost grows with classes × endpoints, not
 * with the pairs.
 */
export function stackReachability(index: StackIndex, peeringLookupDomains: Record<string, string> = {}): StackReachability {
    const graph = new RoutingGraph(index, peeringLookupDomains);
    const forward = graph.forward();
    const endpoints = [...graph.endpoints.values()];
    const byKey = graph.endpoints;
    const byName = new Map<string, Endpoint[]>();
    for (const e of endpoints) pushTo(byName, e.name, e);
    const nameReaches = (a: string, b: string) => byName.get(a)!.some((x) => byName.get(b)!.some((y) => forward.reaches(x.key, y.key)));

    // Endpoint-level one-way pairs.
    const pairs: [Endpoint, Endpoint][] = [];
    const memberOf = (e: Endpoint) => (forward.isOverridden(e.key) ? undefined : forward.classKeyOf(e.key));
    for (const [classKey, members] of forward.classes) {
        const sources = members.filter((m) => !forward.isOverridden(m.key));
        if (sources.length === 0) continue;
        // Destinations grouped by how they reply: their class, or one by one.
        const groups = new Map<string, Endpoint[]>();
        for (const k of forward.classTargets(classKey)) {
            const dest = byKey.get(k)!;
            const g = memberOf(dest) ?? `endpoint:${dest.key}`;
            pushTo(groups, g, dest);
        }
        for (const [group, dests] of groups) {
            const back = group.startsWith("endpoint:") ? undefined : forward.classTargets(group);
            const unanswered = sources.filter((a) => (back ? !back.has(a.key) : !forward.reaches(dests[0].key, a.key)));
            for (const a of unanswered) for (const b of dests) if (a !== b) pairs.push([a, b]);
        }
    }
    for (const source of endpoints.filter((e) => forward.isOverridden(e.key))) {
        for (const k of forward.targets(source.key)) if (!forward.reaches(k, source.key)) pairs.push([source, byKey.get(k)!]);
    }

    // By name (several endpoints may stand for one node, e.g. a VPN and an on-premises attachment).
    const judged = (name: string) => byName.get(name)!.every((e) => !e.unknownRange);
    const seen = new Set<string>();
    const oneWay: OneWayPath[] = [];
    for (const [from, to] of pairs) {
        if (from.name === to.name) continue;
        const id = `${from.name}\u0000${to.name}`;
        if (seen.has(id)) continue;
        seen.add(id);
        // An endpoint whose addresses are unknown cannot be judged either way.
        if (!judged(from.name) || !judged(to.name)) continue;
        if ((byName.get(from.name)!.length > 1 || byName.get(to.name)!.length > 1) && nameReaches(to.name, from.name)) continue;
        oneWay.push({ from, to, declared: graph.declaredOneWay(from, to) });
    }

    // By name: some address got to, or every address of each endpoint that has some (from one sender endpoint).
    const nameCoverage = (a: string, b: string): Coverage => {
        const senders = byName.get(a)!;
        const receivers = byName.get(b)!.filter((y) => y.ranges.length > 0);
        const cells = receivers.map((y) => senders.map((x) => forward.coverage(x.key, y.key)));
        if (cells.every((row) => row.every((c) => c === "none"))) return "none";
        return cells.every((row) => row.includes("full")) ? "full" : "partial";
    };

    // Partial pairs: between single endpoints, only where some coverage is partial; a name
    // of several endpoints is checked against every other name.
    const candidates = new Set<string>();
    const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
    for (const [classKey, members] of forward.classes) {
        // Members share their class's answer: only its partly covered destinations are looked at.
        for (const k of forward.classPartlyCovered(classKey)) {
            for (const m of members) if (!forward.isOverridden(m.key) && m.key !== k) candidates.add(pairKey(m.name, byKey.get(k)!.name));
        }
    }
    for (const source of endpoints.filter((e) => forward.isOverridden(e.key))) {
        for (const k of forward.targets(source.key)) if (forward.coverage(source.key, k) === "partial") candidates.add(pairKey(source.name, byKey.get(k)!.name));
    }
    for (const [name, list] of byName) if (list.length > 1) for (const other of byName.keys()) candidates.add(pairKey(name, other));
    const partial: PartialPath[] = [];
    for (const key of [...candidates].sort()) {
        const [a, b] = key.split("\u0000");
        if (a === b || !judged(a) || !judged(b)) continue;
        const aToB = nameCoverage(a, b);
        const bToA = nameCoverage(b, a);
        if (aToB !== "none" && bToA !== "none" && !(aToB === "full" && bToA === "full")) partial.push({ a: byName.get(a)![0], b: byName.get(b)![0], aToB, bToA });
    }

    const reachable = (): Map<string, Set<string>> => {
        const names = [...byName.keys()];
        const fwd = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
        for (const e of endpoints) for (const k of forward.targets(e.key)) if (byKey.get(k)!.name !== e.name) fwd.get(e.name)!.add(byKey.get(k)!.name);
        const two = (n: string, m: string) => fwd.get(m)!.has(n) && !candidates.has(pairKey(n, m));
        const full = (n: string, m: string) => two(n, m) || (candidates.has(pairKey(n, m)) && nameCoverage(n, m) === "full" && nameCoverage(m, n) === "full");
        return new Map(names.map((n) => [n, new Set([...fwd.get(n)!].filter((m) => full(n, m)))]));
    };
    return { oneWay, partial, reachable, graph };
}
