/**
 * The endpoint-service Config rule's parts, from the TypeScript sources: the pure
 * decision per service, batching and rejected evaluations. Whole Config events (change,
 * oversized, deleted, out of scope, periodic, faults) run through the bundled Lambda as
 * the cases of fixtures/cases.
 */
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { EC2Client } from "@aws-sdk/client-ec2";
import * as assert from "assert";
import { maxEvaluationsPerCall } from "../../aws/config-rule-events";
import { ConfigRuleEvent, RuleClients, evaluateAndReport, judgeService } from "../../lambda/config-rule/endpoint-service-compliance";
import { FakeAws } from "./fake-aws";

const scheduled: ConfigRuleEvent = {
    invokingEvent: JSON.stringify({ awsAccountId: "200000000001", notificationCreationTime: "2026-11-20T18:00:00.000Z", messageType: "ScheduledNotification", recordVersion: "1.0" }),
    resultToken: "token",
    accountId: "200000000001",
    configRuleName: "prod-privatelink-endpoint-services",
};

describe("privatelink endpoint-service Config rule", () => {
    const fake = FakeAws.forSuite();
    const clients = (): RuleClients => ({
        ec2: new EC2Client({ region: "us-east-1" }),
        config: new ConfigServiceClient({ region: "us-east-1" }),
        retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => undefined },
    });

    it("requires acceptance, both Connect and Accept notification events, and no \"*\" principal", () => {
        const ok = { serviceId: "s", acceptanceRequired: true, notificationEvents: ["Accept", "Connect"], allowedPrincipals: ["arn:aws:iam::200000000002:root"] };
        assert.strictEqual(judgeService(ok).compliant, true);
        assert.match(judgeService({ ...ok, acceptanceRequired: false }).annotation, /acceptance is not required/);
        assert.match(judgeService({ ...ok, notificationEvents: ["Reject"] }).annotation, /misses Connect, Accept/);
        assert.match(judgeService({ ...ok, notificationEvents: [] }).annotation, /no enabled connection notification/);
        assert.match(judgeService({ ...ok, allowedPrincipals: ["*"] }).annotation, /"\*"/);
        const all = judgeService({ serviceId: "s", acceptanceRequired: false, notificationEvents: [], allowedPrincipals: ["*"] });
        assert.ok(all.annotation.length <= 256 && all.annotation.split(";").length === 3);
    });

    it(`sends at most ${maxEvaluationsPerCall} evaluations per PutEvaluations call, stamped with the notification time`, async () => {
        fake.reset({
            ownedServices: Array.from({ length: 150 }, (_, i) => ({ serviceId: `vpce-svc-${String(i).padStart(17, "0")}`, acceptanceRequired: true, notifications: [{ events: ["Connect", "Accept"] }] })),
        });
        const outcome = await evaluateAndReport(scheduled, clients());
        assert.strictEqual(outcome.evaluations.length, 150);
        const puts = fake.calls("PutEvaluations");
        assert.deepStrictEqual(puts.map((c) => c.input.Evaluations.length), [100, 50]);
        assert.strictEqual(new Date(puts[0].input.Evaluations[0].OrderingTimestamp).toISOString(), "2026-11-20T18:00:00.000Z");
        assert.strictEqual(puts[0].input.ResultToken, "token");
    });

    it("fails when AWS Config rejects an evaluation (it would otherwise be lost)", async () => {
        fake.reset({ ownedServices: [{ serviceId: "vpce-svc-0000000000000000a", acceptanceRequired: true }], rejectedEvaluations: ["vpce-svc-0000000000000000a"] });
        await assert.rejects(evaluateAndReport(scheduled, clients()), /rejected 1 evaluation/);
    });

    it("fails on an invoking event it cannot read or a message type it does not handle", async () => {
        fake.reset({});
        await assert.rejects(evaluateAndReport({ ...scheduled, invokingEvent: "{" }, clients()), /invokingEvent is not JSON/);
        await assert.rejects(evaluateAndReport({ ...scheduled, invokingEvent: JSON.stringify({ messageType: "ConfigurationSnapshotDeliveryCompleted" }) }, clients()), /not one this rule handles/);
        assert.strictEqual(fake.calls("PutEvaluations").length, 0);
    });
});
