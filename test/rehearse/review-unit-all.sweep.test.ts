/**
 * review-unit-all (held out): changes of an environment deployed as ONE stack (unit `all`),
 * written from AWS's documented rules before program/delete-first.ts and program/stack-graph.ts
 * were read (fixtures/unit-all/rv-*; the expectations, rule by rule, in
 * fixtures/unit-all/review-expectations.md). Each is rehearsed as one stack (the runs
 * `npm run deploy` plans) and per unit, both with --destroy, and what goes first is pinned to the
 * reviewer's expectation. Failing checks are `it.skip` with their cause.
 * A long sweep (`npm run test:sweep`): ~50 rehearsals, ~24 CPU-s alone (program memo), most shared with
 * unit-all-changes.sweep.test.ts through test/support/rehearsals.ts.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { loadDefinitionFile } from "../../program/load";
import { deleteFirstOf } from "../../program/change-order/single-stack-delete-first";
import { InputError, rehearse } from "../../tools/rehearse/rehearse";
import { RehearsalResult } from "../../tools/rehearse/model";
import { rehearsal } from "../support/rehearsals";
import { explain } from "./support/changes";

const dir = path.join(__dirname, "fixtures", "unit-all");
const files = (c: string) => {
    const env = c.startsWith("rv-remove-region") || c.startsWith("rv-rename-and-add-region") || c === "rv-rename-region2-spoke" || c === "rv-move-region-new-cidr" || c === "rv-rename-bucket-account-spoke" ? "global" : c === "rv-rename-failover-provider" ? "orf" : "rs3";
    return { definitionFile: path.join(dir, c, `${env}.yaml`), fromFile: path.join(dir, c, "from", `${env}.yaml`) };
};

/** The reviewer's expectation of what goes first (written before reading the code). */
const expectedFirst: Record<string, string[]> = {
    "rv-swap-cidrs-owner-consumer": ["spoke:one-a", "spoke:two-a"],
    "rv-shrink-cidr": ["spoke:one-a"],
    "rv-grow-cidr": ["spoke:two-s"],
    "rv-move-domain": [],
    "rv-dist-to-central-profile": ["endpoint:ssm", "endpoint:kms"],
    "rv-central-zones-to-profile": ["endpoint:ssm", "endpoint:kms"],
    "rv-central-profile-to-zones": [],
    "rv-hub-cidr-change": [],
    "rv-hub-cidr-change-zones": [],
    "rv-remove-last-spokes-of-account": [],
    "rv-remove-region": [],
    "rv-onprem-overlaps-removed": [],
    "rv-rename-only-consumer": ["spoke:two-a"],
    "rv-rename-new-cidr": [],
    "rv-rename-and-add-region": ["spoke:orders-nonprod"],
    "rv-scp-split": [],
    "rv-owner-new-cidr": [],
    "rv-owner-new-cidr-private-dns": [],
    "rv-hub-cidr-resolver-profile": [],
    "rv-hub-cidr-resolver-zones": [],
    "rv-resolver-profile-to-zones": [],
    "rv-resolver-zones-to-profile": ["endpoint:ssm", "endpoint:kms"],
    "rv-move-account": ["spoke:two-s"],
    "rv-rename-failover-provider": ["spoke:one-f"],
    "rv-rename-region2-spoke": ["spoke:payments-eu"],
    "rv-move-region-new-cidr": ["spoke:orders-nonprod"],
    "rv-rename-bucket-account-spoke": ["spoke:payments-prod"],
};

/** One-stack rehearsals that fail, and why. */
const singleFails: Record<string, string> = {};

/** Per-unit rehearsals that fail, and why (found by this review; not unit-all). */
const perUnitFails: Record<string, string> = {};

function assertClean(r: RehearsalResult): void {
    assert.deepEqual(r.findings.map((f) => `${f.rule}: ${f.message.slice(0, 300)}`), [], explain(r));
    assert.ok(r.steps.every((s) => s.outcome === "ok") && r.converged && r.final.resources === 0, explain(r));
}

describe("review-unit-all: held-out unit-all changes (as one stack and per unit)", function () {
    this.timeout(600_000);
    for (const [c, first] of Object.entries(expectedFirst)) {
        const { definitionFile, fromFile } = files(c);
        it(`${c}: what goes first`, () => {
            const got = deleteFirstOf(loadDefinitionFile(definitionFile).definition!, loadDefinitionFile(fromFile).definition!);
            assert.deepEqual(got.map((d) => d.item).sort(), [...first].sort());
        });
        (singleFails[c] ? it.skip : it)(`${c}: one stack, the planned runs, destroyed${singleFails[c] ? ` — SKIPPED: ${singleFails[c]}` : ""}`, async () => {
            const r = await rehearsal({ definitionFile, fromFile, singleStack: true, destroy: true });
            assertClean(r);
            const change = r.steps.filter((s) => s.stage === "change");
            assert.equal(change.length, first.length > 0 ? 2 : 1);
            if (first.length > 0) assert.deepEqual(String(change[0].config?.["landing-zone:deleteFirst"] ?? "").split(",").sort(), [...first].sort());
        });
        (perUnitFails[c] ? it.skip : it)(`${c}: per unit, destroyed${perUnitFails[c] ? ` — SKIPPED: ${perUnitFails[c]}` : ""}`, async () => {
            assertClean(await rehearsal({ definitionFile, fromFile, destroy: true }));
        });
    }

    // The hub's new CIDR overlaps its old one: the replacement hub VPC's attachment would be
    // propagated while the old one still is (tgw-propagation-overlapping-cidr), and no order of
    // runs avoids it. Expected: refused before anything runs, at the new definition's
    // network.hub.cidr, saying what would work (definition/hub-cidr-change.ts).
    for (const singleStack of [true, false]) {
        it(`rv-hub-cidr-grow: refused before anything runs (${singleStack ? "one stack" : "per unit"}), at network.hub.cidr, naming what works`, async () => {
            const { definitionFile, fromFile } = files("rv-hub-cidr-grow");
            const steps: string[] = [];
            await assert.rejects(
                rehearse({ definitionFile, fromFile, singleStack, destroy: true, afterStep: (step) => void steps.push(step.stack) }),
                (e: unknown) =>
                    e instanceof InputError &&
                    e.message.startsWith(`${definitionFile}:20:`) &&
                    / network\.hub\.cidr: .*10\.170\.0\.0\/22 to 10\.170\.0\.0\/21, which overlaps it.*does not overlap 10\.170\.0\.0\/22, or make two changes: first to an intermediate CIDR/.test(e.message),
            );
            assert.deepEqual(steps, []);
        });
    }

    // AWS Organizations: at most 5 SCPs (and 5 RCPs) attached to a root, OU or account, the
    // default FullAWSAccess / RCPFullAWSAccess included
    // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html;
    // AttachPolicy: ConstraintViolationException POLICY_NUMBER_LIMIT_EXCEEDED). One `pulumi up`
    // creates the new attachments before it deletes the old ones.
    it("rv-scp-split: no target holds more than 5 SCPs or RCPs during the change", async () => {
        for (const singleStack of [true, false]) {
            const { definitionFile, fromFile } = files("rv-scp-split");
            const r = await rehearsal({ definitionFile, fromFile, singleStack, destroy: true });
            const attached = new Map<string, number>();
            const key = (urn: string) => {
                const name = urn.split("::").pop()!;
                return `${/-rcp-/.test(name) ? "rcp" : "scp"}:${name.split("-").pop()}`;
            };
            for (const s of r.steps) {
                const created = (s.created ?? []).filter((x) => x.type === "aws:organizations/policyAttachment:PolicyAttachment");
                const deleted = (s.deletes ?? []).filter((x) => x.type === "aws:organizations/policyAttachment:PolicyAttachment");
                for (const x of created) attached.set(key(x.urn), (attached.get(key(x.urn)) ?? 0) + 1);
                for (const [k, n] of attached) assert.ok(n + 1 <= 5, `${s.stack}#${s.pass} (${singleStack ? "one stack" : "per unit"}): ${n} landing-zone ${k} attachments + the default full-access policy`);
                for (const x of deleted) attached.set(key(x.urn), (attached.get(key(x.urn)) ?? 0) - 1);
            }
        }
    });

    // Route 53: a private hosted zone answers only in the VPCs associated with it
    // (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html).
    // What the zones are associated with is read from the simulated AWS (the zone's own
    // association and every ZoneAssociation: aws/route53-zone-associations.ts), not from the
    // zone's inputs, which ignoreChanges keeps as they were.
    for (const singleStack of [true, false]) {
        it(`rv-hub-cidr-change-zones: after the hub VPC is replaced, the central zones are associated with the new hub VPC (${singleStack ? "one stack" : "per unit"})`, async () => {
            const { definitionFile, fromFile } = files("rv-hub-cidr-change-zones");
            let hubBefore: string[] = [];
            let hubAfter: string[] = [];
            const missing: string[] = [];
            let judged = 0;
            const r = await rehearse({
                definitionFile,
                fromFile,
                singleStack,
                afterStep: (step, world) => {
                    const hubs = world.cloud.ofType(T.vpc).filter((v) => /::hub-vpc$/.test(v.urn) && !v.retained);
                    if (step.stage === "earlier") hubBefore = hubs.map((h) => h.id);
                    if (step.stage !== "converge") return;
                    hubAfter = hubs.map((h) => h.id);
                    for (const zone of world.cloud.ofType(T.zone).filter((z) => /ServiceHostedZones\$aws:route53\/zone:Zone::rs3-zones-/.test(z.urn))) {
                        const hub = hubs.find((h) => h.region === zone.region);
                        const vpcs = world.cloud.zoneVpcs(zone).map((v) => v.vpcId);
                        judged++;
                        if (!hub || !vpcs.includes(hub.id)) missing.push(`${zone.urn}: ${vpcs.join(",")} (hub ${hub?.id})`);
                    }
                },
            });
            assert.ok(r.steps.every((s) => s.outcome === "ok") && r.converged, explain(r));
            assert.equal(hubBefore.length, 1);
            assert.equal(hubAfter.length, 1);
            assert.notEqual(hubAfter[0], hubBefore[0], "the change replaces the hub VPC");
            assert.ok(judged >= 2, "the converged environment has the central zones of ssm and kms");
            assert.deepEqual(missing, []);
        });
    }
});
