/**
 * The offline plan's record of one resource a stack would create: what the analysis
 * functions (reachability, cost) consume, so they work the same on a plan of one unit or
 * of the whole environment. Part of the plan's `--json` format (documented in the
 * README); the plan itself (tools/plan/model.ts) is built from these records.
 */

/** The marker unknown values carry in a plan (computed outputs during preview). */
export const UNKNOWN = "<unknown>";

export interface PlannedResource {
    urn: string;
    /** Pulumi type token, e.g. `aws:ec2/vpc:Vpc`. */
    type: string;
    /** Logical name. */
    name: string;
    /** URN of the parent component (undefined for the stack's direct children). */
    parent?: string;
    /** True for custom (provider) resources, false for components. */
    custom: boolean;
    /** Resource inputs; unknown values are the string `"<unknown>"`. */
    inputs: Record<string, unknown>;
    /** Outputs the mock returned (ids, ARNs); unknown values are `"<unknown>"`. */
    outputs?: Record<string, unknown>;
    /** Input name → URNs of the resources that input was computed from. */
    dependencies: Record<string, string[]>;
    /** URN of the explicit provider resource, when there is one. */
    provider?: string;
    /** True for resources the program reads rather than creates (StackReferences). */
    read?: boolean;
    /** Every resource this one waits for (property dependencies and `dependsOn`), as the engine records them. */
    dependsOn?: string[];
}

/**
 * The records of more than one Region (the shape agreed between the network program and
 * the analyses; the pack reads the same shape from the engine). Type tokens are the
 * provider's (@pulumi/aws):
 *
 *  - `aws:ec2transitgateway/transitGateway:TransitGateway`: one per Region. Its Region is
 *    its `region` input (the resource-level argument of @pulumi/aws v7), else its explicit
 *    provider's `region` input, else its `landing-zone:region` tag.
 *  - `aws:ec2transitgateway/routeTable:RouteTable`: `transitGatewayId` refers to its
 *    Region's transit gateway (a dependency, or a literal id); that is how a table is
 *    placed on one side of a peering.
 *  - `aws:ec2transitgateway/peeringAttachment:PeeringAttachment` (the requester side):
 *    `transitGatewayId` (its own TGW), `peerTransitGatewayId` (the other Region's TGW),
 *    `peerRegion`, `peerAccountId`; output `id` is the attachment id both sides use.
 *  - `aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter` (the
 *    other side, in the peer Region): `transitGatewayAttachmentId` refers to the
 *    PeeringAttachment (a dependency in a plan of several Regions; a literal id, or
 *    unknown, when read from the requester's stack).
 *  - `aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation` and
 *    `.../route:Route` whose `transitGatewayAttachmentId` refers to the PeeringAttachment
 *    (requester side) or to the accepter (accepter side), with `transitGatewayRouteTableId`
 *    a table of that side's TGW. Each side associates the peering with exactly one of its
 *    tables (AWS: one association per attachment); routes to the peering are static
 *    (peering attachments do not propagate).
 *  - The hub VPC of each Region carries `landing-zone:role: hub` and, when the
 *    environment has more than one Region, `landing-zone:region: <region>` (or the
 *    resource-level `region` input): the analyses name it `hub@<region>` (`hubNodeName`).
 *    A spoke is named by its `landing-zone:spoke` tag (spoke names are unique across
 *    Regions), and placed by the TGW its attachment is on.
 */
export const PLAN_TYPES = {
    transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
    peeringAttachment: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    peeringAttachmentAccepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
} as const;

/** The tag that names a resource's Region in a plan of several Regions. */
export const REGION_TAG = "landing-zone:region";

/** The node name of a Region's hub when the environment has hubs in more than one Region. */
export function hubNodeName(region: string): string {
    return `hub@${region}`;
}

/**
 * A record's Region as the record itself says it: the resource-level `region` input
 * (@pulumi/aws v7), else the `landing-zone:region` tag; undefined when neither is known
 * (callers may then ask its provider: `providerRegion`).
 */
export function regionTagOf(r: PlannedResource): string | undefined {
    const direct = r.inputs.region;
    if (typeof direct === "string" && direct !== UNKNOWN && direct !== "") return direct;
    const tags = r.inputs.tags;
    const tagged = tags && typeof tags === "object" ? (tags as Record<string, unknown>)[REGION_TAG] : undefined;
    return typeof tagged === "string" && tagged !== UNKNOWN && tagged !== "" ? tagged : undefined;
}

/** The `region` input of a record's explicit provider, when the plan holds it. */
export function providerRegion(r: PlannedResource, byUrn: Map<string, PlannedResource>): string | undefined {
    const provider = r.provider ? byUrn.get(r.provider) : undefined;
    const region = provider?.inputs.region;
    return typeof region === "string" && region !== UNKNOWN && region !== "" ? region : undefined;
}
