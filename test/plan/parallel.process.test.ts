/**
 * Planning every unit in parallel worker processes must report exactly what planning
 * each unit on its own reports. (The definition cache the workers share is tested in
 * definition-cache.test.ts.)
 */
import * as assert from "assert";
import * as path from "path";
import { unitsOf } from "../../definition/units";
import { runPolicyPack } from "../../tools/plan/analyzer";
import { createDefinitionCache } from "../../tools/plan/definition-cache";
import { PlanError } from "../../tools/plan/errors";
import { planUnitsInParallel } from "../../tools/plan/parallel";
import { loadForPlan, planProgram } from "../../tools/plan/run";

const stacksDir = path.resolve(__dirname, "..", "..", "stacks");
const dev = path.join(stacksDir, "dev.yaml");

describe("plan: every unit in parallel processes", function () {
    it("plans each unit exactly as planning it alone does (resources, inputs, dependencies, counts)", async () => {
        const { definition } = loadForPlan(dev);
        const units = ["all", ...unitsOf(definition)];
        const parallel = await planUnitsInParallel({ definitionFile: dev, units, workers: 2, keepResources: true });
        assert.deepStrictEqual(
            parallel.units.map((u) => u.unit),
            units,
        );
        for (const unit of units) {
            const alone = await planProgram({ definitionFile: dev, unit });
            const got = parallel.units.find((u) => u.unit === unit)!;
            assert.strictEqual(got.stack, alone.stack);
            assert.deepStrictEqual(got.summary, alone.summary, unit);
            assert.deepStrictEqual(
                got.plan!.resources.map((r) => [r.urn, r.inputs, r.dependencies]),
                alone.resources.map((r) => [r.urn, r.inputs, r.dependencies]),
                unit,
            );
        }
        assert.strictEqual(parallel.processes.filter((p) => p.role === "planner").length, 2);
        for (const p of parallel.processes) assert.ok((p.peakBytes ?? 0) > 0, `${p.role} reports its peak memory`);
    });

    it("judges each unit's plan with the pack exactly as judging that plan alone does", async function () {
        this.timeout(180000);
        const packDir = path.join(__dirname, "fixtures", "pack");
        // As the benchmark does: the parent loads the definition once and seeds the workers with it.
        const cache = createDefinitionCache();
        const { definition } = loadForPlan(dev, cache);
        const units = unitsOf(definition);
        const parallel = await planUnitsInParallel({ definitionFile: dev, definition: cache.loaded(dev), units, workers: 2, pack: { packDir } });
        const brief = (vs: { policy: string; level: string; urn?: string; message: string }[]) => vs.map((v) => `${v.level} ${v.policy} ${v.urn} ${v.message}`);
        let found = 0;
        for (const unit of units) {
            const alone = await runPolicyPack(await planProgram({ definitionFile: dev, unit }), { packDir });
            const got = parallel.units.find((u) => u.unit === unit)!;
            assert.deepStrictEqual(brief(got.violations), brief(alone.violations), unit);
            found += got.violations.length;
        }
        assert.ok(found > 0, "the fixture pack finds something in dev.yaml (else this test proves nothing)");
        assert.strictEqual(parallel.processes.filter((p) => p.role === "policy pack").length, 2);
    });

    it("stops with an error naming the unit that cannot be planned", async () => {
        await assert.rejects(
            planUnitsInParallel({ definitionFile: dev, units: ["network", "no-such-spoke"], workers: 1 }),
            (err: unknown) => err instanceof PlanError && /unit no-such-spoke: .*not a unit of environment dev/.test(err.message),
        );
    });
});
