/**
 * The second review's expectations (test/rehearse/fixtures/review2-expectations.md), case by
 * case, on what the rehearsal's steps did: the changes to routing and DNS of environment
 * review2-org (a spoke moved to another domain, renamed, CIDRs swapped, the last spoke of a
 * domain removed, a consumer and its owner removed, endpoint and DNS modes changed). Each
 * expectation was written from AWS's API references and the provider's resource code before
 * the rehearsal ran. The generic checks every held-out change gets (exit 0, converged, only
 * removed units destroyed: assertChangeApplied) run here too, on the same rehearsal, for
 * every `review2-` change that review2-lifecycle.test.ts does not check (a change dropped
 * into test/rehearse/fixtures/changes/ lands here).
 */
import { strict as assert } from "assert";
import { T } from "../../aws/lifecycle";
import { RehearsalResult, StepRecord } from "../../tools/rehearse/model";
import { REVIEW2_LIFECYCLE_CHANGES, assertChangeApplied, changeCases, rehearseChange } from "./support/changes";
import { changeSteps, did, name, passed, waves } from "./support/steps";

const ENV = "review2-org";

const stepOf = (r: RehearsalResult, stack: string, operation: "up" | "destroy", stage = "change"): StepRecord[] =>
    changeSteps(r, stage).filter((s) => s.stack === `${ENV}-${stack}` && s.operation === operation);

describe("review 2 expectations (test/rehearse/fixtures/review2-expectations.md): routing and DNS", function () {
    this.timeout(600000);

    describe("every review 2 change of this file passes, converges, touches nothing it did not change, destroys exactly the removed units", () => {
        for (const c of changeCases().filter((c) => c.startsWith("review2-") && !REVIEW2_LIFECYCLE_CHANGES.includes(c))) {
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
});
