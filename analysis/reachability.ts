/**
 * Reachability through the transit gateway, computed from a plan's resources — not from
 * the definition — so it proves what would actually be deployed.
 *
 * A pair is **reachable** when a conversation works: packets get from one to the other
 * and the replies get back. A transit gateway routes every packet on its own by its
 * destination (aws/transit-gateway-routing.ts), so that takes a forward path and a
 * return path. A path with no way back is **one-way**: reported separately, because no
 * TCP, ping or DNS answer crosses it.
 *
 * Model of one direction (the rules and their sources are aws/transit-gateway-routing.ts):
 *  - A source VPC sends a destination address to the TGW only when the longest-prefix
 *    match in one of its route tables targets a transit gateway; its own CIDR is always
 *    local (a route more specific than the local route cannot target a TGW).
 *  - The TGW looks the address up in the route table the source's attachment is
 *    associated with (no association: dropped). Routes are the CIDRs of the attachments
 *    propagated into that table, plus static routes; longest prefix wins, then the
 *    origin priority (a static route, blackhole included, beats a propagated one).
 *    No route, or a blackhole: dropped.
 *  - The address reaches the VPC (or on-premises range) of the attachment the route
 *    points at.
 *  - Across Regions: a route to a transit gateway peering attachment carries the packet
 *    to the peer transit gateway, where the one table that side associates the peering
 *    with looks it up again (no association: dropped); a route there to an attachment
 *    delivers it, a route to another peering does not (at most one peering hop). A table
 *    is on the side of the transit gateway it belongs to (`transitGatewayId`). The hub of
 *    each Region is `hub@<region>` when the plan (or the definition) has several.
 * Coverage, per CIDR: A's packets get to B **fully** when every address of every block
 * of B (its VPC CIDR, or each on-premises range) is delivered to B from A; **partly**
 * when some are; not at all when none is. A node of several attachments (on-premises
 * over a VPN and Direct Connect) is got to fully when each of its attachments that has
 * addresses is got to fully from one attachment of the sender (one path carries a
 * conversation; addresses are not pieced together from several).
 * Both directions are independent (each is decided by its own destination), so:
 *  - **two-way**: A gets to B fully and B gets to A fully: every address of each can
 *    converse with the other;
 *  - **partial**: each gets to the other, but one direction (or both) only partly: some
 *    addresses converse and others do not. Never reported as two-way;
 *  - **one-way**: A gets to B (fully or partly), B gets to no address of A.
 *
 * Ids are unknown in a preview plan, so references are followed through `dependencies`
 * (input name → URNs); a known literal id is matched against the resources' ids.
 * Names: a VPC's `landing-zone:spoke` tag, `hub` for `landing-zone:role: hub`, else its
 * `Name` tag; an accepter's tags when the spoke's VPC is in another stack; for an
 * attachment id read from another stack (a spoke in the transit gateway's own account,
 * planned alone with the network unit), that stack's `cidr` output and the spoke the
 * definition gives that stack (else the stack's name); `onprem` for
 * a VPN connection, a Direct Connect gateway association, or any attachment associated
 * with the route table tagged `landing-zone:domain: onprem`. On-premises has addresses
 * only through the static routes that point at it (the definition's on-premises ranges):
 * without them nothing can reply to it.
 *
 * Cost: one pass to index resources, then per TGW route table a lookup per destination,
 * then per class of identically-routed sources only the destinations its table delivers
 * to. No resource is scanned per pair.
 */
import { MAX_PEERING_HOPS, TransitGatewayRouteOrigin, transitGatewayRouteOriginPriority } from "../aws/transit-gateway-routing";
import { networkOf, tryBounds } from "../definition/cidr";
import { Definition } from "../definition/schema";
import { stackName } from "../definition/units";
import { ONPREM_DOMAIN, SHARED_DOMAIN, hasOnPremisesConnection, intendedReach } from "../network/domains";
import { isMultiRegion, hubRegions } from "../definition/regions";
import { PLAN_TYPES, PlannedResource, UNKNOWN, hubNodeName, providerRegion, regionTagOf } from "./plan-records";

/** `{ from: [to, ...] }` keyed by spoke name, `hub` and `onprem`; lists sorted. */
export type ReachabilityMatrix = Record<string, string[]>;

/** What a plan (or a definition's intent) says about every pair of VPCs and on-premises. */
export interface ReachabilityReport {
    /**
     * Two-way: packets get to every address of the other and replies get back to every
     * address of the sender. Symmetric; every node of the plan is a key, with `[]` when
     * it converses with nothing.
     */
    reachable: ReachabilityMatrix;
    /** One-way: packets from the key get to each listed node, whose replies have no route back. */
    oneWay: ReachabilityMatrix;
    /**
     * Partial: packets and replies both get through, but only between some of the two
     * nodes' addresses (one of them is covered only in part). Symmetric; keys only where
     * not empty. Empty in an intent (the domains intend whole nodes).
     */
    partial: ReachabilityMatrix;
    /**
     * Nodes whose address range the plan does not know, so no path to them and no reply
     * from them can be judged (e.g. in a plan of the network unit alone, a spoke of the
     * transit gateway's own account: its stack holds the VPC, the network stack only the
     * attachment id). Their paths are neither two-way nor one-way here; absent when none.
     */
    undecided?: string[];
}

/** A pair's state in one direction: a conversation, a conversation between some addresses only, packets without replies, or nothing. */
export type PathKind = "two-way" | "partial" | "one-way" | "none";

/** How much of a destination's addresses a sender's packets get to. */
export type Coverage = "full" | "partial" | "none";

/**
 * Rank of a route origin in a TGW route table: higher wins among routes of the same
 * prefix (aws/transit-gateway-routing.ts, "Route evaluation order").
 */
function originRank(origin: TransitGatewayRouteOrigin): number {
    return transitGatewayRouteOriginPriority.length - transitGatewayRouteOriginPriority.indexOf(origin);
}

export const HUB = "hub";
export const ONPREM = "onprem";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    vpcRouteTable: "aws:ec2/routeTable:RouteTable",
    vpcRoute: "aws:ec2/route:Route",
    vpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    accepter: "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
    vpn: "aws:ec2/vpnConnection:VpnConnection",
    /** A Direct Connect gateway's association: on-premises, like a VPN (its attachment is the association's output). */
    dxAssociation: "aws:directconnect/gatewayAssociation:GatewayAssociation",
    tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
    association: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    propagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    stackReference: "pulumi:pulumi:StackReference",
    transitGateway: PLAN_TYPES.transitGateway,
    peering: PLAN_TYPES.peeringAttachment,
    peeringAccepter: PLAN_TYPES.peeringAttachmentAccepter,
    awsProvider: "pulumi:providers:aws",
} as const;

// ---- address arithmetic (IPv4 as unsigned 32-bit numbers) ----------------------------

interface Block {
    /** First address. */
    start: number;
    /** Prefix length. */
    len: number;
}

/** A CIDR of the plan as a block; undefined for unknown or malformed values (no route can be judged). */
function parseBlock(cidr: unknown): Block | undefined {
    if (cidr === UNKNOWN) return undefined;
    const b = tryBounds(cidr);
    return b && { start: b.first, len: b.prefix };
}

function blockEnd(b: Block): number {
    return b.start + 2 ** (32 - b.len) - 1;
}

/** Where `own` starts and ends inside `block`: the addresses where "local or not" may change. */
function edgesInside(own: Block, block: Block): number[] {
    const end = blockEnd(block);
    return [own.start, blockEnd(own) + 1].filter((p) => p >= block.start && p <= end);
}

function blockKey(start: number, len: number): string {
    return `${start}/${len}`;
}



/** Longest-prefix-match table. */
class RouteTableIndex<V> {
    private readonly byKey = new Map<string, { block: Block; value: V; rank: number }>();
    /** Sorted route starts, for "routes inside a block". */
    private sorted: Block[] | undefined;

    /** Adds a route; on an equal prefix the higher rank wins, then the first added. */
    add(block: Block, value: V, rank: number): void {
        const key = blockKey(block.start, block.len);
        const existing = this.byKey.get(key);
        if (!existing || rank > existing.rank) this.byKey.set(key, { block, value, rank });
        this.sorted = undefined;
    }

    /**
     * The routes as text, in a fixed order, leaving out those of `except` prefixes: equal
     * signatures mean equal lookups everywhere outside the excepted blocks.
     */
    signature(except: Block[]): string {
        const skip = new Set(except.map((b) => blockKey(b.start, b.len)));
        return [...this.byKey.entries()]
            .filter(([key]) => !skip.has(key))
            .map(([key, e]) => `${key}=${String(e.value)}`)
            .sort()
            .join(",");
    }

    lookup(address: number): V | undefined {
        for (let len = 32; len >= 0; len--) {
            const hit = this.byKey.get(blockKey(networkOf(address, len), len));
            if (hit) return hit.value;
        }
        return undefined;
    }

    /** Addresses where the lookup result may change inside `block`. */
    boundaries(block: Block): number[] {
        if (!this.sorted) this.sorted = [...this.byKey.values()].map((e) => e.block).sort((a, b) => a.start - b.start);
        const end = blockEnd(block);
        const points: number[] = [];
        let lo = 0;
        let hi = this.sorted.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (this.sorted[mid].start < block.start) lo = mid + 1;
            else hi = mid;
        }
        for (let i = lo; i < this.sorted.length && this.sorted[i].start <= end; i++) {
            const r = this.sorted[i];
            if (r.len <= block.len) continue;
            points.push(r.start);
            const after = blockEnd(r) + 1;
            if (after <= end) points.push(after);
        }
        return points;
    }
}

// ---- the plan's graph -----------------------------------------------------------

interface Node {
    key: string;
    /**
     * vpc: a VPC attachment whose VPC is in the plan; vpn: a VPN connection (its ranges
     * are the static routes pointing at it); remote: an attachment from another stack or
     * an existing one (ranges from the accepter's `landing-zone:cidr` tag and static routes).
     */
    kind: "vpc" | "vpn" | "remote";
    name?: string;
    cidrs: Block[];
    /** The VPC's route tables toward the TGW; undefined when the VPC is not in this plan. */
    vpcRoutes?: RouteTableIndex<boolean>[];
    routeTable?: string;
    /** The VPC's URN, when the VPC is in the plan. */
    vpc?: string;
}

/** Where a TGW route sends a packet: an attachment node, a peering attachment (to the peer TGW), or nowhere. */
type TgwTarget = { node: string } | { peering: string; arrivesOn: PeeringSide } | { blackhole: true };

class PlanIndex {
    readonly byUrn = new Map<string, PlannedResource>();
    private readonly byId = new Map<string, PlannedResource>();
    readonly byType = new Map<string, PlannedResource[]>();

    constructor(resources: PlannedResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const id = r.outputs?.id;
            if (typeof id === "string" && id !== UNKNOWN && id !== "") this.byId.set(id, r);
            const list = this.byType.get(r.type);
            if (list) list.push(r);
            else this.byType.set(r.type, [r]);
        }
    }

    of(type: string): PlannedResource[] {
        return this.byType.get(type) ?? [];
    }

    /** Resources an input refers to: its dependencies, else a resource whose id is the literal value. */
    refs(r: PlannedResource, input: string): PlannedResource[] {
        const urns = r.dependencies[input] ?? [];
        const found = urns.map((u) => this.byUrn.get(u)).filter((x): x is PlannedResource => x !== undefined);
        if (found.length > 0) return found;
        const value = r.inputs[input];
        const byId = typeof value === "string" ? this.byId.get(value) : undefined;
        return byId ? [byId] : [];
    }

    ref(r: PlannedResource, input: string, type: string): PlannedResource | undefined {
        return this.refs(r, input).find((x) => x.type === type);
    }
}

function tags(r: PlannedResource): Record<string, unknown> {
    const t = r.inputs.tags;
    return t && typeof t === "object" ? (t as Record<string, unknown>) : {};
}

function tag(r: PlannedResource, key: string): string | undefined {
    const v = tags(r)[key];
    return typeof v === "string" && v !== UNKNOWN ? v : undefined;
}

function vpcName(vpc: PlannedResource): string | undefined {
    if (tag(vpc, "landing-zone:role") === "hub") return HUB;
    return tag(vpc, "landing-zone:spoke") ?? tag(vpc, "Name");
}

/** VPC routes of one table all rank alike: a CIDR appears once per table (AWS refuses a duplicate). */
const VPC_ROUTE = 0;

function isTransitGatewayTarget(route: Record<string, unknown>): boolean {
    const tgw = route.transitGatewayId;
    return tgw !== undefined && tgw !== null && tgw !== "";
}

/** Route tables of every VPC in the plan: VPC URN → LPM tables (value: goes to the TGW). */
function vpcRouteTables(index: PlanIndex): Map<string, RouteTableIndex<boolean>[]> {
    const tables = new Map<string, RouteTableIndex<boolean>>();
    const byVpc = new Map<string, RouteTableIndex<boolean>[]>();
    for (const rt of index.of(T.vpcRouteTable)) {
        const vpc = index.ref(rt, "vpcId", T.vpc);
        if (!vpc) continue;
        const table = new RouteTableIndex<boolean>();
        const inline = Array.isArray(rt.inputs.routes) ? (rt.inputs.routes as Record<string, unknown>[]) : [];
        for (const route of inline) {
            const block = parseBlock(route.cidrBlock);
            if (block) table.add(block, isTransitGatewayTarget(route), VPC_ROUTE);
        }
        tables.set(rt.urn, table);
        const list = byVpc.get(vpc.urn) ?? [];
        list.push(table);
        byVpc.set(vpc.urn, list);
    }
    for (const route of index.of(T.vpcRoute)) {
        const rt = index.ref(route, "routeTableId", T.vpcRouteTable);
        const block = parseBlock(route.inputs.destinationCidrBlock);
        const table = rt && tables.get(rt.urn);
        if (table && block) table.add(block, isTransitGatewayTarget(route.inputs), VPC_ROUTE);
    }
    // The VPC's own CIDR is local in every table, and a route more specific than the local
    // route cannot target a transit gateway: the lookups treat the source's own blocks as
    // local (see `forwardReachability`), so no route of its tables decides there.
    return byVpc;
}

/** Builds the attachment nodes and resolves attachment references to node keys. */
class Attachments {
    readonly nodes = new Map<string, Node>();

    /** Attachment ids other stacks publish (StackReference outputs): the spoke's name and VPC CIDR. */
    private readonly published = new Map<string, { name: string; cidr?: Block }>();

    constructor(
        private readonly index: PlanIndex,
        private readonly routes: Map<string, RouteTableIndex<boolean>[]>,
        definition?: Definition,
    ) {
        // A spoke whose VPC is in the transit gateway's own account is attached by its own
        // stack; the network stack reads the attachment id and the VPC's CIDR from that
        // stack's outputs (`transitGatewayAttachmentId`, `cidr`). The definition names the
        // spoke whose stack it is.
        for (const ref of index.of(T.stackReference)) {
            const outputs = ref.outputs?.outputs as Record<string, unknown> | undefined;
            const id = outputs?.transitGatewayAttachmentId;
            if (typeof id !== "string" || id === UNKNOWN) continue;
            const stack = String(ref.inputs.name ?? ref.name).split("/").pop()!;
            const spoke = definition?.spokes.find((s) => stackName(definition.environment, s.name) === stack);
            this.published.set(id, { name: spoke?.name ?? stack, cidr: parseBlock(outputs?.cidr) });
        }
        for (const a of index.of(T.vpcAttachment)) this.node(a.urn, a);
        for (const v of [...index.of(T.vpn), ...index.of(T.dxAssociation)]) this.node(v.urn, v).name = ONPREM;
    }

    private node(key: string, from?: PlannedResource): Node {
        let n = this.nodes.get(key);
        if (!n) {
            n = { key, kind: from?.type === T.vpn || from?.type === T.dxAssociation ? "vpn" : "remote", cidrs: [] };
            if (from?.type === T.vpcAttachment) {
                const vpc = this.index.ref(from, "vpcId", T.vpc);
                if (vpc) {
                    n.kind = "vpc";
                    n.vpc = vpc.urn;
                    n.name = vpcName(vpc);
                    const block = parseBlock(vpc.inputs.cidrBlock);
                    if (block) n.cidrs.push(block);
                    n.vpcRoutes = this.routes.get(vpc.urn) ?? [];
                } else {
                    n.name = tag(from, "landing-zone:spoke");
                }
            }
            if (from?.type === T.accepter) {
                n.name = tag(from, "landing-zone:spoke") ?? tag(from, "Name");
                const block = parseBlock(tag(from, "landing-zone:cidr"));
                if (block) n.cidrs.push(block);
            }
            this.nodes.set(key, n);
        }
        return n;
    }

    /** The node a `transitGatewayAttachmentId` input designates, or undefined. */
    resolve(r: PlannedResource, input = "transitGatewayAttachmentId", depth = 0): Node | undefined {
        for (const target of this.index.refs(r, input)) {
            if (target.type === T.vpcAttachment || target.type === T.vpn || target.type === T.dxAssociation) return this.nodes.get(target.urn);
            if (target.type === T.accepter && depth < 4) {
                const underlying = this.resolve(target, "transitGatewayAttachmentId", depth + 1);
                if (underlying && underlying.kind !== "remote") {
                    underlying.name ??= tag(target, "landing-zone:spoke");
                    return underlying;
                }
                // The spoke's attachment is in another stack: the accepter stands for it.
                return this.node(target.urn, target);
            }
        }
        // An attachment from another stack (StackReference) or an existing one: its literal id.
        const literal = r.inputs[input];
        if (typeof literal === "string" && literal !== UNKNOWN && (r.dependencies[input] ?? []).length === 0) {
            const n = this.node(`id:${literal}`);
            const published = this.published.get(literal);
            // (Through an accepter, the accepter stands for the attachment: see above.)
            if (published && n.name === undefined && depth === 0) {
                n.name = published.name;
                if (published.cidr) n.cidrs.push(published.cidr);
            }
            return n;
        }
        return undefined;
    }
}

// ---- transit gateway peering --------------------------------------------------------

/** The two sides of a peering attachment: the transit gateway that requested it, and the one that accepted it. */
export type PeeringSide = "requester" | "accepter";

interface Peering {
    /** The PeeringAttachment's URN (or the accepter's, when the requester is in another stack). */
    key: string;
    /** The transit gateway of each side (URN, or literal id), when the plan says. */
    tgw: Partial<Record<PeeringSide, string>>;
    /** The table each side associates the peering with (AWS: one per attachment per side). */
    tables: Map<PeeringSide, string>;
}

/** The transit gateway an input refers to: its URN, or a literal id; undefined when unknown. */
function transitGatewayKey(index: PlanIndex, r: PlannedResource, input: string): string | undefined {
    const tgw = index.ref(r, input, T.transitGateway);
    if (tgw) return tgw.urn;
    const literal = r.inputs[input];
    return typeof literal === "string" && literal !== UNKNOWN && literal !== "" ? literal : undefined;
}

/** The plan's peering attachments, and which peering and side a reference designates. */
class Peerings {
    readonly byKey = new Map<string, Peering>();
    private readonly ofAccepter = new Map<string, string>();

    constructor(private readonly index: PlanIndex) {
        for (const p of index.of(T.peering)) {
            const tgw: Peering["tgw"] = {};
            const requester = transitGatewayKey(index, p, "transitGatewayId");
            const accepter = transitGatewayKey(index, p, "peerTransitGatewayId");
            if (requester) tgw.requester = requester;
            if (accepter) tgw.accepter = accepter;
            this.byKey.set(p.urn, { key: p.urn, tgw, tables: new Map() });
        }
        for (const a of index.of(T.peeringAccepter)) {
            const requested = index.ref(a, "transitGatewayAttachmentId", T.peering);
            if (requested) this.ofAccepter.set(a.urn, requested.urn);
            else {
                // The requester side is in another stack: only this side is in the plan.
                this.byKey.set(a.urn, { key: a.urn, tgw: {}, tables: new Map() });
                this.ofAccepter.set(a.urn, a.urn);
            }
        }
    }

    /** The peering (and the side, by the resource named) a `transitGatewayAttachmentId` input refers to. */
    resolve(r: PlannedResource, input = "transitGatewayAttachmentId"): { peering: Peering; named: PeeringSide } | undefined {
        if (this.byKey.size === 0) return undefined;
        for (const target of this.index.refs(r, input)) {
            if (target.type === T.peering) return { peering: this.byKey.get(target.urn)!, named: "requester" };
            if (target.type === T.peeringAccepter) return { peering: this.byKey.get(this.ofAccepter.get(target.urn)!)!, named: "accepter" };
        }
        return undefined;
    }

    /**
     * The side a table of transit gateway `tgw` is on: the side whose transit gateway it is;
     * when the plan does not say, the side of the resource the reference named (the
     * PeeringAttachment is used on the requester's side, its accepter on the other).
     */
    sideOf(ref: { peering: Peering; named: PeeringSide }, tgw: string | undefined): PeeringSide {
        if (tgw !== undefined && ref.peering.tgw.requester === tgw) return "requester";
        if (tgw !== undefined && ref.peering.tgw.accepter === tgw) return "accepter";
        return ref.named;
    }
}

/**
 * Names each hub `hub@<region>` when the plan holds hubs of several Regions, or when
 * `qualify` (the definition has several): the hub VPC's Region is its `region` input or
 * `landing-zone:region` tag, else its provider's Region, else its transit gateway's (else
 * the VPC's logical name stands in, unique in the plan).
 */
function nameHubs(index: PlanIndex, attachments: Attachments, tgwTables: Map<string, { tgw?: string }>, qualify: boolean): void {
    const hubs = [...attachments.nodes.values()].filter((n) => n.kind === "vpc" && n.name === HUB);
    if (hubs.length < 2 && !qualify) return;
    for (const hub of hubs) {
        const vpc = hub.vpc ? index.byUrn.get(hub.vpc) : undefined;
        const tgwUrn = hub.routeTable ? tgwTables.get(hub.routeTable)?.tgw : undefined;
        const tgw = tgwUrn ? index.byUrn.get(tgwUrn) : undefined;
        const region =
            (vpc && (regionTagOf(vpc) ?? providerRegion(vpc, index.byUrn))) ?? (tgw && (regionTagOf(tgw) ?? providerRegion(tgw, index.byUrn))) ?? vpc?.name;
        if (region) hub.name = hubNodeName(region);
    }
}

/**
 * One direction only: which VPCs and on-premises ranges each attachment's packets get to
 * through the TGW (some address of the destination), whether or not replies come back.
 * Every node of the plan is a key.
 */
export function forwardReachability(resources: PlannedResource[]): ReachabilityMatrix {
    return forwardAnalysis(resources).forward;
}

/**
 * The forward matrix (some address got to), the pairs of it where only part of the
 * destination's addresses are got to, and the nodes whose addresses the plan does not
 * know (see `ReachabilityReport.undecided`).
 */
function forwardAnalysis(resources: PlannedResource[], definition?: Definition): { forward: ReachabilityMatrix; partly: ReachabilityMatrix; undecided: string[] } {
    const index = new PlanIndex(resources);
    const attachments = new Attachments(index, vpcRouteTables(index), definition);

    // TGW route tables, by URN, each with the transit gateway it belongs to (which side of a peering it is on).
    const tgwTables = new Map<string, { domain?: string; tgw?: string; routes: RouteTableIndex<TgwTarget> }>();
    for (const rt of index.of(T.tgwRouteTable)) tgwTables.set(rt.urn, { domain: tag(rt, "landing-zone:domain"), tgw: transitGatewayKey(index, rt, "transitGatewayId"), routes: new RouteTableIndex() });
    const tableOf = (r: PlannedResource) => {
        const rt = index.ref(r, "transitGatewayRouteTableId", T.tgwRouteTable);
        return rt && tgwTables.has(rt.urn) ? rt.urn : undefined;
    };
    const peerings = new Peerings(index);

    for (const assoc of index.of(T.association)) {
        const table = tableOf(assoc);
        const peering = peerings.resolve(assoc);
        if (peering) {
            // The one table of this side that routes what arrives over the peering.
            if (table) peering.peering.tables.set(peerings.sideOf(peering, tgwTables.get(table)!.tgw), table);
            continue;
        }
        const node = attachments.resolve(assoc);
        if (!node || !table) continue;
        node.routeTable = table;
        if (tgwTables.get(table)!.domain === ONPREM_DOMAIN) node.name ??= ONPREM;
    }

    // Static routes first: they also tell which ranges an on-premises attachment holds.
    const statics: { table: string; block: Block; target: TgwTarget }[] = [];
    /** Per table, the tables of the peer sides its peering routes lead to (their routes decide there too). */
    const receiving = new Map<string, Set<string>>();
    for (const route of index.of(T.tgwRoute)) {
        const table = tableOf(route);
        const block = parseBlock(route.inputs.destinationCidrBlock);
        if (!table || !block) continue;
        if (route.inputs.blackhole === true) {
            statics.push({ table, block, target: { blackhole: true } });
            continue;
        }
        const peering = peerings.resolve(route);
        if (peering) {
            const from = peerings.sideOf(peering, tgwTables.get(table)!.tgw);
            statics.push({ table, block, target: { peering: peering.peering.key, arrivesOn: from === "requester" ? "accepter" : "requester" } });
            continue;
        }
        const node = attachments.resolve(route);
        if (!node) continue;
        statics.push({ table, block, target: { node: node.key } });
        if (node.kind !== "vpc" && !node.cidrs.some((c) => c.start === block.start && c.len === block.len)) node.cidrs.push(block);
    }
    for (const prop of index.of(T.propagation)) {
        // A peering attachment propagates nothing (static routes only): only VPC CIDRs propagate here.
        if (peerings.resolve(prop)) continue;
        const node = attachments.resolve(prop);
        const table = tableOf(prop);
        // A VPN's BGP routes are not in the plan: only VPC CIDRs propagate here.
        if (!node || !table || node.kind === "vpn") continue;
        for (const block of node.cidrs) tgwTables.get(table)!.routes.add(block, { node: node.key }, originRank("vpc-propagated"));
    }
    for (const s of statics) tgwTables.get(s.table)!.routes.add(s.block, s.target, originRank("static"));
    for (const s of statics) {
        if (!("peering" in s.target)) continue;
        const there = peerings.byKey.get(s.target.peering)!.tables.get(s.target.arrivesOn);
        if (!there) continue;
        const set = receiving.get(s.table) ?? new Set<string>();
        set.add(there);
        receiving.set(s.table, set);
    }

    /**
     * The node a packet for `p` looked up in `tableUrn` is delivered to: a route to an
     * attachment delivers there; a route to a peering attachment carries it to the peer
     * transit gateway, where the table associated with the peering on that side looks it
     * up again (no association there: dropped), and there only a route to an attachment of
     * that transit gateway delivers it: a packet that arrived over a peering is never sent
     * out over another (aws/transit-gateway-routing.ts `transitGatewayPeering.notTransitive`, MAX_PEERING_HOPS).
     */
    const deliver = (tableUrn: string, p: number, hops = 0): string | undefined => {
        const target = tgwTables.get(tableUrn)!.routes.lookup(p);
        if (!target || "blackhole" in target) return undefined;
        if ("node" in target) return target.node;
        if (hops >= MAX_PEERING_HOPS) return undefined;
        const there = peerings.byKey.get(target.peering)!.tables.get(target.arrivesOn);
        return there ? deliver(there, p, hops + 1) : undefined;
    };
    /** Addresses inside `block` where `deliver(tableUrn, ·)` may change: the table's route edges and those of the peer tables it leads to. */
    const boundaries = (tableUrn: string, block: Block): number[] => [
        ...tgwTables.get(tableUrn)!.routes.boundaries(block),
        ...[...(receiving.get(tableUrn) ?? [])].flatMap((rt) => tgwTables.get(rt)!.routes.boundaries(block)),
    ];

    // Per TGW route table: the destination nodes it delivers some address of, and where.
    const named = [...attachments.nodes.values()].filter((n) => n.name !== undefined || n.routeTable !== undefined);
    nameHubs(index, attachments, tgwTables, definition !== undefined && isMultiRegion(definition));
    const delivered = new Map<string, Map<string, { block: Block; points: number[] }[]>>();
    for (const urn of tgwTables.keys()) {
        const perNode = new Map<string, { block: Block; points: number[] }[]>();
        for (const dest of named) {
            for (const block of dest.cidrs) {
                const points = [block.start, ...boundaries(urn, block)];
                const hits = points.filter((p) => deliver(urn, p) === dest.key);
                if (hits.length === 0) continue;
                const list = perNode.get(dest.key) ?? [];
                list.push({ block, points });
                perNode.set(dest.key, list);
            }
        }
        delivered.set(urn, perNode);
    }

    // How much of `destKey`'s addresses `source`'s packets get to. Checked at every address
    // where the TGW table (or a peer table it leads to), the source's own route tables or
    // its local range may switch next hop: the lookup is constant from one such point to
    // the next, so each point stands for the segment it starts, and the destination is
    // covered fully when every segment of every one of its blocks is delivered to it.
    const coverage = (source: Node, destKey: string): Coverage => {
        const blocks = delivered.get(source.routeTable!)!.get(destKey) ?? [];
        let hit = false;
        let missed = blocks.length < attachments.nodes.get(destKey)!.cidrs.length;
        for (const { block, points } of blocks) {
            const vpcPoints = (source.vpcRoutes ?? []).flatMap((t) => t.boundaries(block));
            const localPoints = source.cidrs.flatMap((own) => edgesInside(own, block));
            for (const p of new Set([...points, ...vpcPoints, ...localPoints])) {
                if (sends(source, destKey, p)) hit = true;
                else missed = true;
                if (hit && missed) return "partial";
            }
        }
        return hit ? (missed ? "partial" : "full") : "none";
    };
    const sends = (source: Node, destKey: string, p: number): boolean => {
        // The source's own addresses never leave it (local route).
        if (source.cidrs.some((own) => p >= own.start && p <= blockEnd(own))) return false;
        if (deliver(source.routeTable!, p) !== destKey) return false;
        // A VPC outside this plan (another stack), or on-premises: its route tables
        // cannot be checked; it is taken to send everything the TGW routes.
        if (!source.vpcRoutes) return true;
        return source.vpcRoutes.some((t) => t.lookup(p) === true);
    };

    // Sources that route identically — the same TGW route table and the same VPC routes
    // apart from each VPC's own CIDR — reach the same destinations, except where a
    // destination overlaps a source's own CIDR (its local route decides there). Checking
    // each destination once per such class instead of once per source keeps the route
    // lookups linear in the number of spokes: 1,000 spokes in two domains are four classes
    // (the two domains, the hub, on-premises), not 1,000 sources × 1,000 destinations.
    const classes = new Map<string, Node[]>();
    for (const source of named) {
        if (!source.routeTable) continue;
        const routes = source.vpcRoutes ? source.vpcRoutes.map((t) => t.signature(source.cidrs)).sort().join(";") : "no VPC routes in this plan";
        const key = `${source.routeTable}|${routes}`;
        const members = classes.get(key);
        if (members) members.push(source);
        else classes.set(key, [source]);
    }

    // Which nodes' ranges overlap a node's ranges, found without comparing every pair: two
    // CIDR blocks overlap only when one contains the other, so a block's overlaps are the
    // blocks at its own address under each shorter prefix (one map lookup per prefix
    // length) and the blocks that start inside it (a binary search over sorted starts).
    const byPrefix = new Map<string, string[]>();
    const starts: { start: number; node: string }[] = [];
    for (const n of attachments.nodes.values()) {
        for (const b of n.cidrs) {
            const key = blockKey(b.start, b.len);
            byPrefix.set(key, [...(byPrefix.get(key) ?? []), n.key]);
            starts.push({ start: b.start, node: n.key });
        }
    }
    starts.sort((a, b) => a.start - b.start);
    const overlapping = (n: Node): Set<string> => {
        const found = new Set<string>();
        for (const b of n.cidrs) {
            for (let len = 0; len <= b.len; len++) for (const k of byPrefix.get(blockKey(networkOf(b.start, len), len)) ?? []) found.add(k);
            const end = blockEnd(b);
            let lo = 0;
            let hi = starts.length;
            while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (starts[mid].start < b.start) lo = mid + 1;
                else hi = mid;
            }
            for (let i = lo; i < starts.length && starts[i].start <= end; i++) found.add(starts[i].node);
        }
        return found;
    };

    const matrix: ReachabilityMatrix = {};
    const nameOf = (n: Node) => n.name ?? n.key.replace(/^id:/, "attachment:");
    // Names of several attachments (on-premises over a VPN and Direct Connect): their
    // coverage is pieced together per attachment, so what each attachment gets to fully is
    // kept for pairs that involve them. Between single attachments, a pair is partly
    // covered exactly when its one coverage is partial: only those are kept (none in a
    // valid environment, against a million pairs at 1,000 spokes).
    const nodesByName = new Map<string, Node[]>();
    for (const n of named) {
        const list = nodesByName.get(nameOf(n));
        if (list) list.push(n);
        else nodesByName.set(nameOf(n), [n]);
    }
    const multi = (name: string) => (nodesByName.get(name)?.length ?? 0) > 1;
    const multiNames = [...nodesByName.keys()].filter(multi);
    const fullNodes = new Map<string, Set<string>>();
    const partlyNodes = new Map<string, Set<string>>();
    const keep = (into: Map<string, Set<string>>, name: string, key: string) => {
        const set = into.get(name);
        if (set) set.add(key);
        else into.set(name, new Set([key]));
    };
    const multiKeys = new Set([...nodesByName.values()].filter((list) => list.length > 1).flatMap((list) => list.map((n) => n.key)));
    /** Records what `source` gets to: the names, and the coverages that matter by name (see above). */
    const record = (source: Node, reached: Set<string>, coverages: [string, Coverage][]): void => {
        const name = nameOf(source);
        matrix[name] = [...new Set([...(matrix[name] ?? []), ...reached])].sort();
        for (const [k, c] of coverages) {
            if (multiKeys.has(source.key) || multiKeys.has(k)) {
                if (c === "full") keep(fullNodes, name, k);
            } else if (c === "partial") keep(partlyNodes, name, k);
        }
    };
    for (const source of named) if (!source.routeTable) record(source, new Set(), []);
    for (const members of classes.values()) {
        const representative = members[0];
        const destinations = [...delivered.get(representative.routeTable!)!.keys()];
        const byRepresentative = new Map(destinations.filter((d) => d !== representative.key).map((d) => [d, coverage(representative, d)]));
        const nearRepresentative = overlapping(representative);
        for (const source of members) {
            const reached = new Set<string>();
            const coverages: [string, Coverage][] = [];
            const keepAll = multiKeys.has(source.key);
            const nearSource = overlapping(source);
            for (const destKey of destinations) {
                if (destKey === source.key) continue;
                const shared = destKey !== representative.key && !nearSource.has(destKey) && !nearRepresentative.has(destKey);
                const c = shared ? byRepresentative.get(destKey)! : coverage(source, destKey);
                if (c === "none") continue;
                reached.add(nameOf(attachments.nodes.get(destKey)!));
                if (keepAll || c === "partial" || multiKeys.has(destKey)) coverages.push([destKey, c]);
            }
            record(source, reached, coverages);
        }
    }
    // By name: a sender gets to a node fully when it gets fully to each of the node's attachments that has addresses.
    const partly: ReachabilityMatrix = {};
    for (const [from, targets] of Object.entries(matrix)) {
        const part = new Set([...(partlyNodes.get(from) ?? [])].map((k) => nameOf(attachments.nodes.get(k)!)));
        const full = fullNodes.get(from) ?? new Set<string>();
        for (const to of multi(from) ? targets : multiNames.filter((m) => targets.includes(m))) {
            if (!nodesByName.get(to)!.every((n) => n.cidrs.length === 0 || full.has(n.key))) part.add(to);
        }
        if (part.size > 0) partly[from] = [...part].sort();
    }
    // A VPC attachment whose range the plan does not know (a spoke of the TGW's own account
    // deployed by its own stack: the network stack knows only its attachment id; an unknown
    // VPC CIDR) cannot be reached, so nothing about its replies can be decided. On-premises
    // without ranges is known to have none.
    const undecided = [...new Set(named.filter((n) => n.cidrs.length === 0 && nameOf(n) !== ONPREM).map(nameOf))].sort();
    return { forward: sortKeys(matrix), partly: sortKeys(partly), undecided };
}

/**
 * Two-way, partial and one-way reachability from a plan: a pair converses when each gets
 * to every address of the other (`forwardReachability` both ways, fully); in part when
 * each gets to the other but not fully; a path one way only is one-way.
 */
export function analyzeReachability(resources: PlannedResource[], definition?: Definition): ReachabilityReport {
    const { forward, partly, undecided } = forwardAnalysis(resources, definition);
    return fromForward(forward, undecided, partly);
}

/** The two-way matrix of a plan (`analyzeReachability(...).reachable`). */
export function computeReachability(resources: PlannedResource[]): ReachabilityMatrix {
    return analyzeReachability(resources).reachable;
}

/**
 * Splits a forward matrix into conversations (both ways, fully), partial conversations
 * (both ways, one of them only partly: `partly` lists the forward pairs that get to only
 * part of the destination's addresses) and one-way paths. A path to or from an
 * `undecided` node is none of them: its way back cannot be judged from the plan.
 */
export function fromForward(forward: ReachabilityMatrix, undecided: string[] = [], partly: ReachabilityMatrix = {}): ReachabilityReport {
    const sets = new Map(Object.entries(forward).map(([from, to]) => [from, new Set(to)]));
    const partSets = new Map(Object.entries(partly).map(([from, to]) => [from, new Set(to)]));
    const has = (from: string, to: string) => sets.get(from)?.has(to) ?? false;
    const full = (from: string, to: string) => has(from, to) && !(partSets.get(from)?.has(to) ?? false);
    const unknown = new Set(undecided);
    const reachable: ReachabilityMatrix = {};
    const partial: ReachabilityMatrix = {};
    const oneWay: ReachabilityMatrix = {};
    for (const [from, targets] of Object.entries(forward)) {
        const both = targets.filter((to) => has(to, from));
        // (No partly covered pair at all, as in any valid environment: every pair both ways is two-way.)
        reachable[from] = partSets.size === 0 ? both : both.filter((to) => full(from, to) && full(to, from));
        const some = partSets.size === 0 ? [] : both.filter((to) => !(full(from, to) && full(to, from)));
        if (some.length > 0) partial[from] = some;
        const single = unknown.has(from) ? [] : targets.filter((to) => !has(to, from) && !unknown.has(to));
        if (single.length > 0) oneWay[from] = single;
    }
    const report: ReachabilityReport = { reachable: sortKeys(reachable), oneWay: sortKeys(oneWay), partial: sortKeys(partial) };
    if (undecided.length > 0) report.undecided = [...undecided];
    return report;
}

function sortKeys(m: ReachabilityMatrix): ReachabilityMatrix {
    const order = (k: string) => (k === HUB || k.startsWith(`${HUB}@`) ? 0 : k === ONPREM ? 2 : 1);
    return Object.fromEntries(Object.keys(m).sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((k) => [k, m[k]]));
}

/**
 * What the definition's domains intend, with `shared` a domain like any other: its
 * members are the hub (each Region's, `hub@<region>`, when there are several) and the
 * spokes in it; domains are global, so a pair's intent does not depend on the Regions; `onprem`'s is on-premises (when it is
 * connected). Between members of two domains (or of one domain and itself), the
 * domains' `intendedReach`: a conversation when each reaches the other, a one-way path
 * when one reaches the other and declares it `oneWay`. Self is never listed.
 */
export function intendedReachability(definition: Definition): ReachabilityReport {
    // Route domains are global: a spoke joins its domain in its own Region, and each
    // Region's hub is a member of `shared` (named `hub@<region>` when there are several).
    const hubs = isMultiRegion(definition) ? hubRegions(definition).map((r) => hubNodeName(r.region)) : [HUB];
    const members: { name: string; domain: string }[] = [
        ...hubs.map((name) => ({ name, domain: SHARED_DOMAIN })),
        ...definition.spokes.map((s) => ({ name: s.name, domain: s.domain })),
        ...(hasOnPremisesConnection(definition) ? [{ name: ONPREM, domain: ONPREM_DOMAIN }] : []),
    ];
    // Decided once per pair of domains, then listed per member (a thousand spokes in a few domains).
    const byDomain = new Map<string, string[]>();
    for (const m of members) byDomain.set(m.domain, [...(byDomain.get(m.domain) ?? []), m.name]);
    const reachable: ReachabilityMatrix = {};
    const oneWay: ReachabilityMatrix = {};
    for (const [fromDomain, fromNames] of byDomain) {
        const two: string[] = [];
        const one: string[] = [];
        for (const [toDomain, toNames] of byDomain) {
            const kind = intendedReach(definition, fromDomain, toDomain);
            if (kind === "two-way") two.push(...toNames);
            if (kind === "one-way") one.push(...toNames);
        }
        two.sort();
        one.sort();
        for (const name of fromNames) {
            reachable[name] = two.filter((n) => n !== name);
            const single = one.filter((n) => n !== name);
            if (single.length > 0) oneWay[name] = single;
        }
    }
    return { reachable: sortKeys(reachable), oneWay: sortKeys(oneWay), partial: {} };
}

/** A report's lists as sets, built once per report object (lookups are per pair: a million at 1,000 spokes). */
type ReportSets = { reachable: Map<string, Set<string>>; partial: Map<string, Set<string>>; oneWay: Map<string, Set<string>> };
const reportSets = new WeakMap<ReachabilityReport, ReportSets>();

function setsOf(report: ReachabilityReport): ReportSets {
    let sets = reportSets.get(report);
    if (!sets) {
        const toSets = (m: ReachabilityMatrix) => new Map(Object.entries(m).map(([k, v]) => [k, new Set(v)]));
        sets = { reachable: toSets(report.reachable), partial: toSets(report.partial), oneWay: toSets(report.oneWay) };
        reportSets.set(report, sets);
    }
    return sets;
}

/** The state of the path from `from` to `to` in a report. */
export function pathKind(report: ReachabilityReport, from: string, to: string): PathKind {
    const sets = setsOf(report);
    if (sets.reachable.get(from)?.has(to)) return "two-way";
    if (sets.partial.get(from)?.has(to)) return "partial";
    if (sets.oneWay.get(from)?.has(to)) return "one-way";
    return "none";
}

export interface ReachabilityDifference {
    from: string;
    to: string;
    actual: PathKind;
    intended: PathKind;
    /**
     * `unintended`: more than the domains allow (a path where none is intended, or replies
     * routed on a path declared one-way); `missing`: an intended path the plan does not
     * build; `one-way`: an intended conversation whose replies have no route back;
     * `partial`: an intended conversation that works between some addresses only.
     */
    kind: "unintended" | "missing" | "one-way" | "partial";
}

/** Every ordered pair whose path in the plan differs from the intent, by source then destination. */
export function compareReachability(actual: ReachabilityReport, intended: ReachabilityReport): ReachabilityDifference[] {
    const out: ReachabilityDifference[] = [];
    const nodes = nodesOf(actual, intended);
    const order = new Map(nodes.map((n, i) => [n, i]));
    for (const from of nodes) {
        // Only destinations listed somewhere for `from` can differ (a pair listed nowhere is "none" in both).
        const listed = [...new Set([...(actual.reachable[from] ?? []), ...(actual.partial[from] ?? []), ...(actual.oneWay[from] ?? []), ...(intended.reachable[from] ?? []), ...(intended.oneWay[from] ?? [])])];
        listed.sort((a, b) => order.get(a)! - order.get(b)!);
        for (const to of listed) {
            if (to === from || undecidedPair(actual, from, to)) continue;
            const a = pathKind(actual, from, to);
            const i = pathKind(intended, from, to);
            if (a === i) continue;
            const kind = a === "none" ? "missing" : a === "one-way" && i === "two-way" ? "one-way" : a === "partial" && i === "two-way" ? "partial" : "unintended";
            out.push({ from, to, actual: a, intended: i, kind });
        }
    }
    return out;
}

/** True when either end's addresses are unknown to the plan (its paths cannot be judged). */
function undecidedPair(report: ReachabilityReport, from: string, to: string): boolean {
    return (report.undecided ?? []).includes(from) || (report.undecided ?? []).includes(to);
}

/** Nodes of either report, hub first and on-premises last. */
function nodesOf(...reports: (ReachabilityReport | undefined)[]): string[] {
    const names = new Set<string>();
    for (const r of reports) {
        if (!r) continue;
        for (const m of [r.reachable, r.partial, r.oneWay]) for (const [from, to] of Object.entries(m)) [from, ...to].forEach((n) => names.add(n));
    }
    return Object.keys(sortKeys(Object.fromEntries([...names].map((n) => [n, []]))));
}

/** Every one-way path of a plan, and whether the definition declares it (`oneWay`). */
export function oneWayPaths(actual: ReachabilityReport, intended?: ReachabilityReport): { from: string; to: string; declared: boolean }[] {
    return Object.entries(actual.oneWay).flatMap(([from, targets]) =>
        targets.map((to) => ({ from, to, declared: intended !== undefined && pathKind(intended, from, to) === "one-way" })),
    );
}

/** Cell marks of the printed matrix. */
export const MATRIX_MARKS = {
    twoWay: "●",
    oneWay: "→",
    oneWayOnly: "◐",
    partial: "±",
    undecided: "?",
    unintended: "✗",
    missing: "○",
    none: "·",
} as const;

/** The mark of one cell: the plan's path from `from` to `to`, judged against the intent when given. */
export function matrixMark(actual: ReachabilityReport, from: string, to: string, intended?: ReachabilityReport): string {
    const a = pathKind(actual, from, to);
    if (a !== "two-way" && undecidedPair(actual, from, to)) return MATRIX_MARKS.undecided;
    const plain = (k: PathKind) => (k === "two-way" ? MATRIX_MARKS.twoWay : k === "partial" ? MATRIX_MARKS.partial : k === "one-way" ? MATRIX_MARKS.oneWay : MATRIX_MARKS.none);
    if (!intended) return plain(a);
    const i = pathKind(intended, from, to);
    if (a === i) return plain(a);
    if (a === "none") return MATRIX_MARKS.missing;
    if (a === "one-way" && i === "two-way") return MATRIX_MARKS.oneWayOnly;
    if (a === "partial" && i === "two-way") return MATRIX_MARKS.partial;
    return MATRIX_MARKS.unintended;
}

/**
 * The report as a text table: rows are where packets start, columns where they go.
 * `●` a conversation (both ways, every address), `±` a conversation between some
 * addresses only, `→` one-way (no route back); with `intended`, `→` only where one-way is
 * declared, `◐` an intended conversation whose replies have no route back, `±` one that
 * works in part, `✗` more than intended, `○` intended but missing.
 */
export function formatReachabilityMatrix(actual: ReachabilityReport, intended?: ReachabilityReport): string {
    const names = nodesOf(actual, intended);
    const width = Math.max("from \\ to".length, ...names.map((n) => n.length));
    const header = `${"from \\ to".padEnd(width)} │ ${names.map((c, i) => String(i + 1).padStart(2)).join(" ")}`;
    const lines = [header, `${"─".repeat(width)}─┼${"─".repeat(names.length * 3)}`];
    for (const from of names) {
        lines.push(`${from.padEnd(width)} │ ${names.map((to) => (to === from ? " " : matrixMark(actual, from, to, intended)).padStart(2)).join(" ")}`);
    }
    lines.push("", ...names.map((c, i) => `${String(i + 1).padStart(2)} ${c}`));
    const m = MATRIX_MARKS;
    lines.push(
        "",
        intended
            ? `${m.twoWay} two-way as intended   ${m.oneWay} one-way as declared (oneWay)   ${m.oneWayOnly} one-way only: replies have no route back   ${m.partial} partial: only some addresses converse   ${m.unintended} reachable, NOT intended   ${m.missing} intended, not reachable   ${m.none} no path`
            : `${m.twoWay} two-way (packets and replies, every address)   ${m.partial} partial: only some addresses converse   ${m.oneWay} one-way: replies have no route back   ${m.none} no path`,
    );
    if ((actual.undecided ?? []).length > 0) {
        lines.push(`${m.undecided} cannot be judged from this plan: the address range of ${actual.undecided!.join(", ")} is not in it (plan unit all, or the stack that holds the VPC)`);
    }
    return lines.join("\n");
}
