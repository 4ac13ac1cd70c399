/**
 * PrivateLink, the consumer side (service consumer): a spoke's interface endpoints to the
 * services it consumes — to the primary service and, with failover, to the failover Region's
 * service (and from its VPC in the failover Region, when it has one), the failover zone with
 * primary and secondary records, and private DNS once the owner has accepted the connection.
 * What the consumer sees of the owner (providerView) decides whether it builds, waits or drops
 * its endpoints during a move. The owner side is in privatelink-provider.ts; what both sides
 * agree on (outputs, Regions, labels, names) in privatelink-shared.ts; how one program wires
 * them in privatelink.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConsumerPrivateDns, EndpointConnectionAcceptance, EndpointServiceConsumer, FailoverConsumerZone } from "../components/endpoint-service";
import { EndpointServiceDefinition } from "../definition/endpoint-services";
import { spokeRegion } from "../definition/regions";
import { SpokeVpcInfo, UnitContext, ownVpcOutputNames } from "./context";
import { readStackOutputs, stackReference } from "./references";
import { keepsRecordedVpc, publishedVpcOf, recordOf } from "./acceptance";
import { FailoverProviderRef, failoverProviderChanged, failoverProviderOf } from "./failover-provider";
import type { BuiltProvider } from "./privatelink-provider";
import {
    BuiltConnection,
    ConsumerEndpointSpec,
    PublishedEndpointService,
    consumerEndpoints,
    consumerRegionOf,
    consumerZoneName,
    endpointConnectionsOutputName,
    endpointServicesOutputName,
    primaryRegionOf,
    publishedServiceRegion,
    tagsOf,
    vpcLabel,
} from "./privatelink-shared";

/** The owner's service as a consumer sees it (providerView). */
export interface ProviderView {
    serviceName: pulumi.Input<string>;
    /** Local owner (this graph): its acceptance of the home Region's connections, once built. */
    local?: boolean;
    /** Remote owner: the endpoint ids it published as accepted, by label (plain values read from its stack). */
    acceptedConnections?: Record<string, string>;
    failover?: { serviceName: pulumi.Input<string>; zoneId: pulumi.Input<string>; authorizedVpcs: string[]; authorizations: pulumi.Resource[] };
}

/** The provider as a consumer sees it: built in this graph, or read from the owner's stack. */
export async function providerView(ctx: UnitContext, service: EndpointServiceDefinition, built: Map<string, BuiltProvider>, consumer: string): Promise<ProviderView | undefined> {
    const local = built.get(service.name);
    if (local) {
        return {
            serviceName: local.primary.serviceName,
            local: true,
            failover: local.published.failover && {
                serviceName: local.published.failover.serviceName,
                zoneId: local.published.failover.zoneId,
                authorizedVpcs: local.published.failover.authorizedVpcs,
                authorizations: local.routing ? [local.routing] : [],
            },
        };
    }
    const out = await readStackOutputs(ctx.environment, service.spoke, [endpointServicesOutputName, "accountId"] as const);
    const ownerAccount = ctx.accountId(ctx.definition.spokes.find((s) => s.name === service.spoke)!.account);
    if (typeof out.accountId === "string" && out.accountId !== ownerAccount) {
        // The owner's stack still holds the service in the account it is moving from: that
        // stack is destroyed next (program/change-order/spoke-moves.ts spokesMovingAccount), and its service
        // cannot go while this spoke's endpoints are connected
        // (aws/lifecycle.ts endpoint-service-delete-blocked-by-connections). Drop them; the
        // endpoints to the service in the new account come once its stack publishes it.
        pulumi.log.info(
            `${ctx.environment}-${consumer}: ${ctx.environment}-${service.spoke} still publishes ${service.name} from account ${out.accountId}, not ${ownerAccount} as the definition says: ` +
                `this run drops the endpoints to it so that stack can be destroyed; run ${ctx.environment}-${service.spoke} (in the new account), then this stack again.`,
        );
        return undefined;
    }
    const all = out[endpointServicesOutputName] as Record<string, PublishedEndpointService> | undefined;
    const entry = all?.[service.name];
    const ownerRegion = primaryRegionOf(ctx.definition, service);
    const publishedRegion = publishedServiceRegion(entry);
    if (publishedRegion !== undefined && publishedRegion !== ownerRegion) {
        // Likewise for a move of Region: the owner's stack still holds the service in the Region
        // it is moving from (program/change-order/spoke-moves.ts spokesMovingRegion). An endpoint to it would
        // name a service of the wrong Region (aws/lifecycle.ts endpoint-needs-service-in-its-region),
        // and the endpoints kept to it would stop its delete. Drop them; they come back once the
        // owner's stack publishes the service from its new Region.
        pulumi.log.info(
            `${ctx.environment}-${consumer}: ${ctx.environment}-${service.spoke} still publishes ${service.name} from ${publishedRegion}, not ${ownerRegion} as the definition says: ` +
                `this run drops the endpoints to it so that stack can be destroyed; run ${ctx.environment}-${service.spoke} (in ${ownerRegion}), then this stack again.`,
        );
        return undefined;
    }
    if (!entry || typeof entry.serviceName !== "string") {
        // A consumer that built endpoints to the service before, which the definition still
        // has: the owner's stack lost its outputs (a failed update), and skipping would
        // delete the consumer's live endpoints. Stop instead (as the network stack does for
        // a spoke that stops publishing).
        const own = await readStackOutputs(ctx.environment, consumer, [endpointConnectionsOutputName] as const);
        const before = own[endpointConnectionsOutputName] as Record<string, unknown> | undefined;
        if (before && typeof before === "object" && before[service.name] !== undefined && !pulumi.runtime.isDryRun()) {
            throw new pulumi.RunError(
                `${ctx.environment}-${service.spoke} publishes no ${endpointServicesOutputName} entry for ${service.name}, but ${ctx.environment}-${consumer} built endpoints to it before and the definition still has it. ` +
                    `Going on would delete them. Deploy ${ctx.environment}-${service.spoke} again so it publishes its outputs, then ${ctx.environment}-${consumer}.`,
            );
        }
        pulumi.log.warn(
            `${ctx.environment}-${consumer}: endpoint service ${service.name} is not published yet; its consumer endpoint is skipped. ` +
                `Deploy ${ctx.environment}-${service.spoke} first, then run ${ctx.environment}-${consumer} again.`,
        );
        return undefined;
    }
    const account = ctx.accountId(ctx.definition.spokes.find((s) => s.name === consumer)!.account);
    if (Array.isArray(entry.allowedAccounts) && !entry.allowedAccounts.includes(account)) {
        pulumi.log.info(
            `${ctx.environment}-${consumer}: endpoint service ${service.name} does not allow account ${account} yet, so its consumer endpoint waits (an endpoint to a service that does not allow the account fails). ` +
                `Run ${ctx.environment}-${service.spoke}, then ${ctx.environment}-${consumer} again.`,
        );
        return undefined;
    }
    // The failover Region's service as the owner publishes it: one of another Region than the
    // definition's failover.region (its provider spoke moved Region, or failover.region changed)
    // is the old Region's, which the change deletes. An endpoint in the new failover Region to it
    // would name a service of another Region (aws/lifecycle.ts endpoint-needs-service-in-its-region),
    // and the endpoints kept to it would stop its delete (endpoint-service-delete-blocked-by-connections).
    // So this run drops the failover endpoints and zone (the primary's endpoint stays: its owner
    // and Region do not change); they come back once the owner publishes the new Region's service.
    const publishedFailoverRegion = typeof entry.failover?.region === "string" ? entry.failover.region : undefined;
    const regionMoved = service.failover !== undefined && publishedFailoverRegion !== undefined && publishedFailoverRegion !== service.failover.region;
    // Likewise a failover service the owner still publishes from another provider than the
    // definition's (the provider spoke renamed or replaced, same Region): that provider's service
    // is the one the change deletes, and the endpoints kept to it would stop its delete.
    const providerChanged = service.failover !== undefined && entry.failover !== undefined ? failoverProviderChanged(entry.failover.provider, service) : false;
    const failoverMoved = regionMoved || providerChanged === true;
    if (regionMoved) {
        pulumi.log.info(
            `${ctx.environment}-${consumer}: ${ctx.environment}-${service.spoke} still publishes ${service.name}'s failover service from ${publishedFailoverRegion}, not ${service.failover!.region} as the definition says: ` +
                `this run drops the failover endpoints and zone so the old failover service can be deleted (the endpoint to the primary stays); ` +
                `run ${ctx.environment}-${service.spoke} once the failover provider publishes the ${service.failover!.region} service, then this stack again.`,
        );
    } else if (providerChanged === true) {
        const was = entry.failover!.provider as FailoverProviderRef;
        const name = (p: FailoverProviderRef | undefined) => (p?.spoke !== undefined ? `${ctx.environment}-${p.spoke}` : `VPC ${p?.vpcId}`);
        pulumi.log.info(
            `${ctx.environment}-${consumer}: ${ctx.environment}-${service.spoke} still publishes ${service.name}'s failover service from ${name(was)}, not ${name(failoverProviderOf(service))} as the definition says: ` +
                `this run drops the failover endpoints and zone so the old failover service can be deleted (the endpoint to the primary stays); ` +
                `run ${ctx.environment}-${service.spoke} once the new provider publishes its service, then this stack again.`,
        );
    } else if (providerChanged === undefined && entry.failover !== undefined && failoverProviderOf(service)?.spoke !== undefined) {
        // An owner's output of an older run: it does not say which provider serves the failover
        // service, so the failover endpoints stay (dropping them on a guess would cut a live path).
        pulumi.log.info(
            `${ctx.environment}-${consumer}: ${ctx.environment}-${service.spoke}'s outputs predate naming ${service.name}'s failover provider, so this run keeps the failover endpoints as they are. ` +
                `Before a change that renames or replaces the failover provider, deploy ${ctx.environment}-${service.spoke} once with this version.`,
        );
    }
    const consumerRegion = consumerRegionOf(ctx.definition, consumer);
    if (Array.isArray(entry.supportedRegions) && consumerRegion !== ownerRegion && !entry.supportedRegions.includes(consumerRegion)) {
        pulumi.log.info(
            `${ctx.environment}-${consumer}: endpoint service ${service.name} (${ownerRegion}) does not support ${consumerRegion} yet, so its consumer endpoint waits (an endpoint reaches another Region's service only from one of its supported Regions). ` +
                `Run ${ctx.environment}-${service.spoke}, then ${ctx.environment}-${consumer} again.`,
        );
        return undefined;
    }
    if (service.failover && !entry.failover) {
        pulumi.log.warn(`${ctx.environment}-${consumer}: ${service.name} has failover in the definition but ${ctx.environment}-${service.spoke} has not published it yet; run it again.`);
    }
    // The value was awaited above to decide whether to build the endpoint at all; the
    // endpoint itself takes it as an Output of the StackReference, so the dependency on the
    // owner's stack is recorded and the policy pack can see where the service name comes from.
    const published = stackReference(ctx.environment, service.spoke).getOutput(endpointServicesOutputName);
    const accepted = entry.acceptedConnections as Record<string, unknown> | undefined;
    // The consumer's home-Region VPC counts as authorized only when the owner authorized the
    // VPC this run keeps (by its id, account and CIDR: program/acceptance.ts); the failover
    // Region's VPCs are the definition's own ids.
    let authorizedVpcs = entry.failover?.authorizedVpcs ?? [];
    if (entry.failover?.authorizedRecords !== undefined) {
        const spoke = ctx.definition.spokes.find((s) => s.name === consumer)!;
        // The consumer spoke's own Region (a consumer may live in any hub Region).
        const home = vpcLabel(consumer, spokeRegion(ctx.definition, spoke));
        const own = publishedVpcOf(await readStackOutputs(ctx.environment, consumer, ownVpcOutputNames));
        if (!keepsRecordedVpc(recordOf(entry.failover.authorizedRecords, home), own, spoke, account, "vpcId")) authorizedVpcs = authorizedVpcs.filter((l) => l !== home);
    }
    return {
        serviceName: published.apply((all: Record<string, { serviceName: string }>) => all[service.name].serviceName),
        acceptedConnections: accepted ? Object.fromEntries(Object.entries(accepted).filter((e): e is [string, string] => typeof e[1] === "string")) : {},
        failover:
            entry.failover && !failoverMoved
                ? {
                      serviceName: published.apply((all: Record<string, { failover: { serviceName: string } }>) => all[service.name].failover.serviceName),
                      zoneId: entry.failover.zoneId,
                      authorizedVpcs,
                      authorizations: [],
                  }
                : undefined,
    };
}

/** A consumer's endpoint in the home Region to the primary service: the one private DNS points at. */
export interface PrivateDnsCandidate {
    service: EndpointServiceDefinition;
    consumer: SpokeVpcInfo;
    label: string;
    endpointId: pulumi.Output<string>;
    provider: ProviderView;
}

/**
 * Builds a consumer's endpoints (and failover zones) to `service`, in the consumer's own Region
 * (consumerEndpoints); returns them for acceptance.
 */
export function buildConsumer(ctx: UnitContext, service: EndpointServiceDefinition, consumer: SpokeVpcInfo, provider: ProviderView, privateDns: PrivateDnsCandidate[]): BuiltConnection[] {
    const definition = ctx.definition;
    const account = consumer.spoke.account;
    const opts = ctx.opts(account);
    const tags = tagsOf(definition, { "landing-zone:endpoint-service": service.name });
    const name = `${service.name}-${consumer.spoke.name}`;
    const sameAccount = definition.spokes.find((s) => s.name === service.spoke)?.account === account;
    const primaryRegion = primaryRegionOf(definition, service);
    const specs = consumerEndpoints(definition, service, consumer.spoke.name);
    const connections: BuiltConnection[] = [];
    /** One endpoint of `specs` in `vpc`, to the service of its serviceRegion; recorded for acceptance. */
    const endpoint = (spec: ConsumerEndpointSpec, vpc: { vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[]; cidr: string }, serviceName: pulumi.Input<string>): EndpointServiceConsumer => {
        const built = new EndpointServiceConsumer(
            `${service.name}-${spec.label}`,
            {
                vpcId: vpc.vpcId,
                subnetIds: vpc.subnetIds,
                cidr: vpc.cidr,
                port: service.port,
                // Another Region than the context's provider: the resource-level `region` of @pulumi/aws v7.
                ...(spec.endpointRegion !== ctx.region ? { region: spec.endpointRegion } : {}),
                serviceName,
                // Cross-Region PrivateLink: the endpoint names the service's Region.
                ...(spec.serviceRegion !== spec.endpointRegion ? { serviceRegion: spec.serviceRegion } : {}),
                tags,
            },
            opts,
        );
        connections.push({ label: spec.label, endpointId: built.endpointId, serviceRegion: spec.serviceRegion });
        return built;
    };
    const own = { vpcId: consumer.vpcId, subnetIds: consumer.workloadSubnetIds, cidr: consumer.spoke.cidr };
    const ownRegion = specs[0].endpointRegion;
    const failover = service.failover;
    const ownSpec = (serviceRegion: string) => specs.find((e) => e.endpointRegion === ownRegion && e.serviceRegion === serviceRegion)!;

    const toPrimary = endpoint(ownSpec(primaryRegion), own, provider.serviceName);
    // The service's private DNS name resolves to the endpoint in the primary's Region once the owner
    // has accepted it (a consumer in another Region reaches the service through the failover record,
    // or by the endpoint's own DNS name).
    if (service.privateDnsName !== undefined && ownRegion === primaryRegion) {
        privateDns.push({ service, consumer, label: ownSpec(primaryRegion).label, endpointId: toPrimary.endpointId, provider });
    }
    if (!failover || !provider.failover) return connections;
    const zoneName = consumerZoneName(service);
    const canAssociate = (region: string) => sameAccount || provider.failover!.authorizedVpcs.includes(vpcLabel(consumer.spoke.name, region));
    const waiting: string[] = [];
    const toSecondary = endpoint(ownSpec(failover.region), own, provider.failover.serviceName);

    // The consumer's zone in one Region: primary and secondary records, associated with
    // the provider's failover zone once the provider has authorized this VPC.
    const recordsIn = (region: string, vpcId: pulumi.Input<string>, primary: EndpointServiceConsumer, secondary: EndpointServiceConsumer): void => {
        const associates = canAssociate(region);
        if (!associates) waiting.push(region);
        new FailoverConsumerZone(
            `${name}-records-${region}`,
            {
                zoneName,
                vpcId,
                vpcRegion: region,
                primary: { dnsName: primary.dnsName, dnsZoneId: primary.dnsZoneId },
                secondary: { dnsName: secondary.dnsName, dnsZoneId: secondary.dnsZoneId },
                providerZoneId: associates ? provider.failover!.zoneId : undefined,
                associationDependsOn: provider.failover!.authorizations,
                tags,
            },
            opts,
        );
    };
    recordsIn(ownRegion, consumer.vpcId, toPrimary, toSecondary);

    // A VPC of the consumer's in the failover Region built outside the landing zone: endpoints to both services and its own zone.
    const remote = ownRegion === failover.region ? undefined : failover.consumers.find((c) => c.spoke === consumer.spoke.name);
    if (remote) {
        const there = { vpcId: remote.vpcId, subnetIds: remote.subnetIds, cidr: remote.cidr };
        const spec = (serviceRegion: string) => specs.find((e) => e.endpointRegion === failover.region && e.serviceRegion === serviceRegion)!;
        const toSecondaryThere = endpoint(spec(failover.region), there, provider.failover.serviceName);
        const toPrimaryThere = endpoint(spec(primaryRegion), there, provider.serviceName);
        recordsIn(failover.region, remote.vpcId, toPrimaryThere, toSecondaryThere);
    }
    if (waiting.length > 0) {
        pulumi.log.info(
            `${ctx.environment}-${consumer.spoke.name}: the failover zone of ${service.name} has not authorized this VPC yet (${waiting.join(", ")}); ` +
                `run ${ctx.environment}-${service.spoke} again, then this stack.`,
        );
    }
    return connections;
}

/**
 * Private DNS of the consumers' home endpoints to services with a private DNS name, once the
 * owner has accepted them: in this graph after its accepters (`dependsOn`); across stacks when
 * the owner's stack names the endpoint in `acceptedConnections` — with the id it accepted, so a
 * replaced endpoint waiting for acceptance again keeps private DNS off until the owner's next run.
 */
export function buildPrivateDns(ctx: UnitContext, candidates: PrivateDnsCandidate[], homeAcceptance: Map<string, EndpointConnectionAcceptance>): void {
    const waiting = new Map<string, string[]>();
    for (const c of candidates) {
        const name = `${c.service.name}-${c.consumer.spoke.name}`;
        const opts = ctx.opts(c.consumer.spoke.account);
        // The endpoint's own Region (resource-level `region`) when it is not the home Region.
        const own = spokeRegion(ctx.definition, c.consumer.spoke);
        const regional = own !== ctx.region ? { region: own } : {};
        if (c.provider.local) {
            const acceptance = homeAcceptance.get(c.service.name);
            if (acceptance) new ConsumerPrivateDns(name, { endpointId: c.endpointId, ...regional }, { ...opts, dependsOn: [acceptance] });
            continue;
        }
        const accepted = c.provider.acceptedConnections?.[c.label];
        if (accepted === undefined) {
            waiting.set(c.service.spoke, [...(waiting.get(c.service.spoke) ?? []), c.service.name]);
            continue;
        }
        new ConsumerPrivateDns(name, { endpointId: c.endpointId, enabled: c.endpointId.apply((id) => id === accepted), ...regional }, opts);
    }
    for (const [owner, services] of waiting) {
        pulumi.log.info(
            `${services.join(", ")}: private DNS of this stack's endpoint stays off until ${ctx.environment}-${owner} has accepted its connection ` +
                `(AWS does not enable private DNS on a pendingAcceptance endpoint); run ${ctx.environment}-${owner}, then this stack again.`,
        );
    }
}
