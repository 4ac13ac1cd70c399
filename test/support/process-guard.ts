/**
 * Loaded by mocha for every run (.mocharc.js): fails a test that starts a process unless
 * it lives in a `*.process.test.ts` file. That naming rule is what splits the suites
 * mechanically — `npm run test:unit` runs every test file except `*.process.test.ts`
 * (fast, no process), `npm test` runs them all — so a unit test that starts a process by
 * mistake (and makes the fast loop slow) fails instead of slipping in.
 *
 * The one process a unit test may start is esbuild's service binary: the program bundles
 * its Lambda handlers with esbuild while it runs (components/detective-controls.ts).
 */
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports */
// The module object itself (not an import namespace), so replacing its functions reaches
// every caller, whatever the way it imported them.
const childProcess = require("child_process") as Record<string, (...args: unknown[]) => unknown>;
const { Runnable } = require("mocha") as { Runnable: { prototype: { run(this: { file?: string }, fn: unknown): unknown } } };

export const PROCESS_TEST = /\.process\.test\.ts$/;

/** The test file of the hook or test that is running (mocha runs one at a time). */
let running: string | undefined;
const run = Runnable.prototype.run;
Runnable.prototype.run = function (fn) {
    running = this.file;
    return run.call(this, fn);
};

/** The test file of the test or hook that is running (for logs such as test/support/rehearsals.ts's). */
export function runningTestFile(): string | undefined {
    return running;
}

const esbuildDir = path.dirname(require.resolve("esbuild/package.json"));
const isEsbuild = (command: unknown): boolean => typeof command === "string" && (command.startsWith(esbuildDir) || /[\\/]@esbuild[\\/]/.test(command));

/** Attempts refused since the last test ended (a test may catch the error; it fails anyway, after it). */
let refused: string[] = [];

/** The refused attempts so far, forgotten (for the guard's own test). */
export function takeRefused(): string[] {
    const taken = refused;
    refused = [];
    return taken;
}

for (const name of ["spawn", "spawnSync", "fork", "exec", "execSync", "execFile", "execFileSync"]) {
    const original = childProcess[name];
    childProcess[name] = function (this: unknown, ...args: unknown[]) {
        if (running !== undefined && !PROCESS_TEST.test(running) && !isEsbuild(args[0])) {
            const message =
                `${path.relative(process.cwd(), running)} starts a process (child_process.${name} ${String(args[0])}): ` +
                "a test that starts processes belongs in a *.process.test.ts file (npm test runs it; npm run test:unit does not)";
            refused.push(message);
            throw new Error(message);
        }
        return original.apply(this, args);
    };
}

/** Root hook (mocha loads this file with --require): a test whose code caught the refusal still fails. */
export const mochaHooks = {
    afterEach(): void {
        const attempts = takeRefused();
        if (attempts.length > 0) throw new Error(attempts.join("\n"));
    },
};
