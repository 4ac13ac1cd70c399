/**
 * Synthetic, valid definitions of any size for the benchmark: N spokes in two route
 * domains (prod, nonprod), one workload account per spoke, S centralized interface
 * endpoint services from the catalog, an organization with two OUs. Deterministic: the
 * same N and S always give the same definition.
 */
import { IPv4CidrRange } from "ip-num";
import { centralizableServices, catalogEntry } from "../../aws/service-catalog";
import { DefinitionInput } from "../../definition/schema";

export interface SyntheticOptions {
    spokes: number;
    services: number;
    /** @default "bench" */
    environment?: string;
    /**
     * Regions with a hub (the home Region first, from `SYNTHETIC_REGIONS`); the spokes are
     * spread over them round-robin, both domains in every Region.
     * @default 1
     */
    regions?: number;
}

/** The largest spoke count the address plan holds: 512 /20 spokes per domain summary (/11). */
export const MAX_SPOKES = 1024;

/** Each domain's summary block: prod in 10.64.0.0/11, nonprod in 10.96.0.0/11 (disjoint, away from the hub). */
const domainBlocks = { prod: "10.64.0.0/11", nonprod: "10.96.0.0/11" } as const;

/**
 * The services to centralize: regional services that take a custom endpoint policy and
 * answer VPC clients (S3/DynamoDB interface endpoints serve on-premises only), in
 * catalog order.
 */
export function syntheticServices(count: number): string[] {
    const usable = centralizableServices().filter((name) => {
        const entry = catalogEntry(name);
        return entry !== undefined && entry.policy === "restricted" && !entry.privateDnsOnlyForInboundResolverEndpoint && !entry.onlyIn;
    });
    if (count > usable.length) throw new Error(`the catalog has ${usable.length} services usable for a synthetic definition; asked for ${count}`);
    return usable.slice(0, count);
}

/** Spoke `i`'s domain: even spokes in prod, odd in nonprod. */
export const spokeDomain = (i: number): keyof typeof domainBlocks => (i % 2 === 0 ? "prod" : "nonprod");

/** Spoke `i`'s CIDR: the next /20 of its domain's summary block. */
export function spokeCidr(i: number): string {
    const block = IPv4CidrRange.fromCidr(domainBlocks[spokeDomain(i)]);
    const first = block.getFirst().getValue() + BigInt(Math.floor(i / 2)) * 4096n;
    const a = Number((first >> 24n) & 255n);
    const b = Number((first >> 16n) & 255n);
    const c = Number((first >> 8n) & 255n);
    return `${a}.${b}.${c}.0/20`;
}

/** Spokes that share one workload account. */
export const SPOKES_PER_ACCOUNT = 10;

/** A 12-digit account id for workload account `i` (distinct from the fixed ones). */
const accountId = (i: number): string => String(300000000000 + i);

/** The definition, as the YAML a user would write (defaults left out). */
export function syntheticDefinition(options: SyntheticOptions): DefinitionInput {
    if ((options.regions ?? 1) !== 1) return syntheticMultiRegion(options);
    const { spokes, services } = options;
    if (!Number.isInteger(spokes) || spokes < 1 || spokes > MAX_SPOKES) throw new Error(`--spokes must be a whole number from 1 to ${MAX_SPOKES}`);
    if (!Number.isInteger(services) || services < 0) throw new Error("--services must be a whole number, 0 or more");
    const environment = options.environment ?? "bench";
    const accounts: Record<string, string> = { management: "100000000001", network: "100000000002" };
    const spokeList: NonNullable<DefinitionInput["spokes"]> = [];
    for (let i = 0; i < spokes; i++) {
        const name = `spoke-${String(i).padStart(4, "0")}`;
        const account = `acct-${String(Math.floor(i / SPOKES_PER_ACCOUNT)).padStart(3, "0")}`;
        accounts[account] = accountId(Math.floor(i / SPOKES_PER_ACCOUNT));
        spokeList.push({
            name,
            account,
            cidr: spokeCidr(i),
            // Domain summaries keep blackhole routes to one per domain.
            domain: spokeDomain(i),
            internet: "none",
            gatewayEndpoints: ["s3", "dynamodb"],
        });
    }
    return {
        environment,
        region: "us-east-1",
        organization: { id: "o-bench00001", units: { workloads: "ou-bnch-workload1" } },
        accounts,
        network: {
            account: "network",
            transitGateway: {
                asn: 64512,
                domains: {
                    shared: { reaches: ["prod", "nonprod"] },
                    prod: { reaches: ["shared"], cidrs: [domainBlocks.prod] },
                    nonprod: { reaches: ["shared", "nonprod"], cidrs: [domainBlocks.nonprod] },
                },
            },
            hub: { cidr: "10.0.0.0/20", availabilityZones: 2 },
            endpoints: { mode: "centralized", services: syntheticServices(services) },
            dns: { sharing: "profile" },
        },
        spokes: spokeList,
        perimeter: { corporateCidrs: ["203.0.113.0/24"] },
        // 1,000 spokes + the hub exceed the default 1,000 VPCs per Profile: a large organization raises it.
        ...(spokes + 1 > 1000 ? { quotas: { vpcsPerProfile: 2000 } } : {}),
    };
}

// ---- more than one Region (`--regions N`) ----------------------------------------------

/** The Regions of a synthetic environment, home first (each with its own list prices in aws/price-sheet.json). */
export const SYNTHETIC_REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1", "us-west-2"];

/**
 * Spoke `i`'s Region and CIDR in an environment of `regions` Regions: pairs of spokes
 * (one prod, one nonprod) go round-robin over the Regions; each domain has a /12 summary
 * per Region (Region k, domain d: 10.(64 + 32k + 16d).0.0/12, 256 /20 spokes), so every
 * spoke sits in its own Region's summary and no two Regions' summaries overlap.
 */
export function multiRegionSpoke(i: number, regions: number): { region: number; cidr: string; summary: string } {
    const region = Math.floor(i / 2) % regions;
    const d = i % 2;
    const index = Math.floor(i / (2 * regions));
    const second = 64 + 32 * region + 16 * d;
    const offset = index * 16; // one /20 spans 16 values of the third octet
    return { region, cidr: `10.${second + Math.floor(offset / 256)}.${offset % 256}.0/20`, summary: `10.${second}.0.0/12` };
}

function syntheticMultiRegion(options: SyntheticOptions): DefinitionInput {
    const regions = options.regions ?? 1;
    if (!Number.isInteger(regions) || regions < 1 || regions > SYNTHETIC_REGIONS.length) throw new Error(`--regions must be a whole number from 1 to ${SYNTHETIC_REGIONS.length}`);
    const perDomainRegion = 256;
    const max = Math.min(MAX_SPOKES, perDomainRegion * 2 * regions);
    const { spokes, services } = options;
    if (!Number.isInteger(spokes) || spokes < 1 || spokes > max) throw new Error(`--spokes must be a whole number from 1 to ${max} with ${regions} Regions`);
    const base = syntheticDefinition({ ...options, regions: 1, spokes: 1 });
    const spokeList: NonNullable<DefinitionInput["spokes"]> = [];
    const accounts: Record<string, string> = { ...base.accounts };
    for (const key of Object.keys(accounts)) if (key.startsWith("acct-")) delete accounts[key];
    for (let i = 0; i < spokes; i++) {
        const name = `spoke-${String(i).padStart(4, "0")}`;
        const account = `acct-${String(Math.floor(i / SPOKES_PER_ACCOUNT)).padStart(3, "0")}`;
        accounts[account] = accountId(Math.floor(i / SPOKES_PER_ACCOUNT));
        const placed = multiRegionSpoke(i, regions);
        spokeList.push({
            name,
            account,
            cidr: placed.cidr,
            domain: spokeDomain(i),
            ...(placed.region > 0 ? { region: SYNTHETIC_REGIONS[placed.region] } : {}),
            internet: "none",
            gatewayEndpoints: ["s3", "dynamodb"],
        });
    }
    const summaries = (k: number) => ({ prod: [multiRegionSpoke(2 * k, regions).summary], nonprod: [multiRegionSpoke(2 * k + 1, regions).summary] });
    const network = base.network!;
    const domains = network.transitGateway!.domains!;
    return {
        ...base,
        accounts,
        network: {
            ...network,
            transitGateway: {
                ...network.transitGateway,
                domains: { ...domains, prod: { ...domains.prod, cidrs: summaries(0).prod }, nonprod: { ...domains.nonprod, cidrs: summaries(0).nonprod } },
            },
            regions: Object.fromEntries(
                SYNTHETIC_REGIONS.slice(1, regions).map((region, j) => [
                    region,
                    { hub: { cidr: `10.0.${16 * (j + 1)}.0/20`, availabilityZones: 2 }, transitGateway: { asn: 64513 + j }, summaries: summaries(j + 1) },
                ]),
            ),
        } as DefinitionInput["network"],
        spokes: spokeList,
        ...(spokes + regions > 1000 ? { quotas: { vpcsPerProfile: 2000 } } : {}),
    };
}
