/**
 * The PrivateLink failover zone follows a replaced owner VPC (components/endpoint-service.ts
 * FailoverRouting `ownerAssociation`, planned by `planOwnerAssociation` from the owner's own
 * previous outputs), read from the simulated AWS: what the zone is associated with is its own
 * association and every ZoneAssociation (aws/route53-zone-associations.ts), never its inputs.
 *
 * - the review's change rv-cidr-change-owner-profile (the owner spoke beta-db of `ledger`, a
 *   service with failover, changes CIDR: its VPC is replaced), per unit and as one stack: the
 *   zone ends associated with the new owner VPC and not the old one, is itself not replaced;
 * - a spoke stack deployed before the record (simulated by removing the owner's
 *   ZoneAssociation and the record's fields after the earlier definition is deployed): the
 *   next run adopts the association (import); a CIDR change in that same run is refused by
 *   the owner's stack, naming the CIDR to deploy once first.
 *
 * A sweep (`npm run test:sweep`): four rehearsals, ~12 CPU-s.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { loadDefinitionFile } from "../../program/load";
import { rehearse } from "../../tools/rehearse/rehearse";
import { RehearsalResult, StepRecord } from "../../tools/rehearse/model";
import { Cloud } from "../../tools/rehearse/aws-sim";
import { StateBackend } from "../../tools/rehearse/engine";
import { explain } from "./support/changes";

const dir = path.join(__dirname, "fixtures", "changes", "rv-cidr-change-owner-profile");
const change = { definitionFile: path.join(dir, "rv-profile.yaml"), fromFile: path.join(dir, "from", "rv-profile.yaml") };

type World = { backend: StateBackend; cloud: Cloud };

/** The owner spoke's live VPC, and the VPCs the failover zone of `ledger` is associated with. */
function ownerAndZone(world: World): { owner?: string; zones: number; zoneVpcs: string[] } {
    const owner = world.cloud.ofType(T.vpc).find((v) => /::beta-db-vpc$/.test(v.urn) && !v.retained)?.id;
    const zones = world.cloud.ofType(T.zone).filter((z) => /FailoverRouting\$aws:route53\/zone:Zone::ledger-failover-zone$/.test(z.urn));
    return { owner, zones: zones.length, zoneVpcs: zones.flatMap((z) => world.cloud.zoneVpcs(z).map((v) => v.vpcId)) };
}

/** What an owner stack deployed before the record holds: the zone with the VPC it was created with, no ZoneAssociation of the owner, no record fields. */
function asBeforeTheRecord(world: World): void {
    for (const [, state] of world.backend.stacks) {
        const services = state.outputs.endpointServices as Record<string, { failover?: Record<string, unknown> }> | undefined;
        const failover = services?.ledger?.failover;
        if (failover) for (const k of ["zone", "ownerVpcId", "ownerCidr", "ownerRegion", "ownerAssociationHeld"]) delete failover[k];
        delete state.outputs.failoverZones;
        for (const [urn, r] of [...state.resources]) {
            if (r.type === T.zoneAssociation && /FailoverRouting\$aws:route53\/zoneAssociation:ZoneAssociation::ledger-failover-zone-owner$/.test(urn)) {
                if (r.cloudKey) world.cloud.vanish(r.cloudKey);
                state.resources.delete(urn);
            }
        }
    }
}

const ok = (r: RehearsalResult): void => assert.ok(r.steps.every((s) => s.outcome === "ok") && r.converged, explain(r));

describe("the PrivateLink failover zone follows a replaced owner VPC (held out)", function () {
    this.timeout(600000);

    for (const singleStack of [false, true]) {
        it(`the owner spoke's CIDR changes: the zone ends associated with the new owner VPC only, through the replaced ZoneAssociation (${singleStack ? "one stack" : "per unit"})`, async () => {
            let before: ReturnType<typeof ownerAndZone> | undefined;
            let after: ReturnType<typeof ownerAndZone> | undefined;
            const r = await rehearse({
                ...change,
                singleStack,
                afterStep: (step, world) => {
                    if (step.stage === "earlier") before = ownerAndZone(world);
                    if (step.stage === "converge") after = ownerAndZone(world);
                },
            });
            ok(r);
            assert.ok(before?.owner && after?.owner);
            assert.notEqual(after.owner, before.owner, "the owner VPC is replaced");
            assert.equal(after.zones, 1);
            assert.ok(before.zoneVpcs.includes(before.owner), `before: ${before.zoneVpcs.join(",")}`);
            assert.ok(after.zoneVpcs.includes(after.owner), `the zone is associated with the new owner VPC: ${after.zoneVpcs.join(",")}`);
            assert.ok(!after.zoneVpcs.includes(before.owner), "and no longer with the old one");
            const changed = r.steps.filter((s) => s.stage === "change");
            const replaced = changed.flatMap((s) => s.replaced).filter((x) => x.type === T.zoneAssociation && /ledger-failover-zone-owner$/.test(x.urn));
            assert.equal(replaced.length, 1, replaced.map((x) => x.urn).join("\n"));
            const zoneTouched = changed.flatMap((s) => [...s.created, ...s.replaced, ...s.deletes]).filter((x) => x.type === T.zone && /ledger-failover-zone$/.test(x.urn));
            assert.deepEqual(zoneTouched, [], "the zone is kept");
        });
    }

    it("a spoke stack from before the record: the next run adopts the zone's association with the owner VPC (import), touching no zone", async () => {
        const changeSteps: StepRecord[] = [];
        let after: ReturnType<typeof ownerAndZone> | undefined;
        const r = await rehearse({
            definitionFile: change.fromFile,
            fromFile: change.fromFile,
            singleStack: false,
            afterStep: (step, world) => {
                if (step.stage === "earlier") asBeforeTheRecord(world);
                if (step.stage === "change") changeSteps.push(step);
                if (step.stage === "converge") after = ownerAndZone(world);
            },
        });
        ok(r);
        const imported = changeSteps.flatMap((s) => s.imported).filter((x) => x.type === T.zoneAssociation);
        assert.deepEqual(
            imported.map((x) => x.urn.split("::").pop()),
            ["ledger-failover-zone-owner"],
        );
        assert.deepEqual(changeSteps.flatMap((s) => [...s.created, ...s.updated, ...s.replaced, ...s.deletes]).filter((x) => x.type === T.zone), []);
        assert.ok(after?.owner && after.zoneVpcs.includes(after.owner));
    });

    it("a spoke stack from before the record whose owner CIDR changes in the upgrade run: the owner's stack refuses, naming the CIDR to deploy once first", async () => {
        const r = await rehearse({
            ...change,
            singleStack: false,
            afterStep: (step, world) => {
                if (step.stage === "earlier") asBeforeTheRecord(world);
            },
        });
        const failed = r.steps.find((s) => s.outcome !== "ok");
        assert.ok(failed, "the change fails");
        assert.equal(failed.stage, "change");
        assert.match(failed.stack, /beta-db$/);
        const cidr = (file: string) => loadDefinitionFile(file).definition!.spokes.find((x) => x.name === "beta-db")!.cidr;
        const [was, now] = [cidr(change.fromFile), cidr(change.definitionFile)];
        assert.notEqual(was, now);
        const message = failed.message ?? "";
        assert.ok(message.includes(`ledger: the owner VPC is replaced (its CIDR ${was} becomes ${now})`), message);
        assert.ok(message.includes("ledger.internal.example.org") && message.includes(`Deploy once with the owner's CIDR ${was}`), message);
    });
});
