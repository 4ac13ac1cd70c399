/**
 * The cost report: prices a plan (the offline plan's resource records, not the
 * definition) with the list prices of the environment's Region (aws/prices.ts), one line
 * per billable item. Fixed hourly and monthly charges only; traffic-dependent charges
 * (per GB processed) are left out of the total and named in `notes`, because they depend
 * on traffic no plan knows. Where the Region has no price for an item, us-east-1's is
 * used and a note names the items.
 */
import { Definition } from "../definition/schema";
import { PlannedResource, providerRegion, regionTagOf } from "./plan-records";
import { FALLBACK_REGION, PriceTable, pricesFor, transitGatewayPeeringPricing } from "../aws/prices";

export interface CostLine {
    item: string;
    /** How many billable units (endpoint-AZs, attachments, ENIs, accounts, zones, gateways). */
    quantity: number;
    /** Price of one unit, per `per`. */
    unitUsd: number;
    per: "hour" | "month";
    monthlyUsd: number;
}

export interface CostReport {
    /** The Region whose list prices the report asked for (the definition's). */
    region: string;
    monthlyUsd: number;
    lines: CostLine[];
    /** Price table version the report used. */
    prices: string;
    /** What the total leaves out, and assumptions made. */
    notes: string[];
}

export interface CostOptions {
    /** @default the table of `region` (aws/prices.ts `pricesFor`) */
    prices?: PriceTable;
    /**
     * AZ count to assume for an interface endpoint whose subnet list is unknown in the
     * plan, and for an awsx VPC that does not say. @default 2
     */
    defaultAzCount?: number;
    /** The environment's Region: its prices are used, and a note says which items fell back to another Region's. @default us-east-1 */
    region?: string;
}

const T = {
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    tgwVpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    tgwPeeringAttachment: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    tgwPeeringAccepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
    vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
    directConnectGatewayAssociation: "aws:directconnect/gatewayAssociation:GatewayAssociation",
    resolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
    profileAssociation: "aws:route53/profilesAssociation:ProfilesAssociation",
    zone: "aws:route53/zone:Zone",
    natGateway: "aws:ec2/natGateway:NatGateway",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    awsxVpc: "awsx:ec2:Vpc",
    awsProvider: "pulumi:providers:aws",
} as const;

/** A list input's length; `fallback` when the list itself is unknown. */
function listLength(value: unknown, fallback: number): number {
    if (Array.isArray(value)) return value.length;
    if (typeof value === "string" && value.startsWith("[")) {
        try {
            const parsed = JSON.parse(value);
            if (Array.isArray(parsed)) return parsed.length;
        } catch {
            /* not JSON: fall through */
        }
    }
    return fallback;
}

/** The account a provider resource targets (`allowedAccountIds[0]` or the assumed role's account). */
function providerAccount(provider: PlannedResource | undefined): string | undefined {
    if (!provider) return undefined;
    const parse = (v: unknown): unknown => {
        if (typeof v !== "string") return v;
        try {
            return JSON.parse(v);
        } catch {
            return v;
        }
    };
    const allowed = parse(provider.inputs.allowedAccountIds);
    if (Array.isArray(allowed) && typeof allowed[0] === "string") return allowed[0];
    const roles = parse(provider.inputs.assumeRoles);
    const roleArn = Array.isArray(roles) ? (roles[0] as { roleArn?: unknown } | undefined)?.roleArn : undefined;
    const match = typeof roleArn === "string" ? /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn) : null;
    return match?.[1];
}

/** NAT gateways an awsx VPC creates: its `natGateways.strategy` (awsx default OnePerAz). */
function awsxNatGateways(vpc: PlannedResource, defaultAzCount: number): number {
    const nat = vpc.inputs.natGateways as { strategy?: string } | undefined;
    const strategy = typeof nat === "object" && nat !== null ? nat.strategy ?? "OnePerAz" : "OnePerAz";
    if (strategy === "None") return 0;
    if (strategy === "Single") return 1;
    const names = vpc.inputs.availabilityZoneNames;
    if (Array.isArray(names)) return names.length;
    const count = vpc.inputs.numberOfAvailabilityZones;
    return typeof count === "number" ? count : defaultAzCount;
}

const round = (usd: number) => Math.round(usd * 100) / 100;

/** Prices the planned resources. Pure: same records, same report. */
export function priceResources(resources: PlannedResource[], opts: CostOptions = {}): CostReport {
    const region = opts.region ?? opts.prices?.region ?? FALLBACK_REGION;
    const p = opts.prices ?? pricesFor(region);
    const azFallback = opts.defaultAzCount ?? 2;
    const hours = p.hoursPerMonth;
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const notes: string[] = [];

    let endpointAzs = 0;
    let unknownSubnets = 0;
    let attachments = 0;
    let peeringSides = 0;
    let resolverEnis = 0;
    let zones = 0;
    let natGateways = 0;
    let vpnConnections = 0;
    let directConnect = 0;
    let networkLoadBalancers = 0;
    const associationsByAccount = new Map<string, number>();

    for (const r of resources) {
        if (r.read) continue;
        switch (r.type) {
            case T.vpcEndpoint:
                if (r.inputs.vpcEndpointType === "Interface") {
                    if (!Array.isArray(r.inputs.subnetIds)) unknownSubnets++;
                    endpointAzs += listLength(r.inputs.subnetIds, azFallback);
                }
                break;
            case T.tgwVpcAttachment:
                attachments++;
                break;
            case T.tgwPeeringAttachment:
            case T.tgwPeeringAccepter:
                // Each side of a peering is an attachment of its own Region's transit gateway.
                peeringSides++;
                break;
            case T.vpnConnection:
                vpnConnections++;
                // A VPN on a transit gateway is also a TGW attachment (charged as one).
                if (r.inputs.transitGatewayId !== undefined && r.inputs.transitGatewayId !== null) attachments++;
                break;
            case T.directConnectGatewayAssociation: {
                // A Direct Connect gateway associated with a transit gateway is a TGW attachment;
                // the gateway itself is free. A virtual private gateway (vgw-) association is not.
                const gateway = r.inputs.associatedGatewayId;
                if (!(typeof gateway === "string" && gateway.startsWith("vgw-"))) {
                    attachments++;
                    directConnect++;
                }
                break;
            }
            case T.resolverEndpoint:
                resolverEnis += listLength(r.inputs.ipAddresses, 2);
                break;
            case T.profileAssociation: {
                const account = providerAccount(r.provider ? byUrn.get(r.provider) : undefined) ?? "(stack's default account)";
                associationsByAccount.set(account, (associationsByAccount.get(account) ?? 0) + 1);
                break;
            }
            case T.zone:
                zones++;
                break;
            case T.natGateway:
                natGateways++;
                break;
            case T.loadBalancer:
                // Endpoint services sit behind Network Load Balancers, billed per hour (and per NLCU-hour).
                if (r.inputs.loadBalancerType === "network") networkLoadBalancers++;
                break;
            case T.awsxVpc:
                natGateways += awsxNatGateways(r, azFallback);
                break;
        }
    }
    if (region !== p.region) notes.push(`priced with ${p.region} list prices, not ${region}'s`);
    // Name only the prices this plan uses: a fallback for an item it does not buy is noise.
    const used = new Set<string>([
        ...(endpointAzs > 0 ? ["interfaceEndpointAzHour", "interfaceEndpointGb"] : []),
        ...(attachments + peeringSides > 0 ? ["transitGatewayAttachmentHour", "transitGatewayGb"] : []),
        ...(resolverEnis > 0 ? ["resolverEniHour"] : []),
        ...(natGateways > 0 ? ["natGatewayHour", "natGatewayGb"] : []),
        ...(vpnConnections > 0 ? ["vpnConnectionHour"] : []),
        ...(networkLoadBalancers > 0 ? ["networkLoadBalancerHour", "networkLoadBalancerNlcuHour"] : []),
    ]);
    const fallbacks = p.fallbacks.filter((f) => used.has(f.item));
    if (fallbacks.length > 0) {
        const from = [...new Set(fallbacks.map((f) => f.from))].join(", ");
        const whys = [...new Set(fallbacks.map((f) => f.why))];
        notes.push(`no ${p.region} price for ${fallbacks.map((f) => f.item).join(", ")}: priced with ${from}'s (${whys.join("; ")})`);
    }
    const secondary = p.secondary.filter((item) => used.has(item));
    if (secondary.length > 0) notes.push(`quoted by third parties from the AWS Price List, not read from AWS: ${secondary.join(", ")} (npm run prices -- --update reads them from the Price List)`);
    if (unknownSubnets > 0) notes.push(`${unknownSubnets} interface endpoint(s) with an unknown subnet list priced at ${azFallback} AZs`);

    const lines: CostLine[] = [];
    const hourly = (item: string, quantity: number, unitUsd: number) => {
        if (quantity > 0) lines.push({ item, quantity, unitUsd, per: "hour", monthlyUsd: round(quantity * unitUsd * hours) });
    };
    const monthly = (item: string, quantity: number, unitUsd: number) => {
        if (quantity > 0) lines.push({ item, quantity, unitUsd, per: "month", monthlyUsd: round(quantity * unitUsd) });
    };

    hourly("Interface endpoints (endpoint × AZ)", endpointAzs, p.interfaceEndpointAzHour);
    hourly("Transit gateway attachments", attachments, p.transitGatewayAttachmentHour);
    hourly("Transit gateway peering attachments (this Region's side)", peeringSides, p.transitGatewayAttachmentHour);
    hourly("Route 53 Resolver endpoint ENIs", resolverEnis, p.resolverEniHour);
    const profileAccounts = associationsByAccount.size;
    const extraAssociations = [...associationsByAccount.values()].reduce((sum, n) => sum + Math.max(0, n - p.profileIncludedAssociations), 0);
    hourly(`Route 53 Profile (accounts with VPC associations, ${p.profileIncludedAssociations} included each)`, profileAccounts, p.profileAccountHour);
    hourly(`Route 53 Profile associations beyond ${p.profileIncludedAssociations} per account`, extraAssociations, p.profileExtraAssociationHour);
    monthly(`Private hosted zones (first ${p.hostedZoneFirstTier})`, Math.min(zones, p.hostedZoneFirstTier), p.hostedZoneMonthFirst);
    monthly(`Private hosted zones (beyond ${p.hostedZoneFirstTier})`, Math.max(0, zones - p.hostedZoneFirstTier), p.hostedZoneMonthAfter);
    hourly("NAT gateways", natGateways, p.natGatewayHour);
    hourly("Site-to-Site VPN connections", vpnConnections, p.vpnConnectionHour);
    hourly("Network Load Balancers (endpoint services)", networkLoadBalancers, p.networkLoadBalancerHour);
    if (directConnect > 0) notes.push(`${directConnect} Direct Connect gateway association(s) priced as transit gateway attachments; the Direct Connect gateway itself is free, and ports and data transfer are billed by Direct Connect, outside this plan`);

    if (peeringSides > 0) {
        notes.push(
            `${peeringSides} transit gateway peering attachment side(s) priced as attachments of this Region's transit gateway (each side is charged in its own Region: ${transitGatewayPeeringPricing.attachmentHourPerSide.url}); ` +
                `not in the total (traffic-dependent): inter-Region data transfer per GB sent over the peering from this Region (${transitGatewayPeeringPricing.interRegionTransfer.url})`,
        );
    }
    notes.push(
        `Not in the total (traffic-dependent): interface endpoint processing $${p.perGb.interfaceEndpoint}/GB, ` +
            `transit gateway processing $${p.perGb.transitGateway}/GB, NAT gateway processing $${p.perGb.natGateway}/GB, ` +
            (networkLoadBalancers > 0 ? `Network Load Balancer capacity $${p.perNlcuHour}/NLCU-hour, ` : "") +
            `Route 53 queries; also hosted-zone tiers across other stacks of the same account.`,
    );
    const total = lines.reduce((sum, l) => sum + l.monthlyUsd, 0);
    return { region, monthlyUsd: round(total), lines, prices: `${p.version}${p.date ? `, as of ${p.date}` : ""}`, notes };
}

/** One priced alternative of `compareModes`. */
export interface ModeCost {
    endpointMode: Definition["network"]["endpoints"]["mode"];
    dnsSharing: Definition["network"]["dns"]["sharing"];
    /** Undefined when this combination cannot be planned (see `error`). */
    cost?: CostReport;
    /** The same, per Region (when the environment has more than one). */
    regions?: CostReport[];
    /** Why the combination could not be planned (e.g. a service that hosted zones cannot serve). */
    error?: string;
}

/** The definition with another endpoint mode and DNS sharing mode (a deep copy). */
export function withModes(definition: Definition, endpointMode: ModeCost["endpointMode"], dnsSharing: ModeCost["dnsSharing"]): Definition {
    const copy = structuredClone(definition);
    copy.network.endpoints.mode = endpointMode;
    copy.network.dns.sharing = dnsSharing;
    return copy;
}

/**
 * Prices the same definition under every endpoint mode × DNS sharing mode. `plan` turns a
 * definition into the resources of every unit (the plan tool passes its planner), so the
 * comparison sees exactly what each alternative would create.
 */
export async function compareModes(
    definition: Definition,
    plan: (definition: Definition) => Promise<PlannedResource[]>,
    opts: CostOptions = {},
): Promise<ModeCost[]> {
    const results: ModeCost[] = [];
    for (const endpointMode of ["centralized", "distributed"] as const) {
        for (const dnsSharing of ["profile", "hosted-zones"] as const) {
            try {
                const resources = await plan(withModes(definition, endpointMode, dnsSharing));
                const perRegion = priceByRegion(resources, { ...opts, region: definition.region });
                const cost = perRegion.regions.length > 1 ? mergeRegions(perRegion) : priceResources(resources, { region: definition.region, ...opts });
                results.push({ endpointMode, dnsSharing, cost, ...(perRegion.regions.length > 1 ? { regions: perRegion.regions } : {}) });
            } catch (err) {
                results.push({ endpointMode, dnsSharing, error: err instanceof Error ? err.message : String(err) });
            }
        }
    }
    return results;
}

/** A plan's cost per Region, and the environment's total. */
export interface RegionalCost {
    /** One report per Region the plan builds in, the home Region first, each priced with its own Region's list prices. */
    regions: CostReport[];
    monthlyUsd: number;
}

/**
 * The Region a record builds in: its `region` input (@pulumi/aws v7) or
 * `landing-zone:region` tag, else its explicit provider's `region`, else `home`.
 */
export function regionOfResource(r: PlannedResource, byUrn: Map<string, PlannedResource>, home: string): string {
    return regionTagOf(r) ?? providerRegion(r, byUrn) ?? home;
}

/**
 * Prices a plan per Region: its records grouped by the Region they build in
 * (`regionOfResource`), each group priced with that Region's list prices (a Region
 * without its own price for an item falls back to us-east-1's, and its report says so).
 * A peering is priced once per side, each in its side's Region. Providers go to every
 * group (they are not priced; accounts are read from them).
 */
export function priceByRegion(resources: PlannedResource[], opts: CostOptions & { region: string }): RegionalCost {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const groups = new Map<string, PlannedResource[]>([[opts.region, []]]);
    const providers: PlannedResource[] = [];
    for (const r of resources) {
        if (r.type.startsWith("pulumi:providers:")) {
            providers.push(r);
            continue;
        }
        const region = regionOfResource(r, byUrn, opts.region);
        const list = groups.get(region);
        if (list) list.push(r);
        else groups.set(region, [r]);
    }
    const regions = [...groups.entries()]
        .filter(([region, list]) => region === opts.region || list.length > 0)
        .map(([region, list]) => priceResources([...providers, ...list], { ...opts, region, prices: opts.prices?.region === region ? opts.prices : undefined }));
    return { regions, monthlyUsd: round(regions.reduce((sum, c) => sum + c.monthlyUsd, 0)) };
}

/**
 * One report of several Regions' (the home Region's first): every line and note prefixed
 * with its Region, the total the sum of the Regions'. What `--compare` and the plan's
 * total print for an environment of several Regions.
 */
export function mergeRegions(cost: RegionalCost): CostReport {
    const [home] = cost.regions;
    return {
        region: home.region,
        monthlyUsd: cost.monthlyUsd,
        lines: cost.regions.flatMap((c) => c.lines.map((l) => ({ ...l, item: `${c.region}: ${l.item}` }))),
        prices: cost.regions.map((c) => c.prices).join("; "),
        notes: cost.regions.flatMap((c) => c.notes.map((n) => `${c.region}: ${n}`)),
    };
}
