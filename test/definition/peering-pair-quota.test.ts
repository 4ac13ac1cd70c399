/**
 * AWS allows one peering attachment between two transit gateways, not adjustable
 * (aws/quotas.ts `tgwPeeringAttachmentsBetweenTransitGateways`, the Transit Gateway quotas
 * page). The peering planner (definition/regions.ts) plans at most that many per pair of
 * Regions, and validation refuses, at the Region's key, any plan that would need more — for
 * instance one peering per route domain per Region pair. Expectations come from the quota.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as fc from "fast-check";
import { quotas } from "../../aws/quotas";
import { transitGatewayPeering } from "../../aws/transit-gateway-routing";
import { checkPeeringPairs } from "../../definition/checks/regions";
import { peeringPairsOverQuota, planPeerings, regionPeerings } from "../../definition/regions";
import { loadDefinitionText } from "../../definition/load";
import { at } from "./helpers";

const quota = quotas.tgwPeeringAttachmentsBetweenTransitGateways;
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1", "ap-northeast-1", "sa-east-1", "ca-central-1"];
const globalFile = path.join(__dirname, "..", "..", "stacks", "global.yaml");

describe("one transit gateway peering per pair of Regions (quota, not adjustable)", () => {
    it("is recorded as sourced data: the quota and the peering fact cite the Transit Gateway quotas page", () => {
        assert.strictEqual(quota.adjustable, false);
        assert.strictEqual(quota.url, "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html");
        assert.strictEqual(transitGatewayPeering.onePerTransitGatewayPair.url, quota.url);
        assert.match(transitGatewayPeering.onePerTransitGatewayPair.fact, new RegExp(`between two transit gateways: ${quota.value} \\(Adjustable: No\\)`));
    });

    it("the planner peers every pair of Regions, never more often than the quota allows", () => {
        fc.assert(
            fc.property(fc.shuffledSubarray(REGIONS, { minLength: 1 }), (regions) => {
                const plan = planPeerings(regions);
                assert.strictEqual(plan.length, (regions.length * (regions.length - 1)) / 2, "full mesh");
                for (let i = 0; i < regions.length; i++) {
                    for (let j = i + 1; j < regions.length; j++) {
                        const between = plan.filter((p) => [p.requester, p.accepter].sort().join() === [regions[i], regions[j]].sort().join()).length;
                        assert.ok(between >= 1 && between <= quota.value, `${regions[i]}-${regions[j]}: ${between}`);
                    }
                }
                assert.deepStrictEqual(peeringPairsOverQuota(plan), []);
            }),
            { numRuns: 50, seed: 20261127 },
        );
    });

    it("counts a pair in either direction: a plan with one more peering than the quota is refused", () => {
        const extra = Array.from({ length: quota.value + 1 }, (_, i) => (i % 2 === 0 ? { requester: "us-east-1", accepter: "eu-west-1" } : { requester: "eu-west-1", accepter: "us-east-1" }));
        const over = peeringPairsOverQuota(extra);
        assert.strictEqual(over.length, 1);
        assert.strictEqual(over[0].count, quota.value + 1);
        assert.deepStrictEqual(peeringPairsOverQuota(extra.slice(0, quota.value)), []);
    });

    it("stacks/global.yaml validates, and its peering plan is one peering for its two Regions", () => {
        const text = fs.readFileSync(globalFile, "utf8");
        const loaded = loadDefinitionText(text, globalFile);
        assert.deepStrictEqual(loaded.diagnostics.filter((d) => d.severity === "error"), []);
        assert.deepStrictEqual(regionPeerings(loaded.definition!).map((p) => p.key), ["us-east-1-eu-west-1"]);
    });

    it("validation refuses a plan needing a peering per route domain between two Regions: error at the Region's key, with the quota and its page", () => {
        const text = fs.readFileSync(globalFile, "utf8");
        const domains = Object.keys(loadDefinitionText(text, globalFile).definition!.network.transitGateway.domains).filter((d) => d !== "onprem");
        assert.ok(domains.length > quota.value, "more domains than peerings allowed");
        // The rejected design: one peering attachment per route domain per pair of Regions.
        const perDomain = (regions: readonly string[]) => planPeerings(regions).flatMap((p) => domains.map(() => p));
        const loaded = loadDefinitionText(text, globalFile, { areas: [(c) => checkPeeringPairs(c, perDomain)] });
        const errors = loaded.diagnostics.filter((d) => d.severity === "error");
        assert.strictEqual(errors.length, 1, errors.map((d) => d.message).join("\n"));
        const e = errors[0];
        assert.strictEqual(e.path, "network.regions.eu-west-1");
        assert.strictEqual(e.file, globalFile);
        assert.strictEqual(e.line, at(text, "eu-west-1:").line);
        assert.match(e.message, new RegExp(`would need ${domains.length} transit gateway peering attachments between them, but AWS allows ${quota.value}`));
        assert.ok(e.message.includes(quota.url));
    });
});
