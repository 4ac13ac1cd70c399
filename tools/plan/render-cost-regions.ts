/**
 * The `--compare` table per Region, for an environment with hubs in several Regions: each
 * endpoint mode × DNS sharing alternative's monthly cost in each Region, each priced with
 * its own Region's list prices (analysis/cost.ts `priceByRegion`). Empty for one Region.
 */
import type { ModeCost } from "../../analysis/cost";

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function renderComparisonByRegion(modes: ModeCost[]): string[] {
    const regions = [...new Set(modes.flatMap((m) => (m.regions ?? []).map((c) => c.region)))];
    if (regions.length < 2) return [];
    const width = Math.max(12, ...regions.map((r) => r.length));
    const lines = ["", "The same, per Region (each priced with its own Region's list prices):", `  ${"".padEnd(28)}  ${regions.map((r) => r.padStart(width)).join("  ")}`];
    for (const m of modes) {
        const label = `${m.endpointMode} + ${m.dnsSharing}`.padEnd(28);
        const cells = regions.map((r) => {
            const c = m.regions?.find((x) => x.region === r);
            return (c ? usd(c.monthlyUsd) : "—").padStart(width);
        });
        lines.push(`  ${label}  ${m.cost ? cells.join("  ") : "not plannable"}`);
    }
    return lines;
}
