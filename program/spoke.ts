/**
 * A spoke unit (workload account): the spoke's VPC, attached to the network account's
 * transit gateway.
 */
import { SpokeVpc } from "../components/spoke-vpc";
import { Spoke } from "../definition/schema";
import { internalSummaries } from "../network/domains";
import { gatewayEndpointPolicy } from "../perimeter/endpoint-policies";
import { NetworkOutputs, SpokeVpcInfo, UnitContext } from "./context";

export function buildSpokeVpc(ctx: UnitContext, spoke: Spoke, network: NetworkOutputs): SpokeVpcInfo {
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
            gatewayEndpoints: spoke.gatewayEndpoints.map((service) => ({ service, policy: JSON.stringify(gatewayEndpointPolicy(d, service)) })),
            flowLogs: { accountId: ctx.accountId(spoke.account), region: d.region, ...d.network.flowLogs },
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
