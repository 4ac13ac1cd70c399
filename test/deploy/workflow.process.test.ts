/**
 * The deploy workflow's plan job (.github/workflows/deploy.yml): its jq turns a real
 * `--plan-json` into the matrices the wave jobs run. A process test: it runs jq (skipped
 * where jq is not installed).
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { loadDefinitionFile } from "../../program/load";
import { runPlan, stepsOf } from "../../tools/deploy/plan";

const repo = path.resolve(__dirname, "..", "..");
const deploy = YAML.parse(fs.readFileSync(path.join(repo, ".github", "workflows", "deploy.yml"), "utf8"));
const waveJobs = Object.keys(deploy.jobs).filter((j) => /^wave-\d+$/.test(j));
const planScript: string = deploy.jobs.plan.steps.find((s: { id?: string }) => s.id === "plan").run;

describe("deploy workflow, with jq", () => {
    it("the plan job's jq makes each wave's matrix from a real --plan-json", function () {
        try {
            execFileSync("jq", ["--version"]);
        } catch {
            this.skip();
        }
        const definition = loadDefinitionFile(path.join(repo, "stacks", "prod.yaml")).definition!;
        const plan = runPlan({ definition, definitionFile: "stacks/prod.yaml", destroy: true });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-workflow-"));
        try {
            const file = path.join(dir, "plan.json");
            fs.writeFileSync(file, JSON.stringify(plan));
            const filter = /jq -c --argjson i "\$i" '([^']+)'/.exec(planScript)![1];
            for (let i = 1; i <= waveJobs.length; i++) {
                const matrix = JSON.parse(execFileSync("jq", ["-c", "--argjson", "i", String(i), filter, file], { encoding: "utf8" }));
                const expected = (plan.waves[i - 1]?.stacks ?? []).map((s) => ({ step: s.step, stack: s.stack, pass: s.pass, operation: s.operation, accountId: s.accountId ?? "*" }));
                assert.deepEqual(matrix, expected, `wave ${i}`);
            }
            const count = execFileSync("jq", [".waves | length", file], { encoding: "utf8" }).trim();
            assert.equal(Number(count), plan.waves.length);
            // Every account of the plan needs a role: the check names those without one.
            const roleFilter = /jq -r --argjson roles "\$roles" '([^']+)'/.exec(planScript)![1];
            const roles = { [definition.accounts.network]: "arn:aws:iam::1:role/x" };
            const missing = execFileSync("jq", ["-r", "--argjson", "roles", JSON.stringify(roles), roleFilter, file], { encoding: "utf8" }).trim();
            const accounts = [...new Set(stepsOf(plan).map((s) => s.accountId ?? "*"))].filter((a) => a !== definition.accounts.network).sort();
            assert.equal(missing, accounts.join(", "));
            assert.equal(execFileSync("jq", ["-r", "--argjson", "roles", JSON.stringify({ "*": "arn:aws:iam::1:role/x" }), roleFilter, file], { encoding: "utf8" }).trim(), "");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
