/**
 * Organizations authorization policies (SCP, RCP) as the `aws.organizations.Policy` resource
 * carries them.
 */
import { isUnknown, str } from "./values";

export type AuthorizationPolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

/** The policy's type when it is an SCP or RCP (the provider defaults `type` to SCP). */
export function authorizationPolicyType(props: Record<string, unknown>): AuthorizationPolicyType | "other" | "unknown" {
    const type = str(props["type"]);
    if (isUnknown(type)) return "unknown";
    const t = type ?? "SERVICE_CONTROL_POLICY";
    return t === "SERVICE_CONTROL_POLICY" || t === "RESOURCE_CONTROL_POLICY" ? t : "other";
}

export function shortType(type: AuthorizationPolicyType): string {
    return type === "SERVICE_CONTROL_POLICY" ? "SCP" : "RCP";
}

/** AWS Organizations' limit for SCPs and RCPs, measured without insignificant white space. */
export const authorizationPolicyMaxCharacters = 5120;
