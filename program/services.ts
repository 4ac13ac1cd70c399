/**
 * Interface endpoints and DNS sharing, per unit:
 *
 * network unit (`buildCentralServices`, then `authorizeSpokeZones` once the spokes are known)
 *   - centralized: `CentralEndpoints` in the hub's endpoint subnets.
 *   - profile: a `DnsProfile` holding the endpoints and the forwarding rules, shared through RAM.
 *   - hosted-zones: `ServiceHostedZones` with alias records to the endpoints, one
 *     `ZoneAuthorizations` per spoke VPC; forwarding rules shared through RAM.
 *   - `HybridDns`: Resolver inbound endpoint and forwarding rules when the definition asks.
 *   - distributed: the hub zones of pattern 2 (see `authorizeSpokeZones`).
 * Every Region with a hub gets its own (definition/regions.ts): the network unit of each Region
 * builds them with that Region's services (`network.regions.<region>.endpoints.services`,
 * default the home Region's) from `ctx.region`, and each spoke associates with its own
 * Region's Profile, zones and rules (a Profile, a private hosted zone's records and a Resolver
 * rule serve VPCs of their own Region).
 *
 * spoke unit (`buildSpokeServices`)
 *   - `SpokeDns`: one Profile association (profile), or one association per zone and per
 *     rule (hosted-zones).
 *   - distributed: `CentralEndpoints` in the spoke's workload subnets.
 */
import { catalogEntry } from "../aws/service-catalog";
import * as pulumi from "@pulumi/pulumi";
import { CentralEndpoints, dnsSharedServices } from "../components/central-endpoints";
import { DnsProfile, sharePrincipals } from "../components/dns-profile";
import { AliasTarget, EndpointAliasRecords, HubZonesRecord, ServiceHostedZones, ZoneAuthorizations, planHubAssociations, serviceZoneSpecs } from "../components/hosted-zones";
import { HybridDns } from "../components/hybrid-dns";
import { SpokeDns, SpokeDnsArgs } from "../components/spoke-dns";
import { Definition, Spoke } from "../definition/schema";
import { NetworkOutputs, SpokeVpcInfo, UnitContext } from "./context";
import { NetworkCore } from "./network";
import { deployFirst, stackReference } from "./references";
import { stackName } from "../definition/units";
import { HUB_DOMAIN } from "../definition/validate";
import { hubRegion, networkUnitOf, spokeRegion, spokesIn } from "../definition/regions";
import { weightedRecordsPerName } from "../aws/quotas";


/** Name of the spoke stack output that carries its distributed endpoints' DNS entries. */
export const ENDPOINT_DNS_OUTPUT = "endpointDnsEntries";

export interface CentralServices {
    /** The values spokes need (profileId, hostedZoneIds, resolverRuleIds). */
    outputs: Omit<NetworkOutputs, "transitGatewayId">;
    core: NetworkCore;
    endpoints?: CentralEndpoints;
    profile?: DnsProfile;
    zones?: ServiceHostedZones;
    /**
     * hosted-zones: what the next run needs to keep the central zones associated with a
     * replaced hub (published as the stack output {@link CENTRAL_ZONES_OUTPUT}, Region →
     * record; read back as `PreviousZones.centralZones`).
     */
    centralZones?: Record<string, { hubCidr: string; hubVpcId: pulumi.Output<string>; zoneIds: Record<string, pulumi.Output<string>>; held: string[] }>;
    hybrid?: HybridDns;
    /**
     * Distributed endpoints: names the previous run's central endpoints still held with
     * their private DNS (a change from centralized endpoints). This run deletes them; the
     * hub's distributed zones of those names come in the next run.
     */
    centralNamesLeft?: string[];
}

/** What a spoke unit publishes for the network unit (distributed mode). */
export interface SpokeServicesOutputs {
    /** Service → regional DNS entry of the spoke's own endpoint (distributed mode). */
    endpointDnsEntries?: Record<string, pulumi.Output<{ dnsName: string; hostedZoneId: string }>>;
}

// ---- decisions (pure) -------------------------------------------------------------

/**
 * Whether the Route 53 Profile has anything for the spokes: the central endpoints, or
 * forwarding rules. In distributed mode without forwarded domains there is no Profile
 * at all — associating it would cost $0.75 per hour per account for nothing.
 */
export function profileServesSpokes(definition: Definition): boolean {
    return (
        definition.network.dns.sharing === "profile" &&
        (definition.network.endpoints.mode === "centralized" || definition.network.dns.onPremises.forwardedDomains.length > 0)
    );
}

/** Whether hub and spoke can talk both ways through the transit gateway (the hub's domain reaches the spoke's and back). */
export function hubAndSpokeConnected(definition: Definition, spoke: Spoke): boolean {
    const domains = definition.network.transitGateway.domains;
    return (domains[HUB_DOMAIN]?.reaches ?? []).includes(spoke.domain) && (domains[spoke.domain]?.reaches ?? []).includes(HUB_DOMAIN);
}

/**
 * Distributed mode: the spokes whose endpoints answer the hub's (and on-premises')
 * queries — the ones connected to the hub, in definition order, at most 100 (the
 * weighted-record limit). `dropped` lists the connected spokes left out.
 */
export function distributedAnswerers<T extends { spoke: Spoke }>(definition: Definition, spokes: T[]): { answerers: T[]; dropped: string[] } {
    const connected = spokes.filter((s) => hubAndSpokeConnected(definition, s.spoke));
    return { answerers: connected.slice(0, weightedRecordsPerName), dropped: connected.slice(weightedRecordsPerName).map((s) => s.spoke.name) };
}

/** The spoke's zone associations: created in unit `all` (ordered by dependsOn), else only once the network stack authorized it. */
export function spokeMayAssociateZones(
    ctx: Pick<UnitContext, "singleGraph">,
    spoke: string | Spoke,
    authorizedSpokes: pulumi.Input<string[]> | undefined,
    authorizedCidrs?: pulumi.Input<Record<string, string>>,
    vpcAuthorized?: boolean,
): boolean {
    if (ctx.singleGraph) return true;
    // By the VPC's id (and account and CIDR) when the network publishes which it authorized
    // (`authorizedVpcs`, program/acceptance.ts): AWS authorizes a VPC id, so a VPC built again
    // in another account with the same CIDR waits for its own authorization.
    if (vpcAuthorized !== undefined) return vpcAuthorized;
    const name = typeof spoke === "string" ? spoke : spoke.name;
    // By the VPC (its CIDR) when the network says which it authorized: a VPC replaced for a
    // new CIDR waits for the network to authorize the new one.
    if (typeof spoke !== "string" && authorizedCidrs !== null && typeof authorizedCidrs === "object" && !pulumi.Output.isInstance(authorizedCidrs) && !(authorizedCidrs instanceof Promise)) {
        return (authorizedCidrs as Record<string, unknown>)[name] === spoke.cidr;
    }
    return Array.isArray(authorizedSpokes) && authorizedSpokes.includes(name);
}

// ---- per-run state ----------------------------------------------------------------

/**
 * Unit `all` builds the hub's distributed-mode zones before the spokes' endpoints exist;
 * the spokes add their records when they are built. Keyed by the run's context.
 */
const distributedZones = new WeakMap<UnitContext, ServiceHostedZones>();

/**
 * The name of a network-side component in the context's Region: as before at home (a
 * single-Region environment keeps its resource names), suffixed with the Region elsewhere, so
 * two Regions' components never share a name in one program (unit `all`).
 */
export function regionalName(ctx: Pick<UnitContext, "definition" | "region">, name: string): string {
    return ctx.region === ctx.definition.region ? name : `${name}-${ctx.region}`;
}

function networkOpts(ctx: UnitContext, core: NetworkCore): pulumi.ComponentResourceOptions {
    return { ...ctx.opts(ctx.definition.network.account), parent: core.parent };
}

// ---- network unit -----------------------------------------------------------------

/**
 * `executeApiEndpointId`: the central execute-api endpoint, when its private DNS is off
 * (the default, aws/private-dns.ts). Private APIs associated with it are called at
 * `https://<api-id>-<endpoint id>.execute-api.<region>.amazonaws.com` from any VPC.
 */
export function executeApiEndpointOutput(central: CentralServices): { executeApiEndpointId?: pulumi.Output<string> } {
    const spec = central.endpoints?.specs.find((s) => s.service === "execute-api");
    const endpoint = central.endpoints?.endpoints["execute-api"];
    return spec && endpoint && !spec.privateDnsEnabled ? { executeApiEndpointId: endpoint.id } : {};
}

/**
 * What the network stack's previous run published about its private hosted zones (its own
 * outputs): a change of DNS sharing or endpoint mode must not create a zone, or turn on an
 * endpoint's private DNS, of a name the hub VPC still has from the previous run — AWS
 * refuses both (aws/lifecycle.ts zone-create-conflicts-with-same-name,
 * private-dns-name-conflicts-with-zone). Such a run only removes the old zones; the next
 * run builds the new DNS (the waves give the network a second run).
 */
export interface PreviousZones {
    hostedZoneIds?: unknown;
    distributedZoneNames?: unknown;
    centralEndpointNames?: unknown;
    /** The Profile of the previous run, and the spokes it had accepted. */
    profileId?: unknown;
    attachedSpokes?: unknown;
    /** The central zones' record of the previous run ({@link CENTRAL_ZONES_OUTPUT}). */
    centralZones?: unknown;
    /** The hub VPC of the previous run (read for a stack from before the record). */
    hubVpcId?: unknown;
}

/** Name of the network stack output that records the central zones and the hub they follow. */
export const CENTRAL_ZONES_OUTPUT = "centralZones";

/**
 * The previous run's record of `region`'s central zones. A stack deployed before the record
 * existed has `hostedZoneIds` and `hubVpcId` only (`legacy`: they describe this Region): its
 * zones were created associated with that hub VPC.
 */
function centralZonesRecord(previous: PreviousZones, region: string, legacy: boolean): HubZonesRecord {
    const strings = (v: unknown): Record<string, string> | undefined =>
        v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string")) : undefined;
    const all = previous.centralZones;
    const own = all !== null && typeof all === "object" ? (all as Record<string, unknown>)[region] : undefined;
    if (own !== null && typeof own === "object") {
        const r = own as Record<string, unknown>;
        return {
            hubCidr: typeof r.hubCidr === "string" ? r.hubCidr : undefined,
            hubVpcId: typeof r.hubVpcId === "string" ? r.hubVpcId : undefined,
            zoneIds: strings(r.zoneIds),
            held: Array.isArray(r.held) ? r.held.map(String) : [],
        };
    }
    if (!legacy) return {};
    return { zoneIds: strings(previous.hostedZoneIds), hubVpcId: typeof previous.hubVpcId === "string" ? previous.hubVpcId : undefined };
}

/** Names among `names` the previous run's zones (an object's keys, or a list) still hold. */
function stillHeld(previous: unknown, names: string[]): string[] {
    const held = Array.isArray(previous) ? previous.map(String) : previous !== null && typeof previous === "object" ? Object.keys(previous) : [];
    return names.filter((n) => held.includes(n));
}

/** The interface endpoint services of the hub in `region` (the home Region's list unless the Region has its own). */
export function regionServices(definition: Definition, region: string): string[] {
    return hubRegion(definition, region)?.services ?? definition.network.endpoints.services;
}

export function buildCentralServices(ctx: UnitContext, core: NetworkCore, previous: PreviousZones = {}, legacyRecord = true): CentralServices {
    const definition = ctx.definition;
    const env = ctx.environment;
    const region = ctx.region;
    const { mode } = definition.network.endpoints;
    const services = regionServices(definition, region);
    const { sharing, onPremises, shareWith } = definition.network.dns;
    const opts = networkOpts(ctx, core);
    const central: CentralServices = { outputs: {}, core };
    const zoneNames = mode === "centralized" ? serviceZoneSpecs(region, dnsSharedServices(definition, services)).map((z) => z.zone) : [];
    // Hosted zones to the Profile: the central zones go in this run, private DNS comes on in the next.
    const leavingZones = ctx.singleGraph || sharing !== "profile" ? [] : stillHeld(previous.hostedZoneIds, zoneNames);
    // Distributed to centralized: the hub's distributed zones go in this run; the central
    // zones (hosted zones) or the endpoints' private DNS (Profile) come in the next.
    const hubZonesLeft = ctx.singleGraph ? [] : stillHeld(previous.distributedZoneNames, zoneNames);
    for (const [held, what] of [
        [leavingZones, "private DNS of the hub's endpoints and the Route 53 Profile come"],
        [hubZonesLeft, sharing === "hosted-zones" ? "the central zones come" : "private DNS of the hub's endpoints comes (and with it their place in the Route 53 Profile)"],
    ] as const) {
        if (held.length > 0) {
            pulumi.log.info(`${stackName(env, networkUnitOf(definition, region))}: the hub VPC still has private hosted zones ${held.join(", ")} from the previous run; this run deletes them, and ${what} in the next run of this stack`);
        }
    }

    if (mode === "distributed" && !ctx.singleGraph) {
        const names = serviceZoneSpecs(region, dnsSharedServices(definition, services)).map((z) => z.zone);
        central.centralNamesLeft = stillHeld(previous.centralEndpointNames, names);
    }

    if (mode === "centralized" && services.length > 0) {
        central.endpoints = new CentralEndpoints(
            regionalName(ctx, `${env}-endpoints`),
            {
                definition,
                region,
                services,
                vpcId: core.hub.vpcId,
                subnetIds: core.hub.endpointSubnetIds,
                // hosted-zones: the zones replace private DNS (one zone per name and VPC).
                privateDns: sharing === "profile" && leavingZones.length === 0 && hubZonesLeft.length === 0,
                inboundOnlyDns: true,
                // The hub gets the S3/DynamoDB gateway endpoints the inbound-only quirk needs.
                gatewayRouteTableIds: core.hub.routeTableIds,
            },
            opts,
        );
    }

    if (onPremises.inboundResolver || onPremises.forwardedDomains.length > 0) {
        const hostedZones = sharing === "hosted-zones";
        central.hybrid = new HybridDns(
            regionalName(ctx, `${env}-hybrid-dns`),
            {
                vpcId: core.hub.vpcId,
                subnetIds: core.hub.resolverSubnetIds,
                inbound: onPremises.inboundResolver,
                onPremisesCidrs: onPremises.cidrs,
                forwardedDomains: onPremises.forwardedDomains,
                // Profile mode: the rules ride in the Profile. Hosted-zones mode: shared
                // through RAM and associated with every VPC, the hub included.
                ruleSharePrincipals: hostedZones ? sharePrincipals(definition, shareWith) : {},
                ruleVpcIds: hostedZones ? { hub: core.hub.vpcId } : {},
            },
            opts,
        );
        if (hostedZones && onPremises.forwardedDomains.length > 0) central.outputs.resolverRuleIds = central.hybrid.resolverRuleIds;
    }

    // Which names the hub endpoints' private DNS holds: read by the spokes (their own
    // endpoints wait) and the network's next run (its distributed zones wait) after a change
    // to distributed endpoints.
    if (central.endpoints && sharing === "profile" && leavingZones.length === 0 && hubZonesLeft.length === 0 && zoneNames.length > 0) {
        central.outputs.centralEndpointNames = zoneNames;
    }

    // A change that stops sharing DNS through the Profile and removes spokes: while a removed
    // spoke the previous run had attached may still be associated with the Profile, the
    // Profile stays (deleting it is refused while VPCs are associated:
    // aws/lifecycle.ts profile-delete-blocked-by-vpc-associations), without endpoints or rules.
    // The removed spokes' stacks are destroyed next; the network's next run deletes it.
    const removedAttached = Array.isArray(previous.attachedSpokes) ? previous.attachedSpokes.map(String).filter((n) => !definition.spokes.some((s) => s.name === n)) : [];
    if (!ctx.singleGraph && !profileServesSpokes(definition) && typeof previous.profileId === "string" && removedAttached.length > 0) {
        pulumi.log.info(
            `${stackName(env, networkUnitOf(definition, region))}: the Route 53 Profile stays in this run: ${removedAttached.map((n) => stackName(env, n)).join(", ")} may still be associated with it; destroy ${removedAttached.length === 1 ? "that stack" : "those stacks"}, then run this stack again to delete it`,
        );
        central.profile = new DnsProfile(regionalName(ctx, `${env}-profile`), { endpointArns: {}, resolverRuleArns: {}, sharePrincipals: sharePrincipals(definition, shareWith), vpcIds: { hub: core.hub.vpcId } }, opts);
    }

    if (profileServesSpokes(definition) && leavingZones.length === 0) {
        central.profile = new DnsProfile(
            regionalName(ctx, `${env}-profile`),
            {
                // Only the endpoints whose private DNS every VPC may see (components/central-endpoints.ts).
                // Not while their private DNS is still off (the hub's distributed zones hold the names).
                endpointArns: hubZonesLeft.length === 0 ? (central.endpoints?.profileEndpointArns ?? {}) : {},
                resolverRuleArns: central.hybrid?.resolverRuleArns ?? {},
                sharePrincipals: sharePrincipals(definition, shareWith),
                vpcIds: { hub: core.hub.vpcId },
            },
            opts,
        );
        central.outputs.profileId = central.profile.profileId;
    }

    if (sharing === "hosted-zones" && central.endpoints && hubZonesLeft.length === 0) {
        const zones = serviceZoneSpecs(region, dnsSharedServices(definition, services));
        if (zones.length > 0) {
            // After the endpoints: a change from the Profile turns their private DNS off, and a
            // zone of one of its names cannot be created in the hub VPC until it is
            // (aws/lifecycle.ts zone-create-conflicts-with-same-name).
            // Spokes associate with the zones, so the zones keep the VPC they were created with;
            // the hub's association follows a replaced hub as a ZoneAssociation of its own
            // (components/hosted-zones.ts planHubAssociations).
            const hubCidr = hubRegion(definition, region)?.hub.cidr ?? definition.network.hub.cidr;
            const planned = planHubAssociations(
                zones.map((z) => z.zone),
                centralZonesRecord(previous, region, legacyRecord),
                hubCidr,
                region,
            );
            if (planned.refusal) throw new pulumi.RunError(`${stackName(env, networkUnitOf(definition, region))}: ${planned.refusal}`);
            central.zones = new ServiceHostedZones(
                regionalName(ctx, `${env}-zones`),
                { zones, vpcId: core.hub.vpcId, targets: central.endpoints.dnsEntries, hubAssociation: { region, plans: planned.plans } },
                { ...opts, dependsOn: [central.endpoints] },
            );
            central.outputs.hostedZoneIds = central.zones.zoneIds;
            central.centralZones = { [region]: { hubCidr, hubVpcId: core.hub.vpcId, zoneIds: central.zones.zoneIds, held: central.zones.heldHubAssociations } };
        }
    }
    return central;
}

/**
 * Network-account work that needs the spoke VPCs (all of them in unit `all`, the deployed
 * ones in the network unit's second pass):
 *
 * - hosted-zones: one `VpcAssociationAuthorization` per zone per spoke VPC.
 *   `authorizedSpokes` becomes a `<env>-network` output once they exist, and a spoke
 *   stack creates its zone associations only when it finds its name there.
 * - distributed: pattern 2 of the OpenSearch Serverless article ("Distributed interface
 *   VPC endpoint"): each spoke hosts its own endpoints (private DNS on, serving the spoke),
 *   and DNS for the hub and on-premises is centralized in self-managed private hosted
 *   zones in the shared-services (network) account, attached to the hub VPC only, whose
 *   records point at the spokes' endpoints' regional DNS names. On-premises resolves
 *   through the hub's Resolver inbound endpoint and gets the same answers. The article
 *   maps per-collection names; AWS service names are the same in every spoke, so each
 *   connected spoke adds one weighted alias record per name (weight 1, set identifier =
 *   spoke) and Route 53 spreads the hub's queries over them. Alias (not CNAME) because a
 *   service name is often the zone apex. Only spokes the hub can reach and be reached
 *   from answer (a weighted answer the hub cannot route to would fail at random), at
 *   most 100 (Route 53's weighted-record limit). The zones exist only once at least one
 *   such spoke is deployed: an empty zone for `ssm.<region>.amazonaws.com` would break
 *   the hub's own access to SSM. The zones are never given to spokes (each resolves its
 *   own endpoints through their private DNS).
 */
export function authorizeSpokeZones(
    ctx: UnitContext,
    central: CentralServices,
    spokes: { spoke: Spoke; vpcId: pulumi.Output<string>; cidr?: string; publishesEndpoints?: boolean }[],
): {
    authorizedSpokes: pulumi.Input<string[]>;
    authorizedCidrs?: pulumi.Input<Record<string, string>>;
    dependsOn: pulumi.Resource[];
    /**
     * A spoke's own authorizations, what its zone associations wait for in one graph (unit
     * `all`): an association needs the authorization of its zone for its VPC only. Waiting for
     * every spoke's made each association gather all of them (quadratic in the spokes).
     */
    dependsOnBySpoke: ReadonlyMap<string, pulumi.Resource[]>;
} {
    const definition = ctx.definition;
    const env = ctx.environment;
    const opts = networkOpts(ctx, central.core);

    if (definition.network.endpoints.mode === "distributed") {
        buildDistributedHubZones(ctx, central, spokes, opts);
        return { authorizedSpokes: [], dependsOn: [], dependsOnBySpoke: new Map() };
    }

    const zoneIds = central.zones?.zoneIds;
    if (!zoneIds || spokes.length === 0) return { authorizedSpokes: [], dependsOn: [], dependsOnBySpoke: new Map() };
    // A VPC of the zone owner's own account associates without an authorization (the
    // authorization API is for VPCs "created by a different account").
    const networkAccount = ctx.accountId(definition.network.account);
    const bySpoke = new Map(
        spokes
            .filter(({ spoke }) => ctx.accountId(spoke.account) !== networkAccount)
            .map(({ spoke, vpcId }) => [spoke.name, new ZoneAuthorizations(`${env}-${spoke.name}-zone-auth`, { zoneIds, vpcId, vpcRegion: spokeRegion(definition, spoke) }, opts).authorizations]),
    );
    const authorizations = [...bySpoke.values()].flat();
    const names = spokes.map((s) => s.spoke.name);
    // Published only once every authorization exists, so a spoke never reads a promise.
    const authorizedSpokes = pulumi.all(authorizations.map((a) => a.id)).apply(() => names);
    // Which VPC was authorized, by the CIDR its stack published with its id.
    const cidrs = Object.fromEntries(spokes.filter((s) => s.cidr !== undefined).map((s) => [s.spoke.name, s.cidr!]));
    const authorizedCidrs = pulumi.all(authorizations.map((a) => a.id)).apply(() => cidrs);
    return { authorizedSpokes, authorizedCidrs, dependsOn: authorizations, dependsOnBySpoke: bySpoke };
}

function buildDistributedHubZones(
    ctx: UnitContext,
    central: CentralServices,
    deployed: { spoke: Spoke; vpcId: pulumi.Output<string>; publishesEndpoints?: boolean }[],
    opts: pulumi.ComponentResourceOptions,
): void {
    const definition = ctx.definition;
    const env = ctx.environment;
    const network = stackName(env, networkUnitOf(definition, ctx.region));
    // A spoke that publishes no endpoints yet (it waits for the central zones of the same
    // names to go: see buildSpokeServices) answers once it has.
    const spokes = deployed.filter((s) => s.publishesEndpoints !== false);
    const notYet = deployed.filter((s) => s.publishesEndpoints === false).map((s) => stackName(env, s.spoke.name));
    if (notYet.length > 0) {
        pulumi.log.info(`distributed endpoints: ${notYet.join(", ")} publish no endpoints yet; the hub's zones answer with theirs once they do: run them, then ${network} again`);
    }
    const { answerers, dropped } = distributedAnswerers(definition, spokes);
    if (dropped.length > 0) {
        pulumi.log.warn(
            `distributed endpoints: Route 53 answers at most ${weightedRecordsPerName} weighted records per name; ` +
                `the hub and on-premises will not use the endpoints of ${dropped.join(", ")}`,
        );
    }
    const zones = serviceZoneSpecs(ctx.region, dnsSharedServices(definition, regionServices(definition, ctx.region)));
    const held = central.centralNamesLeft ?? [];
    if (held.length > 0) {
        // A zone cannot be created in a VPC whose endpoint's private DNS holds its name
        // (aws/lifecycle.ts zone-create-conflicts-with-same-name): the central endpoints go in
        // this run (their delete comes after every create of a pulumi up), the zones in the next.
        pulumi.log.info(`${network}: the hub's central endpoints still held ${held.join(", ")} in the previous run; this run deletes them, and the hub's distributed zones come in the next run of this stack`);
        return;
    }
    if (answerers.length === 0 || zones.length === 0) return;
    // Only the hub is associated with these zones: their own `vpcs` follows a replaced hub.
    const hubZones = new ServiceHostedZones(regionalName(ctx, `${env}-distributed-zones`), { zones, vpcId: central.core.hub.vpcId, othersAssociate: false }, opts);
    central.zones = hubZones;
    central.outputs.distributedZoneNames = zones.map((z) => z.zone);
    if (ctx.singleGraph) {
        // The spokes' endpoints are built next (buildSpokeServices) and add their records there.
        distributedZones.set(ctx, hubZones);
        return;
    }
    // Network unit, second pass: the spokes are deployed and publish their endpoints' DNS entries.
    for (const { spoke } of answerers) {
        const services = [...new Set(zones.map((z) => z.service))];
        const published = publishedEntries(env, spoke.name, services, stackReference(env, spoke.name).getOutput(ENDPOINT_DNS_OUTPUT), network);
        const targets: Record<string, AliasTarget> = Object.fromEntries(services.map((service) => [service, published.apply((entries) => entries[service])]));
        new EndpointAliasRecords(
            `${env}-${spoke.name}-endpoint-records`,
            { zones, zoneIds: hubZones.zoneIds, targets, setIdentifier: spoke.name },
            { ...opts, parent: hubZones },
        );
    }
}

type DnsEntry = { dnsName: string; hostedZoneId: string };

/**
 * The DNS entries a spoke stack publishes (`endpointDnsEntries`), checked for every
 * service at once. A spoke deployed before it published them cannot be pointed at: a
 * preview warns once and uses empty placeholders; a deployment stops with what to do.
 */
function publishedEntries(env: string, spoke: string, services: string[], published: pulumi.Output<any>, network: string): pulumi.Output<Record<string, DnsEntry>> {
    return published.apply((entries: Record<string, DnsEntry> | undefined) => {
        const missing = services.filter((service) => !entries?.[service]?.dnsName || !entries?.[service]?.hostedZoneId);
        if (missing.length === 0) return entries!;
        const message =
            `stack ${stackName(env, spoke)} publishes no ${ENDPOINT_DNS_OUTPUT} for ${missing.join(", ")}: deploy it again ` +
            `(pulumi up --stack ${stackName(env, spoke)}), then ${network}`;
        if (!pulumi.runtime.isDryRun()) throw new Error(message);
        pulumi.log.warn(message);
        return Object.fromEntries(services.map((service) => [service, entries?.[service] ?? { dnsName: "", hostedZoneId: "" }]));
    });
}

// ---- spoke unit -------------------------------------------------------------------

/** True when the network has accepted `spoke`'s attachment before (it is deployed: this run applies a change). */
function attachedBefore(network: NetworkOutputs, spoke: string): boolean {
    const accepted = network.acceptedVpcs;
    return accepted !== null && typeof accepted === "object" && (accepted as Record<string, unknown>)[spoke] !== undefined;
}

export function buildSpokeServices(ctx: UnitContext, info: SpokeVpcInfo, network: NetworkOutputs, dependsOn: pulumi.Resource[]): SpokeServicesOutputs {
    const definition = ctx.definition;
    const env = ctx.environment;
    const spoke = info.spoke;
    const opts = ctx.opts(spoke.account);
    const outputs: SpokeServicesOutputs = {};
    // The spoke's own Region: its endpoints, and the Profile, zones and rules of its Region's hub.
    const region = ctx.region;
    const services = regionServices(definition, region);
    const networkStack = stackName(env, networkUnitOf(definition, region));

    // The network's central zones (a change from centralized endpoints) that hold names
    // these endpoints' private DNS would take: AWS refuses private DNS in a VPC associated
    // with a private hosted zone of the same name (aws/lifecycle.ts
    // private-dns-name-conflicts-with-zone), and the network can delete its zones only once
    // the spokes have left them. The endpoints wait for the zones to go.
    const centralZones = definition.network.endpoints.mode === "distributed" && !ctx.singleGraph ? [...Object.keys(network.hostedZoneIds ?? {}), ...(network.centralEndpointNames ?? [])] : [];
    const ownZones = new Set(services.flatMap((s) => catalogEntry(s)?.dnsZones(region).map((z) => z.zone) ?? []));
    const blocking = centralZones.filter((z) => ownZones.has(z));
    if (blocking.length > 0) {
        pulumi.log.info(
            `${stackName(env, spoke.name)}: ${networkStack} still has the central private hosted zones ${blocking.join(", ")}, whose names this spoke's endpoints' private DNS takes; ` +
                `the endpoints wait: run ${networkStack} (it deletes them once the spokes have left them), then this stack again`,
        );
    }
    if (definition.network.endpoints.mode === "distributed" && services.length > 0 && blocking.length === 0) {
        const endpoints = new CentralEndpoints(
            `${spoke.name}-endpoints`,
            {
                definition,
                region,
                services,
                vpcId: info.vpcId,
                subnetIds: info.workloadSubnetIds,
                privateDns: true,
                // No Resolver inbound endpoint in a spoke: S3/DynamoDB traffic keeps the gateway endpoints.
                inboundOnlyDns: false,
                gatewayEndpointServices: spoke.gatewayEndpoints,
            },
            opts,
        );
        outputs.endpointDnsEntries = endpoints.dnsEntries;
        // Unit `all`: the hub's zones exist; this spoke adds its answers if it is one of the answerers.
        const hubZones = distributedZones.get(ctx);
        const answering = distributedAnswerers(definition, spokesIn(definition, region).map((s) => ({ spoke: s }))).answerers.some((a) => a.spoke.name === spoke.name);
        if (hubZones && answering) {
            new EndpointAliasRecords(
                `${env}-${spoke.name}-endpoint-records`,
                { zones: hubZones.zones, zoneIds: hubZones.zoneIds, targets: endpoints.dnsEntries, setIdentifier: spoke.name },
                { ...ctx.opts(definition.network.account), parent: hubZones },
            );
        }
    }

    const args: SpokeDnsArgs = { vpcId: info.vpcId, vpcRegion: region };
    let associates = false;
    if (profileServesSpokes(definition)) {
        if (network.profileId !== undefined) {
            args.profileId = network.profileId;
            associates = true;
        } else if (ctx.singleGraph || (network.hostedZoneIds === undefined && network.resolverRuleIds === undefined && !attachedBefore(network, spoke.name))) {
            throw deployFirst(env, networkUnitOf(definition, region), "profileId", spoke.name);
        } else {
            // The network still publishes its hosted-zones outputs and no Profile yet: a change
            // to dns.sharing profile, where the spoke leaves the hosted zones before the
            // network can delete them and build the Profile; or a change from distributed
            // endpoints, where the spoke drops its own endpoints before the network's run that
            // builds the central ones and the Profile. It associates on its next run.
            pulumi.log.info(
                `${stackName(env, spoke.name)}: ${networkStack} publishes no Route 53 Profile yet, so this VPC is not associated with it: run ${networkStack}, then this stack again`,
            );
        }
    }
    if (definition.network.dns.sharing === "hosted-zones") {
        // Only the zones this definition has: the network stack still publishes a zone the
        // change removes (a service taken out, endpoints moved to the spokes) until its run
        // deletes it, and it can delete it only once the spokes have left it
        // (aws/lifecycle.ts zone-delete-blocked-by-vpc-associations).
        const { mode } = definition.network.endpoints;
        const wanted = new Set(mode === "centralized" && services.length > 0 ? serviceZoneSpecs(region, dnsSharedServices(definition, services)).map((z) => z.zone) : []);
        const zoneIds = Object.fromEntries(Object.entries(network.hostedZoneIds ?? {}).filter(([zone]) => wanted.has(zone)));
        if (Object.keys(zoneIds).length > 0) {
            if (spokeMayAssociateZones(ctx, spoke, network.authorizedSpokes, network.authorizedCidrs, network.vpcAuthorized)) {
                args.hostedZoneIds = zoneIds;
                args.zoneAssociationsDependOn = dependsOn;
                associates = true;
            } else {
                pulumi.log.info(
                    `${stackName(env, spoke.name)}: the network account has not authorized this VPC for the endpoints' private hosted zones yet; ` +
                        `run ${networkStack} again, then this stack, to associate them`,
                );
            }
        }
        const ruleIds = network.resolverRuleIds ?? {};
        if (Object.keys(ruleIds).length > 0) {
            args.resolverRuleIds = ruleIds;
            associates = true;
        }
    }
    if (associates) new SpokeDns(`${spoke.name}-dns`, args, opts);
    return outputs;
}
