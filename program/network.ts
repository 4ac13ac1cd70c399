/**
 * The network unit (network account): the transit gateway and its route domains, the
 * hub VPC, and — once spokes exist — their acceptance, association and propagation.
 */
import * as pulumi from "@pulumi/pulumi";
import { DirectConnectGateway } from "../components/direct-connect";
import { DomainRouting, SpokeAttachment } from "../components/domain-routing";
import { NetworkHub } from "../components/network-hub";
import { Spoke } from "../definition/schema";
import { TransitGatewayPeering } from "../components/transit-gateway-peering";
import { hubRegion, peeringsOf } from "../definition/regions";
import {
    ONPREM_DOMAIN,
    SHARED_DOMAIN,
    blackholeCidrs,
    crossRegionRoutes,
    domainsReaching,
    domainsReachingIn,
    internalSummaries,
    onPremisesRoutes,
    oneWayTargets,
    peeringLookupDomain,
    peeringTableOnPremisesRoutes,
    ramPrincipals,
    reachableAcrossRegions,
    regionalDomainNames,
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
    /** The on-premises attachment (VPN built here, or the definition's existing attachment): home Region only. */
    onPremisesAttachmentId?: pulumi.Output<string>;
    /** The Region this core is in. @default the home Region */
    region?: string;
    /** The transit gateway id as created (before the RAM share), for peering. @default transitGatewayId */
    ownTransitGatewayId?: pulumi.Output<string>;
    /** The peering route table (more than one Region). */
    peeringRouteTableId?: pulumi.Output<string>;
}

/**
 * Resource-name prefix of a Region's network components: none at home (`hub`, `routing`,
 * the names a single-Region environment has always had), `-<region>` elsewhere.
 */
export function regionSuffix(ctx: Pick<UnitContext, "definition" | "region">): string {
    return ctx.region === ctx.definition.region ? "" : `-${ctx.region}`;
}

/** RAM principals of the TGW share, labelled for resource names: `organization` or the OU's name. */
export function transitGatewayShareTargets(ctx: UnitContext): Record<string, string> {
    const d = ctx.definition;
    if (!d.organization) return {};
    // Each Region's transit gateway is shared in its own Region by a share of the same principals.
    const shareWith = d.network.transitGateway.shareWith;
    const arns = ramPrincipals(d, shareWith);
    const labels = shareWith ?? ["organization"];
    return Object.fromEntries(labels.map((label, i) => [label, arns[i]]));
}

/** Where the Region's peerings are looked up: a domain's table when one can serve (network/domains.ts `peeringLookupDomain`), else a table of their own. */
function peeringLookupOf(d: UnitContext["definition"], region: string): "own" | { domain: string } {
    const domain = peeringLookupDomain(d, region);
    return domain === undefined ? "own" : { domain };
}

/** The network core of the Region `ctx.region`: its transit gateway and route tables, RAM share, hub VPC; on-premises at home. */
export function buildNetworkCore(ctx: UnitContext): NetworkCore {
    const d = ctx.definition;
    const region = hubRegion(d, ctx.region);
    if (!region) throw new pulumi.RunError(`${ctx.region} has no hub in ${ctx.definitionFile} (region or network.regions)`);
    const tgw = d.network.transitGateway;
    const onPremises = region.home ? tgw.onPremises : undefined;
    const multiRegion = peeringsOf(d, ctx.region).length > 0;
    const hub = new NetworkHub(
        `hub${regionSuffix(ctx)}`,
        {
            environment: ctx.environment,
            asn: region.asn,
            domains: regionalDomainNames(d, ctx.region),
            hubDomain: SHARED_DOMAIN,
            hubPropagations: domainsReachingIn(d, SHARED_DOMAIN, ctx.region),
            oneWayTo: Object.fromEntries(regionalDomainNames(d, ctx.region).map((domain) => [domain, oneWayTargets(d, domain)])),
            cidr: region.hub.cidr,
            availabilityZones: ctx.availabilityZones,
            transitGatewayRoutes: internalSummaries(d),
            shareWith: transitGatewayShareTargets(ctx),
            vpn: onPremises && "vpn" in onPremises ? onPremises.vpn : undefined,
            onPremisesAttachmentId: onPremises && "attachmentId" in onPremises ? onPremises.attachmentId : undefined,
            flowLogs: { accountId: ctx.accountId(d.network.account), region: ctx.region, ...d.network.flowLogs, s3: flowLogS3Destination(ctx, `hub${regionSuffix(ctx)}`) },
            ...(multiRegion ? { peeringLookup: peeringLookupOf(d, ctx.region), hubReachableAcrossRegions: reachableAcrossRegions(d, SHARED_DOMAIN), regionTag: ctx.region } : {}),
        },
        ctx.opts(d.network.account),
    );
    const directConnect = region.home ? buildDirectConnect(ctx, hub) : undefined;
    return {
        hub: {
            vpcId: hub.vpcId,
            cidr: region.hub.cidr,
            endpointSubnetIds: hub.endpointSubnetIds,
            resolverSubnetIds: hub.resolverSubnetIds,
            routeTableIds: hub.vpcRouteTableIds,
        },
        transitGatewayId: pulumi.all([hub.transitGatewayId, hub.shared]).apply(([id]) => id),
        ownTransitGatewayId: hub.transitGatewayId,
        domainRouteTableIds: hub.routeTableIds,
        parent: hub,
        onPremisesAttachmentId: directConnect?.transitGatewayAttachmentId ?? hub.onPremisesAttachmentId,
        region: ctx.region,
        peeringRouteTableId: hub.peeringRouteTableId,
    };
}

/** What each side of a peering needs from the other Region's stack (per-Region network stacks). */
export interface PeerState {
    /** The peer Region's transit gateway (requester side: to request the attachment). */
    transitGatewayId?: string;
    /** Accepter side: the attachment the requester created. */
    attachmentId?: string;
    /** Requester side: the accepter accepted it. */
    accepted?: boolean;
}

/** The peerings of one Region, built from its own side, and what its routes may use. */
export interface RegionPeerings {
    /** Peer Region → attachment id this side routes over (only once associated). */
    routable: Record<string, pulumi.Output<string>>;
    /** Peer Region → the resources routes over it wait for. */
    ready: Record<string, pulumi.Resource[]>;
    /** Requester side: peer Region → the attachment it requested (stack output `peeringAttachments`). */
    requested: Record<string, pulumi.Output<string>>;
    /** Accepter side: the Regions whose attachment it accepted (stack output `acceptedPeerings`). */
    accepted: string[];
    /** Peerings still waiting for the other side, one line each. */
    waiting: string[];
}

/**
 * The peerings of the Region `core.region`, from its own stack: as requester, an attachment
 * towards each later Region whose transit gateway exists (`peers[region].transitGatewayId`),
 * associated and routed once the accepter's stack says it accepted; as accepter, the
 * acceptance of each attachment another Region's stack requested (definition/regions.ts `peeringRequester`).
 */
export function buildRegionPeerings(ctx: UnitContext, core: NetworkCore, peers: Record<string, PeerState>, detached = false): RegionPeerings {
    const d = ctx.definition;
    const out: RegionPeerings = { routable: {}, ready: {}, requested: {}, accepted: [], waiting: [] };
    const region = core.region ?? d.region;
    for (const p of peeringsOf(d, region)) {
        const peer = peers[p.peer] ?? {};
        const self = { region, transitGatewayId: core.ownTransitGatewayId ?? core.transitGatewayId, peeringRouteTableId: core.peeringRouteTableId!, provider: ctx.provider(d.network.account) };
        if (p.side === "requester") {
            if (peer.transitGatewayId === undefined) {
                out.waiting.push(`${p.peer}: its network stack has no transit gateway yet`);
                continue;
            }
            const peering = new TransitGatewayPeering(
                `peering-${p.key}`,
                {
                    environment: ctx.environment,
                    accountId: ctx.accountId(d.network.account),
                    requester: self,
                    accepter: { region: p.peer, transitGatewayId: peer.transitGatewayId, peeringRouteTableId: "" },
                    build: "requester",
                    accepted: peer.accepted === true,
                    detached,
                },
                { parent: core.parent },
            );
            out.requested[p.peer] = peering.attachmentId!;
            if (detached) out.waiting.push(`${p.peer}: detached (landing-zone:detachSpokes = *)`);
            else if (peer.accepted === true) {
                out.routable[p.peer] = peering.attachmentId!;
                out.ready[p.peer] = Object.values(peering.associations);
            } else out.waiting.push(`${p.peer}: waiting for its network stack to accept the peering attachment`);
        } else {
            if (peer.attachmentId === undefined) {
                out.waiting.push(`${p.peer}: its network stack has not requested the peering attachment yet`);
                continue;
            }
            const peering = new TransitGatewayPeering(
                `peering-${p.key}`,
                {
                    environment: ctx.environment,
                    accountId: ctx.accountId(d.network.account),
                    requester: { region: p.peer, transitGatewayId: "", peeringRouteTableId: "" },
                    accepter: self,
                    build: "accepter",
                    attachmentId: peer.attachmentId,
                    detached,
                },
                { parent: core.parent },
            );
            out.accepted.push(p.peer);
            if (detached) {
                out.waiting.push(`${p.peer}: detached (landing-zone:detachSpokes = *)`);
                continue;
            }
            out.routable[p.peer] = peering.attachmentId!;
            out.ready[p.peer] = Object.values(peering.associations);
        }
    }
    return out;
}

/**
 * Every peering between the Regions' cores, both sides in one program (unit `all`): each
 * pair requested from its requester (definition/regions.ts `peeringRequester`), accepted in the other, associated on both sides.
 * Returns, per Region, what its routes may use.
 */
export function buildAllPeerings(ctxOf: (region: string) => UnitContext, cores: Record<string, NetworkCore>): Record<string, Pick<RegionPeerings, "routable" | "ready">> {
    const out: Record<string, Pick<RegionPeerings, "routable" | "ready">> = Object.fromEntries(Object.keys(cores).map((r) => [r, { routable: {}, ready: {} }]));
    const home = ctxOf(Object.keys(cores)[0]);
    const d = home.definition;
    for (const region of Object.keys(cores)) {
        for (const p of peeringsOf(d, region)) {
            if (p.side !== "requester") continue;
            const requester = cores[p.requester];
            const accepter = cores[p.accepter];
            const peering = new TransitGatewayPeering(
                `peering-${p.key}`,
                {
                    environment: home.environment,
                    accountId: home.accountId(d.network.account),
                    requester: { region: p.requester, transitGatewayId: requester.ownTransitGatewayId ?? requester.transitGatewayId, peeringRouteTableId: requester.peeringRouteTableId!, provider: ctxOf(p.requester).provider(d.network.account) },
                    accepter: { region: p.accepter, transitGatewayId: accepter.ownTransitGatewayId ?? accepter.transitGatewayId, peeringRouteTableId: accepter.peeringRouteTableId!, provider: ctxOf(p.accepter).provider(d.network.account) },
                    build: "both",
                },
                { parent: requester.parent },
            );
            for (const [self, peer] of [[p.requester, p.accepter], [p.accepter, p.requester]]) {
                out[self].routable[peer] = peering.attachmentId!;
                out[self].ready[peer] = peering.associations[self] ? [peering.associations[self]] : [];
            }
        }
    }
    return out;
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
        propagateInto: domainsReachingIn(d, spoke.domain, ctx.region),
        ...(peeringsOf(d, ctx.region).length > 0 && peeringLookupDomain(d, ctx.region) === undefined && reachableAcrossRegions(d, spoke.domain)
            ? { propagateIntoPeering: true }
            : {}),
    };
}

/**
 * The route domains' side of the Region `ctx.region`: its spokes' attachments accepted,
 * associated and propagated, each domain's static routes (on-premises at home, the other
 * Regions over `peerings`, blackholes), and the peering table's on-premises routes.
 */
export function buildDomainRouting(
    ctx: UnitContext,
    core: NetworkCore,
    attachments: { spoke: Spoke; outputs: SpokeOutputs; detached?: boolean }[],
    peerings: Pick<RegionPeerings, "routable" | "ready"> = { routable: {}, ready: {} },
): DomainRouting {
    const d = ctx.definition;
    const home = ctx.region === d.region;
    return new DomainRouting(
        `routing${regionSuffix(ctx)}`,
        {
            environment: ctx.environment,
            routeTableIds: core.domainRouteTableIds,
            attachments: attachments.map((a) => ({ ...spokeAttachment(ctx, a.spoke, a.outputs.transitGatewayAttachmentId), detached: a.detached ?? false })),
            domainRoutes: regionalDomainNames(d, ctx.region).map((domain) => ({
                domain,
                onPremises: domain === ONPREM_DOMAIN || !home ? [] : onPremisesRoutes(d, domain),
                blackholes: blackholeCidrs(d, domain),
                ...(peeringsOf(d, ctx.region).length > 0 ? { crossRegion: crossRegionRoutes(d, domain, ctx.region) } : {}),
            })),
            onPremisesAttachmentId: core.onPremisesAttachmentId,
            ...(core.peeringRouteTableId
                ? {
                      peeringRouteTableId: core.peeringRouteTableId,
                      peeringAttachmentIds: peerings.routable,
                      peeringReady: peerings.ready,
                      peeringOnPremises: peeringTableOnPremisesRoutes(d, ctx.region),
                  }
                : {}),
        },
        ctx.opts(d.network.account),
    );
}
