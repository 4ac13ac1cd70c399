/**
 * No private-DNS interface endpoint outside the hub for a service the hub centralizes. Spokes
 * resolve the service's public name to the hub endpoint through the shared Route 53 Profile
 * (or hosted zones); a local private-DNS endpoint overrides that, costs an endpoint per AZ,
 * and escapes the central endpoint policy.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { configSchema } from "../lib/config";
import { stackCheck } from "../lib/rule";
import { T, vpcTypes } from "../lib/types";
import { bool, isUnknown, str } from "../lib/values";
import { roleTag, vpcTag } from "../lib/vpc";

export const endpointsVpcEndpointNoPrivateDnsInSpoke: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-no-private-dns-in-spoke",
    description: "Only the hub VPC has private-DNS interface endpoints for the services the hub centralizes.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Remove the endpoint: the spoke already reaches the hub's endpoint through the shared DNS. If the workload truly needs " +
        "its own endpoint, set `privateDnsEnabled: false` and address it by its endpoint-specific DNS name.",
    configSchema: configSchema("centralizedServiceNames"),
    validateStack: stackCheck(T.vpcEndpoint, ({ index, config, findingsFor }) => {
        const centralized = config.centralizedServiceNames ?? [];
        if (centralized.length === 0) return;
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            if (str(endpoint.props["vpcEndpointType"]) !== "Interface") continue;
            const findings = findingsFor(endpoint.urn);
            const privateDns = bool(endpoint.props["privateDnsEnabled"]);
            const serviceName = str(endpoint.props["serviceName"]);
            if (privateDns === false || privateDns === undefined) continue;
            if (isUnknown(serviceName)) {
                findings.undecided(`serviceName of interface endpoint ${endpoint.name} (${serviceName.path})`);
                continue;
            }
            if (serviceName === undefined || !centralized.includes(serviceName)) continue;
            if (isUnknown(privateDns)) {
                findings.undecided(`privateDnsEnabled of ${endpoint.name} (${privateDns.path})`);
                continue;
            }
            const vpc = index.related(endpoint, "vpcId", vpcTypes)[0];
            if (!vpc) {
                const vpcId = str(endpoint.props["vpcId"]);
                if (isUnknown(vpcId)) {
                    findings.undecided(`VPC of interface endpoint ${endpoint.name}: vpcId is unknown and depends on no VPC of this stack`);
                    continue;
                }
                findings.violation(`interface endpoint ${endpoint.name} enables private DNS for ${serviceName}, which the hub centralizes, in VPC ${vpcId ?? "(none)"} that is not the hub; remove it (or set privateDnsEnabled: false).`);
                continue;
            }
            const role = vpcTag(index, vpc, roleTag);
            if (role !== "hub") {
                findings.violation(
                    `interface endpoint ${endpoint.name} enables private DNS for ${serviceName}, which the hub centralizes, in ${role ?? "non-hub"} VPC ${vpc.name}; ` +
                        `remove it (spokes use the hub endpoint through the shared DNS) or set privateDnsEnabled: false.`,
                );
            }
        }
    }),
};
