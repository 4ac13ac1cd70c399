/**
 * `npm run deploy` for a unit-`all` environment (one stack, `landing-zone:unit: all`), against
 * the recorded fake `pulumi` (fixtures/fake-pulumi): a change that must delete before it
 * creates (a spoke renamed with its CIDR kept) is two runs of the one stack — the first with
 * the earlier definition and `landing-zone:deleteFirst`, through a copy of the stack file, the
 * second with the stack file as it is. Expectations come from program/change-order/single-stack-delete-first.ts
 * (deleteFirstOf), not from what the tool printed.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { DELETE_FIRST_CONFIG, deleteFirstOf } from "../../program/change-order/single-stack-delete-first";
import { RunPlan, stepsOf } from "../../tools/deploy/plan";
import { fakeProjects, flagOf, oneStackChange } from "./fake-project";
import { withoutDeletedFirst } from "../../program/delete-first";
import { policyConfigFor } from "../../tools/policy-config";
import { planProgram } from "../../tools/plan/run";
import { runPolicyPack } from "../../tools/plan/analyzer";

const dir = path.join(__dirname, "..", "rehearse", "fixtures", "review-s3", "rename");

/** The project deployed as one stack `rs3` (unit all): the per-unit stack files replaced by one. */
describe("npm run deploy, unit all (fake pulumi on PATH)", function () {
    this.timeout(120000);
    const project = fakeProjects();

    it("--plan-json lists a change's two runs of the one stack: the earlier definition less what goes first, then the new one", async () => {
        const { p, earlier } = oneStackChange(project, dir, "rs3");
        const out = path.join(p.dir, "out", "plan.json");
        const run = await p.deploy(["--definition", p.definitionFile, "--from", earlier, "--plan-json", out], { path: path.join(p.dir, "no-bin") });
        assert.equal(run.code, 0, run.err.join("\n"));
        const plan = JSON.parse(fs.readFileSync(out, "utf8")) as RunPlan;
        const first = deleteFirstOf(p.definition, loadDefinitionFile(earlier).definition!);
        assert.equal(plan.singleStack, true);
        assert.deepEqual(
            stepsOf(plan).map((s) => [s.step, s.wave, s.operation, s.definition ?? "new", s.config ?? {}]),
            [
                ["rs3#1", 1, "up", "from", { [DELETE_FIRST_CONFIG]: first.map((d) => d.item).join(","), "landing-zone:definition": path.resolve(earlier) }],
                ["rs3#2", 2, "up", "new", {}],
            ],
        );
        assert.ok(run.out.some((l) => /rs3: change, 2 wave\(s\), 2 step\(s\)/.test(l)), run.out.join("\n"));
        assert.ok(run.out.some((l) => l.includes("rs3#1") && l.includes(`${DELETE_FIRST_CONFIG}=spoke:two-s`)), run.out.join("\n"));

        // No --from: a deploy is one run.
        const plain = path.join(p.dir, "out", "deploy.json");
        assert.equal((await p.deploy(["--definition", p.definitionFile, "--plan-json", plain], { path: path.join(p.dir, "no-bin") })).code, 0);
        assert.deepEqual(stepsOf(JSON.parse(fs.readFileSync(plain, "utf8")) as RunPlan).map((s) => [s.step, s.config]), [["rs3#1", undefined]]);
    });

    it("runs the first pass with the earlier definition and deleteFirst through a copy of the stack file, the second with the stack file alone; the pack judges each against what it deploys", async () => {
        const { p, earlier } = oneStackChange(project, dir, "rs3");
        p.scenario({ existing: ["rs3"] });
        const run = await p.deploy(["--definition", p.definitionFile, "--from", earlier]);
        assert.equal(run.code, 0, run.err.join("\n"));
        const ups = p.calls().filter((c) => c.command === "up" && c.stack === "rs3");
        assert.equal(ups.length, 2);
        assert.deepEqual(ups[0].configFile?.config, {
            "landing-zone:environment": "rs3",
            "landing-zone:unit": "all",
            [DELETE_FIRST_CONFIG]: "spoke:two-s",
            "landing-zone:definition": path.resolve(earlier),
        });
        assert.equal(ups[1].configFile, undefined, "the second run reads Pulumi.rs3.yaml as it is");
        assert.ok(ups[0].end <= ups[1].start);
        // The pack judges each run against the definition it deploys: the first, the earlier one less two-s.
        const packConfig = (c: (typeof ups)[number]) => JSON.parse(fs.readFileSync(flagOf(c.argv, "--policy-pack-config")!, "utf8"));
        const intermediate = withoutDeletedFirst(loadDefinitionFile(earlier).definition!, ["spoke:two-s"]);
        assert.deepEqual(packConfig(ups[0]), policyConfigFor(intermediate, { stack: "rs3" }));
        assert.deepEqual(packConfig(ups[1]), policyConfigFor(p.definition, { stack: "rs3" }));
        assert.notDeepEqual(packConfig(ups[0]), packConfig(ups[1]));
    });

    it("the pack passes the first run judged against the intermediate definition, and would refuse it judged against the new one", async () => {
        // A domain removed with its spokes and one-a's CIDR reused: the first run keeps two-a (removed, but
        // not in the way), whose CIDR the new definition's internal CIDRs no longer hold.
        const change = path.join(__dirname, "..", "rehearse", "fixtures", "unit-all", "remove-domain-reuse-cidr");
        const fromFile = path.join(change, "from", "rs3.yaml");
        const from = loadDefinitionFile(fromFile).definition!;
        const definition = loadDefinitionFile(path.join(change, "rs3.yaml")).definition!;
        const items = deleteFirstOf(definition, from).map((d) => d.item);
        assert.deepEqual(items, ["spoke:one-a"]);
        const plan = await planProgram({ definitionFile: fromFile, unit: "all", stack: "rs3", config: { [DELETE_FIRST_CONFIG]: items.join(",") } });
        assert.ok(!plan.resources.some((r) => r.name.startsWith("one-a")), "one-a is left out");
        const packDir = path.resolve(__dirname, "..", "..", "policypacks", "landing-zone");
        const mandatory = async (d: typeof from) => (await runPolicyPack(plan, { packDir, config: policyConfigFor(d, { stack: "rs3" }) })).violations.filter((v) => v.level === "mandatory");
        assert.deepEqual(await mandatory(withoutDeletedFirst(from, items)), []);
        assert.ok((await mandatory(definition)).length > 0, "judged against the new definition, the intermediate run would be refused");
    });
});
