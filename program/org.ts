/**
 * The org unit (management account): the data perimeter's SCPs and RCPs attached to the
 * definition's OUs, and RAM sharing with the organization. Also the protected buckets'
 * policies, which the stack owning each bucket's account builds.
 *
 * The network perimeter names the hub VPC for the services whose requests carry no
 * aws:VpceOrgID (perimeter/network-perimeter.ts). The org stack reads it from the network
 * stack's output `hubVpcId` at program time, so the policies stay plain JSON the pack
 * judges at preview. That makes the org stack depend on the network stack, after the
 * network stack depends on the org stack (RAM sharing with the organization):
 *   <env>-org (pass 1: those services not held yet) → <env>-network → <env>-org (pass 2).
 * In unit `all` the hub VPC id is computed in the same deployment, so the policies that
 * name it are unknown at preview there.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { OrgGuardrails, OrgPolicySpec } from "../components/org-guardrails";
import { Definition } from "../definition/schema";
import { protectedBucketPolicies } from "../perimeter/bucket-policies";
import { networkPerimeterPlan, perimeterNamesHubVpc } from "../perimeter/network-perimeter";
import { perimeterNetworks, sizingNetworks } from "../perimeter/networks";
import { resourceControlPolicies } from "../perimeter/rcps";
import { NamedPolicy, serviceControlPolicies } from "../perimeter/scps";
import { minify } from "../perimeter/size";
import { UnitContext } from "./context";
import { readStackOutputs } from "./references";
import { accountOfUnit } from "../definition/units";
import { hubRegions } from "../definition/regions";
import { stackName } from "../definition/units";

/** Network stack output carrying the hub VPC id (read by the org stack's second pass). */
export const hubVpcIdOutputName = "hubVpcId";

/**
 * The OUs the perimeter policies attach to: `perimeter.attachTo` (OU names) or, by
 * default, every OU in `organization.units`. Label (OU name) → OU id.
 */
export function guardrailTargets(definition: Definition): Record<string, string> {
    const units = definition.organization?.units ?? {};
    const names = definition.perimeter.attachTo ?? Object.keys(units);
    const targets: Record<string, string> = {};
    for (const name of names) {
        const id = units[name];
        if (!id) {
            throw new Error(`perimeter.attachTo names OU "${name}", which is not in organization.units (${Object.keys(units).join(", ") || "none"})`);
        }
        targets[name] = id;
    }
    return targets;
}

/**
 * The OUs the Region guardrail (`perimeter.denyOtherRegions`) attaches to:
 * `perimeter.regionGuardrailAttachTo` or, by default, every OU in `organization.units` — not
 * only the perimeter's, so the infrastructure and security OUs are held too. SCPs never bind
 * the management account (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
 */
export function regionGuardrailTargets(definition: Definition): Record<string, string> {
    const units = definition.organization?.units ?? {};
    const names = definition.perimeter.regionGuardrailAttachTo ?? Object.keys(units);
    const targets: Record<string, string> = {};
    for (const name of names) {
        const id = units[name];
        if (!id) throw new Error(`perimeter.regionGuardrailAttachTo names OU "${name}", which is not in organization.units (${Object.keys(units).join(", ") || "none"})`);
        targets[name] = id;
    }
    return targets;
}

/** A hub VPC as the org unit knows it: a plain id (read from the network stack) or the id being created (unit `all`). */
export interface HubVpc {
    region: string;
    vpcId: pulumi.Input<string>;
}

/**
 * The policies' contents. Known VPC ids go in as they are; ids still being created (unit
 * `all`) go in as same-length placeholders and are substituted when known, so only the
 * policies that name them wait for them.
 */
export function policySpecs(definition: Definition, hubs: HubVpc[]): { scps: OrgPolicySpec[]; rcps: OrgPolicySpec[] } {
    const placeholders = new Map<string, pulumi.Output<string>>();
    const known = hubs.map((h, i) => {
        if (typeof h.vpcId === "string") return { region: h.region, vpcId: h.vpcId };
        // Same length as the longest VPC id, so the size checks hold for the real one.
        const token = `vpc-${String(i).padStart(17, "x")}`;
        placeholders.set(token, pulumi.output(h.vpcId));
        return { region: h.region, vpcId: token };
    });
    const networks = perimeterNetworks(definition, known);
    const specs = (policies: NamedPolicy[]): OrgPolicySpec[] =>
        policies.map((p): OrgPolicySpec => {
            const text = minify(p.document);
            const used = [...placeholders].filter(([token]) => text.includes(token));
            const content: pulumi.Input<string> =
                used.length === 0
                    ? text
                    : pulumi.all(used.map(([, id]) => id)).apply((ids) => used.reduce((t, [token], i) => t.split(token).join(ids[i]), text));
            return { name: p.name, description: p.description, content, ...(p.contentName ? { formerName: p.contentName } : {}), ...(p.attachment === "region-guardrail" ? { targets: regionGuardrailTargets(definition) } : {}) };
        });
    return { scps: specs(serviceControlPolicies(definition, networks)), rcps: specs(resourceControlPolicies(definition, networks)) };
}

/**
 * The organization's guardrails. `hubs`: the hub VPCs when the caller has them (unit
 * `all`); otherwise they are read from the network stack's outputs.
 */
export async function buildOrgGuardrails(ctx: UnitContext, hubs?: HubVpc[]): Promise<OrgGuardrails | undefined> {
    const d = ctx.definition;
    if (!d.organization) return undefined; // single-account environments have no organization policies
    const targets = guardrailTargets(d);
    if (Object.keys(targets).length === 0) {
        pulumi.log.warn(
            `${ctx.definitionFile}: organization.units is empty, so the perimeter SCPs and RCPs are created but attached to no OU; ` +
                `list OUs under organization.units (and optionally perimeter.attachTo)`,
        );
    }
    let hubVpcs = hubs ?? [];
    if (!hubs && perimeterNamesHubVpc(d)) {
        // Each hub Region's network stack publishes its own hub VPC id; each id is paired with its
        // Region (VPC ids are unique per Region only).
        const published: { region: string; vpcId: string }[] = [];
        const missing: string[] = [];
        for (const hub of hubRegions(d)) {
            const out = await readStackOutputs(ctx.environment, hub.unit, [hubVpcIdOutputName] as const);
            const id = out[hubVpcIdOutputName];
            if (typeof id === "string") published.push({ region: hub.region, vpcId: id });
            else missing.push(stackName(ctx.environment, hub.unit));
        }
        hubVpcs = published;
        if (missing.length > 0) {
            const pending = networkPerimeterPlan(d, perimeterNetworks(d, published)).pendingVpcIds;
            const held = networkPerimeterPlan(d, sizingNetworks(d)).bySourceVpc;
            pulumi.log.info(
                `${missing.join(", ")} ${missing.length > 1 ? "have" : "has"} not published ${missing.length > 1 ? "their" : "its"} hub VPC id yet, so the network perimeter ` +
                    (pending.length > 0 ? `does not hold ${pending.join(", ")}` : `does not admit ${held.join(", ")} through ${missing.length > 1 ? "those hub VPCs" : "the hub VPC"}`) +
                    ` (their requests carry no aws:VpceOrgID, only the hub VPC's id). Deploy ${missing.join(", ")}, then run ${ctx.environment}-org again.`,
            );
        }
    }
    const { scps, rcps } = policySpecs(d, hubVpcs);
    return new OrgGuardrails(
        `${ctx.environment}-guardrails`,
        { serviceControlPolicies: scps, resourceControlPolicies: rcps, targets, tags: { "landing-zone:environment": ctx.environment } },
        ctx.opts(accountOfUnit(d, "org") ?? "management"),
    );
}

/**
 * One bucket policy per protected bucket, in the bucket's account: the perimeter's
 * statements and the owner's own (`protectedBuckets[].statements`). The policy replaces
 * whatever policy the bucket had (S3 PutBucketPolicy).
 *
 * `retainOnDelete`: a bucket has ONE policy, and DeleteBucketPolicy removes it whoever put
 * it (aws/lifecycle.ts bucket-policy-one-per-bucket). The stack that writes it is the
 * account's first unit (definition/units.ts ownerUnitOfAccount); when that unit is removed
 * the next one takes over and puts the same policy, and the old owner's destroy must not
 * delete it — before or after the new owner's put, that would leave the bucket open (and,
 * after it, the new owner's state would still say the policy is there). So no stack ever
 * deletes it: a stack that stops writing it only forgets it. A bucket taken out of
 * `protectedBuckets`, or an environment destroyed, keeps its last perimeter policy until its
 * owner replaces or deletes it (README "Destroy").
 */
export function buildProtectedBucketPolicies(ctx: UnitContext, buckets: Definition["perimeter"]["protectedBuckets"]): void {
    const names = new Set(buckets.map((b) => b.name));
    for (const policy of protectedBucketPolicies(ctx.definition).filter((p) => names.has(p.bucket))) {
        new aws.s3.BucketPolicy(`${policy.bucket}-perimeter-policy`, { bucket: policy.bucket, policy: minify(policy.document) }, { ...ctx.opts(policy.account), retainOnDelete: true });
    }
}
