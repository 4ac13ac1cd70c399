/**
 * Reachability through the transit gateway, computed from a plan's resources — not from
 * the definition — so it proves what would actually be deployed.
 *
 * Model (what AWS does):
 *  - A source VPC sends a destination address to the TGW only when the longest-prefix
 *    match in one of its route tables targets a transit gateway (the VPC's own CIDR is
 *    always local).
 *  - The TGW looks the address up in the route table its attachment is associated with
 *    (no association: the TGW drops the traffic). Routes are the CIDRs of the
 *    attachments propagated into that table, plus static routes; longest prefix wins,
 *    a static route (blackhole included) wins over a propagated one of equal prefix.
 *  - The address reaches the VPC (or on-premises range) of the attachment the route
 *    points at. A destination counts as reachable when any part of it is.
 *
 * Ids are unknown in a preview plan, so references are followed through `dependencies`
 * (input name → URNs); a known literal id is matched against the resources' ids.
 * Names: a VPC's `landing-zone:spoke` tag, `hub` for `landing-zone:role: hub`, else its
 * `Name` tag; an accepter's tags when the spoke's VPC is in another stack; `onprem` for
 * a VPN connection, a Direct Connect gateway association, or any attachment associated
 * with the route table tagged `landing-zone:domain: onprem`.
 *
 * Cost: one pass to index resources, then per TGW route table a lookup per destination,
 * then per source only the destinations its table delivers to. No resource is scanned
 * per pair.
 */
import { networkOf, tryBounds } from "../definition/cidr";
import { Definition } from "../definition/schema";
import { ONPREM_DOMAIN, SHARED_DOMAIN, hasOnPremisesConnection, onPremisesCidrs } from "../network/domains";
import { PlannedResource, UNKNOWN } from "./plan-records";

/** `{ from: [to, ...] }` keyed by spoke name, `hub` and `onprem`; lists sorted. */
export type ReachabilityMatrix = Record<string, string[]>;

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
}

type TgwTarget = { node: string } | { blackhole: true };

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
            if (block) table.add(block, isTransitGatewayTarget(route), 0);
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
        if (table && block) table.add(block, isTransitGatewayTarget(route.inputs), 0);
    }
    // The VPC's own CIDR is local in every table and beats any route of equal prefix.
    for (const vpc of index.of(T.vpc)) {
        const block = parseBlock(vpc.inputs.cidrBlock);
        for (const table of byVpc.get(vpc.urn) ?? []) if (block) table.add(block, false, 1);
    }
    return byVpc;
}

/** Builds the attachment nodes and resolves attachment references to node keys. */
class Attachments {
    readonly nodes = new Map<string, Node>();

    constructor(
        private readonly index: PlanIndex,
        private readonly routes: Map<string, RouteTableIndex<boolean>[]>,
    ) {
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
            return n;
        }
        return undefined;
    }
}

/** Computes which VPCs and on-premises ranges each attachment reaches through the TGW. */
export function computeReachability(resources: PlannedResource[]): ReachabilityMatrix {
    const index = new PlanIndex(resources);
    const attachments = new Attachments(index, vpcRouteTables(index));

    // TGW route tables, by URN (or literal id).
    const tgwTables = new Map<string, { domain?: string; routes: RouteTableIndex<TgwTarget> }>();
    for (const rt of index.of(T.tgwRouteTable)) tgwTables.set(rt.urn, { domain: tag(rt, "landing-zone:domain"), routes: new RouteTableIndex() });
    const tableOf = (r: PlannedResource) => {
        const rt = index.ref(r, "transitGatewayRouteTableId", T.tgwRouteTable);
        return rt && tgwTables.has(rt.urn) ? rt.urn : undefined;
    };

    for (const assoc of index.of(T.association)) {
        const node = attachments.resolve(assoc);
        const table = tableOf(assoc);
        if (!node || !table) continue;
        node.routeTable = table;
        if (tgwTables.get(table)!.domain === ONPREM_DOMAIN) node.name ??= ONPREM;
    }

    // Static routes first: they also tell which ranges an on-premises attachment holds.
    const statics: { table: string; block: Block; target: TgwTarget }[] = [];
    for (const route of index.of(T.tgwRoute)) {
        const table = tableOf(route);
        const block = parseBlock(route.inputs.destinationCidrBlock);
        if (!table || !block) continue;
        if (route.inputs.blackhole === true) {
            statics.push({ table, block, target: { blackhole: true } });
            continue;
        }
        const node = attachments.resolve(route);
        if (!node) continue;
        statics.push({ table, block, target: { node: node.key } });
        if (node.kind !== "vpc" && !node.cidrs.some((c) => c.start === block.start && c.len === block.len)) node.cidrs.push(block);
    }
    for (const prop of index.of(T.propagation)) {
        const node = attachments.resolve(prop);
        const table = tableOf(prop);
        // A VPN's BGP routes are not in the plan: only VPC CIDRs propagate here.
        if (!node || !table || node.kind === "vpn") continue;
        for (const block of node.cidrs) tgwTables.get(table)!.routes.add(block, { node: node.key }, 0);
    }
    for (const s of statics) tgwTables.get(s.table)!.routes.add(s.block, s.target, 1);

    // Per TGW route table: the destination nodes it delivers some address of, and where.
    const named = [...attachments.nodes.values()].filter((n) => n.name !== undefined || n.routeTable !== undefined);
    const delivered = new Map<string, Map<string, { block: Block; points: number[] }[]>>();
    for (const [urn, table] of tgwTables) {
        const perNode = new Map<string, { block: Block; points: number[] }[]>();
        for (const dest of named) {
            for (const block of dest.cidrs) {
                const points = [block.start, ...table.routes.boundaries(block)];
                const hits = points.filter((p) => {
                    const target = table.routes.lookup(p);
                    return target !== undefined && "node" in target && target.node === dest.key;
                });
                if (hits.length === 0) continue;
                const list = perNode.get(dest.key) ?? [];
                list.push({ block, points });
                perNode.set(dest.key, list);
            }
        }
        delivered.set(urn, perNode);
    }

    // Does `source` reach `destKey` (whose blocks its TGW table delivers)? Checked at every
    // address where the TGW table or the source's own route tables may switch next hop.
    const reaches = (source: Node, destKey: string): boolean => {
        const table = tgwTables.get(source.routeTable!)!;
        const blocks = delivered.get(source.routeTable!)!.get(destKey) ?? [];
        return blocks.some(({ block, points }) => {
            const vpcPoints = (source.vpcRoutes ?? []).flatMap((t) => t.boundaries(block));
            return [...points, ...vpcPoints].some((p) => {
                const target = table.routes.lookup(p);
                if (!target || !("node" in target) || target.node !== destKey) return false;
                // A VPC outside this plan (another stack): its route tables cannot be checked.
                if (!source.vpcRoutes) return true;
                return source.vpcRoutes.some((t) => t.lookup(p) === true);
            });
        });
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
    const record = (source: Node, reached: Set<string>): void => {
        const name = nameOf(source);
        matrix[name] = [...new Set([...(matrix[name] ?? []), ...reached])].sort();
    };
    for (const source of named) if (!source.routeTable) record(source, new Set());
    for (const members of classes.values()) {
        const representative = members[0];
        const destinations = [...delivered.get(representative.routeTable!)!.keys()];
        const byRepresentative = new Map(destinations.filter((d) => d !== representative.key).map((d) => [d, reaches(representative, d)]));
        const nearRepresentative = overlapping(representative);
        for (const source of members) {
            const reached = new Set<string>();
            const nearSource = overlapping(source);
            for (const destKey of destinations) {
                if (destKey === source.key) continue;
                const shared = destKey !== representative.key && !nearSource.has(destKey) && !nearRepresentative.has(destKey);
                if (shared ? byRepresentative.get(destKey) : reaches(source, destKey)) reached.add(nameOf(attachments.nodes.get(destKey)!));
            }
            record(source, reached);
        }
    }
    return sortKeys(matrix);
}

function sortKeys(m: ReachabilityMatrix): ReachabilityMatrix {
    const order = (k: string) => (k === HUB ? 0 : k === ONPREM ? 2 : 1);
    return Object.fromEntries(Object.keys(m).sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((k) => [k, m[k]]));
}

/**
 * What the definition's domains intend: a spoke reaches every other spoke of the domains
 * its domain `reaches`, the hub when it reaches `shared`, on-premises when it reaches
 * `onprem` (and on-premises is connected with ranges to route). Self is never listed.
 */
export function intendedReachability(definition: Definition): ReachabilityMatrix {
    const domains = definition.network.transitGateway.domains;
    const onPremises = hasOnPremisesConnection(definition) && onPremisesCidrs(definition).length > 0;
    const membersOf = (domain: string): string[] => {
        if (domain === SHARED_DOMAIN) return [HUB];
        if (domain === ONPREM_DOMAIN) return onPremises ? [ONPREM] : [];
        return definition.spokes.filter((s) => s.domain === domain).map((s) => s.name);
    };
    const reachOf = (self: string, domain: string) =>
        [...new Set((domains[domain]?.reaches ?? []).flatMap(membersOf))].filter((n) => n !== self).sort();
    const matrix: ReachabilityMatrix = { [HUB]: reachOf(HUB, SHARED_DOMAIN) };
    for (const spoke of definition.spokes) matrix[spoke.name] = reachOf(spoke.name, spoke.domain);
    if (onPremises || hasOnPremisesConnection(definition)) matrix[ONPREM] = reachOf(ONPREM, ONPREM_DOMAIN);
    return sortKeys(matrix);
}

export interface ReachabilityDifference {
    from: string;
    to: string;
    /** `unintended`: a path the domains do not allow; `missing`: an allowed path the plan does not build. */
    kind: "unintended" | "missing";
}

/** Differences between a computed and an intended matrix (rows of either). */
export function compareReachability(actual: ReachabilityMatrix, intended: ReachabilityMatrix): ReachabilityDifference[] {
    const out: ReachabilityDifference[] = [];
    for (const from of [...new Set([...Object.keys(actual), ...Object.keys(intended)])]) {
        const a = new Set(actual[from] ?? []);
        const i = new Set(intended[from] ?? []);
        for (const to of a) if (!i.has(to)) out.push({ from, to, kind: "unintended" });
        for (const to of i) if (!a.has(to)) out.push({ from, to, kind: "missing" });
    }
    return out;
}

/**
 * The matrix as a text table: rows are sources, columns destinations. `●` reachable,
 * `·` not. With `intended`, `✗` marks an unintended path and `○` a missing one.
 */
export function formatReachabilityMatrix(matrix: ReachabilityMatrix, intended?: ReachabilityMatrix): string {
    const names = Object.keys(sortKeys({ ...Object.fromEntries(Object.keys(intended ?? {}).map((k) => [k, []])), ...matrix }));
    const columns = [...new Set([...names, ...Object.values(matrix).flat(), ...Object.values(intended ?? {}).flat()])];
    const cell = (from: string, to: string): string => {
        const reach = (matrix[from] ?? []).includes(to);
        if (!intended) return reach ? "●" : "·";
        const want = (intended[from] ?? []).includes(to);
        return reach && want ? "●" : reach ? "✗" : want ? "○" : "·";
    };
    const width = Math.max("from \\ to".length, ...names.map((n) => n.length));
    const header = `${"from \\ to".padEnd(width)} │ ${columns.map((c, i) => String(i + 1).padStart(2)).join(" ")}`;
    const lines = [header, `${"─".repeat(width)}─┼${"─".repeat(columns.length * 3)}`];
    for (const from of names) lines.push(`${from.padEnd(width)} │ ${columns.map((to) => cell(from, to).padStart(2)).join(" ")}`);
    lines.push("", ...columns.map((c, i) => `${String(i + 1).padStart(2)} ${c}`));
    lines.push("", intended ? "● reachable as intended   ✗ reachable, NOT intended   ○ intended, not reachable   · no path" : "● reachable   · no path");
    return lines.join("\n");
}
