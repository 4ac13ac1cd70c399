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
