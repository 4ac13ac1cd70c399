/**
 * An independent reachability calculation for the tests: written apart from
 * analysis/reachability.ts (no code shared with it but the plan record type and the AWS
 * rules in aws/transit-gateway-routing.ts), by brute force — every pair, every candidate
 * address, every route scanned — so a bug in the analysis's indexes, classes or
 * shortcuts cannot hide in both.
 *
 * The rules (aws/transit-gateway-routing.ts):
 *  - a packet from attachment A is looked up in the TGW route table A is associated with;
 *    the most specific route wins, and among routes of one CIDR the origin listed first in
 *    `transitGatewayRouteOriginPriority` (static, blackholes included, before VPC-propagated);
 *    a blackhole or no route drops it;
 *  - a VPC sends an address to the TGW when, in one of its route tables, the most specific
 *    route for it targets a transit gateway; its own CIDR is local (a transit gateway is
 *    not among `moreSpecificThanLocalTargets`, so no route can take its own addresses away);
 *  - a VPC attachment propagates its VPC's CIDR; on-premises has the addresses of the
 *    static routes that point at it; a VPC outside the plan, or on-premises, is taken to
 *    send everything to the TGW;
 *  - coverage, per CIDR: A's packets get to B fully when every address of every block of
 *    B is delivered to B, partly when some are; a node of several attachments is got to
 *    fully when each of its attachments with addresses is got to fully from one
 *    attachment of the sender;
 *  - A and B converse (two-way) when each gets to the other fully; in part (partial) when
 *    each gets to the other but not both fully; one-way when only one gets to the other.
 *
 * Also here: the definition's intent computed from the definition alone, the blackholes
 * every table must hold, and `checkPlannedReachability` / `checkDefinitionFile`, which
 * plan a definition and compare the plan's printed matrix, its JSON map, this calculation
 * and the intent. Drop any definition file into a test that calls them.
 */
import * as assert from "assert";
import type { PlannedResource } from "../../analysis/plan-records";
import { MAX_PEERING_HOPS, moreSpecificThanLocalTargets, transitGatewayRouteOriginPriority, TransitGatewayRouteOrigin } from "../../aws/transit-gateway-routing";
import type { Definition } from "../../definition/schema";

const UNKNOWN = "<unknown>";

const TYPES = {
    vpc: "aws:ec2/vpc:Vpc",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    attachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    accepter: "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
    vpn: "aws:ec2/vpnConnection:VpnConnection",
    tgwTable: "aws:ec2transitgateway/routeTable:RouteTable",
    association: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    propagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
    peering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    peeringAccepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
};

// ---- addresses ---------------------------------------------------------------------

interface Range {
    first: number;
    last: number;
    prefix: number;
}

function range(text: unknown): Range | undefined {
    if (typeof text !== "string") return undefined;
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const address = ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
    const size = 2 ** (32 - prefix);
    const first = address - (address % size);
    return { first, last: first + size - 1, prefix };
}

const within = (p: number, r: Range) => p >= r.first && p <= r.last;

// ---- the plan as a graph ----------------------------------------------------------------

interface Endpoint {
    key: string;
    name: string;
    /** Addresses a packet can be sent to. */
    ranges: Range[];
    /** The VPC's route tables (each a list of routes); undefined when the VPC is not in the plan. */
    vpcTables?: { range: Range; toTgw: boolean }[][];
    /** URN of the TGW route table it is associated with. */
    table?: string;
    /** The VPC record, when the VPC is in the plan. */
    vpc?: PlannedResource;
}

interface TgwRoute {
    range: Range;
    origin: TransitGatewayRouteOrigin;
    /** Endpoint key, or undefined for a blackhole (or a peering). */
    target?: string;
    /** A route to a peering attachment: the peering, and the side (`requester`/`accepter`) the packet arrives on. */
    peering?: { key: string; arrivesOn: string };
}

/** A peering attachment: the transit gateway of each side, and the table each side associates it with. */
interface PeeringLink {
    tgw: Record<string, string | undefined>;
    table: Record<string, string | undefined>;
}

function tagOf(r: PlannedResource, key: string): string | undefined {
    const tags = r.inputs.tags as Record<string, unknown> | undefined;
    const v = tags?.[key];
    return typeof v === "string" && v !== UNKNOWN ? v : undefined;
}

class Graph {
    readonly endpoints = new Map<string, Endpoint>();
    readonly tables = new Map<string, { domain?: string; tgw?: string; routes: TgwRoute[] }>();
    readonly peerings = new Map<string, PeeringLink>();
    private readonly byUrn = new Map<string, PlannedResource>();
    private readonly byId = new Map<string, PlannedResource>();

    constructor(resources: PlannedResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const id = r.outputs?.id;
            if (typeof id === "string" && id !== UNKNOWN && id !== "") this.byId.set(id, r);
        }
        const ofType = (type: string) => resources.filter((r) => r.type === type);
        for (const t of ofType(TYPES.tgwTable)) this.tables.set(t.urn, { domain: tagOf(t, "landing-zone:domain"), tgw: this.tgwOf(t, "transitGatewayId"), routes: [] });
        for (const p of ofType(TYPES.peering)) this.peerings.set(p.urn, { tgw: { requester: this.tgwOf(p, "transitGatewayId"), accepter: this.tgwOf(p, "peerTransitGatewayId") }, table: {} });
        for (const a of ofType(TYPES.peeringAccepter)) {
            if (!this.refs(a, "transitGatewayAttachmentId").some((x) => x.type === TYPES.peering)) this.peerings.set(a.urn, { tgw: {}, table: {} });
        }

        for (const a of ofType(TYPES.attachment)) this.endpointOf(a, resources);
        for (const v of ofType(TYPES.vpn)) this.endpointOf(v, resources);

        for (const assoc of ofType(TYPES.association)) {
            const table = this.tableRef(assoc);
            const peering = this.peeringRef(assoc, table);
            if (peering) {
                if (table) this.peerings.get(peering.key)!.table[peering.side] = table;
                continue;
            }
            const e = this.attachmentRef(assoc, resources);
            if (!e || !table) continue;
            e.table = table;
            if (this.tables.get(table)!.domain === "onprem" && e.name.startsWith("attachment:")) e.name = "onprem";
        }
        const statics: { table: string; route: TgwRoute }[] = [];
        for (const route of ofType(TYPES.tgwRoute)) {
            const table = this.tableRef(route);
            const r = range(route.inputs.destinationCidrBlock);
            if (!table || !r) continue;
            if (route.inputs.blackhole === true) {
                statics.push({ table, route: { range: r, origin: "static" } });
                continue;
            }
            const peering = this.peeringRef(route, table);
            if (peering) {
                statics.push({ table, route: { range: r, origin: "static", peering: { key: peering.key, arrivesOn: peering.side === "requester" ? "accepter" : "requester" } } });
                continue;
            }
            const e = this.attachmentRef(route, resources);
            if (!e) continue;
            statics.push({ table, route: { range: r, origin: "static", target: e.key } });
            // On-premises and attachments outside the plan: their addresses are what is routed to them.
            if (!e.vpcTables && !e.ranges.some((x) => x.first === r.first && x.prefix === r.prefix)) e.ranges.push(r);
        }
        for (const prop of ofType(TYPES.propagation)) {
            if (this.peeringRef(prop, this.tableRef(prop))) continue; // a peering propagates nothing (static routes only)
            const e = this.attachmentRef(prop, resources);
            const table = this.tableRef(prop);
            if (!e || !table || this.byUrn.get(e.key)?.type === TYPES.vpn) continue; // BGP routes are not in a plan
            for (const r of e.ranges) this.tables.get(table)!.routes.push({ range: r, origin: "vpc-propagated", target: e.key });
        }
        for (const s of statics) this.tables.get(s.table)!.routes.push(s.route);
    }

    /** Records an input refers to: its dependencies, else a record whose id is the literal value. */
    private refs(r: PlannedResource, input: string): PlannedResource[] {
        const deps = (r.dependencies[input] ?? []).map((u) => this.byUrn.get(u)).filter((x): x is PlannedResource => !!x);
        if (deps.length > 0) return deps;
        const literal = r.inputs[input];
        const found = typeof literal === "string" ? this.byId.get(literal) : undefined;
        return found ? [found] : [];
    }

    /** A transit gateway an input designates: its record's URN, or the literal id. */
    private tgwOf(r: PlannedResource, input: string): string | undefined {
        const found = this.refs(r, input).find((x) => x.type === TYPES.tgw);
        if (found) return found.urn;
        const literal = r.inputs[input];
        return typeof literal === "string" && literal !== UNKNOWN && literal !== "" ? literal : undefined;
    }

    /**
     * The peering a `transitGatewayAttachmentId` designates, and the side `table` is on:
     * the side whose transit gateway owns the table, else the side of the record named
     * (the PeeringAttachment is the requester's, its accepter the other side's).
     */
    private peeringRef(r: PlannedResource, table: string | undefined): { key: string; side: "requester" | "accepter" } | undefined {
        for (const t of this.refs(r, "transitGatewayAttachmentId")) {
            let key: string | undefined;
            let named: "requester" | "accepter" | undefined;
            if (t.type === TYPES.peering) [key, named] = [t.urn, "requester"];
            if (t.type === TYPES.peeringAccepter) {
                const requested = this.refs(t, "transitGatewayAttachmentId").find((x) => x.type === TYPES.peering);
                [key, named] = [requested?.urn ?? t.urn, "accepter"];
            }
            if (!key || !named) continue;
            const link = this.peerings.get(key)!;
            const tgw = table ? this.tables.get(table)?.tgw : undefined;
            const side = tgw !== undefined && link.tgw.requester === tgw ? "requester" : tgw !== undefined && link.tgw.accepter === tgw ? "accepter" : named;
            return { key, side };
        }
        return undefined;
    }

    private tableRef(r: PlannedResource): string | undefined {
        return this.refs(r, "transitGatewayRouteTableId").find((x) => x.type === TYPES.tgwTable)?.urn;
    }

    private endpointOf(r: PlannedResource, resources: PlannedResource[]): Endpoint {
        const existing = this.endpoints.get(r.urn);
        if (existing) return existing;
        let e: Endpoint;
        if (r.type === TYPES.vpn) {
            e = { key: r.urn, name: "onprem", ranges: [] };
        } else if (r.type === TYPES.attachment) {
            const vpc = this.refs(r, "vpcId").find((x) => x.type === TYPES.vpc);
            if (vpc) {
                const name = tagOf(vpc, "landing-zone:role") === "hub" ? "hub" : (tagOf(vpc, "landing-zone:spoke") ?? tagOf(vpc, "Name") ?? r.urn);
                const own = range(vpc.inputs.cidrBlock);
                e = { key: r.urn, name, ranges: own ? [own] : [], vpcTables: this.vpcTables(vpc, resources), vpc };
            } else {
                e = { key: r.urn, name: tagOf(r, "landing-zone:spoke") ?? `attachment:${r.urn}`, ranges: [] };
            }
        } else {
            // An accepter of an attachment made in another stack.
            const tagged = range(tagOf(r, "landing-zone:cidr"));
            e = { key: r.urn, name: tagOf(r, "landing-zone:spoke") ?? tagOf(r, "Name") ?? r.urn, ranges: tagged ? [tagged] : [] };
        }
        this.endpoints.set(e.key, e);
        return e;
    }

    /** The endpoint a `transitGatewayAttachmentId` input designates, through accepters. */
    private attachmentRef(r: PlannedResource, resources: PlannedResource[], depth = 0): Endpoint | undefined {
        const targets = this.refs(r, "transitGatewayAttachmentId");
        for (const t of targets) {
            if (t.type === TYPES.attachment || t.type === TYPES.vpn) return this.endpointOf(t, resources);
            if (t.type === TYPES.accepter && depth < 4) {
                const inner = this.attachmentRef(t, resources, depth + 1);
                if (inner && inner.vpcTables) return inner;
                if (inner && this.byUrn.get(inner.key)?.type === TYPES.vpn) return inner;
                return this.endpointOf(t, resources);
            }
        }
        const literal = r.inputs.transitGatewayAttachmentId;
        if (targets.length === 0 && typeof literal === "string" && literal !== UNKNOWN && (r.dependencies.transitGatewayAttachmentId ?? []).length === 0) {
            const key = `id:${literal}`;
            let e = this.endpoints.get(key);
            if (!e) {
                e = { key, name: `attachment:${literal}`, ranges: [] };
                this.endpoints.set(key, e);
            }
            return e;
        }
        return undefined;
    }

    private vpcTables(vpc: PlannedResource, resources: PlannedResource[]): { range: Range; toTgw: boolean }[][] {
        const tables = resources.filter((t) => t.type === TYPES.routeTable && this.refs(t, "vpcId").some((x) => x.urn === vpc.urn));
        return tables.map((t) => {
            const routes: { range: Range; toTgw: boolean }[] = [];
            const toTgw = (x: Record<string, unknown>) => x.transitGatewayId !== undefined && x.transitGatewayId !== null && x.transitGatewayId !== "";
            for (const inline of Array.isArray(t.inputs.routes) ? (t.inputs.routes as Record<string, unknown>[]) : []) {
                const r = range(inline.cidrBlock);
                if (r) routes.push({ range: r, toTgw: toTgw(inline) });
            }
            for (const route of resources.filter((x) => x.type === TYPES.route && this.refs(x, "routeTableId").some((y) => y.urn === t.urn))) {
                const r = range(route.inputs.destinationCidrBlock);
                if (r) routes.push({ range: r, toTgw: toTgw(route.inputs) });
            }
            return routes;
        });
    }
}

/** The best TGW route for an address: longest prefix, then the AWS origin priority. */
function bestTgwRoute(routes: TgwRoute[], p: number): TgwRoute | undefined {
    let best: TgwRoute | undefined;
    for (const r of routes) {
        if (!within(p, r.range)) continue;
        if (
            !best ||
            r.range.prefix > best.range.prefix ||
            (r.range.prefix === best.range.prefix && transitGatewayRouteOriginPriority.indexOf(r.origin) < transitGatewayRouteOriginPriority.indexOf(best.origin))
        ) {
            best = r;
        }
    }
    return best;
}

/** Does the VPC send `p` to the TGW (some route table whose most specific route for `p` targets it)? */
function vpcSendsToTgw(e: Endpoint, p: number): boolean {
    // Local: the VPC's own addresses. Only NAT gateways, network interfaces and GWLB
    // endpoints may be more specific than the local route, never a transit gateway.
    const tgwCanOverrideLocal = moreSpecificThanLocalTargets.includes("transit-gateway");
    if (!tgwCanOverrideLocal && e.ranges.some((own) => within(p, own))) return false;
    if (!e.vpcTables) return true;
    return e.vpcTables.some((routes) => {
        let best: { range: Range; toTgw: boolean } | undefined;
        for (const r of routes) if (within(p, r.range) && (!best || r.range.prefix > best.range.prefix)) best = r;
        return best?.toTgw === true;
    });
}

/**
 * Where a packet for `p` looked up in `table` ends: the endpoint a route to an attachment
 * names; over a peering, the endpoint the receiving side's associated table names (no
 * association there: dropped); never over more than MAX_PEERING_HOPS peerings.
 */
function destinationOf(graph: Graph, table: string, p: number, maxHops: number, hops = 0): string | undefined {
    const best = bestTgwRoute(graph.tables.get(table)!.routes, p);
    if (!best) return undefined;
    if (!best.peering) return best.target;
    if (hops >= maxHops) return undefined;
    const there = graph.peerings.get(best.peering.key)!.table[best.peering.arrivesOn];
    return there ? destinationOf(graph, there, p, maxHops, hops + 1) : undefined;
}

/** Every TGW route range a lookup from `table` may meet: its own, and those of every table reachable over its peering routes. */
function tgwRanges(graph: Graph, table: string, maxHops: number, hops = 0, seen = new Set<string>()): Range[] {
    const routes = graph.tables.get(table)!.routes;
    const out = routes.map((r) => r.range);
    if (hops >= maxHops || seen.has(table)) return out;
    seen.add(table);
    for (const r of routes) {
        const there = r.peering ? graph.peerings.get(r.peering.key)!.table[r.peering.arrivesOn] : undefined;
        if (there) out.push(...tgwRanges(graph, there, maxHops, hops + 1, seen));
    }
    return out;
}

/**
 * How much of `to`'s addresses `from`'s packets get to: every candidate address (each
 * block's start and every route's and range's edge inside it) stands for the segment up
 * to the next one, over which no route changes.
 */
function forward(graph: Graph, from: Endpoint, to: Endpoint, maxHops: number): "full" | "partial" | "none" {
    if (!from.table || from === to || to.ranges.length === 0) return "none";
    const edges = [...tgwRanges(graph, from.table, maxHops), ...(from.vpcTables ?? []).flat().map((r) => r.range), ...from.ranges];
    let delivered = 0;
    let dropped = 0;
    for (const block of to.ranges) {
        const candidates = new Set<number>([block.first]);
        for (const r of edges) for (const p of [r.first, r.last + 1]) if (within(p, block)) candidates.add(p);
        for (const p of candidates) {
            if (vpcSendsToTgw(from, p) && destinationOf(graph, from.table, p, maxHops) === to.key) delivered++;
            else dropped++;
        }
    }
    return delivered === 0 ? "none" : dropped === 0 ? "full" : "partial";
}

/**
 * The hubs' names: `hub` alone; `hub@<region>` when the plan holds several hubs, or
 * `multiRegion` — the Region from the VPC (`region` input, `landing-zone:region` tag, its
 * provider's `region`), else from its transit gateway's, else the VPC's logical name.
 */
function nameHubs(graph: Graph, resources: PlannedResource[], multiRegion: boolean): void {
    const hubs = [...graph.endpoints.values()].filter((e) => e.name === "hub" && e.vpc);
    if (hubs.length < 2 && !multiRegion) return;
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const regionOf = (r: PlannedResource | undefined): string | undefined => {
        if (!r) return undefined;
        const own = r.inputs.region;
        if (typeof own === "string" && own !== UNKNOWN && own !== "") return own;
        const tagged = tagOf(r, "landing-zone:region");
        if (tagged) return tagged;
        const provider = r.provider ? byUrn.get(r.provider) : undefined;
        const fromProvider = provider?.inputs.region;
        return typeof fromProvider === "string" && fromProvider !== UNKNOWN && fromProvider !== "" ? fromProvider : undefined;
    };
    for (const hub of hubs) {
        const tgw = hub.table ? graph.tables.get(hub.table)?.tgw : undefined;
        const region = regionOf(hub.vpc) ?? regionOf(tgw ? byUrn.get(tgw) : undefined) ?? hub.vpc!.name;
        if (region) hub.name = `hub@${region}`;
    }
}

export type Matrix = Record<string, string[]>;
export interface TwoWay {
    reachable: Matrix;
    oneWay: Matrix;
    /** Pairs that converse between some of their addresses only (symmetric). */
    partial?: Matrix;
    /** Nodes whose addresses the plan does not know (their paths cannot be judged). */
    undecided?: string[];
}

/**
 * Two-way, partial and one-way reachability of a plan, by brute force. `multiRegion`:
 * the environment has hubs in several Regions (each hub is `hub@<region>` even in a plan
 * that holds one). `maxPeeringHops`: how many peerings a packet may cross — AWS's reading
 * (MAX_PEERING_HOPS, one) by default; more judges the plan as if peering were transitive,
 * the pessimistic reading for segmentation.
 */
export function independentReachability(resources: PlannedResource[], multiRegion = false, maxPeeringHops = MAX_PEERING_HOPS): TwoWay {
    const graph = new Graph(resources);
    nameHubs(graph, resources, multiRegion);
    const endpoints = [...graph.endpoints.values()];
    const names = [...new Set(endpoints.map((e) => e.name))];
    const cover = new Map<string, "full" | "partial" | "none">();
    for (const a of names) {
        for (const b of names) {
            if (a === b) continue;
            const senders = endpoints.filter((e) => e.name === a);
            const receivers = endpoints.filter((e) => e.name === b && e.ranges.length > 0);
            const per = receivers.map((r) => senders.map((s) => forward(graph, s, r, maxPeeringHops)));
            const c = per.every((row) => row.every((x) => x === "none")) ? "none" : per.every((row) => row.includes("full")) ? "full" : "partial";
            cover.set(`${a}\u0000${b}`, c);
        }
    }
    const has = (a: string, b: string) => (cover.get(`${a}\u0000${b}`) ?? "none") !== "none";
    const full = (a: string, b: string) => cover.get(`${a}\u0000${b}`) === "full";
    // A node with no known address (not on-premises, which may have none) cannot be sent
    // to, so whether it would answer cannot be told: its paths are not one-way, just unknown.
    const unknown = new Set(names.filter((n) => n !== "onprem" && endpoints.filter((e) => e.name === n).every((e) => e.ranges.length === 0)));
    const reachable: Matrix = {};
    const partial: Matrix = {};
    const oneWay: Matrix = {};
    for (const a of names) {
        reachable[a] = names.filter((b) => full(a, b) && full(b, a)).sort();
        const part = names.filter((b) => has(a, b) && has(b, a) && !(full(a, b) && full(b, a))).sort();
        if (part.length) partial[a] = part;
        const single = names.filter((b) => has(a, b) && !has(b, a) && !unknown.has(a) && !unknown.has(b)).sort();
        if (single.length) oneWay[a] = single;
    }
    return { reachable, oneWay, partial, ...(unknown.size ? { undecided: [...unknown].sort() } : {}) };
}

// ---- what the definition intends, from the definition alone -----------------------------

/**
 * The hubs of a definition, read from it directly: the home Region's (`network.hub`) and
 * one per other Region of `network.regions`; named `hub@<region>` when there are several.
 */
export function hubsOf(definition: Definition): { name: string; region: string; cidr: string }[] {
    const regions = (definition.network as { regions?: Record<string, { hub: { cidr: string } }> }).regions ?? {};
    const others = Object.entries(regions).filter(([r]) => r !== definition.region);
    const all = [{ region: definition.region, cidr: definition.network.hub.cidr }, ...others.map(([region, r]) => ({ region, cidr: r.hub.cidr }))];
    return all.map((h) => ({ ...h, name: all.length > 1 ? `hub@${h.region}` : "hub" }));
}

/**
 * The intent: route domains are global (a spoke's Region does not change what its domain
 * reaches); members of a domain are its spokes, plus every Region's hub for `shared` and
 * on-premises (when connected) for `onprem`; two members converse when each one's domain
 * lists the other's, and one member sends one-way when its domain lists the other's in
 * `reaches` and `oneWay`.
 */
export function independentIntent(definition: Definition): TwoWay {
    const domains = definition.network.transitGateway.domains;
    const hubs = hubsOf(definition);
    const members: [string, string][] = [...hubs.map((h) => [h.name, "shared"] as [string, string]), ...definition.spokes.map((s) => [s.name, s.domain] as [string, string])];
    if (definition.network.transitGateway.onPremises) members.push(["onprem", "onprem"]);
    const lists = (from: string, to: string) => (domains[from]?.reaches ?? []).includes(to);
    const reachable: Matrix = {};
    const oneWay: Matrix = {};
    for (const [a, da] of members) {
        reachable[a] = [];
        for (const [b, db] of members) {
            if (a === b) continue;
            if (lists(da, db) && lists(db, da)) reachable[a].push(b);
            else if (lists(da, db) && (domains[da]?.oneWay ?? []).includes(db)) (oneWay[a] ??= []).push(b);
        }
        reachable[a].sort();
        oneWay[a]?.sort();
    }
    return { reachable, oneWay };
}

/**
 * The blackholes the README promises: in the route table of every domain D, every address
 * of every domain D does not list in `reaches` (the VPCs of its members — the hub's for
 * `shared` — or the on-premises ranges for `onprem`) is covered by a blackhole. Returns
 * what is missing, as "`<domain>` table: no blackhole over <cidr> (<what>)".
 */
export function missingBlackholes(definition: Definition, resources: PlannedResource[]): string[] {
    const domains = definition.network.transitGateway.domains;
    // Every table tagged with a domain of the definition (one per domain per Region).
    const tableOf = new Map<string, string>();
    for (const t of resources.filter((r) => r.type === TYPES.tgwTable)) {
        const d = tagOf(t, "landing-zone:domain");
        if (d && (d in domains || d === "onprem")) tableOf.set(t.urn, d);
    }
    const blackholes = new Map<string, Range[]>();
    for (const r of resources.filter((x) => x.type === TYPES.tgwRoute && x.inputs.blackhole === true)) {
        const table = (r.dependencies.transitGatewayRouteTableId ?? []).find((u) => tableOf.has(u));
        const block = range(r.inputs.destinationCidrBlock);
        if (table && block) blackholes.set(table, [...(blackholes.get(table) ?? []), block]);
    }
    const addresses = (domain: string): { cidr: string; what: string }[] => {
        if (domain === "onprem") return definition.network.dns.onPremises.cidrs.map((cidr) => ({ cidr, what: "on-premises" }));
        const hub = domain === "shared" ? hubsOf(definition).map((h) => ({ cidr: h.cidr, what: h.name })) : [];
        return [...hub, ...definition.spokes.filter((s) => s.domain === domain).map((s) => ({ cidr: s.cidr, what: `spoke ${s.name}` }))];
    };
    // Is every address of `block` inside some blackhole? (Blackholes may be summaries.)
    const covered = (block: Range, holes: Range[]) => {
        let next = block.first;
        for (const h of [...holes].sort((a, b) => a.first - b.first)) {
            if (h.first <= next && h.last >= next) next = h.last + 1;
            if (next > block.last) return true;
        }
        return next > block.last;
    };
    const missing: string[] = [];
    const tablesOf = (d: string) => [...tableOf.entries()].filter(([, domain]) => domain === d).map(([urn]) => urn);
    for (const d of Object.keys(domains)) {
        const targets = [...new Set([...Object.keys(domains), "onprem"])].filter((e) => !domains[d].reaches.includes(e));
        // A domain's table in every Region (a domain with no table in the plan: its absence is not a blackhole's to report).
        const tables = tablesOf(d);
        for (const table of tables.length > 0 ? tables : [undefined]) {
            const where = tables.length > 1 ? `${d} table ${table}` : `${d} table`;
            for (const e of targets) {
                for (const a of addresses(e)) {
                    if (!covered(range(a.cidr)!, table ? (blackholes.get(table) ?? []) : [])) missing.push(`${where}: no blackhole over ${a.cidr} (${a.what}, domain ${e})`);
                }
            }
        }
    }
    return missing;
}

// ---- the printed matrix, read back -------------------------------------------------------

/** The printed matrix's cells, `row → column → mark`, read from its text. */
export function parsePrintedMatrix(text: string): Record<string, Record<string, string>> {
    const lines = text.split("\n");
    const legend = new Map<number, string>();
    for (const line of lines) {
        const m = /^\s*(\d+) (\S+)$/.exec(line);
        if (m) legend.set(Number(m[1]), m[2]);
    }
    const cells: Record<string, Record<string, string>> = {};
    for (const line of lines.slice(2)) {
        const m = /^(\S+)\s*│ (.*)$/.exec(line);
        if (!m) continue;
        const marks = m[2].match(/.{1,3}/g)!.map((c) => c.trim());
        cells[m[1]] = Object.fromEntries([...legend.entries()].map(([i, name]) => [name, marks[i - 1] ?? ""]));
    }
    return cells;
}

/** Normalized: every node a key, lists sorted, empty one-way and partial lists dropped. */
function normalize(m: TwoWay, nodes: string[]): TwoWay {
    const reachable: Matrix = {};
    const oneWay: Matrix = {};
    const partial: Matrix = {};
    for (const n of nodes) {
        reachable[n] = [...(m.reachable[n] ?? [])].sort();
        if ((m.oneWay[n] ?? []).length) oneWay[n] = [...m.oneWay[n]].sort();
        if ((m.partial?.[n] ?? []).length) partial[n] = [...m.partial![n]].sort();
    }
    return { reachable, oneWay, partial };
}

const kindOf = (m: TwoWay, a: string, b: string) =>
    (m.reachable[a] ?? []).includes(b) ? "two-way" : (m.partial?.[a] ?? []).includes(b) ? "partial" : (m.oneWay[a] ?? []).includes(b) ? "one-way" : "none";

/** The mark the printed matrix must show for a cell, derived from an independent result and the intent. */
export function expectedMark(actual: TwoWay, a: string, b: string, intended?: TwoWay): string {
    const x = kindOf(actual, a, b);
    const markOf = (k: string) => (k === "two-way" ? "●" : k === "partial" ? "±" : k === "one-way" ? "→" : "·");
    if (!intended) return markOf(x);
    const i = kindOf(intended, a, b);
    if (x === i) return markOf(x);
    if (x === "none") return "○";
    if (x === "one-way" && i === "two-way") return "◐";
    if (x === "partial" && i === "two-way") return "±";
    return "✗";
}

export interface ReachabilityCheck {
    /** The independent calculation. */
    independent: TwoWay;
    /** The definition's intent (independent of analysis/). */
    intended: TwoWay;
}

/**
 * Compares, on one plan of a definition: the plan's `--json` maps (`reachability`,
 * `reachabilityOneWay`), its printed matrix (every cell) and the independent calculation
 * with each other, and all with the definition's intent; and that every table has its
 * blackholes. Throws an assertion error naming the first difference.
 */
export function assertPlanReachability(
    definition: Definition,
    resources: PlannedResource[],
    printed: { matrix: string; json: { reachability: Matrix; reachabilityOneWay: Matrix; reachabilityPartial: Matrix } },
    label: string,
): ReachabilityCheck {
    const independent = independentReachability(resources, hubsOf(definition).length > 1);
    const intended = independentIntent(definition);
    const nodes = [...new Set([...Object.keys(independent.reachable), ...Object.keys(intended.reachable), ...Object.keys(printed.json.reachability)])].sort();
    const json = normalize({ reachable: printed.json.reachability, oneWay: printed.json.reachabilityOneWay, partial: printed.json.reachabilityPartial }, nodes);
    assert.deepStrictEqual(json, normalize(independent, nodes), `${label}: the plan's JSON reachability differs from the independent calculation`);
    const cells = parsePrintedMatrix(printed.matrix);
    for (const a of nodes) {
        for (const b of nodes) {
            if (a === b) continue;
            assert.strictEqual(cells[a]?.[b], expectedMark(independent, a, b, intended), `${label}: printed cell ${a} → ${b}`);
        }
    }
    assert.deepStrictEqual(normalize(independent, nodes), normalize(intended, nodes), `${label}: the planned routes do not carry what the definition intends`);
    assert.deepStrictEqual(missingBlackholes(definition, resources), [], `${label}: blackholes missing`);
    return { independent, intended };
}

/**
 * Plans a definition file (unit `all`, the real program under the mock runtime) and runs
 * `assertPlanReachability` on it: the helper for held-out definitions.
 */
export async function checkDefinitionFile(file: string): Promise<ReachabilityCheck> {
    const { loadForPlan } = await import("../../tools/plan/run");
    const { sharedPlan } = await import("./plans");
    const { reachabilitySection } = await import("../../tools/plan/render");
    const { definition } = loadForPlan(file);
    const plan = await sharedPlan({ definitionFile: file, unit: "all", definition });
    const section = reachabilitySection(plan.resources, definition);
    return assertPlanReachability(definition, plan.resources, { matrix: section.lines[1], json: section.json }, file);
}
