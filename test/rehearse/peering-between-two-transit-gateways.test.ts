/**
 * "Peering attachments between two transit gateways: 1, not adjustable" (aws/quotas.ts
 * `tgwPeeringAttachmentsBetweenTransitGateways`) as the simulated AWS applies it
 * (aws/lifecycle.ts `one-peering-between-two-transit-gateways`): a second peering attachment
 * between the same two transit gateways, requested from either side, is refused while the
 * first exists, so a change that would create-before-delete a peering fails its step.
 */
import * as assert from "assert";
import * as path from "path";
import { T, createRequirements } from "../../aws/lifecycle";
import { quotas } from "../../aws/quotas";
import * as regions from "../../definition/regions";
import { Definition } from "../../definition/schema";
import { Cloud } from "../../tools/rehearse/aws-sim";
import { rehearse } from "../../tools/rehearse/rehearse";
import { object, rejects } from "./support/cloud";

const RULE = "one-peering-between-two-transit-gateways";
const changes = path.join(__dirname, "..", "review-s3", "changes");
const files = (c: string) => ({ definitionFile: path.join(changes, c, "rq.yaml"), fromFile: path.join(changes, c, "from", "rq.yaml") });

describe("simulated AWS: one peering between two transit gateways", () => {
    it("the rule is sourced from the quota and says its value", () => {
        const rule = createRequirements.find((r) => r.id === RULE)!;
        const quota = quotas.tgwPeeringAttachmentsBetweenTransitGateways;
        assert.equal(rule.type, T.tgwPeeringAttachment);
        assert.equal(quota.value, 1);
        assert.equal(quota.adjustable, false);
        assert.ok(rule.source.includes(quota.url), rule.source);
    });

    it("refuses a second peering attachment between the same pair from either side, until the first is deleted", () => {
        const cloud = new Cloud(["111111111111"]);
        const a = object(cloud, T.transitGateway, {}, "111111111111", { region: "us-east-1" });
        const b = object(cloud, T.transitGateway, {}, "111111111111", { region: "eu-west-1" });
        const c = object(cloud, T.transitGateway, {}, "111111111111", { region: "ap-southeast-2" });
        const first = object(cloud, T.tgwPeeringAttachment, { transitGatewayId: a.id, peerTransitGatewayId: b.id }, "111111111111", { region: "us-east-1" });
        rejects(() => object(cloud, T.tgwPeeringAttachment, { transitGatewayId: a.id, peerTransitGatewayId: b.id }, "111111111111", { region: "us-east-1" }), RULE);
        rejects(() => object(cloud, T.tgwPeeringAttachment, { transitGatewayId: b.id, peerTransitGatewayId: a.id }, "111111111111", { region: "eu-west-1" }), RULE);
        // Another pair is another quota.
        object(cloud, T.tgwPeeringAttachment, { transitGatewayId: a.id, peerTransitGatewayId: c.id }, "111111111111", { region: "us-east-1" });
        object(cloud, T.tgwPeeringAttachment, { transitGatewayId: b.id, peerTransitGatewayId: c.id }, "111111111111", { region: "eu-west-1" });
        // Once the first is gone, the pair may be peered again (delete first, then create).
        cloud.delete(first.key);
        object(cloud, T.tgwPeeringAttachment, { transitGatewayId: b.id, peerTransitGatewayId: a.id }, "111111111111", { region: "eu-west-1" });
    });
});

describe("rehearsal: a change that creates a peering before deleting the old one between the same pair", function () {
    this.timeout(300_000);
    // The requester rule before it became a function of the pair: the Region listed first in
    // `network.regions` requested. Reordering the keys then flips the requester of a non-home
    // pair: the new requester's attachment is created before the old one is deleted.
    const keyOrderPlan = (d: Definition): regions.RegionPeering[] => {
        const listed = regions.hubRegions(d).map((h) => h.region);
        return listed.flatMap((requester, i) => listed.slice(i + 1).map((accepter) => ({ requester, accepter, key: `${requester}-${accepter}` })));
    };
    type Side = regions.RegionPeering & { peer: string; side: "requester" | "accepter" };
    const keyOrderPeeringsOf = (d: Definition, region: string): Side[] =>
        keyOrderPlan(d).flatMap((p): Side[] =>
            p.requester === region ? [{ ...p, peer: p.accepter, side: "requester" }] : p.accepter === region ? [{ ...p, peer: p.requester, side: "accepter" }] : [],
        );
    const mod = regions as unknown as Record<string, unknown>;
    const saved = { regionPeerings: mod.regionPeerings, peeringsOf: mod.peeringsOf };

    it("fails the step under the key-order requester (unit all), names the rule and the quota's page", async () => {
        mod.regionPeerings = keyOrderPlan;
        mod.peeringsOf = keyOrderPeeringsOf;
        try {
            assert.equal(regions.regionPeerings !== saved.regionPeerings, true, "the program reads the planner through the module (patched)");
            const r = await rehearse({ ...files("swap-region-order"), singleStack: true, memo: false });
            const failed = r.steps.filter((s) => s.outcome !== "ok");
            assert.ok(failed.length > 0, "the change should fail");
            assert.ok(failed.some((s) => (s.message ?? "").includes(RULE) && (s.message ?? "").includes(quotas.tgwPeeringAttachmentsBetweenTransitGateways.url)), failed.map((s) => s.message).join("\n"));
        } finally {
            mod.regionPeerings = saved.regionPeerings;
            mod.peeringsOf = saved.peeringsOf;
        }
    });

    it("the same change under the program's requester (home, else sorted) passes", async () => {
        const r = await rehearse({ ...files("swap-region-order"), singleStack: true, memo: false });
        assert.deepEqual(r.steps.filter((s) => s.outcome !== "ok").map((s) => s.message), []);
    });
});
