/**
 * The offline plan's record of one resource a stack would create: what the analysis
 * functions (reachability, cost) consume, so they work the same on a plan of one unit or
 * of the whole environment. Part of the plan's `--json` format (documented in the
 * README); the plan itself (tools/plan/model.ts) is built from these records.
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
