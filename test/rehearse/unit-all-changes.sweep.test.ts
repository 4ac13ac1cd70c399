/**
 * Held out: every change fixture written for the per-unit waves (fixtures/changes,
 * fixtures/review-s3: `<case>/<env>.yaml` and `<case>/from/<env>.yaml`; drop one in) must
 * rehearse as one unit-`all` stack too — the runs `npm run deploy` plans for it (one, or two
 * when the change must delete first: program/stack-graph.ts deleteFirstOf), every step ok, no
 * finding, converged, destroyed. A long sweep (`npm run test:sweep`): some sixty rehearsals.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { deleteFirstOf } from "../../program/stack-graph";
import { rehearsal } from "../support/rehearsals";
import { explain } from "./support/changes";

const fixtures = path.join(__dirname, "fixtures");
const cases = ["changes", "review-s3"].flatMap((group) =>
    fs
        .readdirSync(path.join(fixtures, group))
        .filter((c) => fs.existsSync(path.join(fixtures, group, c, "from")))
        .map((c) => {
            const dir = path.join(fixtures, group, c);
            const file = fs.readdirSync(dir).find((f) => f.endsWith(".yaml"))!;
            return { name: `${group}/${c}`, definitionFile: path.join(dir, file), fromFile: path.join(dir, "from", file) };
        }),
);

describe("every change fixture rehearses as one unit-all stack (held out)", function () {
    this.timeout(600_000);
    it("finds the fixtures", () => assert.ok(cases.length >= 50, `${cases.length}`));
    for (const c of cases) {
        it(c.name, async () => {
            const first = deleteFirstOf(loadDefinitionFile(c.definitionFile).definition!, loadDefinitionFile(c.fromFile).definition!);
            const r = await rehearsal({ definitionFile: c.definitionFile, fromFile: c.fromFile, singleStack: true, destroy: true });
            assert.deepEqual(r.findings.map((f) => `${f.rule}: ${f.message.slice(0, 300)}`), [], explain(r));
            assert.ok(r.steps.every((s) => s.outcome === "ok") && r.converged && r.final.resources === 0, explain(r));
            assert.equal(r.steps.filter((s) => s.stage === "change").length, first.length > 0 ? 2 : 1, "runs of the change");
        });
    }
});
