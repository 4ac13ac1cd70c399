/**
 * The rule that keeps `npm run test:unit` fast: a test outside a `*.process.test.ts` file
 * that starts a process fails (test/support/process-guard.ts, loaded by .mocharc.js).
 */
import * as assert from "assert";
import * as childProcess from "child_process";
import { PROCESS_TEST } from "../support/process-guard";

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
    });

    it("tells process tests by their file name", () => {
        assert.ok(PROCESS_TEST.test("/repo/test/plan/cli.process.test.ts"));
        assert.ok(!PROCESS_TEST.test("/repo/test/plan/cli.test.ts"));
        assert.ok(!PROCESS_TEST.test("/repo/test/plan/process.ts"));
    });
});
