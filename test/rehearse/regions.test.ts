/**
 * More than one Region in the rehearsal: the held-out changes that add a Region and add a
 * spoke in the second Region (test/rehearse/fixtures/changes/global-*), rehearsed once per
 * run (support/changes.ts, shared with changes.test.ts, which also checks that each
 * converges), and what each must do beyond converging.
 */
import * as assert from "assert";
import { explain, rehearseChange } from "./support/changes";

const PEERING = "aws:ec2transitgateway/peeringAttachment:PeeringAttachment";
const ACCEPTER = "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter";

describe("rehearsal: more than one Region", function () {
    this.timeout(120000);

    it("adding a Region: the home network requests the peering, the new Region's network accepts it, both route over it; nothing of home is replaced or deleted", async () => {
        const result = await rehearseChange("global-add-region");
        assert.ok(result.converged, explain(result));
        const change = result.steps.filter((s) => s.stage === "change");
        const created = (stack: string, type: string) => change.filter((s) => s.stack === stack).flatMap((s) => s.created).filter((c) => c.type === type).length;
        assert.strictEqual(created("global-network", PEERING), 1);
        assert.strictEqual(created("global-network-eu-west-1", ACCEPTER), 1);
        // The requester's request comes in an earlier wave than the acceptance.
        const waveOf = (stack: string, type: string) => change.find((s) => s.stack === stack && s.created.some((c) => c.type === type))!.wave;
        assert.ok(waveOf("global-network", PEERING) < waveOf("global-network-eu-west-1", ACCEPTER));
        for (const s of change.filter((s) => s.stack === "global-network" || !s.stack.includes("eu"))) {
            assert.deepStrictEqual([...s.deletes, ...s.replaced].map((d) => d.urn), [], `${s.stack} deletes or replaces nothing`);
        }
    });

    it("adding a spoke in the second Region, inside its Region's summary: the home Region's network stack does not change at all", async () => {
        const result = await rehearseChange("global-add-spoke-region2");
        assert.ok(result.converged, explain(result));
        const home = result.steps.filter((s) => s.stage === "change" && s.stack === "global-network");
        for (const s of home) assert.deepStrictEqual([s.creates, s.updates, s.replaces, s.deletes.length], [0, 0, 0, 0], `global-network pass ${s.pass}`);
        const regional = result.steps.filter((s) => s.stage === "change" && s.stack === "global-network-eu-west-1").reduce((n, s) => n + s.creates, 0);
        assert.ok(regional > 0 && regional <= 4, `eu-west-1's network stack creates ${regional} (≤ 4)`);
    });
});
