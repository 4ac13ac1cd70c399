/**
 * Planning every unit in parallel worker processes must report exactly what planning
 * each unit on its own reports, and the definition cache that makes it fast must never
 * hand out a stale or shared-and-changed definition.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
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

describe("plan: definition cache", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-defcache-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("loads a changed file afresh, and hands out definitions no run can change", async () => {
        const file = path.join(dir, "dev.yaml");
        const text = fs.readFileSync(dev, "utf8");
        fs.writeFileSync(file, text);
        const load = createDefinitionCache();
        const first = load(file).definition!;
        assert.strictEqual(load(file).definition, first, "the same text is loaded once");
        assert.ok(Object.isFrozen(first) && Object.isFrozen(first.spokes[0]));
        assert.throws(() => {
            (first.spokes as unknown[]).push({});
        }, TypeError);
        const changed = text.replace(/^region: .*$/m, "region: eu-west-1");
        assert.notStrictEqual(changed, text, "the fixture has a region line to change");
        fs.writeFileSync(file, changed);
        assert.strictEqual(load(file).definition!.region, "eu-west-1");
        // The loader tells what it holds: the bytes it read and their load.
        assert.strictEqual(load.loaded(file)!.result.definition!.region, "eu-west-1");
        assert.ok(Buffer.from(load.loaded(file)!.bytes).equals(fs.readFileSync(file)));
        fs.writeFileSync(file, "environment: [");
        assert.ok(load(file).diagnostics.some((d) => d.severity === "error"));
        // The definition module's own loader is untouched: its results are not frozen.
        fs.writeFileSync(file, text);
        assert.ok(!Object.isFrozen(loadDefinitionFile(file).definition));
    });

    it("starts from another process's load, and loads afresh once the file's bytes differ from it", () => {
        const file = path.join(dir, "dev.yaml");
        const text = fs.readFileSync(dev, "utf8");
        fs.writeFileSync(file, text);
        // A seed whose result is not what loading the file gives (eu-west-1): a hit returns
        // the seed, so the cache really used it and did not validate again.
        const seeded = loadDefinitionFile(file);
        (seeded.definition as { region: string }).region = "eu-west-1";
        const load = createDefinitionCache({ file, bytes: Buffer.from(text), result: seeded });
        assert.strictEqual(load(file).definition!.region, "eu-west-1");
        assert.ok(Object.isFrozen(load(file).definition), "a seed is frozen like any cached load");
        // One byte more (a trailing newline) and the seed no longer applies.
        fs.writeFileSync(file, `${text}\n`);
        assert.notStrictEqual(load(file).definition!.region, "eu-west-1");
        // A seed for another file is never used for this one.
        const other = createDefinitionCache({ file: path.join(dir, "other.yaml"), bytes: Buffer.from(`${text}\n`), result: seeded });
        assert.notStrictEqual(other(file).definition!.region, "eu-west-1");
    });
});
