/**
 * The deploy guard: which planned deletes refuse a step. Every expectation comes from
 * aws/lifecycle.ts (`protective`, `deleteEffects`), so a type added there is guarded here.
 */
import { strict as assert } from "assert";
import { before as before_ } from "mocha";
import { T, deleteEffects, protective, singletons } from "../../aws/lifecycle";
import { EngineEventLike, GuardContext, PlannedChange, changeCounts, guardContext, plannedChanges, protectiveDeletes, victimOf } from "../../tools/deploy/guard";
import { loadDefinitionFile } from "../../program/load";
import { sharedPlan } from "../support/plans";
import * as path from "path";
import { changeFiles, rehearseChange } from "../rehearse/support/changes";
import { consumerEndpoints } from "../../program/privatelink-shared";

/** A context with these live spokes and no endpoint services. */
const live = (...spokes: string[]): GuardContext => ({ liveSpokes: new Set(spokes), consumers: new Map(), pairs: [] });

const urn = (type: string, name: string) => `urn:pulumi:prod-network::landing-zone::${type}::${name}`;

function event(op: string, type: string, name: string, old: { retainOnDelete?: boolean; tags?: Record<string, string> } = {}): EngineEventLike {
    return {
        resourcePreEvent: {
            metadata: { op, urn: urn(type, name), type, old: op === "create" ? null : { retainOnDelete: old.retainOnDelete, inputs: { tags: old.tags ?? {} }, outputs: {} } },
        },
    };
}

describe("deploy guard: planned deletes the lifecycle model forbids", () => {
    it("reads the planned operations from engine events, once per resource and operation", () => {
        const events = [
            event("same", T.vpc, "hub"),
            event("create", T.subnet, "a"),
            event("update", T.vpc, "spoke"),
            event("replace", T.route, "r"),
            event("create-replacement", T.route, "r"),
            event("delete-replaced", T.route, "r"),
            event("delete", T.subnet, "old"),
            event("delete", T.subnet, "old"),
            { summaryEvent: { resourceChanges: { create: 1 } } },
        ];
        const changes = plannedChanges(events);
        assert.deepEqual(changes.map((c) => `${c.op} ${c.urn.split("::").pop()}`), ["create a", "update spoke", "replace r", "create-replacement r", "delete-replaced r", "delete old"]);
        assert.deepEqual(changeCounts(changes), { creates: 1, updates: 1, replaces: 1, deletes: 1 });
    });

    for (const entry of protective) {
        describe(`${entry.type} (${entry.rule})`, () => {
            for (const op of ["delete", "replace", "delete-replaced"]) {
                it(`a ${op} that deletes it is refused, naming the resource and the rule`, () => {
                    const refusals = protectiveDeletes("prod-network", plannedChanges([event(op, entry.type, "it")]), live("payments"));
                    assert.equal(refusals.length, 1);
                    assert.equal(refusals[0].rule, entry.rule);
                    assert.ok(refusals[0].message.includes(urn(entry.type, "it")) && refusals[0].message.includes(`[${entry.rule}]`), refusals[0].message);
                    const source = deleteEffects.find((d) => d.id === entry.rule)?.source;
                    if (source) assert.ok(refusals[0].message.includes(source));
                });
            }
            it("a delete that only forgets it (retainOnDelete) is allowed", () => {
                assert.deepEqual(protectiveDeletes("prod-network", plannedChanges([event("delete", entry.type, "it", { retainOnDelete: true })]), live()), []);
            });
            it("creating or updating it is not a delete", () => {
                assert.deepEqual(protectiveDeletes("prod-network", plannedChanges([event("create", entry.type, "a"), event("update", entry.type, "b"), event("create-replacement", entry.type, "c")]), live()), []);
            });
        });
    }

    it("an accepter of a spoke that is no longer live may go (the change removes the spoke, or its stack is destroyed); of a live spoke, not", () => {
        for (const type of [T.tgwVpcAttachmentAccepter, T.vpcEndpointConnectionAccepter]) {
            const changes = plannedChanges([
                event("delete", type, "prod-routing-payments-accepter", { tags: { "landing-zone:spoke": "payments" } }),
                event("delete", type, "prod-routing-orders-accepter", { tags: { "landing-zone:spoke": "orders" } }),
            ]);
            const refusals = protectiveDeletes("prod-network", changes, live("orders"));
            assert.deepEqual(refusals.map((r) => r.urn), [urn(type, "prod-routing-orders-accepter")]);
            assert.match(refusals[0].message, /spoke orders is still live/);
        }
    });

    describe("endpoint connection accepters, by the names the program gives them", function () {
        this.timeout(120000);
        // A spoke (shop-web) that consumes services of two others, one with a failover Region:
        // the change that removes it deletes its connection accepters in both owners' stacks.
        const changes = path.resolve(__dirname, "..", "rehearse", "fixtures", "changes", "remove-spoke");
        const before = loadDefinitionFile(path.join(changes, "from", "lz-profile.yaml")).definition!;
        const after = loadDefinitionFile(path.join(changes, "lz-profile.yaml")).definition!;
        let accepters: { urn: string; type: string }[] = [];
        before_(async () => {
            const plan = await sharedPlan({ definitionFile: path.join(changes, "from", "lz-profile.yaml"), unit: "all" });
            accepters = plan.resources.filter((r) => r.type === T.vpcEndpointConnectionAccepter);
        });
        const removed = before.spokes.map((s) => s.name).find((n) => !after.spokes.some((s) => s.name === n))!;
        const deletes = () => plannedChanges(accepters.map((a) => ({ resourcePreEvent: { metadata: { op: "delete", urn: a.urn, type: a.type, old: { inputs: {}, outputs: {} } } } })));

        it("every accepter the program makes is told apart: its service, and a consumer of it", () => {
            assert.ok(accepters.length >= 3, `${accepters.length} accepters`);
            const context = guardContext(before, undefined, new Set());
            for (const c of deletes()) {
                const victim = victimOf(c, context);
                assert.ok(victim?.service, `whose is ${c.urn}?`);
                assert.ok(before.endpointServices.find((s) => s.name === victim!.service)!.consumers.includes(victim!.spoke), `${c.urn}: ${JSON.stringify(victim)}`);
            }
            assert.ok(deletes().some((c) => victimOf(c, context)!.spoke === removed), `some accepter accepts ${removed}'s connection`);
        });

        it("removing the consumer lets its accepters go and keeps every other consumer's", () => {
            const liveAfter = new Set(after.spokes.map((s) => s.name));
            const refusals = protectiveDeletes("lz-profile-billing", deletes(), guardContext(after, before, liveAfter));
            const context = guardContext(before, undefined, new Set());
            const others = deletes().filter((c) => victimOf(c, context)!.spoke !== removed);
            assert.deepEqual(refusals.map((r) => r.urn).sort(), others.map((c) => c.urn).sort());
            assert.ok(refusals.every((r) => r.rule === "connection-accepter-delete-rejects-connection"));
        });

        it("while the consumer is live and still consumes the service, deleting its accepter is refused", () => {
            const refusals = protectiveDeletes("lz-profile-billing", deletes(), guardContext(before, undefined, new Set(before.spokes.map((s) => s.name))));
            assert.equal(refusals.length, accepters.length);
        });
    });

    it("an accepter that names no spoke is refused: nothing says whose attachment it is", () => {
        assert.equal(protectiveDeletes("prod-network", plannedChanges([event("delete", T.tgwVpcAttachmentAccepter, "x")]), live()).length, 1);
    });

    it("RAM sharing with the organization is never let go by a spoke's absence", () => {
        const changes = plannedChanges([event("delete", T.ramSharingWithOrganization, "s", { tags: { "landing-zone:spoke": "gone" } })]);
        assert.equal(protectiveDeletes("prod-org", changes, live()).length, 1);
    });

    it("deletes of other types pass", () => {
        const others = [T.vpc, T.subnet, T.tgwVpcAttachment, T.profileAssociation, T.vpcEndpoint].filter((t) => !protective.some((p) => p.type === t));
        assert.deepEqual(protectiveDeletes("prod-x", plannedChanges(others.map((t) => event("delete", t, "x"))), live()), []);
    });
    describe("a protected bucket's one policy (aws/lifecycle.ts singletons)", () => {
        const policyEvent = (op: string, bucket: string, retainOnDelete?: boolean): EngineEventLike => ({
            resourcePreEvent: { metadata: { op, urn: urn(T.bucketPolicy, `${bucket}-perimeter-policy`), type: T.bucketPolicy, old: { retainOnDelete, inputs: { bucket, policy: "{}" }, outputs: {} } } },
        });
        const prod = loadDefinitionFile(path.join(__dirname, "..", "..", "stacks", "prod.yaml")).definition!;
        const context = guardContext(prod, undefined, new Set());
        const rule = singletons.find((s) => s.type === T.bucketPolicy)!;
        const protectedBucket = prod.perimeter.protectedBuckets[0].name;

        for (const op of ["delete", "replace", "delete-replaced"]) {
            it(`a ${op} of the policy of a bucket the definition protects is refused, naming the bucket and the rule`, () => {
                const refusals = protectiveDeletes("prod-payments-prod", plannedChanges([policyEvent(op, protectedBucket)]), context);
                assert.equal(refusals.length, 1);
                assert.equal(refusals[0].rule, rule.id);
                assert.match(refusals[0].message, new RegExp(`protected bucket ${protectedBucket}`));
                assert.match(refusals[0].message, /DeleteBucketPolicy/);
            });
        }
        it("forgetting it (retainOnDelete), or the policy of a bucket the definition no longer protects, passes", () => {
            assert.deepEqual(protectiveDeletes("prod-payments-prod", plannedChanges([policyEvent("delete", protectedBucket, true)]), context), []);
            assert.deepEqual(protectiveDeletes("prod-log-archive", plannedChanges([policyEvent("delete", "some-other-bucket")]), context), []);
        });
    });

    describe("an owner spoke moving Region (held-out change move-owner-region)", function () {
        this.timeout(300_000);
        // one-a, owner of alpha and beta (failover to us-east-1), moves from the home Region to
        // the second hub Region: its old stack is destroyed, and its consumers' runs before that
        // have dropped their endpoints to its services (program/privatelink-consumer.ts providerView).
        const { from, to } = changeFiles("move-owner-region");
        const earlier = loadDefinitionFile(from).definition!;
        const moved = loadDefinitionFile(to).definition!;
        const stack = `${moved.environment}-one-a`;
        const allLive = new Set(moved.spokes.map((s) => s.name));
        let deletes: ReturnType<typeof plannedChanges> = [];
        before_(async () => {
            // The accepters the owner's old stack deletes, as the program names them (the rehearsal of the change).
            const result = await rehearseChange("move-owner-region");
            const destroy = result.steps.find((s) => s.stage === "change" && s.stack === stack && s.operation === "destroy")!;
            deletes = plannedChanges(
                destroy.deletes.filter((d) => d.type === T.vpcEndpointConnectionAccepter).map((d) => ({ resourcePreEvent: { metadata: { op: "delete", urn: d.urn, type: d.type, old: { inputs: {}, outputs: {} } } } })),
            );
        });

        it("the owner's services are those of a moved owner, as for a move of account", () => {
            const context = guardContext(moved, earlier, allLive);
            assert.deepEqual([...(context.movedOwnerServices?.get(stack) ?? [])].sort(), earlier.endpointServices.filter((s) => s.spoke === "one-a").map((s) => s.name).sort());
            assert.equal(context.movedOwnerServices?.size, 1);
        });

        it("its old stack may delete the accepters of its live consumers' connections (they dropped their endpoints the run before)", () => {
            assert.ok(deletes.length >= 4, `${deletes.length} accepters`);
            const context = guardContext(moved, earlier, allLive);
            for (const c of deletes) assert.ok(victimOf(c, context)?.service, `whose is ${c.urn}?`);
            assert.deepEqual(protectiveDeletes(stack, deletes, context), []);
        });

        it("without the move (the same definition deployed again), deleting them is refused", () => {
            const refusals = protectiveDeletes(stack, deletes, guardContext(earlier, earlier, allLive));
            assert.equal(refusals.length, deletes.length);
            assert.ok(refusals.every((r) => r.rule === "connection-accepter-delete-rejects-connection"));
        });

        it("only its delete: replacing them, or another stack deleting them, is refused", () => {
            const context = guardContext(moved, earlier, allLive);
            const replaced = deletes.map((c) => ({ ...c, op: "replace" }));
            assert.equal(protectiveDeletes(stack, replaced, context).length, deletes.length);
            assert.equal(protectiveDeletes(`${moved.environment}-two-a`, deletes, context).length, deletes.length);
        });
    });

    describe("a consumer spoke moving Region (review fixture rr-move-owner-mutual: one-a moves and consumes epsilon of two-a)", () => {
        const dir = path.join(__dirname, "..", "rehearse", "fixtures", "review-owner-region", "rr-move-owner-mutual");
        const earlier = loadDefinitionFile(path.join(dir, "from", "rr.yaml")).definition!;
        const moved = loadDefinitionFile(path.join(dir, "rr.yaml")).definition!;
        const owner = `${moved.environment}-two-a`;
        const allLive = new Set(moved.spokes.map((s) => s.name));
        const epsilon = (d: typeof moved) => d.endpointServices.find((s) => s.name === "epsilon")!;
        const accepter = (label: string, op = "delete"): EngineEventLike => ({
            resourcePreEvent: {
                metadata: {
                    op,
                    urn: `urn:pulumi:${owner}::landing-zone::landing-zone:privatelink:EndpointConnectionAcceptance$${T.vpcEndpointConnectionAccepter}::epsilon-accept-${label}`,
                    type: T.vpcEndpointConnectionAccepter,
                    old: { inputs: {}, outputs: {} },
                },
            },
        });
        // The label of one-a's endpoint before the move, and after it (another: it connects from its new Region).
        const oldLabel = consumerEndpoints(earlier, epsilon(earlier), "one-a")[0].label;
        const newLabel = consumerEndpoints(moved, epsilon(moved), "one-a")[0].label;

        it("the move gives one-a's connection another label", () => assert.notEqual(oldLabel, newLabel));

        it("the owner may delete the accepter of the moved consumer's old connection (it went with the consumer's old stack)", () => {
            assert.deepEqual(protectiveDeletes(owner, plannedChanges([accepter(oldLabel)]), guardContext(moved, earlier, allLive)), []);
        });

        it("still refused: its new connection's accepter, another consumer's, a replace, or the same definition deployed again", () => {
            const context = guardContext(moved, earlier, allLive);
            assert.equal(protectiveDeletes(owner, plannedChanges([accepter(newLabel)]), context).length, 1);
            assert.equal(protectiveDeletes(owner, plannedChanges([accepter("one-x")]), context).length, 1);
            assert.equal(protectiveDeletes(owner, plannedChanges([accepter(oldLabel, "replace")]), context).length, 1);
            assert.equal(protectiveDeletes(owner, plannedChanges([accepter(oldLabel)]), guardContext(earlier, earlier, allLive)).length, 1);
        });
    });
    it("an owner renamed in its account: the old stack's accepters of the consumers' connections to its service are deleted (the waves drop the endpoints first)", () => {
        const dir = path.join(__dirname, "..", "rehearse", "fixtures", "unit-all", "rv-rename-new-cidr");
        const before = loadDefinitionFile(path.join(dir, "from", "rs3.yaml")).definition!;
        const after = loadDefinitionFile(path.join(dir, "rs3.yaml")).definition!;
        const accepter = (stack: string): PlannedChange[] => [{ op: "delete", type: T.vpcEndpointConnectionAccepter, urn: `urn:pulumi:${stack}::landing-zone::${T.vpcEndpointConnectionAccepter}::alpha-accept-two-a`, tags: {}, retainOnDelete: false }];
        const live = new Set(["one-b", "two-a", "two-s"]);
        assert.deepEqual(protectiveDeletes("rs3-one-a", accepter("rs3-one-a"), guardContext(after, before, live)), []);
        // The new owner's stack deleting it would cut a live connection: still refused.
        assert.equal(protectiveDeletes("rs3-one-b", accepter("rs3-one-b"), guardContext(after, before, live)).length, 1);
    });
});
