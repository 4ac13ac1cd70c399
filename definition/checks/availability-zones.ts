/**
 * Availability zones of the hub (and every spoke): as many as the schema allows and the
 * Region has (aws/availability-zones.ts), named ones distinct and in the environment's
 * Region. Derives `azCount` — only from a usable setting, so one wrong count is one error
 * (at network.hub.availabilityZones), not an echo at every VPC's subnet layout.
 */
import { zoneCountOf } from "../../aws/availability-zones";
import { CheckContext, strings } from "./context";

/** The most zones a VPC of the landing zone spreads over (the schema's limit). */
export const MAX_AVAILABILITY_ZONES = 6;

export function checkAvailabilityZones(c: CheckContext): void {
    const { hub, region } = c;
    const azSetting = hub?.availabilityZones;
    const path = ["network", "hub", "availabilityZones"];
    const regionZones = region ? zoneCountOf(region) : undefined;
    const count = typeof azSetting === "number" && Number.isInteger(azSetting) ? azSetting : Array.isArray(azSetting) ? azSetting.length : undefined;
    // Above the schema's limit the shape check reports it; below 1 too.
    if (count === undefined || count < 1 || count > MAX_AVAILABILITY_ZONES) return;
    if (regionZones !== undefined && count > regionZones) {
        c.error(path, `${region} has ${regionZones} Availability Zones an account can use, so the hub and spokes cannot spread over ${count}; use at most ${regionZones} (aws/availability-zones.ts)`);
        return;
    }
    c.azCount = count;
    if (Array.isArray(azSetting)) {
        const seen = new Set<string>();
        for (const [i, az] of strings(azSetting)) {
            if (seen.has(az)) c.error([...path, i], `availability zone ${az} is listed twice`);
            seen.add(az);
            const m = /^(.*\d)([a-z])$/.exec(az);
            if (region && m && m[1] !== region) {
                c.error([...path, i], `availability zone ${az} is not in region ${region}; expected a name such as ${region}a`);
            }
        }
    }
}
