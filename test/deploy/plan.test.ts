/**
 * The deploy plan (the waves as steps) and the run record `--resume` reads.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { stackWaves } from "../../program/stack-graph";
import { liveSpokesAt, planFingerprint, runPlan, stacksToUp, stepsOf } from "../../tools/deploy/plan";
import { newRecord, readRecord, repeatOfFirstRun, resumable, writeRecord } from "../../tools/deploy/state";
import { argumentProblems } from "../../tools/deploy/cli";
import { pool, upFrontJudgement } from "../../tools/deploy/run";
import { declaredReads } from "../../program/unit-registry";

const repo = path.resolve(__dirname, "..", "..");
const prodFile = path.join(repo, "stacks", "prod.yaml");
const prod = loadDefinitionFile(prodFile).definition!;

describe("deploy plan", () => {
    it("is the waves of program/stack-graph.ts, each run a step <stack>#<pass>, in the same order", () => {
        for (const destroy of [false, true]) {
            const plan = runPlan({ definition: prod, definitionFile: "stacks/prod.yaml", destroy });
            const waves = destroy ? stackWaves(prod).destroyWaves : stackWaves(prod).waves;
            assert.equal(plan.operation, destroy ? "destroy" : "deploy");
            assert.deepEqual(
                plan.waves.map((w) => w.stacks.map((s) => [s.step, s.operation, s.config])),
                waves.map((w) => w.stacks.map((s) => [`${s.stack}#${s.pass}`, s.operation, s.config])),
            );
            const ids = stepsOf(plan).map((s) => s.step);
            assert.equal(new Set(ids).size, ids.length, "step ids are unique");
            assert.ok(stepsOf(plan).every((s) => plan.waves[s.wave - 1].stacks.includes(s)));
        }
    });

    it("names the unit-all stack by its stack file", () => {
        const dev = loadDefinitionFile(path.join(repo, "stacks", "dev.yaml")).definition!;
        const plan = runPlan({ definition: dev, definitionFile: "stacks/dev.yaml", singleStackName: "dev" });
        assert.deepEqual(stepsOf(plan).map((s) => s.step), ["dev#1"]);
        assert.equal(plan.singleStack, true);
    });

    it("a spoke is live until a wave before destroys its stack", () => {
        const plan = runPlan({ definition: prod, definitionFile: "stacks/prod.yaml", destroy: true });
        const spokes = prod.spokes.map((s) => s.name);
        assert.deepEqual([...liveSpokesAt(plan, prod, 1)].sort(), [...spokes].sort(), "the detach run: every spoke still stands");
        const networkDestroy = stepsOf(plan).find((s) => s.unit === "network" && s.operation === "destroy")!;
        assert.deepEqual([...liveSpokesAt(plan, prod, networkDestroy.wave)], [], "when the network goes, every spoke is gone");
    });

    it("its fingerprint changes when the steps do, not otherwise", () => {
        const a = runPlan({ definition: prod, definitionFile: "stacks/prod.yaml" });
        assert.equal(planFingerprint(a), planFingerprint(runPlan({ definition: prod, definitionFile: "elsewhere/prod.yaml" })));
        assert.notEqual(planFingerprint(a), planFingerprint(runPlan({ definition: prod, definitionFile: "stacks/prod.yaml", destroy: true })));
        const fewer = { ...prod, spokes: prod.spokes.filter((s) => s.name !== "research-scratch"), endpointServices: prod.endpointServices.filter((s) => s.spoke !== "research-scratch") };
        assert.notEqual(planFingerprint(a), planFingerprint(runPlan({ definition: fewer, definitionFile: "stacks/prod.yaml" })));
    });

    it("the stacks a plan updates are the stacks of its up steps", () => {
        const plan = runPlan({ definition: prod, definitionFile: "stacks/prod.yaml", destroy: true });
        assert.deepEqual(stacksToUp(plan), ["prod-network"], "destroying prod runs up only on the network (to detach the spokes)");
    });
});

describe("deploy run record", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-record-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("is replaced whole on every write, and a resume needs the same plan and the same definition", () => {
        const definitionFile = path.join(dir, "prod.yaml");
        fs.copyFileSync(prodFile, definitionFile);
        const plan = runPlan({ definition: prod, definitionFile });
        const file = path.join(dir, ".landing-zone", "deploy-prod.json");
        const record = newRecord(plan, () => "2026-01-01T00:00:00.000Z");
        record.steps["prod-security#1"] = { status: "done", at: "2026-01-01T00:01:00.000Z" };
        writeRecord(file, record);
        assert.deepEqual(fs.readdirSync(path.dirname(file)), ["deploy-prod.json"], "no temporary file is left");
        assert.deepEqual(readRecord(file), record);

        const ok = resumable(file, plan);
        assert.ok("record" in ok && ok.record.steps["prod-security#1"].status === "done");
        const other = resumable(file, runPlan({ definition: prod, definitionFile, destroy: true }));
        assert.ok("problem" in other && /records a run of another plan/.test(other.problem));
        fs.appendFileSync(definitionFile, "# a comment\n");
        const edited = resumable(file, plan);
        assert.ok("problem" in edited && /the definition changed since/.test(edited.problem));
        const none = resumable(path.join(dir, "nothing.json"), plan);
        assert.ok("problem" in none && /no record of an earlier run/.test(none.problem));
    });

    it("a plain re-run of a unit-all change whose first run is done is refused, with the way on the record allows", () => {
        const fixture = path.join(repo, "test", "rehearse", "fixtures", "unit-all", "rv-rename-only-consumer");
        const definitionFile = path.join(dir, "rs3.yaml");
        const fromFile = path.join(dir, "deployed", "rs3.yaml");
        fs.mkdirSync(path.dirname(fromFile));
        fs.copyFileSync(path.join(fixture, "rs3.yaml"), definitionFile);
        fs.copyFileSync(path.join(fixture, "from", "rs3.yaml"), fromFile);
        const definition = loadDefinitionFile(definitionFile).definition!;
        const from = loadDefinitionFile(fromFile).definition!;
        const plan = runPlan({ definition, definitionFile, from, fromFile, singleStackName: "rs3" });
        const steps = stepsOf(plan);
        assert.deepEqual(steps.map((s) => [s.step, s.definition]), [["rs3#1", "from"], ["rs3#2", undefined]], "the fixture is a two-run change");
        const file = path.join(dir, ".landing-zone", "deploy-rs3.json");
        const check = () => repeatOfFirstRun(file, plan, steps);
        assert.equal(check(), undefined, "no record: a fresh change runs");
        const record = newRecord(plan, () => "2026-01-01T00:00:00.000Z");
        record.steps["rs3#1"] = { status: "failed", at: "2026-01-01T00:01:00.000Z" };
        writeRecord(file, record);
        assert.equal(check(), undefined, "the first run failed: running it again is what is needed");
        record.steps["rs3#1"] = { status: "done", at: "2026-01-01T00:01:00.000Z" };
        record.steps["rs3#2"] = { status: "failed", at: "2026-01-01T00:02:00.000Z" };
        writeRecord(file, record);
        assert.match(check()!, /rs3#1: the earlier definition less what goes first\) completed .*rs3#2 failed.*Continue with the rest: npm run deploy -- --definition \S+ --from \S+ --resume\. .*--restart/);
        assert.ok("record" in resumable(file, plan), "and --resume would take it");
        fs.appendFileSync(definitionFile, "# edited after the failure\n");
        assert.match(check()!, /changed since, so --resume would refuse; .*deploy the new definition without --from .*npm run deploy -- --definition \S+rs3\.yaml\. .*--restart/);
        writeRecord(file, { ...record, plan: "another-plan" });
        assert.match(check()!, /plan differs now .* add --restart\.$/);
        assert.doesNotMatch(check()!, /--resume\./);
        writeRecord(file, { ...record, steps: { ...record.steps, "rs3#2": { status: "done", at: "2026-01-01T00:03:00.000Z" } } });
        assert.match(check()!, /the change is deployed\. .*deploy it without --from/);
        writeRecord(file, { ...record, from: "other/rs3.yaml" });
        assert.equal(check(), undefined, "a record of another change (another earlier file) says nothing about this one");
        const perUnit = runPlan({ definition, definitionFile, from, fromFile });
        assert.equal(repeatOfFirstRun(file, perUnit, stepsOf(perUnit)), undefined, "a per-unit change is left alone");
    });
});

describe("deploy arguments", () => {
    it("reports every problem at once", () => {
        assert.deepEqual(argumentProblems({ destroy: true, from: "x", parallel: "0", resume: true, step: ["a#1"], org: "a b" }), [
            "give --definition <file>",
            "--destroy tears down the environment of --definition; it takes no --from",
            "--step runs one step and keeps no record; it does not go with --resume",
            "--parallel 0: expected a whole number of 1 or more",
            "--org a b: expected an organization name (letters, digits, \".\", \"_\", \"-\")",
        ]);
        assert.deepEqual(argumentProblems({ definition: "d", preview: true, "plan-json": "x" }), ["--preview and --plan-json do different things; give one"]);
        assert.deepEqual(argumentProblems({ definition: "d", preview: true, resume: true }), ["--resume continues a run; it does not go with --preview"]);
        assert.deepEqual(argumentProblems({ definition: "d", parallel: "8" }), []);
    });
});

describe("deploy pool", () => {
    it("runs at most `limit` tasks at once, in order, and starts none after stop() turns true", async () => {
        let running = 0;
        let most = 0;
        const started: number[] = [];
        await pool(
            [1, 2, 3, 4, 5, 6],
            2,
            async (n) => {
                started.push(n);
                running++;
                most = Math.max(most, running);
                await new Promise((r) => setTimeout(r, 5));
                running--;
            },
            () => started.includes(3),
        );
        assert.equal(most, 2);
        assert.deepEqual(started, [1, 2, 3], "after 3 started (the stop), nothing more starts");
    });
});

describe("deploy: which later-wave ups are judged before anything runs (run.ts upFrontJudgement)", () => {
    const prod = loadDefinitionFile(path.resolve(__dirname, "..", "..", "stacks", "prod.yaml")).definition!;
    const plan = runPlan({ definition: prod, definitionFile: "stacks/prod.yaml" });
    const steps = stepsOf(plan);

    it("a step is judged up front exactly when no earlier step runs its own stack or a stack it reads (the unit registry's reads)", () => {
        for (const step of steps.filter((s) => s.operation === "up")) {
            const earlier = steps.filter((e) => e.wave < step.wave);
            const expected = earlier.every((e) => e.stack !== step.stack && declaredReads(prod, step.unit, e.unit).length === 0);
            const got = upFrontJudgement(step, steps, prod);
            assert.equal(got.judged, expected, step.step);
            if (!got.judged) assert.match(got.why, /changes this stack first|reads the outputs of/);
        }
    });

    it("on a first deploy a spoke's ups wait for their wave (they read the network's outputs), a stack's second pass always does", () => {
        for (const step of steps.filter((s) => s.operation === "up" && prod.spokes.some((sp) => sp.name === s.unit))) assert.equal(upFrontJudgement(step, steps, prod).judged, false, step.step);
        for (const step of steps.filter((s) => s.operation === "up" && s.pass > 1)) assert.equal(upFrontJudgement(step, steps, prod).judged, false, step.step);
    });
});
