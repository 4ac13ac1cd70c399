/**
 * A directory that lives for one mocha run, shared by every worker process of that run
 * (`npm run test:unit` runs the files in two workers, `--parallel --jobs 2`; they share no
 * memory). Loaded by .mocharc.js; mocha runs these global fixtures once, in its main
 * process, before it starts the workers, which inherit the variable.
 *
 * Only what cannot go stale goes in it: test/support/rehearsals.ts keys each entry by the
 * hash of every input's content (the definitions, the options and the project's source
 * files), and the directory is removed when the run ends (on Ctrl-C too: mocha runs the
 * teardown). Without it (a file run some other way) the tests compute everything in their
 * own process, as before.
 */
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
