/**
 * The second review's expectations (test/rehearse/fixtures/review2-expectations.md), case by
 * case, on what the rehearsal's steps did. Each expectation was written from AWS's API
 * references and the provider's resource code before the rehearsal ran. The generic checks
 * every held-out change gets (exit 0, converged, only removed units destroyed:
 * assertChangeApplied) run here too, on the same cached rehearsal, not in rehearse.test.ts:
 * mocha's parallel workers share no cache, and a change rehearsed in two files would be
 * rehearsed twice.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { destroy as destroyStack } from "../../tools/rehearse/engine";
import { createDefinitionCache } from "../../tools/plan/definition-cache";
import { loadDefinitionFile } from "../../program/load";
import { assertChangeApplied, changeCases, changeFiles, explain, rehearseChange } from "./support/changes";
import { RehearsalResult, StepRecord } from "../../tools/rehearse/model";

const fixtures = path.join(__dirname, "fixtures");
const orgFile = path.join(fixtures, "definitions", "review2-org.yaml");
const ENV = "review2-org";

const name = (urn: string): string => urn.split("::").pop()!;
const changeSteps = (r: RehearsalResult, stage = "change"): StepRecord[] => r.steps.filter((s) => s.stage === stage);
type Op = "created" | "updated" | "replaced" | "deletes";
function did(r: RehearsalResult, op: Op, type: string | undefined, match: RegExp, stack?: RegExp, stage = "change"): { step: StepRecord; urn: string }[] {
    const out: { step: StepRecord; urn: string }[] = [];
    for (const step of changeSteps(r, stage)) {
        if (stack && !stack.test(step.stack)) continue;
        for (const x of step[op] as { urn: string; type: string }[]) if ((!type || x.type === type) && match.test(name(x.urn))) out.push({ step, urn: x.urn });
    }
    return out;
}
const waves = (hits: { step: StepRecord }[]): number[] => hits.map((h) => h.step.wave);
const passed = (r: RehearsalResult): void => assert.equal(exitCodeOf(r), 0, explain(r));
const stepOf = (r: RehearsalResult, stack: string, operation: "up" | "destroy", stage = "change"): StepRecord[] =>
    changeSteps(r, stage).filter((s) => s.stack === `${ENV}-${stack}` && s.operation === operation);

describe("review 2 expectations (test/rehearse/fixtures/review2-expectations.md)", function () {
    this.timeout(600000);

    describe("every review 2 change passes, converges, touches nothing it did not change, destroys exactly the removed units", () => {
        for (const c of changeCases().filter((c) => c.startsWith("review2-"))) {
            it(c, async () => assertChangeApplied(c, await rehearseChange(c)));
        }
    });

    it("move-domain: only the network changes; g-etl's association is replaced, no attachment, accepter or route is", async () => {
        const r = await rehearseChange("review2-move-domain");
        passed(r);
        assert.equal(did(r, "replaced", T.tgwRouteTableAssociation, /^routing-g-etl-assoc$/).length, 1);
        const structural = changeSteps(r).flatMap((s) => [...s.deletes, ...s.replaced].map((x) => `${s.stack}: ${name(x.urn)}`));
        assert.deepEqual(structural, [`${ENV}-network: routing-g-etl-assoc`]);
    });

    it("rename-spoke: b-front routes only after the network accepted its attachment; b-web's propagations of the same CIDR go before b-front's are made (AWS does not propagate an overlapping VPC CIDR)", async () => {
        const r = await rehearseChange("review2-rename-spoke");
        passed(r);
        const accepted = did(r, "created", T.tgwVpcAttachmentAccepter, /^routing-b-front-accepter$/);
        const routes = did(r, "created", T.route, /^b-front-.*tgw/);
        assert.ok(accepted.length === 1 && routes.length > 0);
        assert.ok(Math.min(...waves(routes)) > accepted[0].step.wave, "routes after acceptance");
        const oldProp = did(r, "deletes", T.tgwRouteTablePropagation, /^routing-b-web-to-/);
        const newProp = did(r, "created", T.tgwRouteTablePropagation, /^routing-b-front-to-/);
        assert.ok(oldProp.length > 0 && newProp.length > 0);
        // Within one pulumi up, creates run before deletes: the same step does not count as "before".
        assert.ok(
            Math.max(...waves(oldProp)) < Math.min(...waves(newProp)),
            `b-web's propagations deleted in wave ${waves(oldProp)}, b-front's created in wave ${waves(newProp)} (same CIDR 10.61.0.0/16 propagated twice at once)`,
        );
    });

    it("swap-cidrs: both VPCs replaced and accepted again, every consumer zone association authorized first", async () => {
        const r = await rehearseChange("review2-swap-cidrs");
        passed(r);
        assert.deepEqual(did(r, "replaced", T.vpc, /./).map((h) => name(h.urn)).sort(), ["b-api-vpc", "b-web-vpc"]);
        for (const s of ["g-etl", "l-try"]) assert.deepEqual([...did(r, "deletes", undefined, /./, new RegExp(`${s}$`)), ...did(r, "replaced", undefined, /./, new RegExp(`${s}$`))], []);
    });

    it("remove-last-of-domain: l-try detached, destroyed; the lab route table goes with no association left; blue and green keep everything but their blackholes to l-try", async () => {
        const r = await rehearseChange("review2-remove-last-of-domain");
        passed(r);
        const rt = did(r, "deletes", T.tgwRouteTable, /lab/);
        assert.equal(rt.length, 1);
        const gone = changeSteps(r).filter((s) => s.stack === `${ENV}-network`).flatMap((s) => s.deletes.map((d) => name(d.urn)));
        for (const g of gone) assert.match(g, /l-try|lab|10\.65\.0\.0-16/, g);
    });

    it("organization-on: the sandbox joins an organization with creates and in-place updates only; RAM sharing before the RAM shares", async () => {
        const r = await rehearseChange("review2-organization-on");
        passed(r);
        assert.deepEqual(changeSteps(r).flatMap((s) => [...s.deletes, ...s.replaced].map((x) => name(x.urn))), []);
        const sharing = did(r, "created", T.ramSharingWithOrganization, /./);
        const shares = did(r, "created", T.ramResourceShare, /./);
        assert.ok(sharing.length === 1 && shares.length > 0);
        assert.ok(Math.min(...waves(shares)) > sharing[0].step.wave);
        assert.equal(did(r, "updated", T.bucketPolicy, /./).length, 1, "bucket policy updated in place");
    });

    it("remove-consumer-and-owner: network detaches both, b-web (consumer) destroyed before b-api (owner of pricing); g-db loses only b-api's accepters and authorization", async () => {
        const r = await rehearseChange("review2-remove-consumer-and-owner");
        passed(r);
        const [web] = stepOf(r, "b-web", "destroy");
        const [api] = stepOf(r, "b-api", "destroy");
        assert.ok(web && api && web.wave < api.wave, "consumer before owner");
        const detach = did(r, "deletes", T.tgwRouteTableAssociation, /^routing-b-(web|api)-assoc$/, /network$/);
        assert.ok(detach.length === 2 && Math.max(...waves(detach)) < web.wave);
        for (const h of did(r, "deletes", undefined, /./, /g-db$/)) assert.match(name(h.urn), /b-api/, h.urn);
        for (const s of ["g-etl", "l-try"]) assert.deepEqual(did(r, "deletes", undefined, /./, new RegExp(`${s}$`)), []);
    });

    for (const c of ["review2-central-to-dist-add", "review2-dist-to-central-add"]) {
        it(`${c.slice(8)}: endpoint mode changed in the Profile DNS mode with a spoke added; no VPC or attachment replaced`, async () => {
            const r = await rehearseChange(c);
            passed(r);
            assert.deepEqual([...did(r, "replaced", T.vpc, /./), ...did(r, "replaced", T.tgwVpcAttachment, /./)], []);
        });
    }

    it("profile-to-zones-remove: DNS sharing moves to hosted zones while l-try is removed in the same change", async () => {
        const r = await rehearseChange("review2-profile-to-zones-remove");
        passed(r);
        const [ltry] = stepOf(r, "l-try", "destroy");
        const profile = did(r, "deletes", T.profile, /./);
        assert.ok(ltry && profile.length === 1 && profile[0].step.wave > ltry.wave, "Profile deleted once no VPC is associated");
    });

    it("remove-bucket-account: the vault account unit is destroyed, its bucket policy not deleted, nothing else deleted", async () => {
        const r = await rehearseChange("review2-remove-bucket-account");
        passed(r);
        assert.deepEqual(did(r, "deletes", T.bucketPolicy, /./), []);
        const others = changeSteps(r).filter((s) => s.stack !== `${ENV}-account-vault`).flatMap((s) => [...s.deletes, ...s.replaced]);
        assert.deepEqual(others, []);
    });

    it("add-then-destroy: g-two joins as a consumer of ledger, then everything is torn down, g-two before g-db", async () => {
        const { from, to } = changeFiles("review2-add-then-destroy");
        const r = await rehearsal({ definitionFile: to, fromFile: from, destroy: true });
        passed(r);
        assert.equal(r.final.resources, 0);
        const d = (s: string) => r.steps.find((x) => x.stage === "destroy" && x.stack === `${ENV}-${s}` && x.operation === "destroy")!;
        assert.ok(d("g-two").wave < d("g-db").wave);
        assert.ok(did(r, "created", T.vpcEndpointConnectionAccepter, /g-two/, /g-db$/).length > 0);
    });

    it("fresh deploy and destroy with failover: detach first, consumers before owners, spokes before the network, org then security; RAM sharing kept", async () => {
        const r = await rehearsal({ definitionFile: orgFile, destroy: true });
        passed(r);
        assert.equal(r.final.resources, 0);
        const d = (s: string) => r.steps.find((x) => x.stage === "destroy" && x.stack === `${ENV}-${s}` && x.operation === "destroy")!.wave;
        assert.ok(d("b-web") < d("b-api"));
        assert.ok(d("b-api") < d("g-db") && d("g-etl") < d("g-db"));
        for (const s of ["b-web", "b-api", "g-etl", "g-db", "l-try"]) assert.ok(d(s) < d("network"), s);
        assert.ok(d("network") < d("org") && d("org") < d("security"));
        const retained = r.steps.flatMap((s) => s.retained.map((x) => x.type));
        assert.ok(retained.includes(T.ramSharingWithOrganization));
        assert.deepEqual(r.steps.flatMap((s) => s.deletes).filter((x) => x.type === T.ramSharingWithOrganization), []);
    });

    it("move-owner-account: g-db (owner of ledger with failover, only unit of account data) moves to app2 keeping its CIDR; consumers release the old service first, the bucket keeps its policy", async () => {
        const r = await rehearseChange("review2-move-owner-account");
        passed(r);
        const [gone] = stepOf(r, "g-db", "destroy");
        const released = did(r, "deletes", T.vpcEndpoint, /^ledger-(b-api|g-etl)-/);
        assert.ok(gone && released.length > 0 && Math.max(...waves(released)) < gone.wave, "consumers drop their endpoints to the old service before its stack goes");
        for (const s of ["b-web", "l-try"]) assert.deepEqual([...did(r, "deletes", undefined, /./, new RegExp(`${s}$`)), ...did(r, "replaced", undefined, /./, new RegExp(`${s}$`))], []);
    });

    it("lost outputs of a consumer (resources intact, a failed update lost them): its service's owner does not reject its live connections", async () => {
        let world: { backend: Parameters<typeof destroyStack>[0]["backend"] } | undefined;
        let cleared = false;
        const r = await rehearsal({
            definitionFile: orgFile,
            fromFile: orgFile,
            afterStep: (_step, w) => {
                world = w;
            },
            wavesFor: (stage, computed) => {
                if (stage === "change" && world && !cleared) {
                    world.backend.get(`${ENV}-g-etl`).outputs = {};
                    cleared = true;
                }
                return computed;
            },
        });
        assert.ok(cleared);
        assert.deepEqual(did(r, "deletes", T.vpcEndpointConnectionAccepter, /g-etl/, /g-db$/).map((h) => name(h.urn)), [], "g-db rejected g-etl's live connections");
    });

    it("lost outputs: a spoke's stack destroyed by hand before the network's next run: the network stops naming it and deletes nothing of it", async () => {
        const file = orgFile;
        const definition = loadDefinitionFile(file).definition!;
        const loader = createDefinitionCache();
        let emptied = false;
        let world: { backend: Parameters<typeof destroyStack>[0]["backend"]; cloud: Parameters<typeof destroyStack>[0]["cloud"] } | undefined;
        const r = await rehearsal({
            definitionFile: file,
            fromFile: file,
            afterStep: (_step, w) => {
                world = w;
            },
            // Once the earlier deploy converged, before the change's first wave: g-etl's stack is
            // destroyed by hand (pulumi destroy --stack review2-org-g-etl), outside the waves.
            wavesFor: (stage, computed) => {
                if (stage === "change" && world && !emptied) {
                    destroyStack({ definitionFile: file, definition, loadDefinition: loader, cloud: world.cloud, backend: world.backend, stack: `${ENV}-g-etl`, unit: "g-etl" });
                    emptied = true;
                }
                return computed;
            },
        });
        assert.ok(emptied, "the hook ran");
        const net = changeSteps(r).find((s) => s.stack === `${ENV}-network`)!;
        assert.equal(net.outcome, "failed", explain(r));
        assert.match(net.message!, /review2-org-g-etl/);
        assert.deepEqual(net.deletes, []);
    });
});
