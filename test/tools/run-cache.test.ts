/**
 * The once-per-run results the tests share (test/support/run-cache.ts, rehearsals.ts,
 * plans.ts): an input that changes the result changes the key, each caller gets its own
 * copy, a failure is not kept, and a result another worker wrote (or is writing) in the
 * run's directory is read instead of computed again.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RUN_CACHE_ENV, computedOncePerRun, hashOf, How } from "../support/run-cache";
import { rehearsalKey } from "../support/rehearsals";

const stacks = path.resolve(__dirname, "..", "..", "stacks");

describe("results computed once per test run (test/support/run-cache.ts)", () => {
    let dir: string;
    let saved: string | undefined;
    beforeEach(() => {
        saved = process.env[RUN_CACHE_ENV];
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-cache-test-"));
        process.env[RUN_CACHE_ENV] = dir;
    });
    afterEach(() => {
        if (saved === undefined) delete process.env[RUN_CACHE_ENV];
        else process.env[RUN_CACHE_ENV] = saved;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const unique = (label: string) => `${label}-${process.pid}-${Date.now()}-${Math.random()}`;

    it("a stack output set to undefined (not deployed) and a missing one (synthesized) are different keys", () => {
        assert.notStrictEqual(hashOf({ stackOutputs: { network: undefined } }), hashOf({ stackOutputs: {} }));
        assert.strictEqual(hashOf({ a: [1, "x"] }), hashOf({ a: [1, "x"] }));
    });

    it("a rehearsal's key changes with the definition, the earlier definition and each option", () => {
        const dev = path.join(stacks, "dev.yaml");
        const prod = path.join(stacks, "prod.yaml");
        const keys = [
            rehearsalKey({ definitionFile: dev }),
            rehearsalKey({ definitionFile: prod }),
            rehearsalKey({ definitionFile: dev, destroy: true }),
            rehearsalKey({ definitionFile: dev, singleStack: true }),
            rehearsalKey({ definitionFile: dev, organization: { ramSharing: true } }),
            rehearsalKey({ definitionFile: dev, fromFile: dev }),
        ];
        assert.strictEqual(new Set(keys).size, keys.length);
        assert.strictEqual(rehearsalKey({ definitionFile: dev }), keys[0], "the same inputs give the same key");
    });

    it("computes once, gives each caller its own copy, and writes the result for the other worker", async () => {
        const key = unique("once");
        let runs = 0;
        const hows: How[] = [];
        const compute = async () => ({ n: ++runs, list: [1, 2] });
        const a = await computedOncePerRun(key, compute, (how) => hows.push(how));
        const b = await computedOncePerRun(key, compute, (how) => hows.push(how));
        assert.strictEqual(runs, 1);
        assert.deepStrictEqual(hows, ["computed", "process-hit"]);
        assert.deepStrictEqual(a, b);
        a.list.push(3);
        assert.deepStrictEqual(b.list, [1, 2], "a caller's change reaches no other caller");
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, `${key}.json`), "utf8")), { n: 1, list: [1, 2] });
    });

    it("a computation that throws is not kept: the next caller runs it again", async () => {
        const key = unique("throws");
        let runs = 0;
        const failing = async (): Promise<number> => {
            runs++;
            throw new Error("invalid definition");
        };
        await assert.rejects(computedOncePerRun(key, failing), /invalid definition/);
        await assert.rejects(computedOncePerRun(key, failing), /invalid definition/);
        assert.strictEqual(runs, 2);
        assert.ok(!fs.existsSync(path.join(dir, `${key}.json`)) && !fs.existsSync(path.join(dir, `${key}.lock`)));
    });

    it("reads what another worker wrote, and waits for what another worker is computing", async () => {
        const written = unique("written");
        fs.writeFileSync(path.join(dir, `${written}.json`), JSON.stringify({ from: "other worker" }));
        const hows: How[] = [];
        const never = async () => assert.fail("computed again");
        assert.deepStrictEqual(await computedOncePerRun(written, never, (how) => hows.push(how)), { from: "other worker" });

        const pending = unique("pending");
        fs.writeFileSync(path.join(dir, `${pending}.lock`), "12345");
        setTimeout(() => {
            fs.writeFileSync(path.join(dir, `${pending}.json`), JSON.stringify({ from: "the worker holding the lock" }));
            fs.rmSync(path.join(dir, `${pending}.lock`));
        }, 200);
        assert.deepStrictEqual(await computedOncePerRun(pending, never, (how) => hows.push(how)), { from: "the worker holding the lock" });
        assert.deepStrictEqual(hows, ["run-hit", "waited"]);
    });

    it("computes it itself when the worker holding the lock gives up without a result", async () => {
        const key = unique("abandoned");
        fs.writeFileSync(path.join(dir, `${key}.lock`), "12345");
        setTimeout(() => fs.rmSync(path.join(dir, `${key}.lock`)), 150);
        const hows: How[] = [];
        assert.deepStrictEqual(await computedOncePerRun(key, async () => "here", (how) => hows.push(how)), "here");
        assert.deepStrictEqual(hows, ["computed"]);
    });
});
