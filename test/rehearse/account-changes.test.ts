/**
 * The held-out changes to the organization's accounts (test/rehearse/support/changes.ts
 * `ACCOUNT_CHANGES`: a log archive account added or removed, an account's first unit
 * removed, a spoke moved to another account): each applies without touching what it should
 * not, a protected bucket handed to the account's next unit stays protected, and a spoke
 * moved to another account is destroyed and deployed again in the right order.
 */
import * as assert from "assert";
import { T } from "../../aws/lifecycle";
import { spokesMovingAccount } from "../../program/change-order/spoke-moves";
import { ownerUnitOfAccount, unitsOf } from "../../definition/units";
import { loadDefinitionFile } from "../../program/load";
import { exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { ACCOUNT_CHANGES, assertChangeApplied, changeCases, changeFiles, explain, rehearseChange } from "./support/changes";

describe("the rehearsal (npm run rehearse): changes to accounts", function () {
    this.timeout(180_000);

    describe("every change to accounts passes, converges, touches nothing it did not change, destroys exactly the removed units", () => {
        for (const c of changeCases().filter((c) => ACCOUNT_CHANGES.includes(c))) {
            it(c, async () => assertChangeApplied(c, await rehearseChange(c)));
        }
    });

    describe("a protected bucket's policy handed to the account's next unit keeps the bucket protected (aws/lifecycle.ts bucket-policy-one-per-bucket)", () => {
        /** The protected buckets whose writer (the account's first unit) the change removes, with the old and new writer. */
        const handOffs = (c: string) => {
            const { from, to } = changeFiles(c);
            const before = loadDefinitionFile(from).definition!;
            const after = loadDefinitionFile(to).definition!;
            return after.perimeter.protectedBuckets
                .map((b) => ({ bucket: b.name, old: ownerUnitOfAccount(before, b.account)!, next: ownerUnitOfAccount(after, b.account)!, env: after.environment }))
                .filter((h) => h.old !== h.next && !unitsOf(after).includes(h.old));
        };
        const policyUrn = (env: string, unit: string, bucket: string) => `urn:pulumi:${env}-${unit}::landing-zone::pulumi:pulumi:Stack$${T.bucketPolicy}::${bucket}-perimeter-policy`;

        for (const c of ["remove-account-first-unit", "remove-spoke"]) {
            it(`${c}: the removed owner's destroy forgets the policy (no DeleteBucketPolicy), the new owner puts it, no wave leaves the bucket without it`, async () => {
                const moves = handOffs(c);
                assert.ok(moves.length > 0, `${c} hands no protected bucket over`);
                const result = await rehearseChange(c);
                assert.deepStrictEqual(result.findings.filter((f) => f.rule === "bucket-policy-one-per-bucket"), []);
                for (const h of moves) {
                    const destroyed = result.steps.find((s) => s.stage === "change" && s.operation === "destroy" && s.stack === `${h.env}-${h.old}`)!;
                    assert.ok(destroyed, `${h.old} destroyed`);
                    assert.ok(destroyed.retained.some((r) => r.urn === policyUrn(h.env, h.old, h.bucket)), `${h.old} forgets the policy of ${h.bucket}`);
                    assert.ok(!destroyed.deletes.some((d) => d.type === T.bucketPolicy), `${h.old} deletes no bucket policy`);
                    assert.ok(result.steps.some((s) => s.stage === "change" && s.stack === `${h.env}-${h.next}` && s.created.some((r) => r.urn === policyUrn(h.env, h.next, h.bucket))), `${h.next} puts the policy of ${h.bucket}`);
                }
            });
        }

        it("state written without retainOnDelete (the old program): the removed owner's destroy deletes the new owner's policy, named with the stack, the resource and the rule", async () => {
            const c = "remove-account-first-unit";
            const { from, to } = changeFiles(c);
            const result = await rehearsal({
                definitionFile: to,
                fromFile: from,
                afterStep: (step, world) => {
                    if (step.stage !== "earlier") return;
                    for (const r of world.backend.get(step.stack).resources.values()) if (r.type === T.bucketPolicy) r.options = { ...r.options, retainOnDelete: false };
                },
            });
            assert.strictEqual(exitCodeOf(result), 1);
            for (const h of handOffs(c)) {
                const gap = result.findings.find((f) => f.rule === "bucket-policy-one-per-bucket" && f.message.includes(`protected bucket ${h.bucket} `));
                assert.ok(gap, explain(result));
                assert.strictEqual(gap.stack, `${h.env}-${h.old}`);
                assert.strictEqual(gap.urn, policyUrn(h.env, h.old, h.bucket));
                assert.match(gap.message, /DeleteBucketPolicy/);
                // And the deploy guard would have refused that destroy before it ran.
                assert.ok(result.findings.some((f) => f.rule === "deploy-refuses" && f.urn === policyUrn(h.env, h.old, h.bucket)), explain(result));
            }
        });
    });

    describe("a spoke moved to another account keeping its CIDR (move-spoke-account-same-cidr)", () => {
        const c = "move-spoke-account-same-cidr";
        const moved = () => {
            const { from, to } = changeFiles(c);
            const before = loadDefinitionFile(from).definition!;
            const after = loadDefinitionFile(to).definition!;
            const [name] = spokesMovingAccount(after, before);
            return { name, env: after.environment, stack: `${after.environment}-${name}`, accountId: after.accounts[after.spokes.find((s) => s.name === name)!.account] };
        };

        it("its stack is destroyed, deployed again in the new account, accepted and authorized again by the new VPC's ids before it routes and associates", async () => {
            const m = moved();
            assert.ok(m.name, `${c} moves no spoke to another account`);
            const result = await rehearseChange(c);
            const change = result.steps.filter((s) => s.stage === "change");
            const destroyed = change.find((s) => s.stack === m.stack && s.operation === "destroy")!;
            assert.ok(destroyed, "destroyed in the old account");
            const ups = change.filter((s) => s.stack === m.stack && s.operation === "up" && s.wave > destroyed.wave);
            assert.ok(ups.length >= 2, "deployed again, in more than one pass");
            const network = `${m.env}-network`;
            const accepted = change.find((s) => s.stack === network && s.wave > destroyed.wave && s.replaced.some((r) => r.type === T.tgwVpcAttachmentAccepter && r.urn.endsWith(`-${m.name}-accepter`)))!;
            assert.ok(accepted, "the network accepts the new attachment (its accepter replaced: a new attachment id)");
            const routed = change.find((s) => s.stack === m.stack && s.created.some((r) => r.type === T.route && /-rt-/.test(r.urn)))!;
            assert.ok(routed && routed.wave > accepted.wave, "routes to the transit gateway only after the network accepted the new attachment");
            // Authorized again: the authorization names the VPC id, so the new VPC replaces it.
            const authorized = change.find((s) => s.stack === network && s.wave > destroyed.wave && [...s.created, ...s.replaced].some((r) => r.type === T.vpcAssociationAuthorization && r.urn.includes(`-${m.name}-zone-auth`)))!;
            // The central endpoints' zones (the failover zone's association with the failover Region's VPC, an id the definition names, may go at once).
            const associated = change.find((s) => s.stack === m.stack && s.created.some((r) => r.type === T.zoneAssociation && r.urn.includes(`${m.name}-dns-zone-`)))!;
            assert.ok(authorized && associated && associated.wave > authorized.wave, "associates the zones only after the network authorized the new VPC");
        });

        it("keyed by CIDR (a network stack publishing acceptedCidrs only) the rebuilt spoke routes before acceptance: its up fails, naming the route and the rule", async () => {
            const m = moved();
            const { from, to } = changeFiles(c);
            const result = await rehearsal({
                definitionFile: to,
                fromFile: from,
                // The network's outputs as the program before acceptedVpcs wrote them.
                afterStep: (step, world) => {
                    if (step.stack !== `${m.env}-network` || step.outcome !== "ok") return;
                    const out = world.backend.get(step.stack).outputs;
                    const vpcs = (out.acceptedVpcs ?? {}) as Record<string, { cidr?: string }>;
                    world.backend.get(step.stack).outputs = { ...out, acceptedVpcs: undefined, acceptedCidrs: Object.fromEntries(Object.entries(vpcs).map(([k, v]) => [k, v.cidr])) };
                },
            });
            assert.strictEqual(exitCodeOf(result), 1);
            const failed = result.steps.find((s) => s.outcome === "failed")!;
            assert.strictEqual(failed.stack, m.stack);
            assert.strictEqual(failed.stage, "change");
            assert.match(failed.message!, /Route .*-rt-/);
            assert.match(failed.message!, /\[tgw-route-needs-available-attachment\]/);
        });

        it("the owner of a failover service it consumes authorizes the rebuilt VPC on its failover zone (by VPC id, not by the spoke's label) before it associates", async () => {
            const m = moved();
            const { to } = changeFiles(c);
            const after = loadDefinitionFile(to).definition!;
            const service = after.endpointServices.find((s) => s.failover && s.consumers.includes(m.name))!;
            assert.ok(service, `${c}: the moved spoke consumes a failover service`);
            const owner = `${after.environment}-${service.spoke}`;
            const result = await rehearseChange(c);
            const change = result.steps.filter((s) => s.stage === "change");
            const destroyed = change.find((s) => s.stack === m.stack && s.operation === "destroy")!;
            const authorized = change.find((s) => s.stack === owner && s.wave > destroyed.wave && [...s.created, ...s.replaced].some((r) => r.type === T.vpcAssociationAuthorization))!;
            // Its home-Region VPC's association (the failover Region's VPC is an id the definition names, authorized all along).
            const associated = change.find((s) => s.stack === m.stack && s.created.some((r) => r.type === T.zoneAssociation && r.urn.includes(`${service.name}-${m.name}-records-${after.region}-`)))!;
            assert.ok(authorized && associated && associated.wave > authorized.wave, "associates the failover zone only after the owner authorized the new VPC");
        });

        it("a resource whose provider changes account without its stack being destroyed fails the step (Pulumi does not move it)", async () => {
            const m = moved();
            const { from, to } = changeFiles(c);
            const result = await rehearsal({ definitionFile: to, fromFile: from, wavesFor: (stage, waves) => (stage === "change" ? waves.map((w) => ({ stacks: w.stacks.filter((s) => !(s.stack === m.stack && s.operation === "destroy")) })) : waves) });
            const failed = result.steps.find((s) => s.outcome === "failed")!;
            assert.ok(failed, explain(result));
            assert.strictEqual(failed.stack, m.stack);
            assert.match(failed.message!, /provider now deploys into account/);
            assert.match(failed.message!, /pulumi-aws\/issues\/6385/);
        });
    });
});
