/**
 * PrivateLink, what both sides agree on (pure: no resource): the stack outputs an owner spoke
 * publishes (`endpointServices`) and a consumer spoke publishes (`endpointConnections`), the
 * Regions of a service and of its consumers, the endpoints each consumer creates and their
 * labels, resource names shared by both sides, and the outputs the offline plan synthesizes
 * for a stack planned alone. The owner side (endpoint services, acceptance, notifications,
 * failover provider) is in privatelink-provider.ts; the consumer side (interface endpoints,
 * failover endpoints and zones, private DNS) in privatelink-consumer.ts; how one program wires
 * them in privatelink.ts; the governance detective controls in privatelink-governance.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import { EndpointConnection, FailoverZoneRecord } from "../components/endpoint-service";
import { EndpointServiceDefinition } from "../definition/endpoint-services";
import { Definition } from "../definition/schema";
import { spokeRegion } from "../definition/regions";
import { NetworkVpcRecord } from "./acceptance";
import { FailoverProviderRef } from "./failover-provider";

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
        /**
         * What the owner's next run needs for the zone to follow a replaced owner VPC (a CIDR
         * change; components/endpoint-service.ts planOwnerAssociation): the zone's name, the owner
         * VPC it is associated with, that VPC's CIDR and Region, and whether the association is a
         * `ZoneAssociation` of its own. Read back by the owner's stack from its own outputs. Absent
         * in outputs of older runs.
         */
        zone?: string;
        ownerVpcId?: pulumi.Input<string>;
        ownerCidr?: string;
        ownerRegion?: string;
        ownerAssociationHeld?: boolean;
    };
    /**
     * The consumer endpoints (by label, ConsumerEndpointSpec) whose connections the owner accepts
     * in the Region of the service, with the endpoint id accepted. A consumer turns private DNS on
     * for its endpoint once this names it with its current id.
     */
    acceptedConnections?: Record<string, pulumi.Input<string>>;
}

/**
 * Stack output of unit `all` with each failover zone's record (service → the `zone`, `zoneId`,
 * `ownerVpcId`, `ownerCidr`, `ownerRegion`, `ownerAssociationHeld` of its `failover` entry): unit
 * all publishes no `endpointServices` (no other stack reads it) but reads this back from its own
 * previous outputs, as a spoke reads its `endpointServices`.
 */
export const failoverZonesOutputName = "failoverZones";

type FailoverEntry = NonNullable<PublishedEndpointService["failover"]>;
type FailoverZoneOutput = Pick<FailoverEntry, "zone" | "zoneId" | "ownerVpcId" | "ownerCidr" | "ownerRegion" | "ownerAssociationHeld">;

/** Unit all's `failoverZones` output from what it published: each failover zone's record (empty without failover). */
export function failoverZonesOf(published: Record<string, PublishedEndpointService | PublishedFailoverService>): Record<string, FailoverZoneOutput> {
    const out: Record<string, FailoverZoneOutput> = {};
    for (const [name, entry] of Object.entries(published)) {
        const f = "failover" in entry ? entry.failover : undefined;
        if (!f) continue;
        out[name] = { zone: f.zone, zoneId: f.zoneId, ownerVpcId: f.ownerVpcId, ownerCidr: f.ownerCidr, ownerRegion: f.ownerRegion, ownerAssociationHeld: f.ownerAssociationHeld };
    }
    return out;
}

/**
 * A failover zone's record from a previous run's outputs (a spoke's `endpointServices.<service>.failover`,
 * unit all's `failoverZones.<service>`): only the fields of the right type; {} for anything else.
 * `legacy` (a spoke's own `vpcId` and `cidr` outputs, the service's `region`) fills the owner VPC
 * of outputs from before the record: the zone was created with the VPC the stack kept.
 */
export function failoverZoneRecordOf(raw: unknown, legacy: { vpcId?: unknown; cidr?: unknown; region?: unknown } = {}): FailoverZoneRecord {
    if (raw === null || typeof raw !== "object") return {};
    const r = raw as Record<string, unknown>;
    const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
    const zoneId = str(r.zoneId);
    if (zoneId === undefined) return {};
    const recorded = str(r.ownerVpcId) !== undefined;
    return {
        zone: str(r.zone),
        zoneId,
        ownerVpcId: recorded ? str(r.ownerVpcId) : str(legacy.vpcId),
        ownerCidr: recorded ? str(r.ownerCidr) : str(legacy.cidr),
        ownerRegion: recorded ? str(r.ownerRegion) : str(legacy.region),
        ownerAssociationHeld: r.ownerAssociationHeld === true,
    };
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

/** What a failover provider spoke's stack publishes for the service it serves (its `endpointServices` entry). */
export interface PublishedFailoverService {
    /** The primary service's owner spoke. */
    failoverOf: string;
    region: string;
    serviceName: pulumi.Input<string>;
    serviceId: pulumi.Input<string>;
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
export function consumerRegionOf(definition: Definition, consumer: string): string {
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

/** Tags of the PrivateLink resources: the environment's, and `extra`. */
export function tagsOf(definition: Definition, extra: Record<string, string>): Record<string, string> {
    return { "landing-zone:environment": definition.environment, ...extra };
}

/** A consumer endpoint, for its owner to accept: built in this graph, or published by the consumer's stack. */
export interface BuiltConnection extends EndpointConnection {
    serviceRegion: string;
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
                // As after the owner's second run: the zone's association with the owner VPC (the
                // spoke's synthesized vpcId) is held as a ZoneAssociation.
                zone: failover.zone,
                ownerVpcId: `vpc-${hex(`${definition.environment}/${service.spoke}/vpc`)}`,
                ownerCidr: definition.spokes.find((s) => s.name === service.spoke)?.cidr,
                ownerRegion: primary,
                ownerAssociationHeld: true,
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
