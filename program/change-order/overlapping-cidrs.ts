/**
 * The change ordering of transit gateway attachments whose VPC CIDRs overlap: the network
 * stops propagating a gone spoke's attachment before a new one with an overlapping CIDR is
 * created. The rest of the change orderings are in program/change-order/ (index.ts lists
 * them); the waves in program/stack-graph.ts.
 *
 * Pure: no Pulumi import.
 */
import { cidrsOverlap } from "../../definition/cidr";
import { networkUnitOf, spokeRegion } from "../../definition/regions";
import type { Change } from "./change";

/**
 * A new attachment whose VPC CIDR overlaps one a removed (or moved) spoke still has attached
 * is not propagated while the old one is (aws/lifecycle.ts tgw-propagation-overlapping-cidr):
 * the network's run that stops propagating the old one (its first run of the change) goes
 * before the new spoke's VPC exists, so no later run propagates both at once. That is the
 * network unit of the Region whose transit gateway propagates them (the spoke's Region, and
 * the gone spoke's: a spoke of another Region is propagated by its own Region's network unit,
 * network-<region>).
 */
export function orderOverlappingAttachments(change: Change): void {
    const { schedule, definition, from, units, before, moved, kept } = change;
    const gone = from.spokes.filter((s) => !kept(s.name));
    for (const spoke of definition.spokes) {
        const previous = from.spokes.find((b) => b.name === spoke.name);
        if (previous && !moved.has(spoke.name) && previous.cidr === spoke.cidr && previous.account === spoke.account) continue;
        const overlapping = gone.filter((g) => g.name !== spoke.name && cidrsOverlap(g.cidr, spoke.cidr));
        if (overlapping.length === 0) continue;
        const networks = new Set([networkUnitOf(definition, spokeRegion(definition, spoke)), ...overlapping.map((g) => networkUnitOf(from, spokeRegion(from, g)))]);
        for (const network of networks) {
            if (!units.has(network) || !before.has(network)) continue;
            // Its first run: every run of the spoke builds its VPC, whatever phase it is scheduled for.
            schedule.edge(schedule.node(network, "first"), schedule.node(spoke.name, "first"), "tgw-propagation-overlapping-cidr");
        }
    }
}
