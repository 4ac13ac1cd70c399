/**
 * No private-DNS interface endpoint outside the hub for a service the hub centralizes. Spokes
 * resolve the service's public name to the hub endpoint through the shared Route 53 Profile
 * (or hosted zones); a local private-DNS endpoint overrides that, costs an endpoint per AZ,
 * and escapes the central endpoint policy.
 *
 * Private DNS is the endpoint's own `privateDnsEnabled` (unset: the provider creates the
 * endpoint with it off) or a standalone `aws.vpc.EndpointPrivateDns` attached to it
 * (lib/modifiers.ts). An endpoint whose service name comes from the organization's own endpoint
 * service (lib/endpoint-provenance.ts) is a PrivateLink consumer, never a centralized AWS service.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { configSchema } from "../lib/config";
import { provenance } from "../lib/endpoint-provenance";
import { Findings, stackCheck } from "../lib/rule";
import { StackIndex, StackNode } from "../lib/stack-index";
import { T, vpcTypes } from "../lib/types";
import { Unknown, bool, isUnknown, str } from "../lib/values";
import { roleTag, vpcTag } from "../lib/vpc";

const endpointTypes: ReadonlySet<string> = new Set([T.vpcEndpoint]);

/** What turns private DNS on for `endpoint`: its own input, or a standalone EndpointPrivateDns. */
function privateDnsSettings(index: StackIndex, endpoint: StackNode, standalone: StackNode[]): { value: boolean | Unknown | undefined; where: string }[] {
    const out: { value: boolean | Unknown | undefined; where: string }[] = [{ value: bool(endpoint.props["privateDnsEnabled"]), where: `privateDnsEnabled of ${endpoint.name}` }];
    for (const p of standalone) {
        if (index.related(p, "vpcEndpointId", endpointTypes).some((e) => e.urn === endpoint.urn)) out.push({ value: bool(p.props["privateDnsEnabled"]), where: `EndpointPrivateDns ${p.name}` });
    }
    return out;
}

export const endpointsVpcEndpointNoPrivateDnsInSpoke: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-no-private-dns-in-spoke",
    description: "Only the hub VPC has private-DNS interface endpoints for the services the hub centralizes.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Remove the endpoint: the spoke already reaches the hub's endpoint through the shared DNS. If the workload truly needs " +
        "its own endpoint, set `privateDnsEnabled: false` (and no aws.vpc.EndpointPrivateDns) and address it by its endpoint-specific DNS name.",
    configSchema: configSchema("centralizedServiceNames", "endpointServiceStacks"),
    validateStack: stackCheck(undefined, ({ index, config, findingsFor }) => {
        const centralized = config.centralizedServiceNames ?? [];
        if (centralized.length === 0) return;
        const standalone = index.ofType(T.vpcEndpointPrivateDns);
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            if (str(endpoint.props["vpcEndpointType"]) !== "Interface") continue;
            const settings = privateDnsSettings(index, endpoint, standalone).filter((s) => s.value !== false && s.value !== undefined);
            if (settings.length === 0) continue;
            judge(endpoint, settings, findingsFor(endpoint.urn));
        }
        // An EndpointPrivateDns whose endpoint is not in this stack (or cannot be told): its service cannot be known here.
        for (const p of standalone) {
            if (index.related(p, "vpcEndpointId", endpointTypes).length > 0) continue;
            const value = bool(p.props["privateDnsEnabled"]);
            if (value === false || value === undefined) continue;
            findingsFor(p.urn).undecided(`which service EndpointPrivateDns ${p.name} turns private DNS on for: its endpoint (${String(str(p.props["vpcEndpointId"]) ?? "none")}) is not in this stack`);
        }

        function judge(endpoint: StackNode, settings: { value: boolean | Unknown | undefined; where: string }[], findings: Findings): void {
            const serviceName = str(endpoint.props["serviceName"]);
            if (isUnknown(serviceName)) {
                // The organization's own endpoint service (a PrivateLink consumer) is never a centralized AWS service.
                if (provenance(index, endpoint, "serviceName", config.endpointServiceStacks ?? []).own) return;
                findings.undecided(`serviceName of interface endpoint ${endpoint.name} (${serviceName.path})`);
                return;
            }
            if (serviceName === undefined || !centralized.includes(serviceName)) return;
            const unknown = settings.find((s) => isUnknown(s.value));
            if (unknown && settings.every((s) => isUnknown(s.value))) {
                findings.undecided(`${unknown.where} (${(unknown.value as Unknown).path})`);
                return;
            }
            const via = settings.find((s) => s.value === true)!.where;
            const vpc = index.related(endpoint, "vpcId", vpcTypes)[0];
            if (!vpc) {
                const vpcId = str(endpoint.props["vpcId"]);
                if (isUnknown(vpcId)) {
                    findings.undecided(`VPC of interface endpoint ${endpoint.name}: vpcId is unknown and depends on no VPC of this stack`);
                    return;
                }
                findings.violation(`interface endpoint ${endpoint.name} enables private DNS (${via}) for ${serviceName}, which the hub centralizes, in VPC ${vpcId ?? "(none)"} that is not the hub; remove it (or turn private DNS off).`);
                return;
            }
            const role = vpcTag(index, vpc, roleTag);
            if (role !== "hub") {
                findings.violation(
                    `interface endpoint ${endpoint.name} enables private DNS (${via}) for ${serviceName}, which the hub centralizes, in ${role ?? "non-hub"} VPC ${vpc.name}; ` +
                        `remove it (spokes use the hub endpoint through the shared DNS) or turn private DNS off.`,
                );
            }
        }
    }),
};
