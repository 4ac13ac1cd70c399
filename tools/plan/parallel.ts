/**
 * Plans every unit of an environment (or a given list) as its own stack, in K worker
 * processes at once — what the per-account stacks deploy: `org`, `network`, `security`
 * and each spoke, each reading the others' outputs through StackReferences (synthesized
 * from the definition, as in a single `npm run plan` of that unit). Each worker plans its
 * units one after the other under fresh mock state and, when asked, judges each plan with
 * its own policy pack process through the Analyzer protocol.
 *
 * Why processes: the Pulumi SDK keeps its runtime state in process globals, so one
 * process plans one stack at a time; units are independent, so K processes plan K at
 * once. Work is handed out one unit at a time (the network unit, by far the largest,
 * goes first), so the workers finish together.
 *
 * Nothing is skipped: every unit is planned in full and every plan judged in full.
 */
import { fork } from "child_process";
import * as os from "os";
import * as path from "path";
import type { PolicyPackConfig } from "./analyzer";
import type { LoadedDefinition } from "./definition-cache";
import { PlanError } from "./errors";
import type { PlanMessage, PlanResult, Violation } from "./model";

/** Messages from the parent to a worker. */
export type ToWorker =
    | {
          type: "init";
          definitionFile: string;
          keepResources: boolean;
          pack?: { packDir: string; config?: PolicyPackConfig };
          definition?: LoadedDefinition;
      }
    | { type: "plan"; unit: string }
    | { type: "finish" };

/** Messages from a worker to the parent. */
export type FromWorker =
    | { type: "started" }
    | { type: "ready" }
    | { type: "planned"; unit: string; stack: string; summary: PlanResult["summary"]; messages: PlanMessage[]; planMs: number; plan?: PlanResult }
    | { type: "judged"; unit: string; violations: Violation[]; judgeMs: number }
    | { type: "finished"; peakBytes: number; cpuSeconds: number; packPeakBytes?: number; packCpuSeconds?: number; packMessages: PlanMessage[] }
    | { type: "failed"; unit?: string; kind: string; message: string };

export interface UnitPlan {
    unit: string;
    stack: string;
    summary: PlanResult["summary"];
    messages: PlanMessage[];
    /** The pack's findings (empty when no pack was run). */
    violations: Violation[];
    planMs: number;
    judgeMs?: number;
    /** The whole plan, when `keepResources` was asked for. */
    plan?: PlanResult;
}

export interface ProcessFigures {
    role: "planner" | "policy pack";
    pid?: number;
    /** Peak resident memory (Linux `maxRSS` / `VmHWM`), bytes. */
    peakBytes?: number;
    /** CPU seconds used (user + system). */
    cpuSeconds?: number;
}

export interface ParallelPlanResult {
    /** In the order the units were given. */
    units: UnitPlan[];
    processes: ProcessFigures[];
    /** Messages the packs logged. */
    packMessages: PlanMessage[];
}

export interface ParallelPlanOptions {
    definitionFile: string;
    /**
     * The definition file as the caller already loaded it (`createDefinitionCache().loaded`):
     * its bytes and load result seed every worker's definition cache, so the file is not
     * validated again in each worker while its bytes stay the same (each worker still reads
     * it before every use). @default each worker loads the file itself
     */
    definition?: LoadedDefinition;
    /** The units to plan, in order. */
    units: string[];
    /** Worker processes. @default the number of CPUs */
    workers?: number;
    /** Judge each plan with this pack. @default no pack */
    pack?: { packDir: string; config?: PolicyPackConfig };
    /** Send every resource back (large). @default false: counts and findings only */
    keepResources?: boolean;
    /**
     * Node flags of the workers. The default gives V8's young generation room: planning
     * allocates many short-lived promises and closures per resource, and with the default
     * 16 MB semi-spaces the scavenger runs thousands of times and promotes them early.
     * @default ["--max-semi-space-size=64"]
     */
    nodeFlags?: string[];
    onProgress?: (message: string) => void;
}

/** Plans `units` in parallel worker processes; rejects with a PlanError naming the unit that failed. */
export async function planUnitsInParallel(options: ParallelPlanOptions): Promise<ParallelPlanResult> {
    const count = Math.max(1, Math.min(options.workers ?? os.cpus().length, options.units.length));
    const queue = [...options.units];
    const results = new Map<string, UnitPlan>();
    const processes: ProcessFigures[] = [];
    const packMessages: PlanMessage[] = [];
    const workerFile = path.join(__dirname, "unit-worker.ts");
    // Two units are handed to a worker at a time, so it never waits for the next one; at
    // most JUDGE_AHEAD plans wait for the pack, so memory stays bounded when the pack is slower.
    const PLANS_AHEAD = 2;
    const JUDGE_AHEAD = 50;
    let planned = 0;

    const runWorker = (): Promise<void> =>
        new Promise<void>((resolve, reject) => {
            const child = fork(workerFile, [], {
                // TypeScript loaded through a transpile cache (ts-register.js), not ts-node.
                execArgv: ["-r", path.join(__dirname, "ts-register.js"), ...(options.nodeFlags ?? ["--max-semi-space-size=64"])],
                serialization: "advanced",
                stdio: ["ignore", "inherit", "inherit", "ipc"],
            });
            let planning = 0;
            let judging = 0;
            let finishing = false;
            let settled = false;
            const stop = (err?: Error): void => {
                if (settled) return;
                settled = true;
                if (err) {
                    // Nothing more to plan: the environment has failed.
                    queue.length = 0;
                    child.kill();
                    reject(err);
                } else resolve();
            };
            const next = (): void => {
                while (!finishing && planning < PLANS_AHEAD && judging < JUDGE_AHEAD && queue.length > 0) {
                    const unit = queue.shift()!;
                    planning++;
                    if (options.pack) judging++;
                    child.send({ type: "plan", unit } satisfies ToWorker);
                }
                if (!finishing && queue.length === 0 && planning === 0 && judging === 0) {
                    finishing = true;
                    child.send({ type: "finish" } satisfies ToWorker);
                }
            };
            child.on("message", (message: FromWorker) => {
                switch (message.type) {
                    case "started":
                        child.send({
                            type: "init",
                            definitionFile: options.definitionFile,
                            keepResources: options.keepResources ?? false,
                            pack: options.pack,
                            definition: options.definition,
                        } satisfies ToWorker);
                        return;
                    case "ready":
                        return next();
                    case "planned":
                        results.set(message.unit, {
                            unit: message.unit,
                            stack: message.stack,
                            summary: message.summary,
                            messages: message.messages,
                            violations: [],
                            planMs: message.planMs,
                            ...(message.plan ? { plan: message.plan } : {}),
                        });
                        planning--;
                        planned++;
                        if (options.onProgress && (planned % 100 === 0 || planned === options.units.length)) options.onProgress(`planned ${planned}/${options.units.length} units`);
                        return next();
                    case "judged": {
                        const r = results.get(message.unit)!;
                        r.violations = message.violations;
                        r.judgeMs = message.judgeMs;
                        if (r.plan) r.plan.violations.push(...message.violations);
                        judging--;
                        return next();
                    }
                    case "finished":
                        processes.push({ role: "planner", pid: child.pid, peakBytes: message.peakBytes, cpuSeconds: message.cpuSeconds });
                        if (options.pack) processes.push({ role: "policy pack", peakBytes: message.packPeakBytes, cpuSeconds: message.packCpuSeconds });
                        packMessages.push(...message.packMessages);
                        return stop();
                    case "failed":
                        return stop(
                            message.unit !== undefined
                                ? new PlanError(`unit ${message.unit}: ${message.message}`, message.kind === "definition" ? "definition" : "program")
                                : new Error(`a plan worker failed: ${message.message}`),
                        );
                }
            });
            // Settled by the worker's `finished` report; exiting before it is a failure.
            child.on("exit", (code, signal) => stop(new Error(`a plan worker exited (${signal ?? `code ${code}`}) before it had finished`)));
            child.on("error", (err) => stop(err));
        });

    const workers = Array.from({ length: count }, runWorker);
    try {
        await Promise.all(workers);
    } finally {
        // A failure in one worker leaves the others planning: they are killed by `stop` only
        // for their own failures, so wait for every one to settle before returning.
        await Promise.allSettled(workers);
    }
    return { units: options.units.map((u) => results.get(u)!), processes, packMessages };
}
