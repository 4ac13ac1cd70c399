/**
 * The network unit (network account): the transit gateway and its route domains, the
 * hub VPC, and — once spokes exist — their acceptance, association and propagation.
 */
import * as pulumi from "@pulumi/pulumi";
import { DirectConnectGateway } from "../components/direct-connect";
import { DomainRouting, SpokeAttachment } from "../components/domain-routing";
import { NetworkHub } from "../components/network-hub";
import { Spoke } from "../definition/schema";
import {
    ONPREM_DOMAIN,
    SHARED_DOMAIN,
    blackholeCidrs,
    domainNames,
    domainsReaching,
    internalSummaries,
    onPremisesRoutes,
    oneWayTargets,
    ramPrincipals,
} from "../network/domains";
import { directConnectAllowedPrefixes, directConnectOf } from "../network/direct-connect";
import { HubInfo, SpokeOutputs, UnitContext } from "./context";
import { flowLogS3Destination } from "./log-archive";

export interface NetworkCore {
    hub: HubInfo;
    /**
     * The transit gateway id. Resolves only once the RAM share reaches its principals, so
     * spoke attachments built in the same program (unit `all`) wait for the share.
     */
    transitGatewayId: pulumi.Output<string>;
    /** Route table id of each route domain. */
    domainRouteTableIds: Record<string, pulumi.Output<string>>;
    /** Parent for components that belong to the network unit. */
    parent: pulumi.ComponentResource;
    /** The on-premises attachment (VPN built here, or the definition's existing attachment). */
    onPremisesAttachmentId?: pulumi.Output<string>;
}

/** RAM principals of the TGW share, labelled for resource names: `organization` or the OU's name. */
export function transitGatewayShareTargets(ctx: UnitContext): Record<string, string> {
    const d = ctx.definition;
    if (!d.organization) return {};
    const shareWith = d.network.transitGateway.shareWith;
    const arns = ramPrincipals(d, shareWith);
    const labels = shareWith ?? ["organization"];
    return Object.fromEntries(labels.map((label, i) => [label, arns[i]]));
}

export function buildNetworkCore(ctx: UnitContext): NetworkCore {
    const d = ctx.definition;
    const tgw = d.network.transitGateway;
    const onPremises = tgw.onPremises;
    const hub = new NetworkHub(
        "hub",
        {
            environment: ctx.environment,
            asn: tgw.asn,
            domains: domainNames(d),
            hubDomain: SHARED_DOMAIN,
            hubPropagations: domainsReaching(d, SHARED_DOMAIN),
            oneWayTo: Object.fromEntries(domainNames(d).map((domain) => [domain, oneWayTargets(d, domain)])),
            cidr: d.network.hub.cidr,
            availabilityZones: ctx.availabilityZones,
            transitGatewayRoutes: internalSummaries(d),
            shareWith: transitGatewayShareTargets(ctx),
            vpn: onPremises && "vpn" in onPremises ? onPremises.vpn : undefined,
            onPremisesAttachmentId: onPremises && "attachmentId" in onPremises ? onPremises.attachmentId : undefined,
            flowLogs: { accountId: ctx.accountId(d.network.account), region: d.region, ...d.network.flowLogs, s3: flowLogS3Destination(ctx, "hub") },
        },
        ctx.opts(d.network.account),
    );
    const directConnect = buildDirectConnect(ctx, hub);
    return {
        hub: {
            vpcId: hub.vpcId,
            cidr: d.network.hub.cidr,
            endpointSubnetIds: hub.endpointSubnetIds,
            resolverSubnetIds: hub.resolverSubnetIds,
            routeTableIds: hub.vpcRouteTableIds,
        },
        transitGatewayId: pulumi.all([hub.transitGatewayId, hub.shared]).apply(([id]) => id),
        domainRouteTableIds: hub.routeTableIds,
        parent: hub,
        onPremisesAttachmentId: directConnect?.transitGatewayAttachmentId ?? hub.onPremisesAttachmentId,
    };
}

/**
 * The Direct Connect gateway and its association with the transit gateway
 * (`onPremises.directConnect`), announcing the prefixes network/direct-connect.ts decides;
 * its attachment joins the `onprem` route table, and the domains that reach `onprem` route
 * the on-premises ranges to it (buildDomainRouting).
 */
function buildDirectConnect(ctx: UnitContext, hub: NetworkHub): DirectConnectGateway | undefined {
    const d = ctx.definition;
    const dx = directConnectOf(d);
    if (!dx) return undefined;
    return new DirectConnectGateway(
        "onprem-dx",
        {
            environment: ctx.environment,
            amazonSideAsn: dx.amazonSideAsn,
            transitGatewayId: hub.transitGatewayId,
            allowedPrefixes: directConnectAllowedPrefixes(d),
            onPremisesRouteTableId: hub.routeTableIds[ONPREM_DOMAIN],
            tags: { "landing-zone:environment": ctx.environment },
        },
        { ...ctx.opts(d.network.account), parent: hub },
    );
}

/** Per-spoke routing decisions: pure, from the definition. */
export function spokeAttachment(ctx: UnitContext, spoke: Spoke, attachmentId: pulumi.Input<string>): SpokeAttachment {
    const d = ctx.definition;
    return {
        spoke: spoke.name,
        domain: spoke.domain,
        cidr: spoke.cidr,
        attachmentId,
        crossAccount: ctx.accountId(spoke.account) !== ctx.accountId(d.network.account),
        propagateInto: domainsReaching(d, spoke.domain),
    };
}

export function buildDomainRouting(ctx: UnitContext, core: NetworkCore, attachments: { spoke: Spoke; outputs: SpokeOutputs; detached?: boolean }[]): DomainRouting {
    const d = ctx.definition;
    return new DomainRouting(
        "routing",
        {
            environment: ctx.environment,
            routeTableIds: core.domainRouteTableIds,
            attachments: attachments.map((a) => ({ ...spokeAttachment(ctx, a.spoke, a.outputs.transitGatewayAttachmentId), detached: a.detached ?? false })),
            domainRoutes: domainNames(d).map((domain) => ({
                domain,
                onPremises: domain === ONPREM_DOMAIN ? [] : onPremisesRoutes(d, domain),
                blackholes: blackholeCidrs(d, domain),
            })),
            onPremisesAttachmentId: core.onPremisesAttachmentId,
        },
        ctx.opts(d.network.account),
    );
}
