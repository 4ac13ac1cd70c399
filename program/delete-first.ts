/**
 * The intermediate definition of a unit-`all` change: the earlier definition without what the
 * change deletes first (program/change-order/single-stack-delete-first.ts deleteFirstOf, config `landing-zone:deleteFirst`).
 * Whatever else names a left-out spoke goes with it, so the result is a definition the
 * program can build: the endpoint services it owns (or provides the failover side of), its
 * place among other services' consumers. A left-out interface endpoint service leaves every
 * Region's list.
 *
 * Pure: no Pulumi import.
 */
import { Definition } from "../definition/schema";

/** The kinds of item `landing-zone:deleteFirst` names. */
export const DELETE_FIRST_KINDS = ["spoke", "endpoint"] as const;

/** `definition` without the spokes and interface endpoint services `items` names (`spoke:<name>`, `endpoint:<service>`). */
export function withoutDeletedFirst(definition: Definition, items: readonly string[]): Definition {
    const named = (kind: string): Set<string> => new Set(items.filter((i) => i.startsWith(`${kind}:`)).map((i) => i.slice(kind.length + 1)));
    const spokes = named("spoke");
    const services = named("endpoint");
    if (spokes.size === 0 && services.size === 0) return definition;
    const keepService = (s: string): boolean => !services.has(s);
    const regions = Object.fromEntries(
        Object.entries(definition.network.regions).map(([region, r]) => [
            region,
            r.endpoints.services === undefined ? r : { ...r, endpoints: { ...r.endpoints, services: r.endpoints.services.filter(keepService) } },
        ]),
    );
    return {
        ...definition,
        network: {
            ...definition.network,
            endpoints: { ...definition.network.endpoints, services: definition.network.endpoints.services.filter(keepService) },
            regions,
        },
        spokes: definition.spokes.filter((s) => !spokes.has(s.name)),
        endpointServices: definition.endpointServices
            .filter((s) => !spokes.has(s.spoke) && !(s.failover?.provider.spoke !== undefined && spokes.has(s.failover.provider.spoke)))
            .map((s) => ({
                ...s,
                consumers: s.consumers.filter((c) => !spokes.has(c)),
                ...(s.failover ? { failover: { ...s.failover, consumers: s.failover.consumers.filter((c) => !spokes.has(c.spoke)) } } : {}),
            })),
    };
}
