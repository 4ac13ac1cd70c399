/**
 * The security groups in effect on an interface endpoint (lib/modifiers.ts): the endpoint's own
 * `securityGroupIds`, groups added with `aws.ec2.SecurityGroupAssociation`, and the VPC's default
 * group when the endpoint was created without groups and no association replaces the default
 * (`replaceDefaultAssociation: true`), which is AWS's documented behaviour:
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
 * ("If you do not specify a security group, we associate the default security group for the VPC").
 */
import { PackConfig } from "./config";
import { Findings } from "./rule";
import { ingressRules, judgeIngress } from "./security-groups";
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

/**
 * Judges every security group in effect on an interface endpoint: the service's port only (443;
 * `servicePorts` for other endpoint services), TCP only, from the environment's internal CIDRs or
 * the endpoint's own VPC. The one judgment both endpoints-vpc-endpoint-security-group-restricted
 * and the workload-endpoint acceptance of endpoints-vpc-endpoint-service-allowed use, so they
 * never disagree (a managed DefaultSecurityGroup with no rules admits nothing, and passes).
 */
export function judgeEndpointGroups(index: StackIndex, endpoint: StackNode, label: string, config: PackConfig, findings: Findings): void {
    const serviceName = str(endpoint.props["serviceName"]);
    const ports = typeof serviceName === "string" ? (config.servicePorts?.[serviceName] ?? [443]) : [443];
    if (isUnknown(serviceName) && config.servicePorts && Object.keys(config.servicePorts).length > 0) {
        findings.undecided(`serviceName of ${label} (${serviceName.path}); judged against port 443`);
    }
    const own = ownVpcCidr(index, endpoint);
    const allowed = config.internalCidrs === undefined ? undefined : typeof own === "string" ? [...config.internalCidrs, own] : config.internalCidrs;
    const allowedName = typeof own === "string" ? "the endpoint's VPC and the environment's internal CIDRs" : "the environment's internal CIDRs";
    const g = endpointGroups(index, endpoint);
    for (const u of g.undecided) findings.undecided(`${u} of ${label}`);
    if (g.defaultApplies === true) {
        if (g.defaultGroup) {
            judgeIngress(ingressRules(index, g.defaultGroup), { subject: `${label} (default security group)`, ports, protocols: ["tcp"], allowedCidrs: allowed, allowedCidrsName: allowedName }, findings);
        } else {
            findings.violation(
                `${label} uses the VPC's default security group (created without security groups, and no SecurityGroupAssociation replaces the default); ` +
                    `attach a security group that admits port ${ports.join(", ")} from internal CIDRs only (replaceDefaultAssociation: true).`,
            );
        }
    } else if (g.defaultApplies === "unknown" && g.groups.length === 0 && g.outsideIds.length === 0) {
        findings.undecided(`security groups of ${label}: securityGroupIds are unknown and do not depend on a security group of this stack`);
    }
    if (g.outsideIds.length > 0) findings.undecided(`security group(s) ${g.outsideIds.join(", ")} of ${label} are not in this stack`);
    for (const group of g.groups) {
        judgeIngress(ingressRules(index, group), { subject: label, ports, protocols: ["tcp"], allowedCidrs: allowed, allowedCidrsName: allowedName }, findings);
    }
}
