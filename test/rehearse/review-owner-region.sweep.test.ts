/**
 * Independent review: an owner spoke of PrivateLink endpoint services moving Region
 * (test/rehearse/fixtures/review-owner-region/<case>/{rr.yaml, from/rr.yaml}; each file's header
 * says the change and what AWS requires of it). Expectations written from AWS's documentation
 * before reading the implementation:
 * - an endpoint service cannot be deleted while endpoints are connected (available or
 *   pending-acceptance): https://docs.aws.amazon.com/vpc/latest/privatelink/delete-endpoint-service.html
 * - an endpoint service lives in one Region; an interface endpoint reaches a service of another
 *   Region only when the service lists the endpoint's Region among its supported Regions
 *   (https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html);
 * - consumers use a service's private DNS name only once it is verified, per service
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_PrivateDnsNameConfiguration.html).
 *
 * A sweep test (npm run test:sweep; not in test:unit: it rehearses 8 changes, about 4 CPU-s
 * each per mode). The cases that fail today are `it.skip`, with the reason: un-skip them with
 * the fix.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { loadDefinitionFile } from "../../program/load";
import { forwarderNames } from "../../definition/governance-names";
import { RehearsalResult } from "../../tools/rehearse/model";
import { exitCodeOf, rehearse } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { explain } from "./support/changes";

const dir = path.join(__dirname, "fixtures", "review-owner-region");
const files = (c: string) => ({ definitionFile: path.join(dir, c, "rr.yaml"), fromFile: path.join(dir, c, "from", "rr.yaml") });
const run = (c: string, singleStack = false) => rehearsal({ ...files(c), destroy: true, singleStack });
const name = (urn: string) => urn.split("::").pop()!;
const isServiceEndpoint = (r: { urn: string; type: string }) => r.type === T.vpcEndpoint && /^(alpha|beta|gamma)-/.test(name(r.urn));

/** Applies, converges, then destroys to zero, with no finding. */
function passes(result: RehearsalResult): void {
    assert.equal(exitCodeOf(result), 0, explain(result));
    assert.deepEqual(result.final.pendingAcceptance, []);
}

/** Each consumer drops its endpoints in one run before the owner's destroy and builds them again after its redeploy. */
function consumersWait(result: RehearsalResult, owner: string, consumers: string[]): void {
    const change = result.steps.filter((s) => s.stage === "change");
    const destroy = change.find((s) => s.stack === `rr-${owner}` && s.operation === "destroy");
    assert.ok(destroy, "the owner's old stack is destroyed");
    const redeploy = change.find((s) => s.stack === `rr-${owner}` && s.operation === "up" && s.wave > destroy.wave);
    assert.ok(redeploy, "and deployed again");
    for (const consumer of consumers) {
        const runs = change.filter((s) => s.stack === `rr-${consumer}`);
        const before = runs.filter((s) => s.wave < destroy.wave);
        assert.ok(before.some((s) => s.deletes.some(isServiceEndpoint)), `${consumer} drops its endpoints before the destroy`);
        assert.ok(runs.filter((s) => s.wave > redeploy.wave).some((s) => s.created.some(isServiceEndpoint)), `${consumer} builds them again after the redeploy`);
    }
}

describe("review: an owner of endpoint services moving Region (held-out changes, with --destroy)", function () {
    this.timeout(600_000);

    describe("per unit", () => {
        it("rr-move-owner-two-services: only each service's consumers drop their endpoints (three-x consumes nothing and is untouched)", async () => {
            const result = await run("rr-move-owner-two-services");
            passes(result);
            consumersWait(result, "one-a", ["two-a", "two-s", "three-u"]);
            const x = result.steps.filter((s) => s.stage === "change" && s.stack === "rr-three-x");
            assert.deepEqual(x.map((s) => s.creates + s.updates + s.replaces + s.deletes.length), x.map(() => 0));
            // two-a consumes alpha only: its beta endpoint never exists.
            assert.ok(!result.steps.some((s) => s.stack === "rr-two-a" && s.created.some((r) => isServiceEndpoint(r) && name(r.urn).startsWith("beta-"))));
        });

        it("rr-move-owner-back: the owner moves back to the home Region", async () => {
            const result = await run("rr-move-owner-back");
            passes(result);
            consumersWait(result, "one-a", ["two-a", "two-s", "three-u"]);
        });

        it("rr-move-owner-zones: away from the home Region (hosted-zones DNS, centralized hub endpoints)", async () => {
            const result = await run("rr-move-owner-zones");
            passes(result);
            consumersWait(result, "one-a", ["two-a", "two-s", "three-u"]);
        });

        it("rr-move-owner-into-failover-region: refused by validation, with a message", () => {
            const loaded = loadDefinitionFile(files("rr-move-owner-into-failover-region").definitionFile);
            assert.equal(loaded.definition, undefined);
            assert.match(JSON.stringify(loaded), /failover needs a second Region/);
        });

        // The owner moves into account three, whose first unit three-u consumes beta: three-u drops
        // its endpoint to beta in a release run with the earlier definition (which keeps its
        // governance forwarder), one-a's old stack goes, one-a creates account three's forwarder,
        // then three-u's run of the change deletes its own. Same for an account-only move into that account.
        /** Rehearses `c`, recording after each change step whether a stack holds a governance forwarder in account three (three-u's or one-a's). */
        async function watchedThree(c: string): Promise<{ result: RehearsalResult; unwatched: string[] }> {
            const unwatched: string[] = [];
            const three = loadDefinitionFile(files(c).definitionFile).definition!.accounts.three;
            const rules = ["three-u", "one-a"].map((owner) => forwarderNames("rr", owner).forwardCallsRule);
            const result = await rehearse({
                ...files(c),
                destroy: true,
                afterStep: (step, { backend }) => {
                    if (step.stage !== "change") return;
                    const held = [...backend.stacks.values()].some((st) => [...st.resources.values()].some((r) => r.account === three && rules.includes(String(r.inputs.name))));
                    if (!held) unwatched.push(`${step.stack} (wave ${step.wave})`);
                },
            });
            return { result, unwatched };
        }

        it("rr-move-owner-region-and-account: Region and account at once, into a consumer's account; account three is never unwatched", async () => {
            const { result, unwatched } = await watchedThree("rr-move-owner-region-and-account");
            passes(result);
            consumersWait(result, "one-a", ["two-a", "two-s", "three-u"]);
            assert.deepEqual(unwatched, []);
        });

        it("rr-move-owner-account-into-consumer-account: account only, into the account whose first unit consumes its service; account three is never unwatched", async () => {
            const { result, unwatched } = await watchedThree("rr-move-owner-account-into-consumer-account");
            passes(result);
            consumersWait(result, "one-a", ["two-a", "two-s", "three-u"]);
            assert.deepEqual(unwatched, []);
        });

        // Two spokes crossing Regions in opposite directions: each new Region's network detaches
        // its leaving spoke with the earlier definition, so it never reads the arriving spoke's
        // outputs (its old Region's attachment) before that spoke's old stack is destroyed.
        it("rr-move-owner-and-consumer-swap: the owner and one of its consumers swap Regions", async () => {
            const result = await run("rr-move-owner-and-consumer-swap");
            passes(result);
        });

        // The removed two-s (of the owner's new Region) is detached by that Region's network in its
        // detach run (earlier definition), not its first run, which waits for the owner's destroy.
        it("rr-move-owner-remove-consumer: the move with a consumer spoke of the new Region removed", async () => {
            const result = await run("rr-move-owner-remove-consumer");
            passes(result);
        });

        // The new failover provider one-h (eu-west-1, account one) creates topic
        // rr-gamma-privatelink-connections, the name one-a's old stack holds in that account and
        // Region (sns-topic-name-unique): the waves run it only after that stack's destroy (and
        // one-a's redeploy in us-east-1 after one-f's, the old holder there).
        it("rr-move-owner-failover-swap: the owner moves into its failover Region and the failover moves to the old Region", async () => {
            const result = await run("rr-move-owner-failover-swap");
            passes(result);
        });

        // A published failover service of another Region than the definition's failover.region is
        // dropped like a moved primary (program/privatelink-consumer.ts providerView), rebuilt once published.
        it("rr-move-failover-provider-region: the failover provider spoke moves Region, failover.region with it", async () => {
            passes(await run("rr-move-failover-provider-region"));
        });
        it("rr-change-failover-region: failover.region changes to a new provider spoke's Region", async () => {
            passes(await run("rr-change-failover-region"));
        });

        // The owner's run of the change (which adds us-east-1 to alpha's supported Regions) comes
        // after two-s's old stack is destroyed and before its redeploy builds the endpoint; the
        // consumer also waits for its Region in the published supportedRegions (providerView).
        it("rr-move-consumer-region: a consumer moves Region, its owner does not", async () => {
            passes(await run("rr-move-consumer-region"));
        });

        // rr-two-a deletes epsilon-accept-one-a, the accepter of the connection of one-a's OLD
        // endpoint, once one-a's old stack (and the endpoint) is gone: the deploy guard lets it, as a
        // moved consumer's retired label (tools/deploy/guard.ts GuardContext.retiredConnections).
        it("rr-move-owner-mutual: the moving owner consumes a service of its own consumer", async () => {
            const result = await run("rr-move-owner-mutual");
            passes(result);
            consumersWait(result, "one-a", ["two-a", "two-s", "three-u", "one-x"]);
        });
    });

    describe("as one stack (--single-stack)", () => {
        // A moved spoke (Region or account) goes in the unit-all change's first run
        // (program/delete-first.ts, `landing-zone:deleteFirst`), the old service's accepters with it;
        // the second run builds it in its new place.
        for (const c of ["rr-move-owner-two-services", "rr-move-owner-back", "rr-move-owner-zones", "rr-move-owner-and-consumer-swap", "rr-move-owner-remove-consumer", "rr-move-failover-provider-region", "rr-move-consumer-region", "rr-move-owner-mutual"]) {
            it(`${c}: Pulumi replaces what changes Region; the change applies in one run`, async () => passes(await run(c, true)));
        }

        it("rr-move-owner-region-and-account: the moved spoke goes in a first run (landing-zone:deleteFirst), then comes back in its new account and Region", async () => {
            passes(await run("rr-move-owner-region-and-account", true));
        });
    });

    describe("a consumer planned against an owner stack deployed by the previous version (no `region` in endpointServices)", () => {
        for (const [c, oldRegion] of [["rr-move-owner-two-services", "eu-west-1"], ["rr-move-owner-back", "eu-central-1"]] as const) it(`${c}: drops its endpoints before the destroy, by the Region in the service name, and reconnects`, async () => {
            let stripped = 0;
            const result = await rehearse({
                ...files(c),
                afterStep: (step, { backend }) => {
                    if (step.stage !== "earlier" || step.stack !== "rr-one-a") return;
                    const state = backend.get("rr-one-a");
                    const services = state.outputs.endpointServices as Record<string, Record<string, unknown>> | undefined;
                    if (!services) return;
                    state.outputs = {
                        ...state.outputs,
                        endpointServices: Object.fromEntries(
                            Object.entries(services).map(([k, v]) => {
                                const { region, ...older } = v;
                                assert.equal(region, oldRegion);
                                assert.ok(String(older.serviceName).startsWith(`com.amazonaws.vpce.${oldRegion}.vpce-svc-`), String(older.serviceName));
                                stripped++;
                                return [k, older];
                            }),
                        ),
                    };
                },
            });
            assert.ok(stripped > 0);
            passes(result);
            consumersWait(result, "one-a", ["two-a", "two-s", "three-u"]);
        });
    });
});
