/**
 * What the pack needs to know about a VPC endpoint from its inputs.
 */
import { PackConfig } from "./config";
import { Unknown, isUnknown, str } from "./values";

export type EndpointType = "Interface" | "Gateway" | "GatewayLoadBalancer" | "Resource" | "ServiceNetwork";

/** `vpcEndpointType` with the provider's default (Gateway). */
export function endpointType(props: Record<string, unknown>): EndpointType | Unknown {
    const t = str(props["vpcEndpointType"]);
    if (isUnknown(t)) return t;
    return (t ?? "Gateway") as EndpointType;
}

/** Whether an endpoint to `serviceName` takes a custom endpoint policy. */
export function policySupport(serviceName: string, config: PackConfig): "restricted" | "full-access-only" | "unsupported" {
    if ((config.policyUnsupportedServiceNames ?? []).includes(serviceName)) return "unsupported";
    if ((config.fullAccessOnlyServiceNames ?? []).includes(serviceName)) return "full-access-only";
    return "restricted";
}

export function endpointLabel(type: EndpointType | Unknown, name: string, serviceName?: string | Unknown): string {
    const kind = isUnknown(type) ? "VPC endpoint" : type === "Interface" ? "interface endpoint" : type === "Gateway" ? "gateway endpoint" : `${type} endpoint`;
    return `${kind} ${name}${typeof serviceName === "string" ? ` (${serviceName})` : ""}`;
}
