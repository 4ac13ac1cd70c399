/**
 * The offline plan: what a stack would create (records of analysis/plan-records.ts), the
 * policy pack's verdicts and what the program logged. This is the `--json` format
 * (documented in the README).
 */
import type { PlannedResource } from "../../analysis/plan-records";

/** A message the program logged while it ran (`pulumi.log.*`). */
export interface PlanMessage {
    severity: "info" | "warning" | "error";
    message: string;
}

export interface Violation {
    policy: string;
    level: "advisory" | "mandatory" | "remediate" | "disabled";
    urn?: string;
    message: string;
}

export interface PlanResult {
    stack: string;
    units: string[];
    resources: PlannedResource[];
    violations: Violation[];
    /** Resources to create (reads excluded), in total and by type token. */
    summary: { resources: number; byType: Record<string, number> };
    /** What the program logged (not part of the `--json` format). */
    messages?: PlanMessage[];
    /** URN of the root `pulumi:pulumi:Stack` resource (parent of the stack's direct children). */
    stackUrn?: string;
}
