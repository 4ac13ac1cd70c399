/**
 * Subnet layout of the hub and spoke VPCs: pure CIDR carving, no Pulumi.
 *
 * Every subnet size is a power of two. Blocks are placed from the start of the VPC CIDR
 * in descending size order, so each block starts on a multiple of its own size (buddy
 * allocation): a layout fits exactly when the sizes add up to no more than the CIDR, and
 * the result depends only on (cidr, azCount, internet) — the same definition always gives
 * the same subnets, which keeps `pulumi preview` diffs empty.
 *
 * The "bulk" tier of a VPC (hub: endpoint subnets, spoke: workload subnets) takes the
 * largest power-of-two size that fits next to the fixed /28s; what is left over stays
 * free for later subnets.
 */
import { quotas } from "../aws/quotas";
import { Bounds, cidrText, tryBounds } from "../definition/cidr";

export type SubnetTier = "attachment" | "endpoint" | "resolver" | "workload" | "public";

export interface PlannedSubnet {
    /** `<tier>-<az index>`, e.g. `workload-0`. Stable: used in resource names. */
    name: string;
    /** Index into the environment's availability zones. */
    az: number;
    tier: SubnetTier;
    cidr: string;
}

export interface VpcLayout {
    /** Subnets in address order. */
    subnets: PlannedSubnet[];
}

/** A CIDR that cannot hold the subnets asked of it, or is not a usable VPC CIDR. */
export class LayoutError extends Error {
    constructor(
        message: string,
        /** Addresses the layout needs (0 when the CIDR itself is malformed). */
        readonly needed = 0,
        /** Addresses the CIDR offers. */
        readonly available = 0,
        /** Prefix length of the smallest CIDR that would fit, when one exists. */
        readonly smallestPrefix?: number,
    ) {
        super(message);
        this.name = "LayoutError";
    }
}

/** Subnets smaller than /28 are rejected by EC2. */
const MIN_SUBNET_SIZE = 16;

/**
 * Interface endpoint subnets hold one ENI per endpoint per AZ: the default per-VPC quota
 * of interface endpoints (aws/quotas.ts, 50) plus the 5 addresses AWS reserves in every
 * subnet (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html) = 55, so /26.
 */
export const ENDPOINT_SUBNET_MIN_SIZE = 2 ** Math.ceil(Math.log2(quotas.interfaceEndpointsPerVpc.value + 5));

/** A TGW attachment uses one ENI per AZ; AWS recommends a dedicated /28 per AZ. */
const ATTACHMENT_SUBNET_SIZE = 16;
/** A Resolver endpoint uses one ENI per AZ (inbound and outbound: two). */
const RESOLVER_SUBNET_SIZE = 16;
/** Public subnets only hold the NAT gateway (egress only, nothing inbound). */
const PUBLIC_SUBNET_SIZE = 16;

interface Request {
    tier: SubnetTier;
    /** Per AZ. */
    size: number;
}

interface Shape {
    /** For messages: "hub" or "spoke". */
    what: string;
    fixed: Request[];
    bulk: { tier: SubnetTier; minSize: number };
    /** For messages: what one AZ needs. */
    perAz: string;
}

const TIER_ORDER: SubnetTier[] = ["workload", "endpoint", "attachment", "resolver", "public"];

function parseVpcCidr(what: string, cidr: string): Bounds {
    const range = tryBounds(cidr);
    if (!range) throw new LayoutError(`${what} CIDR "${cidr}" is not an IPv4 CIDR block such as "10.0.0.0/16"`);
    const prefix = range.prefix;
    const network = cidrText(range.first, prefix).split("/")[0];
    if (network !== cidr.split("/")[0]) {
        throw new LayoutError(`${what} CIDR "${cidr}" is not a network address; did you mean "${network}/${prefix}"?`);
    }
    if (prefix < 16 || prefix > 28) {
        throw new LayoutError(`${what} CIDR "${cidr}" is a /${prefix}; a VPC CIDR block must be between /16 and /28`);
    }
    return range;
}

function prefixOfSize(size: number): number {
    return 32 - Math.log2(size);
}

function largestPowerOfTwoAtMost(n: number): number {
    return n < 1 ? 0 : 2 ** Math.floor(Math.log2(n));
}

function layout(cidr: string, azCount: number, shape: Shape): VpcLayout {
    if (!Number.isInteger(azCount) || azCount < 1 || azCount > 6) {
        throw new LayoutError(`${shape.what} needs 1 to 6 availability zones, got ${azCount}`);
    }
    const range = parseVpcCidr(shape.what, cidr);
    const available = range.last - range.first + 1;
    const fixedTotal = azCount * shape.fixed.reduce((sum, r) => sum + r.size, 0);
    const bulkSize = largestPowerOfTwoAtMost((available - fixedTotal) / azCount);
    if (bulkSize < shape.bulk.minSize) {
        const needed = fixedTotal + azCount * shape.bulk.minSize;
        const smallestPrefix = 32 - Math.ceil(Math.log2(needed));
        throw new LayoutError(
            `${shape.what} CIDR ${cidr} is too small for ${azCount} AZ${azCount > 1 ? "s" : ""}: ` +
                `it needs ${needed} addresses (per AZ ${shape.perAz}) but a /${prefixOfSize(available)} offers ${available}; ` +
                `the smallest CIDR that fits is a /${smallestPrefix}` +
                (smallestPrefix < 16 ? ", larger than a VPC allows (/16): use fewer AZs" : ""),
            needed,
            available,
            smallestPrefix >= 16 ? smallestPrefix : undefined,
        );
    }
    const requests: Request[] = [{ tier: shape.bulk.tier, size: bulkSize }, ...shape.fixed];
    // Descending size, then a fixed tier order, then AZ: aligned and deterministic.
    const blocks = requests
        .flatMap((r) => Array.from({ length: azCount }, (_, az) => ({ ...r, az })))
        .sort((a, b) => b.size - a.size || TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) || a.az - b.az);
    let offset = range.first;
    const subnets = blocks.map((block) => {
        const subnet = cidrText(offset, prefixOfSize(block.size));
        offset += block.size;
        return { name: `${block.tier}-${block.az}`, az: block.az, tier: block.tier, cidr: subnet };
    });
    return { subnets };
}

/**
 * Hub VPC: per AZ a /28 TGW attachment subnet, an interface endpoint subnet (the bulk,
 * at least /26) and a /28 Resolver endpoint subnet.
 * @throws LayoutError when the CIDR is malformed or too small.
 */
export function hubLayout(cidr: string, azCount: number): VpcLayout {
    return layout(cidr, azCount, {
        what: "hub",
        fixed: [
            { tier: "attachment", size: ATTACHMENT_SUBNET_SIZE },
            { tier: "resolver", size: RESOLVER_SUBNET_SIZE },
        ],
        bulk: { tier: "endpoint", minSize: ENDPOINT_SUBNET_MIN_SIZE },
        perAz: "a /28 attachment, a /26 endpoint and a /28 resolver subnet",
    });
}

/**
 * Spoke VPC: per AZ a /28 TGW attachment subnet, a workload subnet (the bulk, at least
 * /28) and, with `internet: nat`, a /28 public subnet for the NAT gateway.
 * @throws LayoutError when the CIDR is malformed or too small.
 */
export function spokeLayout(cidr: string, azCount: number, internet: "none" | "nat"): VpcLayout {
    const fixed: Request[] = [{ tier: "attachment", size: ATTACHMENT_SUBNET_SIZE }];
    if (internet === "nat") fixed.push({ tier: "public", size: PUBLIC_SUBNET_SIZE });
    return layout(cidr, azCount, {
        what: "spoke",
        fixed,
        bulk: { tier: "workload", minSize: MIN_SUBNET_SIZE },
        perAz: internet === "nat" ? "a /28 attachment, a /28 workload and a /28 public subnet" : "a /28 attachment and a /28 workload subnet",
    });
}

/** The subnets of one tier, in AZ order. */
export function subnetsOfTier(layout: VpcLayout, tier: SubnetTier): PlannedSubnet[] {
    return layout.subnets.filter((s) => s.tier === tier).sort((a, b) => a.az - b.az);
}
