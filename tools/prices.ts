/**
 * `npm run prices` prints the price sheet (aws/price-sheet.json): every Region's price of
 * every item the cost report uses, with where it came from.
 *
 * `npm run prices -- --update` refreshes the sheet from the AWS Price List bulk files, on
 * a machine that can reach them (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-the-aws-price-list-bulk-api.html):
 * for each service (AmazonVPC, AmazonEC2 for NAT gateways, AmazonRoute53 for Resolver
 * endpoints, AWSELB for the endpoint services' Network Load Balancers) it reads `/offers/v1.0/aws/<service>/current/region_index.json`, follows each
 * Region's `currentVersionUrl`, and streams that offer file in its CSV form (same path,
 * `.csv`: five metadata rows, then the column names, then one row per SKU and price;
 * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html),
 * so even the EC2 file (hundreds of MB per Region) is read row by row. A value is written
 * only when exactly one On-Demand USD price matches the item's usage type; anything else
 * is reported and the sheet keeps what it had. Each written value's source is the offer
 * file's URL, its date the file's publication date.
 *
 * Options: `--from <url or folder>` (default https://pricing.us-east-1.amazonaws.com; a
 * folder laid out like the site, e.g. a recorded excerpt), `--regions a,b` (default every
 * Region in the sheet), `--sheet <file>` (default aws/price-sheet.json).
 * Exit codes: 0 done (the sheet rewritten when something changed), 1 the Price List could
 * not be read (the sheet is unchanged), 2 bad arguments.
 */
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { Readable } from "stream";
import { FALLBACK_REGION, PriceSheet, RegionalPriceItem, SheetEntry, SourcedPrice, isPrice, priceItemDescriptions, regionalPriceItems } from "../aws/prices";
import { CliIo, parseCommandLine } from "./cli";

export const DEFAULT_PRICE_LIST = "https://pricing.us-east-1.amazonaws.com";
const defaultSheet = path.resolve(__dirname, "..", "aws", "price-sheet.json");

/** How an item is found in an offer file: the service, and its usage type (Region prefix aside). */
export interface PriceRule {
    item: RegionalPriceItem;
    service: "AmazonVPC" | "AmazonEC2" | "AmazonRoute53" | "AWSELB";
    /** Matched against the `usageType` column, e.g. `EU-VpcEndpoint-Hours` (us-east-1 has no prefix). */
    usageType: RegExp;
    /** Tiered prices (per GB): take the tier that starts at 0. */
    firstTier?: boolean;
    /** The `productFamily` column must equal this (ALB and NLB share their usage types). */
    productFamily?: string;
}

/**
 * Where each item is priced. Usage types as AWS bills them (`<Region prefix>-<type>`):
 * interface endpoints, transit gateway and Site-to-Site VPN in AmazonVPC, NAT gateways in
 * AmazonEC2 (product family "NAT Gateway"), Resolver endpoint ENIs in AmazonRoute53.
 * The VPN rule excludes the `VPN-large-...` variant. Network Load Balancers (the endpoint
 * services') in AWSELB, product family "Load Balancer-Network": Application Load Balancers
 * bill the same usage types (`LoadBalancerUsage`, `LCUUsage`) under "Load Balancer-Application".
 */
export const priceRules: PriceRule[] = [
    { item: "interfaceEndpointAzHour", service: "AmazonVPC", usageType: /^([A-Z0-9]+-)?VpcEndpoint-Hours$/ },
    { item: "interfaceEndpointGb", service: "AmazonVPC", usageType: /^([A-Z0-9]+-)?VpcEndpoint-Bytes$/, firstTier: true },
    { item: "transitGatewayAttachmentHour", service: "AmazonVPC", usageType: /^([A-Z0-9]+-)?TransitGateway-Hours$/ },
    { item: "transitGatewayGb", service: "AmazonVPC", usageType: /^([A-Z0-9]+-)?TransitGateway-Bytes$/ },
    { item: "vpnConnectionHour", service: "AmazonVPC", usageType: /^([A-Z0-9]+-)?VPN-Usage-Hours:ipsec\.1$/ },
    { item: "natGatewayHour", service: "AmazonEC2", usageType: /^([A-Z0-9]+-)?NatGateway-Hours$/ },
    { item: "natGatewayGb", service: "AmazonEC2", usageType: /^([A-Z0-9]+-)?NatGateway-Bytes$/ },
    { item: "resolverEniHour", service: "AmazonRoute53", usageType: /^([A-Z0-9]+-)?ResolverNetworkInterface$/ },
    { item: "networkLoadBalancerHour", service: "AWSELB", usageType: /^([A-Z0-9]+-)?LoadBalancerUsage$/, productFamily: "Load Balancer-Network" },
    { item: "networkLoadBalancerNlcuHour", service: "AWSELB", usageType: /^([A-Z0-9]+-)?LCUUsage$/, productFamily: "Load Balancer-Network" },
];

/** Reads a URL or a file under a local folder laid out like the Price List site. */
export type Fetcher = (urlPath: string) => Promise<Readable>;

export function fetcherFor(from: string): { fetch: Fetcher; describe(urlPath: string): string } {
    if (/^https?:\/\//.test(from)) {
        const base = from.replace(/\/$/, "");
        return {
            describe: (p) => `${base}${p}`,
            fetch: async (p) => {
                const response = await fetch(`${base}${p}`);
                if (!response.ok || !response.body) throw new Error(`${base}${p}: HTTP ${response.status}`);
                return Readable.fromWeb(response.body as import("stream/web").ReadableStream);
            },
        };
    }
    const root = path.resolve(from);
    return {
        describe: (p) => path.join(root, p),
        fetch: async (p) => {
            const file = path.join(root, p);
            if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
            return fs.createReadStream(file);
        },
    };
}

async function readAll(stream: Readable): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8");
}

/** One CSV line's fields (RFC 4180 quoting; the Price List files put each row on one line). */
export function csvFields(line: string): string[] {
    const fields: string[] = [];
    let i = 0;
    while (i <= line.length) {
        if (line[i] === '"') {
            let value = "";
            i++;
            while (i < line.length) {
                if (line[i] === '"' && line[i + 1] === '"') {
                    value += '"';
                    i += 2;
                } else if (line[i] === '"') {
                    i++;
                    break;
                } else value += line[i++];
            }
            fields.push(value);
            i++; // the comma
        } else {
            const end = line.indexOf(",", i);
            fields.push(line.slice(i, end < 0 ? line.length : end));
            i = end < 0 ? line.length + 1 : end + 1;
        }
    }
    return fields;
}

/** Column names compared without case or spaces ("Product Family" = "productFamily"). */
const norm = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

interface OfferMatch {
    usd: number;
    usageType: string;
    startingRange: string;
}

/**
 * Streams one offer file (CSV) and returns, for each rule, the On-Demand USD prices whose
 * usage type matches, and the file's publication date.
 */
export async function scanOfferCsv(stream: Readable, rules: PriceRule[]): Promise<{ publicationDate: string; matches: Map<RegionalPriceItem, OfferMatch[]> }> {
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    const matches = new Map<RegionalPriceItem, OfferMatch[]>(rules.map((r) => [r.item, []]));
    let publicationDate = "";
    let header: Map<string, number> | undefined;
    let row = 0;
    // Cheap prefilter: only rows that mention one of the usage types are parsed.
    const needles = ["VpcEndpoint-", "TransitGateway-", "VPN-Usage-Hours", "NatGateway-", "ResolverNetworkInterface", "LoadBalancerUsage", "LCUUsage"];
    for await (const line of lines) {
        row++;
        if (row <= 5) {
            const [key, value] = csvFields(line);
            if (norm(key ?? "") === "publicationdate") publicationDate = value ?? "";
            continue;
        }
        if (!header) {
            header = new Map(csvFields(line).map((name, i) => [norm(name), i]));
            for (const column of ["termtype", "priceperunit", "currency", "usagetype"]) {
                if (!header.has(column)) throw new Error(`not a Price List offer file: no ${column} column in its sixth row`);
            }
            continue;
        }
        if (!needles.some((n) => line.includes(n))) continue;
        const f = csvFields(line);
        const at = (column: string) => f[header!.get(column) ?? -1] ?? "";
        if (at("termtype") !== "OnDemand" || at("currency") !== "USD") continue;
        for (const rule of rules) {
            if (!rule.usageType.test(at("usagetype"))) continue;
            if (rule.productFamily !== undefined && at("productfamily") !== rule.productFamily) continue;
            matches.get(rule.item)!.push({ usd: Number(at("priceperunit")), usageType: at("usagetype"), startingRange: at("startingrange") });
        }
    }
    if (!header) throw new Error("not a Price List offer file: fewer than six rows");
    return { publicationDate, matches };
}

/** The one price a rule's matches give, or why there is none. */
export function pickPrice(rule: PriceRule, matches: OfferMatch[]): number | string {
    const candidates = rule.firstTier ? matches.filter((m) => m.startingRange === "" || Number(m.startingRange) === 0) : matches;
    const distinct = [...new Set(candidates.map((m) => m.usd))];
    if (distinct.length === 1 && Number.isFinite(distinct[0]) && distinct[0] > 0) return distinct[0];
    if (distinct.length === 0) return `no On-Demand USD price with a usage type like ${rule.usageType.source}`;
    return `${distinct.length} different prices for ${[...new Set(candidates.map((m) => m.usageType))].join(", ")} (${distinct.join(", ")}): not guessing`;
}

export interface UpdateReport {
    changed: { region: string; item: RegionalPriceItem; from: SheetEntry | undefined; to: SourcedPrice }[];
    kept: { region: string; item: RegionalPriceItem; why: string }[];
}

/** Reads the Price List for `regions` and returns the updated sheet (the input is not changed). */
export async function updateSheet(sheet: PriceSheet, regions: string[], from: string): Promise<{ sheet: PriceSheet; report: UpdateReport }> {
    const { fetch, describe } = fetcherFor(from);
    const next: PriceSheet = structuredClone(sheet);
    const report: UpdateReport = { changed: [], kept: [] };
    const services = [...new Set(priceRules.map((r) => r.service))];
    for (const service of services) {
        const indexPath = `/offers/v1.0/aws/${service}/current/region_index.json`;
        const index = JSON.parse(await readAll(await fetch(indexPath))) as { regions?: Record<string, { regionCode?: string; currentVersionUrl?: string }> };
        const rules = priceRules.filter((r) => r.service === service);
        for (const region of regions) {
            const entry = index.regions?.[region];
            if (!entry?.currentVersionUrl) {
                for (const rule of rules) report.kept.push({ region, item: rule.item, why: `${service} has no offer file for ${region} in ${describe(indexPath)}` });
                continue;
            }
            const csvPath = entry.currentVersionUrl.replace(/\.json$/, ".csv");
            const { publicationDate, matches } = await scanOfferCsv(await fetch(csvPath), rules);
            for (const rule of rules) {
                const price = pickPrice(rule, matches.get(rule.item)!);
                if (typeof price === "string") {
                    report.kept.push({ region, item: rule.item, why: `${describe(csvPath)}: ${price}` });
                    continue;
                }
                const to: SourcedPrice = { usd: price, source: `AWS Price List ${describe(csvPath)}`, date: publicationDate.slice(0, 10) || "unknown" };
                next.regions[region] ??= Object.fromEntries(regionalPriceItems.map((i) => [i, { missing: "not read yet" }])) as PriceSheet["regions"][string];
                const before = next.regions[region][rule.item];
                if (!isPrice(before) || before.usd !== to.usd || before.source !== to.source || before.date !== to.date) report.changed.push({ region, item: rule.item, from: before, to });
                next.regions[region][rule.item] = to;
            }
        }
    }
    return { sheet: next, report };
}

/** The sheet as a table for people: one row per Region, one column per item. */
export function renderSheet(sheet: PriceSheet): string[] {
    const out = ["Price sheet (aws/price-sheet.json): USD; * quoted by a third party; - not found (us-east-1's price is used)", ""];
    const header = ["region", ...regionalPriceItems];
    const rows = Object.entries(sheet.regions).map(([region, items]) => [
        region,
        ...regionalPriceItems.map((item) => {
            const e = items[item];
            return isPrice(e) ? `${e.usd}${e.secondary ? "*" : ""}` : "-";
        }),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [header, ...rows]) out.push(r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
    out.push("", "Items:");
    for (const item of regionalPriceItems) out.push(`  ${item}: ${priceItemDescriptions[item]}`);
    out.push("", `Same in every Region: ${Object.entries(sheet.global).map(([k, v]) => `${k} ${v.usd} (${v.source}, ${v.date})`).join("; ")}`);
    out.push("", "Sources:");
    for (const [region, items] of Object.entries(sheet.regions)) {
        for (const item of regionalPriceItems) {
            const e = items[item];
            out.push(`  ${region} ${item}: ${isPrice(e) ? `${e.source}, ${e.date}` : `missing: ${e.missing}`}`);
        }
    }
    return out;
}

const usage = "usage: npm run prices [-- --update [--from <url|folder>] [--regions a,b] [--sheet <file>]]";

/** The Regions of `--regions a,b`. */
const regionList = (regions: string | undefined): string[] => (regions ?? "").split(",").map((r) => r.trim()).filter(Boolean);

export async function main(argv: string[], io: CliIo = { out: console.log, err: console.error }): Promise<number> {
    const args = parseCommandLine(
        argv,
        {
            usage,
            options: { update: { type: "boolean" }, from: { type: "string" }, regions: { type: "string" }, sheet: { type: "string" } },
            problems: (v) => {
                const bad = regionList(v.regions).filter((r) => !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r));
                return bad.length > 0 ? [`--regions: ${bad.join(", ")} ${bad.length === 1 ? "is not a Region code" : "are not Region codes"} such as eu-west-1`] : [];
            },
        },
        io,
    );
    if ("exitCode" in args) return args.exitCode;
    const values = args.values;
    const sheetFile = path.resolve(values.sheet ?? defaultSheet);
    let sheet: PriceSheet;
    try {
        sheet = JSON.parse(fs.readFileSync(sheetFile, "utf8")) as PriceSheet;
        if (!sheet.regions?.[FALLBACK_REGION]) throw new Error(`has no ${FALLBACK_REGION} prices`);
    } catch (e) {
        io.err(`${sheetFile}: not a price sheet: ${(e as Error).message}`);
        return 2;
    }
    if (!values.update) {
        for (const line of renderSheet(sheet)) io.out(line);
        return 0;
    }
    const regions = values.regions ? regionList(values.regions) : Object.keys(sheet.regions);
    const from = values.from ?? DEFAULT_PRICE_LIST;
    let result: Awaited<ReturnType<typeof updateSheet>>;
    try {
        result = await updateSheet(sheet, regions, from);
    } catch (e) {
        const cause = (e as { cause?: { message?: string } }).cause?.message;
        io.err(`cannot read the AWS Price List at ${from}: ${(e as Error).message}${cause ? ` (${cause})` : ""}; ${path.relative(process.cwd(), sheetFile)} is unchanged`);
        return 1;
    }
    for (const c of result.report.changed) io.out(`${c.region} ${c.item}: ${isPrice(c.from) ? c.from.usd : "missing"} -> ${c.to.usd} (${c.to.source}, ${c.to.date})`);
    for (const k of result.report.kept) io.out(`${k.region} ${k.item}: kept (${k.why})`);
    if (result.report.changed.length > 0) {
        fs.writeFileSync(sheetFile, `${JSON.stringify(result.sheet, null, 2)}\n`);
        io.out(`wrote ${path.relative(process.cwd(), sheetFile)}: ${result.report.changed.length} price(s) changed`);
    } else io.out("no price changed");
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (e) => {
            console.error(`prices: ${(e as Error).message}`);
            process.exitCode = 2;
        },
    );
}
