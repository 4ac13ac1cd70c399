/**
 * The rehearsal's records: what each step did (the `--json` format, README "The
 * rehearsal") and the problems it found.
 */

export type Operation = "up" | "destroy";
export type Outcome = "ok" | "failed" | "blocked";

/** Where a step belongs in the rehearsal. */
export type Stage = "earlier" | "deploy" | "change" | "converge" | "destroy";

export interface StepRecord {
    stack: string;
    operation: Operation;
    /** The stack's pass in its waves (1, 2, ...); convergence runs continue the count. */
    pass: number;
    /** Wave number (1-based) within its stage. */
    wave: number;
    stage: Stage;
    creates: number;
    updates: number;
    replaces: number;
    deletes: { urn: string; type: string }[];
    /** What the counts count, resource by resource: so "nothing untouched replaced" can be checked from the JSON. */
    created: { urn: string; type: string }[];
    updated: { urn: string; type: string; changed: string[] }[];
    replaced: { urn: string; type: string; changed: string[] }[];
    /** Resources deleted from state only (`retainOnDelete`): AWS keeps them. */
    retained: { urn: string; type: string }[];
    /** Existing cloud objects adopted into the state (`import`): no AWS change, not counted as one. */
    imported: { urn: string; type: string }[];
    outcome: Outcome;
    message?: string;
    /** Config of the run (the network's detach run). */
    config?: Record<string, string>;
}

/** A rule the rehearsal found broken, with the stack, the resource and the AWS rule. */
export interface Finding {
    stack: string;
    urn?: string;
    rule: string;
    message: string;
}

export interface RehearsalResult {
    environment: string;
    mode: "deploy" | "change" | "destroy";
    steps: StepRecord[];
    /** True when a final `up` of every stack planned no change (or, after `--destroy`, nothing is left). */
    converged: boolean;
    final: {
        /** Custom resources left in all stacks' state (0 after a destroy). */
        resources: number;
        /** Objects left in AWS on purpose (`retainOnDelete`), by type. */
        retainedInAws: Record<string, number>;
        /**
         * Interface endpoints whose connection still waits for the endpoint service owner's
         * acceptance at the end: they pass no traffic until accepted.
         */
        pendingAcceptance: { stack: string; urn: string }[];
    };
    /** Every broken rule (deletes of resources a change did not touch, protective deletes, ...). */
    findings: Finding[];
}
