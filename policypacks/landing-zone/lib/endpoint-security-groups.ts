/**
 * The security groups in effect on an interface endpoint (lib/modifiers.ts): the endpoint's own
 * `securityGroupIds`, groups added with `aws.ec2.SecurityGroupAssociation`, and the VPC's default
 * group when the endpoint was created without groups and no association replaces the default
 * (`replaceDefaultAssociation: true`), which is AWS's documented behaviour:
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
 * ("If you do not specify a security group, we associate the default security group for the VPC").
 */
import { StackIndex, StackNode } from "./stack-index";
import { T, securityGroupTypes, vpcTypes } from "./types";
import { Unknown, bool, isUnknown, list, str } from "./values";

const endpointTypes: ReadonlySet<string> = new Set([T.vpcEndpoint]);

export interface EndpointGroups {
    groups: StackNode[];
    /** The VPC's default group applies (created without groups, nothing replaces it). */
    defaultApplies: boolean | "unknown";
    /** The DefaultSecurityGroup resource of the endpoint's VPC, when the stack manages it. */
    defaultGroup?: StackNode;
    /** Group ids that are not resources of this stack. */
    outsideIds: string[];
    /** What could not be told during preview. */
    undecided: string[];
}

function associationsOf(index: StackIndex, endpoint: StackNode): StackNode[] {
    return index.ofType(T.securityGroupAssociation).filter((a) => index.related(a, "vpcEndpointId", endpointTypes).some((e) => e.urn === endpoint.urn));
}

export function endpointGroups(index: StackIndex, endpoint: StackNode): EndpointGroups {
    const undecided: string[] = [];
    const outsideIds: string[] = [];
    const own = index.related(endpoint, "securityGroupIds", securityGroupTypes);
    const groups = [...own];
    const ids = list(endpoint.props["securityGroupIds"]);
    if (own.length === 0 && !isUnknown(ids)) for (const id of ids) if (typeof id === "string") outsideIds.push(id);
    const ownSet: boolean | "unknown" = own.length > 0 ? true : isUnknown(ids) || ids.some(isUnknown) ? "unknown" : ids.length > 0;
    let replaced: boolean | "unknown" = false;
    for (const a of associationsOf(index, endpoint)) {
        const g = index.related(a, "securityGroupId", securityGroupTypes);
        if (g.length > 0) groups.push(...g);
        else {
            const id = str(a.props["securityGroupId"]);
            if (isUnknown(id)) undecided.push(`security group of association ${a.name} (${id.path})`);
            else if (typeof id === "string") outsideIds.push(id);
        }
        const replace = bool(a.props["replaceDefaultAssociation"]);
        if (isUnknown(replace)) replaced = replaced === true ? true : "unknown";
        else if (replace === true) replaced = true;
    }
    // Created without groups: the default group stays unless an association replaces it.
    let defaultApplies: boolean | "unknown";
    if (ownSet === true) defaultApplies = false;
    else if (ownSet === "unknown") defaultApplies = "unknown";
    else defaultApplies = replaced === true ? false : replaced === "unknown" ? "unknown" : true;
    const unattached = index.ofType(T.securityGroupAssociation).filter((a) => index.related(a, "vpcEndpointId", endpointTypes).length === 0 && isUnknown(str(a.props["vpcEndpointId"])));
    if (defaultApplies === true && unattached.length > 0) {
        undecided.push(`whether association ${unattached.map((a) => a.name).join(", ")} (endpoint unknown during preview) replaces the default group`);
        defaultApplies = "unknown";
    }
    const vpc = index.related(endpoint, "vpcId", vpcTypes)[0];
    const defaultGroup = vpc ? index.ofType(T.defaultSecurityGroup).find((d) => index.related(d, "vpcId", vpcTypes).some((v) => v.urn === vpc.urn)) : undefined;
    return { groups: dedupe(groups), defaultApplies, defaultGroup, outsideIds, undecided };
}

function dedupe(nodes: StackNode[]): StackNode[] {
    const seen = new Set<string>();
    return nodes.filter((n) => (seen.has(n.urn) ? false : (seen.add(n.urn), true)));
}

/** The IPv4 CIDR of the endpoint's own VPC, when known (awsx components included). */
export function ownVpcCidr(index: StackIndex, endpoint: StackNode): string | Unknown | undefined {
    const vpc = index.related(endpoint, "vpcId", vpcTypes)[0];
    if (!vpc) return undefined;
    const cidr = str(vpc.props["cidrBlock"]);
    if (cidr !== undefined) return cidr;
    const parent = index.ancestors(vpc).find((a) => a.type === T.awsxVpc);
    return parent ? str(parent.props["cidrBlock"]) : undefined;
}
