/**
 * Random valid definitions for property tests of the route-domain design (fast-check):
 * route domains (with `shared` and, when on-premises is connected, `onprem`), `reaches`
 * graphs with reflexive, two-way, declared one-way and absent reaches, spokes in any
 * domain `shared` included, summary blocks or none, on-premises over a VPN or an existing
 * attachment with and without ranges, one account or an organization with cross-account
 * spokes, `internet: none` and `nat`.
 *
 * Valid by construction (every reach is reciprocated or declared in `oneWay`, reaching
 * `onprem` only with a connection and ranges, addresses never overlap, spokes inside
 * their domain's summary); the tests still validate each one and fail on any error, so
 * a generator that drifts from the rules is caught.
 */
import * as fc from "fast-check";
import type { DefinitionInput } from "../../definition/schema";

const DOMAIN_POOL = ["apps", "data", "jobs", "lab"];
const ONPREM_POOL = ["172.16.0.0/12", "192.168.0.0/16"];

/** How two distinct domains relate: no reach, a conversation, or one of them sending one-way. */
type Pair = "none" | "two-way" | "a-to-b" | "b-to-a";

interface Shape {
    domainCount: number;
    onPremises: "none" | "vpn" | "attachment";
    onPremRanges: boolean[];
    organization: boolean;
    sharedSummary: boolean;
    summaries: boolean[];
    reflexive: boolean[];
    pairs: Pair[];
    spokes: { domain: number; internet: "none" | "nat"; otherAccount: boolean }[];
}

const shape: fc.Arbitrary<Shape> = fc.record({
    domainCount: fc.integer({ min: 0, max: 3 }),
    onPremises: fc.constantFrom("none", "vpn", "attachment"),
    onPremRanges: fc.tuple(fc.boolean(), fc.boolean()).map((t) => [...t]),
    organization: fc.boolean(),
    sharedSummary: fc.boolean(),
    summaries: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    // Index 0 is shared, 1..3 the other domains, 4 onprem.
    reflexive: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    pairs: fc.array(fc.constantFrom<Pair>("none", "two-way", "two-way", "a-to-b", "b-to-a"), { minLength: 10, maxLength: 10 }),
    spokes: fc.array(
        fc.record({ domain: fc.integer({ min: 0, max: 3 }), internet: fc.constantFrom<"none" | "nat">("none", "nat"), otherAccount: fc.boolean() }),
        { maxLength: 6 },
    ),
});

/** A definition from a shape; `environment` names it (and its file). */
function build(s: Shape, environment: string): DefinitionInput {
    const others = DOMAIN_POOL.slice(0, s.domainCount);
    const connected = s.onPremises !== "none";
    const onPremCidrs = connected ? ONPREM_POOL.filter((_, i) => s.onPremRanges[i]) : [];
    // Node 0 shared, then the other domains, then onprem when connected.
    const domains = ["shared", ...others, ...(connected ? ["onprem"] : [])];
    const reaches = new Map<string, Set<string>>(domains.map((d) => [d, new Set()]));
    const oneWay = new Map<string, Set<string>>(domains.map((d) => [d, new Set()]));
    // Reaching onprem needs its ranges; onprem may still send one-way without them.
    const canReach = (to: string) => to !== "onprem" || onPremCidrs.length > 0;
    domains.forEach((d, i) => {
        const flag = s.reflexive[d === "onprem" ? 4 : i];
        if (flag && canReach(d)) reaches.get(d)!.add(d);
    });
    let k = 0;
    for (let i = 0; i < domains.length; i++) {
        for (let j = i + 1; j < domains.length; j++) {
            const [a, b] = [domains[i], domains[j]];
            let pair = s.pairs[k++ % s.pairs.length];
            if (pair === "two-way" && !(canReach(a) && canReach(b))) pair = canReach(b) ? "a-to-b" : canReach(a) ? "b-to-a" : "none";
            if (pair === "a-to-b" && !canReach(b)) pair = "none";
            if (pair === "b-to-a" && !canReach(a)) pair = "none";
            if (pair === "two-way") {
                reaches.get(a)!.add(b);
                reaches.get(b)!.add(a);
            } else if (pair === "a-to-b") {
                reaches.get(a)!.add(b);
                oneWay.get(a)!.add(b);
            } else if (pair === "b-to-a") {
                reaches.get(b)!.add(a);
                oneWay.get(b)!.add(a);
            }
        }
    }
    // Address plan: the hub and shared's spokes in 10.0.0.0/12, domain i in 10.(16(i+1)).0.0/12.
    const spokeDomains = ["shared", ...others];
    const counters = new Map<string, number>();
    const spokes = s.spokes.map((spoke, n) => {
        const domain = spokeDomains[spoke.domain % spokeDomains.length];
        const index = counters.get(domain) ?? 0;
        counters.set(domain, index + 1);
        const base = domain === "shared" ? 1 : 16 * (others.indexOf(domain) + 1);
        return {
            name: `s${n}`,
            account: s.organization && spoke.otherAccount ? "app" : "network",
            cidr: `10.${base + index}.0.0/16`,
            domain,
            internet: spoke.internet,
            gatewayEndpoints: [] as ("s3" | "dynamodb")[],
        };
    });
    const domainsInput: Record<string, { reaches: string[]; oneWay?: string[]; cidrs?: string[] }> = {};
    for (const d of domains) {
        const entry: { reaches: string[]; oneWay?: string[]; cidrs?: string[] } = { reaches: [...reaches.get(d)!] };
        if (oneWay.get(d)!.size > 0) entry.oneWay = [...oneWay.get(d)!];
        if (d === "shared" && s.sharedSummary) entry.cidrs = ["10.0.0.0/12"];
        const i = others.indexOf(d);
        if (i >= 0 && s.summaries[i]) entry.cidrs = [`10.${16 * (i + 1)}.0.0/12`];
        domainsInput[d] = entry;
    }
    const accounts: Record<string, string> = s.organization ? { management: "400000000001", network: "400000000002", app: "400000000003" } : { network: "400000000002" };
    return {
        environment,
        region: "us-east-1",
        ...(s.organization ? { organization: { id: "o-pr0p3rty01", units: { workloads: "ou-pr0p-wrkld001" } } } : {}),
        accounts,
        network: {
            account: "network",
            transitGateway: {
                domains: domainsInput,
                ...(s.onPremises === "vpn" ? { onPremises: { vpn: { customerGatewayIp: "198.51.100.30", bgpAsn: 65030 } } } : {}),
                ...(s.onPremises === "attachment" ? { onPremises: { attachmentId: "tgw-attach-0abcdef0123456789" } } : {}),
            },
            hub: { cidr: "10.0.0.0/22", availabilityZones: 2 },
            endpoints: { services: [] },
            dns: { onPremises: { cidrs: onPremCidrs } },
        },
        spokes,
    } as DefinitionInput;
}

/** Random valid definitions, each with its own environment name. */
export const randomDefinitions: fc.Arbitrary<DefinitionInput> = shape.map((s) => build(s, "prop"));
