/**
 * TransitGatewayPeering: one side (or, in one program, both sides) of the peering between
 * two Regions' transit gateways, in the network account.
 *
 *  - requester side (home, else the Region code that sorts first: definition/regions.ts `peeringRequester`): the
 *    `PeeringAttachment` towards the peer transit gateway;
 *  - accepter side: the `PeeringAttachmentAccepter`, in the peer Region;
 *  - each side, once the attachment is accepted: its association with that side's peering
 *    route table, its own or a route domain's (network/domains.ts `peeringLookupDomain`; a peering attachment is associated with one route table on each transit
 *    gateway, and packets arriving over it are looked up there: aws/transit-gateway-routing.ts
 *    transitGatewayPeering). The static routes towards the peering are the domains' own
 *    (components/domain-routing.ts).
 *
 * The attachment goes pendingAcceptance → available once accepted; routes and
 * associations on it fail before (aws/lifecycle.ts tgw-peering-route-needs-available-attachment).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface PeeringSide {
    /** The side's Region. */
    region: string;
    /** The side's transit gateway. */
    transitGatewayId: pulumi.Input<string>;
    /** The table the side associates the peering with (NetworkHub `peeringRouteTableId`: its own peering table or a domain's). */
    peeringRouteTableId: pulumi.Input<string>;
    /** The provider of the network account in the side's Region. */
    provider?: pulumi.ProviderResource;
}

export interface TransitGatewayPeeringArgs {
    /** Environment name, for tags. */
    environment: string;
    /** The network account's id: both transit gateways are its own. */
    accountId: string;
    requester: PeeringSide;
    accepter: PeeringSide;
    /**
     * Which sides this program builds: `both` in one program (unit `all`); `requester` or
     * `accepter` in a Region's own network stack.
     * @default "both"
     */
    build?: "both" | "requester" | "accepter";
    /**
     * Accepter side only: the attachment the requester's stack created (its stack output
     * `peeringAttachments`). Required when `build` is `accepter`.
     */
    attachmentId?: pulumi.Input<string>;
    /**
     * Requester side only: whether the accepter's stack has accepted the attachment (its
     * output `acceptedPeerings` names the requester's Region). Until then the requester
     * neither associates nor routes over it.
     * @default true
     */
    accepted?: boolean;
    /**
     * Keep the peering but associate neither side with its peering table (and so route
     * nothing over it): the detach run before a teardown, so the requester's stack can
     * then delete the attachment.
     * @default false
     */
    detached?: boolean;
}

export class TransitGatewayPeering extends pulumi.ComponentResource {
    /** The peering attachment's id, as this program knows it (the requester's, or the one accepted). */
    readonly attachmentId?: pulumi.Output<string>;
    /** Resolves once this program's side(s) can route over the peering (associated). */
    readonly routable?: pulumi.Output<string>;
    /** The association on each side this program built, by Region. */
    readonly associations: Record<string, aws.ec2transitgateway.RouteTableAssociation> = {};

    constructor(name: string, args: TransitGatewayPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:TransitGatewayPeering", name, {}, opts);
        const build = args.build ?? "both";
        const tags = (side: "requester" | "accepter") => ({
            "landing-zone:environment": args.environment,
            "landing-zone:peering": `${args.requester.region}-${args.accepter.region}`,
            "landing-zone:peering-side": side,
            Name: `${args.environment}-${args.requester.region}-${args.accepter.region}`,
        });
        const on = (side: PeeringSide, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ parent: this, provider: side.provider, ...extra });

        let attachment: aws.ec2transitgateway.PeeringAttachment | undefined;
        if (build !== "accepter") {
            attachment = new aws.ec2transitgateway.PeeringAttachment(
                `${name}-attachment`,
                {
                    transitGatewayId: args.requester.transitGatewayId,
                    peerTransitGatewayId: args.accepter.transitGatewayId,
                    peerRegion: args.accepter.region,
                    peerAccountId: args.accountId,
                    tags: tags("requester"),
                },
                on(args.requester),
            );
        }
        let accepter: aws.ec2transitgateway.PeeringAttachmentAccepter | undefined;
        if (build !== "requester") {
            const attachmentId = attachment?.id ?? args.attachmentId;
            if (attachmentId === undefined) throw new Error(`TransitGatewayPeering ${name}: the accepter side needs the requester's attachmentId`);
            accepter = new aws.ec2transitgateway.PeeringAttachmentAccepter(
                `${name}-accepter`,
                { transitGatewayAttachmentId: attachmentId, tags: tags("accepter") },
                // Deleting the accepter deletes the peering attachment itself (aws/lifecycle.ts
                // tgw-peering-accepter-delete-deletes-attachment): the accepter is only forgotten,
                // and the requester's side (its stack, or this program's PeeringAttachment) deletes
                // the attachment once nothing is associated with it.
                on(args.accepter, { retainOnDelete: true }),
            );
            if (!args.detached) this.associations[args.accepter.region] = new aws.ec2transitgateway.RouteTableAssociation(
                `${name}-${args.accepter.region}-assoc`,
                { transitGatewayAttachmentId: accepter.transitGatewayAttachmentId, transitGatewayRouteTableId: args.accepter.peeringRouteTableId },
                // One association per attachment per side: moving the peering to another table
                // (network/domains.ts `peeringLookupDomain` changes) removes the old one first
                // (aws/lifecycle.ts one-route-table-per-attachment).
                on(args.accepter, { deleteBeforeReplace: true }),
            );
        }
        if (attachment && !args.detached && (build === "both" || (args.accepted ?? true))) {
            this.associations[args.requester.region] = new aws.ec2transitgateway.RouteTableAssociation(
                `${name}-${args.requester.region}-assoc`,
                { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: args.requester.peeringRouteTableId },
                // In one program the association waits for the acceptance (available state).
                on(args.requester, { deleteBeforeReplace: true, ...(accepter ? { dependsOn: [accepter] } : {}) }),
            );
        }
        this.attachmentId = attachment?.id ?? accepter?.transitGatewayAttachmentId;
        const associated = Object.values(this.associations);
        this.routable = associated.length > 0 ? pulumi.all(associated.map((a) => a.id)).apply((ids) => ids.join(",")) : undefined;
        this.registerOutputs({ attachmentId: this.attachmentId });
    }
}
