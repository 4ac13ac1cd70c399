/**
 * A service's failover provider changed in the same account and Region (held-out change
 * test/rehearse/fixtures/unit-all/rv-rename-failover-provider: gamma, owned by one-a, fails
 * over to us-east-1, served by the spoke one-f, renamed one-g).
 *
 * The old provider's failover service cannot be deleted while the consumers' endpoints to it
 * are connected (aws/lifecycle.ts endpoint-service-delete-blocked-by-connections), and the
 * consumers read its name from the owner's stack, which republishes it only after the new
 * provider has run. So the owner publishes which provider serves the failover service; a
 * consumer that finds another provider there than the definition's drops its failover
 * endpoints for that run (program/privatelink-consumer.ts providerView), and the waves order it like a
 * changed failover Region. The whole change, per unit, is rehearsed by
 * test/rehearse/review-unit-all.sweep.test.ts.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { T, lifecycleRule } from "../../aws/lifecycle";
import { loadDefinitionFile } from "../../program/load";
import { failoverProviderChanged, failoverProviderOf } from "../../program/failover-provider";
import { stackWaves } from "../../program/stack-graph";
import { PlannedChange, guardContext, protectiveDeletes } from "../../tools/deploy/guard";

const dir = path.join(__dirname, "..", "rehearse", "fixtures", "unit-all", "rv-rename-failover-provider");
const after = loadDefinitionFile(path.join(dir, "orf.yaml")).definition!;
const before = loadDefinitionFile(path.join(dir, "from", "orf.yaml")).definition!;
const env = after.environment;
const gamma = after.endpointServices.find((s) => s.name === "gamma")!;
const gammaBefore = before.endpointServices.find((s) => s.name === "gamma")!;

describe("a failover provider renamed in its account and Region (per unit)", () => {
    it("tells a changed provider from the same one, and says nothing for an owner's output that does not name it", () => {
        assert.deepEqual(failoverProviderOf(gamma), { spoke: "one-g" });
        assert.equal(failoverProviderChanged(failoverProviderOf(gammaBefore), gamma), true);
        assert.equal(failoverProviderChanged(failoverProviderOf(gamma), gamma), false);
        assert.equal(failoverProviderChanged({ vpcId: "vpc-0123456789abcdef0" }, gamma), true);
        // An owner's output of an older run carries no provider: undecided, so nothing is dropped.
        for (const older of [undefined, null, {}, { spoke: 7 }]) assert.equal(failoverProviderChanged(older, gamma), undefined);
    });

    it("waves: every consumer drops its failover endpoints before the old provider's destroy and the owner's run; the new provider runs before the owner", () => {
        const waves = stackWaves(after, { from: before }).waves;
        const steps = waves.flatMap((w, i) => w.stacks.map((s) => ({ ...s, wave: i })));
        const first = (unit: string, operation: "up" | "destroy") => {
            const s = steps.find((x) => x.unit === unit && x.operation === operation);
            assert.ok(s, `${unit} ${operation} in the waves`);
            return s!.wave;
        };
        const oldProvider = first("one-f", "destroy");
        const newProvider = first("one-g", "up");
        const owner = first(gamma.spoke, "up");
        assert.ok(oldProvider < newProvider, "the new provider creates the connection topic only after the old one's destroy (sns-topic-name-unique)");
        assert.ok(newProvider < owner, "the owner reads the new provider's service");
        for (const consumer of gamma.consumers) {
            const c = first(consumer, "up");
            assert.ok(c < oldProvider, `${consumer} drops its failover endpoints before ${env}-one-f's destroy (endpoint-service-delete-blocked-by-connections: ${lifecycleRule("endpoint-service-delete-blocked-by-connections").statement})`);
            assert.ok(c < owner, `${consumer} drops its failover endpoints before the owner deletes their accepters`);
            assert.ok(steps.some((x) => x.unit === consumer && x.operation === "up" && x.wave > owner), `${consumer} builds its failover endpoints again after the owner publishes the new provider's service`);
        }
    });

    it("the deploy guard lets the owner delete its accepters of the old provider's connections, and only those", () => {
        const context = guardContext(after, before, new Set(after.spokes.map((s) => s.name)));
        assert.equal(context.retiredFailoverRegions?.get("gamma"), gamma.failover!.region);
        const change = (name: string): PlannedChange => ({ urn: `urn:pulumi:${env}-one-a::landing-zone::${T.vpcEndpointConnectionAccepter}::${name}`, type: T.vpcEndpointConnectionAccepter, op: "delete", retainOnDelete: false, tags: {} });
        const failoverAccepters = gamma.consumers.map((c) => change(`gamma-${gamma.failover!.region}-accept-${c}`));
        assert.deepEqual(protectiveDeletes(`${env}-one-a`, failoverAccepters, context), []);
        // The primary's connections stay live: deleting their accepters is still refused.
        const primary = protectiveDeletes(`${env}-one-a`, [change("gamma-accept-two-a")], context);
        assert.equal(primary.length, 1);
        // With the provider unchanged nothing is retired.
        assert.equal(guardContext(after, after, new Set(after.spokes.map((s) => s.name))).retiredFailoverRegions?.has("gamma"), false);
    });
});
