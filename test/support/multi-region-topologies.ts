/**
 * Random multi-Region topologies for the reachability property tests (fast-check): a
 * definition with two or three Regions (a hub each, spokes in any Region, route domains
 * that span them) and the plan records a network program following the design would
 * produce for it — shaped as the provider's resources (analysis/plan-records.ts,
 * "The records of more than one Region") — optionally broken by a few random mutations.
 *
 * The design built here (each Region r):
 *  - a transit gateway; one route table per domain (tag `landing-zone:domain`, and
 *    `landing-zone:one-way-to:<domain>` per declared one-way reach); the route table the
 *    Region's peerings are associated with: one of its own (tag `landing-zone:role:
 *    peering`), or — with `peeringLookup` and a domain that reaches every domain some
 *    domain reaches — that domain's table (decided here, not by network/domains.ts);
 *  - each VPC attachment associated with its domain's table, and propagated into the
 *    table of every domain that reaches its domain, and into the peering table of its own
 *    when there is one and some domain reaches its domain (remote senders arrive there);
 *  - a peering per pair of Regions (full mesh): PeeringAttachment in the first Region,
 *    its accepter in the second, each side associated with its Region's peering table;
 *  - in each domain's table: a static route to the peering for every remote VPC of a
 *    domain it reaches, and a blackhole over every VPC (any Region) of a domain it does
 *    not reach.
 * Mutations: a route, propagation or association removed; a wrong static route (to
 * another attachment or peering, sometimes a sub-block); a peering table routing a remote
 * CIDR out over another peering (a two-hop path, never delivered).
 */
import * as fc from "fast-check";
import type { PlannedResource } from "../../analysis/plan-records";
import { Definition, definitionSchema } from "../../definition/schema";

const REGION_POOL = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const DOMAIN_POOL = ["apps", "data", "jobs"];
const UNKNOWN = "<unknown>";

type Pair = "none" | "two-way" | "a-to-b" | "b-to-a";

export interface TopologyShape {
    regionCount: number;
    domainCount: number;
    reflexive: boolean[];
    pairs: Pair[];
    spokes: { domain: number; region: number }[];
    /** Associate the peerings with a domain's table when one reaches every reached domain. @default false */
    peeringLookup?: boolean;
    mutations: { kind: "drop-route" | "drop-propagation" | "drop-association" | "wrong-route" | "two-hop"; a: number; b: number; c: number; sub: boolean }[];
}

/**
 * A fixed case both the analysis and the pack test: three Regions, apps spokes in the first
 * two, a data spoke in the third; shared-apps and shared-data two-way, apps-data none.
 */
export const threeRegionShape: TopologyShape = {
    regionCount: 3,
    domainCount: 2,
    reflexive: [true, true, false, false],
    pairs: ["two-way", "two-way", "none", "none", "none", "none"],
    spokes: [
        { domain: 1, region: 0 },
        { domain: 1, region: 1 },
        { domain: 2, region: 2 },
    ],
    mutations: [],
};

export const topologyShapes = (maxMutations: number): fc.Arbitrary<TopologyShape> =>
    fc.record({
        regionCount: fc.integer({ min: 2, max: 3 }),
        domainCount: fc.integer({ min: 0, max: 3 }),
        reflexive: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        pairs: fc.array(fc.constantFrom<Pair>("none", "two-way", "two-way", "a-to-b", "b-to-a"), { minLength: 6, maxLength: 6 }),
        spokes: fc.array(fc.record({ domain: fc.integer({ min: 0, max: 3 }), region: fc.integer({ min: 0, max: 2 }) }), { maxLength: 7 }),
        peeringLookup: fc.boolean(),
        mutations: fc.array(
            fc.record({
                kind: fc.constantFrom("drop-route", "drop-propagation", "drop-association", "wrong-route", "two-hop"),
                a: fc.nat(),
                b: fc.nat(),
                c: fc.nat(),
                sub: fc.boolean(),
            }),
            { maxLength: maxMutations },
        ),
    }) as fc.Arbitrary<TopologyShape>;

/** The definition of a shape (valid: every reach reciprocated or declared one-way; no address overlaps). */
export function topologyDefinition(s: TopologyShape): Definition {
    const regions = REGION_POOL.slice(0, s.regionCount);
    const others = DOMAIN_POOL.slice(0, s.domainCount);
    const domains = ["shared", ...others];
    const reaches = new Map(domains.map((d) => [d, new Set<string>()]));
    const oneWay = new Map(domains.map((d) => [d, new Set<string>()]));
    domains.forEach((d, i) => s.reflexive[i] && reaches.get(d)!.add(d));
    let k = 0;
    for (let i = 0; i < domains.length; i++) {
        for (let j = i + 1; j < domains.length; j++) {
            const [a, b] = [domains[i], domains[j]];
            const pair = s.pairs[k++ % s.pairs.length];
            if (pair === "two-way") [reaches.get(a)!.add(b), reaches.get(b)!.add(a)];
            if (pair === "a-to-b") [reaches.get(a)!.add(b), oneWay.get(a)!.add(b)];
            if (pair === "b-to-a") [reaches.get(b)!.add(a), oneWay.get(b)!.add(a)];
        }
    }
    const domainsInput = Object.fromEntries(domains.map((d) => [d, { reaches: [...reaches.get(d)!], ...(oneWay.get(d)!.size ? { oneWay: [...oneWay.get(d)!] } : {}) }]));
    const spokes = s.spokes.map((sp, n) => ({
        name: `s${n}`,
        account: "network",
        cidr: `10.${100 + n}.0.0/16`,
        domain: domains[sp.domain % domains.length],
        region: regions[sp.region % regions.length],
    }));
    return definitionSchema.parse({
        environment: "multi",
        region: regions[0],
        accounts: { network: "400000000002" },
        network: {
            account: "network",
            transitGateway: { domains: domainsInput },
            hub: { cidr: "10.0.0.0/22", availabilityZones: 2 },
            endpoints: { services: [] },
            regions: Object.fromEntries(regions.slice(1).map((r, i) => [r, { hub: { cidr: `10.0.${4 * (i + 1)}.0/22`, availabilityZones: 2 }, transitGateway: { asn: 64600 + i } }])),
        },
        spokes,
    });
}

/** Builds plan records, the way `dependencies` and tags tie them together in a real plan. */
class Records {
    readonly list: PlannedResource[] = [];
    add(type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, PlannedResource | undefined> = {}): PlannedResource {
        const r: PlannedResource = {
            urn: `urn:pulumi:multi::lz::${type}::${name}`,
            type,
            name,
            custom: true,
            inputs: { ...inputs },
            outputs: { id: UNKNOWN },
            dependencies: {},
        };
        for (const [input, dep] of Object.entries(deps)) {
            if (!dep) continue;
            r.inputs[input] = UNKNOWN;
            r.dependencies[input] = [dep.urn];
        }
        this.list.push(r);
        return r;
    }
}

const TT = {
    tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
    table: "aws:ec2transitgateway/routeTable:RouteTable",
    vpc: "aws:ec2/vpc:Vpc",
    vpcTable: "aws:ec2/routeTable:RouteTable",
    vpcRoute: "aws:ec2/route:Route",
    attachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    association: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    propagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    route: "aws:ec2transitgateway/route:Route",
    peering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    accepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
};

/**
 * The domain whose table takes every Region's peerings in a shape built with `peeringLookup`:
 * the first that reaches every domain some domain reaches (decided here, from `reaches`).
 */
export function topologyPeeringLookupDomain(s: TopologyShape, definition: Definition): string | undefined {
    if (!s.peeringLookup) return undefined;
    const domains = Object.keys(definition.network.transitGateway.domains);
    const reaches = (from: string, to: string) => definition.network.transitGateway.domains[from].reaches.includes(to);
    const reached = domains.filter((to) => domains.some((from) => reaches(from, to)));
    return domains.find((t) => reached.every((to) => reaches(t, to)));
}

/** The pack config (`peeringLookupDomains`) a shape's plan is judged with. */
export function topologyPackConfig(s: TopologyShape, definition: Definition): { peeringLookupDomains?: Record<string, string> } {
    const domain = topologyPeeringLookupDomain(s, definition);
    if (domain === undefined) return {};
    const regions = [definition.region, ...Object.keys(definition.network.regions ?? {})];
    return { peeringLookupDomains: Object.fromEntries(regions.map((r) => [r, domain])) };
}

/** The plan records of a shape's definition, built to the design, then mutated. */
export function topologyRecords(s: TopologyShape, definition: Definition): PlannedResource[] {
    const rec = new Records();
    const regions = [definition.region, ...Object.keys(definition.network.regions ?? {})];
    const domains = Object.keys(definition.network.transitGateway.domains);
    const reaches = (from: string, to: string) => definition.network.transitGateway.domains[from].reaches.includes(to);
    const tgw = new Map<string, PlannedResource>();
    const domainTable = new Map<string, PlannedResource>();
    const peeringTable = new Map<string, PlannedResource>();
    const lookup = topologyPeeringLookupDomain(s, definition);
    for (const r of regions) {
        const t = rec.add(TT.tgw, `tgw-${r}`, { region: r, amazonSideAsn: 64512 });
        tgw.set(r, t);
        for (const d of domains) {
            // A declared one-way reach is tagged on the sender's table (what the pack reads).
            const oneWay = Object.fromEntries((definition.network.transitGateway.domains[d].oneWay ?? []).map((to) => [`landing-zone:one-way-to:${to}`, "declared"]));
            domainTable.set(`${d}@${r}`, rec.add(TT.table, `rt-${d}-${r}`, { region: r, tags: { "landing-zone:domain": d, ...oneWay } }, { transitGatewayId: t }));
        }
        peeringTable.set(
            r,
            lookup !== undefined
                ? domainTable.get(`${lookup}@${r}`)!
                : rec.add(TT.table, `rt-peering-${r}`, { region: r, tags: { "landing-zone:role": "peering" } }, { transitGatewayId: t }),
        );
    }
    // VPCs: each Region's hub (domain shared) and the spokes.
    const vpcs = [
        ...regions.map((r) => ({ name: `hub-${r}`, cidr: r === definition.region ? definition.network.hub.cidr : definition.network.regions![r].hub.cidr, domain: "shared", region: r, hub: true })),
        ...definition.spokes.map((sp) => ({ name: sp.name, cidr: sp.cidr, domain: sp.domain, region: sp.region ?? definition.region, hub: false })),
    ];
    const attachments: { att: PlannedResource; cidr: string; domain: string; region: string }[] = [];
    for (const v of vpcs) {
        const tags = v.hub ? { "landing-zone:role": "hub", "landing-zone:region": v.region, Name: v.name } : { "landing-zone:spoke": v.name, Name: v.name };
        const vpc = rec.add(TT.vpc, `${v.name}-vpc`, { region: v.region, cidrBlock: v.cidr, tags });
        const table = rec.add(TT.vpcTable, `${v.name}-rt`, { region: v.region }, { vpcId: vpc });
        rec.add(TT.vpcRoute, `${v.name}-rt-tgw`, { region: v.region, destinationCidrBlock: "10.0.0.0/8" }, { routeTableId: table, transitGatewayId: tgw.get(v.region) });
        const att = rec.add(TT.attachment, `${v.name}-att`, { region: v.region }, { vpcId: vpc, transitGatewayId: tgw.get(v.region) });
        attachments.push({ att, cidr: v.cidr, domain: v.domain, region: v.region });
        rec.add(TT.association, `${v.name}-assoc`, { region: v.region }, { transitGatewayAttachmentId: att, transitGatewayRouteTableId: domainTable.get(`${v.domain}@${v.region}`) });
        for (const d of domains) {
            if (reaches(d, v.domain)) rec.add(TT.propagation, `${v.name}-prop-${d}`, { region: v.region }, { transitGatewayAttachmentId: att, transitGatewayRouteTableId: domainTable.get(`${d}@${v.region}`) });
        }
        if (lookup === undefined && domains.some((d) => reaches(d, v.domain))) {
            rec.add(TT.propagation, `${v.name}-prop-peering`, { region: v.region }, { transitGatewayAttachmentId: att, transitGatewayRouteTableId: peeringTable.get(v.region) });
        }
    }
    // Full mesh: the requester in the earlier Region, the accepter in the later one.
    const sideOf = new Map<string, PlannedResource>();
    const peerings: { a: string; b: string; requester: PlannedResource; accepter: PlannedResource }[] = [];
    for (let i = 0; i < regions.length; i++) {
        for (let j = i + 1; j < regions.length; j++) {
            const [a, b] = [regions[i], regions[j]];
            const requester = rec.add(TT.peering, `peer-${a}-${b}`, { region: a, peerRegion: b, peerAccountId: "400000000002" }, { transitGatewayId: tgw.get(a), peerTransitGatewayId: tgw.get(b) });
            const accepter = rec.add(TT.accepter, `peer-${a}-${b}-accept`, { region: b }, { transitGatewayAttachmentId: requester });
            sideOf.set(`${a}>${b}`, requester);
            sideOf.set(`${b}>${a}`, accepter);
            peerings.push({ a, b, requester, accepter });
            rec.add(TT.association, `peer-${a}-${b}-assoc-${a}`, { region: a }, { transitGatewayAttachmentId: requester, transitGatewayRouteTableId: peeringTable.get(a) });
            rec.add(TT.association, `peer-${a}-${b}-assoc-${b}`, { region: b }, { transitGatewayAttachmentId: accepter, transitGatewayRouteTableId: peeringTable.get(b) });
        }
    }
    // Each domain's table in each Region: remote VPCs of reached domains over the peering, blackholes over the rest.
    for (const r of regions) {
        for (const d of domains) {
            const table = domainTable.get(`${d}@${r}`)!;
            for (const v of attachments) {
                if (!reaches(d, v.domain)) rec.add(TT.route, `rt-${d}-${r}-bh-${v.cidr}`, { region: r, destinationCidrBlock: v.cidr, blackhole: true }, { transitGatewayRouteTableId: table });
                else if (v.region !== r) rec.add(TT.route, `rt-${d}-${r}-to-${v.cidr}`, { region: r, destinationCidrBlock: v.cidr }, { transitGatewayRouteTableId: table, transitGatewayAttachmentId: sideOf.get(`${r}>${v.region}`) });
            }
        }
    }
    mutate(rec.list, s, { regions, attachments, peerings, sideOf, peeringTable, domainTable });
    return rec.list;
}

function mutate(
    list: PlannedResource[],
    s: TopologyShape,
    ctx: {
        regions: string[];
        attachments: { att: PlannedResource; cidr: string; region: string }[];
        peerings: unknown[];
        sideOf: Map<string, PlannedResource>;
        peeringTable: Map<string, PlannedResource>;
        domainTable: Map<string, PlannedResource>;
    },
): void {
    const pick = <T>(xs: T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);
    const remove = (type: string, n: number) => {
        const candidates = list.filter((r) => r.type === type);
        const victim = pick(candidates, n);
        if (victim) list.splice(list.indexOf(victim), 1);
    };
    let k = 0;
    for (const m of s.mutations) {
        k++;
        if (m.kind === "drop-route") remove(TT.route, m.a);
        if (m.kind === "drop-propagation") remove(TT.propagation, m.a);
        if (m.kind === "drop-association") remove(TT.association, m.a);
        const tables = [...new Set([...ctx.domainTable.values(), ...ctx.peeringTable.values()])];
        const table = pick(tables, m.a)!;
        const region = table.inputs.region as string;
        const dest = pick(ctx.attachments, m.b);
        if (m.kind === "wrong-route" && dest) {
            const [o1, o2] = dest.cidr.split("/")[0].split(".");
            const cidr = m.sub ? `${o1}.${o2}.128.0/17` : dest.cidr;
            // To a local attachment, or out over one of this Region's peerings.
            const others = ctx.regions.filter((r) => r !== region);
            const target = m.c % 2 === 0 ? pick(ctx.attachments.filter((x) => x.region === region), m.c)?.att : ctx.sideOf.get(`${region}>${pick(others, m.c)}`);
            if (target) {
                list.push({
                    urn: `urn:pulumi:multi::lz::${TT.route}::mut-${k}`,
                    type: TT.route,
                    name: `mut-${k}`,
                    custom: true,
                    inputs: { region, destinationCidrBlock: cidr, transitGatewayRouteTableId: UNKNOWN, transitGatewayAttachmentId: UNKNOWN },
                    outputs: { id: UNKNOWN },
                    dependencies: { transitGatewayRouteTableId: [table.urn], transitGatewayAttachmentId: [target.urn] },
                });
            }
        }
        if (m.kind === "two-hop" && dest && ctx.regions.length > 2) {
            // The peering table of a Region that is neither the destination's: out over its peering to the destination's Region.
            const via = pick(ctx.regions.filter((r) => r !== dest.region), m.a)!;
            const out = ctx.sideOf.get(`${via}>${dest.region}`)!;
            list.push({
                urn: `urn:pulumi:multi::lz::${TT.route}::hop-${k}`,
                type: TT.route,
                name: `hop-${k}`,
                custom: true,
                inputs: { region: via, destinationCidrBlock: dest.cidr, transitGatewayRouteTableId: UNKNOWN, transitGatewayAttachmentId: UNKNOWN },
                outputs: { id: UNKNOWN },
                dependencies: { transitGatewayRouteTableId: [ctx.peeringTable.get(via)!.urn], transitGatewayAttachmentId: [out.urn] },
            });
        }
    }
}
