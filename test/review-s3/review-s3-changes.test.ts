/**
 * Review (review-s3), held out: changes from test/rehearse/fixtures/review-s3 that failed to
 * rehearse (found while comparing the memo on and off; the memo was not the cause: both gave
 * the same result).
 *  - move-region: a spoke moved from the home Region to a second hub Region (same account,
 *    new CIDR inside that Region's summary). Per unit, the new Region's network stack ran in
 *    the same wave as the spoke and read the spoke's OLD attachment; the waves now
 *    destroy a spoke moving Region first (program/change-order/spoke-moves.ts spokesMovingRegion).
 *  - unit all (--single-stack) changes, now one run, or two where the change must delete before
 *    it creates (program/change-order/single-stack-delete-first.ts deleteFirstOf, the earlier definition without those
 *    objects first: `landing-zone:deleteFirst`):
 *     - centralized -> distributed endpoints: the central endpoints with private DNS leave the
 *       hub VPC before the spokes' private zones of the same names are created (ConflictingDomainExists);
 *     - a spoke renamed with its CIDR kept: the old attachment goes before the new one is
 *       propagated (tgw-propagation-overlapping-cidr);
 *     - a spoke removed: one run; account two's governance forwarder is replaced (its names carry
 *       the owning spoke), create-before-delete with new names — no gap, no collision — and the
 *       rehearsal attributes it to the spokes the account is handed over between
 *       (tools/rehearse/attribution.ts).
 */
import * as assert from "assert";
import * as path from "path";
import { rehearsal } from "../support/rehearsals";

const dir = path.join(__dirname, "..", "rehearse", "fixtures", "review-s3");
const files = (c: string) => ({ definitionFile: path.join(dir, c, "rs3.yaml"), fromFile: path.join(dir, c, "from", "rs3.yaml") });

describe("review-s3: changes that should rehearse (held out)", function () {
    this.timeout(300_000);
    // [case, unit all, runs of the unit-all stack the change takes]
    const cases: [string, boolean, number?][] = [
        ["move-region", false],
        ["endpoints-mode", true, 2],
        ["rename", true, 2],
        ["remove-spoke", true, 1],
    ];
    for (const [c, singleStack, runs] of cases) {
        it(`${c}${singleStack ? ` (unit all: ${runs} run(s))` : " (per unit)"}`, async () => {
            const r = await rehearsal({ ...files(c), singleStack, destroy: true });
            const bad = r.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message?.slice(0, 300)}`);
            assert.deepEqual(bad, [], "steps failed");
            assert.deepEqual(r.findings.map((f) => `${f.rule}: ${f.message.slice(0, 200)}`), [], "findings");
            assert.ok(r.converged, "converged");
            assert.equal(r.final.resources, 0, "destroyed");
            if (runs !== undefined) assert.equal(r.steps.filter((s) => s.stage === "change").length, runs, "runs of the change");
        });
    }
});
