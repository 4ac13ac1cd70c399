/**
 * Moving a Region's peerings between a table of their own and a domain's table
 * (network/domains.ts `peeringLookupDomain`), both ways, per unit and as one unit-`all`
 * stack: a definition whose `reaches` change so a domain comes to reach (or stops reaching)
 * every domain anything reaches. The peering's association on each side is replaced (an
 * attachment has one association: the old one must go first, which the simulated AWS
 * enforces: aws/lifecycle.ts one-route-table-per-attachment), the peering table of its own
 * and the spokes' propagations into it come or go, and everything converges and destroys.
 * A sweep (`npm run test:sweep`): four whole-environment rehearsals.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { rehearsal } from "../support/rehearsals";
import { explain } from "../rehearse/support/changes";
import { loadDefinitionFile } from "../../program/load";
import { peeringNeedsOwnTable } from "../support/peering-table";

const dir = path.join(__dirname, "fixtures", "peering-table-move");
const own = path.join(dir, "from", "global.yaml");
const shared = path.join(dir, "global.yaml");

describe("a Region's peerings move between a table of their own and a domain's table", function () {
    this.timeout(600_000);

    it("the fixtures are the two designs: from needs a peering table in each Region, to does not", () => {
        const from = loadDefinitionFile(own).definition!;
        const to = loadDefinitionFile(shared).definition!;
        for (const region of ["us-east-1", "eu-west-1"]) {
            assert.equal(peeringNeedsOwnTable(from, region), true, region);
            assert.equal(peeringNeedsOwnTable(to, region), false, region);
        }
    });

    for (const singleStack of [false, true]) {
        for (const [name, fromFile, definitionFile] of [
            ["own table → shared's table", own, shared],
            ["shared's table → own table", shared, own],
        ] as const) {
            it(`${name}${singleStack ? " (one unit-all stack)" : " (per unit)"}: every step ok, converges, destroys`, async () => {
                const r = await rehearsal({ definitionFile, fromFile, singleStack, destroy: true });
                assert.deepEqual(r.findings.map((f) => `${f.rule}: ${f.message.slice(0, 300)}`), [], explain(r));
                assert.ok(r.steps.every((s) => s.outcome === "ok") && r.converged && r.final.resources === 0, explain(r));
                const change = r.steps.filter((s) => s.stage === "change");
                // Each side's association with the peering is replaced, in its own Region's network stack.
                assert.ok(change.reduce((n, s) => n + s.replaces, 0) >= 2, explain(r));
                const deleted = change.flatMap((s) => s.deletes.map((d) => d.urn));
                const peeringTables = deleted.filter((d) => d.includes("peering-rt"));
                if (fromFile === own) assert.equal(peeringTables.length, 2, `each Region's own peering table goes: ${deleted.join(", ")}`);
                else assert.equal(peeringTables.length, 0, deleted.join(", "));
            });
        }
    }
});
