/**
 * The review's expectations (test/rehearse/fixtures/review-expectations.md), case by case,
 * for its changes of the environments in hosted-zones and distributed DNS modes and without
 * an organization (rv-zones, rv-dist, rv-noorg: every `rv-` change not of rv-profile, which
 * review-expectations.test.ts checks), on what the rehearsal's steps did. The generic checks
 * of these changes run here too, on the same rehearsal (test/rehearse/support/changes.ts).
 */
import { strict as assert } from "assert";
import { T } from "../../aws/lifecycle";
import { assertChangeApplied, changeCases, changeEnvironment, rehearseChange } from "./support/changes";
import { changeSteps, did, name, passed, waves } from "./support/steps";
import { RehearsalResult } from "../../tools/rehearse/model";


/** The rehearsal of change `rv-<name>`, computed once per run (shared with the generic checks below). */
const change = (name: string): Promise<RehearsalResult> => rehearseChange(name);

describe("review expectations (test/rehearse/fixtures/review-expectations.md): environments rv-zones, rv-dist, rv-noorg", function () {
    this.timeout(300000);

    describe("every review change of these environments passes, converges, touches nothing it did not change, destroys exactly the removed units", () => {
        for (const c of changeCases().filter((c) => c.startsWith("rv-") && changeEnvironment(c) !== "rv-profile")) {
            it(c, async () => assertChangeApplied(c, await change(c)));
        }
    });

    it("add-consumer-new-account-zones: the owner allows the new account in an earlier wave than the consumer's endpoint", async () => {
        const r = await change("rv-add-consumer-new-account-zones");
        passed(r);
        const allow = did(r, "updated", T.vpcEndpointService, /-service$/);
        const endpoints = did(r, "created", T.vpcEndpoint, /-endpoint$/);
        assert.ok(allow.length > 0 && endpoints.length > 0);
        assert.ok(Math.min(...waves(endpoints)) > Math.max(...waves(allow)));
    });

    it("add-aws-service-zones: creates only", async () => {
        const r = await change("rv-add-aws-service-zones");
        passed(r);
        const steps = changeSteps(r);
        assert.ok(steps.some((s) => s.created.length > 0));
        for (const s of steps) {
            assert.deepEqual(s.deletes, [], `${s.stack} deletes`);
            assert.deepEqual(s.replaced, [], `${s.stack} replaces`);
        }
    });

    it("remove-aws-service-zones: the spokes' associations to the logs zone go in an earlier wave than the network deletes the zone", async () => {
        const r = await change("rv-remove-aws-service-zones");
        passed(r);
        const associations = did(r, "deletes", T.zoneAssociation, /zone-logs\./);
        const zone = did(r, "deletes", T.zone, /zones-logs\./, /-network$/);
        assert.equal(associations.length, 4);
        assert.equal(zone.length, 1);
        assert.ok(Math.max(...waves(associations)) < zone[0].step.wave);
    });

    it("remove-owner-spoke-dist and remove-owner-spoke-zones: consumers drop their endpoints in an earlier wave than the owner's stack is destroyed", async () => {
        for (const [c, service, owner] of [
            ["rv-remove-owner-spoke-dist", "omega", "two-a"],
            ["rv-remove-owner-spoke-zones", "ratings", "red-prod"],
        ] as const) {
            const r = await change(c);
            passed(r);
            const dropped = did(r, "deletes", T.vpcEndpoint, new RegExp(`^${service}-.*-endpoint$`)).filter((h) => !h.step.stack.endsWith(owner));
            const destroyed = changeSteps(r).find((s) => s.operation === "destroy" && s.stack.endsWith(`-${owner}`))!;
            assert.ok(dropped.length > 0, `${c}: consumers dropped endpoints`);
            assert.ok(Math.max(...waves(dropped)) < destroyed.wave, `${c}: endpoints dropped before ${owner} is destroyed`);
        }
    });

    it("remove-consumer-spoke-zones: the network detaches blue-dev and deletes its zone authorizations; red-prod deletes its accepter; blue-dev destroyed last", async () => {
        const r = await change("rv-remove-consumer-spoke-zones");
        passed(r);
        const destroyed = changeSteps(r).find((s) => s.operation === "destroy")!;
        assert.match(destroyed.stack, /blue-dev$/);
        const auth = did(r, "deletes", T.vpcAssociationAuthorization, /blue-dev/, /-network$/);
        assert.equal(auth.length, 6);
        const accepter = did(r, "deletes", T.vpcEndpointConnectionAccepter, /blue-dev/, /red-prod$/);
        assert.equal(accepter.length, 1);
        assert.ok([...waves(auth), ...waves(accepter)].every((w) => w < destroyed.wave));
    });

    it("cidr-change-zones: green-dev's new VPC is authorized on every zone in an earlier wave than its zone associations; no other spoke touched", async () => {
        const r = await change("rv-cidr-change-zones");
        passed(r);
        // A new VPC: the authorizations and associations of the old one are replaced (or created anew).
        const made = (type: string, stack: RegExp) => [...did(r, "created", type, /green-dev/, stack), ...did(r, "replaced", type, /green-dev/, stack)];
        const authorized = made(T.vpcAssociationAuthorization, /-network$/);
        const associated = made(T.zoneAssociation, /green-dev$/);
        assert.ok(authorized.length > 0 && associated.length === authorized.length, `${authorized.length} authorizations, ${associated.length} associations`);
        assert.ok(Math.max(...waves(authorized)) < Math.min(...waves(associated)));
        for (const s of changeSteps(r)) {
            if (/green-dev$|-network$|-org$/.test(s.stack)) continue;
            assert.deepEqual([...s.deletes, ...s.replaced].map((x) => name(x.urn)), [], s.stack);
        }
    });

    it("remove-spoke-noorg: s-two destroyed; s-one deletes its accepter for it", async () => {
        const r = await change("rv-remove-spoke-noorg");
        passed(r);
        assert.ok(changeSteps(r).some((s) => s.operation === "destroy" && s.stack === "rv-noorg-s-two"));
        assert.equal(did(r, "deletes", T.vpcEndpointConnectionAccepter, /accept-s-two$/, /s-one$/).length, 1);
    });

    it("centralized-to-distributed-zones: the spokes leave the central zones, the network deletes them, then the spokes build their endpoints", async () => {
        const r = await change("rv-centralized-to-distributed-zones");
        passed(r);
        // The spokes' associations (the hub's own goes with its zone: deletedWith).
        const left = did(r, "deletes", T.zoneAssociation, /./).filter((h) => !/-network$/.test(h.step.stack));
        const zones = did(r, "deletes", T.zone, /./, /-network$/);
        const endpoints = did(r, "created", T.vpcEndpoint, /-endpoints-/);
        assert.ok(left.length > 0 && zones.length > 0 && endpoints.length > 0);
        assert.ok(Math.max(...waves(left)) < Math.min(...waves(zones)));
        assert.ok(Math.max(...waves(zones)) < Math.min(...waves(endpoints)));
    });
});
