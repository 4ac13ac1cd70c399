/**
 * Interface endpoint security groups admit only the service's port (443; SMTP ports for
 * email-smtp) and only from the environment's internal CIDRs — never from anywhere.
 * Security groups and their standalone rules are found through dependencies, so this is
 * decided during preview while every id is still unknown.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { configSchema } from "../lib/config";
import { endpointLabel, endpointType } from "../lib/endpoints";
import { stackCheck } from "../lib/rule";
import { ingressRules, judgeIngress } from "../lib/security-groups";
import { T, securityGroupTypes } from "../lib/types";
import { isUnknown, list, str } from "../lib/values";

export const endpointsVpcEndpointSecurityGroupRestricted: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-security-group-restricted",
    description: "Interface endpoint security groups admit only the service's port, only from the environment's internal CIDRs (never 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Give the endpoint its own security group whose ingress admits TCP on the service port (443, or the SMTP ports for email-smtp) " +
        "from the hub, spoke and on-premises CIDRs only; remove rules for other ports, protocols, 0.0.0.0/0, IPv6 or prefix lists.",
    configSchema: configSchema("internalCidrs", "servicePorts"),
    validateStack: stackCheck(T.vpcEndpoint, ({ index, config, findingsFor }) => {
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            const type = endpointType(endpoint.props);
            if (type !== "Interface") continue;
            const findings = findingsFor(endpoint.urn);
            const serviceName = str(endpoint.props["serviceName"]);
            const label = endpointLabel(type, endpoint.name, serviceName);
            const ports = typeof serviceName === "string" ? (config.servicePorts?.[serviceName] ?? [443]) : [443];
            if (isUnknown(serviceName) && config.servicePorts && Object.keys(config.servicePorts).length > 0) {
                findings.undecided(`serviceName of ${label} (${serviceName.path}); judged against port 443`);
            }
            const groups = index.related(endpoint, "securityGroupIds", securityGroupTypes);
            const ids = list(endpoint.props["securityGroupIds"]);
            if (groups.length === 0) {
                if (isUnknown(ids) || ids.some(isUnknown)) {
                    findings.undecided(`security groups of ${label}: securityGroupIds are unknown and do not depend on a security group of this stack`);
                } else if (ids.length === 0) {
                    findings.violation(`${label} has no security group, so the VPC's default security group applies; attach a security group that admits port ${ports.join(", ")} from internal CIDRs only.`);
                } else {
                    findings.undecided(`security group(s) ${ids.join(", ")} of ${label} are not in this stack`);
                }
                continue;
            }
            for (const group of groups) {
                judgeIngress(
                    ingressRules(index, group),
                    { subject: label, ports, protocols: ["tcp"], allowedCidrs: config.internalCidrs, allowedCidrsName: "the environment's internal CIDRs" },
                    findings,
                );
            }
        }
    }),
};
