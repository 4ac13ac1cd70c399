/**
 * Which provider serves an endpoint service's failover Region, as the owner's stack publishes it
 * (program/privatelink-shared.ts PublishedEndpointService.failover.provider) and as the waves compare
 * two definitions (program/change-order/endpoint-services.ts). Pure: the waves and the deploy guard read it too.
 */
import { EndpointServiceDefinition } from "../definition/endpoint-services";

/** Which provider serves a service's failover Region: its spoke, or the id of a VPC built outside the landing zone. */
export interface FailoverProviderRef {
    spoke?: string;
    vpcId?: string;
}

/** The definition's failover provider of `service` as the owner publishes it (PublishedEndpointService.failover.provider). */
export function failoverProviderOf(service: EndpointServiceDefinition): FailoverProviderRef | undefined {
    const provider = service.failover?.provider;
    if (!provider) return undefined;
    return provider.spoke !== undefined ? { spoke: provider.spoke } : { vpcId: provider.vpcId };
}

/**
 * Whether the failover provider published (or defined before) is another than the one the
 * definition names for `service`. Undefined when that cannot be told — an owner's output of an
 * older run carries no provider — and then nothing is dropped (never on a guess).
 */
export function failoverProviderChanged(before: unknown, service: EndpointServiceDefinition): boolean | undefined {
    const now = failoverProviderOf(service);
    if (!now || before === null || typeof before !== "object") return undefined;
    const was = before as { spoke?: unknown; vpcId?: unknown };
    if (typeof was.spoke !== "string" && typeof was.vpcId !== "string") return undefined;
    return was.spoke !== now.spoke || was.vpcId !== now.vpcId;
}
