/**
 * The change orderings: what a change from the deployed definition to a new one must run in
 * which order beyond the deploy order of the new definition (program/unit-registry.ts uses),
 * one kind of change per file — spoke-moves.ts (spokes moving account or Region),
 * endpoint-services.ts (PrivateLink services, failover Region or provider changes, connection
 * topics), hub-replacement.ts (a replaced hub VPC), teardown.ts (removed stacks, detach and
 * release runs), endpoint-names.ts (private DNS names changing place),
 * overlapping-cidrs.ts (attachments with overlapping CIDRs), governance-forwarder.ts (an
 * account's first unit changing), first-run.ts (a unit's first run of the change), and for a
 * unit-`all` environment single-stack-delete-first.ts. program/stack-graph.ts owns the schedule
 * and turns it into waves; it calls usesToOrder and orderChange.
 *
 * Pure: no Pulumi import.
 */
import { Use } from "../unit-registry";
import { Change, objectId } from "./change";
import { endpointUseMadeAgain, orderConnectionTopicHandOffs, orderConsumersMovingRegion, orderFailoverMoves } from "./endpoint-services";
import { hubVpcReplaced } from "./hub-replacement";
import { orderMovedSpokeRedeploys, orderNetworksReceivingMovedSpokes } from "./spoke-moves";
import { addRemovedStacks, orderDetachRunsFirst, orderReleases } from "./teardown";
import { orderPrivateDnsNameMoves } from "./endpoint-names";
import { orderOverlappingAttachments } from "./overlapping-cidrs";
import { orderGovernanceForwarderHandOver } from "./governance-forwarder";

export type { Change } from "./change";
export { changeOf } from "./change";
export { pruneFirst } from "./first-run";

/**
 * The uses of the new definition the deploy order keeps in a change: a use of an object the
 * earlier deploy already made needs no order (it exists), unless the change makes it again.
 */
export function usesToOrder(change: Change): (use: Use) => boolean {
    const { before, moved, existed } = change;
    const madeAgain = endpointUseMadeAgain(change);
    const hubReplaced = hubVpcReplaced(change);
    return (use) => !before.has(use.object.unit) || moved.has(use.object.unit) || !existed.has(objectId(use)) || madeAgain(use) || hubReplaced(use);
}

/** Adds the change's orderings to its schedule, once the new definition's deploy order is in (the order matters: later orderings read earlier ones' nodes). */
export function orderChange(change: Change): void {
    orderConsumersMovingRegion(change);
    const topics = orderConnectionTopicHandOffs(change);
    orderFailoverMoves(change);
    addRemovedStacks(change);
    orderMovedSpokeRedeploys(change);
    const receivesMovedSpoke = orderNetworksReceivingMovedSpokes(change);
    orderReleases(change, receivesMovedSpoke, topics.releases);
    orderPrivateDnsNameMoves(change);
    orderOverlappingAttachments(change);
    orderGovernanceForwarderHandOver(change, topics.handOffs);
    orderDetachRunsFirst(change);
}
