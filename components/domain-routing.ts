/**
 * DomainRouting: the network account's side of route domains.
 *
 * Per spoke attachment: accept it (when it comes from another account), associate it with
 * its domain's route table, and propagate it into the route tables of the domains allowed
 * to reach it. Per domain: static routes to on-premises and blackhole routes for what the
 * domain must never reach. Per-domain routes come from summaries, so the only resources
 * that grow with the number of spokes are the accepter, the association and the
 * propagations.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SpokeAttachment {
    /** Spoke name (resource names, accepter tags). */
    spoke: string;
    /** The spoke's route domain: its attachment is associated with this domain's route table. */
    domain: string;
    /** The spoke's VPC CIDR (tag `landing-zone:cidr` on the accepter, so a plan of the network unit alone knows it). */
    cidr: string;
    /** The spoke's TGW VPC attachment. */
    attachmentId: pulumi.Input<string>;
    /** True when the spoke's account is not the TGW's: the attachment must be accepted. */
    crossAccount: boolean;
    /** Domains whose route tables learn the spoke's CIDR (the domains that reach its domain). */
    propagateInto: string[];
    /**
     * Propagate into the peering route table too: other Regions may reach the spoke's
     * domain (network/domains.ts `reachableAcrossRegions`).
     * @default false
     */
    propagateIntoPeering?: boolean;
    /**
     * Keep the attachment accepted but neither associate nor propagate it: the spoke is
     * cut off the transit gateway, and its own stack can then delete the attachment
     * (before a spoke's stack is destroyed).
     * @default false
     */
    detached?: boolean;
}

export interface DomainRoutes {
    domain: string;
    /** On-premises CIDRs routed to the on-premises attachment (when the domain reaches `onprem`). */
    onPremises: string[];
    /** CIDRs the domain must never reach: every other domain's address space it does not list in `reaches` (network/domains.ts `blackholeCidrs`). */
    blackholes: string[];
    /**
     * Static routes to other Regions, to the peering towards `peerRegion`
     * (network/domains.ts `crossRegionRoutes`).
     * @default []
     */
    crossRegion?: { cidr: string; peerRegion: string }[];
}

export interface DomainRoutingArgs {
    /** Environment name, for tags. */
    environment: string;
    /** TGW route table id per domain. */
    routeTableIds: Record<string, pulumi.Input<string>>;
    /** The spokes whose attachments exist (deployed, or built in the same program). */
    attachments: SpokeAttachment[];
    /**
     * Static and blackhole routes per domain.
     * @default []
     */
    domainRoutes?: DomainRoutes[];
    /**
     * Attachment the on-premises static routes point at; required when any domain has on-premises routes.
     * @default none
     */
    onPremisesAttachmentId?: pulumi.Input<string>;
    /**
     * The peering attachment towards each other Region, as this side can route over it
     * (associated: TransitGatewayPeering `attachmentId`), by peer Region. A Region missing
     * here is not routable yet (not accepted): its routes wait for a later run.
     * @default {}
     */
    peeringAttachmentIds?: Record<string, pulumi.Input<string>>;
    /** Resources the routes over each peering wait for (its associations), by peer Region. @default {} */
    peeringReady?: Record<string, pulumi.Resource[]>;
    /** The Region's peering route table, which spokes of domains other Regions reach propagate into. */
    peeringRouteTableId?: pulumi.Input<string>;
    /**
     * On-premises ranges the peering route table routes to the on-premises attachment (home
     * Region, when a domain reaches `onprem`: network/domains.ts `peeringTableOnPremisesRoutes`).
     * @default []
     */
    peeringOnPremises?: string[];
}

/** A CIDR as a resource-name fragment: `10.16.0.0/13` → `10.16.0.0-13`. */
function cidrName(cidr: string): string {
    return cidr.replace("/", "-");
}

/**
 * A domain's static routes, the only place they are made: its on-premises ranges to the
 * on-premises attachment (`<name>-<domain>-onprem-<cidr>`) and a blackhole for every
 * range it must not reach (`<name>-<domain>-blackhole-<cidr>`). Static routes, blackholes
 * included, win over propagated routes of equal prefix (aws/transit-gateway-routing.ts).
 */
function staticRoutesOfDomain(
    parent: pulumi.Resource,
    name: string,
    routes: DomainRoutes,
    routeTableId: pulumi.Input<string>,
    onPremisesAttachmentId: pulumi.Input<string> | undefined,
    peerings: { ids: Record<string, pulumi.Input<string>>; ready: Record<string, pulumi.Resource[]> } = { ids: {}, ready: {} },
): aws.ec2transitgateway.Route[] {
    const opts = { parent };
    return [
        ...routes.onPremises.map(
            (cidr) =>
                new aws.ec2transitgateway.Route(
                    `${name}-${routes.domain}-onprem-${cidrName(cidr)}`,
                    { transitGatewayRouteTableId: routeTableId, destinationCidrBlock: cidr, transitGatewayAttachmentId: onPremisesAttachmentId },
                    opts,
                ),
        ),
        ...(routes.crossRegion ?? []).flatMap(({ cidr, peerRegion }) => {
            const attachment = peerings.ids[peerRegion];
            if (attachment === undefined) return [];
            return [
                new aws.ec2transitgateway.Route(
                    `${name}-${routes.domain}-to-${peerRegion}-${cidrName(cidr)}`,
                    { transitGatewayRouteTableId: routeTableId, destinationCidrBlock: cidr, transitGatewayAttachmentId: attachment },
                    { parent, dependsOn: peerings.ready[peerRegion] ?? [] },
                ),
            ];
        }),
        ...routes.blackholes.map(
            (cidr) =>
                new aws.ec2transitgateway.Route(
                    `${name}-${routes.domain}-blackhole-${cidrName(cidr)}`,
                    { transitGatewayRouteTableId: routeTableId, destinationCidrBlock: cidr, blackhole: true },
                    opts,
                ),
        ),
    ];
}

export class DomainRouting extends pulumi.ComponentResource {
    /** Spoke names whose attachments are accepted (or, in the TGW's account, need no acceptance). */
    readonly attachedSpokes: string[];
    /**
     * `attachedSpokes`, known once every accepter exists: the spokes route to the transit
     * gateway only after reading their name here, so publish it only when it is true.
     */
    readonly accepted: pulumi.Output<string[]>;
    /**
     * What a spoke's routes to the transit gateway wait for when the network's side is in
     * the same program (unit `all`), by spoke: the network's side of that spoke's own
     * attachment (its accepter, route table association and propagations) and the static
     * routes of every domain (blackholes, on-premises). Not the whole component: `dependsOn`
     * a component makes the SDK gather every child (one promise per child) for each
     * dependent, which for every spoke's routes waiting on every spoke's attachment grew
     * with the square of the spokes (gigabytes at 1,000 spokes).
     */
    readonly networkSideOf: ReadonlyMap<string, pulumi.Resource[]>;

    constructor(name: string, args: DomainRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:DomainRouting", name, {}, opts);
        const child = { parent: this };
        const routeTable = (domain: string): pulumi.Input<string> => {
            const id = args.routeTableIds[domain];
            if (id === undefined) throw new Error(`DomainRouting ${name}: no TGW route table for domain "${domain}"`);
            return id;
        };

        const accepters: aws.ec2transitgateway.VpcAttachmentAccepter[] = [];
        const ownSide = new Map<string, pulumi.Resource[]>();
        for (const a of args.attachments) {
            const own: pulumi.Resource[] = [];
            ownSide.set(a.spoke, own);
            let attachmentId: pulumi.Input<string> = a.attachmentId;
            if (a.crossAccount) {
                const accepter = new aws.ec2transitgateway.VpcAttachmentAccepter(
                    `${name}-${a.spoke}-accepter`,
                    {
                        transitGatewayAttachmentId: a.attachmentId,
                        transitGatewayDefaultRouteTableAssociation: false,
                        transitGatewayDefaultRouteTablePropagation: false,
                        tags: {
                            "landing-zone:environment": args.environment,
                            "landing-zone:spoke": a.spoke,
                            "landing-zone:domain": a.domain,
                            "landing-zone:cidr": a.cidr,
                            Name: `${args.environment}-${a.spoke}`,
                        },
                    },
                    // Deleting an accepter deletes the attachment itself (the provider calls
                    // DeleteTransitGatewayVpcAttachment; aws/lifecycle.ts
                    // accepter-delete-deletes-attachment): when this stack stops declaring it
                    // (the spoke left the definition, or the stack is destroyed) it is only
                    // forgotten, and the spoke's own stack deletes its attachment.
                    { parent: this, retainOnDelete: true },
                );
                accepters.push(accepter);
                own.push(accepter);
                // Associate and propagate only once the attachment is accepted.
                attachmentId = accepter.transitGatewayAttachmentId;
            }
            if (a.detached) continue;
            const association = new aws.ec2transitgateway.RouteTableAssociation(
                `${name}-${a.spoke}-assoc`,
                { transitGatewayAttachmentId: attachmentId, transitGatewayRouteTableId: routeTable(a.domain) },
                // An attachment has one route table association: moving the spoke to another
                // domain must remove the old one before making the new (aws/lifecycle.ts
                // one-route-table-per-attachment).
                { parent: this, deleteBeforeReplace: true },
            );
            own.push(association);
            if (a.propagateIntoPeering) {
                if (args.peeringRouteTableId === undefined) throw new Error(`DomainRouting ${name}: spoke ${a.spoke} propagates into the peering table, which is not given`);
                own.push(
                    new aws.ec2transitgateway.RouteTablePropagation(
                        `${name}-${a.spoke}-to-peering`,
                        { transitGatewayAttachmentId: attachmentId, transitGatewayRouteTableId: args.peeringRouteTableId },
                        child,
                    ),
                );
            }
            for (const domain of a.propagateInto) {
                own.push(
                    new aws.ec2transitgateway.RouteTablePropagation(
                        `${name}-${a.spoke}-to-${domain}`,
                        { transitGatewayAttachmentId: attachmentId, transitGatewayRouteTableId: routeTable(domain) },
                        child,
                    ),
                );
            }
        }

        const staticRoutes: pulumi.Resource[] = [];
        for (const d of args.domainRoutes ?? []) {
            if (d.onPremises.length > 0 && args.onPremisesAttachmentId === undefined) {
                throw new Error(`DomainRouting ${name}: domain "${d.domain}" routes to on-premises but there is no on-premises attachment`);
            }
            staticRoutes.push(
                ...staticRoutesOfDomain(this, name, d, routeTable(d.domain), args.onPremisesAttachmentId, { ids: args.peeringAttachmentIds ?? {}, ready: args.peeringReady ?? {} }),
            );
        }
        for (const cidr of args.peeringOnPremises ?? []) {
            if (args.peeringRouteTableId === undefined || args.onPremisesAttachmentId === undefined) {
                throw new Error(`DomainRouting ${name}: on-premises routes in the peering table need the peering table and the on-premises attachment`);
            }
            staticRoutes.push(
                new aws.ec2transitgateway.Route(
                    `${name}-peering-onprem-${cidrName(cidr)}`,
                    { transitGatewayRouteTableId: args.peeringRouteTableId, destinationCidrBlock: cidr, transitGatewayAttachmentId: args.onPremisesAttachmentId },
                    child,
                ),
            );
        }
        this.networkSideOf = new Map([...ownSide].map(([spoke, own]) => [spoke, [...own, ...staticRoutes]]));

        this.attachedSpokes = args.attachments.map((a) => a.spoke);
        const names = this.attachedSpokes;
        this.accepted = pulumi.all(accepters.map((a) => a.id)).apply(() => names);
        this.registerOutputs({ attachedSpokes: this.attachedSpokes });
    }
}
