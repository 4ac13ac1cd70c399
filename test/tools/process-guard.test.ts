/**
 * The rule that keeps `npm run test:unit` fast: a test outside a `*.process.test.ts` file
 * that starts a process fails (test/support/process-guard.ts, loaded by .mocharc.js).
 */
import * as assert from "assert";
import * as childProcess from "child_process";
import { PROCESS_TEST, takeRefused } from "../support/process-guard";

describe("tests: only *.process.test.ts files start processes", () => {
    it("fails this unit test when it starts a process, whichever child_process function it uses", () => {
        const attempts: [string, () => unknown][] = [
            ["spawnSync", () => childProcess.spawnSync(process.execPath, ["-e", "0"])],
            ["spawn", () => childProcess.spawn(process.execPath, ["-e", "0"])],
            ["fork", () => childProcess.fork("-e")],
            ["execFileSync", () => childProcess.execFileSync(process.execPath, ["-e", "0"])],
            ["execSync", () => childProcess.execSync("true")],
        ];
        for (const [name, attempt] of attempts) {
            assert.throws(attempt, new RegExp(`process-guard\\.test\\.ts starts a process \\(child_process\\.${name} .*\\*\\.process\\.test\\.ts`), name);
        }
        // Even caught, each attempt is remembered: the hook after the test fails it (here they are taken, on purpose).
        assert.strictEqual(takeRefused().length, attempts.length);
    });

    it("remembers an attempt whose error the test's code swallowed, so the test fails after all", () => {
        try {
            childProcess.spawnSync(process.execPath, ["-e", "0"]);
        } catch {
            // what a test may do by mistake: treat the refusal as "the tool is not installed"
        }
        const refused = takeRefused();
        assert.strictEqual(refused.length, 1);
        assert.match(refused[0], /starts a process \(child_process\.spawnSync/);
    });

    it("tells process tests by their file name", () => {
        assert.ok(PROCESS_TEST.test("/repo/test/plan/cli.process.test.ts"));
        assert.ok(!PROCESS_TEST.test("/repo/test/plan/cli.test.ts"));
        assert.ok(!PROCESS_TEST.test("/repo/test/plan/process.ts"));
    });
});
