/**
 * Review (review-s3), held out: the memo across rehearsals of one process that differ only in
 * the organization they start from (rehearse()'s `organization`: OU placement, RAM sharing,
 * enabled policy types). Those reach the program only as the simulated AWS's answers; each
 * rehearsal after the first must equal the same rehearsal with the memo off.
 */
import * as assert from "assert";
import * as path from "path";
import { ProgramMemo } from "../../tools/rehearse/program-memo";
import { rehearse } from "../../tools/rehearse/rehearse";

const file = path.join(__dirname, "fixtures", "review-s3", "base", "rs3.yaml");
const change = path.join(__dirname, "fixtures", "review-s3", "add-spoke", "rs3.yaml");

describe("review-s3: the program memo across differently-started organizations (held out)", function () {
    this.timeout(300_000);
    const memo = new ProgramMemo();
    const orgs: [string, Parameters<typeof rehearse>[0]["organization"]][] = [
        ["default", undefined],
        ["account two outside the workloads OU", { accountUnits: { "840000000011": "ou-rs3a-other0001", "840000000010": "ou-rs3a-wrkld001" } }],
        ["RAM sharing with the organization off", { ramSharing: false }],
        ["no policy types enabled", { policyTypes: [] }],
        ["default again", undefined],
    ];
    for (const [name, organization] of orgs) {
        for (const from of [undefined, file]) {
            it(`${name}${from ? " (--from base to add-spoke)" : ""}`, async () => {
                const opts = from ? { definitionFile: change, fromFile: from, organization } : { definitionFile: file, destroy: true, organization };
                const on = await rehearse({ ...opts, memo });
                const off = await rehearse({ ...opts, memo: false });
                assert.equal(JSON.stringify(on, null, 1), JSON.stringify(off, null, 1));
            });
        }
    }
    after(() => assert.ok(memo.stats.replays > 0, JSON.stringify(memo.stats)));
});
