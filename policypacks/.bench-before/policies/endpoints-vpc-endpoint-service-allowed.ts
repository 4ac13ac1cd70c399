/**
 * Endpoints reach only the AWS services the environment allows, the approved third-party
 * PrivateLink services, or the organization's own endpoint services.
 *
 * The organization's own service names (`com.amazonaws.vpce.<region>.vpce-svc-<id>`) exist only
 * after the provider deploys, so they cannot be listed in config ahead of time. What is known
 * during preview is where a consumer endpoint's `serviceName` comes from: a VpcEndpointService
 * in the same stack, or a StackReference to one of the stacks that publish endpoint services
 * (`endpointServiceStacks`). Those are approved by provenance; anything else must be listed.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { awsServiceShortName, isEndpointServiceName } from "../lib/aws-names";
import { configSchema } from "../lib/config";
import { endpointLabel, endpointType } from "../lib/endpoints";
import { stackCheck } from "../lib/rule";
import { StackIndex, StackNode } from "../lib/stack-index";
import { T } from "../lib/types";
import { isUnknown, str } from "../lib/values";

const provenanceTypes: ReadonlySet<string> = new Set([T.vpcEndpointService, T.stackReference]);

/** How the service name was obtained, when it is the organization's own service. */
function ownServiceSource(index: StackIndex, endpoint: StackNode, stacks: string[]): string | undefined {
    for (const source of index.related(endpoint, "serviceName", provenanceTypes)) {
        if (source.type === T.vpcEndpointService) return `endpoint service ${source.name} of this stack`;
        const stackName = str(source.props["name"]);
        if (typeof stackName === "string") {
            const last = stackName.split("/").pop() ?? stackName;
            if (stacks.includes(last)) return `stack ${stackName}`;
        }
    }
    return undefined;
}

export const endpointsVpcEndpointServiceAllowed: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-service-allowed",
    description: "VPC endpoints connect only to allowed AWS services, approved endpoint services, or the organization's own endpoint services.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add the service to `network.endpoints.services` (AWS services) or its name to `perimeter.approvedEndpointServices` " +
        "(third-party PrivateLink services) in the definition and regenerate the pack config; or remove the endpoint. " +
        "Consumer endpoints of the organization's own services must take `serviceName` from the provider's VpcEndpointService " +
        "(same stack) or from a StackReference output of the provider's stack.",
    configSchema: configSchema("allowedServiceNames", "approvedEndpointServiceNames", "endpointServiceStacks"),
    validateStack: stackCheck(T.vpcEndpoint, ({ index, config, findingsFor }) => {
        const allowed = config.allowedServiceNames;
        const approved = config.approvedEndpointServiceNames ?? [];
        const stacks = config.endpointServiceStacks ?? [];
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            const findings = findingsFor(endpoint.urn);
            const serviceName = str(endpoint.props["serviceName"]);
            const label = endpointLabel(endpointType(endpoint.props), endpoint.name, serviceName);
            const own = ownServiceSource(index, endpoint, stacks);
            if (own) continue;
            if (isUnknown(serviceName)) {
                findings.undecided(`serviceName of ${label} (${serviceName.path}) and it does not come from an endpoint service of this stack or of ${stacks.length ? stacks.join(", ") : "a configured endpoint-service stack"}`);
                continue;
            }
            if (serviceName === undefined) continue;
            if (isEndpointServiceName(serviceName)) {
                if (!approved.includes(serviceName)) {
                    findings.violation(
                        `${label} connects to endpoint service ${serviceName}, which is not approved; add it to perimeter.approvedEndpointServices ` +
                            `(third party) or take the service name from the provider's stack (organization service).`,
                    );
                }
                continue;
            }
            const short = awsServiceShortName(serviceName);
            if (short === undefined) {
                if (!approved.includes(serviceName)) findings.violation(`${label} connects to ${serviceName}, which is neither an AWS regional service nor an approved endpoint service; remove it or approve it in the definition.`);
                continue;
            }
            if (allowed === undefined) {
                findings.undecided(`whether AWS service ${short} is allowed: allowedServiceNames not configured`);
            } else if (!allowed.includes(serviceName)) {
                findings.violation(`${label} connects to AWS service ${short}, which is not in the environment's allowed services; add "${short}" to network.endpoints.services (or gatewayEndpoints) or remove the endpoint.`);
            }
        }
    }),
};
