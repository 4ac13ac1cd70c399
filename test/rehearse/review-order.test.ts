/**
 * Review: the rehearsal runs a wave's stacks one after another in list order, each seeing
 * what the previous ones did; `npm run deploy` runs them in parallel. A rehearsal that
 * passes should pass in any order within a wave (here: each wave reversed).
 */
import { strict as assert } from "assert";
import * as path from "path";
import { exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";

const changes = path.join(__dirname, "fixtures", "changes");

describe("review: a wave's stacks in another order", function () {
    this.timeout(300000);
    for (const c of ["rv-add-spoke-consumer", "rv-remove-consumer-failover", "add-spoke", "remove-spoke"]) {
        it(`${c}, each wave reversed`, async () => {
            const env = c.startsWith("rv-") ? "rv-profile" : c === "add-spoke" ? "lz-zones" : "lz-profile";
            const result = await rehearsal({
                definitionFile: path.join(changes, c, `${env}.yaml`),
                fromFile: path.join(changes, c, "from", `${env}.yaml`),
                wavesFor: (_stage, waves) => waves.map((w) => ({ ...w, stacks: [...w.stacks].reverse() })),
            });
            assert.equal(exitCodeOf(result), 0, result.findings.map((f) => `${f.rule}: ${f.message.slice(0, 400)}`).join("\n"));
        });
    }
});
