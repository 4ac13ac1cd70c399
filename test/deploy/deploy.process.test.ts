/**
 * `npm run deploy` against a recorded fake `pulumi` on PATH (fixtures/fake-pulumi/pulumi):
 * the Automation API runs it exactly as it would run the real CLI, and it records every
 * invocation. The expectations come from the waves (program/stack-graph.ts, through
 * runPlan) and the lifecycle model (aws/lifecycle.ts), not from what the tool printed.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { T, protective } from "../../aws/lifecycle";
import { loadDefinitionFile } from "../../program/load";
import { policyConfigFor } from "../../tools/policy-config";
import { RunPlan, runPlan, stacksToUp, stepsOf } from "../../tools/deploy/plan";
import { upFrontJudgement } from "../../tools/deploy/run";
import { Definition } from "../../definition/schema";
import { withoutSpoke } from "../support/definition-edits";
import { Call, fakeProjects, flagOf, maxOverlap } from "./fake-project";

const minimal = path.resolve(__dirname, "..", "plan", "fixtures", "minimal.yaml");
const segmented = path.resolve(__dirname, "..", "network", "fixtures", "dev-segmented.yaml");

const ups = (calls: Call[]) => calls.filter((c) => c.command === "up");
const byStack = (calls: Call[], command: string, stack: string) => calls.filter((c) => c.command === command && c.stack === stack);

describe("npm run deploy (Automation API, fake pulumi on PATH)", function () {
    this.timeout(120000);
    const project = fakeProjects();

    it("creates the stacks, then previews and updates each step, wave by wave, with the policy pack and each stack's own config", async () => {
        const p = project(minimal);
        const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile });
        const stackFilesBefore = fs.readdirSync(p.dir).filter((f) => f.startsWith("Pulumi.")).map((f) => fs.readFileSync(path.join(p.dir, f), "utf8"));

        const run = await p.deploy(["--definition", p.definitionFile]);
        assert.equal(run.code, 0, run.err.join("\n"));
        const calls = p.calls();
        assert.ok(calls.every((c) => c.code === 0 || c.command === "stack select"), calls.filter((c) => c.code !== 0).map((c) => c.argv.join(" ")).join("\n"));
        // `pulumi version` finds the CLI; every other command runs in the project, non-interactively.
        assert.equal(calls[0].command, "version");
        assert.ok(calls.slice(1).every((c) => c.cwd === p.dir && c.argv.includes("--non-interactive")));

        // Every stack the waves update is created first (it did not exist), before any preview.
        const firstPreview = calls.findIndex((c) => c.command === "preview");
        const inits = calls.filter((c) => c.command === "stack init");
        assert.deepEqual(inits.map((c) => c.stack).sort(), stacksToUp(plan).sort());
        assert.ok(calls.findIndex((c) => c.command === "stack init") < firstPreview && calls.lastIndexOf(inits[inits.length - 1]) < firstPreview);

        // Each step: a preview, then `up --yes --skip-preview` of the same stack; as many ups per stack as passes.
        for (const step of stepsOf(plan)) assert.equal(byStack(calls, "up", step.stack).length, stepsOf(plan).filter((s) => s.stack === step.stack).length, step.step);
        for (const c of [...ups(calls), ...calls.filter((x) => x.command === "preview")]) {
            assert.equal(flagOf(c.argv, "--policy-pack"), path.join(p.dir, "policypacks", "landing-zone"));
            const config = JSON.parse(fs.readFileSync(flagOf(c.argv, "--policy-pack-config")!, "utf8"));
            assert.deepEqual(config, policyConfigFor(p.definition, { stack: c.stack }), `pack config of ${c.stack}`);
            assert.equal(c.configFile, undefined, "no run-only config in a deploy: the CLI reads Pulumi.<stack>.yaml");
        }
        for (const up of ups(calls)) {
            const preview = calls.filter((c) => c.command === "preview" && c.stack === up.stack && c.end <= up.start);
            assert.ok(preview.length > 0, `${up.stack} was previewed before its update`);
        }

        // Wave order: every update of a wave ends before any preview of the next wave starts.
        assertWaveOrder(plan, calls, p.definition);

        // The stack files are the user's: untouched.
        assert.deepEqual(fs.readdirSync(p.dir).filter((f) => f.startsWith("Pulumi.")).map((f) => fs.readFileSync(path.join(p.dir, f), "utf8")), stackFilesBefore);
        // Progress per stack, and the record of the run.
        for (const step of stepsOf(plan)) assert.ok(run.out.some((l) => l.includes(step.step) && /: ok in /.test(l)), step.step);
        const record = JSON.parse(fs.readFileSync(path.join(p.dir, ".landing-zone", "deploy-minimal.json"), "utf8"));
        assert.deepEqual(Object.keys(record.steps).sort(), stepsOf(plan).map((s) => s.step).sort());
        assert.ok(Object.values(record.steps).every((s) => (s as { status: string }).status === "done"));
    });

    it("destroys in the destroy waves; a wave's run-only config goes to that run alone, through a copy of the stack file", async () => {
        const p = project(minimal);
        const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile, destroy: true });
        p.scenario({ existing: stepsOf(plan).map((s) => s.stack) });
        const networkFile = fs.readFileSync(path.join(p.dir, "Pulumi.minimal-network.yaml"), "utf8");

        const run = await p.deploy(["--definition", p.definitionFile, "--destroy"]);
        assert.equal(run.code, 0, run.err.join("\n"));
        const calls = p.calls();
        assert.equal(calls.filter((c) => c.command === "stack init").length, 0);

        const withConfig = stepsOf(plan).filter((s) => s.config);
        assert.ok(withConfig.length > 0, "the destroy waves carry a run-only config (the network's detach run)");
        for (const step of withConfig) {
            const [up] = byStack(calls, "up", step.stack);
            assert.ok(up?.configFile, `${step.step} runs with --config-file`);
            // The copy holds the stack file's own keys and the run's.
            assert.deepEqual(up.configFile!.config, { "landing-zone:environment": "minimal", "landing-zone:unit": step.unit, ...step.config });
            assert.ok(!fs.existsSync(up.configFile!.path), "the copy is removed after the run");
        }
        assert.equal(fs.readFileSync(path.join(p.dir, "Pulumi.minimal-network.yaml"), "utf8"), networkFile);

        // Destroys: `destroy --preview-only` (events), then `destroy --yes --skip-preview`, never an up;
        // those of later waves previewed once more before anything runs.
        const firstWave = Math.min(...stepsOf(plan).map((s) => s.wave));
        for (const step of stepsOf(plan).filter((s) => s.operation === "destroy")) {
            const previews = byStack(calls, "destroy-preview", step.stack);
            assert.equal(previews.length, step.wave > firstWave ? 2 : 1, step.step);
            const preview = previews.at(-1)!;
            const [destroy] = byStack(calls, "destroy", step.stack);
            assert.ok(preview && destroy && preview.end <= destroy.start, step.step);
            assert.ok(flagOf(preview.argv, "--event-log"));
            assert.equal(flagOf(destroy.argv, "--policy-pack"), undefined);
        }
        assertWaveOrder(plan, calls, p.definition);
    });

    it("runs at most --parallel stacks of a wave at once", async () => {
        const p = project(segmented);
        const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile });
        const widest = Math.max(...plan.waves.map((w) => w.stacks.length));
        assert.ok(widest >= 3, "a wave of three spokes");
        p.scenario({ delayMs: 1200 }); // long enough that two stacks overlap even when process start-up is slow (a loaded machine)
        const run = await p.deploy(["--definition", p.definitionFile, "--parallel", "2"]);
        assert.equal(run.code, 0, run.err.join("\n"));
        const calls = p.calls();
        for (const wave of plan.waves) {
            const inWave = ups(calls).filter((c) => wave.stacks.some((s) => s.stack === c.stack));
            assert.ok(maxOverlap(inWave) <= 2, `wave ${wave.wave}: ${maxOverlap(inWave)} updates at once`);
            if (wave.stacks.length >= 2) assert.equal(maxOverlap(inWave), 2, `wave ${wave.wave} runs two at once`);
        }
    });

    it("a failing stack stops its wave (running ones finish, no later wave runs); --resume continues from it", async () => {
        const p = project(segmented);
        const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile });
        const wave = plan.waves.find((w) => w.stacks.length >= 3)!;
        const [failing, running, waiting] = wave.stacks;
        p.scenario({
            delays: { [failing.stack]: 0, [running.stack]: 1500 },
            fail: [{ command: "up", stack: failing.stack, times: 1, message: "creating EC2 VPC: VpcLimitExceeded: The maximum number of VPCs has been reached." }],
        });
        const first = await p.deploy(["--definition", p.definitionFile, "--parallel", "2"]);
        assert.equal(first.code, 1);
        let calls = p.calls();
        const failed = byStack(calls, "up", failing.stack)[0];
        const finished = byStack(calls, "up", running.stack)[0];
        assert.equal(failed.code, 255);
        assert.ok(finished.code === 0 && finished.end > failed.end, "the stack already running when the other failed finishes");
        assert.equal(byStack(calls, "preview", waiting.stack).length + byStack(calls, "up", waiting.stack).length, 0, "no new stack of the wave starts after a failure");
        const later = stepsOf(plan).filter((s) => s.wave > wave.wave);
        assert.ok(later.length > 0 && later.every((s) => !calls.some((c) => c.stack === s.stack && c.start > failed.end && (c.command === "up" || c.command === "preview"))), "no later wave runs");
        const message = first.err.join("\n");
        assert.match(message, new RegExp(`${failing.step.replace(/[#-]/g, "\\$&")} up: FAILED`));
        assert.match(message, /VpcLimitExceeded/);
        assert.match(message, /--resume/);

        // Resume: what was done is not run again; the failed step and the rest are.
        p.clearCalls();
        const second = await p.deploy(["--definition", p.definitionFile, "--parallel", "2", "--resume"]);
        assert.equal(second.code, 0, second.err.join("\n"));
        calls = p.calls();
        const doneBefore = stepsOf(plan).filter((s) => s.wave < wave.wave || s.step === running.step);
        for (const s of doneBefore) assert.equal(byStack(calls, "up", s.stack).length, stepsOf(plan).filter((x) => x.stack === s.stack && !doneBefore.includes(x)).length, `${s.step} is not run again`);
        for (const s of [failing, waiting, ...later]) assert.ok(byStack(calls, "up", s.stack).length >= 1, `${s.step} runs`);
        assert.equal(calls.filter((c) => c.command === "stack init").length, 0);

        // A resume after the definition changed is refused: the steps done ran with the old one.
        fs.appendFileSync(p.definitionFile, "\n# edited\n");
        const third = await p.deploy(["--definition", p.definitionFile, "--resume"]);
        assert.equal(third.code, 2);
        assert.match(third.err.join("\n"), /the definition changed since/);
    });

    it("refuses a step whose preview plans a delete the lifecycle model marks protective, before it changes anything", async () => {
        const p = project(minimal);
        const sharing = protective.find((x) => x.type === T.ramSharingWithOrganization)!;
        p.scenario({ plans: { "minimal-org": [{ op: "delete", type: sharing.type, name: "minimal-org-guardrails-ram-sharing" }] } });
        const run = await p.deploy(["--definition", p.definitionFile]);
        assert.equal(run.code, 1);
        const calls = p.calls();
        assert.equal(byStack(calls, "preview", "minimal-org").length, 1);
        assert.equal(ups(calls).length, 0, "nothing is updated");
        const message = run.err.join("\n");
        assert.match(message, /minimal-org#1 up: REFUSED/);
        assert.ok(message.includes(sharing.rule) && message.includes("urn:pulumi:minimal-org::landing-zone::aws:ram/sharingWithOrganization:SharingWithOrganization::minimal-org-guardrails-ram-sharing"), message);

        // The same delete with retainOnDelete only forgets it: allowed.
        p.clearCalls();
        fs.rmSync(path.join(p.dir, ".landing-zone"), { recursive: true });
        p.scenario({ plans: { "minimal-org": [{ op: "delete", type: sharing.type, name: "minimal-org-guardrails-ram-sharing", retainOnDelete: true }] } });
        const again = await p.deploy(["--definition", p.definitionFile]);
        assert.equal(again.code, 0, again.err.join("\n"));
    });

    it("a later wave's up whose preview cannot change before its wave is judged up front: a forbidden delete there refuses the run before anything changes", async () => {
        const p = project(minimal);
        const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile });
        const first = Math.min(...stepsOf(plan).map((s) => s.wave));
        const judged = stepsOf(plan).filter((s) => s.operation === "up" && s.wave > first && upFrontJudgement(s, stepsOf(plan), p.definition).judged);
        assert.ok(judged.length > 0, "the minimal deploy has a later-wave up judged up front");
        const target = judged[0];
        const spoke = p.definition.spokes[0].name;
        p.scenario({ plans: { [target.stack]: [{ op: "delete", type: T.tgwVpcAttachmentAccepter, name: `minimal-routing-${spoke}-accepter`, tags: { "landing-zone:spoke": spoke } }] } });
        const run = await p.deploy(["--definition", p.definitionFile]);
        assert.equal(run.code, 1);
        assert.equal(ups(p.calls()).length, 0, "nothing is updated, not even the first wave");
        const message = run.err.join("\n");
        assert.match(message, new RegExp(`\\[wave ${target.wave}/\\d+\\] ${target.step.replace(/[#]/g, "\\$&")} up: would be REFUSED when its wave runs`));
        assert.match(message, /accepter-delete-deletes-attachment/);
        assert.match(message, /nothing ran: a step of a later wave would be refused/);
        // The ups whose previews depend on earlier waves are named as judged at their wave.
        assert.ok(run.out.some((l) => /up step\(s\) of later waves are judged at their wave, not now/.test(l)), run.out.join("\n"));
    });

    it("an accepter's delete is refused while its spoke is live, allowed once the change removes the spoke", async () => {
        const p = project(minimal);
        const earlier = p.write("deployed/minimal.yaml", fs.readFileSync(minimal, "utf8"));
        fs.writeFileSync(p.definitionFile, withoutSpoke(fs.readFileSync(minimal, "utf8"), "app-two"));
        const accepter = (spoke: string) => ({ op: "delete", type: T.tgwVpcAttachmentAccepter, name: `minimal-routing-${spoke}-accepter`, tags: { "landing-zone:spoke": spoke } });
        const all = ["minimal-org", "minimal-network", "minimal-app-one", "minimal-app-two"];

        p.scenario({ existing: all, plans: { "minimal-network": [accepter("app-two")] } });
        const removing = await p.deploy(["--definition", p.definitionFile, "--from", earlier]);
        assert.equal(removing.code, 0, removing.err.join("\n"));
        const calls = p.calls();
        assert.equal(byStack(calls, "destroy", "minimal-app-two").length, 1, "the removed spoke's stack is destroyed");
        assert.ok(byStack(calls, "up", "minimal-network").length >= 1);

        p.clearCalls();
        fs.rmSync(path.join(p.dir, ".landing-zone"), { recursive: true });
        p.scenario({ existing: all, plans: { "minimal-network": [accepter("app-two"), accepter("app-one")] } });
        const cutting = await p.deploy(["--definition", p.definitionFile, "--from", earlier]);
        assert.equal(cutting.code, 1);
        assert.match(cutting.err.join("\n"), /minimal-routing-app-one-accepter .*spoke app-one is still live.*accepter-delete-deletes-attachment/);
        assert.doesNotMatch(cutting.err.join("\n"), /minimal-routing-app-two-accepter/);
        assert.equal(byStack(p.calls(), "up", "minimal-network").length, 0);
    });

    it("--preview previews each existing stack's next run with the policy pack and changes nothing", async () => {
        const p = project(minimal);
        p.scenario({ existing: ["minimal-org", "minimal-network"] });
        const run = await p.deploy(["--definition", p.definitionFile, "--preview"]);
        assert.equal(run.code, 0, run.err.join("\n"));
        const calls = p.calls();
        assert.deepEqual(calls.filter((c) => c.command === "preview").map((c) => c.stack).sort(), ["minimal-network", "minimal-org"]);
        assert.ok(calls.every((c) => !["up", "destroy", "stack init"].includes(c.command)));
        assert.ok(calls.filter((c) => c.command === "preview").every((c) => flagOf(c.argv, "--policy-pack")));
        assert.ok(run.out.some((l) => /minimal-app-one#1 up: not previewed: minimal-app-one does not exist yet/.test(l)));
        assert.ok(!fs.existsSync(path.join(p.dir, ".landing-zone", "deploy-minimal.json")), "a preview keeps no run record");

        // A preview that fails (a mandatory policy violation fails the CLI's preview) fails the run.
        p.scenario({ existing: ["minimal-org"], fail: [{ command: "preview", stack: "minimal-org", message: "[mandatory] perimeter-organizations-policy-size" }] });
        const failing = await p.deploy(["--definition", p.definitionFile, "--preview"]);
        assert.equal(failing.code, 1);
        assert.match(failing.err.join("\n"), /minimal-org#1 up: preview FAILED[\s\S]*mandatory/);
    });

    it("--step runs one step of the waves (the workflow's job), --init-stacks creates the stacks and nothing else", async () => {
        const p = project(minimal);
        const init = await p.deploy(["--definition", p.definitionFile, "--init-stacks", "--org", "acme"]);
        assert.equal(init.code, 0, init.err.join("\n"));
        let calls = p.calls();
        assert.deepEqual(calls.filter((c) => c.command === "stack init").map((c) => c.argv[2]).sort(), ["acme/landing-zone/minimal-app-one", "acme/landing-zone/minimal-app-two", "acme/landing-zone/minimal-network", "acme/landing-zone/minimal-org"]);
        assert.ok(calls.every((c) => !["preview", "up"].includes(c.command)));

        p.clearCalls();
        const step = await p.deploy(["--definition", p.definitionFile, "--step", "minimal-network#2", "--org", "acme"]);
        assert.equal(step.code, 0, step.err.join("\n"));
        calls = p.calls();
        assert.deepEqual(
            calls.filter((c) => ["preview", "up"].includes(c.command)).map((c) => `${c.command} ${c.stack}`),
            ["preview acme/landing-zone/minimal-network", "up acme/landing-zone/minimal-network"],
        );
        assert.ok(!fs.existsSync(path.join(p.dir, ".landing-zone", "deploy-minimal.json")), "a single step keeps no record: a re-run of the job repeats it");

        const unknown = await p.deploy(["--definition", p.definitionFile, "--step", "minimal-network#3"]);
        assert.equal(unknown.code, 2);
        assert.match(unknown.err.join("\n"), /--step minimal-network#3: not a step of this plan; its steps: minimal-org#1, minimal-network#1/);
    });

    it("reads the engine events from a file with a CLI that writes them to one (3.205 and older)", async () => {
        const p = project(minimal);
        p.scenario({ version: "v3.200.0", plans: { "minimal-org": [{ op: "replace", type: T.ramSharingWithOrganization, name: "sharing" }] } });
        const run = await p.deploy(["--definition", p.definitionFile]);
        assert.equal(run.code, 1);
        const preview = p.calls().find((c) => c.command === "preview")!;
        assert.ok(!flagOf(preview.argv, "--event-log")!.startsWith("tcp://"));
        assert.match(run.err.join("\n"), /minimal-org#1 up: REFUSED/);
    });

    it("--plan-json writes the steps of the waves and runs nothing, not even the CLI", async () => {
        const p = project(minimal);
        const earlier = p.write("deployed/minimal.yaml", fs.readFileSync(minimal, "utf8"));
        fs.writeFileSync(p.definitionFile, withoutSpoke(fs.readFileSync(minimal, "utf8"), "app-two"));
        const out = path.join(p.dir, "out", "plan.json");
        const run = await p.deploy(["--definition", p.definitionFile, "--from", earlier, "--plan-json", out], { path: path.join(p.dir, "no-bin") });
        assert.equal(run.code, 0, run.err.join("\n"));
        assert.deepEqual(p.calls(), []);
        const written = JSON.parse(fs.readFileSync(out, "utf8")) as RunPlan;
        const expected = runPlan({ definition: loadDefinitionFile(p.definitionFile).definition!, definitionFile: p.definitionFile, from: p.definition, fromFile: earlier });
        assert.deepEqual(written, expected);
        assert.equal(written.operation, "change");
        assert.ok(stepsOf(written).some((s) => s.stack === "minimal-app-two" && s.operation === "destroy"), "the removed spoke's stack is destroyed");
        assert.ok(run.out.some((l) => /minimal: change, \d+ wave\(s\)/.test(l)));
    });

    it("exits 2, naming what is missing, without the CLI, with stack files that do not match, or with a --resume of nothing", async () => {
        const p = project(minimal);
        const noCli = await p.deploy(["--definition", p.definitionFile], { path: path.join(p.dir, "no-bin") });
        assert.equal(noCli.code, 2);
        assert.match(noCli.err.join("\n"), /the Pulumi CLI is not on PATH/);

        const resume = await p.deploy(["--definition", p.definitionFile, "--resume"]);
        assert.equal(resume.code, 2);
        assert.match(resume.err.join("\n"), /--resume: no record of an earlier run/);

        fs.rmSync(path.join(p.dir, "Pulumi.minimal-app-two.yaml"));
        const files = await p.deploy(["--definition", p.definitionFile]);
        assert.equal(files.code, 2);
        assert.match(files.err.join("\n"), /Pulumi\.minimal-app-two\.yaml: missing: unit "app-two" has no stack file; run npm run stacks/);
        assert.equal(p.calls().filter((c) => c.command !== "version").length, 0, "nothing ran");
    });
});

/** Every operation of a wave ends before any preview or operation of a later wave starts. */
/** True for the first preview of its stack in the calls (an up-front preview comes before the stack's own). */
function isFirstPreview(calls: Call[], c: Call): boolean {
    return calls.find((x) => x.command === "preview" && x.stack === c.stack) === c;
}

function assertWaveOrder(plan: RunPlan, calls: Call[], definition?: Definition): void {
    const ops = new Set(["preview", "up", "destroy-preview", "destroy"]);
    // The destroys of later waves, and the ups whose previews cannot change before their
    // wave, are previewed once up front, before anything runs (run.ts refusedUpFront): those
    // previews belong to no wave.
    const firstChange = Math.min(...calls.filter((c) => c.command === "up" || c.command === "destroy").map((c) => c.start));
    const firstWave = Math.min(...stepsOf(plan).map((s) => s.wave));
    const judgedUp = (stack: string): boolean =>
        definition !== undefined && stepsOf(plan).some((s) => s.stack === stack && s.operation === "up" && s.wave > firstWave && upFrontJudgement(s, stepsOf(plan), definition).judged);
    const upFront = (c: Call): boolean =>
        c.end <= firstChange &&
        ((c.command === "destroy-preview" && stepsOf(plan).some((s) => s.stack === c.stack && s.operation === "destroy" && s.wave > firstWave)) || (c.command === "preview" && judgedUp(c.stack!) && isFirstPreview(calls, c)));
    // A stack can run in several waves: attribute its calls to its steps in order.
    const seen = new Map<string, number>();
    const steps = calls
        .filter((c) => ops.has(c.command) && !upFront(c))
        .map((c) => {
            const isFirstOfStep = c.command === "preview" || c.command === "destroy-preview";
            const n = (seen.get(c.stack!) ?? 0) + (isFirstOfStep ? 1 : 0);
            seen.set(c.stack!, n);
            const step = stepsOf(plan).filter((s) => s.stack === c.stack)[n - 1];
            return { call: c, wave: step.wave };
        });
    for (const a of steps) {
        for (const b of steps) {
            if (a.wave < b.wave) assert.ok(a.call.end <= b.call.start, `${a.call.command} ${a.call.stack} (wave ${a.wave}) ends before ${b.call.command} ${b.call.stack} (wave ${b.wave}) starts`);
        }
    }
}
