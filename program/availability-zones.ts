/**
 * Which Availability Zones the hub and every spoke use: the definition's names or count,
 * resolved against the zones the network account sees. Names map to different physical
 * zones in different accounts, ids do not, so the network stack resolves them once and
 * publishes the ids (`availabilityZoneIds`); spokes place their subnets by id. Pure.
 */
import { hubRegion } from "../definition/regions";
import { Definition } from "../definition/schema";

/** The Region's zones as `aws.getAvailabilityZones` lists them, names and ids in the same order. */
export interface OfferedZones {
    names: string[];
    zoneIds: string[];
}

/**
 * The hub's zones (names and ids, same order) in `region` (default: home), or why the
 * Region cannot give them. Each Region's hub has its own `availabilityZones`.
 */
export function selectAvailabilityZones(definition: Definition, offered: OfferedZones, region: string = definition.region): { names: string[]; ids: string[] } | { error: string } {
    const hub = hubRegion(definition, region);
    const key = hub && !hub.home ? `network.regions.${region}.hub.availabilityZones` : "network.hub.availabilityZones";
    const wanted = (hub?.hub ?? definition.network.hub).availabilityZones;
    if (Array.isArray(wanted)) {
        const missing = wanted.filter((name) => !offered.names.includes(name));
        if (missing.length > 0) {
            return { error: `${key} names ${missing.join(", ")}, which ${region} does not offer here; available: ${offered.names.join(", ")}` };
        }
        return { names: [...wanted], ids: wanted.map((name) => offered.zoneIds[offered.names.indexOf(name)]) };
    }
    if (offered.names.length < wanted) {
        return { error: `${key} asks for ${wanted} AZs but ${region} offers ${offered.names.length} (${offered.names.join(", ")})` };
    }
    return { names: offered.names.slice(0, wanted), ids: offered.zoneIds.slice(0, wanted) };
}
