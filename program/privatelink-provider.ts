/**
 * PrivateLink, the owner side (service provider): a spoke's endpoint services — the service in
 * its VPC (acceptance required, allowed principals, supported Regions, connection
 * notifications), the failover Region's service (in the provider spoke's VPC or one named by
 * id) and its failover routing zone, the acceptance of every consumer's connection, and the
 * `endpointServices` output consumers read. Everything an endpoint service does is the network
 * admin role's (networkAdminOpts). The consumer side is in privatelink-consumer.ts; what both
 * sides agree on (outputs, Regions, labels, names) in privatelink-shared.ts; how one program
 * wires them in privatelink.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AuthorizedVpc, EndpointConnectionAcceptance, EndpointService, FailoverRouting, FailoverZoneRecord, planOwnerAssociation } from "../components/endpoint-service";
import { partitionOf } from "../aws/partitions";
import { EndpointServiceDefinition } from "../definition/endpoint-services";
import { spokeRegion } from "../definition/regions";
import { stackName } from "../definition/units";
import { SpokeVpcInfo, UnitContext } from "./context";
import { readStackOutputs } from "./references";
import { NetworkVpcRecord, publishedVpcOf } from "./acceptance";
import { failoverProviderOf } from "./failover-provider";
import {
    BuiltConnection,
    PublishedConnections,
    PublishedEndpointService,
    PublishedFailoverService,
    connectionTopicName,
    consumerAccountIds,
    consumerEndpoints,
    consumerZoneName,
    endpointConnectionsOutputName,
    endpointServicesOutputName,
    failoverZoneRecordOf,
    failoverZonesOutputName,
    primaryRegionOf,
    supportedRegionsOf,
    tagsOf,
    vpcLabel,
} from "./privatelink-shared";

/** A service as its owner built it in this graph. */
export interface BuiltProvider {
    owner: SpokeVpcInfo;
    primary: EndpointService;
    /** The failover Region's service: built here, or read from the failover provider spoke's stack. */
    secondary?: { serviceName: pulumi.Input<string>; serviceId: pulumi.Input<string> };
    routing?: FailoverRouting;
    published: PublishedEndpointService;
}

/**
 * The failover Region's endpoint service: in the provider's spoke there
 * (`failover.provider.spoke`, a spoke of the definition) or in the VPC named by id. Same
 * account as the owner (validation), through the resource-level `region` of @pulumi/aws v7.
 */
export function buildSecondaryService(ctx: UnitContext, service: EndpointServiceDefinition, account: string, vpc: { vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[] }): EndpointService {
    const definition = ctx.definition;
    const failover = service.failover!;
    const primaryRegion = primaryRegionOf(definition, service);
    return new EndpointService(
        `${service.name}-${failover.region}`,
        {
            vpcId: vpc.vpcId,
            subnetIds: vpc.subnetIds,
            port: service.port,
            targets: failover.provider.targets,
            consumerAccountIds: consumerAccountIds(definition, service),
            accountId: ctx.accountId(account),
            region: failover.region,
            overrideRegion: true,
            partition: partitionOf(primaryRegion),
            topicName: connectionTopicName(ctx.environment, service.name),
            privateDnsName: service.privateDnsName,
            supportedRegions: supportedRegionsOf(definition, service),
            tags: tagsOf(definition, { "landing-zone:endpoint-service": service.name }),
        },
        networkAdminOpts(ctx, account),
    );
}

/**
 * The failover provider spoke's own stack (the owner's is another): it builds the failover
 * Region's service in its VPC (`vpc`, the provider spoke's) and publishes it for the owner,
 * which routes and accepts.
 */
export function buildFailoverProviderService(ctx: UnitContext, service: EndpointServiceDefinition, vpc: SpokeVpcInfo): PublishedFailoverService {
    const secondary = buildSecondaryService(ctx, service, vpc.spoke.account, { vpcId: vpc.vpcId, subnetIds: vpc.workloadSubnetIds });
    return { failoverOf: service.spoke, region: service.failover!.region, serviceName: secondary.serviceName, serviceId: secondary.serviceId };
}

async function consumerVpcIdsForAuthorization(
    ctx: UnitContext,
    service: EndpointServiceDefinition,
    spokes: Map<string, SpokeVpcInfo>,
): Promise<{ vpcs: AuthorizedVpc[]; waiting: string[]; records: Record<string, NetworkVpcRecord> }> {
    const definition = ctx.definition;
    const failover = service.failover!;
    const owner = definition.spokes.find((s) => s.name === service.spoke)!;
    const vpcs: AuthorizedVpc[] = [];
    const waiting: string[] = [];
    const records: Record<string, NetworkVpcRecord> = {};
    for (const consumer of service.consumers) {
        const spoke = definition.spokes.find((s) => s.name === consumer);
        // Same-account VPCs associate without an authorization.
        if (!spoke || spoke.account === owner.account) continue;
        const built = spokes.get(consumer);
        // Each consumer VPC with its own Region (the zone association names the VPC's Region).
        const region = spokeRegion(definition, spoke);
        if (built) {
            vpcs.push({ label: vpcLabel(consumer, region), vpcId: built.vpcId, vpcRegion: region });
        } else {
            const out = await readStackOutputs(ctx.environment, consumer, ["vpcId", "accountId", "cidr"] as const);
            if (out.vpcId !== undefined) {
                const label = vpcLabel(consumer, region);
                vpcs.push({ label, vpcId: String(out.vpcId), vpcRegion: region });
                const published = publishedVpcOf(out);
                records[label] = { vpcId: String(out.vpcId), ...(published.accountId ? { accountId: published.accountId } : {}), ...(published.cidr ? { cidr: published.cidr } : {}) };
            } else waiting.push(consumer);
        }
    }
    for (const c of failover.consumers) {
        const spoke = definition.spokes.find((s) => s.name === c.spoke);
        if (!spoke || spoke.account === owner.account) continue;
        vpcs.push({ label: vpcLabel(c.spoke, failover.region), vpcId: c.vpcId, vpcRegion: failover.region });
    }
    return { vpcs, waiting, records };
}

/** The service `owner` publishes, with its failover Region's service and routing when the definition has failover. */
export async function buildProvider(ctx: UnitContext, service: EndpointServiceDefinition, owner: SpokeVpcInfo, spokes: Map<string, SpokeVpcInfo>): Promise<BuiltProvider> {
    const definition = ctx.definition;
    const account = owner.spoke.account;
    const accountId = ctx.accountId(account);
    // The owner spoke's Region (the home Region unless the spoke is placed elsewhere).
    const primaryRegion = primaryRegionOf(definition, service);
    const partition = partitionOf(primaryRegion);
    const failover = service.failover;
    const regions = supportedRegionsOf(definition, service);
    const tags = tagsOf(definition, { "landing-zone:endpoint-service": service.name });
    const consumers = consumerAccountIds(definition, service);
    const topicName = connectionTopicName(ctx.environment, service.name);

    const primary = new EndpointService(
        service.name,
        {
            vpcId: owner.vpcId,
            subnetIds: owner.workloadSubnetIds,
            port: service.port,
            targets: service.targets,
            consumerAccountIds: consumers,
            accountId,
            region: primaryRegion,
            ...(primaryRegion !== ctx.region ? { overrideRegion: true } : {}),
            partition,
            topicName,
            privateDnsName: service.privateDnsName,
            supportedRegions: regions,
            tags,
        },
        // Creating and changing an endpoint service is the network admin role's alone (perimeter SCP).
        networkAdminOpts(ctx, account),
    );
    const published: PublishedEndpointService = {
        serviceName: primary.serviceName,
        serviceId: primary.serviceId,
        region: primaryRegion,
        allowedAccounts: primary.serviceId.apply(() => consumers),
        supportedRegions: primary.serviceId.apply(() => regions ?? [primaryRegion]),
    };
    if (!failover) return { owner, primary, published };

    // The second Region through the resource-level `region` of @pulumi/aws v7: same
    // account, same credentials and default tags as the account's provider, no second
    // provider to keep in step. In the provider's spoke there when the definition has one
    // (built in this graph, or by that spoke's own stack, which publishes it); else in the VPC
    // the definition names by id (built outside the landing zone).
    let secondary: BuiltProvider["secondary"];
    const providerSpoke = failover.provider.spoke;
    if (providerSpoke === undefined) {
        secondary = buildSecondaryService(ctx, service, account, { vpcId: failover.provider.vpcId!, subnetIds: failover.provider.subnetIds! });
    } else if (spokes.has(providerSpoke)) {
        const vpc = spokes.get(providerSpoke)!;
        secondary = buildSecondaryService(ctx, service, account, { vpcId: vpc.vpcId, subnetIds: vpc.workloadSubnetIds });
    } else {
        const out = await readStackOutputs(ctx.environment, providerSpoke, [endpointServicesOutputName] as const);
        const entry = (out[endpointServicesOutputName] as Record<string, Partial<PublishedFailoverService>> | undefined)?.[service.name];
        if (typeof entry?.serviceName === "string" && typeof entry.serviceId === "string") {
            secondary = { serviceName: entry.serviceName, serviceId: entry.serviceId };
        } else {
            pulumi.log.info(
                `${service.name}: ${ctx.environment}-${providerSpoke} has not published the ${failover.region} endpoint service yet, so failover is not routed yet. ` +
                    `Deploy ${ctx.environment}-${providerSpoke}, then run ${ctx.environment}-${service.spoke} again.`,
            );
            return { owner, primary, published };
        }
    }
    const { vpcs, waiting, records } = await consumerVpcIdsForAuthorization(ctx, service, spokes);
    if (waiting.length > 0) {
        pulumi.log.info(
            `${service.name}: consumer VPCs not deployed yet, not yet authorized on the failover zone: ${waiting.map((w) => `${ctx.environment}-${w}`).join(", ")}. ` +
                `Deploy them, then run ${ctx.environment}-${service.spoke} again.`,
        );
    }
    // The zone keeps the owner VPC it was created with (consumers associate with it too): its
    // association with the owner VPC follows a replaced owner VPC as a ZoneAssociation of its
    // own, adopted the run after the zone is created (components/endpoint-service.ts planOwnerAssociation).
    const owned = planOwnerAssociation(failover.zone, await previousFailoverZone(ctx, service), { cidr: owner.spoke.cidr, region: primaryRegion });
    if (owned.refusal) throw new pulumi.RunError(`${stackName(ctx.environment, ctx.singleGraph ? "all" : service.spoke)}: ${service.name}: ${owned.refusal}`);
    const routing = new FailoverRouting(
        `${service.name}-failover`,
        {
            zoneName: failover.zone,
            recordLabel: service.name,
            consumerZoneName: consumerZoneName(service),
            ownerVpcId: owner.vpcId,
            primaryRegion,
            secondaryRegion: failover.region,
            clusterArn: failover.clusterArn,
            authorizedVpcs: vpcs,
            tags,
            ownerAssociation: owned.plan,
        },
        ctx.opts(account),
    );
    published.failover = {
        region: failover.region,
        provider: failoverProviderOf(service),
        serviceName: secondary.serviceName,
        zoneId: routing.zoneId,
        authorizedVpcs: vpcs.map((v) => v.label),
        ...(Object.keys(records).length > 0 ? { authorizedRecords: records } : {}),
        // Read back by this stack's next run (previousFailoverZone).
        zone: failover.zone,
        ownerVpcId: owner.vpcId,
        ownerCidr: owner.spoke.cidr,
        ownerRegion: primaryRegion,
        ownerAssociationHeld: routing.ownerAssociationHeld,
    };
    return { owner, primary, secondary, routing, published };
}

/**
 * The failover zone of `service` as the owner's previous run recorded it, from its own outputs:
 * the owner spoke's `endpointServices` (with its `vpcId` and `cidr` for outputs from before the
 * record), or unit all's `failoverZones` (program/index.ts). {} before the first run.
 */
async function previousFailoverZone(ctx: UnitContext, service: EndpointServiceDefinition): Promise<FailoverZoneRecord> {
    if (ctx.singleGraph) {
        const own = await readStackOutputs(ctx.environment, "all", [failoverZonesOutputName] as const);
        return failoverZoneRecordOf((own[failoverZonesOutputName] as Record<string, unknown> | undefined)?.[service.name]);
    }
    const own = await readStackOutputs(ctx.environment, service.spoke, [endpointServicesOutputName, "vpcId", "cidr"] as const);
    const entry = (own[endpointServicesOutputName] as Record<string, { failover?: unknown; region?: unknown }> | undefined)?.[service.name];
    return failoverZoneRecordOf(entry?.failover, { vpcId: own.vpcId, cidr: own.cidr, region: entry?.region });
}
/**
 * The owner accepts every connection to `service`: `local` (built in this graph) and those its
 * consumers' stacks publish (consumers not in `built`, the spokes this graph builds), in the
 * service's Region and, with failover, in the failover Region. What it accepted in the home
 * Region goes into its published outputs (consumers in other stacks read it to turn private
 * DNS on). Returns the home Region's acceptance, which this graph's consumers' private DNS
 * waits for.
 */
export async function acceptConnections(
    ctx: UnitContext,
    service: EndpointServiceDefinition,
    provider: BuiltProvider,
    local: BuiltConnection[],
    built: Set<string>,
): Promise<EndpointConnectionAcceptance | undefined> {
    const name = service.name;
    const remote = await publishedConnections(ctx, service, built);
    if (remote.waiting.length > 0) {
        pulumi.log.info(
            `${name}: no endpoint published yet by ${remote.waiting.map((w) => `${ctx.environment}-${w}`).join(", ")}, so no connection to accept from them. ` +
                `Deploy them, then run ${ctx.environment}-${service.spoke} again to accept their connections.`,
        );
    }
    const list = [...local, ...remote.connections];
    const opts = networkAdminOpts(ctx, provider.owner.spoke.account);
    const byRegion = (region: string) => list.filter((c) => c.serviceRegion === region).map((c) => ({ label: c.label, endpointId: c.endpointId }));
    const primaryRegion = primaryRegionOf(ctx.definition, service);
    const home = byRegion(primaryRegion);
    let acceptance: EndpointConnectionAcceptance | undefined;
    if (home.length > 0) {
        acceptance = new EndpointConnectionAcceptance(`${name}-accept`, { serviceId: provider.primary.serviceId, ...(primaryRegion !== ctx.region ? { region: primaryRegion } : {}), connections: home }, opts);
    }
    // What consumers in other stacks read to turn private DNS on (after this run has accepted them).
    provider.published.acceptedConnections = Object.fromEntries(home.map((c) => [c.label, c.endpointId]));
    if (provider.secondary && service.failover) {
        const second = byRegion(service.failover.region);
        if (second.length > 0) {
            new EndpointConnectionAcceptance(
                `${name}-${service.failover.region}-accept`,
                { serviceId: provider.secondary.serviceId, region: service.failover.region, connections: second },
                opts,
            );
        }
    }
    return acceptance;
}

/**
 * Options for what only the network admin role may do (perimeter SCP
 * DenyEndpointServiceAdminExceptNetworkAdmin): create and change endpoint services, accept
 * their connections. The account's own provider when stacks already deploy as that role (or
 * there is no organization, hence no SCP); otherwise a provider that assumes
 * `perimeter.networkAdminRole` in the account — the deploying identity must be allowed to.
 */
const adminProviders = new WeakMap<UnitContext, Map<string, pulumi.ComponentResourceOptions>>();
export function networkAdminOpts(ctx: UnitContext, account: string): pulumi.ComponentResourceOptions {
    const d = ctx.definition;
    if (!d.organization || d.perimeter.networkAdminRole === d.deployment.roleName) return ctx.opts(account);
    // One provider per account AND Region (the context's Region: resources in another Region
    // name theirs through the resource-level `region`), cached per context (one per Region in
    // unit all). The home Region's keeps its original name, so existing stacks keep its URN.
    let cache = adminProviders.get(ctx);
    if (!cache) adminProviders.set(ctx, (cache = new Map()));
    const key = `${account}/${ctx.region}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const id = ctx.accountId(account);
    const name = ctx.region === d.region ? `${account}-network-admin-provider` : `${account}-${ctx.region}-network-admin-provider`;
    const provider = new aws.Provider(name, {
        region: ctx.region as aws.Region,
        assumeRoles: [{ roleArn: `arn:${partitionOf(ctx.region)}:iam::${id}:role/${d.perimeter.networkAdminRole}`, sessionName: `landing-zone-${ctx.environment}-network-admin` }],
        allowedAccountIds: [id],
        defaultTags: { tags: { "landing-zone:environment": d.environment, "landing-zone:managed-by": "pulumi" } },
    });
    const opts = { provider };
    cache.set(key, opts);
    return opts;
}

/**
 * The connections the owner of `service` accepts that were not built in this graph: read
 * from each consumer's `endpointConnections` output. Consumers not deployed yet are named.
 */
async function publishedConnections(ctx: UnitContext, service: EndpointServiceDefinition, local: Set<string>): Promise<{ connections: BuiltConnection[]; waiting: string[] }> {
    const connections: BuiltConnection[] = [];
    const waiting: string[] = [];
    const lost: string[] = [];
    // The connections this owner accepted in its last run (its own outputs): a consumer among
    // them that now publishes nothing lost its outputs (a failed update, a state edit), not its
    // endpoints — dropping its accepters would reject its live connections
    // (aws/lifecycle.ts connection-accepter-delete-rejects-connection).
    // Read only when a consumer publishes nothing (unit `all` reads no stack: every consumer is local there).
    let acceptedBefore: string[] | undefined;
    for (const consumer of service.consumers) {
        if (local.has(consumer) || !ctx.definition.spokes.some((s) => s.name === consumer)) continue;
        const out = await readStackOutputs(ctx.environment, consumer, [endpointConnectionsOutputName] as const);
        const entries = (out[endpointConnectionsOutputName] as PublishedConnections | undefined)?.[service.name];
        if (!entries || Object.keys(entries).length === 0) {
            const labels = consumerEndpoints(ctx.definition, service, consumer).map((e) => e.label);
            if (acceptedBefore === undefined) acceptedBefore = local.has(service.spoke) ? await acceptedLabelsBefore(ctx, service) : [];
            if (labels.some((l) => acceptedBefore!.includes(l))) lost.push(consumer);
            else waiting.push(consumer);
            continue;
        }
        for (const [label, e] of Object.entries(entries)) {
            if (typeof e?.endpointId === "string" && typeof e.serviceRegion === "string") connections.push({ label, endpointId: e.endpointId, serviceRegion: e.serviceRegion });
        }
    }
    if (lost.length > 0) {
        const env = ctx.environment;
        const stacks = lost.map((c) => `${env}-${c}`);
        const message =
            `${stacks.join(", ")} publish${lost.length === 1 ? "es" : ""} no ${endpointConnectionsOutputName} for ${service.name}, but ${env}-${service.spoke} accepted ` +
            `${lost.length === 1 ? "its endpoint connections" : "their endpoint connections"} before and the definition still has ${lost.length === 1 ? "it as a consumer" : "them as consumers"}. ` +
            `Going on would delete the accepters, which rejects live connections (RejectVpcEndpointConnections). ` +
            `Deploy ${stacks.join(", ")} again so ${lost.length === 1 ? "it publishes its" : "they publish their"} outputs, then ${env}-${service.spoke}. ` +
            `To stop serving a consumer, take it out of the service's consumers first.`;
        if (!pulumi.runtime.isDryRun()) throw new pulumi.RunError(message);
        pulumi.log.warn(message);
    }
    return { connections, waiting };
}

/** The consumer endpoint labels the owner of `service` accepted in its last run (home Region: `acceptedConnections` of its own outputs). */
async function acceptedLabelsBefore(ctx: UnitContext, service: EndpointServiceDefinition): Promise<string[]> {
    const own = await readStackOutputs(ctx.environment, service.spoke, [endpointServicesOutputName] as const);
    const entry = (own[endpointServicesOutputName] as Record<string, PublishedEndpointService> | undefined)?.[service.name];
    const accepted = entry?.acceptedConnections;
    return accepted !== null && typeof accepted === "object" ? Object.keys(accepted) : [];
}
