/**
 * Closed sets of the definition, as editors see them: the JSON Schema lists the values
 * with a description each (`enum` + `enumDescriptions` / `markdownEnumDescriptions`,
 * which the YAML language server shows in completion and hover:
 * redhat-developer/yaml-language-server, src/languageservice/services/yamlCompletion.ts
 * `addEnumValueCompletions` and yamlHover.ts). The values come from aws/ (the service
 * catalog, the Regions), so the catalog stays the one source of service names.
 */
import { regions } from "../aws/regions";
import { ServiceCatalogEntry, catalogRows, centralizableServices, serviceCatalog } from "../aws/service-catalog";

/** JSON Schema keywords that enumerate values with descriptions. */
export interface Enumeration {
    enum: string[];
    enumDescriptions: string[];
    markdownEnumDescriptions: string[];
    [keyword: string]: unknown;
}

/** Values and their descriptions as the three keywords editors read. */
export function enumeration(values: Record<string, string>): Enumeration {
    const names = Object.keys(values);
    return {
        enum: names,
        enumDescriptions: names.map((n) => values[n].replace(/\*\*|`/g, "")),
        markdownEnumDescriptions: names.map((n) => values[n]),
    };
}

/** A service's private DNS names in a Region (`*.zone` for a wildcard record). */
export function privateDnsNames(entry: ServiceCatalogEntry, region: string): string[] {
    return entry.dnsZones(region).flatMap((z) => z.records.map((r) => (r === "" ? z.zone : `${r}.${z.zone}`)));
}

/** What a service's endpoint takes as its policy, in words. */
export function policyWords(entry: ServiceCatalogEntry): string {
    if (entry.policy === "restricted") return "perimeter policy";
    if (entry.policy === "full-access-only") return "full access only";
    return "no endpoint policy";
}

/** One line about a catalog service, for editors: what it is, its endpoint service, its DNS names. */
export function serviceSummary(entry: ServiceCatalogEntry): string {
    const parts = [
        `**${entry.title}**`,
        `\`${entry.serviceName("<region>")}\``,
        privateDnsNames(entry, "<region>").length ? `DNS ${privateDnsNames(entry, "<region>").map((n) => `\`${n}\``).join(", ")}` : "DNS: Route 53 Profile only",
        policyWords(entry),
    ];
    if (entry.onlyIn) parts.push(`${entry.onlyIn.regions.join(", ")} only`);
    if (entry.gatewayEndpoint) parts.push("VPCs use the free gateway endpoint; the interface endpoint serves on-premises");
    if (entry.hostedZonesUnsupported) parts.push("not with dns.sharing hosted-zones");
    return parts.join(" · ");
}

/** The service names `network.endpoints.services` accepts: every catalog service some hub can host. */
export function serviceNameEnumeration(): Enumeration {
    return enumeration(Object.fromEntries(centralizableServices().map((name) => [name, serviceSummary(serviceCatalog[name])])));
}

/** Gateway endpoint services, for `spokes[].gatewayEndpoints`. */
export function gatewayEndpointEnumeration(): Enumeration {
    return enumeration(
        Object.fromEntries(catalogRows.filter((r) => serviceCatalog[r.name].gatewayEndpoint).map((r) => [r.name, `**${r.title}** gateway endpoint: free, on every route table of the VPC`])),
    );
}

/** Shape of a Region code (China Regions excluded: see aws/partitions.ts). */
export const regionPattern = "^(?!cn-)[a-z]{2}(-gov)?-[a-z]+-\\d$";

/**
 * `region`: the Regions AWS lists, offered with their names, or any other well-formed
 * code (a Region opened after aws/regions.ts was written; validation warns about it).
 */
export function regionEnumeration(): { anyOf: object[]; [keyword: string]: unknown } {
    return {
        anyOf: [
            enumeration(Object.fromEntries(Object.entries(regions).map(([code, name]) => [code, name]))),
            { type: "string", pattern: regionPattern, description: "A Region code not in this project's list (aws/regions.ts)." },
        ],
    };
}
