/**
 * The security groups of the interface endpoints, decided from the definition alone: which
 * CIDRs each admits (`environmentCidrs`), on which port sets (`portSets`), and how many inbound
 * rules that makes against AWS's quota (aws/quotas.ts `securityGroupInboundRules`, raised or
 * not: definition/quotas.ts `quotasIn`). components/central-endpoints.ts builds the security
 * groups with these functions and `validateEndpointSecurityGroups` counts with the same ones,
 * so what validation accepts is what the deploy creates. Pure (no Pulumi), so `npm run
 * validate` stays light.
 *
 * One security group per distinct port set, in every VPC that holds the Region's interface
 * endpoints: the Region's hub (centralized mode) or each spoke of the Region (distributed
 * mode). Each CIDR of each port is one rule:
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups
 */
import { catalogEntry } from "../aws/service-catalog";
import { securityGroupInboundRules } from "../aws/quotas";
import { aggregate, withoutContained } from "./cidr";
import { locateQuota } from "./checks/quotas";
import { Diagnostic } from "./diagnostics";
import { Locate, formatPath } from "./locate";
import { EffectiveQuota, quotasIn } from "./quotas";
import { HubRegion, hubRegion, hubRegions, spokesIn, summariesIn } from "./regions";
import { Definition } from "./schema";

/** The TCP ports an interface endpoint of `service` admits, ascending (the catalog's); undefined when the catalog has no such service. */
export function endpointPorts(service: string): number[] | undefined {
    const entry = catalogEntry(service);
    return entry ? [...entry.ports].sort((a, b) => a - b) : undefined;
}

/** The key of a port set, used in security group names: `443`, `25-465-587-2465-2587`. */
export function portSetKey(ports: readonly number[]): string {
    return [...ports].sort((a, b) => a - b).join("-");
}

/** Distinct port sets of the endpoints, in first-seen order (one security group each). */
export function portSets(specs: readonly { ports: number[] }[]): number[][] {
    const seen = new Map<string, number[]>();
    for (const spec of specs) if (!seen.has(portSetKey(spec.ports))) seen.set(portSetKey(spec.ports), spec.ports);
    return [...seen.values()];
}

/**
 * The address space that uses the interface endpoints of `region`: that Region's hub, every
 * spoke there (or its domain's summary blocks there when the domain declares them:
 * `domains.<d>.cidrs` at home, `network.regions.<r>.summaries.<d>` elsewhere) and on-premises
 * (which may resolve through any Region's Resolver inbound endpoints), without duplicates or
 * ranges held by another range of the list, sorted by address. Spokes resolve the services'
 * names through their own Region's Profile (or zones), so another Region's VPCs never call
 * these endpoints, and a spoke added in one Region changes no other Region's security groups.
 * Each range is inside one the policy pack knows as internal (tools/policy-config.ts).
 * With one Region this is the whole environment.
 */
export function environmentCidrs(definition: Definition, region: string = definition.region): string[] {
    const hub = hubRegion(definition, region);
    if (!hub) throw new Error(`interface endpoint security group: ${region} has no hub (region or network.regions)`);
    const blocks: string[] = [hub.hub.cidr, ...definition.network.dns.onPremises.cidrs];
    for (const spoke of spokesIn(definition, region)) {
        const summaries = summariesIn(definition, spoke.domain, region);
        if (summaries.length > 0) blocks.push(...summaries);
        else blocks.push(spoke.cidr);
    }
    return withoutContained(blocks);
}

/**
 * The CIDRs one security group admits on `ports` ports: the list as given while it fits the
 * inbound-rule quota (`quota`: the Region's effective `securityGroupInboundRules`), else merged
 * (adjacent spokes collapse into their common prefix) — the same addresses, fewer rules. The
 * merged list may still not fit (ranges that are not adjacent do not merge):
 * `validateEndpointSecurityGroups` refuses such a definition. Declaring domain summary blocks
 * avoids the merge.
 * @param quota @default AWS's default quota (aws/quotas.ts `securityGroupInboundRules`)
 */
export function cidrsWithinRuleQuota(cidrs: string[], ports: number, quota: number = securityGroupInboundRules): string[] {
    return cidrs.length * ports <= quota ? cidrs : aggregate(cidrs);
}

/** One interface endpoint security group a Region's VPCs get, as the program builds it. */
export interface EndpointSecurityGroupPlan {
    region: string;
    /** Where the security group sits: the Region's hub, or each of its spokes (distributed mode). */
    where: "hub" | "spokes";
    /** The spokes that hold one each (distributed mode); empty for the hub. */
    spokes: string[];
    ports: number[];
    /** The CIDRs it admits (after merging, when the list did not fit). */
    cidrs: string[];
    /** Inbound rules: each CIDR of each port. */
    rules: number;
    /** The Region's effective inbound-rule quota. */
    quota: EffectiveQuota;
    /** The Region's entry (hub, services, key path). */
    hub: HubRegion;
}

/**
 * Every interface endpoint security group of the definition, Region by Region, counted with
 * the functions components/central-endpoints.ts builds them with: in centralized mode one per
 * port set in each Region's hub; in distributed mode the same ones in each spoke of the
 * Region (all of a Region's spokes admit the same CIDRs on the same ports). A Region without
 * services, or in distributed mode without spokes, has none.
 */
export function endpointSecurityGroupPlans(definition: Definition): EndpointSecurityGroupPlan[] {
    const distributed = definition.network.endpoints.mode === "distributed";
    const plans: EndpointSecurityGroupPlan[] = [];
    for (const hub of hubRegions(definition)) {
        const spokes = distributed ? spokesIn(definition, hub.region).map((s) => s.name) : [];
        if (hub.services.length === 0 || (distributed && spokes.length === 0)) continue;
        // Services outside the catalog are refused by the definition's own checks.
        const specs = hub.services.flatMap((service) => {
            const ports = endpointPorts(service);
            return ports ? [{ ports }] : [];
        });
        const quota = quotasIn(definition, hub.region).securityGroupInboundRules;
        const cidrs = environmentCidrs(definition, hub.region);
        for (const ports of portSets(specs)) {
            const admitted = cidrsWithinRuleQuota(cidrs, ports.length, quota.value);
            plans.push({ region: hub.region, where: distributed ? "spokes" : "hub", spokes, ports, cidrs: admitted, rules: admitted.length * ports.length, quota, hub });
        }
    }
    return plans;
}

/**
 * A definition whose interface endpoint security group would need more inbound rules than its
 * Region's quota is invalid: AWS refuses the rules at deploy. One error per security group
 * (Region × port set), at the Region's hub (or at the Region's quota override when that set
 * the value), saying how many rules, which domains could declare summary blocks and which
 * key records a raised quota. Composed into the definition's run by program/load.ts.
 */
export function validateEndpointSecurityGroups(definition: Definition, locate: Locate, file: string): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const plan of endpointSecurityGroupPlans(definition)) {
        if (plan.rules <= plan.quota.value) continue;
        const { region, hub, ports } = plan;
        const portText = `${ports.length === 1 ? "port" : "ports"} ${ports.join(", ")}`;
        const holder =
            plan.where === "hub"
                ? `${region}'s hub`
                : `each of ${region}'s ${plan.spokes.length === 1 ? "spoke" : `${plan.spokes.length} spokes`} (distributed mode: ${plan.spokes.slice(0, 3).join(", ")}${plan.spokes.length > 3 ? ", ..." : ""})`;
        // The domains whose spokes in this Region are admitted one by one: a summary block there collapses them.
        const unsummarized = [...new Set(spokesIn(definition, region).filter((s) => summariesIn(definition, s.domain, region).length === 0).map((s) => s.domain))];
        const summaryKey = (domain: string): string =>
            formatPath(hub.home ? ["network", "transitGateway", "domains", domain, "cidrs"] : ["network", "regions", region, "summaries", domain]);
        const fixes: string[] = [];
        if (unsummarized.length > 0) {
            fixes.push(`declare summary blocks for the domain${unsummarized.length === 1 ? "" : "s"} of ${region}'s spokes (${unsummarized.map(summaryKey).join(", ")}): each summary is one CIDR instead of one per spoke`);
        }
        if (plan.quota.adjustable) fixes.push(`once Service Quotas raises the quota in every account that holds these security groups, set ${plan.quota.raiseWith}`);
        const [path, part] = locateQuota(plan.quota, [...hub.path, "hub"], "key");
        const message =
            `${plan.rules} inbound rules of ${plan.quota.value} on the interface endpoint security group of ${portText} in ${holder}: ` +
            `${plan.cidrs.length} CIDRs × ${ports.length} ${ports.length === 1 ? "port" : "ports"}, adjacent ranges already merged; ` +
            `AWS refuses rules beyond its quota at deploy (quota ${plan.quota.value}: ${plan.quota.source}; ${plan.quota.url}). ` +
            (fixes.length > 0 ? capitalize(fixes.join("; or ")) : "Admit fewer ranges");
        // At the key (the Region's `hub:` line), not at the first line of its mapping.
        const { line, col } = locate(path, part);
        out.push({ file, line, col, path: formatPath(path), message, severity: "error" });
    }
    return out;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
