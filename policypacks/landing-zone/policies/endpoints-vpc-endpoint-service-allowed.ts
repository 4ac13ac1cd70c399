/**
 * Endpoints connect a VPC only to the AWS services the environment allows, approved third-party
 * PrivateLink services, or the organization's own services — whatever the endpoint type:
 * `serviceName` (Interface, Gateway, GatewayLoadBalancer), `resourceConfigurationArn` (Resource)
 * or `serviceNetworkArn` (ServiceNetwork) (lib/modifiers.ts).
 *
 * The organization's own service names (`com.amazonaws.vpce.<region>.vpce-svc-<id>`) exist only
 * after the provider deploys, so they cannot be listed in config ahead of time. What is known
 * during preview is where a consumer endpoint's `serviceName` comes from: a VpcEndpointService
 * in the same stack, or a StackReference whose full name (`<organization>/<project>/<stack>`) is
 * one of the stacks that publish endpoint services (`endpointServiceStacks`). Those are approved
 * by provenance; a name that is known must still be an approved or organization-owned service.
 *
 * Allowed AWS service names are judged per Region: `allowedServiceNames` holds every hub Region's
 * names, and an endpoint reaches only its own Region's services (AWS PrivateLink), or with
 * `serviceRegion` another Region's, for the services AWS offers cross-Region
 * (lib/endpoint-regions.ts). So an allowed name passes only when its Region is the endpoint's
 * (its own `region`, else its provider's), or the endpoint's `serviceRegion` for a service that
 * supports it. When neither says where the endpoint is and it has no `serviceRegion`, AWS itself
 * ties it to the name's Region (it connects to no other), so the allowed name stands.
 *
 * A workload's own endpoint to an AWS service of its own Region, when that Region is one of the
 * environment's hub Regions (config `regions`; `region` alone in older configs) and the hub does
 * not centralize the service, is accepted when `acceptWorkloadServiceEndpoints` is set and it
 * meets the perimeter. "Its own Region" is the endpoint's, read from its `region` input or its
 * provider's; an endpoint whose Region is computed (unknown during preview), or one with a
 * `serviceRegion` other than its own (cross-Region PrivateLink), is never such a same-Region
 * endpoint (pessimistic: a violation). One whose Region no input states and that has no
 * `serviceRegion` is in its service name's Region: AWS connects it to no other
 * (an endpoint policy that admits no outsider; security groups admitting only internal sources):
 * blocking it would push the workload to NAT and the internet. A gap in its policy or groups is
 * reported once, by the rule that owns it (policy-required, trusted-identities,
 * security-group-restricted, all mandatory), whose advice fixes it; this rule reports only what
 * no other rule does (a service that takes no restricting policy).
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { awsServiceShortName, isEndpointServiceName } from "../lib/aws-names";
import { PackConfig, configSchema, hubRegionsOf } from "../lib/config";
import { anyCallerException } from "../lib/any-caller-resources";
import { policySources } from "../lib/endpoint-policies";
import { awsServiceRegion, endpointRegion, endpointServiceRegion, supportsCrossRegion } from "../lib/endpoint-regions";
import { isSourceValue, provenance } from "../lib/endpoint-provenance";
import { judgeEndpointGroups } from "../lib/endpoint-security-groups";
import { EndpointType, endpointLabel, endpointType, policySupport } from "../lib/endpoints";
import { allowAdmitsOutsider } from "../lib/perimeter-questions";
import { parsePolicy } from "../lib/policy-document";
import { capturedFindings, stackCheck } from "../lib/rule";
import { StackIndex, StackNode } from "../lib/stack-index";
import { T } from "../lib/types";
import { Unknown, isUnknown, str } from "../lib/values";

/**
 * Does a workload's own endpoint meet the perimeter? Each gap is reported once, by the rule that
 * owns it: a missing or full-access policy by endpoints-vpc-endpoint-policy-required, an Allow that
 * admits outsiders by endpoints-vpc-endpoint-policy-trusted-identities, a group admitting too
 * much by endpoints-vpc-endpoint-security-group-restricted (the same judgment, lib/endpoint-security-groups.ts),
 * each with advice that fixes it. What is left here: `owned` (another rule reports it; stay
 * silent), `gaps` no other rule reports (this rule's violation), `undecided` (an advisory note).
 */
interface Acceptance {
    owned: boolean;
    gaps: string[];
    undecided: string[];
}

async function workloadEndpointAcceptance(index: StackIndex, endpoint: StackNode, type: EndpointType, serviceName: string, label: string, config: PackConfig): Promise<Acceptance> {
    const out: Acceptance = { owned: false, gaps: [], undecided: [] };
    if (policySupport(serviceName, config) !== "restricted") {
        out.gaps.push("the service takes no endpoint policy that restricts callers, so the endpoint cannot meet the perimeter");
    } else {
        const { own, standalone } = policySources(index, endpoint, label);
        const sources = [...(own ? [own] : []), ...standalone];
        if (sources.length === 0) out.owned = true; // policy-required: no policy (full access)
        for (const source of sources) {
            if (source.resetsToFullAccess) {
                out.owned = true; // policy-required: the standalone policy resets to full access
                continue;
            }
            const policy = parsePolicy(source.value);
            if (policy.kind === "unknown") out.undecided.push(`${source.where} (${policy.unknown.path})`);
            if (policy.kind !== "document") {
                if (policy.kind !== "unknown") out.owned = true; // policy-required: empty or invalid
                continue;
            }
            for (const s of policy.statements) {
                if (s.effect !== "Allow") continue;
                if ((await anyCallerException(s, config)).kind === "inside") continue; // AWS's documented AWS-owned exceptions
                const verdict = await allowAdmitsOutsider(s, policy.statements, config);
                if (verdict.kind === "violation") out.owned = true; // trusted-identities
                else if (verdict.kind === "undecided") out.undecided.push(`${source.where}: ${verdict.reason}`);
            }
        }
    }
    if (type === "Interface") {
        const captured = capturedFindings();
        judgeEndpointGroups(index, endpoint, label, config, captured.findings);
        captured.findings.flush();
        if (captured.violations.length > 0) out.owned = true; // security-group-restricted
        for (const u of captured.undecided) out.undecided.push(u.replace(/^could not decide during preview: /, ""));
    }
    return out;
}

export const endpointsVpcEndpointServiceAllowed: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-service-allowed",
    description: "VPC endpoints connect only to allowed AWS services, approved endpoint services, or the organization's own services.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add the service to `network.endpoints.services` (AWS services) or its name to `perimeter.approvedEndpointServices` " +
        "(third-party PrivateLink services, VPC Lattice resource configurations and service networks) in the definition and regenerate the pack config; or remove the endpoint. " +
        "Consumer endpoints of the organization's own services must take `serviceName` from the provider's VpcEndpointService " +
        "(same stack) or from a StackReference to the provider's stack, named in full (<organization>/<project>/<stack>).",
    configSchema: configSchema("allowedServiceNames", "approvedEndpointServiceNames", "endpointServiceStacks", "accountIds", "region", "regions", "acceptWorkloadServiceEndpoints", "organizationId", "trustedAccountIds", "internalCidrs", "servicePorts", "endpointServicePorts", "anyCallerResources"),
    validateStack: stackCheck(T.vpcEndpoint, async ({ index, config, findingsFor }) => {
        const allowed = config.allowedServiceNames;
        const approved = config.approvedEndpointServiceNames ?? [];
        const stacks = config.endpointServiceStacks ?? [];
        const accounts = new Set(config.accountIds ?? []);
        const hubs = hubRegionsOf(config);
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            const findings = findingsFor(endpoint.urn);
            const type = endpointType(endpoint.props);
            const property = type === "Resource" ? "resourceConfigurationArn" : type === "ServiceNetwork" ? "serviceNetworkArn" : "serviceName";
            const target = str(endpoint.props[property]);
            const label = endpointLabel(type, endpoint.name, property === "serviceName" ? (target as string | Unknown | undefined) : undefined);
            if (isUnknown(type)) {
                findings.undecided(`vpcEndpointType of ${label} (${type.path})`);
                continue;
            }
            const origin = provenance(index, endpoint, property, stacks);
            // Provenance approves an unknown value (the organization's own service, named by AWS
            // at creation); a known value must itself be one the trusted source publishes, or be
            // approved like any other: apply() can return anything.
            if (origin.own && isUnknown(target)) continue;
            if (origin.own && typeof target === "string" && awsServiceShortName(target) === undefined && isSourceValue(origin, target)) continue;
            const from = origin.wrongStack
                ? ` It comes from stack ${origin.wrongStack}, which is not one of the stacks that publish the organization's endpoint services (${stacks.join(", ") || "none configured"}).`
                : origin.own && typeof target === "string"
                  ? ` It is computed from ${origin.own}, but its value is not one that source publishes.`
                  : "";
            if (isUnknown(target)) {
                if (origin.unknownName) findings.undecided(`the stack name of StackReference ${origin.unknownName} that ${label}'s ${property} comes from`);
                else if (origin.wrongStack) findings.violation(`${label}: ${property} is unknown during preview and cannot be told to be an approved or organization-owned service.${from} Take it from a stack that publishes the organization's endpoint services, or approve the service in the definition.`);
                else findings.undecided(`${property} of ${label} (${target.path}) and it does not come from an endpoint service of this stack or of ${stacks.length ? stacks.join(", ") : "a configured endpoint-service stack"}`);
                continue;
            }
            if (target === undefined) continue;
            if (type === "Resource" || type === "ServiceNetwork") {
                const account = target.split(":")[4];
                if (approved.includes(target) || (account !== undefined && accounts.has(account))) continue;
                findings.violation(`${label} connects to ${target}, owned by account ${account ?? "(unknown)"} outside the environment and not approved; add it to perimeter.approvedEndpointServices or remove the endpoint.${from}`);
                continue;
            }
            await judgeServiceName(endpoint, type, target, label, from);
        }

        async function judgeServiceName(endpoint: StackNode, type: EndpointType, serviceName: string, label: string, from: string): Promise<void> {
            const findings = findingsFor(endpoint.urn);
            if (isEndpointServiceName(serviceName)) {
                if (!approved.includes(serviceName)) {
                    findings.violation(
                        `${label} connects to endpoint service ${serviceName}, which is not approved; add it to perimeter.approvedEndpointServices ` +
                            `(third party) or take the service name from the provider's stack (organization service).${from}`,
                    );
                }
                return;
            }
            const short = awsServiceShortName(serviceName);
            if (short === undefined) {
                if (!approved.includes(serviceName)) findings.violation(`${label} connects to ${serviceName}, which is neither an AWS regional service nor an approved endpoint service; remove it or approve it in the definition.${from}`);
                return;
            }
            if (allowed === undefined) {
                findings.undecided(`whether AWS service ${short} is allowed: allowedServiceNames not configured`);
                return;
            }
            const serviceRegion = awsServiceRegion(serviceName);
            const where = endpointRegion(endpoint);
            const crossTo = endpointServiceRegion(endpoint);
            if (allowed.includes(serviceName)) {
                if (serviceRegion === undefined) return; // a Region-less global name (com.amazonaws.iam)
                if (isUnknown(crossTo)) {
                    findings.undecided(`serviceRegion of ${label} (${crossTo.path}), so whether it reaches AWS service ${short} in its allowed Region ${serviceRegion}`);
                    return;
                }
                const problem = allowedRegionProblem(serviceName, serviceRegion, where, crossTo);
                if (problem === undefined) return;
                findings.violation(`${label} connects to ${serviceName}, which is allowed for ${serviceRegion} only, but ${problem}.${from}`);
                return;
            }
            // Same Region: the service's Region is the endpoint's own, a hub Region, and the
            // endpoint reaches no other Region (no serviceRegion besides its own).
            const notSame = sameRegionProblem(serviceRegion, where, crossTo);
            const sameRegion = notSame === undefined;
            if (config.acceptWorkloadServiceEndpoints && hubs.problem !== undefined) findings.undecided(`whether ${label}, a workload's own endpoint to AWS service ${short}, may be accepted: ${hubs.problem}`);
            if (config.acceptWorkloadServiceEndpoints && sameRegion && (type === "Interface" || type === "Gateway")) {
                const acceptance = await workloadEndpointAcceptance(index, endpoint, type, serviceName, label, config);
                if (acceptance.gaps.length > 0) {
                    findings.violation(
                        `${label} is a workload's own endpoint to AWS service ${short}, accepted only when it meets the perimeter, but ${acceptance.gaps.join("; and ")}; ` +
                            `add "${short}" to network.endpoints.services, or remove the endpoint.`,
                    );
                } else if (!acceptance.owned && acceptance.undecided.length > 0) {
                    findings.undecided(`whether ${label}, a workload's own endpoint to AWS service ${short}, meets the perimeter: ${acceptance.undecided.join("; ")}`);
                }
                return;
            }
            const why = config.acceptWorkloadServiceEndpoints && !sameRegion && (type === "Interface" || type === "Gateway") && serviceRegion !== undefined && hubs.regions.includes(serviceRegion)
                ? ` It is not accepted as a workload's own same-Region endpoint: ${notSame}.`
                : "";
            findings.violation(
                `${label} connects to AWS service ${short}, which is not in the environment's allowed services; add "${short}" to network.endpoints.services (or gatewayEndpoints) or remove the endpoint` +
                    (sameRegion ? " (or enable policyPack.acceptWorkloadServiceEndpoints and give it a perimeter policy and a restricted security group)." : ".") +
                    why,
            );
        }

        /** Why an endpoint does not reach an allowed name in that name's Region; undefined when it does. */
        function allowedRegionProblem(serviceName: string, serviceRegion: string, where: string | Unknown | undefined, crossTo: string | undefined): string | undefined {
            const at = typeof where === "string" ? where : undefined;
            if (crossTo !== undefined && crossTo !== at) {
                if (crossTo !== serviceRegion) return `the endpoint's serviceRegion is ${crossTo}`;
                if (!supportsCrossRegion(serviceName)) return `it reaches it from ${at ?? "a Region not known during preview"} through serviceRegion ${crossTo}, and AWS does not offer ${awsServiceShortName(serviceName)} over cross-Region PrivateLink (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html)`;
                return undefined; // cross-Region PrivateLink to the allowed name's own Region
            }
            // No serviceRegion (or its own): AWS connects the endpoint only to its own Region's service.
            if (at !== undefined && at !== serviceRegion) return `the endpoint is in ${at}, and an endpoint connects only to services of its own Region unless it sets serviceRegion (cross-Region PrivateLink)`;
            return undefined;
        }

        /** Why a workload's own endpoint is not a same-Region one of a hub Region; undefined when it is. */
        function sameRegionProblem(serviceRegion: string | undefined, where: string | Unknown | undefined, crossTo: string | Unknown | undefined): string | undefined {
            if (serviceRegion === undefined) return "the service name carries no Region";
            if (isUnknown(where)) return `the endpoint's Region is not known during preview (${where.path})`;
            if (isUnknown(crossTo)) return `its serviceRegion is not known during preview (${crossTo.path})`;
            if (where === undefined && crossTo !== undefined) return `it sets serviceRegion ${crossTo} and nothing says the endpoint's own Region (set its region input, or its provider's region)`;
            if (crossTo !== undefined && crossTo !== where) return `it is a cross-Region PrivateLink endpoint (serviceRegion ${crossTo}), which acceptWorkloadServiceEndpoints does not cover`;
            // Nothing states the endpoint's Region (no region input; a provider configured from
            // AWS_REGION carries none) and no serviceRegion: AWS connects it only to a service of
            // its own Region, so it is in the name's Region or AWS does not create it.
            const at = where ?? serviceRegion;
            if (serviceRegion !== at) return `the service is in ${serviceRegion} and the endpoint in ${at}`;
            if (!hubs.regions.includes(at)) return `${at} is not one of the environment's hub Regions (${hubs.regions.join(", ") || "none trusted"})`;
            return undefined;
        }
    }),
};
