/**
 * Every case of fixtures/cases, run against the governance Lambdas as the program bundles
 * and uploads them, on the fake AWS: the expected alert or Config evaluation in every case.
 * Drop a folder in (event.json + expected.json, optional world.json) to add one; the
 * format is in fixtures/cases/README.md.
 */
import * as assert from "assert";
import { compare, readAllCases, runCase } from "./cases";
import { FakeAws } from "./fake-aws";

describe("privatelink governance cases (bundled Lambdas, fake AWS)", function () {
    this.timeout(60000);
    const fake = FakeAws.forSuite();
    const cases = readAllCases();

    it("has cases for both Lambdas", () => {
        assert.ok(cases.some((c) => c.lambda === "evaluator") && cases.some((c) => c.lambda === "configRule"), "expected evaluator and Config rule cases");
        for (const c of cases) assert.ok((c.expected.sources ?? []).length > 0, `${c.name}: expected.json names no AWS source`);
    });

    for (const c of cases) {
        it(`${c.name}: ${c.expected.description ?? ""}`, async () => {
            const outcome = await runCase(fake, c);
            const problems = compare(c, outcome, fake);
            assert.deepStrictEqual(problems, [], `${c.name}:\n  ${problems.join("\n  ")}`);
        });
    }
});
