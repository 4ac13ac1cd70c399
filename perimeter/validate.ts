/**
 * The perimeter's check of a definition: the policy documents every deploy generates
 * (SCPs, RCPs, bucket policies) have hard size limits (aws/quotas.ts); a definition
 * whose documents cannot be built within them is an invalid definition, reported with
 * the rest (same diagnostics, file:line:col) rather than as a program error at deploy
 * time. The SCPs and RCPs are sized as they will be once the network stack has published
 * its hub VPC id (perimeter/networks.ts `sizingNetworks`, the longest id AWS issues), so a
 * definition that fits today does not overflow at the org stack's second pass. Runs on a
 * definition that passed every other check; composed in program/load.ts.
 */
import { Diagnostic, diagnosticAt } from "../definition/diagnostics";
import { Locate } from "../definition/locate";
import { Definition } from "../definition/schema";
import { catalogEntry, gatewayEndpointServices } from "../aws/service-catalog";
import { protectedBucketPolicies } from "./bucket-policies";
import { networkPerimeterPlan } from "./network-perimeter";
import { sizingNetworks } from "./networks";
import { resourceControlPolicies } from "./rcps";
import { NamedPolicy, perimeterOus, regionGuardrailOus, serviceControlPolicies } from "./scps";
import { maxControlPoliciesPerTarget } from "../aws/quotas";

export function validatePerimeter(definition: Definition, locate: Locate, file: string): Diagnostic[] {
    const attempts: [string[], () => unknown][] = [
        [["accounts"], () => serviceControlPolicies(definition, sizingNetworks(definition))],
        [["accounts"], () => resourceControlPolicies(definition, sizingNetworks(definition))],
        [["perimeter", "protectedBuckets"], () => protectedBucketPolicies(definition)],
    ];
    const warnings: Diagnostic[] = [];
    if (definition.organization) {
        // A control-plane endpoint carries nearly its whole IAM prefix, so the prefix is held whole,
        // including the actions of its sibling endpoints that are not configured.
        const plan = networkPerimeterPlan(definition, sizingNetworks(definition));
        for (const [prefix, siblings] of Object.entries(plan.heldBeyondEndpoints)) {
            const services = definition.network.endpoints.services;
            const index = services.findIndex((s) => catalogEntry(s)?.iamPrefixes.includes(prefix) && catalogEntry(s)?.iamActions === undefined);
            const keyPath = ["network", "endpoints", "services", Math.max(index, 0)];
            warnings.push(
                diagnosticAt(
                    locate,
                    file,
                    keyPath,
                    "warning",
                    `${services[index] ?? prefix} carries nearly every ${prefix} action, so the network perimeter holds ${prefix}:* for principals tagged ${definition.perimeter.includeTag}; ` +
                        `the actions that go to ${siblings.join(", ")} (not configured) then travel over the internet or NAT and are denied for them. ` +
                        `Add ${siblings.length === 1 ? "that endpoint" : "those endpoints"} to network.endpoints.services, or list the NAT's public addresses in perimeter.corporateCidrs`,
                ),
            );
        }
    }
    if (definition.organization) {
        // A gateway service held by the network perimeter (S3 by its endpoint owner, DynamoDB by the
        // presence of aws:SourceVpc) is reached over NAT from a spoke without that gateway endpoint.
        const plan = networkPerimeterPlan(definition, sizingNetworks(definition));
        const held = new Set([...plan.byEndpointOwner, ...plan.bySourceVpc, ...plan.byAnyVpc]);
        definition.spokes.forEach((spoke, i) => {
            if (spoke.internet !== "nat") return;
            const missing = gatewayEndpointServices.filter((g) => held.has(g) && definition.spokes.some((o) => (o.gatewayEndpoints as string[]).includes(g)) && !(spoke.gatewayEndpoints as string[]).includes(g));
            if (missing.length === 0) return;
            const keyPath = ["spokes", i, "name"];
            warnings.push(
                diagnosticAt(
                    locate,
                    file,
                    keyPath,
                    "warning",
                    `spoke ${spoke.name} has a NAT but no ${missing.join(" or ")} gateway endpoint, so its calls to ${missing.join(" and ")} travel over NAT; the network perimeter holds ` +
                        `${missing.map((g) => `${g}:*`).join(" and ")} for principals tagged ${definition.perimeter.includeTag}, so those calls are denied for them. ` +
                        `Add ${missing.join(", ")} to the spoke's gatewayEndpoints, or list the NAT's public addresses in perimeter.corporateCidrs`,
                ),
            );
        });
    }
    const attachedErrors = definition.organization ? attachedPolicyCounts(definition, locate, file) : [];
    if (attachedErrors.length > 0) return [...attachedErrors, ...warnings];
    for (const [keyPath, generate] of attempts) {
        try {
            generate();
        } catch (e) {
            return [diagnosticAt(locate, file, keyPath, "error", `the data perimeter cannot be generated from this definition: ${(e as Error).message}`)];
        }
    }
    return warnings;
}

/**
 * AWS allows 5 SCPs and 5 RCPs per OU (aws/quotas.ts), the default full-access policy included.
 * For each OU this environment attaches to: the full-access policy, what
 * `perimeter.existingPolicies` says is already there, and this environment's own; one error
 * per OU and kind that would exceed the quota (AWS would refuse the attachment mid-deploy).
 */
function attachedPolicyCounts(definition: Definition, locate: Locate, file: string): Diagnostic[] {
    let scps: NamedPolicy[];
    let rcps: NamedPolicy[];
    try {
        scps = serviceControlPolicies(definition, sizingNetworks(definition));
        rcps = resourceControlPolicies(definition, sizingNetworks(definition));
    } catch {
        return []; // the generators' own error is reported by the caller
    }
    const perimeter = new Set(perimeterOus(definition));
    const guardrail = new Set(regionGuardrailOus(definition));
    const errors: Diagnostic[] = [];
    const check = (kind: "scp" | "rcp", ou: string, ours: NamedPolicy[]) => {
        if (ours.length === 0) return;
        const existing = (kind === "scp" ? definition.perimeter.existingPolicies.scps : definition.perimeter.existingPolicies.rcps)[ou] ?? 0;
        const total = 1 + existing + ours.length;
        if (total <= maxControlPoliciesPerTarget) return;
        const key = kind === "scp" ? "scps" : "rcps";
        const keyPath = existing > 0 ? ["perimeter", "existingPolicies", key, ou] : perimeterOus(definition).includes(ou) ? ["perimeter", "attachTo"] : ["organization", "units", ou];
        const full = kind === "scp" ? "FullAWSAccess" : "RCPFullAWSAccess";
        errors.push(
            diagnosticAt(
                locate,
                file,
                keyPath,
                "error",
                `OU ${ou} would have ${total} ${kind.toUpperCase()}s attached: ${full}, ${existing} already there (perimeter.existingPolicies.${key}.${ou}) and ${ours.length} of this environment ` +
                    `(${ours.map((p) => p.name).join(", ")}); AWS allows ${maxControlPoliciesPerTarget} per OU. Detach or merge existing policies, attach this environment's elsewhere (perimeter.attachTo` +
                    `${kind === "scp" ? ", perimeter.regionGuardrailAttachTo" : ""}), or shorten the perimeter so it packs into fewer policies`,
            ),
        );
    };
    const ous = [...new Set([...perimeter, ...guardrail])];
    for (const ou of ous) {
        check("scp", ou, scps.filter((p) => (p.attachment === "region-guardrail" ? guardrail.has(ou) : perimeter.has(ou))));
        if (perimeter.has(ou)) check("rcp", ou, rcps);
    }
    return errors;
}
