/**
 * Regions beyond the home Region (`network.regions`): each key a Region other than home, in
 * the home Region's partition (transit gateway peering does not cross partitions); its hub
 * a usable VPC block with as many Availability Zones as the Region has; its transit
 * gateway's ASN private and distinct from every other Region's and from the Direct Connect
 * gateway's; its summary blocks (`summaries.<domain>`) naming declared domains, disjoint
 * from every other summary block. Derives `regionalHubs` and adds the Regions' summary
 * blocks to `summaries`. Runs after checks/route-domains.ts (which derives the domains and
 * the home Region's summaries) and before checks/spokes.ts.
 */
import { zoneCountOf } from "../../aws/availability-zones";
import { partitionOf } from "../../aws/partitions";
import { regions as knownRegions } from "../../aws/regions";
import { privateAsnRanges } from "../../aws/transit-gateway";
import { transitGatewayPeering } from "../../aws/transit-gateway-routing";
import { overlappingPairs } from "../cidr";
import { RegionPeering, peeringPairsOverQuota, planPeerings } from "../regions";
import { Path } from "../locate";
import { quotasIn } from "../quotas";
import { suggest } from "../shape-issues";
import { MAX_AVAILABILITY_ZONES } from "./availability-zones";
import { CheckContext, ONPREM_DOMAIN, SummaryBlock, rec, strings } from "./context";

const REGION_SHAPE = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export function checkRegionalNetworks(c: CheckContext): void {
    const regions = rec(c.network?.regions);
    if (!regions) return;
    const home = c.region;
    const asns: { asn: number; path: Path; what: string }[] = [];
    if (typeof c.tgw?.asn === "number" || c.tgw !== undefined) {
        asns.push({ asn: typeof c.tgw?.asn === "number" ? c.tgw.asn : 64512, path: ["network", "transitGateway", "asn"], what: `the home Region's (${home ?? "region"}) transit gateway` });
    }
    const before = c.summaries.length;
    for (const [region, value] of Object.entries(regions)) {
        const path: Path = ["network", "regions", region];
        if (!REGION_SHAPE.test(region)) continue; // the shape check reports it
        if (region === home) {
            c.error(
                path,
                `${region} is the home Region (region): its hub and transit gateway are network.hub and network.transitGateway. Remove it from network.regions, or list another Region here`,
                "key",
            );
            continue;
        }
        if (home && REGION_SHAPE.test(home) && partitionOf(region) !== partitionOf(home)) {
            c.error(path, `${region} is in partition ${partitionOf(region)} but the home Region ${home} is in ${partitionOf(home)}: transit gateways peer only within one partition`, "key");
        } else if (!(region in knownRegions)) {
            const hint = suggest(region, Object.keys(knownRegions));
            c.warn(path, `${region} is not a Region this project knows (aws/regions.ts)${hint ? ` — did you mean "${hint}"?` : ""}`, "key");
        }
        const r = rec(value);
        if (!r) continue;
        const hub = rec(r.hub);
        const cidr = hub ? c.cidrAt([...path, "hub", "cidr"], hub.cidr, true) : undefined;
        const azCount = regionalZoneCount(c, region, [...path, "hub", "availabilityZones"], hub?.availabilityZones);
        c.regionalHubs.push({ region, path, cidr, azCount });
        const asn = rec(r.transitGateway)?.asn;
        if (typeof asn === "number") {
            if (!privateAsnRanges.some(([low, high]) => asn >= low && asn <= high)) {
                c.error([...path, "transitGateway", "asn"], `${asn} is not a private ASN; a transit gateway's Amazon-side ASN must be ${privateAsnRanges.map(([l, h]) => `${l}-${h}`).join(" or ")}`);
            }
            asns.push({ asn, path: [...path, "transitGateway", "asn"], what: `${region}'s transit gateway` });
        }
        for (const [domain, blocks] of Object.entries(rec(r.summaries) ?? {})) {
            const domainPath: Path = [...path, "summaries", domain];
            const declared = c.domainNames.includes(domain);
            if (domain === ONPREM_DOMAIN) {
                c.error(domainPath, `domain "${ONPREM_DOMAIN}" takes no summary blocks: its address space is network.dns.onPremises.cidrs`, "key");
                continue;
            }
            if (!declared) {
                const hint = suggest(domain, c.domainNames);
                c.error(domainPath, `"${domain}" is not a route domain${hint ? ` — did you mean "${hint}"?` : ` (declared: ${c.domainNames.join(", ")})`}`, "key");
                continue;
            }
            for (const [i, text] of strings(blocks)) {
                const block = c.cidrAt([...domainPath, i], text, false);
                if (block) c.summaries.push({ block, label: { domain, index: i, region, path: [...domainPath, i] } });
            }
        }
    }
    // Summary blocks are disjoint across Regions too (the home Region's among themselves: checks/route-domains.ts).
    const regional = new Set<SummaryBlock>(c.summaries.slice(before));
    for (const [a, b] of overlappingPairs(c.summaries)) {
        if (!regional.has(a) && !regional.has(b)) continue;
        const [first, second] = c.line(a.label.path) <= c.line(b.label.path) ? [a, b] : [b, a];
        c.error(
            second.label.path,
            `summary block ${second.block.cidr} of domain "${second.label.domain}" in ${second.label.region ?? home} overlaps ${first.block.cidr} of domain "${first.label.domain}" in ${first.label.region ?? home}; summary blocks must be disjoint across Regions, or routes to one Region's block would capture the other's VPCs`,
        );
    }
    checkDistinctAsns(c, asns);
    checkPeeringPairs(c);
}

/**
 * The peering plan of the definition's Regions puts at most one peering attachment between
 * any two transit gateways: AWS allows one, not adjustable (aws/quotas.ts
 * `tgwPeeringAttachmentsBetweenTransitGateways`; aws/transit-gateway-routing.ts
 * `transitGatewayPeering.onePerTransitGatewayPair`). Every route domain's traffic between two
 * Regions therefore shares that one peering. `plan` is the planner the program uses
 * (definition/regions.ts `planPeerings`); a test passes another to show what is refused.
 */
export function checkPeeringPairs(c: CheckContext, plan: (regions: readonly string[]) => Pick<RegionPeering, "requester" | "accepter">[] = planPeerings): void {
    if (c.regionalHubs.length === 0 || typeof c.region !== "string") return;
    const pathOf = (region: string): Path => c.regionalHubs.find((h) => h.region === region)?.path ?? ["region"];
    const regions = [c.region, ...c.regionalHubs.map((h) => h.region)];
    // Read through quotasIn like every quota check; a pair spans two Regions, so the lowest Region's
    // value holds (not adjustable: AWS's in every Region).
    const quota = regions.map((r) => quotasIn(c.root, r).tgwPeeringAttachmentsBetweenTransitGateways).reduce((low, q) => (q.value < low.value ? q : low));
    for (const over of peeringPairsOverQuota(plan(regions), quota)) {
        const [a, b] = over.pair;
        c.error(
            pathOf(b === c.region ? a : b),
            `the Regions ${a} and ${b} would need ${over.count} transit gateway peering attachments between them, but AWS allows ${over.quota.value} between two transit gateways (${over.quota.source}, not adjustable: ${over.quota.url}); ` +
                `all route domains share the one peering between two Regions, and segmentation is kept by each domain's own route table, which routes to the peering only the domains it reaches`,
            "key",
        );
    }
}

/**
 * Peered transit gateways get distinct ASNs: AWS recommends a unique ASN for each peered
 * transit gateway (aws/transit-gateway-routing.ts transitGatewayPeering.uniqueAsnRecommended), an
 * error here (the pessimistic reading); and the Direct Connect gateway's must differ from
 * every transit gateway's.
 */
function checkDistinctAsns(c: CheckContext, asns: { asn: number; path: Path; what: string }[]): void {
    const dxAsn = rec(rec(c.onPremConnection)?.directConnect)?.amazonSideAsn;
    const seen = new Map<number, string>();
    for (const a of asns) {
        const first = seen.get(a.asn);
        if (first !== undefined) {
            c.error(a.path, `ASN ${a.asn} is also ${first}'s: peered transit gateways need distinct Amazon-side ASNs (AWS recommends a unique ASN for each: ${transitGatewayPeering.uniqueAsnRecommended.url}); choose another private ASN`);
        } else seen.set(a.asn, a.what);
        if (typeof dxAsn === "number" && dxAsn === a.asn && a.path[1] === "regions") {
            c.error(a.path, `ASN ${a.asn} is the Direct Connect gateway's (network.transitGateway.onPremises.directConnect.amazonSideAsn); choose another private ASN`);
        }
    }
}

/** The AZ count of a Region's hub, checked against what the Region has (as checks/availability-zones.ts does at home). */
function regionalZoneCount(c: CheckContext, region: string, path: Path, setting: unknown): number {
    const count = typeof setting === "number" && Number.isInteger(setting) ? setting : Array.isArray(setting) ? setting.length : undefined;
    if (count === undefined || count < 1 || count > MAX_AVAILABILITY_ZONES) return 2;
    const regionZones = zoneCountOf(region);
    if (regionZones !== undefined && count > regionZones) {
        c.error(path, `${region} has ${regionZones} Availability Zones an account can use, so its hub and spokes cannot spread over ${count}; use at most ${regionZones} (aws/availability-zones.ts)`);
        return regionZones;
    }
    if (Array.isArray(setting)) {
        const seen = new Set<string>();
        for (const [i, az] of strings(setting)) {
            if (seen.has(az)) c.error([...path, i], `availability zone ${az} is listed twice`);
            seen.add(az);
            const m = /^(.*\d)([a-z])$/.exec(az);
            if (m && m[1] !== region) c.error([...path, i], `availability zone ${az} is not in region ${region}; expected a name such as ${region}a`);
        }
    }
    return count;
}
