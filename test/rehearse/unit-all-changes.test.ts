/**
 * Changes to a unit-`all` environment (one stack), rehearsed as `npm run deploy` runs them:
 * one run, or two when the change must delete something before it creates what it blocks
 * (program/stack-graph.ts deleteFirstOf: the earlier definition less those objects first).
 * Every folder of fixtures/unit-all (`<case>/<env>.yaml`, `<case>/from/<env>.yaml`) is a case
 * — drop one in. Every per-unit change fixture as one stack: unit-all-changes.sweep.test.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { deleteFirstOf } from "../../program/stack-graph";
import { rehearsal } from "../support/rehearsals";
import { explain } from "./support/changes";

const fixtures = path.join(__dirname, "fixtures");
const caseOf = (dir: string) => {
    const file = fs.readdirSync(dir).find((f) => f.endsWith(".yaml"))!;
    return { name: path.relative(fixtures, dir), definitionFile: path.join(dir, file), fromFile: path.join(dir, "from", file) };
};
const own = fs.readdirSync(path.join(fixtures, "unit-all")).map((d) => caseOf(path.join(fixtures, "unit-all", d)));

/** What each of our own cases deletes first (a new case without an entry is rehearsed, not pinned). */
const expectedFirst: Record<string, string[]> = {
    "unit-all/remove-domain-reuse-cidr": ["spoke:one-a"],
    "unit-all/owner-renamed": ["spoke:one-a"],
    "unit-all/mode-and-rename": ["spoke:two-a", "endpoint:ssm", "endpoint:kms"],
};

describe("unit all: changes rehearse as the deploy plan runs them", function () {
    this.timeout(300_000);
    for (const c of own) {
        it(c.name, async () => {
            const first = deleteFirstOf(loadDefinitionFile(c.definitionFile).definition!, loadDefinitionFile(c.fromFile).definition!).map((d) => d.item);
            if (expectedFirst[c.name]) assert.deepEqual([...first].sort(), [...expectedFirst[c.name]].sort());
            const r = await rehearsal({ definitionFile: c.definitionFile, fromFile: c.fromFile, singleStack: true, destroy: true });
            assert.deepEqual(r.findings.map((f) => `${f.rule}: ${f.message.slice(0, 300)}`), [], explain(r));
            assert.ok(r.steps.every((s) => s.outcome === "ok") && r.converged && r.final.resources === 0, explain(r));
            assert.equal(r.steps.filter((s) => s.stage === "change").length, first.length > 0 ? 2 : 1, "runs of the change");
        });
    }
});
