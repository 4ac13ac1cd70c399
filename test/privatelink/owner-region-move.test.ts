/**
 * An owner spoke of PrivateLink services moving to another Region (held-out change
 * test/rehearse/fixtures/changes/move-owner-region: one-a, owner of alpha and of beta with
 * failover to us-east-1, moves from the home Region eu-west-1 to the second hub Region
 * eu-central-1; consumers in both Regions).
 *
 * The owner's stack is destroyed and deployed again (program/change-order/spoke-moves.ts
 * spokesMovingRegion). Until it is, it publishes the services of the old Region: a consumer
 * must not build an endpoint to them — it would name a service of another Region than the one
 * the definition says (aws/lifecycle.ts endpoint-needs-service-in-its-region) — and must drop
 * the ones it has, or the old service could not be deleted
 * (endpoint-service-delete-blocked-by-connections). So each consumer drops its endpoints in the
 * one run before the owner's destroy, and builds them again in its run after the owner's stack
 * publishes the services from the new Region.
 */
import { strict as assert } from "assert";
import { before } from "mocha";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { loadDefinitionFile } from "../../program/load";
import { consumerEndpoints, publishedServiceRegion } from "../../program/privatelink-shared";
import { governedRegions } from "../../program/privatelink-governance";
import { spokesMovingRegion } from "../../program/change-order/spoke-moves";
import { changeFiles, explain, rehearseChange } from "../rehearse/support/changes";
import { sharedPlan } from "../support/plans";
import { RehearsalResult } from "../../tools/rehearse/model";
import { exitCodeOf } from "../../tools/rehearse/rehearse";

const CHANGE = "move-owner-region";
const { from, to } = changeFiles(CHANGE);
const earlierDefinition = loadDefinitionFile(from).definition!;
const after = loadDefinitionFile(to).definition!;
const env = after.environment;
const owner = "one-a";
const services = after.endpointServices.filter((s) => s.spoke === owner);
const consumers = [...new Set(services.flatMap((s) => s.consumers))];
const oldRegion = earlierDefinition.region;
const newRegion = after.spokes.find((s) => s.name === owner)!.region!;

describe("an owner spoke of PrivateLink services moving Region (per unit)", function () {
    this.timeout(300_000);

    it("the held-out change moves the owner from the home Region to the second hub Region, with consumers in both", () => {
        assert.deepEqual(spokesMovingRegion(after, earlierDefinition), [owner]);
        assert.equal(earlierDefinition.spokes.find((s) => s.name === owner)!.region, undefined);
        assert.notEqual(newRegion, oldRegion);
        const regionOf = (name: string) => after.spokes.find((s) => s.name === name)!.region ?? after.region;
        assert.deepEqual([...new Set(consumers.map(regionOf))].sort(), [oldRegion, newRegion].sort());
        assert.ok(services.some((s) => s.failover), "one of its services has failover");
    });

    describe("the Region the owner's stack publishes a service from (publishedServiceRegion)", () => {
        it("is its `region` entry", () => {
            assert.equal(publishedServiceRegion({ serviceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0", region: "eu-central-1" }), "eu-central-1");
        });
        it("in outputs of runs before that entry: the Region in the service name (com.amazonaws.vpce.<region>.vpce-svc-<id>, cn.com.… in China)", () => {
            assert.equal(publishedServiceRegion({ serviceName: "com.amazonaws.vpce.eu-central-1.vpce-svc-0123456789abcdef0" }), "eu-central-1");
            assert.equal(publishedServiceRegion({ serviceName: "com.amazonaws.vpce.us-gov-west-1.vpce-svc-0123456789abcdef0" }), "us-gov-west-1");
            assert.equal(publishedServiceRegion({ serviceName: "cn.com.amazonaws.vpce.cn-north-1.vpce-svc-0123456789abcdef0" }), "cn-north-1");
        });
        it("nothing without a published service, or for a name of no such form (the Region then decides nothing)", () => {
            assert.equal(publishedServiceRegion({ serviceName: "unexpected" }), undefined);
            assert.equal(publishedServiceRegion(undefined), undefined);
            assert.equal(publishedServiceRegion({}), undefined);
        });
    });

    describe("a consumer's stack, planned against the owner's outputs", () => {
        const id = "vpce-svc-0a1b2c3d4e5f60001";
        const ownerAccountId = after.accounts[after.spokes.find((s) => s.name === owner)!.account];
        // The owner's outputs as a run before `region` was published wrote them: the services and the account, nothing else.
        const olderOutputs = (region: string) => ({
            accountId: ownerAccountId,
            endpointServices: Object.fromEntries(
                services.map((s) => [
                    s.name,
                    {
                        serviceName: `com.amazonaws.vpce.${region}.${id}`,
                        serviceId: id,
                        allowedAccounts: Object.values(after.accounts),
                        acceptedConnections: {},
                        ...(s.failover
                            ? { failover: { region: s.failover.region, serviceName: `com.amazonaws.vpce.${s.failover.region}.${id}`, zoneId: "Z0123456789ABCDEFGHIJ", authorizedVpcs: [] } }
                            : {}),
                    },
                ]),
            ),
        });
        const endpointsOf = (resources: { type: string; urn: string }[]) => resources.filter((r) => r.type === T.vpcEndpoint && services.some((s) => r.urn.split("::").pop()!.startsWith(`${s.name}-`)));

        for (const consumer of consumers) {
            it(`${consumer}: while the owner's stack (older outputs) still has the services in ${oldRegion}, no endpoint to them, and it says why`, async () => {
                const plan = await sharedPlan({ definitionFile: to, unit: consumer, stackOutputs: { [owner]: olderOutputs(oldRegion) } });
                assert.deepEqual(endpointsOf(plan.resources).map((r) => r.urn), []);
                for (const s of services) {
                    assert.ok(
                        plan.messages?.some((m) => m.message.includes(`still publishes ${s.name} from ${oldRegion}, not ${newRegion}`)),
                        `${s.name}: ${JSON.stringify(plan.messages?.map((m) => m.message))}`,
                    );
                }
            });
            it(`${consumer}: once it publishes them from ${newRegion} (older outputs: no region entry), every endpoint the definition gives it`, async () => {
                const plan = await sharedPlan({ definitionFile: to, unit: consumer, stackOutputs: { [owner]: olderOutputs(newRegion) } });
                const expected = services.flatMap((s) => consumerEndpoints(after, s, consumer).map((e) => `${s.name}-${e.label}`));
                const names = endpointsOf(plan.resources).map((r) => r.urn.split("::").pop()!);
                for (const e of expected) assert.ok(names.some((n) => n.startsWith(`${e}-`)), `${e} among ${names.join(", ")}`);
            });
        }

        // A service reaches an endpoint of another Region only when it lists that Region among its
        // supported ones (aws/lifecycle.ts endpoint-needs-service-in-its-region): a consumer in
        // another Region waits while the owner's outputs do not list its Region yet.
        const remoteConsumer = consumers.find((c) => (after.spokes.find((s) => s.name === c)!.region ?? after.region) !== newRegion)!;
        const withSupported = (regions: string[]) => {
            const out = olderOutputs(newRegion);
            return { ...out, endpointServices: Object.fromEntries(Object.entries(out.endpointServices).map(([k, v]) => [k, { ...v, region: newRegion, supportedRegions: regions }])) };
        };
        it(`${remoteConsumer} (another Region than the services): no endpoint while the owner's outputs do not list its Region as supported, and it says why`, async () => {
            const plan = await sharedPlan({ definitionFile: to, unit: remoteConsumer, stackOutputs: { [owner]: withSupported([newRegion]) } });
            assert.deepEqual(endpointsOf(plan.resources).map((r) => r.urn), []);
            for (const s of services.filter((x) => x.consumers.includes(remoteConsumer))) {
                assert.ok(plan.messages?.some((m) => m.message.includes(`endpoint service ${s.name} (${newRegion}) does not support ${oldRegion} yet`)), `${s.name}: ${JSON.stringify(plan.messages?.map((m) => m.message))}`);
            }
        });
        it(`${remoteConsumer}: its endpoints once the owner's outputs list its Region`, async () => {
            const plan = await sharedPlan({ definitionFile: to, unit: remoteConsumer, stackOutputs: { [owner]: withSupported([newRegion, oldRegion]) } });
            const expected = services.flatMap((s) => (s.consumers.includes(remoteConsumer) ? consumerEndpoints(after, s, remoteConsumer).map((e) => `${s.name}-${e.label}`) : []));
            const names = endpointsOf(plan.resources).map((r) => r.urn.split("::").pop()!);
            assert.ok(expected.length > 0);
            for (const e of expected) assert.ok(names.some((n) => n.startsWith(`${e}-`)), `${e} among ${names.join(", ")}`);
        });

        it("an owner that never moved, whose older outputs carry no region, keeps its consumers' endpoints", async () => {
            const plan = await sharedPlan({ definitionFile: from, unit: "two-a", stackOutputs: { [owner]: olderOutputs(oldRegion) } });
            const expected = services.flatMap((s) => consumerEndpoints(earlierDefinition, s, "two-a").map((e) => `${s.name}-${e.label}`));
            const names = endpointsOf(plan.resources).map((r) => r.urn.split("::").pop()!);
            assert.equal(names.length, expected.length, names.join(", "));
        });
    });

    it("the moved owner, its account's first unit, puts its governance forwarder's resources in each governed Region once, though its provider is the new Region's", async () => {
        const plan = await sharedPlan({ definitionFile: to, unit: owner });
        const functions = plan.resources.filter((r) => r.type === T.lambdaFunction && r.parent?.includes("GovernanceForwarder"));
        const regions = functions.map((f) => (typeof f.inputs.region === "string" ? f.inputs.region : newRegion)).sort();
        assert.deepEqual(regions, [...governedRegions(after)].sort());
    });

    // The held-out change (home Region -> second hub Region). The way back rehearses the same
    // (npm run rehearse -- --definition <from> --from <to>); changes.test.ts checks the other
    // held-out change of an owner moving Region (move-owner-region-failover-spoke: its failover
    // Region's service served by a spoke of the definition) by the generic checks.
    for (const [direction, defFrom, defTo] of [[`${oldRegion} -> ${newRegion}`, earlierDefinition, after]] as const) describe(`rehearsed per unit, ${direction} (npm run rehearse -- --definition <to> --from <from>)`, () => {
        let result: RehearsalResult;
        before(async () => {
            result = await rehearseChange(CHANGE);
        });
        const change = () => result.steps.filter((s) => s.stage === "change");
        const isServiceEndpoint = (r: { urn: string; type: string }) => r.type === T.vpcEndpoint && services.some((s) => r.urn.split("::").pop()!.startsWith(`${s.name}-`));

        it("applies and converges, with no finding", () => {
            assert.equal(exitCodeOf(result), 0, explain(result));
            assert.deepEqual(result.findings.map((f) => f.rule), []);
            assert.ok(result.converged);
        });

        for (const consumer of consumers) {
            it(`${consumer} drops its endpoints to the moving owner's services in exactly the run before the owner's destroy, and builds them again after its new stack publishes them`, () => {
                const ownerDestroy = change().find((s) => s.stack === `${env}-${owner}` && s.operation === "destroy");
                assert.ok(ownerDestroy, "the owner's old stack is destroyed");
                const ownerUp = change().find((s) => s.stack === `${env}-${owner}` && s.operation === "up" && s.wave > ownerDestroy.wave);
                assert.ok(ownerUp, "and deployed again");
                const runs = change().filter((s) => s.stack === `${env}-${consumer}`);
                const earlier = runs.filter((s) => s.wave < ownerDestroy.wave);
                assert.equal(earlier.length, 1, "one run of the consumer before the destroy");
                const dropped = earlier[0].deletes.filter(isServiceEndpoint);
                const had = services.flatMap((s) => consumerEndpoints(defFrom, s, consumer));
                assert.equal(dropped.length, had.length, `drops every endpoint it had: ${dropped.map((d) => d.urn).join(", ")}`);
                assert.deepEqual(earlier[0].created.filter(isServiceEndpoint), [], "builds none to the old services");
                const later = runs.filter((s) => s.wave > ownerUp.wave);
                const rebuilt = later.flatMap((s) => s.created.filter(isServiceEndpoint)).map((r) => r.urn.split("::").pop()!);
                const expected = services.flatMap((s) => consumerEndpoints(defTo, s, consumer).map((e) => `${s.name}-${e.label}`));
                assert.equal(rebuilt.length, expected.length, rebuilt.join(", "));
                for (const e of expected) assert.ok(rebuilt.some((n) => n.startsWith(`${e}-`)), `${e} among ${rebuilt.join(", ")}`);
                // Only the runs that close the window touch them: none between.
                for (const s of runs.filter((r) => r.wave > ownerDestroy.wave && r.wave <= ownerUp.wave)) assert.deepEqual(s.created.filter(isServiceEndpoint), []);
            });
        }

        it("the owner accepts every rebuilt connection: none waits for acceptance at the end", () => {
            assert.deepEqual(result.final.pendingAcceptance, []);
        });
    });
});
