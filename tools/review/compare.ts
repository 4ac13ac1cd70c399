/**
 * What a change to a definition does, from the offline plans of the earlier and the new
 * definition: per stack, the resources added, changed and removed; the reachability pairs
 * gained and lost; the monthly cost before and after; the policy findings that are new,
 * still there, or gone. Pure functions of the plans.
 *
 * A resource is the same resource on both sides when its URN is the same (stack, type,
 * parent chain and name: what Pulumi itself compares). It is changed when an input
 * differs; an input unknown on both sides (`"<unknown>"`, computed by AWS) is no change.
 */
import { CostReport } from "../../analysis/cost";
import { PlannedResource } from "../../analysis/plan-records";
import { ReachabilityMatrix } from "../../analysis/reachability";
import { Violation } from "../plan/model";

/** One stack's offline plan and its policy findings. */
export interface StackPlan {
    stack: string;
    unit: string;
    resources: PlannedResource[];
    violations: Violation[];
}

/** One side of the comparison: an environment's stacks, its reachability and its cost (from the unit-`all` plan). */
export interface EnvironmentPlan {
    environment: string;
    definitionFile: string;
    /** By unit, in deployment order. */
    stacks: StackPlan[];
    reachability: ReachabilityMatrix;
    cost: CostReport;
}

export interface ResourceRef {
    type: string;
    name: string;
    urn: string;
}

export interface ResourceChange extends ResourceRef {
    /** Inputs whose value differs. */
    inputs: string[];
}

export interface Findings {
    /** Findings of the new plan that the earlier one did not have. */
    introduced: Violation[];
    /** Findings both plans have. */
    kept: Violation[];
    /** Findings of the earlier plan that are gone. */
    resolved: Violation[];
}

export interface StackDiff {
    stack: string;
    unit: string;
    /** `added`: a new stack; `removed`: its unit is gone, the stack is to be destroyed. */
    status: "added" | "removed" | "changed" | "unchanged";
    added: ResourceRef[];
    changed: ResourceChange[];
    removed: ResourceRef[];
    findings: Findings;
    /** The resource the findings are about, by URN (either side). */
    resources: Map<string, ResourceRef>;
}

export interface ReachabilityPair {
    from: string;
    to: string;
}

export interface CostLineDelta {
    item: string;
    quantityBefore: number;
    quantityAfter: number;
    monthlyBefore: number;
    monthlyAfter: number;
}

export interface Review {
    environment: string;
    definitionFile: string;
    /** Undefined when compared with nothing (a new environment). */
    againstFile?: string;
    stacks: StackDiff[];
    reachability: { gained: ReachabilityPair[]; lost: ReachabilityPair[] };
    cost: { before: number; after: number; delta: number; prices: string; lines: CostLineDelta[]; notes: string[] };
}

const ref = (r: PlannedResource): ResourceRef => ({ type: r.type, name: r.name, urn: r.urn });

/** Stable JSON: object keys sorted, so equal values compare equal. */
function canonical(value: unknown): string {
    return JSON.stringify(value, (_k, v: unknown) =>
        v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
    );
}

/** Input names whose values differ between two plans of one resource. */
export function changedInputs(before: PlannedResource, after: PlannedResource): string[] {
    const keys = new Set([...Object.keys(before.inputs), ...Object.keys(after.inputs)]);
    return [...keys].filter((k) => canonical(before.inputs[k]) !== canonical(after.inputs[k])).sort();
}

const findingKey = (v: Violation): string => `${v.policy}\u0000${v.urn ?? ""}\u0000${v.message}`;

export function compareFindings(before: Violation[], after: Violation[]): Findings {
    const was = new Set(before.map(findingKey));
    const is = new Set(after.map(findingKey));
    return {
        introduced: after.filter((v) => !was.has(findingKey(v))),
        kept: after.filter((v) => was.has(findingKey(v))),
        resolved: before.filter((v) => !is.has(findingKey(v))),
    };
}

/** One stack's diff; `before` or `after` is undefined for a stack that is added or removed. */
export function compareStack(before: StackPlan | undefined, after: StackPlan | undefined): StackDiff {
    const plan = (after ?? before)!;
    const created = (p: StackPlan | undefined) => new Map((p?.resources ?? []).filter((r) => !r.read).map((r) => [r.urn, r]));
    const old = created(before);
    const now = created(after);
    const added = [...now.values()].filter((r) => !old.has(r.urn)).map(ref);
    const removed = [...old.values()].filter((r) => !now.has(r.urn)).map(ref);
    const changed: ResourceChange[] = [];
    for (const [urn, r] of now) {
        const o = old.get(urn);
        if (!o) continue;
        const inputs = changedInputs(o, r);
        if (inputs.length > 0) changed.push({ ...ref(r), inputs });
    }
    const resources = new Map<string, ResourceRef>();
    for (const r of [...(before?.resources ?? []), ...(after?.resources ?? [])]) resources.set(r.urn, ref(r));
    const status: StackDiff["status"] = !before ? "added" : !after ? "removed" : added.length + removed.length + changed.length > 0 ? "changed" : "unchanged";
    return { stack: plan.stack, unit: plan.unit, status, added, changed, removed, findings: compareFindings(before?.violations ?? [], after?.violations ?? []), resources };
}

export function reachabilityPairs(matrix: ReachabilityMatrix): ReachabilityPair[] {
    return Object.entries(matrix).flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
}

export function compareReachability(before: ReachabilityMatrix, after: ReachabilityMatrix): Review["reachability"] {
    const key = (p: ReachabilityPair) => `${p.from}\u0000${p.to}`;
    const was = reachabilityPairs(before);
    const is = reachabilityPairs(after);
    const wasKeys = new Set(was.map(key));
    const isKeys = new Set(is.map(key));
    return { gained: is.filter((p) => !wasKeys.has(key(p))), lost: was.filter((p) => !isKeys.has(key(p))) };
}

const cents = (n: number) => Math.round(n * 100) / 100;

export function compareCost(before: CostReport | undefined, after: CostReport): Review["cost"] {
    const items = [...new Set([...(before?.lines ?? []).map((l) => l.item), ...after.lines.map((l) => l.item)])];
    const line = (report: CostReport | undefined, item: string) => report?.lines.find((l) => l.item === item);
    const lines = items
        .map((item) => ({
            item,
            quantityBefore: line(before, item)?.quantity ?? 0,
            quantityAfter: line(after, item)?.quantity ?? 0,
            monthlyBefore: line(before, item)?.monthlyUsd ?? 0,
            monthlyAfter: line(after, item)?.monthlyUsd ?? 0,
        }))
        .filter((l) => l.quantityBefore !== l.quantityAfter || l.monthlyBefore !== l.monthlyAfter);
    const b = before?.monthlyUsd ?? 0;
    return { before: b, after: after.monthlyUsd, delta: cents(after.monthlyUsd - b), prices: after.prices, lines, notes: after.notes };
}

/**
 * The review of a change: the new environment's plans against the earlier ones
 * (`undefined` for a new environment: everything is added).
 */
export function compareEnvironments(before: EnvironmentPlan | undefined, after: EnvironmentPlan): Review {
    const old = new Map((before?.stacks ?? []).map((s) => [s.stack, s]));
    const now = new Map(after.stacks.map((s) => [s.stack, s]));
    const stacks: StackDiff[] = [];
    for (const s of after.stacks) stacks.push(compareStack(old.get(s.stack), s));
    // Stacks whose unit is gone come last, in the earlier deployment order.
    for (const s of before?.stacks ?? []) if (!now.has(s.stack)) stacks.push(compareStack(s, undefined));
    return {
        environment: after.environment,
        definitionFile: after.definitionFile,
        againstFile: before?.definitionFile,
        stacks,
        reachability: compareReachability(before?.reachability ?? {}, after.reachability),
        cost: compareCost(before?.cost, after.cost),
    };
}
