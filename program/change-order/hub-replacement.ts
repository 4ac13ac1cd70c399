/**
 * The change ordering of a replaced hub VPC: the org stack's network perimeter runs after the
 * network's run that replaces it. The rest of the change orderings are in
 * program/change-order/ (index.ts lists them); the waves in program/stack-graph.ts.
 *
 * Pure: no Pulumi import.
 */
import { accountOfUnit } from "../../definition/units";
import { hubRegions } from "../../definition/regions";
import { Use } from "../unit-registry";
import type { Change } from "./change";

/**
 * A Region's hub VPC replaced (a new hub CIDR, or the network unit in another account): the
 * org stack's network perimeter names it in aws:SourceVpc, read from the network stack's
 * hubVpcId, which names the new VPC only once the network's run of the change is done. Run in
 * the same wave, the org stack would keep the deleted VPC's id until a later deploy; ordered
 * after it, the SCP names the old VPC only between the two runs (README "Deploy waves").
 * True for a use of such a hub VPC: it is ordered as a new one.
 */
export function hubVpcReplaced(change: Change): (use: Use) => boolean {
    const { definition, from } = change;
    const hubReplaced = new Set(
        hubRegions(definition)
            .filter((h) => {
                const was = hubRegions(from).find((b) => b.unit === h.unit);
                return was !== undefined && (was.hub.cidr !== h.hub.cidr || accountOfUnit(from, h.unit) !== accountOfUnit(definition, h.unit));
            })
            .map((h) => h.unit),
    );
    return (use: Use): boolean => use.object.key === "hub-vpc" && hubReplaced.has(use.object.unit);
}
