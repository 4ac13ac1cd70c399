/**
 * Fixes of the second review's findings that its own checks (review2.test.ts) do not cover.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { rehearse, exitCodeOf } from "../../tools/rehearse/rehearse";
import { changeFiles, explain } from "./support/changes";

describe("review 2 fixes", function () {
    this.timeout(600000);

    it("one stack for the environment (unit all): renaming an account's first spoke keeps the account's governance forwarder set", async () => {
        const { from, to: renamed } = changeFiles("review2-rename-spoke");
        // With a CIDR of its own: in one stack, one pulumi up creates the new attachment's
        // propagation before it deletes the old one's, and AWS does not propagate an overlapping
        // CIDR (aws/lifecycle.ts tgw-propagation-overlapping-cidr; README "Units, stacks").
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-rename-"));
        const to = path.join(dir, path.basename(renamed));
        fs.writeFileSync(to, fs.readFileSync(renamed, "utf8").replace("{ name: b-front, account: app1, cidr: 10.61.0.0/16", "{ name: b-front, account: app1, cidr: 10.68.0.0/16"));
        const r = await rehearse({ definitionFile: to, fromFile: from, singleStack: true });
        assert.equal(exitCodeOf(r), 0, explain(r));
        const churn = r.steps
            .filter((s) => s.stage === "change")
            .flatMap((s) => [...s.deletes, ...s.replaced])
            .map((x) => x.urn)
            .filter((urn) => /governance/i.test(urn));
        assert.deepEqual(churn, []);
    });
});
