/**
 * The org unit (management account): the data perimeter's SCPs and RCPs attached to the
 * definition's OUs, and RAM sharing with the organization. Also the protected buckets'
 * policies, which the stack owning each bucket's account builds.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { OrgGuardrails } from "../components/org-guardrails";
import { Definition } from "../definition/schema";
import { bucketPolicy } from "../perimeter/bucket-policies";
import { resourceControlPolicies } from "../perimeter/rcps";
import { NamedPolicy, serviceControlPolicies } from "../perimeter/scps";
import { minify } from "../perimeter/size";
import { UnitContext } from "./context";
import { accountOfUnit } from "../definition/units";

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

function specs(policies: NamedPolicy[]) {
    return policies.map((p) => ({ name: p.name, description: p.description, content: minify(p.document) }));
}

export function buildOrgGuardrails(ctx: UnitContext): void {
    const d = ctx.definition;
    if (!d.organization) return; // single-account environments have no organization policies
    const targets = guardrailTargets(d);
    if (Object.keys(targets).length === 0) {
        pulumi.log.warn(
            `${ctx.definitionFile}: organization.units is empty, so the perimeter SCPs and RCPs are created but attached to no OU; ` +
                `list OUs under organization.units (and optionally perimeter.attachTo)`,
        );
    }
    new OrgGuardrails(
        `${ctx.environment}-guardrails`,
        {
            serviceControlPolicies: specs(serviceControlPolicies(d)),
            resourceControlPolicies: specs(resourceControlPolicies(d)),
            targets,
            tags: { "landing-zone:environment": ctx.environment },
        },
        ctx.opts(accountOfUnit(d, "org") ?? "management"),
    );
}

/** One bucket policy per protected bucket, in the bucket's account. */
export function buildProtectedBucketPolicies(ctx: UnitContext, buckets: Definition["perimeter"]["protectedBuckets"]): void {
    for (const bucket of buckets) {
        new aws.s3.BucketPolicy(
            `${bucket.name}-perimeter-policy`,
            { bucket: bucket.name, policy: minify(bucketPolicy(ctx.definition, bucket.name)) },
            ctx.opts(bucket.account),
        );
    }
}
