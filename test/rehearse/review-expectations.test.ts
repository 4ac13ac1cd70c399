/**
 * The review's expectations (test/rehearse/fixtures/review-expectations.md), case by case,
 * for its changes of environment rv-profile (Route 53 Profile DNS sharing), checked on what
 * the rehearsal's steps did (the `--json` records: created, updated, replaced, deletes, wave
 * by wave). Each expectation comes from AWS's or the provider's behaviour as the review wrote
 * it down before running. The generic checks of these `rv-` changes run here too, on the same
 * rehearsal (test/rehearse/support/changes.ts). The review's other environments:
 * review-expectations-zones-dist.sweep.test.ts; its definitions: review-definitions.test.ts; the
 * other changes and every definition (deploys and destroys to zero): changes.test.ts,
 * account-changes.test.ts, definitions.test.ts. A held-out `rv-` change dropped into
 * test/rehearse/fixtures/changes/ gets the generic checks in the file of its environment.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { loadDefinitionFile } from "../../program/load";
import { assertChangeApplied, changeCases, changeEnvironment, rehearseChange } from "./support/changes";
import { changeSteps, did, name, passed, waves } from "./support/steps";
import { RehearsalResult } from "../../tools/rehearse/model";

const fixtures = path.join(__dirname, "fixtures");

/** The rehearsal of change `rv-<name>`, computed once per run (shared with the generic checks below). */
const change = (name: string): Promise<RehearsalResult> => rehearseChange(name);

describe("review expectations (test/rehearse/fixtures/review-expectations.md): environment rv-profile", function () {
    this.timeout(300000);

    describe("every review change of these environments passes, converges, touches nothing it did not change, destroys exactly the removed units", () => {
        for (const c of changeCases().filter((c) => c.startsWith("rv-") && changeEnvironment(c) === "rv-profile")) {
            it(c, async () => assertChangeApplied(c, await change(c)));
        }
    });

    it("add-spoke-consumer: the owner allows the new account in place, in a wave before the consumer's endpoint; it accepts the connection after", async () => {
        const r = await change("rv-add-spoke-consumer");
        passed(r);
        const allow = did(r, "updated", T.vpcEndpointService, /^quotes-service$/, /alpha-api$/);
        assert.equal(allow.length, 1, "allowedPrincipals updated once");
        assert.ok((allow[0].step.updated.find((u) => name(u.urn) === "quotes-service")!.changed).includes("allowedPrincipals"));
        assert.deepEqual(did(r, "replaced", T.vpcEndpointService, /./), [], "no endpoint service replaced");
        const endpoint = did(r, "created", T.vpcEndpoint, /^quotes-gamma-etl-endpoint$/, /gamma-etl$/);
        assert.equal(endpoint.length, 1);
        assert.ok(endpoint[0].step.wave > allow[0].step.wave, `endpoint in wave ${endpoint[0].step.wave}, allowed in wave ${allow[0].step.wave}`);
        const accept = did(r, "created", T.vpcEndpointConnectionAccepter, /gamma-etl/, /alpha-api$/);
        assert.ok(accept.length > 0 && accept.every((a) => a.step.wave > endpoint[0].step.wave), "accepted after the endpoint exists");
    });

    it("cidr-change-owner-profile: the owner's NLB is replaced (subnets removed), its endpoint service keeps its name; the consumers' endpoints are untouched", async () => {
        const r = await change("rv-cidr-change-owner-profile");
        passed(r);
        assert.ok(did(r, "replaced", T.loadBalancer, /-nlb$/, /beta-db$/).length > 0, "NLB replaced");
        assert.deepEqual(did(r, "replaced", T.vpcEndpointService, /./), []);
        assert.deepEqual(did(r, "deletes", T.vpcEndpointService, /./), []);
        // Only beta-db's own endpoints (its VPC is replaced) are replaced; no other consumer's.
        for (const hit of [...did(r, "replaced", T.vpcEndpoint, /./), ...did(r, "deletes", T.vpcEndpoint, /./)]) assert.match(hit.step.stack, /beta-db$/);
    });

    it("add-ou-sharewith: two principal associations created, nothing deleted or replaced", async () => {
        const r = await change("rv-add-ou-sharewith");
        passed(r);
        const created = changeSteps(r).flatMap((s) => s.created);
        assert.equal(created.filter((c) => c.type === T.ramPrincipalAssociation).length, 2, created.map((c) => name(c.urn)).join(", "));
        for (const s of changeSteps(r)) assert.deepEqual([...s.deletes, ...s.replaced], [], s.stack);
    });

    it("remove-security: every unit's forwarders are deleted in an earlier wave than the security stack is destroyed", async () => {
        const r = await change("rv-remove-security");
        passed(r);
        const forwarders = did(r, "deletes", T.eventTarget, /-target$/).filter((h) => h.step.operation === "up");
        const security = changeSteps(r).find((s) => s.operation === "destroy" && s.stack.endsWith("-security"))!;
        assert.ok(forwarders.length > 0);
        assert.ok(Math.max(...waves(forwarders)) < security.wave);
    });

    it("move-spoke-profile: only alpha-web's association, propagations and routes (its CIDR) change in the network", async () => {
        const r = await change("rv-move-spoke-profile");
        passed(r);
        const d = loadDefinitionFile(path.join(fixtures, "changes", "rv-move-spoke-profile", "rv-profile.yaml")).definition!;
        const cidr = d.spokes.find((s) => s.name === "alpha-web")!.cidr.replace("/", "-");
        const network = changeSteps(r).filter((s) => s.stack.endsWith("-network"));
        const touched = network.flatMap((s) => [...s.created, ...s.replaced, ...s.deletes]).map((x) => name(x.urn));
        assert.ok(touched.length > 0 && touched.every((n) => n.includes("alpha-web") || n.includes(cidr)), touched.join(", "));
        // The association is replaced (delete-first: the rehearsal refuses a second association of one attachment, aws/lifecycle.ts).
        assert.ok(did(r, "replaced", T.tgwRouteTableAssociation, /alpha-web/, /-network$/).length === 1);
    });

    it("remove-aws-service-profile and -dist: only that service's endpoints (and what serves them) are deleted", async () => {
        for (const c of ["rv-remove-aws-service-profile", "rv-remove-aws-service-dist"]) {
            const dir = path.join(fixtures, "changes", c);
            const file = fs.readdirSync(dir).find((f) => f.endsWith(".yaml"))!;
            const before = loadDefinitionFile(path.join(dir, "from", file)).definition!.network.endpoints.services;
            const after = loadDefinitionFile(path.join(dir, file)).definition!.network.endpoints.services;
            const removed = before.filter((x) => !after.includes(x));
            assert.equal(removed.length, 1, c);
            const r = await change(c);
            passed(r);
            const deleted = changeSteps(r).flatMap((s) => [...s.deletes, ...s.replaced]).map((x) => name(x.urn));
            assert.ok(deleted.length > 0, c);
            for (const n of deleted) assert.ok(n.includes(removed[0]), `${c}: ${n}`);
        }
    });

    it("dns-profile-to-zones: the hub's endpoints turn private DNS off before the network creates the zones of their names", async () => {
        const r = await change("rv-dns-profile-to-zones");
        passed(r);
        const network = changeSteps(r).filter((s) => s.stack.endsWith("-network"));
        assert.ok(network.some((s) => s.updated.some((u) => u.type === T.vpcEndpoint && u.changed.includes("privateDnsEnabled")) || s.replaced.some((u) => u.type === T.vpcEndpoint)));
        assert.ok(did(r, "created", T.zone, /./, /-network$/).length > 0);
    });
});
