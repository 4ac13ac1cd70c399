/**
 * Every Allow statement of an endpoint policy admits only trusted identities: the
 * organization's, the environment's or trusted accounts', or AWS services. Judged from IAM
 * semantics (lib/perimeter-questions.ts): the rule searches for a request by an identity
 * outside the organization (or an anonymous one) that the statement allows and no Deny of the
 * document stops, and names that request when it finds one. Endpoint policies written on the
 * endpoint and on standalone `aws.ec2.VpcEndpointPolicy` resources are both judged.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { PackConfig, configHint, configSchema } from "../lib/config";
import { PolicySource, attachedEndpoint, policySources } from "../lib/endpoint-policies";
import { endpointLabel, endpointType, policySupport } from "../lib/endpoints";
import { allowAdmitsOutsider } from "../lib/perimeter-questions";
import { parsePolicy, statementLabel } from "../lib/policy-document";
import { Findings, stackCheck } from "../lib/rule";
import { T } from "../lib/types";
import { str } from "../lib/values";

async function judge(source: PolicySource, config: PackConfig, findings: Findings): Promise<void> {
    const policy = parsePolicy(source.value);
    if (policy.kind === "unknown") {
        findings.undecided(`${source.where} (${policy.unknown.path})`);
        return;
    }
    if (policy.kind !== "document") return; // absent or invalid: endpoints-vpc-endpoint-policy-required reports it
    for (const s of policy.statements) {
        if (s.effect !== "Allow") continue;
        const verdict = await allowAdmitsOutsider(s, policy.statements, config);
        if (verdict.kind === "violation") {
            findings.violation(
                `${source.where}: ${statementLabel(s)} ${verdict.reason}; limit it with aws:PrincipalOrgID = ${config.organizationId ?? "<organization id>"}` +
                    `${config.organizationId ? "" : " (or aws:PrincipalAccount = the environment's accounts)"}.`,
            );
        } else if (verdict.kind === "undecided") {
            findings.undecided(`${source.where}: ${statementLabel(s)}: ${verdict.reason}${/configured/.test(verdict.reason) ? ` (${configHint})` : ""}`);
        }
    }
}

export const endpointsVpcEndpointPolicyTrustedIdentities: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-policy-trusted-identities",
    description: "Every Allow statement of a VPC endpoint policy is limited to the organization's identities, trusted accounts or AWS services.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Add `\"Condition\": {\"StringEquals\": {\"aws:PrincipalOrgID\": \"<organization id>\"}}` to each Allow statement " +
        "(without an organization: aws:PrincipalAccount with the environment's account ids), or use the perimeter library's endpoint policy. " +
        "ForAllValues: and ...IfExists forms, negated operators and wildcard values do not restrict the caller.",
    configSchema: configSchema("organizationId", "accountIds", "trustedAccountIds", "fullAccessOnlyServiceNames", "policyUnsupportedServiceNames"),
    validateStack: stackCheck(undefined, async ({ index, config, findingsFor }) => {
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            const type = endpointType(endpoint.props);
            if (type === "GatewayLoadBalancer") continue;
            const serviceName = str(endpoint.props["serviceName"]);
            if (typeof serviceName === "string" && policySupport(serviceName, config) !== "restricted") continue;
            const label = endpointLabel(type, endpoint.name, serviceName);
            const { own, standalone } = policySources(index, endpoint, `policy of ${label}`);
            if (own) await judge(own, config, findingsFor(endpoint.urn));
            for (const source of standalone) await judge(source, config, findingsFor(source.node.urn));
        }
        // Standalone policies on endpoints outside this stack (or not known yet): judged alone.
        for (const p of index.ofType(T.vpcEndpointPolicy)) {
            if (attachedEndpoint(index, p)) continue;
            await judge({ node: p, where: `VpcEndpointPolicy ${p.name}`, value: p.props["policy"] }, config, findingsFor(p.urn));
        }
    }),
};
