/**
 * Results computed once per mocha run, shared by every worker process of the run.
 *
 * `npm run test:unit` runs the test files in two worker processes (`--parallel --jobs 2`),
 * which share no memory: a rehearsal or plan that two files check would be computed twice.
 * mocha runs this file's global fixtures once, in its main process, before it starts the
 * workers (which inherit the variable): a directory for the run, removed when it ends (on
 * Ctrl-C too). Loaded by .mocharc.js. Without it (a file run some other way) results are
 * shared within the process only.
 *
 * Only what cannot go stale goes in it: each entry is keyed by the hash of every input's
 * content (test/support/rehearsals.ts, plans.ts: the definition files' text, the options,
 * and `sourceFingerprint()` — the project's source). Under `--watch` the directory lasts for
 * the session; an edited source or definition file changes the key.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The environment variable that names the run's directory. */
export const RUN_CACHE_ENV = "LZ_TEST_RUN_CACHE";

let created: string | undefined;

export function mochaGlobalSetup(): void {
    created = fs.mkdtempSync(path.join(os.tmpdir(), "landing-zone-test-run-"));
    process.env[RUN_CACHE_ENV] = created;
}

export function mochaGlobalTeardown(): void {
    if (created) fs.rmSync(created, { recursive: true, force: true });
    if (process.env[RUN_CACHE_ENV] === created) delete process.env[RUN_CACHE_ENV];
    created = undefined;
}

/** The run's directory, when mocha's global setup made one. */
export function runCacheDir(): string | undefined {
    const dir = process.env[RUN_CACHE_ENV];
    return dir && fs.existsSync(dir) ? dir : undefined;
}

const root = path.resolve(__dirname, "..", "..");
/** What a plan or rehearsal runs: the program, the engine, the AWS facts (not the tests). */
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
 * The hash of the project's source files' content (part of every key). Hashed again
 * whenever a file's size or modification time changed (a stat of each of about 200 files
 * per call).
 */
export function sourceFingerprint(): string {
    const files = sourceFiles();
    const stats = files
        .map((f) => {
            const s = fs.statSync(f);
            return `${f}\0${s.size}\0${s.mtimeMs}`;
        })
        .join("\n");
    if (fingerprint?.stats !== stats) {
        const hash = crypto.createHash("sha256");
        for (const f of files) hash.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
        fingerprint = { stats, hash: hash.digest("hex") };
    }
    return fingerprint.hash;
}

/**
 * The hash of a key's inputs, as JSON in which `undefined` stays distinct from a missing key
 * (a stack output set to `undefined` means "not deployed", a missing one is synthesized).
 */
export const hashOf = (value: unknown): string =>
    crypto
        .createHash("sha256")
        .update(JSON.stringify(value, (_k, v: unknown) => (v === undefined ? "\u0000undefined" : v)))
        .digest("hex");

/** The CPU milliseconds this process used since `start` (all of its work, not only this call's). */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a worker waits for another worker's result before computing it itself. */
const WAIT_MS = 600_000;

/**
 * How a result was obtained: `computed` here, `process-hit` (this process had it),
 * `run-hit` (another worker had written it), `waited` (another worker was computing it).
 */
export type How = "computed" | "process-hit" | "run-hit" | "waited";

/** The result as JSON text: from the run's directory, from the worker computing it, or computed here. */
async function sharedText(key: string, compute: () => Promise<unknown>, record: (how: How, cpuMs: number) => void): Promise<string> {
    const computeHere = async (): Promise<string> => {
        const start = process.cpuUsage();
        const text = JSON.stringify(await compute());
        record("computed", cpuMsSince(start));
        return text;
    };
    const dir = runCacheDir();
    if (!dir) return computeHere();
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
            const text = await computeHere();
            const tmp = `${done}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, text);
            fs.renameSync(tmp, done);
            return text;
        } finally {
            fs.rmSync(lock, { force: true });
        }
    }
    // Wait for the other worker's file; if it gives up (its computation threw, or it died), compute here.
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
        await sleep(50);
        const text = read();
        if (text !== undefined) {
            record("waited", 0);
            return text;
        }
        if (!fs.existsSync(lock)) break;
    }
    return read() ?? computeHere();
}

const inProcess = new Map<string, Promise<string>>();

/**
 * `compute()`, run once per mocha run for `key` (which must hash every input of it). Each
 * caller gets its own copy of the JSON result, so a test cannot change what another checks.
 * A computation that throws is not kept: the next caller sees the error again.
 */
export async function computedOncePerRun<T>(key: string, compute: () => Promise<T>, record: (how: How, cpuMs: number) => void = () => undefined): Promise<T> {
    let text = inProcess.get(key);
    if (text) {
        record("process-hit", 0);
    } else {
        text = sharedText(key, compute, record);
        inProcess.set(key, text);
        text.catch(() => inProcess.delete(key));
    }
    return JSON.parse(await text) as T;
}
