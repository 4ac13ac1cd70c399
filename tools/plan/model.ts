/**
 * The offline plan's record of what a stack would create. This is the `--json` format
 * (documented in the README) and what analysis functions (reachability, cost, checks)
 * consume, so they work the same on a plan of one unit or of the whole environment.
 */

/** The marker unknown values carry in a plan (computed outputs during preview). */
export const UNKNOWN = "<unknown>";

export interface PlannedResource {
    urn: string;
    /** Pulumi type token, e.g. `aws:ec2/vpc:Vpc`. */
    type: string;
    /** Logical name. */
    name: string;
    /** URN of the parent component (undefined for the stack's direct children). */
    parent?: string;
    /** True for custom (provider) resources, false for components. */
    custom: boolean;
    /** Resource inputs; unknown values are the string `"<unknown>"`. */
    inputs: Record<string, unknown>;
    /** Outputs the mock returned (ids, ARNs); unknown values are `"<unknown>"`. */
    outputs?: Record<string, unknown>;
    /** Input name → URNs of the resources that input was computed from. */
    dependencies: Record<string, string[]>;
    /** URN of the explicit provider resource, when there is one. */
    provider?: string;
    /** True for resources the program reads rather than creates (StackReferences). */
    read?: boolean;
    /** Every resource this one waits for (property dependencies and `dependsOn`), as the engine records them. */
    dependsOn?: string[];
}

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
