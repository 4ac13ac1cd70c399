/**
 * Every VPC and on-premises range has its own addresses, in every Region: no two of the hubs, the spokes
 * and the on-premises ranges overlap, and no on-premises range lies in a domain's summary.
 */
import { LabelledBlock, overlappingPairs } from "../cidr";
import { Path } from "../locate";
import { CheckContext } from "./context";

export function checkOverlaps(c: CheckContext): void {
    const { hubCidr, spokes, onPremCidrs, summaries } = c;
    type Owner = { path: Path; text: string };
    const blocks: LabelledBlock<Owner>[] = [];
    if (hubCidr) blocks.push({ block: hubCidr, label: { path: ["network", "hub", "cidr"], text: "the hub (network.hub.cidr)" } });
    for (const h of c.regionalHubs) {
        if (h.cidr) blocks.push({ block: h.cidr, label: { path: [...h.path, "hub", "cidr"], text: `the hub of ${h.region} (network.regions.${h.region}.hub.cidr)` } });
    }
    for (const s of spokes) {
        if (s.cidr) blocks.push({ block: s.cidr, label: { path: ["spokes", s.index, "cidr"], text: `spoke "${s.name ?? s.index}" (spokes[${s.index}])` } });
    }
    for (const o of onPremCidrs) {
        blocks.push({ block: o.block, label: { path: ["network", "dns", "onPremises", "cidrs", o.index], text: `on-premises range network.dns.onPremises.cidrs[${o.index}]` } });
    }
    for (const [a, b] of overlappingPairs(blocks)) {
        const [first, second] = c.line(a.label.path) <= c.line(b.label.path) ? [a, b] : [b, a];
        c.error(second.label.path, `${second.block.cidr} overlaps ${first.block.cidr} of ${first.label.text}; every VPC and on-premises range must have its own addresses to be routable`);
    }
    for (const o of onPremCidrs) {
        for (const s of summaries) {
            if (s.block.range.isOverlapping(o.block.range)) {
                c.error(
                    ["network", "dns", "onPremises", "cidrs", o.index],
                    `${o.block.cidr} overlaps ${s.block.cidr}, a summary block of domain "${s.label.domain}"${s.label.region ? ` in ${s.label.region}` : ""}: the summary's routes and blackholes would capture on-premises addresses. Keep on-premises ranges and summary blocks apart (narrow the summary, or correct the range)`,
                );
            }
        }
    }
}
