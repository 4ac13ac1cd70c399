/**
 * The record of a deploy run (`.landing-zone/deploy-<env>.json`), so `--resume` continues
 * from the step that failed instead of starting over.
 *
 * Safe after a crash by construction:
 *  - a step is recorded `done` only after its `pulumi up`/`destroy` returned success; a
 *    step that was running when the run stopped is recorded `running` and runs again on
 *    resume (a repeated `pulumi up` converges; a repeated destroy of an empty stack is a
 *    no-op);
 *  - every write replaces the file whole (write a temporary file, then rename it over the
 *    old one: a rename within a directory is atomic on POSIX file systems), so a crash
 *    mid-write leaves the previous record, never half of one;
 *  - the record names the plan it belongs to (a fingerprint of its steps) and the
 *    definition text it ran with: a resume against another plan, or after the definition
 *    changed, is refused rather than skipping steps that ran with other inputs (a cause
 *    outside the definition — a quota, a permission, a throttled API — is what a resume is
 *    for; after a definition fix, run again from the start).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { RunPlan, planFingerprint } from "./plan";

export type StepStatus = "running" | "done" | "failed" | "refused";

export interface StepRecord {
    status: StepStatus;
    /** ISO time of the last change. */
    at: string;
    message?: string;
}

export interface RunRecord {
    version: 1;
    environment: string;
    operation: RunPlan["operation"];
    definition: string;
    from?: string;
    /** planFingerprint of the plan. */
    plan: string;
    /** sha256 of the definition files' text (and the earlier one's): the inputs of the steps done. */
    inputs: string;
    startedAt: string;
    steps: Record<string, StepRecord>;
}

/** Where the record of an environment's runs lives, under the project directory. */
export function defaultStateFile(projectDir: string, environment: string): string {
    return path.join(projectDir, ".landing-zone", `deploy-${environment}.json`);
}

export function readRecord(file: string): RunRecord | undefined {
    if (!fs.existsSync(file)) return undefined;
    const record = JSON.parse(fs.readFileSync(file, "utf8")) as RunRecord;
    if (record.version !== 1 || typeof record.steps !== "object") throw new Error(`${file}: not a deploy record (version ${String(record.version)})`);
    return record;
}

/** Writes the record atomically (temporary file, then rename). */
export function writeRecord(file: string, record: RunRecord): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
    fs.renameSync(tmp, file);
}

/** A fingerprint of the definition files a run reads. */
export function inputsFingerprint(plan: RunPlan): string {
    const hash = crypto.createHash("sha256");
    for (const file of [plan.definition, ...(plan.from ? [plan.from] : [])]) hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "").update("\u0000");
    return hash.digest("hex").slice(0, 16);
}

export function newRecord(plan: RunPlan, now: () => string): RunRecord {
    return {
        version: 1,
        environment: plan.environment,
        operation: plan.operation,
        definition: plan.definition,
        ...(plan.from ? { from: plan.from } : {}),
        plan: planFingerprint(plan),
        inputs: inputsFingerprint(plan),
        startedAt: now(),
        steps: {},
    };
}

/**
 * The record a `--resume` continues from, or why it cannot: no record, or a record of
 * another plan.
 */
export function resumable(file: string, plan: RunPlan): { record: RunRecord } | { problem: string } {
    let record: RunRecord | undefined;
    try {
        record = readRecord(file);
    } catch (e) {
        return { problem: `${file}: ${(e as Error).message}; run without --resume to start over` };
    }
    if (!record) return { problem: `--resume: no record of an earlier run at ${file}; run without --resume` };
    const again = "Run without --resume: every step runs again, which is safe (pulumi up converges)";
    if (record.plan !== planFingerprint(plan) || record.environment !== plan.environment) {
        return {
            problem:
                `--resume: ${file} records a run of another plan (${record.operation} of ${record.definition}${record.from ? ` from ${record.from}` : ""}, started ${record.startedAt}); ` +
                `the waves differ now (the definition changed, or other arguments). ${again}`,
        };
    }
    if (record.inputs !== inputsFingerprint(plan)) {
        return {
            problem:
                `--resume: the definition changed since the run recorded in ${file} (started ${record.startedAt}): the steps it did ran with the old one, ` +
                `and skipping them would leave those stacks behind. ${again}`,
        };
    }
    return { record };
}

/**
 * Why a plain run (no `--resume`, no `--restart`) of a unit-`all` change must not start over, or
 * undefined when it may. A unit-`all` change that deletes first is two runs of the one stack
 * (plan.ts): the first deploys the earlier definition less what goes first, the second the new
 * one. Once the record of this same change (same plan) shows the first run done, running it again
 * deploys the earlier definition over what the second run built, or half built — it deletes it
 * again (a renamed spoke goes down a second time). So the run is refused, naming the way on:
 * `--resume` (the second run only); a plain deploy of the new definition without `--from` when the
 * definition was edited since but what goes first did not change (`--resume` refuses then; that
 * deploy is what the second run is) or when the change completed; `--restart` to really run both
 * again (the only way when the edit changed what goes first).
 *
 * A per-unit change is left alone: its steps are separate stacks, and a step that runs again
 * converges. An unreadable record is no evidence either way: the run goes ahead as before.
 */
export function repeatOfFirstRun(file: string, plan: RunPlan, stepsOfPlan: { step: string; definition?: "from" }[]): string | undefined {
    if (!plan.singleStack || plan.operation !== "change") return undefined;
    const first = stepsOfPlan.filter((s) => s.definition === "from").map((s) => s.step);
    if (first.length === 0) return undefined;
    let record: RunRecord | undefined;
    try {
        record = readRecord(file);
    } catch {
        return undefined;
    }
    // The same change: the same files, as given. Its plan may differ (the new definition edited since).
    if (!record || record.environment !== plan.environment || record.operation !== "change" || record.definition !== plan.definition || record.from !== plan.from) return undefined;
    if (!first.every((s) => record!.steps[s]?.status === "done")) return undefined;
    const rest = stepsOfPlan.map((s) => s.step).filter((s) => !first.includes(s));
    const pending = rest.filter((s) => record!.steps[s]?.status !== "done");
    const args = [`--definition ${plan.definition}`, ...(plan.from ? [`--from ${plan.from}`] : [])].join(" ");
    const what =
        `${file} records that the first run of this change (${first.join(", ")}: the earlier definition less what goes first) completed at ${record.steps[first[0]].at}` +
        (pending.length > 0
            ? `, and ${pending.map((s) => `${s} ${statusWords(record!.steps[s]?.status)}`).join(", ")}. `
            : `, and so did the rest (${rest.join(", ")}): the change is deployed. `) +
        `Running the change from the start would deploy the earlier definition again over what ${rest.join(", ")} built${pending.length > 0 ? " or half built" : ""}, deleting it again. `;
    const restart = `To really start over (the first run again, then the rest), add --restart.`;
    if (record.plan !== planFingerprint(plan)) {
        return (
            `${what}The change's plan differs now (the definition was edited: what goes first, or the steps), so --resume would refuse, and a deploy without --from ` +
            `would not delete first what the new plan does. ${restart}`
        );
    }
    if (pending.length === 0) {
        return `${what}To converge the stack on the new definition, deploy it without --from: npm run deploy -- --definition ${plan.definition}. ${restart}`;
    }
    if (record.inputs !== inputsFingerprint(plan)) {
        return (
            `${what}The definition files changed since, so --resume would refuse; the first run's deletes are done, so deploy the new definition without --from ` +
            `(one run, which is what ${pending.join(", ")} is): npm run deploy -- --definition ${plan.definition}. ${restart}`
        );
    }
    return `${what}Continue with the rest: npm run deploy -- ${args} --resume. ${restart}`;
}

function statusWords(status: StepStatus | undefined): string {
    return status === undefined ? "did not start" : status === "running" ? "was running when the run stopped" : status;
}
