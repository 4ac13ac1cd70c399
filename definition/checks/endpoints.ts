/**
 * Interface endpoint services: each listed once, in the service catalog, centralizable,
 * and servable by the chosen DNS sharing. Derives `uniqueServices`.
 */
import { catalogEntry, centralizableServices, unavailableReason } from "../../aws/service-catalog";
import { Path } from "../locate";
import { suggest } from "../shape-issues";
import { CheckContext, strings } from "./context";

/** What a service short name looks like; the shape check reports any other (with the did-you-mean below). */
export const serviceNameShape = /^[a-z0-9][a-z0-9.-]*$/;

/** The shape check's message for a malformed service name: the closest catalog name when there is one. */
export function serviceNameShapeMessage(input: unknown): string {
    const hint = typeof input === "string" ? suggest(input, centralizableServices()) : undefined;
    return `expected an AWS service short name (lower case) such as "ssm" or "ecr.dkr"${hint ? ` — did you mean "${hint}"?` : ""}`;
}

export function checkEndpoints(c: CheckContext): void {
    const { endpoints, onPremDns, mode, sharing, uniqueServices } = c;
    const services = strings(endpoints?.services);
    const known = centralizableServices(c.region);
    for (const [i, service] of services) {
        const path: Path = ["network", "endpoints", "services", i];
        // Reported by the shape check, with the closest catalog name: once is enough.
        if (!serviceNameShape.test(service)) continue;
        if (uniqueServices.has(service)) {
            c.error(path, `service "${service}" is listed twice`);
            continue;
        }
        uniqueServices.add(service);
        const entry = catalogEntry(service);
        if (!entry) {
            const hint = suggest(service, known);
            c.error(path, `"${service}" is not an AWS service with an interface VPC endpoint in the service catalog${hint ? ` — did you mean "${hint}"?` : " (docs/services.md lists the short names, e.g. ssm, ecr.dkr, kms)"}`);
            continue;
        }
        const unavailable = unavailableReason(entry, c.region);
        if (unavailable) {
            c.error(path, `"${service}" cannot get an interface endpoint${c.region ? ` in ${c.region}` : ""}: ${unavailable}`);
            continue;
        }
        if (sharing === "hosted-zones" && entry.hostedZonesUnsupported) {
            c.error(path, `"${service}" cannot be shared with private hosted zones: ${entry.hostedZonesUnsupported}. Use network.dns.sharing: profile`);
        }
        if (entry.privateDnsOnlyForInboundResolverEndpoint && mode === "centralized" && onPremDns?.inboundResolver !== true) {
            c.warn(path, `the central "${service}" interface endpoint answers only on-premises clients through the inbound Resolver (VPCs use their ${service} gateway endpoint), but network.dns.onPremises.inboundResolver is not true: nobody can use it`);
        }
    }
}
