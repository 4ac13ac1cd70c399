/**
 * Offline plans for tests (tools/plan/run.ts `planProgram`), each computed once per mocha
 * run however many files check it (test/support/run-cache.ts). `stacks/prod.yaml` unit
 * `all` alone is planned by a dozen files (0.4–0.9 CPU-seconds each); mocha's parallel
 * workers share no memory, so before this each paid for it.
 *
 * The key is the hash of every input: the definition file's name and text, the unit, the
 * environment and stack, the other stacks' outputs, the config, the definition object when
 * one is given, and the project's source (`sourceFingerprint`). A plan that sees each
 * registration (`onRegistration`), loads the definition its own way (`loadDefinition`) or
 * has any other option the key does not cover runs as it is: the key cannot see what its
 * callbacks do. A plan that fails is not kept.
 *
 * `LZ_TEST_PLAN_LOG=<file>` appends one JSON line per call (test file, inputs, how it was
 * obtained, the CPU milliseconds it cost this process).
 */
import * as fs from "fs";
import * as path from "path";
import { PlanOptions, planProgram } from "../../tools/plan/run";
import { PlanResult } from "../../tools/plan/model";
import { computedOncePerRun, cpuMsSince, hashOf, sourceFingerprint } from "./run-cache";
import { runningTestFile } from "./process-guard";

const root = path.resolve(__dirname, "..", "..");

function log(options: PlanOptions, how: string, cpuMs: number): void {
    const out = process.env.LZ_TEST_PLAN_LOG;
    if (!out) return;
    const rel = (f?: string) => (f === undefined ? undefined : path.relative(root, f));
    const line = {
        file: rel(runningTestFile()),
        definition: rel(options.definitionFile),
        unit: options.unit,
        stackOutputs: options.stackOutputs !== undefined,
        config: options.config,
        how,
        cpuMs: Math.round(cpuMs),
        pid: process.pid,
    };
    fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
}

/** The options the key covers; a plan given any other (a callback, or an option added later) runs as it is. */
const KEYED = new Set(["definitionFile", "unit", "environment", "stack", "stackOutputs", "config", "definition"]);

/** `planProgram(options)`, computed once per run unless it has callbacks. Each caller gets its own copy. */
export async function sharedPlan(options: PlanOptions): Promise<PlanResult> {
    const unkeyed = Object.entries(options).some(([k, v]) => v !== undefined && !KEYED.has(k));
    if (unkeyed || !fs.existsSync(options.definitionFile)) {
        const start = process.cpuUsage();
        try {
            return await planProgram(options);
        } finally {
            log(options, "callbacks", cpuMsSince(start));
        }
    }
    const key = hashOf({
        definition: { file: path.resolve(options.definitionFile), text: fs.readFileSync(options.definitionFile, "utf8") },
        unit: options.unit,
        environment: options.environment,
        stack: options.stack,
        stackOutputs: options.stackOutputs,
        config: options.config,
        loaded: options.definition === undefined ? undefined : hashOf(options.definition),
        source: sourceFingerprint(),
    });
    return computedOncePerRun(`plan-${key}`, () => planProgram(options), (how, cpuMs) => log(options, how, cpuMs));
}
