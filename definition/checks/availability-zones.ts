/**
 * Availability zones of the hub (and every spoke): named ones are distinct and in the
 * environment's Region. Derives `azCount`.
 */
import { CheckContext, strings } from "./context";

export function checkAvailabilityZones(c: CheckContext): void {
    const { hub, region } = c;
    const azSetting = hub?.availabilityZones;
    if (typeof azSetting === "number" && Number.isInteger(azSetting) && azSetting >= 1) c.azCount = azSetting;
    if (Array.isArray(azSetting)) {
        c.azCount = Math.max(1, azSetting.length);
        const seen = new Set<string>();
        for (const [i, az] of strings(azSetting)) {
            if (seen.has(az)) c.error(["network", "hub", "availabilityZones", i], `availability zone ${az} is listed twice`);
            seen.add(az);
            const m = /^(.*\d)([a-z])$/.exec(az);
            if (region && m && m[1] !== region) {
                c.error(["network", "hub", "availabilityZones", i], `availability zone ${az} is not in region ${region}; expected a name such as ${region}a`);
            }
        }
    }
}
