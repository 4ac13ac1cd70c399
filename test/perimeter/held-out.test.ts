/**
 * Scenario files written independently of perimeter/scenarios.ts (test/perimeter/held-out,
 * and any folder named by $PERIMETER_SCENARIOS): every file `<environment>*.yaml` runs
 * through `npm run perimeter -- --definition stacks/<environment>.yaml --scenarios <file>`
 * and must get every verdict it expects.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { evaluateScenarios, loadScenarioFile } from "../../tools/perimeter";
import { scenarioEnvironment } from "../../perimeter/request-contexts";
import { shipped, stacksDir } from "./helpers";

const folders = [path.join(__dirname, "held-out"), ...(process.env.PERIMETER_SCENARIOS ? process.env.PERIMETER_SCENARIOS.split(path.delimiter) : [])];
const environments = fs.readdirSync(stacksDir).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/\.yaml$/, ""));

describe("perimeter: held-out scenario files", function () {
    this.timeout(120000);
    const files = folders.flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => path.join(dir, f)) : []));

    it("finds at least the shipped ones", () => {
        assert.ok(files.some((f) => f.includes(`${path.sep}held-out${path.sep}`)), files.join(", "));
    });

    for (const file of files) {
        // The longest environment name the file's name starts with.
        const env = environments.filter((e) => path.basename(file).startsWith(e)).sort((a, b) => b.length - a.length)[0];
        it(`${path.relative(process.cwd(), file)} (against stacks/${env ?? "?"}.yaml)`, async () => {
            assert.ok(env, `name ${path.basename(file)} after the environment it is for (${environments.join(", ")})`);
            const definition = shipped(env);
            const results = await evaluateScenarios(scenarioEnvironment(definition), loadScenarioFile(file));
            const wrong = results.filter((r) => r.verdict !== r.scenario.expect).map((r) => `${r.scenario.id}: ${r.verdict} (${r.decidedBy}), expected ${r.scenario.expect}`);
            assert.deepStrictEqual(wrong, []);
        });
    }
});
