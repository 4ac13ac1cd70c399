/**
 * SpokeVpc: a workload VPC attached to the environment's transit gateway.
 *
 * Raw `aws.ec2` resources, not `awsx.ec2.Vpc` (see network-hub.ts for why): the policy
 * pack and the reachability proof must see every subnet, route table and gateway.
 *
 * Routing: with `internet: none` every workload route table sends 0.0.0.0/0 to the TGW
 * and nothing in the VPC can reach the internet on its own; with `internet: nat` the
 * default route goes to the AZ's NAT gateway and the environment's internal summaries
 * go to the TGW, so internal traffic never leaks to the NAT. The number of resources
 * depends only on the AZ count, the internet mode and the gateway endpoints — never on
 * how many spokes or endpoint services the environment has.
 */
import { cloudWatchFlowLogGroupName } from "../definition/log-archive";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { spokeLayout, subnetsOfTier } from "../network/layout";
import { FlowLogS3Destination, FlowLogs } from "./flow-logs";

export interface SpokeVpcArgs {
    /** Environment name, for tags and log group names. */
    environment: string;
    /** Spoke name (tag `landing-zone:spoke`, names the reachability matrix row). */
    spokeName: string;
    /** Route domain of the spoke (tag `landing-zone:domain`). */
    domain: string;
    /** VPC CIDR, carved by `spokeLayout`. */
    cidr: string;
    /**
     * Availability Zone IDs (`use1-az1`), the hub's count. IDs, not names: a name maps to
     * a different physical zone in each account, an ID to the same one, so the spoke's
     * attachment subnets sit in the hub's zones.
     */
    availabilityZoneIds: string[];
    /** `none`: no internet gateway, NAT or public subnet at all; `nat`: public subnets and one NAT gateway per AZ. */
    internet: "none" | "nat";
    /** The environment's transit gateway (shared through RAM when it is in another account). */
    transitGatewayId: pulumi.Input<string>;
    /**
     * True when the TGW belongs to this VPC's account. Only then may the attachment set the
     * default route table flags: across accounts they belong to the TGW owner's accepter.
     */
    sameAccountAsTransitGateway: boolean;
    /** Internal destinations routed to the TGW when `internet` is `nat` (with `none`, 0.0.0.0/0 goes to the TGW). */
    transitGatewayRoutes: string[];
    /**
     * Whether the routes to the TGW can be created: AWS refuses a route to a transit
     * gateway until the VPC's attachment is available, and an attachment from another
     * account stays pendingAcceptance until the TGW owner accepts it (aws/lifecycle.ts
     * tgw-route-needs-available-attachment). False: the VPC gets no TGW route yet.
     * @default true
     */
    transitGatewayRoutesReady?: boolean;
    /**
     * Resources the routes to the TGW wait for besides the attachment (the accepter, when
     * the TGW owner's side is in the same program).
     * @default []
     */
    transitGatewayRoutesDependOn?: pulumi.Input<pulumi.Resource[]>;
    /**
     * Gateway endpoints on every route table, each with its endpoint policy (JSON).
     * @default []
     */
    gatewayEndpoints?: { service: "s3" | "dynamodb"; policy: string }[];
    /** Flow log settings and the VPC's account and Region (scope the delivery role); `s3`: deliver to that bucket (the log archive) instead of CloudWatch Logs. */
    flowLogs: { accountId: string; region: string; retentionDays: number; trafficType: "ALL" | "ACCEPT" | "REJECT"; s3?: FlowLogS3Destination };
}

/**
 * A workload route table's routes to the transit gateway, the only place a spoke makes
 * them: every destination of `destinations` (the environment's internal summaries, with
 * `internet: nat`), or `"default"`: 0.0.0.0/0 (with `internet: none`, everything leaves
 * through the TGW). Named `<prefix>-tgw-<i>`, or `<prefix>-default` for the default route.
 * A route to a TGW fails until the VPC's attachment to it is available: each waits for
 * `attachment` and for `dependOn` (the accepter, when the TGW owner's side is in the same
 * program).
 */
function routesToTransitGateway(
    parent: pulumi.Resource,
    prefix: string,
    routeTableId: pulumi.Input<string>,
    transitGatewayId: pulumi.Input<string>,
    destinations: string[] | "default",
    attachment: pulumi.Resource,
    dependOn: pulumi.Input<pulumi.Resource[]> = [],
): aws.ec2.Route[] {
    const opts = { parent, dependsOn: pulumi.output(dependOn).apply((more) => [attachment, ...more]) };
    if (destinations === "default") {
        return [new aws.ec2.Route(`${prefix}-default`, { routeTableId, destinationCidrBlock: "0.0.0.0/0", transitGatewayId }, opts)];
    }
    return destinations.map((destination, i) => new aws.ec2.Route(`${prefix}-tgw-${i}`, { routeTableId, destinationCidrBlock: destination, transitGatewayId }, opts));
}

export class SpokeVpc extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly workloadSubnetIds: pulumi.Output<string>[];
    /** The workload route tables, one per AZ. */
    readonly routeTableIds: pulumi.Output<string>[];
    readonly transitGatewayAttachmentId: pulumi.Output<string>;

    constructor(name: string, args: SpokeVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:SpokeVpc", name, {}, opts);
        const env = args.environment;
        const base = { "landing-zone:environment": env, "landing-zone:spoke": args.spokeName, "landing-zone:domain": args.domain };
        const child = { parent: this };
        const nat = args.internet === "nat";
        const layout = spokeLayout(args.cidr, args.availabilityZoneIds.length, args.internet);
        const azCount = args.availabilityZoneIds.length;

        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidr,
                // Required for private DNS of the hub's endpoints (Route 53 Profile / hosted zones).
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: {
                    ...base,
                    Name: `${env}-${args.spokeName}`,
                    "landing-zone:role": "spoke",
                    "landing-zone:isolation": nat ? "internet" : "isolated",
                },
            },
            child,
        );

        const subnets = new Map<string, aws.ec2.Subnet>();
        for (const subnet of layout.subnets) {
            subnets.set(
                subnet.name,
                new aws.ec2.Subnet(
                    `${name}-${subnet.name}`,
                    {
                        vpcId: vpc.id,
                        cidrBlock: subnet.cidr,
                        availabilityZoneId: args.availabilityZoneIds[subnet.az],
                        // Even public subnets: the NAT gateway uses an Elastic IP, nothing else needs one.
                        mapPublicIpOnLaunch: false,
                        tags: { ...base, Name: `${env}-${args.spokeName}-${subnet.name}`, "landing-zone:tier": subnet.tier },
                    },
                    child,
                ),
            );
        }
        const subnetOf = (tier: "attachment" | "workload" | "public", az: number) => subnets.get(subnetsOfTier(layout, tier)[az].name)!;

        const attachment = new aws.ec2transitgateway.VpcAttachment(
            `${name}-attachment`,
            {
                transitGatewayId: args.transitGatewayId,
                vpcId: vpc.id,
                subnetIds: subnetsOfTier(layout, "attachment").map((s) => subnets.get(s.name)!.id),
                dnsSupport: "enable",
                ...(args.sameAccountAsTransitGateway
                    ? { transitGatewayDefaultRouteTableAssociation: false, transitGatewayDefaultRouteTablePropagation: false }
                    : {}),
                tags: { ...base, Name: `${env}-${args.spokeName}` },
            },
            child,
        );

        // ---- internet egress (nat only) -------------------------------------------------
        const natGatewayIds: pulumi.Output<string>[] = [];
        const publicRouteTables: aws.ec2.RouteTable[] = [];
        if (nat) {
            const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { ...base, Name: `${env}-${args.spokeName}` } }, child);
            const publicRouteTable = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId: vpc.id, tags: { ...base, Name: `${env}-${args.spokeName}-public` } }, child);
            publicRouteTables.push(publicRouteTable);
            new aws.ec2.Route(`${name}-public-rt-igw`, { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, child);
            for (let az = 0; az < azCount; az++) {
                const publicSubnet = subnetOf("public", az);
                new aws.ec2.RouteTableAssociation(`${name}-public-${az}-rt`, { subnetId: publicSubnet.id, routeTableId: publicRouteTable.id }, child);
                const eip = new aws.ec2.Eip(`${name}-nat-${az}-eip`, { domain: "vpc", tags: { ...base, Name: `${env}-${args.spokeName}-nat-${az}` } }, child);
                const natGateway = new aws.ec2.NatGateway(
                    `${name}-nat-${az}`,
                    { subnetId: publicSubnet.id, allocationId: eip.id, connectivityType: "public", tags: { ...base, Name: `${env}-${args.spokeName}-${az}` } },
                    { parent: this, dependsOn: [igw] },
                );
                natGatewayIds.push(natGateway.id);
            }
        }

        // ---- workload route tables, one per AZ (each AZ has its own NAT next hop) ------
        const workloadRouteTables: aws.ec2.RouteTable[] = [];
        for (let az = 0; az < azCount; az++) {
            const rt = new aws.ec2.RouteTable(`${name}-workload-${az}-rt`, { vpcId: vpc.id, tags: { ...base, Name: `${env}-${args.spokeName}-workload-${az}` } }, child);
            workloadRouteTables.push(rt);
            new aws.ec2.RouteTableAssociation(`${name}-workload-${az}-rt-assoc`, { subnetId: subnetOf("workload", az).id, routeTableId: rt.id }, child);
            // The attachment subnets hold only TGW ENIs; they share their AZ's route table.
            new aws.ec2.RouteTableAssociation(`${name}-attachment-${az}-rt-assoc`, { subnetId: subnetOf("attachment", az).id, routeTableId: rt.id }, child);
            if (nat) {
                new aws.ec2.Route(`${name}-workload-${az}-rt-default`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: natGatewayIds[az] }, child);
            }
            // Only once the attachment can carry them (args.transitGatewayRoutesReady).
            if (args.transitGatewayRoutesReady ?? true) {
                routesToTransitGateway(this, `${name}-workload-${az}-rt`, rt.id, args.transitGatewayId, nat ? args.transitGatewayRoutes : "default", attachment, args.transitGatewayRoutesDependOn);
            }
        }

        // ---- gateway endpoints on every route table ----------------------------------
        const allRouteTableIds = [...workloadRouteTables, ...publicRouteTables].map((rt) => rt.id);
        for (const endpoint of args.gatewayEndpoints ?? []) {
            new aws.ec2.VpcEndpoint(
                `${name}-${endpoint.service}`,
                {
                    vpcId: vpc.id,
                    serviceName: `com.amazonaws.${args.flowLogs.region}.${endpoint.service}`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: allRouteTableIds,
                    policy: endpoint.policy,
                    tags: { ...base, Name: `${env}-${args.spokeName}-${endpoint.service}` },
                },
                child,
            );
        }

        new FlowLogs(
            `${name}-flow-logs`,
            {
                vpcId: vpc.id,
                accountId: args.flowLogs.accountId,
                region: args.flowLogs.region,
                logGroupName: cloudWatchFlowLogGroupName(env, args.spokeName),
                retentionDays: args.flowLogs.retentionDays,
                trafficType: args.flowLogs.trafficType,
                s3: args.flowLogs.s3,
                tags: base,
            },
            child,
        );

        this.vpcId = vpc.id;
        this.workloadSubnetIds = subnetsOfTier(layout, "workload").map((s) => subnets.get(s.name)!.id);
        this.routeTableIds = workloadRouteTables.map((rt) => rt.id);
        this.transitGatewayAttachmentId = attachment.id;
        this.registerOutputs({
            vpcId: this.vpcId,
            workloadSubnetIds: this.workloadSubnetIds,
            routeTableIds: this.routeTableIds,
            transitGatewayAttachmentId: this.transitGatewayAttachmentId,
        });
    }
}
