/**
 * Subnet layout of the hub and spoke VPCs: pure CIDR carving, no Pulumi.
 *
 * Every subnet size is a power of two. Blocks are placed from the start of the VPC CIDR
 * in descending size order, so each block starts on a multiple of its own size (buddy
 * allocation): a layout fits exactly when the sizes add up to no more than the CIDR, and
 * the result depends only on (cidr, azCount, internet) — the same definition always gives
 * the same subnets, which keeps `pulumi preview` diffs empty. How many interface endpoints
 * a VPC must hold sets only the smallest CIDR accepted, never where the subnets fall.
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

/** The addresses AWS reserves in every subnet: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html */
const RESERVED_PER_SUBNET = 5;

/**
 * The smallest subnet (a power of two, at least /28) that holds `endpoints` interface
 * endpoints: an interface endpoint has one endpoint network interface, with a private IP
 * address of the subnet, in each subnet (one per AZ) it is enabled in
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html, "Endpoint network
 * interfaces"), plus the 5 addresses AWS reserves in every subnet.
 */
export function endpointSubnetSize(endpoints: number): number {
    return Math.max(MIN_SUBNET_SIZE, 2 ** Math.ceil(Math.log2(Math.max(0, endpoints) + RESERVED_PER_SUBNET)));
}

/**
 * The hub's endpoint subnets with AWS's default per-VPC quota of interface endpoints
 * (aws/quotas.ts, 50): 55 addresses, so /26. A definition that raises the quota
 * (`quotas.interfaceEndpointsPerVpc`, per Region `network.regions.<region>.quotas`) asks
 * for more: `hubLayout`'s `endpointsPerVpc`.
 */
export const ENDPOINT_SUBNET_MIN_SIZE = endpointSubnetSize(quotas.interfaceEndpointsPerVpc.value);

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
 * Hub VPC: per AZ a /28 TGW attachment subnet, an interface endpoint subnet (the bulk)
 * and a /28 Resolver endpoint subnet.
 *
 * The endpoint subnets must hold `endpointsPerVpc` interface endpoints: the per-VPC quota
 * in the hub's Region, not the services listed today, because the subnets are carved once —
 * a subnet's CIDR cannot change, and moving the endpoints to new subnets replaces every one
 * of them — so a service added later, up to what AWS allows in that VPC, must fit the
 * subnets already there. The quota check (definition/checks/quotas.ts) keeps the services
 * within the same quota. The same in distributed mode, where the hub holds none of them:
 * switching the environment to centralized must not need new subnets either. The bulk takes the largest size that fits whatever the minimum, so
 * the minimum decides only whether the CIDR is accepted, never where the subnets fall.
 * @param endpointsPerVpc interface endpoints the hub may hold. @default the AWS default quota, 50 (at least /26)
 * @throws LayoutError when the CIDR is malformed or too small.
 */
export function hubLayout(cidr: string, azCount: number, endpointsPerVpc: number = quotas.interfaceEndpointsPerVpc.value): VpcLayout {
    const endpointSize = endpointSubnetSize(endpointsPerVpc);
    return layout(cidr, azCount, {
        what: "hub",
        fixed: [
            { tier: "attachment", size: ATTACHMENT_SUBNET_SIZE },
            { tier: "resolver", size: RESOLVER_SUBNET_SIZE },
        ],
        bulk: { tier: "endpoint", minSize: endpointSize },
        perAz:
            endpointSize === ENDPOINT_SUBNET_MIN_SIZE
                ? "a /28 attachment, a /26 endpoint and a /28 resolver subnet"
                : `a /28 attachment, a /${prefixOfSize(endpointSize)} endpoint subnet for ${endpointsPerVpc} interface endpoints + the ${RESERVED_PER_SUBNET} addresses AWS reserves, and a /28 resolver subnet`,
    });
}

/**
 * Spoke VPC: per AZ a /28 TGW attachment subnet, a workload subnet (the bulk, at least
 * /28) and, with `internet: nat`, a /28 public subnet for the NAT gateway.
 *
 * The workload subnets also hold the spoke's interface endpoints (its Region's services in
 * distributed mode, its PrivateLink consumer endpoints): `endpoints` of them, one address
 * each per AZ, must fit next to the 5 reserved addresses. Sized from the endpoints the spoke
 * has, not the quota: the workload subnets are the spoke's own to size, shared with its
 * workloads, and validation reports the spoke again when a change adds endpoints.
 * @param endpoints interface endpoints in the spoke's VPC. @default 0
 * @throws LayoutError when the CIDR is malformed or too small.
 */
export function spokeLayout(cidr: string, azCount: number, internet: "none" | "nat", endpoints = 0): VpcLayout {
    const fixed: Request[] = [{ tier: "attachment", size: ATTACHMENT_SUBNET_SIZE }];
    if (internet === "nat") fixed.push({ tier: "public", size: PUBLIC_SUBNET_SIZE });
    const workloadSize = endpoints > 0 ? endpointSubnetSize(endpoints) : MIN_SUBNET_SIZE;
    const workload =
        `a /${prefixOfSize(workloadSize)} workload subnet` +
        (endpoints > 0 ? ` holding its ${endpoints} interface endpoint${endpoints === 1 ? "" : "s"} + the ${RESERVED_PER_SUBNET} addresses AWS reserves` : "");
    return layout(cidr, azCount, {
        what: "spoke",
        fixed,
        bulk: { tier: "workload", minSize: workloadSize },
        perAz:
            endpoints === 0
                ? internet === "nat"
                    ? "a /28 attachment, a /28 workload and a /28 public subnet"
                    : "a /28 attachment and a /28 workload subnet"
                : internet === "nat"
                  ? `a /28 attachment, ${workload}, and a /28 public subnet`
                  : `a /28 attachment and ${workload}`,
    });
}

/** The subnets of one tier, in AZ order. */
export function subnetsOfTier(layout: VpcLayout, tier: SubnetTier): PlannedSubnet[] {
    return layout.subnets.filter((s) => s.tier === tier).sort((a, b) => a.az - b.az);
}
