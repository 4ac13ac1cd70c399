/**
 * The catalog of AWS services that offer interface VPC endpoints, with each service's
 * quirks. Validation rejects services that are not here (or cannot be centralized);
 * components, the perimeter library and the cost model read it.
 */

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
    /** Set for services that cannot be centralized in a regional hub (global services). */
    notCentralizable?: string;
    /**
     * S3/DynamoDB: the central interface endpoint answers only on-premises clients
     * (`privateDnsOnlyForInboundResolverEndpoint`), VPCs keep their gateway endpoints.
     */
    privateDnsOnlyForInboundResolverEndpoint?: boolean;
}

// (The definition helper fills in the catalog and the lookups.)
export const serviceCatalog: Record<string, ServiceCatalogEntry> = {};

export function catalogEntry(name: string): ServiceCatalogEntry | undefined {
    return serviceCatalog[name];
}
