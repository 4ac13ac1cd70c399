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
 * Until the network is built per Region, a Region beyond the home one would be read and
 * silently ignored: refuse it, and a spoke placed outside the home Region, at their lines.
 * (Remove this when every unit builds its Region's part.)
 */
export function checkRegionsNotYetBuilt(c: CheckContext): void {
    const raw = c.root;
    const regions = rec(c.network?.regions);
    for (const region of Object.keys(regions ?? {})) {
        if (region === c.region) continue;
        c.error(["network", "regions", region], `a hub in ${region} (network.regions) is not built yet: this version deploys one Region, ${c.region ?? "the home Region"}; remove it`, "key");
    }
    const spokes = Array.isArray(raw.spokes) ? raw.spokes : [];
    spokes.forEach((s, i) => {
        const region = rec(s)?.region;
        if (typeof region === "string" && region !== c.region) {
            c.error(["spokes", i, "region"], `spokes outside the home Region are not built yet: use ${c.region ?? "the home Region"} or leave region out`);
        }
    });
}
