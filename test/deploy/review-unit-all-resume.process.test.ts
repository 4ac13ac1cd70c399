/**
 * review-unit-all (held out): a unit-`all` change that must delete first (two runs of the one
 * stack) whose SECOND run fails after the first succeeded, against the recorded fake `pulumi`.
 * Expected (README "Change a unit-`all` environment": "A failure between the runs leaves the
 * intermediate state ... `npm run deploy -- ... --resume` runs the second"):
 *  - `--resume` runs only rs3#2, with the stack file as it is (no --config-file, no deleteFirst);
 *  - a plain re-run of the same change (no --resume) is refused with exit 2 before anything runs:
 *    starting over would run rs3#1 again with the earlier definition less what goes first, which
 *    deletes what rs3#2 half built; the message names --resume, and --restart to really start over.
 * The fake fails the first `up` a rule names, so the rule is written only once rs3#1's up has
 * returned (the fake reads its scenario at each invocation's start).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { DELETE_FIRST_CONFIG } from "../../program/change-order/single-stack-delete-first";
import { Call, FakeProject, fakeProjects, oneStackChange } from "./fake-project";

const dir = path.join(__dirname, "..", "rehearse", "fixtures", "unit-all", "rv-rename-only-consumer");

/** Runs the deploy; once the first `up` of rs3 has succeeded, makes the next one fail. */
async function deployFailingSecondRun(p: FakeProject, args: string[]) {
    p.scenario({ existing: ["rs3"], delays: { rs3: 300 } });
    let armed = false;
    const timer = setInterval(() => {
        if (armed) return;
        if (p.calls().some((c) => c.command === "up" && c.stack === "rs3" && c.code === 0)) {
            p.scenario({ existing: ["rs3"], fail: [{ command: "up", stack: "rs3", times: 1, message: "creating EC2 VPC: VpcLimitExceeded: The maximum number of VPCs has been reached." }] });
            armed = true;
        }
    }, 5);
    try {
        return await p.deploy(args);
    } finally {
        clearInterval(timer);
    }
}

const ups = (calls: Call[]) => calls.filter((c) => c.command === "up" && c.stack === "rs3");

describe("review-unit-all: a unit-all change whose second run fails (fake pulumi on PATH)", function () {
    this.timeout(120000);
    const project = fakeProjects();

    it("--resume runs only the second run, with the new definition", async () => {
        const { p, earlier } = oneStackChange(project, dir, "rs3");
        const first = await deployFailingSecondRun(p, ["--definition", p.definitionFile, "--from", earlier]);
        assert.equal(first.code, 1, first.err.join("\n"));
        const u = ups(p.calls());
        assert.deepEqual(u.map((c) => c.code), [0, 255], "rs3#1 succeeded, rs3#2 failed");
        assert.equal(u[0].configFile?.config[DELETE_FIRST_CONFIG], "spoke:two-a");
        assert.match(first.err.join("\n"), /--resume/);

        p.clearCalls();
        p.scenario({ existing: ["rs3"] });
        const second = await p.deploy(["--definition", p.definitionFile, "--from", earlier, "--resume"]);
        assert.equal(second.code, 0, second.err.join("\n"));
        const r = ups(p.calls());
        assert.equal(r.length, 1, "only the failed run runs again");
        assert.equal(r[0].configFile, undefined, "the second run reads Pulumi.rs3.yaml as it is: the new definition, no deleteFirst");
    });

    it("a plain re-run (no --resume) is refused with exit 2, naming --resume and --restart; --restart runs the first run again, then the second", async () => {
        const { p, earlier } = oneStackChange(project, dir, "rs3");
        const first = await deployFailingSecondRun(p, ["--definition", p.definitionFile, "--from", earlier]);
        assert.equal(first.code, 1, first.err.join("\n"));
        p.clearCalls();
        p.scenario({ existing: ["rs3"] });
        const again = await p.deploy(["--definition", p.definitionFile, "--from", earlier]);
        assert.equal(again.code, 2, again.err.join("\n"));
        const message = again.err.join("\n");
        assert.match(message, /first run of this change \(rs3#1: the earlier definition less what goes first\) completed/);
        assert.match(message, /rs3#2 failed/);
        assert.match(message, new RegExp(`npm run deploy -- --definition \\S+ --from \\S+ --resume`));
        assert.match(message, /--restart/);
        assert.deepEqual(ups(p.calls()), [], "nothing ran");

        const restarted = await p.deploy(["--definition", p.definitionFile, "--from", earlier, "--restart"]);
        assert.equal(restarted.code, 0, restarted.err.join("\n"));
        const r = ups(p.calls());
        assert.equal(r.length, 2, "both runs again");
        assert.equal(r[0].configFile?.config[DELETE_FIRST_CONFIG], "spoke:two-a");
        assert.equal(r[1].configFile, undefined);

        // The change is now complete: a plain re-run would still repeat the first run, so it is refused too,
        // pointing at a deploy without --from; that deploy is one run of the new definition.
        p.clearCalls();
        const repeat = await p.deploy(["--definition", p.definitionFile, "--from", earlier]);
        assert.equal(repeat.code, 2, repeat.err.join("\n"));
        assert.match(repeat.err.join("\n"), /the change is deployed.*deploy it without --from/s);
        assert.deepEqual(ups(p.calls()), []);
        const plain = await p.deploy(["--definition", p.definitionFile]);
        assert.equal(plain.code, 0, plain.err.join("\n"));
        const one = ups(p.calls());
        assert.equal(one.length, 1);
        assert.equal(one[0].configFile, undefined, "the new definition, as the stack file has it");
    });

    it("a fresh change (no record of it) runs both runs without --resume or --restart", async () => {
        const { p, earlier } = oneStackChange(project, dir, "rs3");
        p.scenario({ existing: ["rs3"] });
        const run = await p.deploy(["--definition", p.definitionFile, "--from", earlier]);
        assert.equal(run.code, 0, run.err.join("\n"));
        const r = ups(p.calls());
        assert.equal(r.length, 2);
        assert.equal(r[0].configFile?.config[DELETE_FIRST_CONFIG], "spoke:two-a");
    });

    it("--restart does not go with --resume", async () => {
        const p = project(path.join(dir, "rs3.yaml"));
        const run = await p.deploy(["--definition", p.definitionFile, "--resume", "--restart"]);
        assert.equal(run.code, 2);
        assert.match(run.err.join("\n"), /--restart starts the run over and --resume continues it; give one/);
    });
});
