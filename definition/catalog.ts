/**
 * The catalog of AWS services that offer interface VPC endpoints, with each service's
 * quirks. Validation rejects services that are not here (or cannot be centralized);
 * components, the perimeter library and the cost model read it.
 */
import { CatalogRow, catalogRows } from "./catalog-data";

export interface ServiceCatalogEntry {
    /** Short name as written in definitions: `ssm`, `ecr.dkr`, `email-smtp`. */
    name: string;
    /** Endpoint service name in a Region. Default `com.amazonaws.<region>.<name>`. */
    serviceName(region: string): string;
    /** TCP ports the endpoint's security group admits. Default [443]. */
    ports: number[];
    /**
     * Endpoint policy support: `restricted` takes a custom policy; `full-access-only`
     * accepts only the full-access policy (eks, neptune-graph ...); `unsupported` takes none.
     */
    policy: "restricted" | "full-access-only" | "unsupported";
    /** IAM service prefixes (action namespaces) reached through this endpoint, e.g. ["ecr"]. */
    iamPrefixes: string[];
    /**
     * Private hosted zones the service's private DNS needs (hosted-zones mode): zone
     * name and the records in it (`""` = apex, `"*"` = wildcard).
     */
    dnsZones(region: string): { zone: string; records: string[] }[];
    /**
     * Set when the service's private DNS names cannot be reproduced with private hosted
     * zones (hosted-zones mode rejects it with this reason; a Route 53 Profile works).
     */
    hostedZonesUnsupported?: string;
    /** Set for services that cannot be centralized in a regional hub (global services). */
    notCentralizable?: string;
    /**
     * S3/DynamoDB: the central interface endpoint answers only on-premises clients
     * (`privateDnsOnlyForInboundResolverEndpoint`), VPCs keep their gateway endpoints.
     */
    privateDnsOnlyForInboundResolverEndpoint?: boolean;
}

/** The zone a service's private DNS name lives in: `ecr.api` → `api.ecr.<region>.amazonaws.com`. */
function defaultZone(name: string): string {
    return `${name.split(".").reverse().join(".")}.{region}.amazonaws.com`;
}

function entryOf(row: CatalogRow): ServiceCatalogEntry {
    const zones = row.zones ?? [{ zone: defaultZone(row.name), records: [""] }];
    const entry: ServiceCatalogEntry = {
        name: row.name,
        serviceName: (region) => `com.amazonaws.${region}.${row.name}`,
        ports: row.ports ?? [443],
        policy: row.policy ?? "restricted",
        iamPrefixes: row.iamPrefixes,
        dnsZones: (region) => zones.map((z) => ({ zone: z.zone.replace("{region}", region), records: [...z.records] })),
    };
    if (row.hostedZonesUnsupported) entry.hostedZonesUnsupported = row.hostedZonesUnsupported;
    if (row.notCentralizable) entry.notCentralizable = row.notCentralizable;
    if (row.privateDnsOnlyForInboundResolverEndpoint) entry.privateDnsOnlyForInboundResolverEndpoint = true;
    return entry;
}

/** Every catalogued service by short name (see catalog-data.ts for sources). */
export const serviceCatalog: Record<string, ServiceCatalogEntry> = Object.fromEntries(catalogRows.map((row) => [row.name, entryOf(row)]));

export function catalogEntry(name: string): ServiceCatalogEntry | undefined {
    return Object.prototype.hasOwnProperty.call(serviceCatalog, name) ? serviceCatalog[name] : undefined;
}

/** Services that can get a central interface endpoint (everything but the global ones). */
export function centralizableServices(): string[] {
    return catalogRows.filter((r) => !r.notCentralizable).map((r) => r.name);
}
