/**
 * The environment's Region: a partition this landing zone supports, and (warning only)
 * a Region AWS lists, since a typo such as "eu-west-12" passes the shape check.
 */
import { unsupportedPartition } from "../../aws/partitions";
import { regions } from "../../aws/regions";
import { suggest } from "../shape-issues";
import { CheckContext, rec } from "./context";

export function checkRegion(c: CheckContext): void {
    const region = c.region;
    // Not a string, or not shaped like a Region: the shape check reports it.
    if (region === undefined || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) return;
    const partition = unsupportedPartition(region);
    if (partition) {
        c.error(["region"], partition);
        return;
    }
    if (!(region in regions)) {
        const hint = suggest(region, Object.keys(regions));
        c.warn(["region"], `${region} is not a Region this project knows (aws/regions.ts)${hint ? ` — did you mean "${hint}"?` : ""}; if AWS opened it after that list was written, add it there`);
    }
}

/**
 * The network is built in every Region with a hub (transit gateway, route domains, peering,
 * hub VPC); interface endpoints, the Route 53 Profile or hosted zones and Resolver endpoints
 * are built in the home Region only by this version. Say so at each other Region, so a
 * definition does not silently get a Region whose spokes resolve AWS service names to
 * public endpoints. (Remove this when the services are built per Region.)
 */
export function checkRegionalServicesNotYetBuilt(c: CheckContext): void {
    for (const region of c.otherRegions) {
        c.warn(
            ["network", "regions", region],
            `${region} gets a hub, a transit gateway peered with the other Regions and its spokes' routes, but this version builds interface endpoints, the Route 53 Profile (or hosted zones) and Resolver endpoints only in the home Region ${c.region ?? ""}: spokes in ${region} reach AWS services through their own gateway endpoints and public endpoints`,
            "key",
        );
    }
}
