/**
 * A spoke unit (workload account): the spoke's VPC, attached to the network account's
 * transit gateway.
 */
import * as pulumi from "@pulumi/pulumi";
import { SpokeVpc } from "../components/spoke-vpc";
import { Spoke } from "../definition/schema";
import { internalSummaries } from "../network/domains";
import { gatewayEndpointPolicy } from "../perimeter/endpoint-policies";
import { NetworkOutputs, SpokeVpcInfo, UnitContext } from "./context";
import { flowLogS3Destination } from "./log-archive";
import { PublishedVpc, keepsRecordedVpc, recordOf } from "./acceptance";

/**
 * When the spoke's VPC may route to the transit gateway: in one graph (unit `all`) once
 * the network's side accepted it (`routesAfter`); in per-account stacks once the network
 * stack says it accepted the attachment (`acceptedVpcs`), or at once when the VPC is in
 * the transit gateway's own account (no acceptance).
 */
export interface TransitGatewayRouting {
    ready: boolean;
    routesAfter?: pulumi.Input<pulumi.Resource[]>;
}

/**
 * Whether a spoke of a per-account stack routes to the TGW now (pure): at once in the
 * TGW's own account; else once the network accepted the attachment of the VPC this run
 * keeps — by attachment id, account and CIDR (`acceptedVpcs`, program/acceptance.ts) — so a
 * VPC replaced for a new CIDR, or built again in another account with the same CIDR (a new
 * attachment, pending again), does not route before it is accepted. `acceptedCidrs`:
 * outputs of a network stack that predates `acceptedVpcs` (keyed by CIDR only).
 */
export function spokeRoutesReady(crossAccount: boolean, network: { acceptedVpcs?: unknown; acceptedCidrs?: unknown }, own: PublishedVpc, accountId: string, spoke: Spoke): boolean {
    if (!crossAccount) return true;
    if (network.acceptedVpcs !== undefined) return keepsRecordedVpc(recordOf(network.acceptedVpcs, spoke.name), own, spoke, accountId, "transitGatewayAttachmentId");
    const cidrs = network.acceptedCidrs;
    return cidrs !== null && typeof cidrs === "object" && (cidrs as Record<string, unknown>)[spoke.name] === spoke.cidr;
}

export function buildSpokeVpc(ctx: UnitContext, spoke: Spoke, network: NetworkOutputs, routing: TransitGatewayRouting = { ready: true }): SpokeVpcInfo {
    const d = ctx.definition;
    const vpc = new SpokeVpc(
        spoke.name,
        {
            environment: ctx.environment,
            spokeName: spoke.name,
            domain: spoke.domain,
            cidr: spoke.cidr,
            availabilityZoneIds: ctx.availabilityZoneIds,
            internet: spoke.internet,
            transitGatewayId: network.transitGatewayId,
            sameAccountAsTransitGateway: ctx.accountId(spoke.account) === ctx.accountId(d.network.account),
            transitGatewayRoutes: internalSummaries(d),
            transitGatewayRoutesReady: routing.ready,
            transitGatewayRoutesDependOn: routing.routesAfter,
            gatewayEndpoints: spoke.gatewayEndpoints.map((service) => ({ service, policy: JSON.stringify(gatewayEndpointPolicy(d, service)) })),
            flowLogs: { accountId: ctx.accountId(spoke.account), region: ctx.region, ...d.network.flowLogs, s3: flowLogS3Destination(ctx, spoke.name) },
        },
        ctx.opts(spoke.account),
    );
    return {
        spoke,
        vpcId: vpc.vpcId,
        workloadSubnetIds: vpc.workloadSubnetIds,
        routeTableIds: vpc.routeTableIds,
        transitGatewayAttachmentId: vpc.transitGatewayAttachmentId,
    };
}
