/**
 * The change orderings of private DNS names that change place between the hub and the spokes
 * (an endpoint mode or DNS sharing change): a VPC cannot hold an interface endpoint's private
 * DNS and a private hosted zone of the same name, so the old holder lets go of the name before
 * the new one takes it. Also the names themselves, for the unit-`all` delete-first
 * (single-stack-delete-first.ts). The rest of the change orderings are in
 * program/change-order/ (index.ts lists them); the waves in program/stack-graph.ts.
 *
 * Pure: no Pulumi import.
 */
import { Definition } from "../../definition/schema";
import { catalogEntry } from "../../aws/service-catalog";
import { centralServiceNames, serviceZoneNames } from "../unit-registry";
import type { Change } from "./change";

/** The private DNS names of a service's interface endpoint in `region` (none when it has no private DNS of its own). */
export function endpointNamesIn(service: string, region: string): string[] {
    const entry = catalogEntry(service);
    return !entry || entry.privateDnsOnlyForInboundResolverEndpoint ? [] : entry.dnsZones(region).map((z) => z.zone);
}

/** The private DNS names of the definition's interface endpoints (a zone each, in hosted-zones mode). */
function endpointZoneNames(d: Definition): string[] {
    return d.network.endpoints.services.flatMap((s) => endpointNamesIn(s, d.region));
}

/**
 * Central zones the change deletes whose names the spokes' new distributed endpoints take;
 * hosted zones to the Profile; distributed to centralized endpoints.
 */
export function orderPrivateDnsNameMoves(change: Change): void {
    const { schedule, definition, from, units, before } = change;
    // Central zones the change deletes whose names the spokes' new distributed endpoints
    // take: a spoke leaves them (its first run), the network deletes them, and only then
    // the spoke builds its endpoints (a VPC cannot have an endpoint's private DNS and a
    // private hosted zone of the same name).
    const newNames = new Set(definition.network.endpoints.mode === "distributed" ? endpointZoneNames(definition) : []);
    // (Either DNS sharing: the central names reach the spokes as hosted zones or through the Profile.)
    const leaving = centralServiceNames(from).filter((z) => newNames.has(z) && !centralServiceNames(definition).includes(z));
    if (leaving.length > 0 && units.has("network")) {
        for (const spoke of definition.spokes) {
            // A spoke the change adds builds its endpoints only once the central names are gone too.
            if (before.has(spoke.name)) {
                schedule.edge(schedule.node(spoke.name, "first"), schedule.node("network", "first"), "zone-delete-blocked-by-vpc-associations");
                schedule.edge(schedule.node("network", "first"), schedule.node(spoke.name, "phase", "vpc"), "private-dns-name-conflicts-with-zone");
            } else schedule.edge(schedule.node("network", "first"), schedule.node(spoke.name, "first"), "private-dns-name-conflicts-with-zone");
        }
    }
    // Hosted zones to the Profile, distributed to centralized endpoints: the network's
    // first run of the change deletes the hub VPC's old zones, its next one creates the
    // zones or private DNS of the same names (program/services.ts PreviousZones).
    const toProfile = definition.network.dns.sharing === "profile" && definition.network.endpoints.mode === "centralized" && serviceZoneNames(from).some((z) => endpointZoneNames(definition).includes(z));
    const hubZonesBefore = from.network.endpoints.mode === "distributed" ? endpointZoneNames(from) : [];
    const toCentral = centralServiceNames(definition).some((z) => hubZonesBefore.includes(z));
    if ((toProfile || toCentral) && units.has("network") && before.has("network")) {
        const rule = toProfile ? "private-dns-name-conflicts-with-zone" : "zone-create-conflicts-with-same-name";
        for (const phase of ["core", "attach"] as const) {
            if (schedule.nodes.has(`network/phase/${phase}`)) schedule.edge(schedule.node("network", "first"), schedule.node("network", "phase", phase), rule, true);
        }
        // Distributed to centralized: each spoke drops its own endpoints (their private DNS
        // holds the names) in a run before it associates the central zones.
        if (toCentral) {
            for (const spoke of definition.spokes) {
                if (before.has(spoke.name)) schedule.edge(schedule.node(spoke.name, "first"), schedule.node("network", "first"), "zone-association-conflicts-with-same-name");
            }
        }
    }
}
