/**
 * List prices the cost report uses, per Region: the sourced sheet is aws/price-sheet.json
 * (every value with its source and date, or why it is missing), and `pricesFor` turns
 * it into the table one Region's report is priced with.
 *
 * - A Region the sheet does not have, or an item its sheet lacks, takes us-east-1's
 *   price; the table lists each such fallback so the report can say so.
 * - Route 53 hosted zones and Profiles are priced once for every Region (Route 53 is a
 *   global service): https://aws.amazon.com/route53/pricing/
 * - `npm run prices -- --update` refreshes the sheet from the AWS Price List bulk files
 *   (tools/prices.ts); `npm run prices` prints it.
 */
import sheetJson from "./price-sheet.json";

/** Prices that differ by Region. */
export const regionalPriceItems = [
    "interfaceEndpointAzHour",
    "interfaceEndpointGb",
    "transitGatewayAttachmentHour",
    "transitGatewayGb",
    "resolverEniHour",
    "natGatewayHour",
    "natGatewayGb",
    "vpnConnectionHour",
    "networkLoadBalancerHour",
    "networkLoadBalancerNlcuHour",
] as const;
export type RegionalPriceItem = (typeof regionalPriceItems)[number];

/** Prices that are the same in every Region. */
export const globalPriceItems = ["profileAccountHour", "profileExtraAssociationHour", "hostedZoneMonthFirst", "hostedZoneMonthAfter"] as const;
export type GlobalPriceItem = (typeof globalPriceItems)[number];

/** What each item is, in the unit of its price. */
export const priceItemDescriptions: Record<RegionalPriceItem | GlobalPriceItem, string> = {
    interfaceEndpointAzHour: "interface endpoint, per endpoint per AZ per hour",
    interfaceEndpointGb: "interface endpoint data processed, per GB (first PB a month)",
    transitGatewayAttachmentHour: "transit gateway attachment (VPC, VPN, Direct Connect gateway, peering), per hour",
    transitGatewayGb: "transit gateway data processed, per GB",
    resolverEniHour: "Route 53 Resolver endpoint, per ENI (IP address) per hour",
    natGatewayHour: "NAT gateway, per hour",
    natGatewayGb: "NAT gateway data processed, per GB",
    vpnConnectionHour: "Site-to-Site VPN connection, per hour",
    networkLoadBalancerHour: "Network Load Balancer (an endpoint service's), per hour",
    networkLoadBalancerNlcuHour: "Network Load Balancer capacity unit (NLCU), per hour",
    profileAccountHour: "Route 53 Profile, per hour per account with Profile-VPC associations (the first 100 included)",
    profileExtraAssociationHour: "Route 53 Profile, per association-hour beyond the included ones",
    hostedZoneMonthFirst: "private hosted zone, per zone-month, first 25",
    hostedZoneMonthAfter: "private hosted zone, per zone-month, beyond 25",
};

export interface SourcedPrice {
    usd: number;
    /** Where the value was read: an AWS page, or a Price List offer file's URL. */
    source: string;
    /** When (YYYY-MM or the offer's publication date). */
    date: string;
    /** Quoted by a third party from the AWS Price List, not read from AWS here. */
    secondary?: boolean;
    /** How the value was taken from its source, when that is worth knowing. */
    note?: string;
}
export interface MissingPrice {
    /** Why there is no value. */
    missing: string;
}
export type SheetEntry = SourcedPrice | MissingPrice;

export interface PriceSheet {
    about: string;
    hoursPerMonth: { value: number; source: string };
    profileIncludedAssociations: { value: number; source: string };
    hostedZoneFirstTier: { value: number; source: string };
    global: Record<GlobalPriceItem, SourcedPrice>;
    regions: Record<string, Record<RegionalPriceItem, SheetEntry>>;
}

export const priceSheet = sheetJson as PriceSheet;

/** The Region whose prices fill the gaps of the others. */
export const FALLBACK_REGION = "us-east-1";

export const isPrice = (e: SheetEntry | undefined): e is SourcedPrice => e !== undefined && "usd" in e;

/** The prices one report uses: a Region's, with us-east-1's where it has none. */
export interface PriceTable {
    version: string;
    /** Where the numbers come from and when they were read. */
    source: string;
    date: string;
    region: string;
    /** Hours in a billing month, as AWS's calculator counts them. */
    hoursPerMonth: number;
    /** Interface endpoint, per endpoint per AZ per hour. */
    interfaceEndpointAzHour: number;
    /** Transit gateway attachment (VPC, VPN, Direct Connect gateway, peering), per attachment-hour. */
    transitGatewayAttachmentHour: number;
    /** Route 53 Resolver endpoint, per ENI (IP address) per hour. */
    resolverEniHour: number;
    /** Route 53 Profile, per hour per account with Profile-VPC associations, covering the first `profileIncludedAssociations`. */
    profileAccountHour: number;
    profileIncludedAssociations: number;
    /** Route 53 Profile, per association-hour beyond the included ones (per account). */
    profileExtraAssociationHour: number;
    /** Private hosted zone, per zone-month for the first `hostedZoneFirstTier` zones, then the second price. */
    hostedZoneMonthFirst: number;
    hostedZoneFirstTier: number;
    hostedZoneMonthAfter: number;
    /** NAT gateway, per hour. */
    natGatewayHour: number;
    /** Site-to-Site VPN connection, per hour (a VPN on a transit gateway is also a TGW attachment). */
    vpnConnectionHour: number;
    /** Network Load Balancer, per hour (each endpoint service has one). */
    networkLoadBalancerHour: number;
    /** Traffic-dependent charges the report leaves out of its total (per GB; NLB capacity units per NLCU-hour). */
    perGb: { interfaceEndpoint: number; transitGateway: number; natGateway: number };
    perNlcuHour: number;
    /** Items priced with another Region's price, and why. */
    fallbacks: { item: RegionalPriceItem; from: string; why: string }[];
    /** Items whose price was quoted by a third party (sheet entries marked `secondary`). */
    secondary: RegionalPriceItem[];
}

/** The price table for `region`, from a sheet (default aws/price-sheet.json). */
export function pricesFor(region: string, sheet: PriceSheet = priceSheet): PriceTable {
    const own = sheet.regions[region];
    const base = sheet.regions[FALLBACK_REGION];
    const fallbacks: PriceTable["fallbacks"] = [];
    const secondary: RegionalPriceItem[] = [];
    const dates: string[] = [];
    const value = (item: RegionalPriceItem): number => {
        const entry = own?.[item];
        if (isPrice(entry)) {
            if (entry.secondary) secondary.push(item);
            dates.push(entry.date);
            return entry.usd;
        }
        const fallback = base?.[item];
        if (!isPrice(fallback)) throw new Error(`aws/price-sheet.json: ${FALLBACK_REGION} has no ${item} price, so nothing can stand in for it`);
        fallbacks.push({ item, from: FALLBACK_REGION, why: own ? (entry as MissingPrice | undefined)?.missing ?? "not in the sheet" : `no price sheet for ${region}` });
        if (fallback.secondary) secondary.push(item);
        return fallback.usd;
    };
    const table: PriceTable = {
        version: `${region} (aws/price-sheet.json)`,
        source: own ? `AWS list prices for ${region} (aws/price-sheet.json: per-item sources)` : `AWS list prices for ${FALLBACK_REGION}`,
        date: "",
        region,
        hoursPerMonth: sheet.hoursPerMonth.value,
        interfaceEndpointAzHour: value("interfaceEndpointAzHour"),
        transitGatewayAttachmentHour: value("transitGatewayAttachmentHour"),
        resolverEniHour: value("resolverEniHour"),
        profileAccountHour: sheet.global.profileAccountHour.usd,
        profileIncludedAssociations: sheet.profileIncludedAssociations.value,
        profileExtraAssociationHour: sheet.global.profileExtraAssociationHour.usd,
        hostedZoneMonthFirst: sheet.global.hostedZoneMonthFirst.usd,
        hostedZoneFirstTier: sheet.hostedZoneFirstTier.value,
        hostedZoneMonthAfter: sheet.global.hostedZoneMonthAfter.usd,
        natGatewayHour: value("natGatewayHour"),
        vpnConnectionHour: value("vpnConnectionHour"),
        networkLoadBalancerHour: value("networkLoadBalancerHour"),
        perGb: { interfaceEndpoint: value("interfaceEndpointGb"), transitGateway: value("transitGatewayGb"), natGateway: value("natGatewayGb") },
        perNlcuHour: value("networkLoadBalancerNlcuHour"),
        fallbacks,
        secondary,
    };
    table.date = dates.sort().at(-1) ?? [...Object.values(sheet.global)].map((g) => g.date).sort().at(-1) ?? "";
    return table;
}

/** us-east-1's table (the default of callers that price without a Region). */
export const prices: PriceTable = pricesFor(FALLBACK_REGION);

/**
 * Transit gateway peering as billed (https://aws.amazon.com/transit-gateway/pricing/):
 * a peering attachment is a transit gateway attachment, charged per attachment-hour.
 * Each side's transit gateway owner is charged for its side (the pessimistic reading, and
 * what public cost write-ups quoting the page report: "both regions charged"), so the
 * cost report prices the requester's side in the requester's Region and the accepter's
 * side in the accepter's Region, each at its Region's `transitGatewayAttachmentHour`.
 * Data sent over the peering to another Region is billed as inter-Region data transfer
 * by the sending Region, per GB: traffic-dependent, so named in the notes and never in a
 * total.
 */
export const transitGatewayPeeringPricing = {
    attachmentHourPerSide: {
        fact: "Transit gateway attachments (a peering attachment is one) are charged per attachment-hour; each peered transit gateway's side is priced in its own Region (pessimistic: both sides charged).",
        url: "https://aws.amazon.com/transit-gateway/pricing/",
    },
    interRegionTransfer: {
        fact: "Data sent over an inter-Region peering is charged as inter-Region data transfer per GB by the sending Region; it depends on traffic, so the report does not price it.",
        url: "https://aws.amazon.com/transit-gateway/pricing/",
    },
} as const;
