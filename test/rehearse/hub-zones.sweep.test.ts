/**
 * Central private hosted zones follow a replaced hub VPC (`dns.sharing: hosted-zones`), read
 * from the simulated AWS: what each zone is associated with is its own association and every
 * ZoneAssociation (aws/route53-zone-associations.ts), never the zone's inputs.
 *
 * - another Region's hub (fixtures/hub-zones/rv-region-hub-cidr-change-zones: the
 *   eu-central-1 hub of a two-Region environment changes CIDR), as one stack and per unit;
 * - a stack deployed before the hub association existed (simulated by removing the
 *   ZoneAssociations and the `centralZones` record after the earlier definition is deployed):
 *   the next run adopts the associations without touching a zone; a hub change in that same
 *   run cannot adopt them (the documented limit: deploy once first).
 *
 * A sweep (`npm run test:sweep`): six rehearsals, ~35 CPU-s.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { rehearse } from "../../tools/rehearse/rehearse";
import { RehearsalResult, StepRecord } from "../../tools/rehearse/model";
import { Cloud } from "../../tools/rehearse/aws-sim";
import { StateBackend } from "../../tools/rehearse/engine";
import { explain } from "./support/changes";

const fixtures = path.join(__dirname, "fixtures");
const region = { definitionFile: path.join(fixtures, "hub-zones", "rv-region-hub-cidr-change-zones", "rtwohz.yaml"), fromFile: path.join(fixtures, "hub-zones", "rv-region-hub-cidr-change-zones", "from", "rtwohz.yaml") };
const single = { definitionFile: path.join(fixtures, "unit-all", "rv-hub-cidr-change-zones", "rs3.yaml"), fromFile: path.join(fixtures, "unit-all", "rv-hub-cidr-change-zones", "from", "rs3.yaml") };

type World = { backend: StateBackend; cloud: Cloud };

/** Region → hub VPC id, and the central zones not associated with their Region's hub. */
function hubsAndStrays(world: World): { hubs: Record<string, string>; zones: number; strays: string[] } {
    const hubs: Record<string, string> = {};
    for (const v of world.cloud.ofType(T.vpc).filter((v) => /::hub(-[a-z0-9-]+)?-vpc$/.test(v.urn) && !v.retained)) hubs[v.region] = v.id;
    const central = world.cloud.ofType(T.zone).filter((z) => /ServiceHostedZones\$aws:route53\/zone:Zone::[a-z0-9]+(-[a-z0-9-]+)?-zones-/.test(z.urn) && !/distributed-zones/.test(z.urn));
    const strays = central.filter((z) => !world.cloud.zoneVpcs(z).some((v) => v.vpcId === hubs[z.region])).map((z) => `${z.urn} (${z.region}): ${world.cloud.zoneVpcs(z).map((v) => v.vpcId).join(",")}`);
    return { hubs, zones: central.length, strays };
}

/** What a stack deployed before the hub association existed holds: the zones with the hub they were created with, no ZoneAssociation of the hub, no record. */
function asBeforeTheHubAssociation(world: World): void {
    for (const [, state] of world.backend.stacks) {
        delete state.outputs.centralZones;
        for (const [urn, r] of [...state.resources]) {
            if (r.type === T.zoneAssociation && /ServiceHostedZones\$aws:route53\/zoneAssociation:ZoneAssociation::.*-hub$/.test(urn)) {
                if (r.cloudKey) world.cloud.vanish(r.cloudKey);
                state.resources.delete(urn);
            }
        }
    }
}

const ok = (r: RehearsalResult): void => assert.ok(r.steps.every((s) => s.outcome === "ok") && r.converged, explain(r));

describe("central hosted zones follow a replaced hub (held out)", function () {
    this.timeout(600000);

    for (const singleStack of [true, false]) {
        it(`another Region's hub CIDR changes: its zones end associated with its new hub, the home zones with the home hub (${singleStack ? "one stack" : "per unit"})`, async () => {
            let before: Record<string, string> = {};
            let after: ReturnType<typeof hubsAndStrays> | undefined;
            const r = await rehearse({
                ...region,
                singleStack,
                afterStep: (step, world) => {
                    if (step.stage === "earlier") before = hubsAndStrays(world).hubs;
                    if (step.stage === "converge") after = hubsAndStrays(world);
                },
            });
            ok(r);
            assert.ok(after);
            assert.deepEqual(Object.keys(before).sort(), ["ap-southeast-2", "eu-central-1"]);
            assert.notEqual(after.hubs["eu-central-1"], before["eu-central-1"], "the eu-central-1 hub VPC is replaced");
            assert.equal(after.hubs["ap-southeast-2"], before["ap-southeast-2"], "the home hub is kept");
            assert.ok(after.zones >= 10, `${after.zones} central zones`);
            assert.deepEqual(after.strays, []);
            // The replacement of the eu-central-1 hub replaces only that Region's hub associations.
            const replaced = r.steps.filter((s) => s.stage === "change").flatMap((s) => s.replaced).filter((x) => x.type === T.zoneAssociation && /-hub$/.test(x.urn));
            assert.ok(replaced.length >= 5 && replaced.every((x) => /eu-central-1/.test(x.urn)), replaced.map((x) => x.urn).join("\n"));
        });
    }

    for (const singleStack of [true, false]) {
        it(`a stack from before the hub association: the next run adopts each zone's association with the hub, and replaces, updates or deletes no zone (${singleStack ? "one stack" : "per unit"})`, async () => {
            let after: ReturnType<typeof hubsAndStrays> | undefined;
            const changeSteps: StepRecord[] = [];
            const r = await rehearse({
                definitionFile: single.fromFile,
                fromFile: single.fromFile,
                singleStack,
                afterStep: (step, world) => {
                    if (step.stage === "earlier") asBeforeTheHubAssociation(world);
                    if (step.stage === "change") changeSteps.push(step);
                    if (step.stage === "converge") after = hubsAndStrays(world);
                },
            });
            ok(r);
            const imported = changeSteps.flatMap((s) => s.imported);
            assert.equal(imported.filter((x) => x.type === T.zoneAssociation).length, 2, imported.map((x) => x.urn).join("\n"));
            const zoneTouched = changeSteps.flatMap((s) => [...s.created, ...s.updated, ...s.replaced, ...s.deletes]).filter((x) => x.type === T.zone);
            assert.deepEqual(zoneTouched, []);
            assert.deepEqual(after?.strays, []);
        });
    }

    it("a stack from before the hub association whose hub CIDR changes in the upgrade run: the adoption fails (Pulumi import), naming the association — deploy once first", async () => {
        const r = await rehearse({
            ...single,
            singleStack: true,
            afterStep: (step, world) => {
                if (step.stage === "earlier") asBeforeTheHubAssociation(world);
            },
        });
        const failed = r.steps.find((s) => s.outcome !== "ok");
        assert.ok(failed, "the change fails");
        assert.equal(failed.stage, "change");
        assert.match(failed.message ?? "", /import id .* names zone .* and VPC vpc-/);
        assert.ok(r.findings.some((f) => f.rule === "pulumi-import"));
    });
});
