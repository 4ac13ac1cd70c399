/**
 * Interface endpoint services of every hub Region (`network.endpoints.services` at home, each
 * `network.regions.<region>.endpoints.services`, which defaults to the home Region's): each
 * listed once, in the service catalog, centralizable, offered in that Region
 * (aws/service-regions.ts: an error where AWS's endpoint metadata says it is not, a warning
 * where it does not say), and servable by the chosen DNS sharing. Derives `uniqueServices`
 * (the home Region's).
 */
import { catalogEntry, centralizableServices, unavailableReason } from "../../aws/service-catalog";
import { serviceAvailability } from "../../aws/service-regions";
import { Path } from "../locate";
import { suggest } from "../shape-issues";
import { CheckContext, rec, strings } from "./context";

/** What a service short name looks like; the shape check reports any other (with the did-you-mean below). */
export const serviceNameShape = /^[a-z0-9][a-z0-9.-]*$/;

/** The shape check's message for a malformed service name: the closest catalog name when there is one. */
export function serviceNameShapeMessage(input: unknown): string {
    const hint = typeof input === "string" ? suggest(input, centralizableServices()) : undefined;
    return `expected an AWS service short name (lower case) such as "ssm" or "ecr.dkr"${hint ? ` — did you mean "${hint}"?` : ""}`;
}

export function checkEndpoints(c: CheckContext): void {
    checkRegionServices(c, ["network", "endpoints", "services"], c.region, c.uniqueServices);
    const home = strings(c.endpoints?.services);
    for (const [region, raw] of Object.entries(rec(c.network?.regions) ?? {})) {
        if (region === c.region || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) continue;
        const own = rec(rec(raw)?.endpoints)?.services;
        if (own !== undefined) {
            checkRegionServices(c, ["network", "regions", region, "endpoints", "services"], region, new Set());
            continue;
        }
        // No list of its own: the Region gets the home Region's services; each must be offered there too.
        for (const [, service] of home) {
            const entry = catalogEntry(service);
            if (!entry || !serviceNameShape.test(service) || unavailableReason(entry, c.region)) continue; // reported at home
            const why = regionalProblem(service, region);
            if (!why) continue;
            const advice = `network.regions.${region} takes network.endpoints.services (it lists none of its own); give it endpoints.services without "${service}"`;
            if (why.error) c.error(["network", "regions", region], `${why.error}; ${advice}`, "key");
            else c.warn(["network", "regions", region], `${why.warning}; ${advice} if it is not`, "key");
        }
    }
}

/** Why `service` cannot (error) or may not (warning) get an endpoint in `region`, or undefined when it can. */
function regionalProblem(service: string, region: string): { error?: string; warning?: string } | undefined {
    const entry = catalogEntry(service);
    const pinned = entry ? unavailableReason(entry, region) : undefined;
    if (pinned) return { error: `"${service}" cannot get an interface endpoint in ${region}: ${pinned}` };
    if (entry?.onlyIn) return undefined; // a global service in its one Region
    const availability = serviceAvailability(service, region);
    if (availability.status === "not-offered") return { error: availability.why };
    if (availability.status === "unknown") return { warning: availability.why };
    return undefined;
}

function checkRegionServices(c: CheckContext, listPath: Path, region: string | undefined, uniqueServices: Set<string>): void {
    const { onPremDns, mode, sharing } = c;
    const services = strings(valueAt(c, listPath));
    const known = centralizableServices(region);
    for (const [i, service] of services) {
        const path: Path = [...listPath, i];
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
        const unavailable = unavailableReason(entry, region);
        if (unavailable) {
            c.error(path, `"${service}" cannot get an interface endpoint${region ? ` in ${region}` : ""}: ${unavailable}`);
            continue;
        }
        if (region !== undefined) {
            const why = regionalProblem(service, region);
            if (why?.error) {
                c.error(path, why.error);
                continue;
            }
            if (why?.warning) c.warn(path, why.warning);
        }
        if (sharing === "hosted-zones" && entry.hostedZonesUnsupported) {
            c.error(path, `"${service}" cannot be shared with private hosted zones: ${entry.hostedZonesUnsupported}. Use network.dns.sharing: profile`);
        }
        if (entry.privateDnsOnlyForInboundResolverEndpoint && mode === "centralized" && onPremDns?.inboundResolver !== true) {
            c.warn(path, `the central "${service}" interface endpoint answers only on-premises clients through the inbound Resolver (VPCs use their ${service} gateway endpoint), but network.dns.onPremises.inboundResolver is not true: nobody can use it`);
        }
    }
}

/** The value at a key path of the definition as written. */
function valueAt(c: CheckContext, path: Path): unknown {
    let node: unknown = c.root;
    for (const key of path) node = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined;
    return node;
}
