/**
 * Removing a Region per unit: the removed Region's network stack first runs with the EARLIER
 * definition to detach its spokes (program/stack-graph.ts, a step with `definition: "from"`).
 * The policy pack and the deploy guard must judge that run against the definition it deploys
 * (tools/deploy/plan.ts definitionOfStep): judged against the new one, every interface
 * endpoint of the removed Region is in no allowed Region and the pack's mandatory
 * endpoints-vpc-endpoint-service-allowed refuses the run, stopping the change. The change is
 * global-add-region read backwards (its later definition is the earlier one here).
 */
import { strict as assert } from "assert";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { DETACH_SPOKES_CONFIG } from "../../program/stack-graph";
import { definitionOfStep, runPlan, stepsOf } from "../../tools/deploy/plan";
import { policyConfigFor } from "../../tools/policy-config";
import { runPolicyPack } from "../../tools/plan/analyzer";
import { planProgram } from "../../tools/plan/run";

const change = path.join(__dirname, "..", "rehearse", "fixtures", "changes", "global-add-region");
const fromFile = path.join(change, "global.yaml");
const definitionFile = path.join(change, "from", "global.yaml");

describe("removing a Region: the detach run is judged against the definition it deploys", function () {
    this.timeout(120000);

    it("the removed Region's network detach run takes the earlier definition, and the pack passes it judged so (and would refuse it judged against the new one)", async () => {
        const from = loadDefinitionFile(fromFile).definition!;
        const definition = loadDefinitionFile(definitionFile).definition!;
        const removed = Object.keys(from.network.regions ?? {}).filter((r) => !(r in (definition.network.regions ?? {})));
        assert.deepEqual(removed, ["eu-west-1"], "the change removes one Region");
        const plan = runPlan({ definition, definitionFile, from, fromFile });
        const detach = stepsOf(plan).find((s) => s.unit === `network-${removed[0]}` && s.definition === "from");
        assert.ok(detach, "the removed Region's network stack has a run with the earlier definition");
        assert.equal(detach.config?.[DETACH_SPOKES_CONFIG], "*");
        assert.equal(definitionOfStep(detach, definition, from), from, "judged against the earlier definition");

        const planned = await planProgram({ definitionFile: fromFile, unit: detach.unit, stack: detach.stack, config: { [DETACH_SPOKES_CONFIG]: "*" } });
        const packDir = path.resolve(__dirname, "..", "..", "policypacks", "landing-zone");
        const mandatory = async (d: typeof from) =>
            (await runPolicyPack(planned, { packDir, config: policyConfigFor(d, { stack: detach.stack }) })).violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy}: ${v.message.slice(0, 120)}`);
        assert.deepEqual(await mandatory(definitionOfStep(detach, definition, from)), []);
        assert.ok((await mandatory(definition)).length > 0, "judged against the new definition, the detach run would be refused");
    });
});
