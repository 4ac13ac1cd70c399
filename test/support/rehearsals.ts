/**
 * Rehearsals for tests, each computed once per mocha run however many files check it.
 *
 * A rehearsal (tools/rehearse) of a whole environment costs 0.2–2.5 CPU-seconds, and several
 * files check the same one (the generic checks of a held-out change and the review's
 * case-by-case expectations; a change's growth and its destroy). mocha's parallel workers
 * are separate processes, so a cache in memory is shared only by the files one worker
 * happens to run. Here a rehearsal without hooks is computed once per run
 * (test/support/run-cache.ts: in memory, and a file in the run's directory; the first worker
 * to need it computes it, another that needs it meanwhile waits for its file).
 *
 * The key is the hash of everything that decides the result: the text and name of the
 * definition and of the earlier definition, the options, and the project's source
 * (`sourceFingerprint`). The directory goes with the run, so nothing survives into the next.
 *
 * A rehearsal with hooks (`programFor`, `wavesFor`, `afterStep`, `progress`) or any option
 * the key does not cover runs as it is: its callbacks are code the key cannot see, and some
 * read the live world.
 *
 * `LZ_TEST_REHEARSAL_LOG=<file>` appends one JSON line per call: the test file, the inputs,
 * whether it was computed, found in this process, found in the run's directory, waited for
 * or run with hooks, and the CPU milliseconds it cost this process. docs/performance.md
 * shows how to sum it.
 */
import * as fs from "fs";
import * as path from "path";
import { RehearseOptions, rehearse } from "../../tools/rehearse/rehearse";
import { RehearsalResult } from "../../tools/rehearse/model";
import { computedOncePerRun, cpuMsSince, hashOf, sourceFingerprint } from "./run-cache";
import { runningTestFile } from "./process-guard";

const root = path.resolve(__dirname, "..", "..");

type Cacheable = Pick<RehearseOptions, "definitionFile" | "fromFile" | "destroy" | "singleStack" | "organization">;
/** The options the key covers; a rehearsal given any other (a hook, or an option added later) runs as it is. */
const KEYED = new Set(["definitionFile", "fromFile", "destroy", "singleStack", "organization"]);
const hooked = (o: RehearseOptions): boolean => Object.entries(o).some(([k, v]) => v !== undefined && !KEYED.has(k));

/** The key of a rehearsal without hooks: the hash of its inputs' content, its options and the source. */
export function rehearsalKey(options: Cacheable): string {
    const file = (f: string | undefined) => (f === undefined ? null : { file: path.resolve(f), text: fs.readFileSync(f, "utf8") });
    const inputs = {
        definition: file(options.definitionFile),
        from: file(options.fromFile),
        destroy: options.destroy === true,
        singleStack: options.singleStack === true,
        organization: options.organization ?? null,
        source: sourceFingerprint(),
    };
    return hashOf(inputs);
}

function log(options: RehearseOptions, how: string, cpuMs: number): void {
    const out = process.env.LZ_TEST_REHEARSAL_LOG;
    if (!out) return;
    const rel = (f?: string) => (f === undefined ? undefined : path.relative(root, f));
    const line = {
        file: rel(runningTestFile()),
        definition: rel(options.definitionFile),
        from: rel(options.fromFile),
        destroy: options.destroy === true,
        singleStack: options.singleStack === true,
        organization: options.organization,
        hooks: Object.keys(options).filter((k) => !KEYED.has(k) && (options as unknown as Record<string, unknown>)[k] !== undefined),
        how,
        cpuMs: Math.round(cpuMs),
        pid: process.pid,
    };
    fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
}

/**
 * `rehearse(options)`, computed once per run when it has no hooks. Each caller gets its own
 * copy of the result (a test may not change what another test checks).
 */
export async function rehearsal(options: RehearseOptions): Promise<RehearsalResult> {
    // A definition that cannot be read is the rehearsal's to report (InputError), not the key's.
    const readable = [options.definitionFile, options.fromFile].every((f) => f === undefined || fs.existsSync(f));
    if (hooked(options) || !readable) {
        const start = process.cpuUsage();
        try {
            return await rehearse(options);
        } finally {
            log(options, "hooked", cpuMsSince(start));
        }
    }
    return computedOncePerRun(`rehearsal-${rehearsalKey(options)}`, () => rehearse(options), (how, cpuMs) => log(options, how, cpuMs));
}
