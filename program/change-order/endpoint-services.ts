/**
 * The change orderings of PrivateLink endpoint services and their consumers: connections made
 * again when a service's owner moves or its failover Region or provider changes, a consumer
 * moving Region, the hand-off of a service's connection topic between holders. The rest of
 * the change orderings are in program/change-order/ (index.ts lists them); the waves in
 * program/stack-graph.ts; what each side builds in program/privatelink-provider.ts and
 * program/privatelink-consumer.ts.
 *
 * Pure: no Pulumi import.
 */
import { Definition } from "../../definition/schema";
import { spokeRegion } from "../../definition/regions";
import { Use } from "../unit-registry";
import { failoverProviderChanged, failoverProviderOf } from "../failover-provider";
import type { Change } from "./change";

/**
 * A consumer's endpoint connection to a service whose owner moves is made again too: the
 * consumer drops its endpoints to the old service (program/privatelink-consumer.ts
 * providerView) and builds them to the new one, so the moved owner accepts them only after
 * that run. Likewise a service whose failover Region changes (failover.region, or its
 * provider spoke moving Region with it), or whose failover provider changes (its spoke
 * renamed or replaced): each consumer drops its failover endpoints while the owner still
 * publishes the old Region's or provider's service (program/privatelink-consumer.ts
 * providerView), so the owner publishes the new one, then the consumers build their
 * endpoints to it, then the owner accepts them. These are the services whose failover moves.
 */
export function failoverMovesOf(definition: Definition, from: Definition): Set<string> {
    return new Set(
        definition.endpointServices
            .filter((s) => {
                const was = from.endpointServices.find((b) => b.name === s.name);
                return s.failover !== undefined && was?.failover !== undefined && (was.failover.region !== s.failover.region || failoverProviderChanged(failoverProviderOf(was), s) === true);
            })
            .map((s) => s.name),
    );
}

/**
 * True for a use of an endpoint service or connection the earlier deploy made that the change
 * makes again, so it is ordered as a new one: a connection to a moving owner's service, one to
 * a service whose failover moves (failoverMovesOf), and a consumer moving Region's use of its
 * services.
 */
export function endpointUseMadeAgain(change: Change): (use: Use) => boolean {
    const { definition, from, moved, movedRegion } = change;
    const failoverMoves = failoverMovesOf(definition, from);
    const rebuiltByMove = (use: Use): boolean => {
        const m = /^endpoint-connection:([^:]+):/.exec(use.object.key);
        if (m !== null && definition.endpointServices.some((s) => s.name === m[1] && moved.has(s.spoke))) return true;
        const f = /^(?:endpoint-connection|failover-zone|endpoint-service):([^:]+)(?::|$)/.exec(use.object.key);
        return f !== null && failoverMoves.has(f[1]);
    };
    // A consumer moving Region builds its endpoints again from the new Region, which its
    // services support only once their owners have run the change (supportedRegions;
    // endpoint-needs-service-in-its-region): its endpoints wait for those runs.
    const consumerMovedRegion = (use: Use): boolean => movedRegion.has(use.user.unit) && use.object.key.startsWith("endpoint-service:");
    return (use) => rebuiltByMove(use) || consumerMovedRegion(use);
}

/**
 * A consumer moving Region: its owners' run of the change (which supports the new Region and
 * drops the accepter of the old endpoint's connection) comes after the consumer's old stack is
 * destroyed — deleting that accepter earlier would reject the live connection
 * (connection-accepter-delete-rejects-connection) — and before its redeploy builds the new
 * endpoint (endpointUseMadeAgain).
 */
export function orderConsumersMovingRegion(change: Change): void {
    const { schedule, definition, before, movedRegion, fromUses, kept } = change;
    for (const consumer of movedRegion) {
        for (const service of definition.endpointServices) {
            if (!service.consumers.includes(consumer) || !kept(service.spoke) || !before.has(service.spoke)) continue;
            // Not when the owner must itself release something of the consumer's first (it
            // consumes the consumer's service): its runs then come before that destroy, and
            // the consumer's redeploy still waits for its next one (endpointUseMadeAgain).
            if (fromUses.some((u) => u.user.unit === service.spoke && u.object.unit === consumer && u.blocksDelete)) continue;
            schedule.edge(schedule.node(consumer, "destroy"), schedule.node(service.spoke, "first"), "teardown:a consumer moving Region is destroyed before its owner drops its old connection's accepter and supports its new Region");
        }
    }
}

/** What orderConnectionTopicHandOffs ordered. */
export interface TopicHandOffs {
    /**
     * Old holder -> new holder pairs (`<old>><new>`) ordered here: the governance forwarder's
     * hand-off (governance-forwarder.ts) yields to them.
     */
    handOffs: Set<string>;
    /** The services a removed old holder (an owner) hands over, by that holder: its consumers release them (teardown.ts). */
    releases: Map<string, Set<string>>;
}

/**
 * A service's connection-notification topic has one name in every Region
 * (program/privatelink-shared.ts connectionTopicName), and CreateTopic with the name of a topic
 * the account already has in the Region returns that topic (sns-topic-name-unique): a new
 * holder of the service's topic in an account and Region where another unit held it before (a
 * new failover provider in the Region a moving owner leaves) runs only after that unit's
 * destroy (or its run of the change, which deletes it), or the old stack's destroy would delete
 * the topic the new one uses.
 */
export function orderConnectionTopicHandOffs(change: Change): TopicHandOffs {
    const { schedule, definition, from, units, before, kept } = change;
    const topicHolders = (d: Definition) =>
        d.endpointServices.flatMap((service) => {
            const owner = d.spokes.find((sp) => sp.name === service.spoke);
            if (!owner) return [];
            const holders = [{ service: service.name, unit: owner.name, accountId: d.accounts[owner.account], region: spokeRegion(d, owner), owner: true }];
            const provider = service.failover && d.spokes.find((sp) => sp.name === (service.failover!.provider.spoke ?? service.spoke));
            if (service.failover && provider) holders.push({ service: service.name, unit: provider.name, accountId: d.accounts[provider.account], region: service.failover.region, owner: false });
            return holders;
        });
    const heldBefore = topicHolders(from);
    // Old holder -> new holder pairs ordered here, and the services a removed old holder hands over (TopicHandOffs).
    const topicHandOffs = new Set<string>();
    const topicReleases = new Map<string, Set<string>>();
    for (const holder of topicHolders(definition)) {
        if (!units.has(holder.unit)) continue;
        for (const old of heldBefore) {
            if (old.service !== holder.service || old.accountId !== holder.accountId || old.region !== holder.region || old.unit === holder.unit || !before.has(old.unit)) continue;
            topicHandOffs.add(`${old.unit}>${holder.unit}`);
            // (A renamed failover provider is not handled so: releasing would drop the
            // consumers' endpoints to the primary too. Its consumers drop their failover
            // endpoints in their run of the change instead: failoverMoves.)
            if (!kept(old.unit) && old.owner && holder.owner) topicReleases.set(old.unit, new Set([...(topicReleases.get(old.unit) ?? []), old.service]));
            schedule.edge(
                kept(old.unit) ? schedule.node(old.unit, "first") : schedule.node(old.unit, "destroy"),
                schedule.node(holder.unit, "first"),
                "teardown:a service's connection topic (one name per account and Region: sns-topic-name-unique) is created by its new holder only once the old holder has deleted it",
                true,
            );
        }
    }
    return { handOffs: topicHandOffs, releases: topicReleases };
}

/**
 * The consumers drop their endpoints to the old failover Region's service before the owner's
 * run of the change deletes their accepters there (connection-accepter-delete-rejects-connection).
 */
export function orderFailoverMoves(change: Change): void {
    const { schedule, definition, from, before, kept } = change;
    const failoverMoves = failoverMovesOf(definition, from);
    for (const name of failoverMoves) {
        const service = definition.endpointServices.find((s) => s.name === name)!;
        if (!kept(service.spoke)) continue;
        for (const consumer of service.consumers) {
            if (kept(consumer) && before.has(consumer) && consumer !== service.spoke) {
                schedule.edge(schedule.node(consumer, "first"), schedule.node(service.spoke, "first"), "teardown:a consumer drops its endpoints to the old failover Region's service before its owner deletes their accepters");
            }
        }
    }
}
