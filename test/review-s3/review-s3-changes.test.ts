/**
 * Review (review-s3), held out: changes from test/rehearse/fixtures/review-s3 that fail to
 * rehearse (found while comparing the memo on and off; the memo is not the cause: both give
 * the same result).
 *  - move-region: a spoke moved from the home Region to a second hub Region (same account,
 *    new CIDR inside that Region's summary). Per unit, the new Region's network stack runs in
 *    the same wave as the spoke, reads the spoke's OLD attachment (in the home Region) and
 *    tries to accept it (tgw-accept-needs-pending-attachment; in AWS the id is not even in that
 *    Region), after the home network stack already dropped the spoke's association and routes:
 *    the spoke is cut off and the change stops. program/stack-graph.ts handles spokes moving
 *    account (spokesMovingAccount), not Region.
 *  - unit all (--single-stack) changes: centralized -> distributed endpoints (private zone created
 *    while the central endpoint with private DNS is still in the hub VPC: ConflictingDomainExists),
 *    a spoke renamed with its CIDR kept (the new attachment's propagation overlaps the old),
 *    a spoke removed (account two's governance forwarder is replaced: its physical names change).
 */
import * as assert from "assert";
import * as path from "path";
import { rehearse } from "../../tools/rehearse/rehearse";

const dir = path.join(__dirname, "..", "rehearse", "fixtures", "review-s3");
const files = (c: string) => ({ definitionFile: path.join(dir, c, "rs3.yaml"), fromFile: path.join(dir, c, "from", "rs3.yaml") });

describe("review-s3: changes that should rehearse (held out)", function () {
    this.timeout(300_000);
    const cases: [string, boolean][] = [
        ["move-region", false],
        ["endpoints-mode", true],
        ["rename", true],
        ["remove-spoke", true],
    ];
    // The unit-all cases are known and out of scope for now: skipped, each with the cause the review gave.
    const skipped: Record<string, string> = {
        "endpoints-mode": "private zone created while the central endpoint with private DNS is still in the hub VPC (ConflictingDomainExists)",
        rename: "the new attachment's propagation overlaps the old one's (same CIDR)",
        "remove-spoke": "account two's governance forwarder is replaced: its physical names change",
    };
    for (const [c, singleStack] of cases) {
        const test = singleStack && skipped[c] ? it.skip : it;
        test(`${c}${singleStack ? " (unit all)" : " (per unit)"}${singleStack && skipped[c] ? ` — skipped, known: ${skipped[c]}` : ""}`, async () => {
            const r = await rehearse({ ...files(c), singleStack, destroy: true, memo: false });
            const bad = r.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message?.slice(0, 300)}`);
            assert.deepEqual(bad, [], "steps failed");
            assert.deepEqual(r.findings.map((f) => `${f.rule}: ${f.message.slice(0, 200)}`), [], "findings");
        });
    }
});
