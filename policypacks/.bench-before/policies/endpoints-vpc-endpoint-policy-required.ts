/**
 * Every interface or gateway endpoint to an AWS service that takes an endpoint policy has one,
 * and it is not the full-access policy. Without a policy AWS attaches full access: any
 * identity, any resource, i.e. an exfiltration path out of the perimeter.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema } from "../lib/config";
import { endpointLabel, endpointType, policySupport } from "../lib/endpoints";
import { isAnyPrincipal, parsePolicy, statementLabel } from "../lib/policy-document";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { isUnknown, str } from "../lib/values";

export const endpointsVpcEndpointPolicyRequired: ResourceValidationPolicy = {
    name: "endpoints-vpc-endpoint-policy-required",
    description: "Interface and gateway endpoints to AWS services that support endpoint policies carry a policy that is not full access.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set the endpoint's `policy` to the perimeter endpoint policy for the service (perimeter/endpoint-policies.ts: " +
        "`interfaceEndpointPolicy(definition, service)` or `gatewayEndpointPolicy(definition, \"s3\" | \"dynamodb\")`), " +
        "which allows only the organization's identities, AWS service principals and the documented AWS-owned resources.",
    configSchema: configSchema("fullAccessOnlyServiceNames", "policyUnsupportedServiceNames"),
    validateResource: resourceCheck(T.vpcEndpoint, ({ props, name, config, findings }) => {
        const type = endpointType(props);
        if (type === "GatewayLoadBalancer" || type === "Resource" || type === "ServiceNetwork") return;
        const serviceName = str(props["serviceName"]);
        const label = endpointLabel(type, name, serviceName);
        if (isUnknown(type)) findings.undecided(`vpcEndpointType (${type.path})`);
        const policy = parsePolicy(props["policy"]);
        if (isUnknown(serviceName)) {
            // Whether a policy is required depends on the service; a policy that is there can still be judged.
            if (policy.kind === "absent") findings.undecided(`serviceName (${serviceName.path}), so whether ${label} needs a policy`);
        }
        const support = typeof serviceName === "string" ? policySupport(serviceName, config) : "restricted";
        if (support === "unsupported") return;
        if (policy.kind === "unknown") {
            findings.undecided(`policy of ${label} (${policy.unknown.path})`);
            return;
        }
        if (policy.kind === "invalid") {
            findings.violation(`${label} has a policy that is ${policy.error}; set a valid JSON policy document.`);
            return;
        }
        if (support === "full-access-only") return; // the only policy such endpoints accept
        if (policy.kind === "absent") {
            if (typeof serviceName !== "string") return;
            if (/^com\.amazonaws\.vpce\./.test(serviceName)) return; // endpoint services: policy is the provider's job
            findings.violation(`${label} has no endpoint policy, so AWS attaches the full-access policy; set \`policy\` to the perimeter endpoint policy for this service.`);
            return;
        }
        for (const s of policy.statements) {
            const unconditioned = s.condition === undefined || Object.keys(s.condition).length === 0;
            const allActions = (s.actions ?? []).some((a) => a === "*" || a === "*:*");
            const allResources = (s.resources ?? []).includes("*");
            if (s.effect === "Allow" && isAnyPrincipal(s.principal) && allActions && allResources && unconditioned) {
                findings.violation(
                    `${label}: ${statementLabel(s)} allows every principal every action on every resource (the full-access policy); ` +
                        `replace it with statements conditioned on aws:PrincipalOrgID (or the environment's accounts).`,
                );
            }
        }
    }),
};
