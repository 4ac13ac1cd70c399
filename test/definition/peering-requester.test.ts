/**
 * The requester of a transit gateway peering is a function of the pair (home first, otherwise
 * the Region code that sorts first), never of the key order of `network.regions`: AWS allows
 * one peering attachment between two transit gateways, not adjustable (aws/quotas.ts
 * `tgwPeeringAttachmentsBetweenTransitGateways`), so a flipped requester on a reordered
 * definition would plan a second peering AWS refuses.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { quotas } from "../../aws/quotas";
import { peeringPairsOverQuota, peeringRequester, planPeerings } from "../../definition/regions";

const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "eu-central-1", "us-west-2", "sa-east-1"];
const canonical = (plan: ReturnType<typeof planPeerings>) => plan.map((p) => `${p.requester}>${p.accepter}`).sort();

describe("peering requester: a stable function of the pair", () => {
    it("home requests every peering it is part of; otherwise the Region code that sorts first", () => {
        assert.equal(peeringRequester("us-east-1", "eu-west-1", "us-east-1"), "us-east-1");
        assert.equal(peeringRequester("us-east-1", "us-west-2", "eu-west-1"), "eu-west-1");
        assert.equal(peeringRequester("us-east-1", "eu-west-1", "us-west-2"), "eu-west-1");
    });

    it("any order of the non-home Regions plans the same peerings, each pair once", () => {
        fc.assert(
            fc.property(fc.subarray(REGIONS, { minLength: 2 }), fc.integer({ min: 0, max: 5 }), fc.infiniteStream(fc.double({ noNaN: true })), (regions, h, rnd) => {
                const home = regions[h % regions.length];
                const others = regions.filter((r) => r !== home);
                const shuffled = others.map((r) => [rnd.next().value, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
                const a = planPeerings([home, ...others]);
                const b = planPeerings([home, ...shuffled]);
                assert.deepEqual(canonical(b), canonical(a));
                assert.equal(a.length, (regions.length * (regions.length - 1)) / 2);
                assert.deepEqual(peeringPairsOverQuota(a, quotas.tgwPeeringAttachmentsBetweenTransitGateways), []);
                for (const p of a) {
                    assert.equal(p.requester, peeringRequester(home, p.requester, p.accepter));
                    assert.equal(p.key, `${p.requester}-${p.accepter}`);
                    if (p.accepter === home) assert.fail(`home ${home} accepts ${p.key}`);
                }
            }),
        );
    });
});
