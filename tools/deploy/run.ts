/**
 * Runs the steps of a deploy plan (plan.ts) through a DeployEngine (pulumi.ts):
 *  - wave by wave; the steps of a wave in parallel, at most `parallel` at a time;
 *  - each step previewed first: a planned delete of something the lifecycle model marks
 *    as protective (guard.ts) refuses the step before anything changes;
 *  - the first failure (or refusal) of a wave stops it: no further step of the wave
 *    starts, the ones running finish, and no later wave runs;
 *  - every step's outcome recorded (state.ts) so `--resume` continues from the failed one;
 *  - one progress line per step and event; the CLI's own output in a log file per step.
 *
 * Modes: `run` (the waves for real), `preview` (each stack's next run, previewed with the
 * policy pack, nothing changed), `init-stacks` (create the stacks the plan runs `up` on).
 */
import * as fs from "fs";
import * as path from "path";
import { Definition } from "../../definition/schema";
import { UnitKind, kindOf, unitReads } from "../../program/unit-registry";
import { changeCounts, guardContext, protectiveDeletes, Refusal } from "./guard";
import { definitionOfStep, liveSpokesAt, replacedSpokesIn, RunPlan, Step, stacksToUp, stepsOf } from "./plan";
import { DeployEngine, OperationError, OperationRun } from "./pulumi";
import { RunRecord, StepStatus, newRecord, writeRecord } from "./state";

export interface Io {
    out(line: string): void;
    err(line: string): void;
}

export interface RunOptions {
    plan: RunPlan;
    /** The definition the plan deploys (the new one of a change). */
    definition: Definition;
    /** The earlier definition of a change. */
    from?: Definition;
    engine: DeployEngine;
    /** At most this many stacks of a wave at once. */
    parallel: number;
    /** The stack's name in the backend (qualified with `--org`). */
    backendName(stack: string): string;
    /** The policy pack and its config file for a stack's previews and updates. */
    policyPack?(stack: string, definition: Definition): { dir: string; config: string };
    /** Per-step CLI output. */
    logDir: string;
    io: Io;
    /** ISO time now. @default new Date().toISOString() */
    now?: () => string;
}

export interface ExecuteOptions extends RunOptions {
    /** Only these steps (`--step`); no record is kept. */
    only?: string[];
    /** The record to continue (`--resume`), and where records are written. */
    record?: RunRecord;
    stateFile?: string;
    /** Create the stacks the plan runs `up` on when they do not exist. @default true */
    createStacks?: boolean;
}

type Outcome = { status: "done" | "failed" | "refused"; message?: string };

/** Runs `tasks` at most `limit` at a time, in order; stops starting new ones once `stop()` is true. */
export async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>, stop: () => boolean): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length && !stop()) {
            const item = items[next++];
            await task(item);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function summaryOf(counts: ReturnType<typeof changeCounts>): string {
    return `+${counts.creates} ~${counts.updates} ±${counts.replaces} -${counts.deletes}`;
}

function stepLog(logDir: string, step: Step): { file: string; write(chunk: string): void } {
    fs.mkdirSync(logDir, { recursive: true });
    const file = path.join(logDir, `${step.stack}.${step.pass}.log`);
    fs.writeFileSync(file, "");
    return { file, write: (chunk) => fs.appendFileSync(file, chunk) };
}

function operationRun(options: RunOptions, step: Step, log: (chunk: string) => void): OperationRun {
    return {
        stack: options.backendName(step.stack),
        stackFile: step.stack,
        ...(step.config ? { config: step.config } : {}),
        // The pack judges the run against the definition it deploys (a unit-all change's first run: the intermediate one).
        ...(step.operation === "up" && options.policyPack ? { policyPack: options.policyPack(step.stack, definitionOfStep(step, options.definition, options.from)) } : {}),
        log,
    };
}

function refusalLines(refusals: Refusal[]): string {
    return refusals.map((r) => `  refused: ${r.message}`).join("\n");
}

/** What a step's planned deletes are judged against. */
function stepContext(options: RunOptions, step: Step): ReturnType<typeof guardContext> {
    const steps = stepsOf(options.plan);
    // A unit-all change's first run deploys the intermediate definition: judged against it.
    const definition = definitionOfStep(step, options.definition, options.from);
    return guardContext(definition, options.from, liveSpokesAt(options.plan, definition, step.wave), replacedSpokesIn(steps, definition, options.from, step.wave));
}

/** One step: preview, judge the planned deletes, then up or destroy. */
async function runStep(options: RunOptions, step: Step, waves: number): Promise<Outcome> {
    const { io, engine } = options;
    const label = `[wave ${step.wave}/${waves}] ${step.step} ${step.operation}`;
    const log = stepLog(options.logDir, step);
    const run = operationRun(options, step, log.write);
    const started = Date.now();
    const seconds = () => `${Math.round((Date.now() - started) / 1000)}s`;
    try {
        if (step.operation === "destroy" && !(await engine.exists(run.stack))) {
            io.out(`${label}: the stack does not exist (already destroyed): done`);
            return { status: "done", message: "stack does not exist" };
        }
        io.out(`${label}: previewing${step.config ? ` with ${Object.entries(step.config).map(([k, v]) => `${k}=${v}`).join(" ")}` : ""}`);
        const preview = await engine.preview(run, step.operation);
        const refusals = protectiveDeletes(step.stack, preview.changes, stepContext(options, step));
        if (refusals.length > 0) {
            io.err(`${label}: REFUSED, nothing changed: the preview plans ${refusals.length} delete(s) the lifecycle model forbids\n${refusalLines(refusals)}`);
            return { status: "refused", message: refusals.map((r) => r.message).join("\n") };
        }
        io.out(`${label}: preview ${summaryOf(changeCounts(preview.changes))}; running`);
        if (step.operation === "up") await engine.up(run);
        else await engine.destroy(run);
        io.out(`${label}: ok in ${seconds()}`);
        return { status: "done" };
    } catch (e) {
        const message = e instanceof OperationError ? e.message : e instanceof Error ? e.message : String(e);
        io.err(`${label}: FAILED after ${seconds()} (log: ${log.file})\n${message.split("\n").map((l) => `  ${l}`).join("\n")}`);
        return { status: "failed", message };
    }
}

/**
 * Whether a later wave's `up` step is judged before anything runs: its preview now is what
 * it will plan at its wave when no earlier step of the plan runs its own stack (its state
 * would change first) and none runs a stack whose outputs it reads (its StackReferences
 * would read other outputs then; the reads are program/unit-registry.ts unitReads, which
 * the program's StackReferences are checked against). Nothing else a program reads at
 * preview — the definition, the caller's identity, the Region's Availability Zones —
 * changes between waves. `why`: what keeps the step from being judged up front.
 */
export function upFrontJudgement(step: Step, steps: Step[], definition: Definition): UpFront {
    return upFrontJudgements(steps, definition).get(step) ?? { judged: false, why: "not a step of the plan" };
}

export type UpFront = { judged: true } | { judged: false; why: string };

/**
 * upFrontJudgement for every `up` step of the plan at once: linear in the steps (a
 * 1,000-spoke plan has thousands), by the kinds of units each kind reads.
 */
export function upFrontJudgements(steps: Step[], definition: Definition): Map<Step, UpFront> {
    const kinds = new Map<string, UnitKind | undefined>();
    const kind = (unit: string): UnitKind | undefined => {
        if (!kinds.has(unit)) {
            try {
                kinds.set(unit, kindOf(definition, unit));
            } catch {
                // A unit the definition no longer has (a removed stack's destroy): the program reads nothing of it.
                kinds.set(unit, undefined);
            }
        }
        return kinds.get(unit);
    };
    const readKinds = (reader: UnitKind | undefined): Set<string> => new Set(unitReads.filter((r) => r.reader === reader && r.from !== "self").map((r) => r.from));
    const out = new Map<Step, UpFront>();
    // What the waves before the current one ran: the first step per stack and per unit kind.
    const ranStack = new Map<string, Step>();
    const ranKind = new Map<string, Step>();
    const byWave = [...new Set(steps.map((s) => s.wave))].sort((a, b) => a - b);
    for (const wave of byWave) {
        const current = steps.filter((s) => s.wave === wave);
        for (const step of current) {
            if (step.operation !== "up") continue;
            const own = ranStack.get(step.stack);
            if (own) {
                out.set(step, { judged: false, why: `${own.step} (wave ${own.wave}) changes this stack first` });
                continue;
            }
            const read = [...readKinds(kind(step.unit))].map((k) => ranKind.get(k)).find((s): s is Step => s !== undefined);
            out.set(step, read ? { judged: false, why: `it reads the outputs of ${read.stack}, which ${read.step} (wave ${read.wave}) ${read.operation === "destroy" ? "destroys" : "changes"} first` } : { judged: true });
        }
        for (const step of current) {
            if (!ranStack.has(step.stack)) ranStack.set(step.stack, step);
            const k = kind(step.unit);
            if (k !== undefined && !ranKind.has(k)) ranKind.set(k, step);
        }
    }
    return out;
}

/**
 * The steps of later waves, previewed before the first wave runs and judged with their own
 * wave's context, so a refusal is found before anything changes rather than with the
 * environment half changed:
 *  - every destroy: it deletes all the stack holds, so its preview now is what it will delete
 *    then (less what an earlier release or detach run drops first);
 *  - every `up` whose preview cannot change before its wave (upFrontJudgement).
 * The other `up` steps are judged at their wave (each step is previewed again right before
 * it runs): their previews depend on outputs an earlier wave creates or changes — on a first
 * deploy a spoke's preview needs the network's transit gateway id, and the network's second
 * pass needs the spokes' attachments. Returns true when one would be refused.
 */
async function refusedUpFront(options: RunOptions, steps: Step[], waves: number): Promise<boolean> {
    const first = Math.min(...steps.map((x) => x.wave));
    const later = steps.filter((s) => s.wave > first);
    const destroys = later.filter((s) => s.operation === "destroy");
    const ups = later.filter((s) => s.operation === "up");
    const judgements = upFrontJudgements(stepsOf(options.plan), options.definition);
    const judged = ups.filter((s) => judgements.get(s)?.judged === true);
    const atTheirWave = ups.filter((s) => judgements.get(s)?.judged !== true);
    const candidates = [...destroys, ...judged];
    const { io, engine } = options;
    if (atTheirWave.length > 0) {
        const example = atTheirWave[0];
        const why = judgements.get(example) as { why: string };
        io.out(`${options.plan.environment}: ${atTheirWave.length} up step(s) of later waves are judged at their wave, not now: their previews depend on what earlier waves do (e.g. ${example.step}: ${why.why})`);
    }
    if (candidates.length === 0) return false;
    io.out(`${options.plan.environment}: checking ${destroys.length} destroy step(s) and ${judged.length} up step(s) of later waves before anything runs`);
    let refused = false;
    await pool(
        candidates,
        options.parallel,
        async (step) => {
            const label = `[wave ${step.wave}/${waves}] ${step.step} ${step.operation}`;
            const run = operationRun(options, step, stepLog(options.logDir, step).write);
            let preview: Awaited<ReturnType<typeof engine.preview>>;
            try {
                if (!(await engine.exists(run.stack))) return;
                preview = await engine.preview(run, step.operation);
            } catch (e) {
                // Judged again when its wave runs, where a failing preview stops the run.
                io.out(`${label}: not checked up front: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
                return;
            }
            const refusals = protectiveDeletes(step.stack, preview.changes, stepContext(options, step));
            if (refusals.length > 0) {
                refused = true;
                io.err(`${label}: would be REFUSED when its wave runs\n${refusalLines(refusals)}`);
            }
        },
        () => false,
    );
    return refused;
}

/** Makes sure every stack the remaining steps run `up` on exists; creates it when allowed. */
async function ensureStacks(options: RunOptions, steps: Step[], create: boolean): Promise<string | undefined> {
    const wanted = stacksToUp({ ...options.plan, waves: [{ wave: 0, stacks: steps }] });
    for (const stack of wanted) {
        const name = options.backendName(stack);
        try {
            if (await options.engine.exists(name)) continue;
            if (!create) return `stack ${name} does not exist; create it first (npm run deploy -- ... --init-stacks, or pulumi stack init ${name})`;
            await options.engine.create(name);
            options.io.out(`created stack ${name}`);
        } catch (e) {
            return e instanceof Error ? e.message : String(e);
        }
    }
    return undefined;
}

/**
 * Runs the plan (or `only` its named steps). Returns the exit code: 0 every step done,
 * 1 a step failed or was refused (or a stack could not be created).
 */
export async function execute(options: ExecuteOptions): Promise<number> {
    const { plan, io } = options;
    const now = options.now ?? (() => new Date().toISOString());
    const all = stepsOf(plan);
    const record = options.only ? undefined : (options.record ?? newRecord(plan, now));
    const save = (): void => {
        if (record && options.stateFile) writeRecord(options.stateFile, record);
    };
    const mark = (step: Step, status: StepStatus, message?: string): void => {
        if (!record) return;
        record.steps[step.step] = { status, at: now(), ...(message ? { message } : {}) };
        save();
    };
    const done = (step: Step): boolean => record?.steps[step.step]?.status === "done";
    const selected = options.only ? all.filter((s) => options.only!.includes(s.step)) : all;
    const remaining = selected.filter((s) => !done(s));

    if (record) {
        const skipped = selected.length - remaining.length;
        const interrupted = remaining.filter((s) => record.steps[s.step]?.status === "running");
        if (skipped > 0) io.out(`resuming ${options.stateFile ?? ""}: ${skipped} step(s) done before are skipped`);
        for (const s of interrupted) io.out(`${s.step} was running when the last run stopped: it runs again (pulumi up converges; a stack left locked needs pulumi cancel first)`);
        save();
    }
    io.out(`${plan.environment}: ${plan.operation}, ${plan.waves.length} wave(s), ${remaining.length} step(s) to run, at most ${options.parallel} at a time`);

    const problem = await ensureStacks(options, remaining, options.createStacks ?? true);
    if (problem) {
        io.err(problem);
        return 1;
    }

    if (!options.only && (await refusedUpFront(options, remaining, plan.waves.length))) {
        io.err(`${plan.environment}: nothing ran: a step of a later wave would be refused (above). Fix the definition or the order, then run again.`);
        return 1;
    }

    for (const wave of plan.waves) {
        const steps = wave.stacks.filter((s) => remaining.includes(s));
        if (steps.length === 0) continue;
        const failures: { step: Step; outcome: Outcome }[] = [];
        const started = new Set<string>();
        await pool(
            steps,
            options.parallel,
            async (step) => {
                started.add(step.step);
                mark(step, "running");
                const outcome = await runStep(options, step, plan.waves.length);
                mark(step, outcome.status, outcome.message);
                if (outcome.status !== "done") failures.push({ step, outcome });
            },
            () => failures.length > 0,
        );
        if (failures.length > 0) {
            const notStarted = steps.filter((s) => !started.has(s.step)).map((s) => s.step);
            io.err(
                `wave ${wave.wave} stopped: ${failures.map((f) => `${f.step.step} ${f.outcome.status}`).join(", ")}` +
                    (notStarted.length > 0 ? `; not started: ${notStarted.join(", ")}` : "") +
                    `; no later wave ran.` +
                    (record ? ` Fix the cause, then continue from it: npm run deploy -- ${resumeArgs(plan)} --resume` : ""),
            );
            return 1;
        }
    }
    io.out(`${plan.environment}: ${plan.operation} done (${selected.length} step(s))`);
    return 0;
}

/** The arguments that repeat this run. */
export function resumeArgs(plan: RunPlan): string {
    return [`--definition ${plan.definition}`, ...(plan.from ? [`--from ${plan.from}`] : []), ...(plan.operation === "destroy" ? ["--destroy"] : [])].join(" ");
}

/**
 * `--preview`: each stack's next run in the plan (its first step: its operation and
 * run-only config) previewed with the policy pack, nothing changed. A stack that does not
 * exist yet is not previewed (its offline plan, `npm run plan`, stands in). Returns 0 when
 * every preview passed and none plans a forbidden delete, else 1.
 */
export async function previewAll(options: RunOptions): Promise<number> {
    const { plan, io, engine } = options;
    const first = new Map<string, Step>();
    for (const s of stepsOf(plan)) if (!first.has(s.stack)) first.set(s.stack, s);
    const steps = [...first.values()];
    io.out(`${plan.environment}: previewing ${steps.length} stack(s) of the ${plan.operation} waves, at most ${options.parallel} at a time`);
    let failed = 0;
    await pool(
        steps,
        options.parallel,
        async (step) => {
            const label = `${step.step} ${step.operation}`;
            const log = stepLog(options.logDir, step);
            const run = operationRun(options, step, log.write);
            try {
                if (!(await engine.exists(run.stack))) {
                    io.out(`${label}: not previewed: ${run.stack} does not exist yet (it is created on deploy; npm run plan is its offline preview)`);
                    return;
                }
                const preview = await engine.preview(run, step.operation);
                const refusals = protectiveDeletes(step.stack, preview.changes, stepContext(options, step));
                if (refusals.length > 0) {
                    failed++;
                    io.err(`${label}: preview ${summaryOf(changeCounts(preview.changes))}; would be REFUSED\n${refusalLines(refusals)}`);
                } else {
                    io.out(`${label}: preview ${summaryOf(changeCounts(preview.changes))}`);
                }
            } catch (e) {
                failed++;
                io.err(`${label}: preview FAILED (log: ${log.file})\n${(e instanceof Error ? e.message : String(e)).split("\n").map((l) => `  ${l}`).join("\n")}`);
            }
        },
        () => false,
    );
    io.out(failed === 0 ? `${plan.environment}: every preview passed` : `${plan.environment}: ${failed} preview(s) failed or would be refused`);
    return failed === 0 ? 0 : 1;
}

/** `--init-stacks`: creates every stack the plan runs `up` on that does not exist yet. */
export async function initStacks(options: RunOptions): Promise<number> {
    const problem = await ensureStacks(options, stepsOf(options.plan), true);
    if (problem) {
        options.io.err(problem);
        return 1;
    }
    options.io.out(`${options.plan.environment}: every stack of the plan exists`);
    return 0;
}
