/**
 * Interface endpoint security groups admit only the service's port (443; SMTP ports for
 * email-smtp; for the organization's own endpoint services, the port their load balancer
 * listens on — read from the listener when the service is in this stack, else from
 * `endpointServicePorts` for the stack the name is read from) and only from the environment's internal CIDRs or the endpoint's own VPC (the
 * rule awsx and most examples create) — never from anywhere. Every group in effect is judged:
 * the endpoint's own, groups attached with `aws.ec2.SecurityGroupAssociation`, and the VPC's
 * default group when nothing replaces it (a managed `aws.ec2.DefaultSecurityGroup` is judged on
 * its rules). Groups and standalone rules are found through dependencies, so this is decided
 * during preview while every id is still unknown.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { configSchema } from "../lib/config";
import { endpointGroups, ownVpcCidr } from "../lib/endpoint-security-groups";
import { endpointLabel, endpointType } from "../lib/endpoints";
import { provenance } from "../lib/endpoint-provenance";
import { StackIndex, StackNode } from "../lib/stack-index";
import { stackCheck } from "../lib/rule";
import { ingressRules, judgeIngress } from "../lib/security-groups";
import { T } from "../lib/types";
import type { PackConfig } from "../lib/config";
import { isUnknown, str } from "../lib/values";

const stackReferences: ReadonlySet<string> = new Set([T.stackReference]);
const loadBalancers: ReadonlySet<string> = new Set([T.loadBalancer]);

/**
 * The ports of the organization's own endpoint service `endpoint` connects to, when it is
 * one: the listeners of the service's load balancer when the service is in this stack, or
 * `endpointServicePorts` of the stack its `serviceName` is read from. Undefined otherwise.
 */
function ownServicePorts(index: StackIndex, endpoint: StackNode, config: PackConfig): number[] | undefined {
    const origin = provenance(index, endpoint, "serviceName", config.endpointServiceStacks ?? []);
    if (origin.serviceOfThisStack) {
        const ports = index
            .related(origin.serviceOfThisStack, "networkLoadBalancerArns", loadBalancers)
            .flatMap((nlb) => index.referrers(nlb.urn).filter((r) => r.node.type === T.lbListener && r.property === "loadBalancerArn"))
            .map((r) => r.node.props["port"])
            .filter((p): p is number => typeof p === "number");
        if (ports.length > 0) return [...new Set(ports)];
    }
    for (const ref of index.related(endpoint, "serviceName", stackReferences)) {
        const name = str(ref.props["name"]);
        if (typeof name === "string" && config.endpointServicePorts?.[name]) return config.endpointServicePorts[name];
    }
    return undefined;
}

export const endpointsVpcEndpointSecurityGroupRestricted: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-security-group-restricted",
    description: "Interface endpoint security groups admit only the service's port, only from the environment's internal CIDRs or the endpoint's own VPC (never 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Give the endpoint its own security group (on the endpoint, or with an aws.ec2.SecurityGroupAssociation that sets " +
        "replaceDefaultAssociation: true) whose ingress admits TCP on the service port (443, or the SMTP ports for email-smtp) " +
        "from the endpoint's VPC, the hub, spoke and on-premises CIDRs only; remove rules for other ports, protocols, 0.0.0.0/0, IPv6 or prefix lists.",
    configSchema: configSchema("internalCidrs", "servicePorts", "endpointServicePorts", "endpointServiceStacks"),
    validateStack: stackCheck(T.vpcEndpoint, ({ index, config, findingsFor }) => {
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            const type = endpointType(endpoint.props);
            if (type !== "Interface") continue;
            const findings = findingsFor(endpoint.urn);
            const serviceName = str(endpoint.props["serviceName"]);
            const label = endpointLabel(type, endpoint.name, serviceName);
            const own = ownServicePorts(index, endpoint, config);
            const ports = own ?? (typeof serviceName === "string" ? (config.servicePorts?.[serviceName] ?? [443]) : [443]);
            if (own === undefined && isUnknown(serviceName) && config.servicePorts && Object.keys(config.servicePorts).length > 0) {
                findings.undecided(`serviceName of ${label} (${serviceName.path}); judged against port 443`);
            }
            const ownVpc = ownVpcCidr(index, endpoint);
            const allowed = config.internalCidrs === undefined ? undefined : typeof ownVpc === "string" ? [...config.internalCidrs, ownVpc] : config.internalCidrs;
            const allowedName = typeof ownVpc === "string" ? "the endpoint's VPC and the environment's internal CIDRs" : "the environment's internal CIDRs";
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
    }),
};
