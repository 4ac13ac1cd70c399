/**
 * VPC endpoint policies are limited to 20,480 characters including white space (not
 * adjustable); a longer one fails at apply time, after the preview looked green. Judged on the
 * endpoint's own policy and on standalone `aws.ec2.VpcEndpointPolicy` resources.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { parsePolicy } from "../lib/policy-document";
import { resourceCheck } from "../lib/rule";
import { modifierTypes } from "../lib/modifiers";

export const endpointPolicyMaxCharacters = 20480;

export const endpointsVpcEndpointPolicySize: ResourceValidationPolicy = {
    name: "endpoints-vpc-endpoint-policy-size",
    description: `VPC endpoint policies stay within AWS's limit of ${endpointPolicyMaxCharacters} characters (white space included).`,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Minify the policy (JSON.stringify without indentation), merge statements that share a condition, or use wildcards in action lists.",
    validateResource: resourceCheck([...modifierTypes("endpointPolicy")], ({ props, name, findings }) => {
        const policy = parsePolicy(props["policy"]);
        if (policy.kind === "unknown") findings.undecided(`policy of ${name} (${policy.unknown.path})`);
        if (policy.kind !== "document") return;
        const length = typeof props["policy"] === "string" ? (props["policy"] as string).length : policy.text.length;
        if (length > endpointPolicyMaxCharacters) {
            const minified = JSON.stringify(policy.document).length;
            findings.violation(
                `VPC endpoint ${name}: policy is ${length} characters, over the ${endpointPolicyMaxCharacters} limit; ` +
                    (minified <= endpointPolicyMaxCharacters ? `minified it would be ${minified}: pass it through JSON.stringify without indentation.` : `even minified it is ${minified}: split or shorten its statements.`),
            );
        }
    }),
};
