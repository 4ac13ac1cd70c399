/**
 * NetworkHub: the transit gateway with one route table per route domain, its RAM share,
 * the shared-services hub VPC attached to it, and the on-premises VPN.
 *
 * The VPCs are built from raw `aws.ec2` resources rather than `awsx.ec2.Vpc`: awsx is a
 * remote (plugin) component, so under the mock runtime — the offline plan, the tests —
 * and to the policy pack at preview its subnets, route tables and gateways are invisible
 * (one opaque resource). The reachability proof must follow VPC route tables, and the
 * pack must see that an isolated VPC has no internet gateway or public subnet, so every
 * one of those resources has to exist in our own graph.
 */
import { cloudWatchFlowLogGroupName } from "../definition/log-archive";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { hubLayout, subnetsOfTier } from "../network/layout";
import { FlowLogS3Destination, FlowLogs } from "./flow-logs";

export interface NetworkHubArgs {
    /** Environment name, for tags and log group names. */
    environment: string;
    /** Amazon-side private BGP ASN of the transit gateway. */
    asn: number;
    /** Route domain names: one TGW route table each (include `onprem` when it is declared). */
    domains: string[];
    /** Domain the hub VPC's attachment is associated with. @default "shared" */
    hubDomain?: string;
    /** Domains whose route tables receive the hub VPC's CIDR (the domains that reach `shared`). */
    hubPropagations: string[];
    /**
     * Per domain, the domains it reaches one-way by declaration (the definition's `oneWay`).
     * Each is a tag `landing-zone:one-way-to:<domain>` on the domain's route table, so the
     * policy pack tells a declared one-way path from a mistake without the definition.
     * @default {} (none)
     */
    oneWayTo?: Record<string, string[]>;
    /** CIDR of the hub VPC, carved by `hubLayout`. */
    cidr: string;
    /** Availability Zone names, one set of subnets each. */
    availabilityZones: string[];
    /** Destinations the hub VPC sends to the transit gateway (the environment's summaries). */
    transitGatewayRoutes: string[];
    /**
     * RAM principals to share the transit gateway with: label (used in resource names) →
     * organization or OU ARN. Empty means no share (no organization).
     * @default {}
     */
    shareWith?: Record<string, string>;
    /**
     * Site-to-site VPN to on-premises, attached to the TGW and associated with the `onprem`
     * route table.
     * @default no VPN
     */
    vpn?: { customerGatewayIp: string; bgpAsn: number };
    /**
     * An existing on-premises attachment (Direct Connect gateway or VPN) to associate with the
     * `onprem` route table instead of building a VPN.
     * @default none
     */
    onPremisesAttachmentId?: pulumi.Input<string>;
    /**
     * The table every transit gateway peering of this Region is associated with, where
     * packets arriving from other Regions are looked up: `"own"` builds a peering route table
     * (`<name>-peering-rt`), which the hub's attachment propagates into when
     * `hubReachableAcrossRegions`; `{ domain }` uses that route domain's table and builds
     * nothing (network/domains.ts `peeringLookupDomain` says when a domain's table can serve).
     * @default none (one Region: no peering)
     */
    peeringLookup?: "own" | { domain: string };
    /**
     * Tag the hub VPC and the transit gateway with `landing-zone:region: <region>`, so a
     * plan of several Regions (and the policy pack) tells the Regions' hubs apart
     * (analysis/plan-records.ts REGION_TAG).
     * @default none (one Region)
     */
    regionTag?: string;
    /** The hub's attachment propagates into the peering route table (some domain reaches `shared`). @default false */
    hubReachableAcrossRegions?: boolean;
    /** Flow log settings and the account/Region the hub lives in (scopes the delivery role); `s3`: deliver to that bucket (the log archive) instead of CloudWatch Logs. */
    flowLogs: { accountId: string; region: string; retentionDays: number; trafficType: "ALL" | "ACCEPT" | "REJECT"; s3?: FlowLogS3Destination };
}

/**
 * Tag key prefix on a domain's TGW route table for each domain it reaches one-way by
 * declaration: `landing-zone:one-way-to:<domain>` (value `declared`).
 */
export const ONE_WAY_TAG_PREFIX = "landing-zone:one-way-to:";

/**
 * The hub VPC's routes to the transit gateway (the environment's internal summaries),
 * the only place the hub makes them, named `<prefix>-tgw-<i>`. A route to a TGW fails
 * until the VPC is attached to it: each waits for `attachment`.
 */
function hubRoutesToTransitGateway(
    parent: pulumi.Resource,
    prefix: string,
    routeTableId: pulumi.Input<string>,
    transitGatewayId: pulumi.Input<string>,
    destinations: string[],
    attachment: pulumi.Resource,
): aws.ec2.Route[] {
    return destinations.map(
        (destination, i) => new aws.ec2.Route(`${prefix}-tgw-${i}`, { routeTableId, destinationCidrBlock: destination, transitGatewayId }, { parent, dependsOn: [attachment] }),
    );
}

/** TGW settings the landing zone relies on: nothing joins or routes without an explicit decision here. */
export const secureTransitGatewayDefaults = {
    autoAcceptSharedAttachments: "disable",
    defaultRouteTableAssociation: "disable",
    defaultRouteTablePropagation: "disable",
    dnsSupport: "enable",
    vpnEcmpSupport: "enable",
} as const;

export class NetworkHub extends pulumi.ComponentResource {
    readonly transitGatewayId: pulumi.Output<string>;
    readonly transitGatewayArn: pulumi.Output<string>;
    /** TGW route table id per domain. */
    readonly routeTableIds: Record<string, pulumi.Output<string>>;
    /** Resolves once the RAM share reaches its principals (spokes in other accounts wait for it). */
    readonly shared: pulumi.Output<boolean>;
    readonly vpcId: pulumi.Output<string>;
    readonly endpointSubnetIds: pulumi.Output<string>[];
    readonly resolverSubnetIds: pulumi.Output<string>[];
    readonly attachmentSubnetIds: pulumi.Output<string>[];
    readonly vpcRouteTableIds: pulumi.Output<string>[];
    readonly hubAttachmentId: pulumi.Output<string>;
    /** The on-premises attachment (VPN or existing), when there is one. */
    readonly onPremisesAttachmentId?: pulumi.Output<string>;
    /** The table the peerings are associated with, when `peeringLookup` (its own, or the domain's). */
    readonly peeringRouteTableId?: pulumi.Output<string>;

    constructor(name: string, args: NetworkHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:NetworkHub", name, {}, opts);
        const hubDomain = args.hubDomain ?? "shared";
        const base = { "landing-zone:environment": args.environment };
        const regionTag: Record<string, string> = args.regionTag ? { "landing-zone:region": args.regionTag } : {};
        const child = { parent: this };

        // ---- transit gateway and route domains -------------------------------------
        const tgw = new aws.ec2transitgateway.TransitGateway(
            `${name}-tgw`,
            {
                description: `landing-zone ${args.environment} transit gateway`,
                amazonSideAsn: args.asn,
                ...secureTransitGatewayDefaults,
                tags: { ...base, Name: `${args.environment}-tgw`, ...regionTag },
            },
            child,
        );
        const routeTables: Record<string, aws.ec2transitgateway.RouteTable> = {};
        for (const domain of args.domains) {
            const oneWay = Object.fromEntries((args.oneWayTo?.[domain] ?? []).map((to) => [`${ONE_WAY_TAG_PREFIX}${to}`, "declared"]));
            routeTables[domain] = new aws.ec2transitgateway.RouteTable(
                `${name}-rt-${domain}`,
                { transitGatewayId: tgw.id, tags: { ...base, Name: `${args.environment}-${domain}`, "landing-zone:domain": domain, ...oneWay } },
                child,
            );
        }
        // Not named like the domains' tables (`-rt-<domain>`), so no domain name can clash with it.
        const peeringTable = args.peeringLookup === "own"
            ? new aws.ec2transitgateway.RouteTable(
                  `${name}-peering-rt`,
                  { transitGatewayId: tgw.id, tags: { ...base, Name: `${args.environment}-peering`, "landing-zone:role": "peering" } },
                  child,
              )
            : undefined;
        const routeTable = (domain: string): aws.ec2transitgateway.RouteTable => {
            const rt = routeTables[domain];
            if (!rt) throw new Error(`NetworkHub ${name}: route domain "${domain}" is not in domains (${args.domains.join(", ")})`);
            return rt;
        };

        // ---- RAM share (organization or OUs; none without an organization) ----------
        const principals = Object.entries(args.shareWith ?? {});
        const shareDone: pulumi.CustomResource[] = [];
        if (principals.length > 0) {
            const share = new aws.ram.ResourceShare(
                `${name}-tgw-share`,
                { name: `${args.environment}-transit-gateway`, allowExternalPrincipals: false, tags: base },
                child,
            );
            shareDone.push(new aws.ram.ResourceAssociation(`${name}-tgw-share-tgw`, { resourceShareArn: share.arn, resourceArn: tgw.arn }, child));
            for (const [label, arn] of principals) {
                shareDone.push(new aws.ram.PrincipalAssociation(`${name}-tgw-share-${label}`, { resourceShareArn: share.arn, principal: arn }, child));
            }
        }

        // ---- hub VPC ------------------------------------------------------------------
        const layout = hubLayout(args.cidr, args.availabilityZones.length);
        const vpcTags = {
            ...base,
            Name: `${args.environment}-hub`,
            "landing-zone:role": "hub",
            "landing-zone:domain": hubDomain,
            // The hub has no internet gateway, NAT or public subnet.
            "landing-zone:isolation": "isolated",
            ...regionTag,
        };
        const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: vpcTags }, child);
        // One route table: the hub has no per-AZ next hop (no NAT), so every subnet routes alike.
        const vpcRouteTable = new aws.ec2.RouteTable(`${name}-vpc-rt`, { vpcId: vpc.id, tags: { ...base, Name: `${args.environment}-hub` } }, child);
        const subnetIds = new Map<string, pulumi.Output<string>>();
        for (const subnet of layout.subnets) {
            const resource = new aws.ec2.Subnet(
                `${name}-${subnet.name}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: subnet.cidr,
                    availabilityZone: args.availabilityZones[subnet.az],
                    mapPublicIpOnLaunch: false,
                    tags: { ...base, Name: `${args.environment}-hub-${subnet.name}`, "landing-zone:tier": subnet.tier },
                },
                child,
            );
            new aws.ec2.RouteTableAssociation(`${name}-${subnet.name}-rt`, { subnetId: resource.id, routeTableId: vpcRouteTable.id }, child);
            subnetIds.set(subnet.name, resource.id);
        }
        const idsOf = (tier: "attachment" | "endpoint" | "resolver") => subnetsOfTier(layout, tier).map((s) => subnetIds.get(s.name)!);

        const attachment = new aws.ec2transitgateway.VpcAttachment(
            `${name}-attachment`,
            {
                transitGatewayId: tgw.id,
                vpcId: vpc.id,
                subnetIds: idsOf("attachment"),
                dnsSupport: "enable",
                // Same account as the TGW: say explicitly that the default route table is not used.
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                tags: { ...base, Name: `${args.environment}-hub`, "landing-zone:domain": hubDomain },
            },
            child,
        );
        new aws.ec2transitgateway.RouteTableAssociation(
            `${name}-attachment-assoc`,
            { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: routeTable(hubDomain).id },
            child,
        );
        for (const domain of args.hubPropagations) {
            new aws.ec2transitgateway.RouteTablePropagation(
                `${name}-attachment-to-${domain}`,
                { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: routeTable(domain).id },
                child,
            );
        }
        if (peeringTable && args.hubReachableAcrossRegions) {
            new aws.ec2transitgateway.RouteTablePropagation(
                `${name}-attachment-to-peering`,
                { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: peeringTable.id },
                child,
            );
        }
        hubRoutesToTransitGateway(this, `${name}-vpc-rt`, vpcRouteTable.id, tgw.id, args.transitGatewayRoutes, attachment);
        new FlowLogs(
            `${name}-flow-logs`,
            {
                vpcId: vpc.id,
                accountId: args.flowLogs.accountId,
                region: args.flowLogs.region,
                logGroupName: cloudWatchFlowLogGroupName(args.environment, "hub"),
                retentionDays: args.flowLogs.retentionDays,
                trafficType: args.flowLogs.trafficType,
                s3: args.flowLogs.s3,
                tags: base,
            },
            child,
        );

        // ---- on-premises ----------------------------------------------------------------
        let onPremisesAttachmentId: pulumi.Output<string> | undefined;
        if (args.vpn) {
            const customerGateway = new aws.ec2.CustomerGateway(
                `${name}-cgw`,
                { type: "ipsec.1", ipAddress: args.vpn.customerGatewayIp, bgpAsn: String(args.vpn.bgpAsn), tags: { ...base, Name: `${args.environment}-onprem` } },
                child,
            );
            const vpn = new aws.ec2.VpnConnection(
                `${name}-vpn`,
                {
                    type: "ipsec.1",
                    customerGatewayId: customerGateway.id,
                    transitGatewayId: tgw.id,
                    // BGP: on-premises learns the routes the onprem route table holds.
                    staticRoutesOnly: false,
                    tags: { ...base, Name: `${args.environment}-onprem`, "landing-zone:domain": "onprem" },
                },
                child,
            );
            onPremisesAttachmentId = vpn.transitGatewayAttachmentId;
        } else if (args.onPremisesAttachmentId !== undefined) {
            onPremisesAttachmentId = pulumi.output(args.onPremisesAttachmentId);
        }
        if (onPremisesAttachmentId) {
            new aws.ec2transitgateway.RouteTableAssociation(
                `${name}-onprem-assoc`,
                { transitGatewayAttachmentId: onPremisesAttachmentId, transitGatewayRouteTableId: routeTable("onprem").id },
                child,
            );
        }

        this.transitGatewayId = tgw.id;
        this.transitGatewayArn = tgw.arn;
        this.routeTableIds = Object.fromEntries(Object.entries(routeTables).map(([d, rt]) => [d, rt.id]));
        this.shared = pulumi.all(shareDone.map((r) => r.id)).apply(() => true);
        this.vpcId = vpc.id;
        this.endpointSubnetIds = idsOf("endpoint");
        this.resolverSubnetIds = idsOf("resolver");
        this.attachmentSubnetIds = idsOf("attachment");
        this.vpcRouteTableIds = [vpcRouteTable.id];
        this.hubAttachmentId = attachment.id;
        this.onPremisesAttachmentId = onPremisesAttachmentId;
        this.peeringRouteTableId =
            args.peeringLookup === undefined || args.peeringLookup === "own" ? peeringTable?.id : routeTable(args.peeringLookup.domain).id;
        this.registerOutputs({
            transitGatewayId: this.transitGatewayId,
            transitGatewayArn: this.transitGatewayArn,
            routeTableIds: this.routeTableIds,
            vpcId: this.vpcId,
            endpointSubnetIds: this.endpointSubnetIds,
            resolverSubnetIds: this.resolverSubnetIds,
            hubAttachmentId: this.hubAttachmentId,
            onPremisesAttachmentId: this.onPremisesAttachmentId,
        });
    }
}
