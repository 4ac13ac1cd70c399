/**
 * Review (review-s3), held out: a change that only reorders `network.regions` (the same
 * Regions, hubs, ASNs, summaries and spokes) changes nothing AWS needs changed. Today it flips
 * the requester of every peering between two non-home Regions, so the change creates a new
 * peering attachment between two transit gateways that already have one. AWS allows exactly
 * one ("Peering attachments between two transit gateways: 1", not adjustable,
 * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html), so that create is
 * refused in AWS — but the simulated AWS has no such rule (aws/lifecycle.ts), so the
 * single-stack rehearsal passes; per unit, the waves name network units in
 * `landing-zone:detachSpokes` and the program refuses the run.
 * Also: adding a fourth Region (add-fourth-region) rehearses cleanly (control).
 */
import * as assert from "assert";
import * as path from "path";
import { rehearse } from "../../tools/rehearse/rehearse";

const changes = path.join(__dirname, "changes");
const files = (c: string) => ({ definitionFile: path.join(changes, c, "rq.yaml"), fromFile: path.join(changes, c, "from", "rq.yaml") });
const peeringTypes = /PeeringAttachment/;

describe("review-s3: reordering network.regions (held out)", function () {
    this.timeout(300_000);

    it("control: adding a fourth Region passes, per unit, and tears down", async () => {
        const r = await rehearse({ ...files("add-fourth-region"), destroy: true, memo: false });
        assert.ok(r.steps.every((s) => s.outcome === "ok"), JSON.stringify(r.findings));
    });

    for (const singleStack of [false, true]) {
        it(`reordering the Regions passes and creates or deletes no peering attachment (${singleStack ? "unit all" : "per unit"})`, async () => {
            const r = await rehearse({ ...files("swap-region-order"), singleStack, memo: false });
            const failed = r.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`);
            assert.deepEqual(failed, [], "steps failed");
            const churn = r.steps
                .filter((s) => s.stage === "change")
                .flatMap((s) => [...s.created, ...s.deletes].filter((x) => peeringTypes.test(x.type)).map((x) => `${s.stack}: ${x.urn.split("::").pop()}`));
            assert.deepEqual(churn, [], "a second peering between two transit gateways that already have one is refused by AWS (quota 1, not adjustable)");
        });
    }
});
