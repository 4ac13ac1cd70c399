/**
 * DirectConnectGateway: a Direct Connect gateway in the transit gateway's account, its
 * association with the transit gateway (announcing exactly `allowedPrefixes` to
 * on-premises, aws/direct-connect.ts), and the association's transit gateway attachment
 * joined to the on-premises route table.
 *
 * The attachment's id comes from the association's own output (`transitGatewayAttachmentId`,
 * which the provider reads once the association exists), so no data source is read at
 * preview and nothing is created inside an apply. The physical connection and the transit
 * virtual interface are the customer's (README, "Direct Connect").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface DirectConnectGatewayArgs {
    /** Environment name, for the gateway's name and tags. */
    environment: string;
    /** Amazon-side private ASN of the gateway; must differ from the transit gateway's. */
    amazonSideAsn: number;
    /** The transit gateway to associate with. */
    transitGatewayId: pulumi.Input<string>;
    /** Prefixes announced to on-premises, as they are. */
    allowedPrefixes: string[];
    /** The route table the association's attachment is associated with (the `onprem` domain's). */
    onPremisesRouteTableId: pulumi.Input<string>;
    /**
     * Tags of the gateway.
     * @default {}
     */
    tags?: Record<string, string>;
}

export class DirectConnectGateway extends pulumi.ComponentResource {
    readonly gatewayId: pulumi.Output<string>;
    /** The association's transit gateway attachment (type `direct-connect-gateway`). */
    readonly transitGatewayAttachmentId: pulumi.Output<string>;

    constructor(name: string, args: DirectConnectGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:DirectConnectGateway", name, {}, opts);
        const child = { parent: this };

        const gateway = new aws.directconnect.Gateway(`${name}-gateway`, { name: `${args.environment}-onprem`, amazonSideAsn: String(args.amazonSideAsn), tags: { ...args.tags, Name: `${args.environment}-onprem`, "landing-zone:domain": "onprem" } }, child);
        const association = new aws.directconnect.GatewayAssociation(
            `${name}-association`,
            { dxGatewayId: gateway.id, associatedGatewayId: args.transitGatewayId, allowedPrefixes: args.allowedPrefixes },
            child,
        );
        new aws.ec2transitgateway.RouteTableAssociation(
            `${name}-onprem-assoc`,
            { transitGatewayAttachmentId: association.transitGatewayAttachmentId, transitGatewayRouteTableId: args.onPremisesRouteTableId },
            // An attachment has one route table association (aws/lifecycle.ts one-route-table-per-attachment).
            { parent: this, deleteBeforeReplace: true },
        );

        this.gatewayId = gateway.id;
        this.transitGatewayAttachmentId = association.transitGatewayAttachmentId;
        this.registerOutputs({ gatewayId: this.gatewayId, transitGatewayAttachmentId: this.transitGatewayAttachmentId });
    }
}
