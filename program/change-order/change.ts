/**
 * A change from the earlier definition (the one deployed) to the new one, as the change
 * orderings of program/change-order/ see it: which units stay, which go, which spokes move,
 * which objects the earlier deploy made. Built once per change by program/stack-graph.ts
 * (deployWaves), which owns the schedule (the graph of runs) and turns it into waves; each
 * ordering file here adds the edges of one kind of change (index.ts lists them in order).
 *
 * Pure: no Pulumi import.
 */
import { Definition } from "../../definition/schema";
import { unitsOf } from "../../definition/units";
import { Use, unitUses } from "../unit-registry";
import type { Schedule } from "../stack-graph";
import { spokesMovingAccountOrRegion, spokesMovingRegion } from "./spoke-moves";

/** A change, and the schedule its orderings add edges to. */
export interface Change {
    /** The graph of runs the orderings add nodes and edges to. */
    schedule: Schedule;
    /** The new definition. */
    definition: Definition;
    /** The definition deployed before. */
    from: Definition;
    /** Units of the new definition. */
    units: Set<string>;
    /** Units of the earlier definition. */
    before: Set<string>;
    /** Objects (`<unit>/<key>`, objectId) the earlier deploy made. */
    existed: Set<string>;
    /** Spokes moving to another account or Region: torn down like removed ones, then built again. */
    moved: Set<string>;
    /** Spokes moving to another Region (spokesMovingRegion). */
    movedRegion: Set<string>;
    /** The uses of the earlier definition (unitUses). */
    fromUses: Use[];
    /** True for a unit of the new definition that is not moved (its stack runs the change, not a redeploy). */
    kept(unit: string): boolean;
}

/** The change from `from` to `definition` (units: the new definition's). */
export function changeOf(schedule: Schedule, definition: Definition, from: Definition, units: Set<string>): Change {
    const moved = new Set(spokesMovingAccountOrRegion(definition, from));
    return {
        schedule,
        definition,
        from,
        units,
        before: new Set(unitsOf(from)),
        existed: new Set(unitUses(from).map(objectId)),
        moved,
        movedRegion: new Set(spokesMovingRegion(definition, from)),
        fromUses: unitUses(from),
        kept: (unit: string): boolean => units.has(unit) && !moved.has(unit),
    };
}

/** `<unit>/<key>` of a use's object. */
export function objectId(use: Use): string {
    return `${use.object.unit}/${use.object.key}`;
}
