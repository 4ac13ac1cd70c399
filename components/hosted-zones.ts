/**
 * Private hosted zones that reproduce the interface endpoints' private DNS names
 * (`ssm.<region>.amazonaws.com`, `*.dkr.ecr.<region>.amazonaws.com`, ...) with alias
 * records to the endpoints' regional DNS names.
 *
 * Two uses:
 * - `dns.sharing: hosted-zones` (centralized endpoints): the zones live in the network
 *   account, attached to the hub VPC, and every spoke VPC associates with each zone
 *   through a cross-account authorization (`ZoneAuthorizations` here, `SpokeDns` in the
 *   spoke). Cheaper than a Route 53 Profile, but one association per zone per VPC and at
 *   most 300 VPCs per zone.
 * - `endpoints.mode: distributed`: pattern 2 of the OpenSearch Serverless article — a
 *   self-managed zone in the shared-services (network) account, attached to the hub VPC
 *   only, whose records point at the spokes' own endpoints, so the hub and on-premises
 *   (through the hub's Resolver inbound endpoint) resolve names served in the spokes.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { catalogEntry } from "../aws/service-catalog";

/** One private hosted zone for a service. */
export interface ServiceZoneSpec {
    service: string;
    /** Zone name, e.g. `ssm.us-east-1.amazonaws.com`. */
    zone: string;
    /** Records in it: `""` = apex, `"*"` = wildcard. */
    records: string[];
}

/**
 * The zones that reproduce the private DNS of `services` in `region`, from the catalog.
 *
 * Services whose central endpoint answers only on-premises clients (S3, DynamoDB:
 * `privateDnsOnlyForInboundResolverEndpoint`) get no zone: a zone would send every VPC
 * to the interface endpoint instead of its free gateway endpoint. Their endpoint keeps
 * private DNS with the inbound-only option instead. Services whose names have no zone of
 * their own (catalog `hostedZonesUnsupported`) are refused with the catalog's reason.
 */
export function serviceZoneSpecs(region: string, services: string[]): ServiceZoneSpec[] {
    const specs: ServiceZoneSpec[] = [];
    const owner = new Map<string, string>();
    for (const service of services) {
        const entry = catalogEntry(service);
        if (!entry) throw new Error(`network.endpoints.services: "${service}" is not in the service catalog (aws/service-catalog.ts)`);
        if (entry.privateDnsOnlyForInboundResolverEndpoint) continue;
        if (entry.hostedZonesUnsupported) {
            throw new Error(
                `network.endpoints.services: "${service}" cannot be served by private hosted zones: ${entry.hostedZonesUnsupported}. ` +
                    `Use network.dns.sharing: profile, or remove the service`,
            );
        }
        for (const zone of entry.dnsZones(region)) {
            const previous = owner.get(zone.zone);
            if (previous) throw new Error(`network.endpoints.services: "${service}" and "${previous}" both need the private hosted zone ${zone.zone}`);
            owner.set(zone.zone, service);
            specs.push({ service, zone: zone.zone, records: [...zone.records] });
        }
    }
    return specs;
}

/** The DNS name of a record of a zone: `""` → the apex, `"*"` → `*.<zone>`, else `<record>.<zone>`. */
export function recordName(zone: string, record: string): string {
    return record === "" ? zone : `${record}.${zone}`;
}

/** Resource-name suffix of a record: `apex`, `wildcard`, or the label. */
function recordKey(record: string): string {
    return record === "" ? "apex" : record === "*" ? "wildcard" : record;
}

/** Where an alias record points: an interface endpoint's regional DNS entry. */
export type AliasTarget = pulumi.Input<{ dnsName: string; hostedZoneId: string }>;

/**
 * Alias A records for `zones` (with their ids) to `targets` (service → endpoint DNS entry).
 * With `weightedBy`, every record is a weighted record (weight 1) identified by it, so
 * several VPCs' endpoints can answer the same name. Children of `parent`.
 */
export function endpointAliasRecords(
    name: string,
    zones: ServiceZoneSpec[],
    zoneIds: Record<string, pulumi.Input<string>>,
    targets: Record<string, AliasTarget>,
    parent: pulumi.Resource,
    weightedBy?: string,
): aws.route53.Record[] {
    const records: aws.route53.Record[] = [];
    for (const zone of zones) {
        const target = targets[zone.service];
        if (target === undefined) throw new Error(`no endpoint for service "${zone.service}" to point ${zone.zone} at`);
        const entry = pulumi.output(target);
        for (const record of zone.records) {
            records.push(
                new aws.route53.Record(
                    `${name}-${zone.zone}-${recordKey(record)}`,
                    {
                        zoneId: zoneIds[zone.zone],
                        name: recordName(zone.zone, record),
                        type: "A",
                        aliases: [{ name: entry.dnsName, zoneId: entry.hostedZoneId, evaluateTargetHealth: false }],
                        ...(weightedBy !== undefined ? { setIdentifier: weightedBy, weightedRoutingPolicies: [{ weight: 1 }] } : {}),
                    },
                    { parent },
                ),
            );
        }
    }
    return records;
}

export interface ServiceHostedZonesArgs {
    /** The zones to create (see `serviceZoneSpecs`). */
    zones: ServiceZoneSpec[];
    /** The VPC the zones are created attached to (the hub). */
    vpcId: pulumi.Input<string>;
    /**
     * Alias targets, service → endpoint regional DNS entry. When given, each zone gets its
     * apex/wildcard records here; without it the zones start empty and records are added
     * by `EndpointAliasRecords` (distributed mode). @default undefined
     */
    targets?: Record<string, AliasTarget>;
    /** Tags on every zone. @default {} */
    tags?: Record<string, string>;
    /**
     * Whether VPCs other than `vpcId` associate with the zones (spokes' `ZoneAssociation`s).
     * Then the zones' own `vpcs` is kept as created (`ignoreChanges`: a read lists every
     * association, and an update would disassociate the others) and `hubAssociation` makes
     * the zones follow `vpcId`; otherwise `vpcs` follows `vpcId` in place (the provider
     * associates the new VPC, then disassociates the old one). @default true
     */
    othersAssociate?: boolean;
    /**
     * How each zone's association with `vpcId` follows a replaced VPC (see
     * `planHubAssociations`): the plans it made, zone name → plan. Zones without a plan keep
     * only the association they are created with. @default {}
     */
    hubAssociation?: { region: string; plans: Record<string, HubAssociationPlan> };
}

/**
 * How a zone's association with the hub VPC is held this run:
 * - `created`: the zone is new; it is created associated with the hub (a private hosted zone
 *   is created with one VPC: aws/route53-zone-associations.ts private-zone-created-with-one-vpc);
 * - `adopt`: the zone exists and its association with the hub is not yet a resource of its
 *   own: an `aws.route53.ZoneAssociation` adopts it (`import`, no AWS change: the provider's
 *   create would fail on an existing association, zone-association-create-does-not-adopt);
 * - `held`: an earlier run adopted it; the `ZoneAssociation` follows the hub: a new hub VPC
 *   replaces it, which associates the new VPC, then disassociates the old one before the old
 *   VPC is deleted (zone-association-delete-disassociates).
 */
export type HubAssociationPlan = { mode: "created" } | { mode: "adopt"; importId: string } | { mode: "held" };

/** What the network stack's previous run recorded about its zones and the hub (its own outputs). */
export interface HubZonesRecord {
    /** The hub CIDR of that run. */
    hubCidr?: string;
    /** The hub VPC of that run. */
    hubVpcId?: string;
    /** Zone name → id of the zones that run had. */
    zoneIds?: Record<string, string>;
    /** Zones whose hub association was a `ZoneAssociation` after that run. */
    held?: string[];
}

/**
 * Each zone's `HubAssociationPlan` from the previous run's record (`HubZonesRecord`, {} on a
 * first deploy). A zone that exists but whose association is not adopted yet cannot follow a
 * hub replaced in the same run (its adoption needs the old VPC id, the association's inputs
 * the new one): that is refused, naming the run to make first. Pure: tested without mocks.
 */
export function planHubAssociations(
    zones: string[],
    previous: HubZonesRecord,
    hubCidr: string,
    region: string,
): { plans: Record<string, HubAssociationPlan>; refusal?: string } {
    const plans: Record<string, HubAssociationPlan> = {};
    const pending: string[] = [];
    for (const zone of zones) {
        const zoneId = previous.zoneIds?.[zone];
        if (previous.held?.includes(zone)) plans[zone] = { mode: "held" };
        else if (typeof zoneId === "string" && typeof previous.hubVpcId === "string") {
            plans[zone] = { mode: "adopt", importId: `${zoneId}:${previous.hubVpcId}:${region}` };
            pending.push(zone);
        } else plans[zone] = { mode: "created" };
    }
    if (pending.length > 0 && previous.hubCidr !== undefined && previous.hubCidr !== hubCidr) {
        return {
            plans,
            refusal:
                `the hub CIDR changes from ${previous.hubCidr} to ${hubCidr}, but the private hosted zones ${pending.join(", ")} are still associated with the hub only through the association they were created with, ` +
                `which cannot follow a replaced VPC. Deploy once with hub CIDR ${previous.hubCidr} (that run adopts the association as a ZoneAssociation), then change the CIDR`,
        };
    }
    return { plans };
}

/** `landing-zone:dns:ServiceHostedZones` — private hosted zones for interface endpoint names. */
export class ServiceHostedZones extends pulumi.ComponentResource {
    /** Zone name → zone id. */
    public readonly zoneIds: Record<string, pulumi.Output<string>>;
    /** Zone name → zone ARN. */
    public readonly zoneArns: Record<string, pulumi.Output<string>>;
    public readonly zones: ServiceZoneSpec[];
    /** Zones whose association with `vpcId` is an `aws.route53.ZoneAssociation` after this run (`held` next run). */
    public readonly heldHubAssociations: string[];

    constructor(name: string, args: ServiceHostedZonesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:dns:ServiceHostedZones", name, {}, opts);
        const tags = args.tags ?? {};
        const othersAssociate = args.othersAssociate ?? true;
        this.zones = args.zones;
        this.zoneIds = {};
        this.zoneArns = {};
        this.heldHubAssociations = [];
        for (const spec of args.zones) {
            const zone = new aws.route53.Zone(
                `${name}-${spec.zone}`,
                {
                    name: spec.zone,
                    comment: `Private DNS of the ${spec.service} interface endpoint (landing-zone)`,
                    vpcs: [{ vpcId: args.vpcId }],
                    tags: { ...tags, "landing-zone:service": spec.service },
                },
                // Spokes associate their VPCs with aws.route53.ZoneAssociation, and a read lists
                // them in `vpcs`: without ignoring `vpcs` the next update would detach them
                // (aws/route53-zone-associations.ts zone-update-associates-then-disassociates).
                othersAssociate ? { parent: this, ignoreChanges: ["vpcs"] } : { parent: this },
            );
            this.zoneIds[spec.zone] = zone.zoneId;
            this.zoneArns[spec.zone] = zone.arn;
            const plan = othersAssociate ? args.hubAssociation?.plans[spec.zone] : undefined;
            if (plan && plan.mode !== "created") {
                // The hub's association as a resource of its own: a new hub VPC replaces it
                // (associate the new VPC, then disassociate the old one). It goes with the zone:
                // the zone's last VPC cannot be disassociated (last-vpc-cannot-be-disassociated).
                new aws.route53.ZoneAssociation(
                    `${name}-${spec.zone}-hub`,
                    { zoneId: zone.zoneId, vpcId: args.vpcId, vpcRegion: args.hubAssociation!.region },
                    { parent: this, deletedWith: zone, ...(plan.mode === "adopt" ? { import: plan.importId } : {}) },
                );
                this.heldHubAssociations.push(spec.zone);
            }
        }
        if (args.targets) endpointAliasRecords(name, args.zones, this.zoneIds, args.targets, this);
        this.registerOutputs({ zoneIds: this.zoneIds });
    }
}

export interface EndpointAliasRecordsArgs {
    /** The zones the records go in. */
    zones: ServiceZoneSpec[];
    /** Zone name → zone id. */
    zoneIds: Record<string, pulumi.Input<string>>;
    /** Service → regional DNS entry of the endpoint that answers. */
    targets: Record<string, AliasTarget>;
    /** Set identifier of the weighted records (the spoke's name). */
    setIdentifier: string;
}

/**
 * `landing-zone:dns:EndpointAliasRecords` — one VPC's share of the weighted alias records
 * of distributed endpoints (pattern 2): every spoke adds its endpoints as one more
 * weighted answer for the service's names in the hub's zones.
 */
export class EndpointAliasRecords extends pulumi.ComponentResource {
    constructor(name: string, args: EndpointAliasRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:dns:EndpointAliasRecords", name, {}, opts);
        endpointAliasRecords(name, args.zones, args.zoneIds, args.targets, this, args.setIdentifier);
        this.registerOutputs({});
    }
}

export interface ZoneAuthorizationsArgs {
    /** Zone name → zone id, zones owned by this (the network) account. */
    zoneIds: Record<string, pulumi.Input<string>>;
    /** The other account's VPC allowed to associate. */
    vpcId: pulumi.Input<string>;
    /** Region of that VPC. @default the provider's Region */
    vpcRegion?: pulumi.Input<string>;
}

/**
 * `landing-zone:dns:ZoneAuthorizations` — lets one spoke VPC (in another account)
 * associate with each zone. The spoke then creates its `ZoneAssociation`s.
 */
export class ZoneAuthorizations extends pulumi.ComponentResource {
    public readonly authorizations: aws.route53.VpcAssociationAuthorization[];

    constructor(name: string, args: ZoneAuthorizationsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:dns:ZoneAuthorizations", name, {}, opts);
        this.authorizations = Object.entries(args.zoneIds).map(
            ([zone, zoneId]) =>
                new aws.route53.VpcAssociationAuthorization(
                    `${name}-${zone}`,
                    { zoneId, vpcId: args.vpcId, ...(args.vpcRegion !== undefined ? { vpcRegion: args.vpcRegion } : {}) },
                    { parent: this },
                ),
        );
        this.registerOutputs({});
    }
}
