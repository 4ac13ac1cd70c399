/**
 * PrivateLink provider services and their consumers.
 *
 *  - EndpointService (owner's account): an internal Network Load Balancer with its IP
 *    target group and TCP listener, a VPC endpoint service that requires acceptance and
 *    admits only the named consumer accounts, and a connection notification to an SNS
 *    topic for Connect/Accept/Reject/Delete.
 *  - EndpointServiceConsumer (consumer's account): an interface endpoint to the service,
 *    behind a security group that admits only the service port from the consumer VPC. It
 *    carries no endpoint policy: AWS accepts only the full-access policy on an endpoint to
 *    a customer's endpoint service (aws/endpoint-policy-support.ts). The perimeter there is
 *    the provider's: its allowed principals (the consumer accounts only), acceptance of each
 *    connection, and the service's own authorization.
 *  - EndpointConnectionAcceptance (owner's account): accepts the consumers' connections
 *    (the service requires acceptance), one `VpcEndpointConnectionAccepter` each.
 *  - FailoverRouting (owner's account) and FailoverConsumerZone (consumer's account):
 *    the cross-Region failover of the Global Payments pattern — Route 53 ARC routing
 *    controls drive a PRIMARY/SECONDARY record the consumers resolve; each consumer
 *    Region has its own zone that points `primary`/`secondary` at its local endpoints.
 *
 * Every policy document is built from known values (account, Region, names), so the
 * policy pack reads it at preview time.
 *
 * Deleting an accepter rejects the connection (terraform-provider-aws
 * internal/service/ec2/vpc_endpoint_connection_accepter.go, resourceVPCEndpointConnectionAccepterDelete
 * calls RejectVpcEndpointConnections): only remove one with its consumer.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../perimeter/types";
import { HubAssociationPlan } from "./hosted-zones";

/** The events a connection notification reports: requests, acceptances, rejections and deletions. */
export const connectionEvents = ["Connect", "Accept", "Reject", "Delete"];

/** `arn:<partition>:iam::<id>:root` for each account, de-duplicated and sorted: the only allowed principals. */
export function accountRootPrincipals(partition: string, accountIds: string[]): string[] {
    return [...new Set(accountIds)].sort().map((id) => `arn:${partition}:iam::${id}:root`);
}

/**
 * Policy of the connection-notification topic: only the VPC endpoint service principal,
 * acting for this account's endpoint services, may publish (confused-deputy guard).
 */
export function connectionTopicPolicy(topicArn: string, partition: string, region: string, accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "VpceConnectionNotifications",
                Effect: "Allow",
                Principal: { Service: "vpce.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${region}:${accountId}:vpc-endpoint-service/*` },
                },
            },
        ],
    };
}

export interface EndpointServiceArgs {
    /** VPC that holds the NLB and its IP targets. */
    vpcId: pulumi.Input<string>;
    /** Private (workload) subnets of the owner, one per AZ: the NLB's subnets. */
    subnetIds: pulumi.Input<string>[];
    /** TCP port of the listener and of the targets. @default 443 */
    port?: number;
    /** IP targets of the target group (known at program time: one attachment each). */
    targets: string[];
    /** Account ids of the consumers: their roots become the allowed principals (none: nobody may connect). Never `*`. */
    consumerAccountIds: string[];
    /** 12-digit id of the account that owns the service. */
    accountId: string;
    /** Region the service lives in (also the per-resource `region` when it differs from the provider's). */
    region: string;
    /** Set when `region` is not the provider's Region: every child is created there. @default false */
    overrideRegion?: boolean;
    /** `aws`, `aws-us-gov` or `aws-cn`. @default "aws" */
    partition?: string;
    /** Name of the SNS topic for connection notifications (account-unique, known so its ARN is). */
    topicName: string;
    /** Private DNS name of the service (needs domain ownership verification). @default none */
    privateDnsName?: string;
    /** Other Regions whose consumers may connect (cross-Region PrivateLink). @default none */
    supportedRegions?: string[];
    /** Tags for every child. @default {} */
    tags?: Record<string, string>;
}

/** A PrivateLink provider service: internal NLB → endpoint service (acceptance required) → notifications. */
export class EndpointService extends pulumi.ComponentResource {
    public readonly loadBalancerArn: pulumi.Output<string>;
    public readonly serviceId: pulumi.Output<string>;
    public readonly serviceName: pulumi.Output<string>;
    public readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: EndpointServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:EndpointService", name, {}, opts);
        const port = args.port ?? 443;
        const partition = args.partition ?? "aws";
        const tags = args.tags ?? {};
        const regional = args.overrideRegion ? { region: args.region } : {};
        const child = { parent: this };

        const nlb = new aws.lb.LoadBalancer(
            `${name}-nlb`,
            {
                ...regional,
                internal: true,
                loadBalancerType: "network",
                subnets: args.subnetIds,
                enableCrossZoneLoadBalancing: true,
                tags: { ...tags, Name: `${name}-nlb` },
            },
            child,
        );
        const targetGroup = new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                ...regional,
                vpcId: args.vpcId,
                targetType: "ip",
                protocol: "TCP",
                port,
                healthCheck: { protocol: "TCP", port: String(port) },
                tags,
            },
            child,
        );
        args.targets.forEach(
            (ip, i) => new aws.lb.TargetGroupAttachment(`${name}-target-${i}`, { ...regional, targetGroupArn: targetGroup.arn, targetId: ip, port }, child),
        );
        new aws.lb.Listener(
            `${name}-listener`,
            { ...regional, loadBalancerArn: nlb.arn, protocol: "TCP", port, defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }], tags },
            child,
        );

        const service = new aws.ec2.VpcEndpointService(
            `${name}-service`,
            {
                ...regional,
                // Every connection waits for the owner's decision: there is no IAM condition
                // key for this setting, so the pack and the Config rule check it.
                acceptanceRequired: true,
                networkLoadBalancerArns: [nlb.arn],
                allowedPrincipals: accountRootPrincipals(partition, args.consumerAccountIds),
                privateDnsName: args.privateDnsName,
                supportedRegions: args.supportedRegions && args.supportedRegions.length > 0 ? args.supportedRegions : undefined,
                tags: { ...tags, Name: name },
            },
            child,
        );

        // Not KMS-encrypted on purpose: vpce.amazonaws.com cannot use the AWS-managed SNS key,
        // and the messages carry ids only.
        const topic = new aws.sns.Topic(`${name}-connections`, { ...regional, name: args.topicName, tags }, child);
        const topicArn = `arn:${partition}:sns:${args.region}:${args.accountId}:${args.topicName}`;
        const topicPolicy = new aws.sns.TopicPolicy(
            `${name}-connections-policy`,
            { ...regional, arn: topic.arn, policy: JSON.stringify(connectionTopicPolicy(topicArn, partition, args.region, args.accountId)) },
            child,
        );
        new aws.ec2.VpcEndpointConnectionNotification(
            `${name}-notification`,
            { ...regional, vpcEndpointServiceId: service.id, connectionNotificationArn: topic.arn, connectionEvents },
            { parent: this, dependsOn: [topicPolicy] },
        );

        this.loadBalancerArn = nlb.arn;
        this.serviceId = service.id;
        this.serviceName = service.serviceName;
        this.topicArn = topic.arn;
        this.registerOutputs({ loadBalancerArn: this.loadBalancerArn, serviceId: this.serviceId, serviceName: this.serviceName, topicArn: this.topicArn });
    }
}

export interface EndpointServiceConsumerArgs {
    /** Consumer VPC. */
    vpcId: pulumi.Input<string>;
    /** Consumer's private (workload) subnets, one per AZ. */
    subnetIds: pulumi.Input<string>[];
    /** CIDR of the consumer VPC: the only source the security group admits. */
    cidr: string;
    /** TCP port of the service. @default 443 */
    port?: number;
    /** Endpoint service name (`com.amazonaws.vpce.<region>.vpce-svc-...`). */
    serviceName: pulumi.Input<string>;
    /** Region of the endpoint service when it is not the endpoint's (cross-Region PrivateLink). @default same Region */
    serviceRegion?: string;
    /** Region of the endpoint itself when it is not the provider's. @default the provider's Region */
    region?: string;
    /** Tags for every child. @default {} */
    tags?: Record<string, string>;
}

/** An interface endpoint to a PrivateLink service, admitting only its port from its own VPC. */
export class EndpointServiceConsumer extends pulumi.ComponentResource {
    public readonly endpointId: pulumi.Output<string>;
    /** The endpoint's Regional DNS name and its hosted zone (alias target). */
    public readonly dnsName: pulumi.Output<string>;
    public readonly dnsZoneId: pulumi.Output<string>;

    constructor(name: string, args: EndpointServiceConsumerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:EndpointServiceConsumer", name, {}, opts);
        const port = args.port ?? 443;
        const regional = args.region ? { region: args.region } : {};
        const tags = args.tags ?? {};
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                ...regional,
                vpcId: args.vpcId,
                description: `PrivateLink endpoint ${name}: TCP ${port} from its VPC only`,
                ingress: [{ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [args.cidr], description: "service port from the consumer VPC" }],
                // Endpoint network interfaces never initiate connections.
                egress: [],
                tags: { ...tags, Name: `${name}-sg` },
            },
            { parent: this },
        );
        const endpoint = new aws.ec2.VpcEndpoint(
            `${name}-endpoint`,
            {
                ...regional,
                vpcId: args.vpcId,
                vpcEndpointType: "Interface",
                serviceName: args.serviceName,
                serviceRegion: args.serviceRegion,
                subnetIds: args.subnetIds,
                securityGroupIds: [sg.id],
                // No `privateDnsEnabled`: the provider then creates the endpoint with private DNS
                // off (the connection waits for the owner's acceptance, and private DNS cannot be
                // enabled on a pendingAcceptance endpoint: aws/lifecycle.ts
                // private-dns-needs-accepted-connection), and ConsumerPrivateDns turns it on once
                // the owner has accepted. Set here too, the two would fight ("should be omitted on
                // the parent aws_vpc_endpoint resource", aws_vpc_endpoint_private_dns docs).
                // No `policy`: EC2 accepts only the full-access policy on an endpoint to a
                // customer endpoint service, and attaches it when none is given.
                tags: { ...tags, Name: name },
            },
            { parent: this },
        );
        this.endpointId = endpoint.id;
        this.dnsName = endpoint.dnsEntries.apply((entries) => entries?.[0]?.dnsName ?? "");
        this.dnsZoneId = endpoint.dnsEntries.apply((entries) => entries?.[0]?.hostedZoneId ?? "");
        this.registerOutputs({ endpointId: this.endpointId, dnsName: this.dnsName, dnsZoneId: this.dnsZoneId });
    }
}

export interface ConsumerPrivateDnsArgs {
    /** The consumer's interface endpoint (`vpce-...`). */
    endpointId: pulumi.Input<string>;
    /**
     * Whether to turn private DNS on: true once the owner has accepted this endpoint's connection
     * (a replaced endpoint whose new connection is not accepted yet gets false). @default true
     */
    enabled?: pulumi.Input<boolean>;
    /** Region of the endpoint when it is not the provider's. @default the provider's Region */
    region?: string;
}

/**
 * Private DNS on a consumer's endpoint to an endpoint service with a private DNS name, turned on
 * apart from the endpoint's creation (aws.vpc.EndpointPrivateDns, ModifyVpcEndpoint): AWS does
 * not enable private DNS while the connection is pendingAcceptance, so it is created after the
 * owner's accepter (unit `all`: `dependsOn` the acceptance) or once the owner's stack publishes
 * the acceptance (per-account stacks). The service's private DNS name must also be verified by
 * its owner (a TXT record of the domain): "Consumers of the endpoint service can use the private
 * name only when the state is verified"
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_PrivateDnsNameConfiguration.html). Deleting it leaves private
 * DNS as it is (provider source vpc_endpoint_private_dns.go: no-op Delete); the endpoint goes
 * with its consumer.
 */
export class ConsumerPrivateDns extends pulumi.ComponentResource {
    constructor(name: string, args: ConsumerPrivateDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:ConsumerPrivateDns", name, {}, opts);
        new aws.vpc.EndpointPrivateDns(
            `${name}-private-dns`,
            { ...(args.region ? { region: args.region } : {}), vpcEndpointId: args.endpointId, privateDnsEnabled: args.enabled ?? true },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

/** One consumer endpoint the owner accepts. */
export interface EndpointConnection {
    /** Label for the accepter's name (consumer spoke, and Regions when they differ). */
    label: string;
    /** The consumer's endpoint id (`vpce-...`). */
    endpointId: pulumi.Input<string>;
}

export interface EndpointConnectionAcceptanceArgs {
    /** The endpoint service whose connections are accepted (`vpce-svc-...`). */
    serviceId: pulumi.Input<string>;
    /** The consumers' endpoints. */
    connections: EndpointConnection[];
    /** Region of the endpoint service when it is not the provider's (the failover Region). @default the provider's Region */
    region?: string;
}

/**
 * The owner accepts its consumers' connections: the endpoint service requires acceptance,
 * and a consumer's endpoint stays `pendingAcceptance` (no traffic) until it is accepted.
 * Created with the network admin role's provider: the perimeter SCP lets only that role
 * call ec2:AcceptVpcEndpointConnections.
 */
export class EndpointConnectionAcceptance extends pulumi.ComponentResource {
    /** State of each accepted endpoint (`available` once accepted), by label. */
    public readonly states: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: EndpointConnectionAcceptanceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:EndpointConnectionAcceptance", name, {}, opts);
        const regional = args.region ? { region: args.region } : {};
        this.states = {};
        for (const c of args.connections) {
            const accepter = new aws.ec2.VpcEndpointConnectionAccepter(
                `${name}-${c.label}`,
                { ...regional, vpcEndpointServiceId: args.serviceId, vpcEndpointId: c.endpointId },
                { parent: this },
            );
            this.states[c.label] = accepter.vpcEndpointState;
        }
        this.registerOutputs({ states: this.states });
    }
}

/** A VPC that may resolve the provider's failover record (association authorized by the owner). */
export interface AuthorizedVpc {
    /** Label for resource names (consumer spoke and Region). */
    label: string;
    vpcId: pulumi.Input<string>;
    vpcRegion: string;
}

export interface FailoverRoutingArgs {
    /** The provider's private hosted zone holding the failover record, e.g. `svc.example.internal`. */
    zoneName: string;
    /** Label of the record consumers resolve: `<recordLabel>.<zoneName>`. */
    recordLabel: string;
    /** Zone the consumers keep their `primary`/`secondary` records in. */
    consumerZoneName: string;
    /** The owner's VPC in the primary Region (a private zone needs one VPC at creation). */
    ownerVpcId: pulumi.Input<string>;
    /** The primary Region. */
    primaryRegion: string;
    /** The failover Region. */
    secondaryRegion: string;
    /** Existing ARC cluster. @default a new cluster */
    clusterArn?: string;
    /** Consumer VPCs allowed to associate with the zone (cross-account). @default [] */
    authorizedVpcs?: AuthorizedVpc[];
    /** Seconds the failover answer is cached. @default 60 */
    ttl?: number;
    /** Tags for children that take them. @default {} */
    tags?: Record<string, string>;
    /**
     * How the zone's association with `ownerVpcId` follows a replaced owner VPC (a CIDR
     * change): as for the central zones' hub (components/hosted-zones.ts
     * `planHubAssociations`), the association the zone was created with is adopted as a
     * `ZoneAssociation` once the zone exists, and that one is replaced with the VPC.
     * @default { mode: "created" } (the zone keeps only the association it was created with)
     */
    ownerAssociation?: HubAssociationPlan;
}

/**
 * What the owner's previous run recorded about a failover zone and the owner VPC it follows
 * (its own outputs: a spoke's `endpointServices.<service>.failover`, unit all's
 * `failoverZones.<service>`). Fields are absent in outputs of older runs.
 */
export interface FailoverZoneRecord {
    /** The zone's name that run. */
    zone?: string;
    /** The zone's id. */
    zoneId?: string;
    /** The owner VPC of that run, and its CIDR and Region. */
    ownerVpcId?: string;
    ownerCidr?: string;
    ownerRegion?: string;
    /** Whether the zone's association with the owner VPC was a `ZoneAssociation` after that run. */
    ownerAssociationHeld?: boolean;
}

/**
 * How the failover zone's association with the owner VPC is held this run, from the previous
 * run's record ({} on a first deploy) — components/hosted-zones.ts `planHubAssociations` for
 * the owner VPC: `created` (a new zone, or one of another name: the zone is replaced and
 * created with the owner VPC), `adopt` (the zone exists, its association is adopted by
 * `import` of `zone:vpc:region`), `held` (adopted before: replaced with the owner VPC). A zone
 * not adopted yet cannot follow an owner VPC replaced in the same run (a new CIDR, or another
 * Region): the adoption needs the old VPC, the association's inputs name the new one, so that
 * is refused, naming the run to make first. Pure: tested without mocks.
 */
export function planOwnerAssociation(
    zoneName: string,
    previous: FailoverZoneRecord,
    owner: { cidr: string; region: string },
): { plan: HubAssociationPlan; refusal?: string } {
    // Another zone name replaces the zone (name is ForceNew): the new one is created with the owner VPC.
    if (previous.zone !== undefined && previous.zone !== zoneName) return { plan: { mode: "created" } };
    if (previous.ownerAssociationHeld === true) return { plan: { mode: "held" } };
    if (previous.zoneId === undefined || previous.ownerVpcId === undefined) return { plan: { mode: "created" } };
    const region = previous.ownerRegion ?? owner.region;
    const plan: HubAssociationPlan = { mode: "adopt", importId: `${previous.zoneId}:${previous.ownerVpcId}:${region}` };
    const cidrChanges = previous.ownerCidr !== undefined && previous.ownerCidr !== owner.cidr;
    const regionChanges = region !== owner.region;
    if (!cidrChanges && !regionChanges) return { plan };
    const was = [cidrChanges ? `CIDR ${previous.ownerCidr}` : "", regionChanges ? `Region ${region}` : ""].filter(Boolean).join(" and ");
    const now = [cidrChanges ? owner.cidr : "", regionChanges ? owner.region : ""].filter(Boolean).join(" in ");
    return {
        plan,
        refusal:
            `the owner VPC is replaced (its ${was} becomes ${now}), but the failover zone ${zoneName} is still associated with it only through the association it was created with, ` +
            `which cannot follow a replaced VPC. Deploy once with the owner's ${was} (that run adopts the association as a ZoneAssociation), then make the change`,
    };
}

/**
 * Provider-side failover: an ARC control panel with one routing control per Region,
 * a RECOVERY_CONTROL health check on each, and a PRIMARY/SECONDARY CNAME pair in the
 * provider's private zone. Turning the primary control off (and the secondary on) moves
 * every consumer to the secondary Region without any change on their side.
 *
 * Routing controls are created Off. After the first deploy the operator turns the
 * primary control On through the ARC cluster endpoints (a data-plane call, not
 * declarative state): `aws route53-recovery-cluster update-routing-control-state`.
 * Until then both records are unhealthy and Route 53 answers with the primary.
 */
export class FailoverRouting extends pulumi.ComponentResource {
    public readonly zoneId: pulumi.Output<string>;
    public readonly fqdn: string;
    public readonly primaryControlArn: pulumi.Output<string>;
    public readonly secondaryControlArn: pulumi.Output<string>;
    /** Whether the zone's association with the owner VPC is a `ZoneAssociation` after this run (`held` next run). */
    public readonly ownerAssociationHeld: boolean;

    constructor(name: string, args: FailoverRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:FailoverRouting", name, {}, opts);
        const child = { parent: this };
        const tags = args.tags ?? {};
        // An ARC cluster is billed per hour whether used or not: share one through `clusterArn`.
        const clusterArn = args.clusterArn ?? new aws.route53recoverycontrol.Cluster(`${name}-cluster`, { name: `${name}-cluster`, tags }, child).arn;
        const panel = new aws.route53recoverycontrol.ControlPanel(`${name}-panel`, { name: `${name}-panel`, clusterArn, tags }, child);
        const controls = (["primary", "secondary"] as const).map((role) => {
            const control = new aws.route53recoverycontrol.RoutingControl(
                `${name}-${role}`,
                { name: `${name}-${role}-${role === "primary" ? args.primaryRegion : args.secondaryRegion}`, clusterArn, controlPanelArn: panel.arn },
                child,
            );
            const check = new aws.route53.HealthCheck(
                `${name}-${role}-check`,
                { type: "RECOVERY_CONTROL", routingControlArn: control.arn, tags: { ...tags, Name: `${name}-${role}` } },
                child,
            );
            return { role, control, check };
        });
        const zone = new aws.route53.Zone(
            `${name}-zone`,
            {
                name: args.zoneName,
                comment: `PrivateLink failover records of ${name}`,
                vpcs: [{ vpcId: args.ownerVpcId, vpcRegion: args.primaryRegion }],
                tags,
            },
            // Consumer VPCs associate through ZoneAssociation in their own accounts, and a read
            // lists them in `vpcs` (aws/route53-zone-associations.ts zone-update-associates-then-disassociates).
            { parent: this, ignoreChanges: ["vpcs"] },
        );
        const plan = args.ownerAssociation ?? { mode: "created" };
        if (plan.mode !== "created") {
            new aws.route53.ZoneAssociation(
                `${name}-zone-owner`,
                { zoneId: zone.zoneId, vpcId: args.ownerVpcId, vpcRegion: args.primaryRegion },
                { parent: this, deletedWith: zone, ...(plan.mode === "adopt" ? { import: plan.importId } : {}) },
            );
        }
        this.ownerAssociationHeld = plan.mode !== "created";
        this.fqdn = `${args.recordLabel}.${args.zoneName}`;
        for (const { role, check } of controls) {
            new aws.route53.Record(
                `${name}-${role}-record`,
                {
                    zoneId: zone.zoneId,
                    name: this.fqdn,
                    type: "CNAME",
                    ttl: args.ttl ?? 60,
                    setIdentifier: role,
                    failoverRoutingPolicies: [{ type: role === "primary" ? "PRIMARY" : "SECONDARY" }],
                    healthCheckId: check.id,
                    records: [`${role}.${args.consumerZoneName}`],
                },
                child,
            );
        }
        for (const vpc of args.authorizedVpcs ?? []) {
            new aws.route53.VpcAssociationAuthorization(`${name}-authorize-${vpc.label}`, { zoneId: zone.zoneId, vpcId: vpc.vpcId, vpcRegion: vpc.vpcRegion }, child);
        }
        this.zoneId = zone.zoneId;
        this.primaryControlArn = controls[0].control.arn;
        this.secondaryControlArn = controls[1].control.arn;
        this.registerOutputs({ zoneId: this.zoneId, fqdn: this.fqdn, primaryControlArn: this.primaryControlArn, secondaryControlArn: this.secondaryControlArn });
    }
}

export interface FailoverConsumerZoneArgs {
    /** The consumer zone name (the provider's records point at `primary.<name>` / `secondary.<name>`). */
    zoneName: string;
    /** The consumer VPC of this Region. */
    vpcId: pulumi.Input<string>;
    vpcRegion: string;
    /** This Region's endpoint to the primary Region's service. */
    primary: { dnsName: pulumi.Input<string>; dnsZoneId: pulumi.Input<string> };
    /** This Region's endpoint to the secondary Region's service. */
    secondary: { dnsName: pulumi.Input<string>; dnsZoneId: pulumi.Input<string> };
    /** The provider's failover zone, associated with the VPC once the owner authorized it. @default not associated */
    providerZoneId?: pulumi.Input<string>;
    /** Resources the association waits for (the owner's authorization in a single graph). @default [] */
    associationDependsOn?: pulumi.Resource[];
    /** Tags for the zone. @default {} */
    tags?: Record<string, string>;
}

/** One consumer Region's records: `primary` and `secondary` aliases to the local endpoints. */
export class FailoverConsumerZone extends pulumi.ComponentResource {
    public readonly zoneId: pulumi.Output<string>;

    constructor(name: string, args: FailoverConsumerZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:FailoverConsumerZone", name, {}, opts);
        const zone = new aws.route53.Zone(
            `${name}-zone`,
            { name: args.zoneName, comment: `PrivateLink endpoints of ${name}`, vpcs: [{ vpcId: args.vpcId, vpcRegion: args.vpcRegion }], tags: args.tags ?? {} },
            { parent: this },
        );
        for (const [role, target] of [
            ["primary", args.primary],
            ["secondary", args.secondary],
        ] as const) {
            new aws.route53.Record(
                `${name}-${role}`,
                { zoneId: zone.zoneId, name: `${role}.${args.zoneName}`, type: "A", aliases: [{ name: target.dnsName, zoneId: target.dnsZoneId, evaluateTargetHealth: false }] },
                { parent: this },
            );
        }
        if (args.providerZoneId !== undefined) {
            new aws.route53.ZoneAssociation(
                `${name}-provider-zone`,
                { zoneId: args.providerZoneId, vpcId: args.vpcId, vpcRegion: args.vpcRegion },
                { parent: this, dependsOn: args.associationDependsOn ?? [] },
            );
        }
        this.zoneId = zone.zoneId;
        this.registerOutputs({ zoneId: this.zoneId });
    }
}
