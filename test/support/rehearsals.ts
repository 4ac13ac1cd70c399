/**
 * Rehearsals for tests, each computed once per mocha run however many files check it.
 *
 * A rehearsal (tools/rehearse) of a whole environment costs 0.2–2.5 CPU-seconds, and several
 * files check the same one (the generic checks of a held-out change and the review's
 * case-by-case expectations; a change's growth and its destroy). mocha's parallel workers
 * are separate processes, so a cache in memory is shared only by the files one worker
 * happens to run. Here a rehearsal without hooks is computed once per process (in memory)
 * and once per run (a file in the run's directory, test/support/run-cache.ts): the first
 * worker to need it computes it, another that needs it meanwhile waits for its file.
 *
 * The key is the hash of everything that decides the result: the text and name of the
 * definition and of the earlier definition, the options, and the project's source (every
 * file of the directories the rehearsal runs, see `sourceFingerprint`). The directory goes
 * with the run, so nothing survives into the next one; under `--watch` (one directory for
 * the whole session) an edited source file changes the key.
 *
 * A rehearsal with hooks (`programFor`, `wavesFor`, `afterStep`, `progress`) runs as it is:
 * its callbacks are code the key cannot see, and some read the live world.
 *
 * `LZ_TEST_REHEARSAL_LOG=<file>` appends one JSON line per call: the test file, the inputs,
 * whether it was computed, found in this process, found in the run's directory, waited for
 * or run with hooks, and the CPU milliseconds it cost this process. docs/performance.md
 * shows how to sum it.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { RehearseOptions, rehearse } from "../../tools/rehearse/rehearse";
import { RehearsalResult } from "../../tools/rehearse/model";
import { runCacheDir } from "./run-cache";
import { runningTestFile } from "./process-guard";

const root = path.resolve(__dirname, "..", "..");

/** What the rehearsal runs: the program, the engine and the AWS facts (not the tests). */
const SOURCE_DIRS = ["aws", "definition", "network", "perimeter", "analysis", "components", "program", "tools", "lambda"];
const SOURCE_FILES = ["index.ts", "package-lock.json", "tsconfig.json"];

function sourceFiles(): string[] {
    const out: string[] = SOURCE_FILES.map((f) => path.join(root, f)).filter((f) => fs.existsSync(f));
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== "node_modules") walk(full);
            } else out.push(full);
        }
    };
    for (const d of SOURCE_DIRS) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
    return out.sort();
}

let fingerprint: { stats: string; hash: string } | undefined;
/**
 * The hash of the project's source files' content. Recomputed whenever a file's size or
 * modification time changed (a stat of each file per call: about 200 files).
 */
export function sourceFingerprint(): string {
    const files = sourceFiles();
    const stats = files.map((f) => {
        const s = fs.statSync(f);
        return `${f}\0${s.size}\0${s.mtimeMs}`;
    }).join("\n");
    if (fingerprint?.stats !== stats) {
        const hash = crypto.createHash("sha256");
        for (const f of files) hash.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
        fingerprint = { stats, hash: hash.digest("hex") };
    }
    return fingerprint.hash;
}

type Cacheable = Omit<RehearseOptions, "programFor" | "wavesFor" | "afterStep" | "progress">;
const hooked = (o: RehearseOptions): boolean => Boolean(o.programFor || o.wavesFor || o.afterStep || o.progress);

/** The key of a rehearsal without hooks: the hash of its inputs' content, its options and the source. */
export function rehearsalKey(options: Cacheable): string {
    const file = (f: string | undefined) => (f === undefined ? null : { name: path.basename(f), text: fs.readFileSync(f, "utf8") });
    const inputs = {
        definition: file(options.definitionFile),
        from: file(options.fromFile),
        destroy: options.destroy === true,
        singleStack: options.singleStack === true,
        organization: options.organization ?? null,
        source: sourceFingerprint(),
    };
    return crypto.createHash("sha256").update(JSON.stringify(inputs)).digest("hex");
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
        hooks: ["programFor", "wavesFor", "afterStep", "progress"].filter((k) => (options as unknown as Record<string, unknown>)[k]),
        how,
        cpuMs: Math.round(cpuMs),
        pid: process.pid,
    };
    fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
}

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a worker waits for another's rehearsal before computing it itself. */
const WAIT_MS = 600_000;

/** The result as JSON text: from the run's directory, from the worker computing it, or computed here. */
async function computeShared(options: Cacheable, key: string, record: (how: string, cpuMs: number) => void): Promise<string> {
    const dir = runCacheDir();
    const compute = async (): Promise<string> => {
        const start = process.cpuUsage();
        const text = JSON.stringify(await rehearse(options));
        record("computed", cpuMsSince(start));
        return text;
    };
    if (!dir) return compute();
    const done = path.join(dir, `${key}.json`);
    const lock = path.join(dir, `${key}.lock`);
    const read = (): string | undefined => (fs.existsSync(done) ? fs.readFileSync(done, "utf8") : undefined);
    const found = read();
    if (found !== undefined) {
        record("run-hit", 0);
        return found;
    }
    let mine = false;
    try {
        fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
        mine = true;
    } catch {
        // Another worker is computing it.
    }
    if (mine) {
        try {
            const text = await compute();
            const tmp = `${done}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, text);
            fs.renameSync(tmp, done);
            return text;
        } finally {
            fs.rmSync(lock, { force: true });
        }
    }
    // Wait for the other worker's file; if it gives up (its rehearsal threw, or it died), compute here.
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
        await sleep(100);
        const text = read();
        if (text !== undefined) {
            record("waited", 0);
            return text;
        }
        if (!fs.existsSync(lock)) break;
    }
    return read() ?? compute();
}

const inProcess = new Map<string, Promise<string>>();

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
    const key = rehearsalKey(options);
    let text = inProcess.get(key);
    if (text) {
        log(options, "process-hit", 0);
    } else {
        text = computeShared(options, key, (how, cpuMs) => log(options, how, cpuMs));
        inProcess.set(key, text);
        // A rehearsal that threw (invalid input) is not kept: the next caller sees the error again.
        text.catch(() => inProcess.delete(key));
    }
    return JSON.parse(await text) as RehearsalResult;
}
