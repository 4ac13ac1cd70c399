/**
 * Every CLI of the project answers its command line the same way (tools/cli.ts), as a
 * process the way npm starts it: `--help` prints the usage to stdout and exits 0; an unknown
 * option is named in one message on stderr with the usage and exit code 2, never a stack
 * trace; every output ends in exactly one newline. Two processes per CLI, run two at a time.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { nodeArgs } from "../support/processes";

const root = path.resolve(__dirname, "..", "..");

/** Every CLI: the tools/*.ts with a `main` (the two doc generators among them), and the plan, rehearse and deploy CLIs. */
const CLIS = [
    "tools/bench-pack.ts",
    "tools/bench.ts",
    "tools/changed-stacks.ts",
    "tools/definition-reference.ts",
    "tools/perimeter.ts",
    "tools/policy-config.ts",
    "tools/preflight.ts",
    "tools/prices.ts",
    "tools/refresh-service-regions.ts",
    "tools/services-reference.ts",
    "tools/stacks.ts",
    "tools/validate.ts",
    "tools/waves.ts",
    "tools/plan/cli.ts",
    "tools/rehearse/cli.ts",
    "tools/deploy/cli.ts",
];

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

function run(script: string, args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, nodeArgs(path.join(root, script), ...args), { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

/** Runs every job, `width` at a time, and keeps the results in order. */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await jobs[i]();
        }
    };
    await Promise.all(Array.from({ length: width }, worker));
    return results;
}

const endsWithOneNewline = (text: string) => text.endsWith("\n") && !text.endsWith("\n\n");

describe("every CLI: --help and an unknown option, as processes (tools/cli.ts)", function () {
    this.timeout(240000);
    let results: Map<string, { help: Run; bad: Run }>;

    before(async () => {
        const runs = await pool(
            CLIS.flatMap((cli) => [() => run(cli, ["--help"]), () => run(cli, ["--bogus-flag"])]),
            2,
        );
        results = new Map(CLIS.map((cli, i) => [cli, { help: runs[2 * i], bad: runs[2 * i + 1] }]));
    });

    for (const cli of CLIS) {
        it(`${cli}: --help prints the usage and exits 0; --bogus-flag is named, with the usage, exit 2`, () => {
            const { help, bad } = results.get(cli)!;
            assert.strictEqual(help.status, 0, `--help exit code\n${help.stderr}`);
            assert.match(help.stdout, /^usage:/, "--help prints the usage to stdout");
            assert.ok(endsWithOneNewline(help.stdout), `--help output ends in exactly one newline: ${JSON.stringify(help.stdout.slice(-20))}`);
            assert.strictEqual(help.stderr, "", "--help writes nothing to stderr");

            assert.strictEqual(bad.status, 2, `bad option exit code\n${bad.stderr}`);
            assert.strictEqual(bad.stdout, "", "nothing on stdout");
            assert.match(bad.stderr, /^error: .*--bogus-flag/, "the message names the option");
            assert.match(bad.stderr, /\nusage:/, "the usage follows the message");
            assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack trace");
            assert.ok(endsWithOneNewline(bad.stderr), `stderr ends in exactly one newline: ${JSON.stringify(bad.stderr.slice(-20))}`);
        });
    }
});
