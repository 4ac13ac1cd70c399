/**
 * The benchmark refuses bad arguments with a clear message and exit code 2, before it
 * starts any (minutes-long) measurement.
 */
import * as assert from "assert";
import * as path from "path";
import { runScript } from "../support/processes";

const root = path.resolve(__dirname, "..", "..");

function bench(...args: string[]): { status: number | null; stderr: string } {
    const r = runScript(path.join(root, "tools", "bench.ts"), args, { cwd: root, timeout: 60000 });
    return { status: r.status, stderr: r.stderr };
}

describe("tools: npm run bench arguments", function () {
    this.timeout(120000);

    it("names the stock baselines it knows when given one it does not", () => {
        const r = bench("--scale", "--baselines", "bare,fast");
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /--baselines takes bare, aws, not fast/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });

    it("asks for whole numbers in --sizes", () => {
        const r = bench("--scale", "--sizes", "10,abc");
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /--sizes takes whole numbers, e\.g\. 10,100,1000/);
    });

    it("asks --interactive for a whole number of runs and a stack that has a file", () => {
        const runs = bench("--interactive", "--runs", "0");
        assert.strictEqual(runs.status, 2);
        assert.match(runs.stderr, /--runs takes a whole number, 1 or more/);
        const stack = bench("--interactive", "--stack", "nope");
        assert.strictEqual(stack.status, 2);
        assert.match(stack.stderr, /--stack nope: no Pulumi\.nope\.yaml in the project/);
    });

    it("refuses an unknown stock workload", () => {
        const r = bench("--stock", "10", "--stock-workload", "plain");
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /--stock-workload takes bare or aws/);
    });
});
