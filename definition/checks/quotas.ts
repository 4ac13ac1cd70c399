/**
 * Quotas: the hub, each spoke, the Route 53 Profile or hosted zones and the transit
 * gateway stay within the AWS quotas of aws/quotas.ts, or the raised values the
 * definition records: each Region's own (definition/quotas.ts `quotasIn`: its
 * `network.regions.<region>.quotas` override, else the top-level `quotas`, else AWS's).
 * An error against a Region's override is located at the override's key.
 *
 * Every limit here is read through `quotasIn`, the one place that knows which quotas a
 * definition may raise: an adjustable one (aws/quotas.ts `adjustable`) takes the raise, one
 * AWS does not let you raise (attachments per transit gateway, VPCs per private hosted
 * zone) is AWS's value whatever the definition says (the schema refuses such a key).
 */
import { Quota, quotas } from "../../aws/quotas";
import { Path } from "../locate";
import { EffectiveQuota, quotasIn } from "../quotas";
import { RegionPeering, planPeerings } from "../regions";
import { CheckContext, HUB_DOMAIN, ONPREM_DOMAIN, Reaches, fmt, rec, strings } from "./context";

/** A peering planner: the peerings of Regions listed home first (definition/regions.ts `planPeerings`). */
export type PeeringPlanner = (regions: readonly string[]) => Pick<RegionPeering, "requester" | "accepter">[];

/**
 * `plan` is the peering planner the program uses (definition/regions.ts `planPeerings`); the
 * peering attachments of each transit gateway are counted from its output, so a planner that
 * does not peer every pair of Regions is counted as it plans. A test passes another planner.
 */
export function checkQuotas(c: CheckContext, plan: PeeringPlanner = planPeerings): void {
    const { root, mode, sharing, uniqueServices, consumerEndpoints, spokes, onPremConnection, domains, domainNames, reaches, summaries, onPremCidrs } = c;
    // Adjustable quotas the user has raised replace the AWS defaults, Region by Region.
    const homeQuotas = quotasIn(root);
    const limit = (key: keyof typeof quotas): EffectiveQuota => homeQuotas[key];
    const serviceCount = uniqueServices.size;
    const endpointQuota = limit("interfaceEndpointsPerVpc");
    const profileQuota = limit("vpcsPerProfile");
    const routeTableQuota = limit("tgwRouteTables");
    const routeQuota = limit("tgwRoutes");
    if (mode === "centralized" && serviceCount > endpointQuota.value) {
        c.error(["network", "endpoints", "services"], `the hub VPC would hold ${fmt(serviceCount)} interface endpoints, more than ${fmt(endpointQuota.value)} ${quotaNote(endpointQuota, "interfaceEndpointsPerVpc")}`, "key");
    }
    const servicesIn = (region: string | undefined): number => interfaceServicesIn(c, region);
    // Each other Region's hub holds its own services, against that Region's quota.
    for (const h of mode === "centralized" ? c.regionalHubs : []) {
        const count = servicesIn(h.region);
        const quota = quotasIn(root, h.region).interfaceEndpointsPerVpc;
        if (count > quota.value) {
            const ownList = Array.isArray(rec(rec(rec(c.network?.regions)?.[h.region])?.endpoints)?.services);
            const [path, part] = locateQuota(quota, ownList ? [...h.path, "endpoints", "services"] : h.path, "key");
            c.error(path, `${h.region}'s hub VPC would hold ${fmt(count)} interface endpoints, more than ${fmt(quota.value)} ${quotaNote(quota, "interfaceEndpointsPerVpc")}`, part);
        }
    }
    for (const s of spokes) {
        const consumers = s.name ? consumerEndpoints.get(s.name) ?? 0 : 0;
        const regionServices = servicesIn(s.region);
        const inSpoke = interfaceEndpointsInSpoke(c, s);
        // The spoke's VPC is in its own Region: that Region's quota holds.
        const spokeQuota = s.region !== undefined ? quotasIn(root, s.region).interfaceEndpointsPerVpc : endpointQuota;
        if (inSpoke > spokeQuota.value) {
            const [path, part] = locateQuota(spokeQuota, ["spokes", s.index], "value");
            c.error(path, `spoke "${s.name}" would hold ${fmt(inSpoke)} interface endpoints (${mode === "distributed" ? `${regionServices} services in distributed mode + ` : ""}${consumers} PrivateLink consumer endpoints), more than ${fmt(spokeQuota.value)} ${quotaNote(spokeQuota, "interfaceEndpointsPerVpc")}`, part);
        }
    }
    // With more than one Region, the Profile, hosted-zone and transit gateway quotas hold per Region.
    if (c.regionalHubs.length > 0) {
        checkRegionalQuotas(c, plan);
        return;
    }
    const vpcCount = spokes.length + 1;
    if (sharing === "profile" && vpcCount > profileQuota.value) {
        c.error(["network", "dns", "sharing"], `${fmt(vpcCount)} VPCs (${fmt(spokes.length)} spokes + the hub) would associate with one Route 53 Profile, more than ${fmt(profileQuota.value)} ${quotaNote(profileQuota, "vpcsPerProfile")}`);
    }
    const zoneQuota = limit("vpcsPerPrivateHostedZone");
    if (sharing === "hosted-zones" && vpcCount > zoneQuota.value) {
        const [path, part] = locateQuota(zoneQuota, ["network", "dns", "sharing"], "value");
        c.error(
            path,
            `${fmt(vpcCount)} VPCs (${fmt(spokes.length)} spokes + the hub) would associate with each service's private hosted zone, more than ${fmt(zoneQuota.value)} ${quotaNote(zoneQuota, "vpcsPerPrivateHostedZone")}; use sharing: profile (a Route 53 Profile takes up to ${fmt(profileQuota.value)} VPCs)`,
            part,
        );
    }
    const attachmentQuota = limit("tgwAttachments");
    const attachments = spokes.length + 1 + (onPremConnection !== undefined ? 1 : 0);
    if (attachments > attachmentQuota.value) {
        const [path, part] = locateQuota(attachmentQuota, ["spokes"], "key");
        c.error(path, `the transit gateway would have ${fmt(attachments)} attachments (spokes + hub + on-premises), more than ${fmt(attachmentQuota.value)} ${quotaNote(attachmentQuota, "tgwAttachments")}`, part);
    }
    if (domains && domainNames.length > routeTableQuota.value) {
        c.error(["network", "transitGateway", "domains"], `${domainNames.length} route domains need ${domainNames.length} transit gateway route tables, more than ${fmt(routeTableQuota.value)} ${quotaNote(routeTableQuota, "tgwRouteTables")}`, "key");
    }
    if (domains) {
        const routes = estimateTgwRoutes({
            reaches,
            spokeDomains: spokes.flatMap((s) => (s.domain ? [s.domain] : [])),
            summaryCounts: new Map(domainNames.map((d) => [d, summaries.filter((b) => b.label.domain === d).length])),
            onPremCidrCount: onPremCidrs.length,
        });
        if (routes > routeQuota.value) {
            c.error(["network", "transitGateway", "domains"], `the route domains need about ${fmt(routes)} transit gateway routes (propagations, static on-premises routes and blackholes across all route tables), more than ${fmt(routeQuota.value)} ${quotaNote(routeQuota, "tgwRoutes")}; add summary cidrs to the domains to collapse blackhole routes`, "key");
        }
    }
}

/** The distinct interface endpoint services of a Region: its own `network.regions.<region>.endpoints.services`, else the home Region's. */
export function interfaceServicesIn(c: CheckContext, region: string | undefined): number {
    if (region === undefined || region === c.region) return c.uniqueServices.size;
    const own = rec(rec(rec(c.network?.regions)?.[region])?.endpoints)?.services;
    return Array.isArray(own) ? new Set(strings(own).map(([, service]) => service)).size : c.uniqueServices.size;
}

/**
 * The interface endpoints a spoke's VPC holds: its Region's services in distributed mode,
 * and one per endpoint service it consumes (PrivateLink consumer endpoints).
 */
export function interfaceEndpointsInSpoke(c: CheckContext, s: { name?: string; region?: string }): number {
    const consumers = s.name ? c.consumerEndpoints.get(s.name) ?? 0 : 0;
    return (c.mode === "distributed" ? interfaceServicesIn(c, s.region) : 0) + consumers;
}

/**
 * "(quota 50: Amazon VPC quotas: interface VPC endpoints per VPC; adjustable: once Service
 * Quotas raises it, set quotas.interfaceEndpointsPerVpc)"; for a Region other than home,
 * the key to set is its override, `network.regions.<region>.quotas.<key>`.
 */
export function quotaNote(quota: Quota | EffectiveQuota, key?: string): string {
    const raiseWith = "raiseWith" in quota ? quota.raiseWith : key ? `quotas.${key}` : undefined;
    const how = !quota.adjustable ? "not adjustable" : key && raiseWith ? `adjustable: once Service Quotas raises it, set ${raiseWith}` : "adjustable through Service Quotas";
    return `(quota ${quota.value.toLocaleString("en-US")}: ${quota.source}; ${how})`;
}

/**
 * Where an error against a quota is located: at the Region's override key when the
 * override set the value (the line a user changes), else where the check reports it.
 */
export function locateQuota(quota: EffectiveQuota, path: Path, part: "key" | "value"): [Path, "key" | "value"] {
    return quota.override && quota.setBy ? [quota.setBy, "key"] : [path, part];
}

/**
 * Estimates the routes of all TGW route tables together: for each domain, one propagated
 * route per spoke of every domain it reaches (+ the hub when it reaches `shared`), one
 * static route per on-premises CIDR when it reaches `onprem`, and blackholes for what it
 * must not reach (one per summary block of that domain, or one per VPC without them; one
 * per on-premises CIDR when it does not reach `onprem`).
 */
export function estimateTgwRoutes(input: {
    reaches: Reaches;
    spokeDomains: string[];
    summaryCounts: Map<string, number>;
    onPremCidrCount: number;
}): number {
    const spokesIn = new Map<string, number>();
    for (const d of input.spokeDomains) spokesIn.set(d, (spokesIn.get(d) ?? 0) + 1);
    let total = 0;
    const allDomains = [...input.reaches.keys()].filter((d) => d !== ONPREM_DOMAIN);
    for (const [, targets] of input.reaches) {
        for (const t of targets) {
            if (t === ONPREM_DOMAIN) total += input.onPremCidrCount;
            else total += (spokesIn.get(t) ?? 0) + (t === HUB_DOMAIN ? 1 : 0);
        }
        for (const d of allDomains) {
            if (targets.includes(d)) continue;
            const summaries = input.summaryCounts.get(d) ?? 0;
            total += summaries > 0 ? summaries : (spokesIn.get(d) ?? 0) + (d === HUB_DOMAIN ? 1 : 0);
        }
        // The on-premises ranges are blackholed where on-premises is not reached.
        if (!targets.includes(ONPREM_DOMAIN)) total += input.onPremCidrCount;
    }
    return total;
}

/**
 * With more than one Region, the transit gateway quotas hold per Region (each quota is
 * Region-specific: https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html):
 * attachments (the Region's spokes, its hub, on-premises at home, one per peering), route
 * tables (the Region's domains and its peering table), peering attachments (those the
 * peering planner gives its transit gateway, as requester or accepter: one per other Region
 * with the full mesh the program builds) and pending peering attachments (all of a Region's
 * peerings are requested in one run), and routes, counting the static routes to the other
 * Regions.
 */
function checkRegionalQuotas(c: CheckContext, plan: PeeringPlanner): void {
    const { spokes, onPremConnection, domains, domainNames, reaches, summaries, onPremCidrs } = c;
    const home = c.region;
    const regions = [{ region: home, path: ["network"] as (string | number)[], home: true }, ...c.regionalHubs.map((h) => ({ region: h.region, path: h.path, home: false }))];
    // Each peering is one attachment on each of its two transit gateways (the requester's and the accepter's).
    const peeringsPerRegion = new Map<string | undefined, number>();
    if (typeof home === "string") {
        for (const p of plan(regions.map((r) => r.region as string))) {
            for (const end of [p.requester, p.accepter]) peeringsPerRegion.set(end, (peeringsPerRegion.get(end) ?? 0) + 1);
        }
    }
    const inRegion = (region: string | undefined, r: string | undefined) => (region ?? home) === (r ?? home);
    const spokesOf = (region: string | undefined, domain: string) => spokes.filter((s) => s.domain === domain && inRegion(s.region, region)).length + (domain === HUB_DOMAIN ? 1 : 0);
    const summariesOf = (region: string | undefined, domain: string) => summaries.filter((b) => b.label.domain === domain && inRegion(b.label.region, region)).length;
    /** A domain's routes in one Region's address space: its summaries there, or each VPC. */
    const spaceOf = (region: string | undefined, domain: string) => summariesOf(region, domain) || spokesOf(region, domain);
    for (const r of regions) {
        const where = r.home ? `the home Region's (${home}) transit gateway` : `${r.region}'s transit gateway`;
        // Each quota is Region-specific: this Region's override, else the top-level value, else AWS's.
        const q = quotasIn(c.root, r.home ? undefined : r.region);
        const peeringQuota = q.tgwPeeringAttachments;
        const pendingQuota = q.tgwPendingPeeringAttachments;
        const routeTableQuota = q.tgwRouteTables;
        const routeQuota = q.tgwRoutes;
        const fail = (quota: EffectiveQuota, message: string) => {
            const [path, part] = locateQuota(quota, r.path, "key");
            c.error(path, message, part);
        };
        const peerings = peeringsPerRegion.get(r.region) ?? 0;
        if (peerings > peeringQuota.value) {
            fail(peeringQuota, `${where} would have ${fmt(peerings)} peering attachments (one per peered Region), more than ${fmt(peeringQuota.value)} ${quotaNote(peeringQuota, "tgwPeeringAttachments")}`);
        } else if (peerings > pendingQuota.value) {
            const [path] = locateQuota(pendingQuota, r.path, "key");
            c.warn(path, `${where} requests or accepts ${fmt(peerings)} peering attachments, more than ${fmt(pendingQuota.value)} may be pending at once ${quotaNote(pendingQuota, "tgwPendingPeeringAttachments")}: the first deploy may need more than one run`, "key");
        }
        const attachments = spokes.filter((s) => inRegion(s.region, r.region)).length + 1 + (r.home && onPremConnection !== undefined ? 1 : 0) + peerings;
        const attachmentQuota = q.tgwAttachments;
        if (attachments > attachmentQuota.value) {
            fail(attachmentQuota, `${where} would have ${fmt(attachments)} attachments (spokes + hub + on-premises + peerings), more than ${fmt(attachmentQuota.value)} ${quotaNote(attachmentQuota, "tgwAttachments")}`);
        }
        if (!domains) continue;
        const tables = domainNames.filter((d) => r.home || d !== ONPREM_DOMAIN);
        if (tables.length + 1 > routeTableQuota.value) {
            fail(routeTableQuota, `${where} needs ${tables.length + 1} route tables (one per route domain, and the peering table), more than ${fmt(routeTableQuota.value)} ${quotaNote(routeTableQuota, "tgwRouteTables")}`);
        }
        let routes = 0;
        for (const d of tables) {
            const targets = reaches.get(d) ?? [];
            for (const t of domainNames) {
                if (t === ONPREM_DOMAIN) continue;
                if (targets.includes(t)) {
                    routes += spokesOf(r.region, t); // propagated here
                    for (const other of regions) if (other.region !== r.region) routes += spaceOf(other.region, t); // static, to the peering
                } else {
                    for (const any of regions) routes += spaceOf(any.region, t); // blackholes
                }
            }
            routes += onPremCidrs.length; // routed when reached (to the connection, or the peering home), else blackholed
        }
        // The peering table: the local attachments of the domains some domain reaches, on-premises at home.
        for (const t of domainNames) if (t !== ONPREM_DOMAIN && [...reaches.values()].some((ts) => ts.includes(t))) routes += spokesOf(r.region, t);
        if (r.home) routes += onPremCidrs.length;
        if (routes > routeQuota.value) {
            fail(
                routeQuota,
                `${where} needs about ${fmt(routes)} routes (propagations, static routes to on-premises and to the other Regions, blackholes, across its route tables), more than ${fmt(routeQuota.value)} ${quotaNote(routeQuota, "tgwRoutes")}; declare summary blocks (network.transitGateway.domains.<domain>.cidrs at home, network.regions.<region>.summaries elsewhere)`,
            );
        }
    }
    // The Profile's and the hosted zones' VPCs are per Region too (interface endpoints: checkQuotas above).
    for (const r of regions) {
        const vpcs = spokes.filter((s) => inRegion(s.region, r.region)).length + 1;
        const q = quotasIn(c.root, r.home ? undefined : r.region);
        const profileQuota = q.vpcsPerProfile;
        if (c.sharing === "profile" && vpcs > profileQuota.value) {
            const [path, part] = locateQuota(profileQuota, r.home ? ["network", "dns", "sharing"] : r.path, r.home ? "value" : "key");
            c.error(path, `${fmt(vpcs)} VPCs of ${r.region} would associate with its Route 53 Profile, more than ${fmt(profileQuota.value)} ${quotaNote(profileQuota, "vpcsPerProfile")}`, part);
        }
        const zoneQuota = q.vpcsPerPrivateHostedZone;
        if (c.sharing === "hosted-zones" && vpcs > zoneQuota.value) {
            const [path, part] = locateQuota(zoneQuota, r.home ? ["network", "dns", "sharing"] : r.path, r.home ? "value" : "key");
            c.error(path, `${fmt(vpcs)} VPCs of ${r.region} would associate with each service's private hosted zone, more than ${fmt(zoneQuota.value)} ${quotaNote(zoneQuota, "vpcsPerPrivateHostedZone")}; use sharing: profile`, part);
        }
    }
}
