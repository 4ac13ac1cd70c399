/**
 * The deploy workflow (.github/workflows/deploy.yml and its per-wave deploy-wave.yml), what
 * actionlint cannot check (test/tools/workflows.test.ts lints both): the wave jobs chain
 * one after the other and are enough for every plan this project ships, each passes the
 * called workflow exactly the inputs it declares. (That the plan job's jq turns a real
 * `--plan-json` into the matrices the wave jobs run is workflow.process.test.ts: it runs jq.)
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { loadDefinitionFile } from "../../program/load";
import { runPlan } from "../../tools/deploy/plan";

const repo = path.resolve(__dirname, "..", "..");
const workflows = path.join(repo, ".github", "workflows");
const deploy = YAML.parse(fs.readFileSync(path.join(workflows, "deploy.yml"), "utf8"));
const wave = YAML.parse(fs.readFileSync(path.join(workflows, "deploy-wave.yml"), "utf8"));

const waveJobs = Object.keys(deploy.jobs)
    .filter((j) => /^wave-\d+$/.test(j))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
const planScript: string = deploy.jobs.plan.steps.find((s: { id?: string }) => s.id === "plan").run;

/** Every plan the project's own definitions and rehearsal fixtures make. */
function shippedPlans() {
    const files = [
        ...fs.readdirSync(path.join(repo, "stacks")).map((f) => path.join(repo, "stacks", f)),
        ...fs.readdirSync(path.join(repo, "test", "rehearse", "fixtures", "definitions")).map((f) => path.join(repo, "test", "rehearse", "fixtures", "definitions", f)),
    ];
    const plans = files.flatMap((file) => {
        const definition = loadDefinitionFile(file).definition!;
        return [false, true].map((destroy) => runPlan({ definition, definitionFile: file, destroy }));
    });
    const changes = path.join(repo, "test", "rehearse", "fixtures", "changes");
    for (const change of fs.readdirSync(changes)) {
        const file = fs.readdirSync(path.join(changes, change)).find((f) => f.endsWith(".yaml"))!;
        const definition = loadDefinitionFile(path.join(changes, change, file)).definition!;
        const from = loadDefinitionFile(path.join(changes, change, "from", file)).definition!;
        plans.push(runPlan({ definition, definitionFile: file, from, fromFile: `from/${file}` }));
    }
    return plans;
}

describe("deploy workflow", () => {
    it("has one job per wave, each after the one before, as many as the plan step allows", () => {
        const limit = Number(/-gt (\d+)/.exec(planScript)![1]);
        assert.equal(waveJobs.length, limit);
        assert.match(planScript, new RegExp(`seq 1 ${limit}`));
        for (const [i, job] of waveJobs.entries()) {
            const n = i + 1;
            const spec = deploy.jobs[job];
            assert.equal(job, `wave-${n}`);
            assert.deepEqual(spec.needs, n === 1 ? ["plan", "stacks"] : ["plan", `wave-${n - 1}`]);
            assert.ok(spec.if.includes(`fromJSON(needs.plan.outputs.waves) >= ${n}`), spec.if);
            if (n > 1) assert.ok(spec.if.includes(`needs.wave-${n - 1}.result == 'success'`), spec.if);
            assert.equal(spec.uses, "./.github/workflows/deploy-wave.yml");
            assert.equal(spec.with.wave, n);
            assert.equal(spec.with.stacks, `\${{ needs.plan.outputs.wave-${n} }}`);
            assert.equal(deploy.jobs.plan.outputs[`wave-${n}`], `\${{ steps.plan.outputs.wave-${n} }}`);
        }
    });

    it("has enough wave jobs for every plan of the shipped definitions and rehearsal fixtures: deploy, change and destroy", () => {
        const most = Math.max(...shippedPlans().map((p) => p.waves.length));
        assert.ok(waveJobs.length >= most, `${waveJobs.length} wave jobs, a plan with ${most} waves`);
    });

    it("passes each wave exactly the inputs deploy-wave.yml declares, every required one", () => {
        const inputs = wave.on.workflow_call.inputs as Record<string, { required?: boolean }>;
        for (const job of waveJobs) {
            const given = Object.keys(deploy.jobs[job].with);
            assert.deepEqual(given.filter((k) => !(k in inputs)), [], `${job} passes undeclared inputs`);
            assert.deepEqual(Object.keys(inputs).filter((k) => inputs[k].required && !given.includes(k)), [], `${job} misses required inputs`);
            assert.equal(deploy.jobs[job].secrets, "inherit");
            assert.equal(deploy.jobs[job].permissions["id-token"], "write", "the called job's OIDC needs the caller's grant");
        }
    });

    it("runs each stack's step with its own account's role, one operation per stack at a time, letting a failing wave finish", () => {
        const job = wave.jobs.stack;
        assert.equal(job.strategy["fail-fast"], false);
        assert.equal(job.strategy.matrix.include, "${{ fromJSON(inputs.stacks) }}");
        assert.equal(job.concurrency.group, "landing-zone-stack-${{ matrix.stack }}");
        assert.equal(job.concurrency["cancel-in-progress"], false);
        const creds = job.steps.find((s: { uses?: string }) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
        assert.match(creds.with["role-to-assume"], /fromJSON\(vars\.DEPLOY_ROLE_ARNS\)\[matrix\.accountId\]/);
        const run = job.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
        assert.match(run, /npm run --silent deploy -- "\$\{args\[@\]\}"/);
        assert.match(run, /--step "\$STEP"/);
        // The matrix fields the job reads are the ones the plan job writes.
        const used = new Set([...JSON.stringify(job).matchAll(/matrix\.([A-Za-z]+)/g)].map((m) => m[1]));
        const written = /\{step, stack, pass, operation, accountId: [^}]*\}/.exec(planScript)![0];
        for (const field of used) assert.ok(written.includes(field), `matrix.${field} is written by the plan job`);
    });
});
