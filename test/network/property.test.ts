/**
 * Property: for random valid definitions (test/support/random-definitions.ts) planned
 * through the real program under the mock runtime, the printed matrix, the `--json`
 * maps and an independent two-way calculation from the planned TGW and VPC routes
 * (test/support/reachability-oracle.ts) agree, match the definition's intent, and every
 * route table holds the blackholes the README promises.
 *
 * Seeded and bounded for `npm test` (a few seconds). More runs, or another seed:
 *   REACHABILITY_RUNS=300 REACHABILITY_SEED=7 npx mocha test/network/property.test.ts
 * A failure prints the seed, the path and the shrunk definition to reproduce it.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import * as YAML from "yaml";
import { intendedReachability } from "../../analysis/reachability";
import { loadDefinitionText } from "../../program/load";
import { reachabilitySection } from "../../tools/plan/render";
import { planDefinition } from "../../tools/plan/run";
import { randomDefinitions } from "../support/random-definitions";
import { assertPlanReachability, independentIntent } from "../support/reachability-oracle";

const runs = Number(process.env.REACHABILITY_RUNS ?? 12);
const seed = Number(process.env.REACHABILITY_SEED ?? 20261127);

describe("property: reachability of random valid definitions", function () {
    this.timeout(Math.max(180000, runs * 5000));

    it(`plan matrix = JSON map = independent two-way calculation = intent, blackholes everywhere (${runs} runs, seed ${seed})`, async () => {
        await fc.assert(
            fc.asyncProperty(randomDefinitions, async (input) => {
                const text = YAML.stringify(input);
                const loaded = loadDefinitionText(text, "prop.yaml");
                const errors = loaded.diagnostics.filter((d) => d.severity === "error");
                assert.deepStrictEqual(errors.map((d) => `${d.path}: ${d.message}`), [], `generated definition is not valid:\n${text}`);
                const definition = loaded.definition!;
                // analysis/'s intent equals the one computed from the definition alone.
                const intended = intendedReachability(definition);
                const independent = independentIntent(definition);
                assert.deepStrictEqual(
                    { reachable: intended.reachable, oneWay: intended.oneWay },
                    { reachable: Object.fromEntries(Object.keys(intended.reachable).map((k) => [k, independent.reachable[k]])), oneWay: Object.fromEntries(Object.keys(intended.oneWay).map((k) => [k, independent.oneWay[k]])) },
                );
                assert.deepStrictEqual(Object.keys(intended.reachable).sort(), Object.keys(independent.reachable).sort());
                assert.deepStrictEqual(Object.keys(intended.oneWay).sort(), Object.keys(independent.oneWay).sort());

                const plan = await planDefinition(definition, "all");
                const section = reachabilitySection(plan.resources, definition);
                assertPlanReachability(definition, plan.resources, { matrix: section.lines[1], json: section.json }, `random definition\n${text}`);
            }),
            { numRuns: runs, seed, endOnFailure: true },
        );
    });
});
