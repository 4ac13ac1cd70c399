/**
 * Fixes of the second review's findings that its own checks (review2.sweep.test.ts) do not cover.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { explain } from "./support/changes";
import { loadDefinitionFile } from "../../program/load";
import { ownerUnitOfAccount } from "../../definition/units";

describe("review 2 fixes", function () {
    this.timeout(600000);

    it("a spoke added ahead of an account's first spoke: the new owner's governance forwarder is created in an earlier wave than the old owner's is deleted", async () => {
        const from = path.join(__dirname, "fixtures", "definitions", "review2-org.yaml");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-handoff-"));
        const to = path.join(dir, "review2-org.yaml");
        const text = fs.readFileSync(from, "utf8");
        assert.ok(text.includes("  - { name: b-web, account: app1"));
        fs.writeFileSync(to, text.replace("  - { name: b-web, account: app1", "  - { name: a-first, account: app1, cidr: 10.69.0.0/16, domain: blue }\n  - { name: b-web, account: app1"));
        const before = loadDefinitionFile(from).definition!;
        const after = loadDefinitionFile(to).definition!;
        assert.equal(ownerUnitOfAccount(before, "app1"), "b-web");
        assert.equal(ownerUnitOfAccount(after, "app1"), "a-first");
        const r = await rehearsal({ definitionFile: to, fromFile: from });
        assert.equal(exitCodeOf(r), 0, explain(r));
        const steps = r.steps.filter((s) => s.stage === "change");
        const made = steps.filter((s) => s.stack === "review2-org-a-first" && s.created.some((x) => /GovernanceForwarder/.test(x.urn))).map((s) => s.wave);
        const gone = steps.filter((s) => s.stack === "review2-org-b-web" && s.deletes.some((x) => /GovernanceForwarder/.test(x.urn))).map((s) => s.wave);
        assert.ok(made.length > 0 && gone.length > 0, `forwarder created in ${made}, deleted in ${gone}`);
        // Within one wave the stacks run side by side: the same wave is not "before".
        assert.ok(Math.max(...made) < Math.min(...gone), `a-first's forwarder created in wave ${made}, b-web's deleted in wave ${gone}`);
    });
});
