/**
 * Held-out governance cases (review-detective): events written from AWS's documentation
 * (test/privatelink/held-out/generate.py writes them; each expected.json names its sources),
 * run against the bundled Lambdas on the fake AWS through the repository's harness, as
 * fixtures/cases are, on this folder's world.json (over fixtures/cases/world.json).
 *
 * Beyond expected.json, every request the Lambdas send must be one AWS would accept: the
 * fake AWS refuses, and `compare` reports, an SNS Publish whose Subject is not less than 100
 * printable ASCII characters or whose Message passes 256 KiB
 * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html), a PutEvaluations with more
 * than 100 evaluations (https://docs.aws.amazon.com/config/latest/APIReference/API_PutEvaluations.html),
 * and any call the inspector role's policy does not allow.
 *
 * The plan side: run test/privatelink/governance-plan.test.ts with
 * GOVERNANCE_DEFINITIONS=test/privatelink/held-out/definitions.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { casesDir, compare, readCases, runCase } from "./cases";
import { FakeAws } from "./fake-aws";

const heldOut = path.join(__dirname, "held-out", "cases");

describe("privatelink held-out governance cases (review-detective)", function () {
    this.timeout(60000);
    const fake = FakeAws.forSuite();
    const base = JSON.parse(fs.readFileSync(path.join(casesDir, "world.json"), "utf8"));
    const cases = readCases(heldOut, base);

    it("has at least 25 cases, each naming its AWS sources", () => {
        assert.ok(cases.length >= 25, `only ${cases.length} cases`);
        for (const c of cases) assert.ok((c.expected.sources ?? []).length > 0, `${c.name}: no sources`);
    });

    for (const c of cases) {
        it(`${c.name}: ${c.expected.description ?? ""}`, async () => {
            const outcome = await runCase(fake, c);
            const problems = compare(c, outcome, fake);
            assert.deepStrictEqual(problems, [], `${c.name}:\n  ${problems.join("\n  ")}`);
        });
    }
});
