/**
 * How tests start the project's TypeScript entry points as processes: the way the npm
 * scripts start them, through the transpile cache (tools/plan/ts-register.js), never
 * `node -r ts-node/register` (which transpiles every file again in every process).
 *
 * Tests that start processes live in `*.process.test.ts` files: `npm run test:unit` leaves
 * them out, `npm test` runs them, and test/support/process-guard.ts fails any other test
 * that starts one.
 */
import { spawnSync, SpawnSyncOptions } from "child_process";

const { execArgv } = require("../../tools/plan/ts-register.js") as { execArgv: string[] };

/** The node arguments that run `script` (a .ts file) through the transpile cache. */
export function nodeArgs(script: string, ...args: string[]): string[] {
    return [...execArgv, script, ...args];
}

/** Runs a TypeScript entry point in a child node process and waits for it. */
export function runScript(script: string, args: string[], options: SpawnSyncOptions = {}): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, nodeArgs(script, ...args), { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...options });
    return { status: r.status, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? "") };
}
