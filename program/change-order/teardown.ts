/**
 * The change orderings of what a change deletes: the stacks of removed units are destroyed,
 * and every user of an object the change deletes lets go of it first — the network detaches
 * spokes and peerings in a detach run, a consumer drops its interface endpoints in a release
 * run, a kept unit runs the change — before the object's owner deletes it (aws/lifecycle.ts:
 * what blocks a deletion). The rest of the change orderings are in program/change-order/
 * (index.ts lists them); the waves, and the detach and release runs' config, in
 * program/stack-graph.ts.
 *
 * Pure: no Pulumi import.
 */
import { Definition } from "../../definition/schema";
import { ownerUnitOfAccount } from "../../definition/units";
import { STACK_OUTPUT, Use, deploysForwarder, spokesUseProfile, unitUses } from "../unit-registry";
import { Change, objectId } from "./change";

/** The stacks of the units the change removes (or moves) are destroyed. */
export function addRemovedStacks(change: Change): void {
    const { schedule, before, kept } = change;
    const removed = [...before].filter((u) => !kept(u));
    for (const unit of removed) schedule.node(unit, "destroy");
}

/**
 * Each use of an object the change deletes is released before the object goes: by its user's
 * destroy, its run of the change, or a detach or release run of its own.
 * `receivesMovedSpoke`: the network units a spoke moves into (spoke-moves.ts);
 * `topicReleases`: the services a removed owner hands over with their connection topic
 * (endpoint-services.ts).
 */
export function orderReleases(change: Change, receivesMovedSpoke: Set<string>, topicReleases: Map<string, Set<string>>): void {
    const { schedule, definition, from, units, before, moved, kept } = change;
    const after = new Set(unitUses(definition).map(objectId));
    // The change deletes the Route 53 Profile and removes spokes associated with it: the
    // Profile goes only once they are destroyed (profile-delete-blocked-by-vpc-associations),
    // and they only once the network has detached them — so the network detaches them in a
    // run of its own, which keeps the Profile (program/services.ts buildCentralServices).
    const profileGoes = spokesUseProfile(from) && !spokesUseProfile(definition) && before.has("network") && units.has("network");
    const release = (use: Use): string => {
        // A removed Region's network unit drops its side of a peering (association, routes)
        // and its spokes' associations in a detach run before the kept Region's stack deletes
        // the peering attachment and the spokes' stacks delete theirs: its destroy cannot go
        // first, as its transit gateway waits for those deletes
        // (tgw-delete-blocked-by-peering-attachment, tgw-delete-blocked-by-attachments).
        if (!kept(use.user.unit) && use.releasedBy === "detach" && !units.has(use.user.unit)) {
            schedule.detachWithEarlier.add(use.user.unit);
            const detach = schedule.node(use.user.unit, "detach");
            schedule.edge(detach, schedule.node(use.user.unit, "destroy"), "teardown:the network detaches the spokes (and peerings) before it is destroyed");
            return detach;
        }
        if (!kept(use.user.unit)) return schedule.node(use.user.unit, "destroy");
        // A network a spoke moves into runs the change only after that spoke's old stack is
        // gone (spoke-moves.ts): what it detaches before then, it detaches in its detach run, with
        // the earlier definition (Schedule.detachEarlierNamed) — a removed spoke of that
        // Region included, whose destroy would otherwise wait for the network's first run.
        if (use.releasedBy === "detach" && receivesMovedSpoke.has(use.user.unit) && before.has(use.user.unit)) {
            schedule.detachEarlierNamed.add(use.user.unit);
            (units.has(use.object.unit) ? schedule.detachSpokes : schedule.detachRemoved).add(use.object.unit);
            return schedule.node(use.user.unit, "detach");
        }
        if (profileGoes && use.releasedBy === "detach" && !units.has(use.object.unit)) {
            schedule.detachRemoved.add(use.object.unit);
            return schedule.node(use.user.unit, "detach");
        }
        // A kept spoke whose attachment is replaced (a new VPC): the network detaches the
        // old one in a run of its own before the spoke's run deletes it.
        if (use.releasedBy === "detach" && units.has(use.object.unit)) {
            schedule.detachSpokes.add(use.object.unit);
            return schedule.node(use.user.unit, "detach");
        }
        // A consumer that hands its account's governance forwarder over to the moving owner
        // of the service (the owner moves into its account and becomes its first unit): the
        // owner creates its forwarder only once redeployed, after its old stack's destroy,
        // which waits for this consumer's endpoints to go. The consumer drops them in a
        // release run with the earlier definition, which keeps its forwarder; its own run of
        // the change, which deletes it, comes after the owner's redeploy (governance-forwarder.ts).
        if (use.releasedBy === "release" && kept(use.user.unit) && moved.has(use.object.unit) && handsOverTo(use.user.unit, use.object.unit)) {
            const services = from.endpointServices.filter((sv) => sv.consumers.includes(use.user.unit) && (sv.spoke === use.object.unit || sv.failover?.provider.spoke === use.object.unit)).map((sv) => sv.name);
            schedule.releaseEarlier.set(use.user.unit, new Set([...(schedule.releaseEarlier.get(use.user.unit) ?? []), ...services]));
            const run = schedule.node(use.user.unit, "release");
            schedule.edge(run, schedule.node(use.user.unit, "first"), "teardown:a spoke drops its endpoints (earlier definition) before its own run of the change");
            return run;
        }
        // A consumer of a service whose removed owner hands its connection topic to a new
        // owner in the same account and Region (the owner renamed): the new owner runs only
        // after the old stack's destroy (sns-topic-name-unique, endpoint-services.ts), and that destroy
        // waits for the consumer's endpoints to go. The consumer cannot drop them with the
        // new definition (the new owner publishes nothing yet: program/privatelink.ts
        // providerView stops rather than delete them), so it drops them in a release run
        // with the earlier definition; its endpoints to the new owner's service come with
        // its runs after that owner's. Until then it has no endpoint to the service.
        const handedOver = topicReleases.get(use.object.unit);
        if (use.releasedBy === "release" && kept(use.user.unit) && handedOver !== undefined) {
            const services = from.endpointServices.filter((sv) => handedOver.has(sv.name) && sv.consumers.includes(use.user.unit) && sv.spoke !== use.user.unit).map((sv) => sv.name);
            if (services.length > 0) {
                schedule.releaseEarlier.set(use.user.unit, new Set([...(schedule.releaseEarlier.get(use.user.unit) ?? []), ...services]));
                schedule.releaseForTopic.add(use.user.unit);
                const run = schedule.node(use.user.unit, "release");
                schedule.edge(run, schedule.node(use.user.unit, "first"), "teardown:a spoke drops its endpoints (earlier definition) before its own run of the change");
                return run;
            }
        }
        return schedule.node(use.user.unit, "first");
    };
    const handsOverTo = (oldOwner: string, newOwner: string): boolean =>
        Object.keys(definition.accounts).some(
            (account) => ownerUnitOfAccount(from, account) === oldOwner && ownerUnitOfAccount(definition, account) === newOwner && deploysForwarder(from, oldOwner) && deploysForwarder(definition, newOwner),
        );
    const deleter = (unit: string): string => (kept(unit) ? schedule.node(unit, "first") : schedule.node(unit, "destroy"));
    // A removed unit goes after the kept units that used it have run the change: they
    // drop what points at it first (a governance forwarder's target on the removed audit
    // bus), even where AWS would not refuse the delete.
    for (const use of unitUses(from)) {
        // (Reads of its outputs do not count: the removed unit's stack may itself wait for
        // the reader, as a consumer spoke for its service's owner.)
        if (use.blocksDelete || use.requires === STACK_OUTPUT || kept(use.object.unit) || !kept(use.user.unit) || use.user.unit === use.object.unit) continue;
        schedule.edge(schedule.node(use.user.unit, "first"), schedule.node(use.object.unit, "destroy"), "teardown:a removed stack goes after the stacks that used it have dropped what points at it");
    }
    for (const use of unitUses(from)) {
        if (!use.blocksDelete || use.user.unit === use.object.unit) continue;
        const gone = !kept(use.object.unit) || !after.has(objectId(use)) && !serviceStays(use, definition);
        if (gone) schedule.edge(release(use), deleter(use.object.unit), use.blocksDelete);
    }
}

/** The detach run comes before the network's own runs of the change. */
export function orderDetachRunsFirst(change: Change): void {
    const { schedule } = change;
    for (const detach of [...schedule.nodes.values()].filter((n) => n.kind === "detach")) {
        for (const n of [...schedule.nodes.values()]) if (n.unit === detach.unit && n.kind !== "detach") schedule.edge(detach.id, n.id, "teardown:the network detaches the replaced attachments first");
    }
}

/**
 * True when a use's object is an endpoint service's permission for one account
 * (`endpoint-service:<service>:allows:<account>`) and the service itself stays with its
 * owner: the change only removes the account from its allowed principals, an update that
 * deletes nothing a connection blocks — "when a principal is removed from the list of
 * allowed ones, if there is an existing endpoint connection with that account, it remains
 * active" (https://github.com/hashicorp/terraform-provider-aws/issues/37260). Waiting for
 * the consumer's destroy there would make a removed spoke of a mutual PrivateLink pair and
 * its peer wait for each other.
 */
function serviceStays(use: Use, definition: Definition): boolean {
    const m = /^endpoint-service:([^:]+):allows:/.exec(use.object.key);
    return m !== null && definition.endpointServices.some((s) => s.name === m[1] && s.spoke === use.object.unit);
}
