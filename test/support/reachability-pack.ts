/**
 * Plan records judged by the pack's reachability rule as the policy server would hand them to
 * it: the records as PolicyResources (unknowns as the engine's sentinels, providers named with
 * their inputs), and the rule's reports under a given pack config. Shared by the pack's
 * reachability tests and the reviews' adversarial cases.
 */
import type { PolicyResource } from "@pulumi/policy";
import { PlannedResource, UNKNOWN as PLAN_UNKNOWN } from "../../analysis/plan-records";
import { networkTransitGatewayTwoWayReachability as rule } from "../../policypacks/landing-zone/policies/network-transit-gateway-two-way-reachability";
import { Report, UNKNOWN, engineProps } from "../policypack/harness";

/** The plan's records as the policy server hands them to a stack rule (unknowns as the engine's sentinels). */
export function policyResources(records: PlannedResource[]): PolicyResource[] {
    const unknowns = (v: unknown): unknown =>
        v === PLAN_UNKNOWN ? UNKNOWN : Array.isArray(v) ? v.map(unknowns) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknowns(x)])) : v;
    const byUrn = new Map<string, PolicyResource>();
    const providers = new Map(
        records.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, { type: r.type, urn: r.urn, name: r.name, props: engineProps(unknowns(r.inputs) as Record<string, unknown>) }]),
    );
    for (const r of records) {
        byUrn.set(r.urn, {
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: engineProps(unknowns(r.inputs) as Record<string, unknown>),
            dependencies: [],
            propertyDependencies: {},
            // The engine names each resource's provider with its inputs (as tools/plan/engine-requests.ts sends it).
            ...(r.provider && providers.has(r.provider) ? { provider: providers.get(r.provider) } : {}),
        } as unknown as PolicyResource);
    }
    for (const r of records) {
        const p = byUrn.get(r.urn)! as unknown as { parent?: PolicyResource; dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> };
        if (r.parent && byUrn.has(r.parent)) p.parent = byUrn.get(r.parent);
        const all = new Set<string>();
        for (const [input, urns] of Object.entries(r.dependencies)) {
            p.propertyDependencies[input] = urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => !!x);
            urns.forEach((u) => all.add(u));
        }
        p.dependencies = [...all].map((u) => byUrn.get(u)).filter((x): x is PolicyResource => !!x);
    }
    return [...byUrn.values()];
}

/** The reachability rule's reports on `resources`, judged with pack config `config`. */
export async function reachabilityReports(resources: PolicyResource[], config: Record<string, unknown> = {}): Promise<Report[]> {
    const reports: Report[] = [];
    const record = (message: unknown, urn?: string) => {
        if (typeof message === "object" && message !== null) {
            const info = message as { message: string; enforcementLevel: Report["level"]; urn?: string };
            reports.push({ level: info.enforcementLevel, message: info.message, urn: info.urn });
        } else reports.push({ level: "mandatory", message: String(message), urn });
    };
    await rule.validateStack({ resources, stackTags: new Map(), getConfig: <T>() => ({ ...config }) as T, notApplicable: () => undefined as never } as never, record as never);
    return reports;
}
