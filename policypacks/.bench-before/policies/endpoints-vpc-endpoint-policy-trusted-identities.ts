/**
 * Every Allow statement of an endpoint policy admits only trusted identities: the
 * organization's (aws:PrincipalOrgID), the environment's or trusted accounts, or AWS services.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { configHint, configSchema } from "../lib/config";
import { endpointLabel, endpointType, policySupport } from "../lib/endpoints";
import { judgeAllowIdentities } from "../lib/identities";
import { parsePolicy, statementLabel } from "../lib/policy-document";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { str } from "../lib/values";

export const endpointsVpcEndpointPolicyTrustedIdentities: ResourceValidationPolicy = {
    name: "endpoints-vpc-endpoint-policy-trusted-identities",
    description: "Every Allow statement of a VPC endpoint policy is limited to the organization's identities, trusted accounts or AWS services.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add `\"Condition\": {\"StringEquals\": {\"aws:PrincipalOrgID\": \"<organization id>\"}}` to each Allow statement " +
        "(without an organization: aws:PrincipalAccount with the environment's account ids), or use the perimeter library's endpoint policy.",
    configSchema: configSchema("organizationId", "accountIds", "trustedAccountIds", "fullAccessOnlyServiceNames", "policyUnsupportedServiceNames"),
    validateResource: resourceCheck(T.vpcEndpoint, ({ props, name, config, findings }) => {
        const type = endpointType(props);
        if (type === "GatewayLoadBalancer" || type === "Resource" || type === "ServiceNetwork") return;
        const serviceName = str(props["serviceName"]);
        if (typeof serviceName === "string" && policySupport(serviceName, config) !== "restricted") return;
        const label = endpointLabel(type, name, serviceName);
        const policy = parsePolicy(props["policy"]);
        if (policy.kind === "unknown") {
            findings.undecided(`policy of ${label} (${policy.unknown.path})`);
            return;
        }
        if (policy.kind !== "document") return; // absent or invalid: endpoints-vpc-endpoint-policy-required reports it
        // An unknown serviceName only matters for services that take no custom policy; a policy
        // that is there is judged either way, so it needs no note.
        for (const s of policy.statements) {
            if (s.effect !== "Allow") continue;
            const verdict = judgeAllowIdentities(s, config);
            if (verdict.trusted === false) {
                findings.violation(
                    `${label}: ${statementLabel(s)} ${verdict.reason}; limit it with aws:PrincipalOrgID = ${config.organizationId ?? "<organization id>"}` +
                        `${config.organizationId ? "" : " (or aws:PrincipalAccount = the environment's accounts)"}.`,
                );
            } else if (verdict.trusted === "unknown") {
                findings.undecided(`${statementLabel(s)}: ${verdict.reason} (${configHint})`);
            }
        }
    }),
};
