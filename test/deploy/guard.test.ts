/**
 * The deploy guard: which planned deletes refuse a step. Every expectation comes from
 * aws/lifecycle.ts (`protective`, `deleteEffects`), so a type added there is guarded here.
 */
import { strict as assert } from "assert";
import { T, deleteEffects, protective } from "../../aws/lifecycle";
import { EngineEventLike, changeCounts, plannedChanges, protectiveDeletes } from "../../tools/deploy/guard";

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
                    const refusals = protectiveDeletes("prod-network", plannedChanges([event(op, entry.type, "it")]), new Set(["payments"]));
                    assert.equal(refusals.length, 1);
                    assert.equal(refusals[0].rule, entry.rule);
                    assert.ok(refusals[0].message.includes(urn(entry.type, "it")) && refusals[0].message.includes(`[${entry.rule}]`), refusals[0].message);
                    const source = deleteEffects.find((d) => d.id === entry.rule)?.source;
                    if (source) assert.ok(refusals[0].message.includes(source));
                });
            }
            it("a delete that only forgets it (retainOnDelete) is allowed", () => {
                assert.deepEqual(protectiveDeletes("prod-network", plannedChanges([event("delete", entry.type, "it", { retainOnDelete: true })]), new Set()), []);
            });
            it("creating or updating it is not a delete", () => {
                assert.deepEqual(protectiveDeletes("prod-network", plannedChanges([event("create", entry.type, "a"), event("update", entry.type, "b"), event("create-replacement", entry.type, "c")]), new Set()), []);
            });
        });
    }

    it("an accepter of a spoke that is no longer live may go (the change removes the spoke, or its stack is destroyed); of a live spoke, not", () => {
        for (const type of [T.tgwVpcAttachmentAccepter, T.vpcEndpointConnectionAccepter]) {
            const changes = plannedChanges([
                event("delete", type, "prod-routing-payments-accepter", { tags: { "landing-zone:spoke": "payments" } }),
                event("delete", type, "prod-routing-orders-accepter", { tags: { "landing-zone:spoke": "orders" } }),
            ]);
            const refusals = protectiveDeletes("prod-network", changes, new Set(["orders"]));
            assert.deepEqual(refusals.map((r) => r.urn), [urn(type, "prod-routing-orders-accepter")]);
            assert.match(refusals[0].message, /spoke orders is still live/);
        }
    });

    it("an accepter that names no spoke is refused: nothing says whose attachment it is", () => {
        assert.equal(protectiveDeletes("prod-network", plannedChanges([event("delete", T.tgwVpcAttachmentAccepter, "x")]), new Set()).length, 1);
    });

    it("RAM sharing with the organization is never let go by a spoke's absence", () => {
        const changes = plannedChanges([event("delete", T.ramSharingWithOrganization, "s", { tags: { "landing-zone:spoke": "gone" } })]);
        assert.equal(protectiveDeletes("prod-org", changes, new Set()).length, 1);
    });

    it("deletes of other types pass", () => {
        const others = [T.vpc, T.subnet, T.tgwVpcAttachment, T.profileAssociation, T.vpcEndpoint].filter((t) => !protective.some((p) => p.type === t));
        assert.deepEqual(protectiveDeletes("prod-x", plannedChanges(others.map((t) => event("delete", t, "x"))), new Set()), []);
    });
});
