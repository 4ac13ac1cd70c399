/**
 * A Resolver inbound endpoint answers DNS for the whole environment's private zones; its
 * security groups admit port 53 (TCP/UDP) from the on-premises CIDRs only.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { configSchema } from "../lib/config";
import { stackCheck } from "../lib/rule";
import { ingressRules, judgeIngress } from "../lib/security-groups";
import { T, securityGroupTypes } from "../lib/types";
import { isUnknown, list, str } from "../lib/values";

export const networkResolverEndpointInboundRestricted: StackValidationPolicy = {
    name: "network-resolver-endpoint-inbound-restricted",
    description: "Route 53 Resolver inbound endpoint security groups admit port 53 (TCP/UDP) only from on-premises CIDRs.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Limit the inbound endpoint's security group to TCP and UDP port 53 from `network.dns.onPremises.cidrs`; remove every other rule.",
    configSchema: configSchema("onPremisesCidrs"),
    validateStack: stackCheck(T.resolverEndpoint, ({ index, config, findingsFor }) => {
        for (const endpoint of index.ofType(T.resolverEndpoint)) {
            const direction = str(endpoint.props["direction"]);
            const findings = findingsFor(endpoint.urn);
            if (isUnknown(direction)) {
                findings.undecided(`direction of Resolver endpoint ${endpoint.name} (${direction.path})`);
                continue;
            }
            if (direction === undefined || !direction.startsWith("INBOUND")) continue;
            const label = `Resolver inbound endpoint ${endpoint.name}`;
            const groups = index.related(endpoint, "securityGroupIds", securityGroupTypes);
            if (groups.length === 0) {
                const ids = list(endpoint.props["securityGroupIds"]);
                findings.undecided(`security groups of ${label}: ${isUnknown(ids) ? "securityGroupIds unknown" : ids.map(String).join(", ")} and none is in this stack`);
                continue;
            }
            for (const group of groups) {
                judgeIngress(
                    ingressRules(index, group),
                    { subject: label, ports: [53], protocols: ["tcp", "udp"], allowedCidrs: config.onPremisesCidrs, allowedCidrsName: "the on-premises CIDRs" },
                    findings,
                );
            }
        }
    }),
};
