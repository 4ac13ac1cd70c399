/**
 * Every Allow statement of an endpoint policy admits only trusted identities: the
 * organization's, the environment's or trusted accounts', or AWS services. Judged from IAM
 * semantics (lib/perimeter-questions.ts): the rule searches for a request by an identity
 * outside the organization (or an anonymous one) that the statement allows and no Deny of the
 * document stops, and names that request when it finds one. Endpoint policies written on the
 * endpoint and on standalone `aws.ec2.VpcEndpointPolicy` resources are both judged.
 *
 * One documented exception: a statement that only reads AWS-owned resources AWS lists for
 * requests carrying no identity of ours (ECR image layers, Amazon Linux repositories, agent
 * downloads; config `anyCallerResources`, lib/any-caller-resources.ts) admits any caller by
 * design, as AWS's own S3 endpoint policy does. Without that config such statements are judged
 * like any other, and the rule says why in an advisory note.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { PackConfig, configHint, configSchema } from "../lib/config";
import { anyCallerException } from "../lib/any-caller-resources";
import { PolicySource, attachedEndpoint, policySources } from "../lib/endpoint-policies";
import { endpointLabel, endpointType, policySupport } from "../lib/endpoints";
import { allowAdmitsOutsider } from "../lib/perimeter-questions";
import { duplicateKeyProblem, parsePolicy, statementLabel } from "../lib/policy-document";
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
    for (const d of policy.duplicates) findings.violation(duplicateKeyProblem(source.where, d));
    for (const s of policy.statements) {
        if (s.effect !== "Allow") continue;
        // AWS's documented AWS-owned exceptions admit any caller by design: checked first (cheap).
        const exception = await anyCallerException(s, config);
        if (exception.kind === "inside") continue;
        const verdict = await allowAdmitsOutsider(s, policy.statements, config);
        if (verdict.kind === "ok") continue;
        // A statement naming particular resources may be meant as such an exception: say why it is not one.
        const namesResources = s.resources !== undefined && !s.resources.includes("*");
        if (namesResources && exception.kind === "unconfigured" && verdict.kind === "violation") {
            findings.undecided(
                `${source.where}: ${statementLabel(s)}: whether it only reads AWS-owned resources AWS documents for callers that carry no identity of ours ` +
                    `(ECR image layers, Amazon Linux repositories ...): anyCallerResources is not configured, so it is judged like any other Allow (${configHint})`,
            );
        }
        if (verdict.kind === "violation") {
            const notException = namesResources && exception.kind === "outside" ? ` It is not one of AWS's documented AWS-owned exceptions either: ${exception.reason}.` : "";
            findings.violation(
                `${source.where}: ${statementLabel(s)} ${verdict.reason}; limit it with aws:PrincipalOrgID = ${config.organizationId ?? "<organization id>"}` +
                    `${config.organizationId ? "" : " (or aws:PrincipalAccount = the environment's accounts)"}.${notException}`,
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
        "ForAllValues: and ...IfExists forms, negated operators and wildcard values do not restrict the caller. " +
        "The only Allow without an identity condition accepted is one that reads AWS-owned resources AWS documents for any caller (config anyCallerResources), with exactly their ARNs and actions.",
    configSchema: configSchema("organizationId", "accountIds", "trustedAccountIds", "fullAccessOnlyServiceNames", "policyUnsupportedServiceNames", "anyCallerResources"),
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
