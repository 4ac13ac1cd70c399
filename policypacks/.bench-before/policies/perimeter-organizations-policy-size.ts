/**
 * SCPs and RCPs are limited to 5,120 characters; AWS counts every character, so the limit is
 * judged on the minified document (what the program should send).
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { authorizationPolicyMaxCharacters, authorizationPolicyType, shortType } from "../lib/organizations";
import { minifiedLength, parsePolicy } from "../lib/policy-document";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";

export const perimeterOrganizationsPolicySize: ResourceValidationPolicy = {
    name: "perimeter-organizations-policy-size",
    description: `SCPs and RCPs fit AWS Organizations' ${authorizationPolicyMaxCharacters}-character limit (minified).`,
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Minify the document (JSON.stringify without indentation); if still too long, split its statements into a second policy attached to the same targets.",
    validateResource: resourceCheck(T.organizationsPolicy, ({ props, name, findings }) => {
        const type = authorizationPolicyType(props);
        if (type === "other") return;
        if (type === "unknown") findings.undecided(`type of organizations policy ${name}`);
        const policy = parsePolicy(props["content"]);
        if (policy.kind === "unknown") findings.undecided(`content of ${name} (${policy.unknown.path})`);
        if (policy.kind !== "document") return;
        const length = minifiedLength(policy.document);
        const raw = typeof props["content"] === "string" ? (props["content"] as string).length : length;
        if (length > authorizationPolicyMaxCharacters) {
            findings.violation(
                `${type === "unknown" ? "organizations policy" : shortType(type)} ${name} is ${length} characters minified, over the ${authorizationPolicyMaxCharacters} limit; split it into two policies attached to the same targets.`,
            );
        } else if (raw > authorizationPolicyMaxCharacters) {
            findings.violation(
                `${type === "unknown" ? "organizations policy" : shortType(type)} ${name} is sent with white space (${raw} characters, over ${authorizationPolicyMaxCharacters}); ` +
                    `minified it is ${length}: pass the document through JSON.stringify without indentation.`,
            );
        }
    }),
};
