/**
 * Changes to a unit-`all` environment (one stack), rehearsed as `npm run deploy` runs them:
 * one run, or two when the change must delete something before it creates what it blocks
 * (program/stack-graph.ts deleteFirstOf: the earlier definition less those objects first).
 * Every folder of fixtures/unit-all (`<case>/<env>.yaml`, `<case>/from/<env>.yaml`) is a case
 * — drop one in — and so are the change fixtures whose unit-all rehearsal needed this.
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
// Per-unit change fixtures that failed as one stack before: CIDRs swapped (both VPCs replaced),
// an endpoint service's owner moved to another account, a spoke renamed, a spoke moved account.
const changes = ["review2-swap-cidrs", "review2-move-owner-account", "review2-rename-spoke", "move-spoke-account-same-cidr"].map((c) => caseOf(path.join(fixtures, "changes", c)));

/** What each of our own cases deletes first (a new case without an entry is rehearsed, not pinned). */
const expectedFirst: Record<string, string[]> = {
    "unit-all/remove-domain-reuse-cidr": ["spoke:one-a"],
    "unit-all/owner-renamed": ["spoke:one-a"],
    "unit-all/mode-and-rename": ["spoke:two-a", "endpoint:ssm", "endpoint:kms"],
    "changes/review2-swap-cidrs": ["spoke:b-api", "spoke:b-web"],
};

describe("unit all: changes rehearse as the deploy plan runs them", function () {
    this.timeout(300_000);
    for (const c of [...own, ...changes]) {
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
