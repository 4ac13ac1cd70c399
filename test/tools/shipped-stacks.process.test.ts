/**
 * Every shipped Pulumi stack file (`Pulumi.<stack>.yaml`) — the per-account stacks a
 * platform team deploys — plans offline and passes the policy pack through the real
 * Analyzer protocol with zero mandatory violations, each on its own (the stacks it
 * references synthesized, as after their deployment). (That the stack files match what
 * `npm run stacks` generates is tested in stack-files.test.ts.)
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PolicySession } from "../../tools/plan/analyzer";
import { loadForPlan, planProgram } from "../../tools/plan/run";
import { listStacks, readStackFile } from "../../tools/plan/stack-file";
import { policyConfigFor } from "../../tools/policy-config";

const root = path.resolve(__dirname, "..", "..");
const packDir = path.join(root, "policypacks", "landing-zone");

describe("shipped stack files", function () {
    this.timeout(600000);

    it("each plans alone with zero mandatory policy violations", async () => {
        const stacks = listStacks(root);
        assert.ok(stacks.length >= 10, `only ${stacks.length} stack files`);
        const sessions = new Map<string, PolicySession>();
        const failures: string[] = [];
        try {
            for (const stack of stacks) {
                const settings = readStackFile(root, stack);
                const { definition } = loadForPlan(settings.definitionFile);
                const plan = await planProgram({ definitionFile: settings.definitionFile, unit: settings.unit, stack, definition });
                assert.ok(plan.resources.length > 0, `${stack} plans nothing`);
                // The config `npm run plan -- --stack <stack>` uses (the stack's group levels included);
                // one pack process per distinct config.
                const config = policyConfigFor(definition, { stack, stackReferencePrefix: settings.config["landing-zone:stackReferencePrefix"] });
                const key = JSON.stringify(config);
                let session = sessions.get(key);
                if (!session) {
                    session = await PolicySession.start({ packDir, config });
                    sessions.set(key, session);
                }
                const { violations } = await session.judge(plan);
                for (const v of violations.filter((x) => x.level === "mandatory")) failures.push(`${stack}: ${v.policy} ${v.urn}: ${v.message}`);
            }
        } finally {
            for (const s of sessions.values()) s.close();
        }
        assert.deepStrictEqual(failures, []);
    });

    it("get the same pack config from the policies the running pack reports (as npm run plan makes it) as from the pack's sources (npm run policy-config)", async () => {
        const session = await PolicySession.start({ packDir });
        try {
            for (const env of ["dev", "prod"]) {
                const { definition } = loadForPlan(path.join(root, "stacks", `${env}.yaml`));
                const fromPack = policyConfigFor(definition, {}, session.info.policies);
                assert.ok(Object.keys(fromPack).length > 0, "some policies take config");
                assert.deepStrictEqual(fromPack, policyConfigFor(definition), env);
            }
        } finally {
            session.close();
        }
    });
});
