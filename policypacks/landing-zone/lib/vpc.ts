/**
 * Which VPC a resource belongs to, and what the landing zone says about that VPC. The
 * components tag their VPCs `landing-zone:role` (hub | spoke) and `landing-zone:isolation`
 * (isolated | internet). A VPC may be an `aws.ec2.Vpc` or an `awsx.ec2.Vpc` component (whose
 * real children are found through `parent`).
 */
import { StackIndex, StackNode } from "./stack-index";
import { T, vpcTypes } from "./types";
import { isUnknown, record } from "./values";

export const roleTag = "landing-zone:role";
export const isolationTag = "landing-zone:isolation";

const subnetTypes: ReadonlySet<string> = new Set([T.subnet]);
const routeTableTypes: ReadonlySet<string> = new Set([T.routeTable, T.defaultRouteTable]);

/**
 * The VPC a node belongs to, following vpcId, subnetId or routeTableId (a managed main route
 * table, `aws.ec2.DefaultRouteTable`, through its `defaultRouteTableId`), then awsx parents.
 */
export function vpcOf(index: StackIndex, node: StackNode): StackNode | undefined {
    if (vpcTypes.has(node.type)) return node;
    const direct = index.related(node, "vpcId", vpcTypes)[0];
    if (direct) return direct;
    const main = node.type === T.defaultRouteTable ? index.related(node, "defaultRouteTableId", vpcTypes)[0] : undefined;
    if (main) return main;
    const subnet = index.related(node, "subnetId", subnetTypes)[0];
    if (subnet) return vpcOf(index, subnet);
    const table = index.related(node, "routeTableId", routeTableTypes)[0];
    if (table) return vpcOf(index, table);
    return index.ancestors(node).find((a) => a.type === T.awsxVpc);
}

/** The VPC a flow log or endpoint counts for: an awsx component stands for its child VPC. */
export function canonicalVpc(index: StackIndex, vpc: StackNode): StackNode {
    return index.ancestors(vpc).find((a) => a.type === T.awsxVpc) ?? vpc;
}

/** A landing-zone tag of the VPC (or of the awsx component that owns it). */
export function vpcTag(index: StackIndex, vpc: StackNode, key: string): string | undefined {
    for (const n of [vpc, ...index.ancestors(vpc).filter((a) => a.type === T.awsxVpc)]) {
        const tags = record(n.props["tags"]);
        if (tags && !isUnknown(tags) && typeof tags[key] === "string") return tags[key] as string;
    }
    return undefined;
}
