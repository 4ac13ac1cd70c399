/**
 * The shape every rule of the pack shares: a plain snapshot of the properties (unknowns as
 * markers), the rule's config, and two ways to report — a violation (at the rule's enforcement
 * level) and an advisory "could not decide during preview" note naming the values that were
 * unknown. Rules never let `UnknownValueError` escape (see values.ts for why).
 */
import type {
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidation,
    StackValidationArgs,
} from "@pulumi/policy";
import { PackConfig } from "./config";
import { StackIndex } from "./stack-index";
import { advisoryReportHook, reportAsAdvisory, undecidedError } from "./sdk-seam";
import { isUnknownValueError, plainProps } from "./values";

/** Collects one resource's findings and hands them to the policy server. */
export class Findings {
    private readonly undecidedValues: string[] = [];

    constructor(
        private readonly report: ReportViolation,
        private readonly urn?: string,
        /** Where notes go when the SDK seam's report hook is off (thrown once at the rule's end). */
        private readonly pendingNotes?: string[],
    ) {}

    /** A violation: `message` says what is wrong and what to change. */
    violation(message: string): void {
        this.report(message, this.urn);
    }

    /** Something that could not be decided now, e.g. `"policy (unknown until apply)"`. */
    undecided(what: string): void {
        if (!this.undecidedValues.includes(what)) this.undecidedValues.push(what);
    }

    /** Emits the advisory note for everything undecided (one note per resource and rule). */
    flush(): void {
        if (this.undecidedValues.length === 0) return;
        const message = `could not decide during preview: ${this.undecidedValues.join("; ")}`;
        if (advisoryReportHook() || !this.pendingNotes) reportAdvisory(this.report, message, this.urn);
        else this.pendingNotes.push(message);
        this.undecidedValues.length = 0;
    }
}

/**
 * Reports an advisory note whatever the rule's enforcement level (sdk-seam.ts, hook 1). Without
 * the hook, rules collect their notes and end with the SDK's own UnknownValueError instead.
 */
export function reportAdvisory(report: ReportViolation, message: string, urn?: string): void {
    if (advisoryReportHook()) reportAsAdvisory(report, message, urn);
    else throw undecidedError([message]);
}

/** Ends a rule the SDK's way when notes were held back (no report hook): one advisory for all. */
function throwPending(notes: string[]): void {
    if (notes.length > 0) throw undecidedError(notes);
}

/** Configs handed out, newest last (one per rule's set of keys, until the next Configure). */
const configs: PackConfig[] = [];

/**
 * The rule's config as one object for as long as it does not change. `getConfig` returns a
 * fresh shallow copy of the policy's config on every call (@pulumi/policy server.js
 * makeGetConfigFun), so verdicts memoized per statement and config (perimeter-questions.ts,
 * any-caller-resources.ts) were computed again for every resource and every stack: for each
 * spoke's endpoint policies, once per spoke stack. A copy whose every value is the very same
 * object as an earlier one's (as until the next Configure) is answered with the earlier one.
 */
export function stableConfig(config: PackConfig): PackConfig {
    const keys = Object.keys(config);
    const same = configs.find((c) => {
        const theirs = Object.keys(c);
        return theirs.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(c, k) && (c as Record<string, unknown>)[k] === (config as Record<string, unknown>)[k]);
    });
    if (same) return same;
    configs.push(config);
    if (configs.length > 64) configs.shift();
    return config;
}

export interface ResourceCheckArgs {
    type: string;
    urn: string;
    name: string;
    /** Plain snapshot of the resource's inputs; unknown values are `Unknown` markers. */
    props: Record<string, unknown>;
    config: PackConfig;
    findings: Findings;
}

/**
 * A resource validation for one or more type tokens. For a single type it carries
 * `__pulumiType`, the marker the server uses to skip other types before deserializing them.
 */
export function resourceCheck(types: string | string[], check: (args: ResourceCheckArgs) => void | Promise<void>): ResourceValidation {
    const wanted = new Set(Array.isArray(types) ? types : [types]);
    const run = async (args: ResourceValidationArgs, report: ReportViolation): Promise<void> => {
        const pending: string[] = [];
        const findings = new Findings(report, undefined, pending);
        try {
            await check({ type: args.type, urn: args.urn, name: args.name, props: plainProps(args.props), config: stableConfig(args.getConfig<PackConfig>()), findings });
        } catch (error) {
            // A value the snapshot did not cover (should not happen): still never throw through.
            if (!isUnknownValueError(error)) throw error;
            findings.undecided((error as Error).message);
        }
        findings.flush();
        throwPending(pending);
    };
    // Other types return at once, without touching the properties or creating a promise: rules
    // covering several types are called for every resource (the server cannot skip them by type).
    const validate = (args: ResourceValidationArgs, report: ReportViolation): Promise<void> | void => (wanted.has(args.type) ? run(args, report) : undefined);
    if (wanted.size === 1) (validate as unknown as { __pulumiType: string }).__pulumiType = [...wanted][0];
    return validate;
}

export interface StackCheckArgs {
    index: StackIndex;
    config: PackConfig;
    /** Findings for one resource of the stack (flushed after the check). */
    findingsFor(urn: string): Findings;
    /** A violation of the stack as a whole (no single resource is at fault). */
    report(message: string): void;
}

/**
 * A stack validation. The stack is indexed once (StackIndex) and the check walks only the
 * resources of the types it is about. `primaryType` lets the server skip the rule entirely
 * when the stack has no resource of that type.
 */
export function stackCheck(primaryType: string | undefined, check: (args: StackCheckArgs) => void | Promise<void>): StackValidation {
    const validate = async (args: StackValidationArgs, report: ReportViolation): Promise<void> => {
        const byUrn = new Map<string, Findings>();
        const pending: string[] = [];
        const findingsFor = (urn: string): Findings => {
            let f = byUrn.get(urn);
            if (!f) {
                f = new Findings(report, urn, pending);
                byUrn.set(urn, f);
            }
            return f;
        };
        try {
            await check({ index: new StackIndex(args.resources), config: stableConfig(args.getConfig<PackConfig>()), findingsFor, report: (message) => report(message) });
        } catch (error) {
            if (!isUnknownValueError(error)) throw error;
            pending.push(`could not decide during preview: ${(error as Error).message}`);
        }
        for (const f of byUrn.values()) f.flush();
        if (advisoryReportHook()) for (const note of pending) reportAsAdvisory(report, note);
        else throwPending(pending);
    };
    if (primaryType) (validate as unknown as { __pulumiType: string }).__pulumiType = primaryType;
    return validate;
}

/** Findings that are collected instead of reported: a rule asking another check's verdict. */
export function capturedFindings(): { findings: Findings; violations: string[]; undecided: string[] } {
    const violations: string[] = [];
    const undecided: string[] = [];
    const report = ((message: unknown) => {
        if (typeof message === "string") violations.push(message);
        else undecided.push(String((message as { message?: string }).message ?? ""));
    }) as unknown as ReportViolation;
    // Notes held back (no SDK report hook) land in `undecided` too, never thrown.
    return { findings: new Findings(report, undefined, undecided), violations, undecided };
}
