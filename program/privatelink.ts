/**
 * PrivateLink units: provider services and their consumers (`endpointServices`) and their
 * optional cross-Region failover, wired together in one program. This file holds the wiring
 * (which side runs where, in which order); the owner side (endpoint services, acceptance,
 * notifications, failover provider) is in privatelink-provider.ts, the consumer side
 * (interface endpoints, failover endpoints and zones, private DNS) in privatelink-consumer.ts,
 * what both agree on (stack outputs, Regions, labels, names) in privatelink-shared.ts, and the
 * governance detective controls (`security`) in privatelink-governance.ts.
 *
 * Where things are built:
 *  - unit `all`: everything, in one graph.
 *  - a spoke unit: the provider side of the services the spoke owns, and the consumer
 *    side of the services it consumes. A consumer reads the provider's service name
 *    from the owner spoke's stack output `endpointServices` (see PublishedEndpointService);
 *    when the owner has not been deployed, the consumer side is skipped with a message.
 *  - unit `security`: the audit bus, evaluator and topic (privatelink-governance.ts
 *    buildDetectiveControls).
 *  - every unit that first deploys into an account: that account's governance forwarder
 *    (privatelink-governance.ts buildGovernanceForUnit).
 *
 * Every endpoint service requires acceptance, so its owner accepts each consumer's
 * connection (EndpointConnectionAcceptance, through the network admin role's provider: the
 * perimeter SCP lets only that role accept). In unit `all` the accepters take the consumer
 * endpoints' ids directly. Across per-account stacks the owner learns them from the
 * consumers' stack output `endpointConnections`, so the order is:
 *   owner (publishes the service) → consumer (endpoint, pendingAcceptance; publishes its id)
 *   → owner again (accepts, and publishes which endpoints it accepted; with failover also
 *     authorizes the consumer VPCs on its zone)
 *   → consumer again (a service with a private DNS name: turns private DNS on for the accepted
 *     endpoint; failover: associates the owner's zone).
 * Until the owner's second pass a consumer endpoint carries no traffic. Private DNS is never
 * enabled at the endpoint's creation: AWS does not enable it while the connection is
 * pendingAcceptance (aws/lifecycle.ts private-dns-needs-accepted-connection).
 */
import { EndpointConnectionAcceptance } from "../components/endpoint-service";
import { SpokeVpcInfo, UnitContext } from "./context";
import { BuiltConnection, PublishedConnections, PublishedEndpointService, PublishedFailoverService } from "./privatelink-shared";
import { BuiltProvider, acceptConnections, buildFailoverProviderService, buildProvider } from "./privatelink-provider";
import { PrivateDnsCandidate, buildConsumer, buildPrivateDns, providerView } from "./privatelink-consumer";

/** The spokes one program builds in one Region, with that Region's context. */
export interface RegionalSpokes {
    ctx: UnitContext;
    spokes: Map<string, SpokeVpcInfo>;
}

/**
 * Builds the provider side of the services owned by `spokes` and the consumer side of
 * the services they consume, and accepts the owned services' connections. In unit `all`,
 * `spokes` holds every spoke; in a spoke unit, only that spoke. Returns the stack outputs a
 * spoke unit must export: `endpointServices` (read by consumers) and `endpointConnections`
 * (read by owners).
 */
export async function buildEndpointServices(
    ctx: UnitContext,
    spokes: Map<string, SpokeVpcInfo>,
): Promise<{ endpointServices: Record<string, PublishedEndpointService | PublishedFailoverService>; endpointConnections: PublishedConnections }> {
    return buildEndpointServicesInRegions([{ ctx, spokes }]);
}

/**
 * buildEndpointServices for a program that builds spokes in several Regions (unit `all` of a
 * definition with more than one hub Region): each spoke is built with its own Region's
 * context, and every spoke and service of the environment is visible to all of them, so a
 * service, its failover Region's service and its consumers in other Regions are wired in this
 * graph — never through a StackReference to a stack that single-stack mode does not create.
 */
export async function buildEndpointServicesInRegions(
    groups: RegionalSpokes[],
): Promise<{ endpointServices: Record<string, PublishedEndpointService | PublishedFailoverService>; endpointConnections: PublishedConnections }> {
    const definition = groups[0].ctx.definition;
    // Every spoke this program builds, whatever its Region.
    const all = new Map<string, SpokeVpcInfo>();
    for (const g of groups) for (const [name, info] of g.spokes) all.set(name, info);
    const groupOf = (spoke: string): RegionalSpokes => groups.find((g) => g.spokes.has(spoke))!;
    const built = new Map<string, BuiltProvider>();
    const ownerCtx = new Map<string, UnitContext>();
    for (const service of definition.endpointServices) {
        const owner = all.get(service.spoke);
        if (!owner) continue;
        const ctx = groupOf(service.spoke).ctx;
        ownerCtx.set(service.name, ctx);
        built.set(service.name, await buildProvider(ctx, service, owner, all));
    }
    // The failover provider spoke's own stack (the owner's is another): it builds the failover
    // Region's service in its VPC and publishes it for the owner, which routes and accepts.
    const failoverServices: Record<string, PublishedFailoverService> = {};
    for (const service of definition.endpointServices) {
        const providerSpoke = service.failover?.provider.spoke;
        if (providerSpoke === undefined || all.has(service.spoke)) continue;
        const vpc = all.get(providerSpoke);
        if (!vpc) continue;
        failoverServices[service.name] = buildFailoverProviderService(groupOf(providerSpoke).ctx, service, vpc);
    }
    const connections = new Map<string, BuiltConnection[]>();
    const privateDns = new Map<RegionalSpokes, PrivateDnsCandidate[]>(groups.map((g) => [g, []]));
    for (const service of definition.endpointServices) {
        for (const consumerName of service.consumers) {
            const consumer = all.get(consumerName);
            if (!consumer) continue;
            const group = groupOf(consumerName);
            const provider = await providerView(group.ctx, service, built, consumerName);
            if (provider) connections.set(service.name, [...(connections.get(service.name) ?? []), ...buildConsumer(group.ctx, service, consumer, provider, privateDns.get(group)!)]);
        }
    }
    const homeAcceptance = new Map<string, EndpointConnectionAcceptance>();
    // The owner accepts every connection: those built here, and those its consumers' stacks publish.
    for (const [name, provider] of built) {
        const ctx = ownerCtx.get(name)!;
        const service = definition.endpointServices.find((s) => s.name === name)!;
        const acceptance = await acceptConnections(ctx, service, provider, connections.get(name) ?? [], new Set(all.keys()));
        if (acceptance) homeAcceptance.set(name, acceptance);
    }
    for (const [group, candidates] of privateDns) buildPrivateDns(group.ctx, candidates, homeAcceptance);
    const endpointServices: Record<string, PublishedEndpointService | PublishedFailoverService> = { ...failoverServices };
    for (const [name, b] of built) endpointServices[name] = b.published;
    const endpointConnections: PublishedConnections = {};
    for (const [name, list] of connections) {
        // Only the connections whose owner is not in this graph need publishing, but all are harmless.
        endpointConnections[name] = Object.fromEntries(list.map((c) => [c.label, { endpointId: c.endpointId, serviceRegion: c.serviceRegion }]));
    }
    return { endpointServices, endpointConnections };
}
