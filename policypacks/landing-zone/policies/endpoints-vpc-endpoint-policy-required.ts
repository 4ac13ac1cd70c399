/**
 * Every interface or gateway endpoint to an AWS service that takes an endpoint policy has one,
 * and it is not the full-access policy. Without a policy AWS attaches full access: any
 * identity, any resource, i.e. an exfiltration path out of the perimeter. The policy may be
 * the endpoint's own `policy` or a standalone `aws.ec2.VpcEndpointPolicy` attached to it
 * (lib/modifiers.ts); both are judged. A standalone policy without a document resets the
 * endpoint to full access (lib/endpoint-policies.ts).
 *
 * Endpoints to endpoint services (`com.amazonaws.vpce.*`: PrivateLink consumers) need none: EC2
 * accepts only the full-access policy there ("When you create a VPC endpoint for an endpoint
 * service other than an AWS service, we allow full access to the endpoint",
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html). When the name is
 * unknown at preview, the note says where it comes from and whether that is expected.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { configSchema } from "../lib/config";
import { PolicySource, policySources, unattachedPolicies } from "../lib/endpoint-policies";
import { expectedUnknownServiceName } from "../lib/endpoint-provenance";
import { endpointLabel, endpointType, policySupport } from "../lib/endpoints";
import { isAnyPrincipal, parsePolicy, statementLabel } from "../lib/policy-document";
import { Findings, stackCheck } from "../lib/rule";
import { T } from "../lib/types";
import { isUnknown, str } from "../lib/values";

function judgeDocument(source: PolicySource, findings: Findings): "absent" | "judged" {
    if (source.resetsToFullAccess) {
        findings.violation(
            `${source.where} has no policy document, and the provider then applies the full-access policy (its default), replacing the endpoint's own; ` +
                `set \`policy\` on it to the perimeter endpoint policy, or remove it.`,
        );
        return "judged";
    }
    const policy = parsePolicy(source.value);
    if (policy.kind === "absent") return "absent";
    if (policy.kind === "unknown") {
        findings.undecided(`${source.where} (${policy.unknown.path})`);
        return "judged";
    }
    if (policy.kind === "invalid") {
        findings.violation(`${source.where} is ${policy.error}; set a valid JSON policy document.`);
        return "judged";
    }
    for (const s of policy.statements) {
        const unconditioned = s.condition === undefined || Object.keys(s.condition).length === 0;
        const allActions = (s.actions ?? []).some((a) => a === "*" || a === "*:*");
        const allResources = (s.resources ?? []).includes("*");
        if (s.effect === "Allow" && isAnyPrincipal(s.principal) && allActions && allResources && unconditioned && !s.unknown) {
            findings.violation(
                `${source.where}: ${statementLabel(s)} allows every principal every action on every resource (the full-access policy); ` +
                    `replace it with statements conditioned on aws:PrincipalOrgID (or the environment's accounts).`,
            );
        }
    }
    return "judged";
}

export const endpointsVpcEndpointPolicyRequired: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-policy-required",
    description: "Interface and gateway endpoints to AWS services that support endpoint policies carry a policy that is not full access.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set the endpoint's `policy` (or attach an `aws.ec2.VpcEndpointPolicy`) to the perimeter endpoint policy for the service " +
        "(perimeter/endpoint-policies.ts: `interfaceEndpointPolicy(definition, service)` or `gatewayEndpointPolicy(definition, \"s3\" | \"dynamodb\")`), " +
        "which allows only the organization's identities, AWS service principals and the documented AWS-owned resources.",
    configSchema: configSchema("fullAccessOnlyServiceNames", "policyUnsupportedServiceNames", "endpointServiceStacks"),
    validateStack: stackCheck(T.vpcEndpoint, ({ index, config, findingsFor }) => {
        const unattached = unattachedPolicies(index);
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            const props = endpoint.props;
            const type = endpointType(props);
            if (type === "GatewayLoadBalancer" || type === "Resource" || type === "ServiceNetwork") continue;
            const findings = findingsFor(endpoint.urn);
            const serviceName = str(props["serviceName"]);
            const label = endpointLabel(type, endpoint.name, serviceName);
            if (isUnknown(type)) findings.undecided(`vpcEndpointType (${type.path})`);
            const support = typeof serviceName === "string" ? policySupport(serviceName, config) : "restricted";
            if (support === "unsupported") continue;
            const { own, standalone } = policySources(index, endpoint, label);
            const sources = [...(own ? [own] : []), ...standalone];
            if (support === "full-access-only") {
                // The only policy such endpoints accept; a malformed one still fails at apply.
                for (const source of sources) if (parsePolicy(source.value).kind === "invalid") judgeDocument(source, findings);
                continue;
            }
            const judged = sources.map((source) => judgeDocument(source, findings)).filter((r) => r === "judged").length;
            if (judged > 0) continue;
            if (isUnknown(serviceName)) {
                // An endpoint to an endpoint service takes no custom policy; one to an AWS service needs
                // one. Which it is waits for the name: say where the name comes from, and whether that is expected.
                const expected = expectedUnknownServiceName(index, endpoint, config.endpointServiceStacks ?? []);
                findings.undecided(
                    expected
                        ? `whether ${label} needs an endpoint policy: ${expected}. An endpoint to an endpoint service takes no custom policy ` +
                              `(EC2 accepts only the full-access policy there), so none is missing`
                        : `whether ${label} needs an endpoint policy: its serviceName (${serviceName.path}) is unknown during preview and comes from no endpoint service ` +
                              `of this stack or of the endpoint-service stacks; an endpoint to an AWS service needs a policy, one to an endpoint service takes none`,
                );
                continue;
            }
            if (typeof serviceName !== "string") continue;
            if (/^com\.amazonaws\.vpce\./.test(serviceName)) continue; // endpoint services: the provider's policy decides
            if (unattached.length > 0) {
                // One unattached policy can cover one endpoint, not this one for sure.
                findings.undecided(`whether VpcEndpointPolicy ${unattached.map((p) => p.name).join(", ")} (endpoint unknown during preview) is attached to ${label}`);
                continue;
            }
            findings.violation(`${label} has no endpoint policy, so AWS attaches the full-access policy; set \`policy\` to the perimeter endpoint policy for this service (or attach an aws.ec2.VpcEndpointPolicy).`);
        }
    }),
};
