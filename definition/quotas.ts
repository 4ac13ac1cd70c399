/**
 * AWS quotas the definition is checked against, with where each number comes from
 * (default values; see ../shared/reference/facts.md, collected November 2026).
 */
export interface Quota {
    value: number;
    /** Name of the quota and the page that documents it, quoted in messages. */
    source: string;
    adjustable: boolean;
}

export const quotas = {
    interfaceEndpointsPerVpc: {
        value: 50,
        source: "Amazon VPC quotas: interface VPC endpoints per VPC",
        adjustable: true,
    },
    vpcsPerProfile: {
        value: 1000,
        source: "Route 53 Profiles quotas: VPC associations per Profile",
        adjustable: true,
    },
    vpcsPerPrivateHostedZone: {
        value: 300,
        source: "Route 53 quotas: VPCs associated with one private hosted zone",
        adjustable: false,
    },
    tgwAttachments: {
        value: 5000,
        source: "Transit Gateway quotas: attachments per transit gateway",
        adjustable: false,
    },
    tgwRouteTables: {
        value: 20,
        source: "Transit Gateway quotas: route tables per transit gateway",
        adjustable: true,
    },
    tgwRoutes: {
        value: 10000,
        source: "Transit Gateway quotas: routes per transit gateway (all route tables together)",
        adjustable: true,
    },
} satisfies Record<string, Quota>;

/**
 * "(quota 50: Amazon VPC quotas: interface VPC endpoints per VPC; adjustable: once Service
 * Quotas raises it, set quotas.interfaceEndpointsPerVpc)".
 */
export function quotaNote(quota: Quota, key?: string): string {
    const how = !quota.adjustable ? "not adjustable" : key ? `adjustable: once Service Quotas raises it, set quotas.${key}` : "adjustable through Service Quotas";
    return `(quota ${quota.value.toLocaleString("en-US")}: ${quota.source}; ${how})`;
}
