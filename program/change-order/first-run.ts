/**
 * The "first" node of a unit in a change's schedule (its first run of the change) once the
 * schedule is levelled: moved as late as it may go, and merged into a phase's run of the same
 * wave. The change orderings that add those nodes are in program/change-order/ (index.ts lists
 * them); the schedule and the waves in program/stack-graph.ts.
 *
 * Pure: no Pulumi import.
 */
import type { Schedule } from "../stack-graph";

/**
 * A unit's "first" node stands for its first run of the change. It carries no work of its
 * own: it moves as late as its unit's phases and its successors allow, and is dropped when
 * it then shares a run with a phase.
 */
export function pruneFirst(schedule: Schedule): void {
    for (const node of [...schedule.nodes.values()]) {
        if (node.kind !== "first") continue;
        const phases = [...schedule.nodes.values()].filter((n) => n.unit === node.unit && n.kind === "phase").map((n) => n.level);
        const limits = schedule.edges
            .filter((e) => e.from === node.id && (schedule.nodes.get(e.to)!.kind !== "phase" || e.strict))
            .map((e) => schedule.nodes.get(e.to)!.level - (e.strict ? 1 : 0));
        node.level = Math.max(node.level, Math.min(...phases, ...limits));
        const sibling = [...schedule.nodes.values()].find((n) => n.unit === node.unit && n.kind === "phase" && n.level === node.level);
        if (sibling) {
            // Its run is the sibling's: the edges that ordered it now order the sibling's run —
            // those into it from other units too (another stack's run that must come first,
            // such as a spoke leaving the Profile this run deletes): dropped, a unit pruned
            // later would no longer see them and could move past this run.
            schedule.nodes.delete(node.id);
            for (let i = schedule.edges.length - 1; i >= 0; i--) {
                const e = schedule.edges[i];
                const sameUnit = (id: string) => schedule.nodes.get(id)?.unit === node.unit || id === node.id;
                if ((e.to === node.id && sameUnit(e.from)) || (e.from === node.id && sameUnit(e.to))) schedule.edges.splice(i, 1);
                else if (e.to === node.id) e.to = sibling.id;
                else if (e.from === node.id) e.from = sibling.id;
            }
        }
    }
}
