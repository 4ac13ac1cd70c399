/**
 * The change ordering of an account's governance forwarder handed over to a new first unit
 * of the account: the new owner's set is created before the old owner's is deleted. The rest
 * of the change orderings are in program/change-order/ (index.ts lists them); the waves in
 * program/stack-graph.ts; the forwarder itself in program/privatelink-governance.ts.
 *
 * Pure: no Pulumi import.
 */
import { ownerUnitOfAccount } from "../../definition/units";
import { deploysForwarder } from "../unit-registry";
import type { Change } from "./change";

/**
 * An account whose first unit changes hands its governance forwarder over: the new owner's
 * set (its names carry the owning unit, so both can stand) is created before the old owner's
 * run of the change, or its destroy, deletes the old set — the account is never unwatched
 * between waves. `topicHandOffs`: the old -> new holder pairs of services' connection topics
 * (endpoint-services.ts orderConnectionTopicHandOffs).
 */
export function orderGovernanceForwarderHandOver(change: Change, topicHandOffs: Set<string>): void {
    const { schedule, definition, from, units, before, moved, kept } = change;
    for (const account of Object.keys(definition.accounts)) {
        const oldOwner = ownerUnitOfAccount(from, account);
        const newOwner = ownerUnitOfAccount(definition, account);
        if (!oldOwner || !newOwner || oldOwner === newOwner || !deploysForwarder(from, oldOwner) || !deploysForwarder(definition, newOwner)) continue;
        if (!before.has(oldOwner) || !units.has(newOwner) && !moved.has(newOwner)) continue;
        // The new owner also takes over a service's connection topic from the old owner in
        // this account (an owner renamed in its account): its first run creates both the
        // forwarder and the topic, and the topic must wait for the old owner's stack to
        // delete it (endpoint-services.ts: sns-topic-name-unique), or that stack's destroy deletes the topic
        // the new service notifies. The topic wins: the account has no governance forwarder
        // between the old owner's destroy (or run of the change) and the new owner's first
        // run (README "Deploy waves"), where a forwarder gap closes itself at the next wave
        // and a deleted topic stays deleted until someone notices.
        if (topicHandOffs.has(`${oldOwner}>${newOwner}`)) continue;
        schedule.edge(
            schedule.node(newOwner, "first"),
            kept(oldOwner) ? schedule.node(oldOwner, "first") : schedule.node(oldOwner, "destroy"),
            "teardown:an account's new first unit creates its governance forwarder before the old owner deletes its own",
            kept(oldOwner),
        );
    }
}
