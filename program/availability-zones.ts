/**
 * Which Availability Zones the hub and every spoke use: the definition's names or count,
 * resolved against the zones the network account sees. Names map to different physical
 * zones in different accounts, ids do not, so the network stack resolves them once and
 * publishes the ids (`availabilityZoneIds`); spokes place their subnets by id. Pure.
 */
import { Definition } from "../definition/schema";

/** The Region's zones as `aws.getAvailabilityZones` lists them, names and ids in the same order. */
export interface OfferedZones {
    names: string[];
    zoneIds: string[];
}

/** The hub's zones (names and ids, same order), or why the Region cannot give them. */
export function selectAvailabilityZones(definition: Definition, offered: OfferedZones): { names: string[]; ids: string[] } | { error: string } {
    const wanted = definition.network.hub.availabilityZones;
    if (Array.isArray(wanted)) {
        const missing = wanted.filter((name) => !offered.names.includes(name));
        if (missing.length > 0) {
            return { error: `network.hub.availabilityZones names ${missing.join(", ")}, which ${definition.region} does not offer here; available: ${offered.names.join(", ")}` };
        }
        return { names: [...wanted], ids: wanted.map((name) => offered.zoneIds[offered.names.indexOf(name)]) };
    }
    if (offered.names.length < wanted) {
        return { error: `network.hub.availabilityZones asks for ${wanted} AZs but ${definition.region} offers ${offered.names.length} (${offered.names.join(", ")})` };
    }
    return { names: offered.names.slice(0, wanted), ids: offered.zoneIds.slice(0, wanted) };
}
