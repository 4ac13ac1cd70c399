/**
 * What a step would do, read from the engine events of its preview, and whether it may:
 * a step that would delete (or replace) a resource the lifecycle model marks as
 * protective — whose deletion reaches beyond its stack, aws/lifecycle.ts `protective` —
 * is refused before it runs.
 *
 * The engine reports each planned operation as a `resourcePreEvent` whose `metadata.op` is
 * the step's operation (`create`, `update`, `replace`, `delete`, `delete-replaced`, ...)
 * with the resource's old state (`old.retainOnDelete`, `old.inputs`). A delete of a
 * resource with `retainOnDelete` only forgets it: the engine's DeleteStep skips the
 * provider's Delete for it (pulumi/pulumi pkg/resource/deploy/step.go, DeleteStep.Apply:
 * "Deleting a "drop on delete" is a no-op"), so it deletes nothing in AWS.
 *
 * Pure: the events are data.
 */
import { T, deleteEffects, lifecycleRule, protective } from "../../aws/lifecycle";

/** The part of an engine event this reads (`EngineEvent` of @pulumi/pulumi/automation). */
export interface EngineEventLike {
    resourcePreEvent?: {
        metadata: {
            op: string;
            urn: string;
            type: string;
            old?: { retainOnDelete?: boolean; protect?: boolean; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | null;
        };
    };
    summaryEvent?: { resourceChanges?: Record<string, number> };
    diagnosticEvent?: { severity: string; message: string; urn?: string };
    policyEvent?: { policyName: string; enforcementLevel: string; message: string; resourceUrn?: string };
}

/** One planned operation on one resource. */
export interface PlannedChange {
    op: string;
    urn: string;
    type: string;
    /** The old state has `retainOnDelete`: a delete only forgets it. */
    retainOnDelete: boolean;
    /** The old state's tags (inputs, else outputs). */
    tags: Record<string, string>;
}

/** Operations that delete (or replace, deleting the old object) a resource the stack manages. */
const DELETING = new Set(["delete", "replace", "delete-replaced"]);

/** The planned operations of a preview, one per resource and operation. */
export function plannedChanges(events: EngineEventLike[]): PlannedChange[] {
    const seen = new Set<string>();
    const out: PlannedChange[] = [];
    for (const e of events) {
        const m = e.resourcePreEvent?.metadata;
        if (!m || m.op === "same") continue;
        const key = `${m.op}\u0000${m.urn}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const tags = (m.old?.inputs?.tags ?? m.old?.outputs?.tags ?? {}) as Record<string, unknown>;
        out.push({
            op: m.op,
            urn: m.urn,
            type: m.type,
            retainOnDelete: m.old?.retainOnDelete === true,
            tags: Object.fromEntries(Object.entries(tags).filter(([, v]) => typeof v === "string")) as Record<string, string>,
        });
    }
    return out;
}

/** Counts for a progress line: creates, updates, replaces, deletes (a replacement counts once). */
export function changeCounts(changes: PlannedChange[]): { creates: number; updates: number; replaces: number; deletes: number } {
    const count = (op: string) => changes.filter((c) => c.op === op).length;
    return { creates: count("create"), updates: count("update"), replaces: count("replace"), deletes: count("delete") };
}

/** A planned delete the lifecycle model forbids. */
export interface Refusal {
    urn: string;
    type: string;
    op: string;
    /** The lifecycle rule that makes the delete reach beyond the stack. */
    rule: string;
    message: string;
}

/** Accepter types whose delete hurts only the spoke named by their `landing-zone:spoke` tag. */
const PER_SPOKE = new Set<string>([T.tgwVpcAttachmentAccepter, T.vpcEndpointConnectionAccepter]);

/**
 * The planned deletes of `stack` that would delete something protective. A delete that
 * only forgets (`retainOnDelete`) is allowed; so is the delete of an accepter whose spoke
 * (its `landing-zone:spoke` tag) is not live — the change removes that spoke, or its stack
 * is already destroyed — since taking that spoke's attachment or connection with it is
 * what the change asks for. Everything else is refused, naming the resource and the rule.
 */
export function protectiveDeletes(stack: string, changes: PlannedChange[], liveSpokes: Set<string>): Refusal[] {
    const refusals: Refusal[] = [];
    const refused = new Set<string>();
    for (const c of changes) {
        if (!DELETING.has(c.op) || c.retainOnDelete || refused.has(c.urn)) continue;
        const entry = protective.find((p) => p.type === c.type);
        if (!entry) continue;
        const spoke = c.tags["landing-zone:spoke"];
        if (PER_SPOKE.has(c.type) && spoke !== undefined && !liveSpokes.has(spoke)) continue;
        refused.add(c.urn);
        const rule = lifecycleRule(entry.rule);
        const effect = deleteEffects.find((d) => d.id === entry.rule);
        refusals.push({
            urn: c.urn,
            type: c.type,
            op: c.op,
            rule: entry.rule,
            message:
                `${stack} would ${c.op === "delete" ? "delete" : "replace"} ${c.urn} (${entry.why}${spoke ? `, spoke ${spoke} is still live` : ""}): ` +
                `[${entry.rule}] ${rule.statement} (${effect?.source ?? rule.source}). ` +
                `Keep it with retainOnDelete, or remove what relies on it first.`,
        });
    }
    return refusals;
}
