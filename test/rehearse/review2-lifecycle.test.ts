/**
 * The second review's expectations (test/rehearse/fixtures/review2-expectations.md), case by
 * case: an organization joined, accounts removed and moved, a whole life (deploy, add,
 * destroy), and stack outputs a failed update lost. The generic checks of these changes
 * (test/rehearse/support/changes.ts REVIEW2_LIFECYCLE_CHANGES) run here too, on the same
 * rehearsal; the review's changes to routing and DNS are in review2.sweep.test.ts.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { RehearsalResult, StepRecord } from "../../tools/rehearse/model";
import { REVIEW2_LIFECYCLE_CHANGES, assertChangeApplied, changeCases, rehearseChange } from "./support/changes";
import { changeSteps, did, name, passed, waves } from "./support/steps";
import { destroy as destroyStack } from "../../tools/rehearse/engine";
import { createDefinitionCache } from "../../tools/plan/definition-cache";
import { loadDefinitionFile } from "../../program/load";
import { rehearsal } from "../support/rehearsals";
import { changeFiles, explain } from "./support/changes";

const fixtures = path.join(__dirname, "fixtures");
const orgFile = path.join(fixtures, "definitions", "review2-org.yaml");
const ENV = "review2-org";

const stepOf = (r: RehearsalResult, stack: string, operation: "up" | "destroy", stage = "change"): StepRecord[] =>
    changeSteps(r, stage).filter((s) => s.stack === `${ENV}-${stack}` && s.operation === operation);

describe("review 2 expectations (test/rehearse/fixtures/review2-expectations.md): organization, accounts, a whole life, lost outputs", function () {
    this.timeout(600000);

    describe("every review 2 change of this file passes, converges, touches nothing it did not change, destroys exactly the removed units", () => {
        for (const c of changeCases().filter((c) => c.startsWith("review2-") && REVIEW2_LIFECYCLE_CHANGES.includes(c))) {
            it(c, async () => assertChangeApplied(c, await rehearseChange(c)));
        }
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
