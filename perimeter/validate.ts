/**
 * The perimeter's check of a definition: the policy documents every deploy generates
 * (SCPs, RCPs, bucket policies) have hard size limits (aws/quotas.ts); a definition
 * whose documents cannot be built within them is an invalid definition, reported with
 * the rest (same diagnostics, file:line:col) rather than as a program error at deploy
 * time. The SCPs and RCPs are sized as they will be once the network stack has published
 * its hub VPC id (perimeter/networks.ts `sizingNetworks`, the longest id AWS issues), so a
 * definition that fits today does not overflow at the org stack's second pass. They also
 * have a quota per OU (5 of each kind, the AWS-managed one included): counted OU by OU from
 * the same packs (`controlPolicySlots`), and for a change, while its update runs
 * (`controlPolicySlotsDuringChange`, which `npm run deploy -- --from` refuses by). Runs on a
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
import { maxControlPoliciesPerTarget, policySizeLimits } from "../aws/quotas";
import { ChangeProblem } from "../definition/hub-cidr-change";
import { minifiedSize } from "./size";

export function validatePerimeter(definition: Definition, locate: Locate, file: string): Diagnostic[] {
    const attempts: [(string | number)[], () => unknown, ("scp" | "rcp")?][] = [
        [sizeKey(definition), () => serviceControlPolicies(definition, sizingNetworks(definition)), "scp"],
        [sizeKey(definition), () => resourceControlPolicies(definition, sizingNetworks(definition)), "rcp"],
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
    const slots = definition.organization ? controlPolicySlots(definition, locate, file) : { errors: [], reported: new Set<string>() };
    const errors: Diagnostic[] = [...slots.errors];
    if (definition.organization && definition.perimeter.denyOtherRegions && slots.errors.length === 0) {
        // Validation cannot know what is deployed: the change that turns the guardrail on is judged as if it were off today.
        const off = { ...definition, perimeter: { ...definition.perimeter, denyOtherRegions: false } };
        for (const p of controlPolicySlotsDuringChange(definition, off)) {
            warnings.push(
                diagnosticAt(locate, file, p.path, "warning", `if this environment is deployed with perimeter.denyOtherRegions off today, ${p.message} (npm run deploy -- --from refuses that change)`),
            );
        }
    }
    // What no count above explains (a statement too large on its own, a bucket policy over S3's limit): the generators' own error.
    for (const [keyPath, generate, kind] of attempts) {
        if (kind && slots.reported.has(kind)) continue;
        try {
            generate();
        } catch (e) {
            errors.push(diagnosticAt(locate, file, keyPath, "error", `the data perimeter cannot be generated from this definition: ${(e as Error).message}`));
        }
    }
    return [...errors, ...warnings];
}

/**
 * The setting whose value makes the perimeter's own statements long: the list the user would
 * shorten (the corporate ranges, the approved endpoint services), else the accounts (every
 * account id is a value of the PrivateLink and network perimeter conditions).
 */
function sizeKey(definition: Definition): (string | number)[] {
    if (definition.perimeter.corporateCidrs.length > 0) return ["perimeter", "corporateCidrs"];
    if (definition.perimeter.approvedEndpointServices.length > 0) return ["perimeter", "approvedEndpointServices"];
    return ["accounts"];
}

/** Each generated policy whose minified size is over AWS's limit for its kind (aws/quotas.ts `policySizeLimits`). */
export function oversizedPolicies(policies: NamedPolicy[], kind: "scp" | "rcp"): { policy: NamedPolicy; size: number; limit: number }[] {
    const limit = policySizeLimits[kind];
    return policies.map((policy) => ({ policy, size: minifiedSize(policy.document), limit })).filter((p) => p.size > limit);
}

/**
 * AWS allows 5 SCPs and 5 RCPs per target — root, OU or account —, the AWS-managed
 * FullAWSAccess / RCPFullAWSAccess included (aws/quotas.ts `maxControlPoliciesPerTarget`).
 * This definition's targets are OUs only (`perimeter.attachTo`, `perimeter.regionGuardrailAttachTo`:
 * names of organization.units, whose values the schema takes as OU ids — never the root or an
 * account). For each OU and kind: the managed policy, what `perimeter.existingPolicies` says is
 * already there, and the policies of this environment attached there — counted from the same
 * packs the program creates (perimeter/scps.ts, perimeter/rcps.ts, kept whole when they overflow
 * rather than thrown), not re-counted. One error per OU and kind over the quota, at the setting
 * that tipped it over: `perimeter.denyOtherRegions` when the OU would fit without the Region
 * guardrail, the OU's `perimeter.existingPolicies` count when it holds others, else the list
 * that makes the perimeter long. Also each generated policy over its size limit (the Region
 * guardrail's is not packed: its size is checked here).
 */
function controlPolicySlots(definition: Definition, locate: Locate, file: string): { errors: Diagnostic[]; reported: Set<"scp" | "rcp"> } {
    const networks = sizingNetworks(definition);
    const packed = (generate: () => NamedPolicy[]): NamedPolicy[] | undefined => {
        try {
            return generate();
        } catch {
            return undefined; // a statement too large on its own: the generators' own error is reported by the caller
        }
    };
    const scps = packed(() => serviceControlPolicies(definition, networks, "keep"));
    const rcps = packed(() => resourceControlPolicies(definition, networks, "keep"));
    const withoutGuardrail = definition.perimeter.denyOtherRegions
        ? packed(() => serviceControlPolicies({ ...definition, perimeter: { ...definition.perimeter, denyOtherRegions: false } }, networks, "keep"))
        : undefined;
    const perimeter = new Set(perimeterOus(definition));
    const guardrail = new Set(regionGuardrailOus(definition));
    const errors: Diagnostic[] = [];
    const reported = new Set<"scp" | "rcp">();
    const onOu = (ou: string, policies: NamedPolicy[]) => policies.filter((p) => (p.attachment === "region-guardrail" ? guardrail.has(ou) : perimeter.has(ou)));
    const limit = maxControlPoliciesPerTarget;
    const check = (kind: "scp" | "rcp", ou: string, ours: NamedPolicy[]) => {
        if (ours.length === 0) return;
        const key = kind === "scp" ? "scps" : "rcps";
        const existing = definition.perimeter.existingPolicies[key][ou] ?? 0;
        const total = 1 + existing + ours.length;
        if (total <= limit) return;
        reported.add(kind);
        const full = kind === "scp" ? "FullAWSAccess" : "RCPFullAWSAccess";
        const KIND = kind.toUpperCase();
        const region = ours.find((p) => p.attachment === "region-guardrail");
        const own = ours.filter((p) => p.attachment !== "region-guardrail");
        const fitsWithout = region && withoutGuardrail ? 1 + existing + onOu(ou, withoutGuardrail).length : undefined;
        let keyPath: (string | number)[];
        let why: string;
        let fix: string;
        if (fitsWithout !== undefined && fitsWithout <= limit) {
            keyPath = ["perimeter", "denyOtherRegions"];
            why = `perimeter.denyOtherRegions tipped it over: the Region guardrail is an SCP of its own, and without it OU ${ou} would hold ${fitsWithout} of ${limit}`;
            fix =
                `leave ${ou} out of perimeter.regionGuardrailAttachTo, ` +
                (own.length > 0 ? `shorten the perimeter so it packs into ${Math.max(0, limit - 2 - existing)} SCP(s) (${sizeKey(definition).join(".")}), ` : "") +
                `${existing > 0 ? `detach one of the ${existing} already there, ` : ""}or leave perimeter.denyOtherRegions off`;
        } else if (existing > 0) {
            keyPath = ["perimeter", "existingPolicies", key, ou];
            why = `the ${existing} already there leave ${Math.max(0, limit - 1 - existing)} slot(s)`;
            fix =
                `detach or merge existing policies, attach this environment's elsewhere (perimeter.attachTo${kind === "scp" ? ", perimeter.regionGuardrailAttachTo" : ""}), ` +
                `or shorten the perimeter so it packs into fewer policies (${sizeKey(definition).join(".")})`;
        } else {
            keyPath = sizeKey(definition);
            why = `the perimeter's statements need ${own.length} ${KIND}s of at most ${policySizeLimits[kind]} characters`;
            fix = `shorten ${keyPath.join(".")} so the perimeter packs into ${Math.max(0, limit - 1 - (region ? 1 : 0))}${region ? ", or leave the Region guardrail off this OU (perimeter.regionGuardrailAttachTo)" : ""}`;
        }
        errors.push(
            diagnosticAt(
                locate,
                file,
                keyPath,
                "error",
                `OU ${ou} would have ${total} ${KIND}s attached: ${full}, ${existing} already there (perimeter.existingPolicies.${key}.${ou}) and ${ours.length} of this environment ` +
                    `(${ours.map((p) => p.name).join(", ")}): ${total} of the ${limit} ${KIND} slots AWS allows per OU, ${full} counted, and AttachPolicy would fail mid-deploy ` +
                    `(https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html). ${why}. What would work: ${fix}`,
            ),
        );
    };
    for (const ou of [...new Set([...perimeter, ...guardrail])]) {
        if (scps) check("scp", ou, onOu(ou, scps));
        if (rcps && perimeter.has(ou)) check("rcp", ou, rcps);
    }
    for (const [kind, policies] of [["scp", scps], ["rcp", rcps]] as const) {
        for (const { policy, size, limit: max } of oversizedPolicies(policies ?? [], kind)) {
            reported.add(kind);
            const keyPath = policy.attachment === "region-guardrail" ? ["perimeter", "denyOtherRegions"] : sizeKey(definition);
            errors.push(
                diagnosticAt(
                    locate,
                    file,
                    keyPath,
                    "error",
                    `${kind.toUpperCase()} ${policy.name} would be ${size} characters minified, over the ${max} AWS allows per ${kind.toUpperCase()} (aws/quotas.ts); ` +
                        (policy.attachment === "region-guardrail"
                            ? `it lists every Region the environment allows: fewer hub or failover Regions would fit`
                            : `shorten ${keyPath.join(".")}`),
                ),
            );
        }
    }
    return { errors, reported };
}

/**
 * The slots a change takes while it runs. One `pulumi up` creates (and attaches) new resources
 * before it deletes the ones the definition no longer has, and the perimeter's policies are named
 * by slot (perimeter/scps.ts `policySlotName`): a policy whose slot both definitions fill is updated
 * in place, one only the new definition has is created and attached first, one only the earlier
 * has is detached and deleted at the end. So while the org stack's `up` runs, an OU holds the
 * managed policy, the existing ones and every policy of ours either definition attaches there.
 * Turning `perimeter.denyOtherRegions` on while the perimeter fills every slot is the case: the
 * perimeter repacks into fewer policies to leave the guardrail a slot, but the guardrail is
 * attached before the perimeter's last slots go, and AWS refuses the attachment
 * (POLICY_NUMBER_LIMIT_EXCEEDED). One problem per OU and kind whose peak is over the quota while
 * the end state fits (an end state over it is validation's, `controlPolicySlots`), at the key of
 * the new definition that adds the policy: `npm run deploy -- --from` refuses such a change, and
 * validation warns about it for a definition with the guardrail on (it cannot know whether the
 * environment is deployed with it off today).
 */
export function controlPolicySlotsDuringChange(definition: Definition, from: Definition): ChangeProblem[] {
    if (!definition.organization || !from.organization) return [];
    const packs = (d: Definition) => {
        try {
            return { scp: serviceControlPolicies(d, sizingNetworks(d)), rcp: resourceControlPolicies(d, sizingNetworks(d)) };
        } catch {
            return undefined; // a definition whose policies cannot be built is refused by validation
        }
    };
    const now = packs(definition);
    const before = packs(from);
    if (!now || !before) return [];
    /** OU id → names of the policies of `kind` a definition attaches there. */
    const attached = (d: Definition, policies: NamedPolicy[]): Map<string, Set<string>> => {
        const units = d.organization?.units ?? {};
        const perimeter = new Set(perimeterOus(d).map((ou) => units[ou]));
        const guardrail = new Set(regionGuardrailOus(d).map((ou) => units[ou]));
        const byOu = new Map<string, Set<string>>();
        for (const p of policies) {
            for (const id of p.attachment === "region-guardrail" ? guardrail : perimeter) {
                if (id === undefined) continue;
                if (!byOu.has(id)) byOu.set(id, new Set());
                byOu.get(id)!.add(p.name);
            }
        }
        return byOu;
    };
    const limit = maxControlPoliciesPerTarget;
    const problems: ChangeProblem[] = [];
    for (const kind of ["scp", "rcp"] as const) {
        const after = attached(definition, now[kind]);
        const earlier = attached(from, before[kind]);
        for (const [ou, id] of Object.entries(definition.organization.units)) {
            const ours = after.get(id) ?? new Set<string>();
            const old = earlier.get(id) ?? new Set<string>();
            const key = kind === "scp" ? "scps" : "rcps";
            const existing = definition.perimeter.existingPolicies[key][ou] ?? 0;
            const peak = new Set([...ours, ...old]);
            if (1 + existing + ours.size > limit || 1 + existing + peak.size <= limit) continue;
            const added = [...ours].filter((n) => !old.has(n));
            if (added.length === 0) continue; // nothing is attached while it runs: the deletes only free slots
            const removed = [...old].filter((n) => !ours.has(n));
            const isGuardrail = (name: string, policies: NamedPolicy[]) => policies.some((p) => p.name === name && p.attachment === "region-guardrail");
            const attaching = added.some((n) => isGuardrail(n, now[kind]));
            const detaching = removed.some((n) => isGuardrail(n, before[kind]));
            const full = kind === "scp" ? "FullAWSAccess" : "RCPFullAWSAccess";
            const KIND = kind.toUpperCase();
            const switched = definition.perimeter.denyOtherRegions !== from.perimeter.denyOtherRegions;
            const hold = `raise perimeter.existingPolicies.scps.${ou} by 1`;
            let path: (string | number)[];
            let cause: string;
            let fix: string;
            if (attaching) {
                path = switched ? ["perimeter", "denyOtherRegions"] : ["perimeter", "regionGuardrailAttachTo"];
                cause = switched ? "turning perimeter.denyOtherRegions on" : `attaching the Region guardrail to OU ${ou}`;
                fix =
                    `deploy it in two changes: first ${hold} (the perimeter repacks into one policy fewer, in place, and deletes ${removed.join(", ")}), ` +
                    `then ${switched ? "turn perimeter.denyOtherRegions on" : `attach the guardrail to ${ou}`} and put the count back; or shorten the perimeter (${sizeKey(definition).join(".")}) so it needs fewer slots`;
            } else if (detaching) {
                path = switched ? ["perimeter", "denyOtherRegions"] : ["perimeter", "regionGuardrailAttachTo"];
                cause = switched ? "turning perimeter.denyOtherRegions off" : `detaching the Region guardrail from OU ${ou}`;
                fix =
                    `deploy it in two changes: first ${switched ? "turn it off" : "detach it"} and ${hold} (the guardrail goes while the perimeter keeps its policies), ` +
                    `then put the count back (the perimeter spreads into the freed slot: ${added.join(", ")})`;
            } else {
                path = existing > 0 ? ["perimeter", "existingPolicies", key, ou] : sizeKey(definition);
                cause = "this change";
                fix = `deploy it in two changes: first one that deletes ${removed.join(", ")} (fewer policies), then one that adds ${added.join(", ")}`;
            }
            problems.push({
                path,
                message:
                    `${cause} would take OU ${ou} to ${1 + existing + peak.size} of the ${limit} ${KIND} slots AWS allows per OU (${full} counted${existing > 0 ? `, ${existing} already there` : ""}) while the update runs: ` +
                    `one pulumi up creates and attaches ${added.join(", ")} before it deletes ${removed.join(", ")}, which the new definition no longer has, and AttachPolicy fails (POLICY_NUMBER_LIMIT_EXCEEDED). ` +
                    `After the update OU ${ou} would hold ${1 + existing + ours.size}, which fits. What would work: ${fix}`,
            });
        }
    }
    return problems;
}
