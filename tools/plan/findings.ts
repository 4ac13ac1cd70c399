/**
 * How a judgement's findings are put together, shared by the Analyzer driver (analyzer.ts)
 * and the interactive plan's pack thread (pack-thread.ts). Light on purpose: the plan's
 * thread uses it without loading the driver and its protocol classes.
 */
import type { PlanResult, Violation } from "./model";

/** The URN that names the stack a judgement configures when no resource was analyzed. */
export function judgedStackUrn(plan: PlanResult): string {
    return plan.stackUrn ?? `urn:pulumi:${plan.stack}::landing-zone`;
}

/** Findings in plan order (Analyze answers arrive out of order), then by policy. */
export function inPlanOrder(violations: Violation[], plan: PlanResult): Violation[] {
    const order = new Map(plan.resources.map((r, i) => [r.urn, i]));
    return [...violations].sort((a, b) => (order.get(a.urn ?? "") ?? -1) - (order.get(b.urn ?? "") ?? -1) || a.policy.localeCompare(b.policy));
}
