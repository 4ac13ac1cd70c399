/**
 * PrivateLink units: provider services and their consumers (`endpointServices`), their
 * optional cross-Region failover, and the governance detective controls (`security`).
 *
 * Where things are built:
 *  - unit `all`: everything, in one graph.
 *  - a spoke unit: the provider side of the services the spoke owns, and the consumer
 *    side of the services it consumes. A consumer reads the provider's service name
 *    from the owner spoke's stack output `endpointServices` (see PublishedEndpointService);
 *    when the owner has not been deployed, the consumer side is skipped with a message.
 *  - unit `security`: the audit bus, evaluator and topic (buildDetectiveControls).
 *  - every unit that first deploys into an account: that account's governance forwarder
 *    (buildGovernanceForUnit).
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
import * as pulumi from "@pulumi/pulumi";
import { unsupportedCrossRegionDestinations } from "../aws/event-delivery";
import * as aws from "@pulumi/aws";
import {
    AuthorizedVpc,
    ConsumerPrivateDns,
    EndpointConnection,
    EndpointConnectionAcceptance,
    EndpointService,
    EndpointServiceConsumer,
    FailoverConsumerZone,
    FailoverRouting,
} from "../components/endpoint-service";
import { partitionOf } from "../aws/partitions";
import { GovernanceAudit, GovernanceForwarder } from "../components/detective-controls";
import { EndpointServiceDefinition } from "../definition/endpoint-services";
import { Definition } from "../definition/schema";
import { hubRegions, spokeRegion } from "../definition/regions";
import { SpokeVpcInfo, UnitContext } from "./context";
import { readStackOutputs, stackReference } from "./references";
import { ownerUnitOfAccount } from "../definition/units";
import { NetworkVpcRecord, keepsRecordedVpc, publishedVpcOf, recordOf } from "./acceptance";
import { ownVpcOutputNames } from "./context";
import { FailoverProviderRef, failoverProviderChanged, failoverProviderOf } from "./failover-provider";

// ---- pure helpers --------------------------------------------------------------------

/** Stack output of an owner spoke that carries its published services. */
export const endpointServicesOutputName = "endpointServices";

/** What an owner spoke publishes for each service it owns (stack output `endpointServices`). */
export interface PublishedEndpointService {
    serviceName: pulumi.Input<string>;
    serviceId: pulumi.Input<string>;
    /**
     * The Region the service is in (its owner spoke's when the stack ran): a consumer compares it
     * with the definition's to see that the owner still publishes the service from a Region it
     * is moving away from (providerView). Absent in outputs of older runs: then the Region in the
     * service name (publishedServiceRegion).
     */
    region?: string;
    /**
     * The consumer account ids the service allows (its allowed principals' roots), published
     * once the service carries them: a consumer builds its endpoint only when it finds its
     * account here, so it never races the owner's update that allows it
     * (aws/lifecycle.ts endpoint-needs-allowed-principal). Absent in outputs of older runs.
     */
    allowedAccounts?: pulumi.Input<string[]>;
    /**
     * The Regions the service accepts endpoints from (its own and its supported Regions),
     * published once the service carries them: a consumer in another Region builds its endpoint
     * only when it finds its Region here (aws/lifecycle.ts endpoint-needs-service-in-its-region),
     * so a consumer moved to a new Region never races the owner's update that adds it. Absent in
     * outputs of older runs.
     */
    supportedRegions?: pulumi.Input<string[]>;
    failover?: {
        region: string;
        serviceName: pulumi.Input<string>;
        /** The provider's failover zone. */
        zoneId: pulumi.Input<string>;
        /** `<spoke>/<region>` of the consumer VPCs authorized to associate with the zone. */
        authorizedVpcs: string[];
        /**
         * The home-Region consumer VPCs authorized, by label, as their stacks published them
         * (VPC id, account, CIDR): AWS authorizes a VPC id, so a consumer whose VPC was built
         * again (another account, same CIDR) waits for its own authorization
         * (program/acceptance.ts). Absent in outputs of older runs (then the labels decide).
         */
        authorizedRecords?: Record<string, NetworkVpcRecord>;
        /**
         * Which provider serves the failover Region's service: the definition's
         * `failover.provider` (its spoke, or the VPC id of one built outside the landing zone).
         * A consumer that finds another provider here than the definition's drops its failover
         * endpoints for that run (providerView), as for a changed failover Region. Absent in
         * outputs of older runs.
         */
        provider?: FailoverProviderRef;
    };
    /**
     * The consumer endpoints (by label, ConsumerEndpointSpec) whose connections the owner accepts
     * in the Region of the service, with the endpoint id accepted. A consumer turns private DNS on
     * for its endpoint once this names it with its current id.
     */
    acceptedConnections?: Record<string, pulumi.Input<string>>;
}

/** Stack output of a consumer spoke that carries its endpoints to our services, for their owners to accept. */
export const endpointConnectionsOutputName = "endpointConnections";

/** What a consumer spoke publishes (stack output `endpointConnections`): service → label → its endpoint. */
export type PublishedConnections = Record<string, Record<string, { endpointId: pulumi.Input<string>; serviceRegion: string }>>;

/** One interface endpoint a consumer spoke creates to a service. */
export interface ConsumerEndpointSpec {
    /** Unique per service: the consumer spoke, and the Regions when they differ. */
    label: string;
    /** Region of the endpoint itself. */
    endpointRegion: string;
    /** Region of the endpoint service it connects to (whose owner accepts it). */
    serviceRegion: string;
}

/** The Region of a service's primary endpoint service: its owner spoke's (definition/regions.ts). */
export function primaryRegionOf(definition: Definition, service: EndpointServiceDefinition): string {
    const owner = definition.spokes.find((s) => s.name === service.spoke);
    return owner ? spokeRegion(definition, owner) : definition.region;
}

/**
 * The Region of the service an owner's stack publishes: its `region` entry, else (outputs of
 * runs before it was published: the home Region, or the Region the definition placed the
 * owner in then) the Region in the service name — an endpoint service's name is
 * `com.amazonaws.vpce.<region>.vpce-svc-<id>`, `cn.com.amazonaws.vpce.<region>.…` in the China
 * Regions (https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html).
 * Undefined for an entry that is not a published service, and for a name of no such form:
 * then the Region decides nothing (a consumer's endpoints are never dropped on a guess).
 */
export function publishedServiceRegion(entry: { region?: unknown; serviceName?: unknown } | undefined): string | undefined {
    if (!entry || typeof entry.serviceName !== "string") return undefined;
    if (typeof entry.region === "string" && entry.region !== "") return entry.region;
    const m = /^(?:[a-z]+\.)?com\.amazonaws\.vpce\.([a-z]{2}(?:-[a-z]+)+-\d+)\.vpce-svc-/.exec(entry.serviceName);
    return m ? m[1] : undefined;
}

/**
 * The Regions a service's endpoint services accept consumers from (`supportedRegions`,
 * cross-Region PrivateLink): the primary's, the failover Region and every consumer's Region;
 * undefined when that is the primary's Region alone (no cross-Region consumer).
 */
export function supportedRegionsOf(definition: Definition, service: EndpointServiceDefinition): string[] | undefined {
    const primary = primaryRegionOf(definition, service);
    const regions = new Set([primary, ...service.consumers.map((c) => consumerRegionOf(definition, c))]);
    if (service.failover) regions.add(service.failover.region);
    return regions.size > 1 ? [...regions].sort() : undefined;
}

/** The Region a consumer spoke's VPC lives in. */
function consumerRegionOf(definition: Definition, consumer: string): string {
    const spoke = definition.spokes.find((s) => s.name === consumer);
    return spoke ? spokeRegion(definition, spoke) : definition.region;
}

/**
 * The endpoints `consumer` creates to `service`, in the consumer's own Region: one to the
 * primary service (the owner spoke's Region); with failover, one to the failover Region's
 * service, and — when the consumer also has a VPC of its own in the failover Region
 * (`failover.consumers`, built outside the landing zone) — one there to each Region's service.
 * Labels: the consumer's name for the endpoint in the primary's Region to the primary,
 * `<consumer>-to-<region>` from there to another Region, `<consumer>-<region>` in a consumer
 * Region other than the primary's, `<consumer>-<region>-to-<service Region>` from there
 * across Regions.
 */
export function consumerEndpoints(definition: Definition, service: EndpointServiceDefinition, consumer: string): ConsumerEndpointSpec[] {
    const primary = primaryRegionOf(definition, service);
    const own = consumerRegionOf(definition, consumer);
    const label = (endpointRegion: string, serviceRegion: string): string => {
        const base = endpointRegion === primary ? consumer : `${consumer}-${endpointRegion}`;
        return endpointRegion === serviceRegion ? base : `${base}-to-${serviceRegion}`;
    };
    const spec = (endpointRegion: string, serviceRegion: string): ConsumerEndpointSpec => ({ label: label(endpointRegion, serviceRegion), endpointRegion, serviceRegion });
    const failover = service.failover;
    if (!failover) return [spec(own, primary)];
    // The endpoint in the Region of the service it reaches comes first, then the cross-Region one.
    const out = own === failover.region ? [spec(own, failover.region), spec(own, primary)] : [spec(own, primary), spec(own, failover.region)];
    if (own !== failover.region && failover.consumers.some((c) => c.spoke === consumer)) {
        out.push(spec(failover.region, failover.region));
        out.push(spec(failover.region, primary));
    }
    return out;
}

/** Account ids of a service's consumers (their roots are its allowed principals). */
export function consumerAccountIds(definition: Definition, service: EndpointServiceDefinition): string[] {
    const ids = service.consumers
        .map((name) => definition.spokes.find((s) => s.name === name)?.account)
        .filter((a): a is string => a !== undefined)
        .map((a) => definition.accounts[a])
        .filter((id): id is string => id !== undefined);
    return [...new Set(ids)].sort();
}

/** SNS topic for a service's connection notifications (same name in each Region). */
export function connectionTopicName(environment: string, service: string): string {
    return `${environment}-${service}-privatelink-connections`;
}

/** Zone in which a consumer keeps `primary`/`secondary` records for a failover service. */
export function consumerZoneName(service: EndpointServiceDefinition): string {
    if (!service.failover) throw new Error(`service ${service.name} has no failover`);
    return `vpce.${service.name}.${service.failover.zone}`;
}

/** Label of a consumer VPC in a Region (resource names, `authorizedVpcs`). */
export function vpcLabel(spoke: string, region: string): string {
    return `${spoke}/${region}`;
}

/**
 * The service names a consumer spoke's endpoints connect to, for the policy pack's
 * approved list: these are organization services, so the pack must not flag them. Known
 * only after the owner deployed; `published` is the owner's `endpointServices` output.
 */
export function consumedServiceNames(published: Record<string, { serviceName?: unknown; failover?: { serviceName?: unknown } }>): string[] {
    const names: string[] = [];
    for (const entry of Object.values(published)) {
        if (typeof entry.serviceName === "string") names.push(entry.serviceName);
        if (typeof entry.failover?.serviceName === "string") names.push(entry.failover.serviceName);
    }
    return [...new Set(names)].sort();
}

/** Accounts whose governance forwarder some unit deploys: those a unit deploys into. */
export function governedAccounts(definition: Definition): string[] {
    return Object.keys(definition.accounts).filter((account) => ownerUnitOfAccount(definition, account) !== undefined);
}

/** The accounts whose governance forwarder a unit deploys (the unit that first deploys into each). */
export function governedAccountsOfUnit(definition: Definition, unit: string): string[] {
    if (!definition.security) return [];
    if (unit === "all") return governedAccounts(definition);
    return governedAccounts(definition).filter((account) => ownerUnitOfAccount(definition, account) === unit);
}

/**
 * Every Region where the environment creates endpoint services or endpoints, the home
 * Region first: the detective controls (forwarders, Config rule, DLQs) watch each of them in
 * every governed account. That is every hub Region (each has interface endpoints and spokes
 * that may publish or consume PrivateLink services: definition/regions.ts) and each
 * `endpointServices[].failover.region`.
 */
export function governedRegions(definition: Definition): string[] {
    const others = new Set<string>();
    for (const hub of hubRegions(definition)) others.add(hub.region);
    for (const service of definition.endpointServices) if (service.failover) others.add(service.failover.region);
    others.delete(definition.region);
    return [definition.region, ...[...others].sort()];
}

/**
 * Why the detective controls cannot watch the environment's Regions, if they cannot: the
 * audit bus is in the home Region, and EventBridge does not deliver to GovCloud or China
 * Regions from another Region (aws/event-delivery.ts).
 */
export function governanceRegionProblems(definition: Definition): string[] {
    const [home, ...others] = governedRegions(definition);
    if (others.length === 0 || !unsupportedCrossRegionDestinations.includes(home)) return [];
    return [
        `security: the audit bus would be in ${home}, which cannot receive EventBridge events from another Region, ` +
            `so ${others.join(", ")} (network.regions, endpointServices[].failover.region) could not be watched. ` +
            `Keep every Region within ${home}'s partition and use a home Region that accepts cross-Region events, or remove the other Regions.`,
    ];
}

function stopOnRegionProblems(ctx: UnitContext): void {
    const problems = governanceRegionProblems(ctx.definition);
    if (problems.length > 0) throw new pulumi.RunError(`${ctx.definitionFile}: ${problems.join("\n")}`);
}

function tagsOf(definition: Definition, extra: Record<string, string>): Record<string, string> {
    return { "landing-zone:environment": definition.environment, ...extra };
}

// ---- endpoint services ---------------------------------------------------------------

interface BuiltProvider {
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
function buildSecondaryService(ctx: UnitContext, service: EndpointServiceDefinition, account: string, vpc: { vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[] }): EndpointService {
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

/** What a failover provider spoke's stack publishes for the service it serves (its `endpointServices` entry). */
export interface PublishedFailoverService {
    /** The primary service's owner spoke. */
    failoverOf: string;
    region: string;
    serviceName: pulumi.Input<string>;
    serviceId: pulumi.Input<string>;
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

async function buildProvider(ctx: UnitContext, service: EndpointServiceDefinition, owner: SpokeVpcInfo, spokes: Map<string, SpokeVpcInfo>): Promise<BuiltProvider> {
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
    };
    return { owner, primary, secondary, routing, published };
}

interface ProviderView {
    serviceName: pulumi.Input<string>;
    /** Local owner (this graph): its acceptance of the home Region's connections, once built. */
    local?: boolean;
    /** Remote owner: the endpoint ids it published as accepted, by label (plain values read from its stack). */
    acceptedConnections?: Record<string, string>;
    failover?: { serviceName: pulumi.Input<string>; zoneId: pulumi.Input<string>; authorizedVpcs: string[]; authorizations: pulumi.Resource[] };
}

/** The provider as a consumer sees it: built in this graph, or read from the owner's stack. */
async function providerView(ctx: UnitContext, service: EndpointServiceDefinition, built: Map<string, BuiltProvider>, consumer: string): Promise<ProviderView | undefined> {
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
        // stack is destroyed next (program/stack-graph.ts spokesMovingAccount), and its service
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
        // it is moving from (program/stack-graph.ts spokesMovingRegion). An endpoint to it would
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

/** A consumer endpoint built in this graph, for its owner to accept. */
interface BuiltConnection extends EndpointConnection {
    serviceRegion: string;
}

/** A consumer's endpoint in the home Region to the primary service: the one private DNS points at. */
interface PrivateDnsCandidate {
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
function buildConsumer(ctx: UnitContext, service: EndpointServiceDefinition, consumer: SpokeVpcInfo, provider: ProviderView, privateDns: PrivateDnsCandidate[]): BuiltConnection[] {
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
        const secondary = buildSecondaryService(groupOf(providerSpoke).ctx, service, vpc.spoke.account, { vpcId: vpc.vpcId, subnetIds: vpc.workloadSubnetIds });
        failoverServices[service.name] = { failoverOf: service.spoke, region: service.failover!.region, serviceName: secondary.serviceName, serviceId: secondary.serviceId };
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
        const remote = await publishedConnections(ctx, service, new Set(all.keys()));
        if (remote.waiting.length > 0) {
            pulumi.log.info(
                `${name}: no endpoint published yet by ${remote.waiting.map((w) => `${ctx.environment}-${w}`).join(", ")}, so no connection to accept from them. ` +
                    `Deploy them, then run ${ctx.environment}-${service.spoke} again to accept their connections.`,
            );
        }
        const list = [...(connections.get(name) ?? []), ...remote.connections];
        const opts = networkAdminOpts(ctx, provider.owner.spoke.account);
        const byRegion = (region: string) => list.filter((c) => c.serviceRegion === region).map((c) => ({ label: c.label, endpointId: c.endpointId }));
        const primaryRegion = primaryRegionOf(definition, service);
        const home = byRegion(primaryRegion);
        if (home.length > 0) {
            homeAcceptance.set(
                name,
                new EndpointConnectionAcceptance(`${name}-accept`, { serviceId: provider.primary.serviceId, ...(primaryRegion !== ctx.region ? { region: primaryRegion } : {}), connections: home }, opts),
            );
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

/**
 * Private DNS of the consumers' home endpoints to services with a private DNS name, once the
 * owner has accepted them: in this graph after its accepters (`dependsOn`); across stacks when
 * the owner's stack names the endpoint in `acceptedConnections` — with the id it accepted, so a
 * replaced endpoint waiting for acceptance again keeps private DNS off until the owner's next run.
 */
function buildPrivateDns(ctx: UnitContext, candidates: PrivateDnsCandidate[], homeAcceptance: Map<string, EndpointConnectionAcceptance>): void {
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

// ---- detective controls ----------------------------------------------------------------

/**
 * The unit whose name an account's forwarder names carry (the account's first unit, in
 * unit `all` too: the recorded plans and the detective-control tests pin those names).
 */
function forwarderOwner(ctx: UnitContext, account: string): string | undefined {
    return ownerUnitOfAccount(ctx.definition, account);
}

function forwarder(ctx: UnitContext, account: string): GovernanceForwarder {
    const definition = ctx.definition;
    const security = definition.security!;
    return new GovernanceForwarder(
        `${ctx.environment}-governance-${account}`,
        {
            environment: ctx.environment,
            accountId: ctx.accountId(account),
            region: definition.region,
            regions: governedRegions(definition),
            partition: partitionOf(definition.region),
            // A spoke placed in another Region deploys with that Region's provider.
            providerRegion: ctx.region,
            securityAccountId: ctx.accountId(security.account),
            configRule: security.configRule,
            tags: tagsOf(definition, {}),
            // Names carry the owning unit: a hand-off (the account's first unit removed)
            // creates the new owner's set beside the old one's instead of colliding with it.
            owner: forwarderOwner(ctx, account),
        },
        ctx.opts(account),
    );
}

/**
 * The audit side in the security account, and the forwarders the security unit owns
 * (every governed account in unit `all`; the security account's own otherwise).
 */
export function buildDetectiveControls(ctx: UnitContext): void {
    const definition = ctx.definition;
    const security = definition.security;
    if (!security) return;
    stopOnRegionProblems(ctx);
    const accounts = governedAccounts(definition);
    new GovernanceAudit(
        `${ctx.environment}-governance`,
        {
            environment: ctx.environment,
            accountId: ctx.accountId(security.account),
            region: definition.region,
            regions: governedRegions(definition),
            partition: partitionOf(definition.region),
            organizationId: definition.organization?.id,
            governedAccountIds: [...new Set(accounts.map((a) => ctx.accountId(a)))],
            forwarderOwners: Object.fromEntries(accounts.flatMap((a) => {
                const owner = forwarderOwner(ctx, a);
                return owner === undefined ? [] : [[ctx.accountId(a), owner]];
            })),
            approvedServiceNames: definition.perimeter.approvedEndpointServices,
            trustedAccounts: definition.perimeter.trustedAccounts,
            networkAdminRole: definition.perimeter.networkAdminRole,
            alertEmails: security.alertEmails,
            tags: tagsOf(definition, {}),
        },
        ctx.opts(security.account),
    );
    for (const account of governedAccountsOfUnit(definition, ctx.singleGraph ? "all" : "security")) forwarder(ctx, account);
}

/**
 * The governance forwarders of the accounts `unit` is the first to deploy into. Call it
 * from the org, network and spoke units (the security unit's come with
 * buildDetectiveControls; unit `all` gets every one there).
 */
export function buildGovernanceForUnit(ctx: UnitContext, unit: string): void {
    if (unit === "all" || unit === "security") return;
    if (governedAccountsOfUnit(ctx.definition, unit).length > 0) stopOnRegionProblems(ctx);
    for (const account of governedAccountsOfUnit(ctx.definition, unit)) forwarder(ctx, account);
}

/**
 * Plausible `endpointServices` output of a deployed owner spoke, for the offline plan's
 * synthesized StackReferences (so a consumer spoke can be planned alone). `hex(seed)`
 * must return a deterministic 17-character hex string. Every consumer VPC counts as
 * authorized, as after the owner's second pass. Undefined when the unit owns no service.
 */
export function synthesizePublishedServices(
    definition: Definition,
    unit: string,
    hex: (seed: string) => string,
): Record<string, PublishedEndpointService | PublishedFailoverService> | undefined {
    const owned = definition.endpointServices.filter((s) => s.spoke === unit);
    // Services whose failover Region's service this spoke serves (failover.provider.spoke).
    const serving = definition.endpointServices.filter((s) => s.failover?.provider.spoke === unit && s.spoke !== unit);
    if (owned.length === 0 && serving.length === 0) return undefined;
    const out: Record<string, PublishedEndpointService | PublishedFailoverService> = {};
    const secondaryId = (service: EndpointServiceDefinition) => `vpce-svc-${hex(`${definition.environment}/${service.name}/${service.failover!.region}`)}`;
    for (const service of serving) {
        const id = secondaryId(service);
        out[service.name] = { failoverOf: service.spoke, region: service.failover!.region, serviceId: id, serviceName: `com.amazonaws.vpce.${service.failover!.region}.${id}` };
    }
    for (const service of owned) {
        const primary = primaryRegionOf(definition, service);
        const id = `vpce-svc-${hex(`${definition.environment}/${service.name}/${primary}`)}`;
        const entry: PublishedEndpointService = {
            serviceId: id,
            serviceName: `com.amazonaws.vpce.${primary}.${id}`,
            region: primary,
            allowedAccounts: consumerAccountIds(definition, service),
            // As after the owner's accept pass: every consumer's endpoint to the primary service, with the id synthesizeConsumerConnections gives it.
            acceptedConnections: Object.fromEntries(
                service.consumers
                    .filter((c) => c !== service.spoke)
                    .flatMap((c) => consumerEndpoints(definition, service, c).filter((e) => e.serviceRegion === primary).map((e) => [e.label, `vpce-${hex(`${definition.environment}/${service.name}/${e.label}`)}`])),
            ),
        };
        const failover = service.failover;
        if (failover) {
            const secondId = secondaryId(service);
            entry.failover = {
                region: failover.region,
                serviceName: `com.amazonaws.vpce.${failover.region}.${secondId}`,
                zoneId: `Z${hex(`${definition.environment}/${service.name}/zone`).toUpperCase()}`,
                authorizedVpcs: [
                    ...service.consumers.map((c) => vpcLabel(c, consumerRegionOf(definition, c))),
                    ...failover.consumers.map((c) => vpcLabel(c.spoke, failover.region)),
                ],
            };
        }
        out[service.name] = entry;
    }
    return out;
}

/**
 * Plausible `endpointConnections` output of a deployed consumer spoke, for the offline
 * plan's synthesized StackReferences (so an owner spoke can be planned alone, at its
 * second pass). Every endpoint `consumerEndpoints` says the spoke creates, with a
 * deterministic id. Undefined when the unit consumes no service.
 */
export function synthesizeConsumerConnections(definition: Definition, unit: string, hex: (seed: string) => string): PublishedConnections | undefined {
    const consumed = definition.endpointServices.filter((s) => s.consumers.includes(unit));
    if (consumed.length === 0) return undefined;
    const out: PublishedConnections = {};
    for (const service of consumed) {
        out[service.name] = Object.fromEntries(
            consumerEndpoints(definition, service, unit).map((e) => [e.label, { endpointId: `vpce-${hex(`${definition.environment}/${service.name}/${e.label}`)}`, serviceRegion: e.serviceRegion }]),
        );
    }
    return out;
}
