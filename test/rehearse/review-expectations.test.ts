/**
 * The review's expectations (test/rehearse/fixtures/review-expectations.md), case by case,
 * checked on what the rehearsal's steps did (the `--json` records: created, updated,
 * replaced, deletes, wave by wave). Each expectation comes from AWS's or the provider's
 * behaviour as the review wrote it down before running. The generic checks of the `rv-`
 * changes run here too, on the same rehearsal (test/rehearse/support/changes.ts); those of
 * the other changes and of every definition (deploys and destroys to zero) are in
 * rehearse.test.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { loadDefinitionFile } from "../../program/load";
import { exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { assertChangeApplied, changeCases, explain, rehearseChange } from "./support/changes";
import { RehearsalResult, StepRecord } from "../../tools/rehearse/model";

const fixtures = path.join(__dirname, "fixtures");
const stacksDir = path.resolve(__dirname, "..", "..", "stacks");

/** The rehearsal of change `rv-<name>`, run once per process (shared with the generic checks below). */
const change = (name: string): Promise<RehearsalResult> => rehearseChange(name);

const changeSteps = (r: RehearsalResult): StepRecord[] => r.steps.filter((s) => s.stage === "change");
const name = (urn: string): string => urn.split("::").pop()!;
type Op = "created" | "updated" | "replaced" | "deletes";
/** Change-stage steps of `stack` (suffix) that did `op` on a resource of `type` whose name matches. */
function did(r: RehearsalResult, op: Op, type: string, match: RegExp, stack?: RegExp): { step: StepRecord; urn: string }[] {
    const out: { step: StepRecord; urn: string }[] = [];
    for (const step of changeSteps(r)) {
        if (stack && !stack.test(step.stack)) continue;
        for (const x of step[op] as { urn: string; type: string }[]) if (x.type === type && match.test(name(x.urn))) out.push({ step, urn: x.urn });
    }
    return out;
}
const waves = (hits: { step: StepRecord }[]): number[] => hits.map((h) => h.step.wave);
const passed = (r: RehearsalResult) => assert.equal(exitCodeOf(r), 0, explain(r));

describe("review expectations (test/rehearse/fixtures/review-expectations.md)", function () {
    this.timeout(300000);

    describe("every review change passes, converges, touches nothing it did not change, destroys exactly the removed units", () => {
        for (const c of changeCases().filter((c) => c.startsWith("rv-"))) {
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

    it("remove-spoke-noorg: s-two destroyed; s-one deletes its accepter for it", async () => {
        const r = await change("rv-remove-spoke-noorg");
        passed(r);
        assert.ok(changeSteps(r).some((s) => s.operation === "destroy" && s.stack === "rv-noorg-s-two"));
        assert.equal(did(r, "deletes", T.vpcEndpointConnectionAccepter, /accept-s-two$/, /s-one$/).length, 1);
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

    it("centralized-to-distributed-zones: the spokes leave the central zones, the network deletes them, then the spokes build their endpoints", async () => {
        const r = await change("rv-centralized-to-distributed-zones");
        passed(r);
        const left = did(r, "deletes", T.zoneAssociation, /./);
        const zones = did(r, "deletes", T.zone, /./, /-network$/);
        const endpoints = did(r, "created", T.vpcEndpoint, /-endpoints-/);
        assert.ok(left.length > 0 && zones.length > 0 && endpoints.length > 0);
        assert.ok(Math.max(...waves(left)) < Math.min(...waves(zones)));
        assert.ok(Math.max(...waves(zones)) < Math.min(...waves(endpoints)));
    });

    it("dns-profile-to-zones: the hub's endpoints turn private DNS off before the network creates the zones of their names", async () => {
        const r = await change("rv-dns-profile-to-zones");
        passed(r);
        const network = changeSteps(r).filter((s) => s.stack.endsWith("-network"));
        assert.ok(network.some((s) => s.updated.some((u) => u.type === T.vpcEndpoint && u.changed.includes("privateDnsEnabled")) || s.replaced.some((u) => u.type === T.vpcEndpoint)));
        assert.ok(did(r, "created", T.zone, /./, /-network$/).length > 0);
    });
});

describe("review: the definitions", function () {
    this.timeout(300000);
    const definitions = fs.readdirSync(path.join(fixtures, "definitions")).filter((f) => f.startsWith("rv-")).map((f) => path.join(fixtures, "definitions", f));

    it("rv-profile: the spoke in the network account is attached at once: no accepter of its attachment, no RAM share needed for its Profile association", async () => {
        const file = definitions.find((f) => f.endsWith("rv-profile.yaml"))!;
        const d = loadDefinitionFile(file).definition!;
        const local = d.spokes.filter((s) => d.accounts[s.account] === d.accounts[d.network.account]).map((s) => s.name);
        assert.ok(local.length > 0, "a spoke in the network account");
        const r = await rehearsal({ definitionFile: file });
        passed(r);
        const accepters = r.steps.flatMap((s) => s.created).filter((c) => c.type === T.tgwVpcAttachmentAccepter).map((c) => name(c.urn));
        for (const spoke of local) assert.ok(!accepters.some((a) => a.includes(spoke)), `${spoke}: ${accepters.join(", ")}`);
    });

    it("rv-noorg: no transit gateway accepters at all, yet endpoint connections are accepted", async () => {
        const r = await rehearsal({ definitionFile: definitions.find((f) => f.endsWith("rv-noorg.yaml"))! });
        passed(r);
        const created = r.steps.flatMap((s) => s.created);
        assert.equal(created.filter((c) => c.type === T.tgwVpcAttachmentAccepter).length, 0);
        assert.ok(created.some((c) => c.type === T.vpcEndpointConnectionAccepter));
    });

    it("every definition with an organization also deploys and destroys as one stack (unit all): its shares wait for RAM sharing with the organization", async () => {
        const files = [...definitions, ...fs.readdirSync(stacksDir).filter((f) => f.endsWith(".yaml")).map((f) => path.join(stacksDir, f))];
        const withOrg = files.filter((f) => loadDefinitionFile(f).definition!.organization);
        assert.ok(withOrg.length >= 3);
        for (const file of withOrg) {
            const r = await rehearsal({ definitionFile: file, destroy: true, singleStack: true });
            assert.equal(exitCodeOf(r), 0, `${path.basename(file)}: ${explain(r)}`);
            assert.equal(r.final.resources, 0);
        }
    });
});

describe("review: OU membership", function () {
    this.timeout(300000);
    const file = path.join(fixtures, "definitions", "rv-profile.yaml");
    const d = loadDefinitionFile(file).definition!;
    const ou = (name: string) => d.organization!.units[name];

    it("an account in an OU the transit gateway is not shared with: its spoke's attachment fails, naming the account's OU", async () => {
        const r = await rehearsal({ definitionFile: file, organization: { accountUnits: { [d.accounts.beta]: ou("lab") } } });
        assert.equal(exitCodeOf(r), 1);
        const failed = r.steps.find((s) => s.outcome === "failed")!;
        assert.match(failed.stack, /beta-db$/);
        assert.match(failed.message!, /tgw-attachment-needs-share|is not shared with account/);
        assert.ok(r.findings.some((f) => f.message.includes(ou("lab"))), explain(r));
    });

    it("an account placed in a shared OU deploys; moved to another OU, a change that replaces its VPC cannot attach the new one", async () => {
        const placed = { [d.accounts.alpha]: ou("apps"), [d.accounts.beta]: ou("data") };
        assert.equal(exitCodeOf(await rehearsal({ definitionFile: file, organization: { accountUnits: placed } })), 0);
        const dir = path.join(fixtures, "changes", "rv-cidr-change-owner-profile");
        const moved = await rehearsal({
            definitionFile: path.join(dir, "rv-profile.yaml"),
            fromFile: path.join(dir, "from", "rv-profile.yaml"),
            organization: { accountUnits: placed },
            afterStep: (step, world) => {
                if (step.stage === "earlier") world.cloud.organization.units.set(d.accounts.beta, ou("lab"));
            },
        });
        assert.equal(exitCodeOf(moved), 1);
        assert.ok(moved.findings.some((f) => /beta-db/.test(f.stack) && f.message.includes(ou("lab"))), explain(moved));
    });
});
