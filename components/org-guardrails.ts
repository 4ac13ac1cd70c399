/**
 * OrgGuardrails (unit `org`, management account): the data perimeter's organization
 * policies — SCPs and RCPs attached to the chosen OUs — and AWS RAM sharing with the
 * organization, which the network unit's shares (transit gateway, Route 53 Profile) need.
 *
 * The policy contents arrive as plain JSON strings built from the definition, so the
 * policy pack reads them at preview time.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface OrgPolicySpec {
    /** Policy name, unique among the organization's policies of its type. */
    name: string;
    /** What the policy enforces, shown in the Organizations console. */
    description: string;
    /**
     * The minified policy document (JSON text). An Output only where a value is being
     * created in the same deployment (the hub VPC id in unit `all`).
     */
    content: pulumi.Input<string>;
    /**
     * Where this policy attaches, when not `args.targets` (the Region guardrail attaches to
     * more OUs than the perimeter).
     * @default args.targets
     */
    targets?: Record<string, pulumi.Input<string>>;
    /**
     * An earlier name of this policy's resources (the policy was named after its contents
     * before it was named by slot: perimeter/scps.ts `packPolicies`). The policy and its
     * attachments are aliased to it, so `pulumi up` updates the existing ones in place rather
     * than attaching new policies next to them. Ignored when another policy has that name now.
     * @default none
     */
    formerName?: string;
}

export interface OrgGuardrailsArgs {
    /** Service control policies to create and attach. */
    serviceControlPolicies: OrgPolicySpec[];
    /** Resource control policies to create and attach. */
    resourceControlPolicies: OrgPolicySpec[];
    /**
     * Attachment targets: a label (used in child names, e.g. the OU's name in the
     * definition) → OU, root or account id.
     */
    targets: Record<string, pulumi.Input<string>>;
    /**
     * Enable AWS RAM sharing with the organization (`aws.ram.SharingWithOrganization`).
     * Only the management account can do it, once per organization. It is never disabled
     * by this component: a delete only forgets it (`retainOnDelete`).
     * @default true
     */
    enableRamSharing?: boolean;
    /**
     * Tags for the policies.
     * @default {}
     */
    tags?: Record<string, string>;
}

/**
 * The earlier name each policy's resources are aliased to (`OrgPolicySpec.formerName`), by
 * policy name: none where another policy of `specs` holds that name now (it is that policy's),
 * so no two resources claim one URN.
 */
export function policyAliases(specs: readonly Pick<OrgPolicySpec, "name" | "formerName">[]): Map<string, string> {
    const names = new Set(specs.map((p) => p.name));
    const out = new Map<string, string>();
    for (const p of specs) if (p.formerName !== undefined && !names.has(p.formerName)) out.set(p.name, p.formerName);
    return out;
}

export class OrgGuardrails extends pulumi.ComponentResource {
    /** Policy ids by policy name. */
    readonly policyIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: OrgGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:org:OrgGuardrails", name, {}, opts);
        const child = { parent: this };
        this.policyIds = {};

        const typed = [
            ...args.serviceControlPolicies.map((p) => ({ ...p, type: "SERVICE_CONTROL_POLICY", short: "scp" })),
            ...args.resourceControlPolicies.map((p) => ({ ...p, type: "RESOURCE_CONTROL_POLICY", short: "rcp" })),
        ];
        const formerNames = policyAliases(typed);
        for (const spec of typed) {
            const former = formerNames.get(spec.name);
            const aliased = (suffix: string): pulumi.CustomResourceOptions => (former === undefined ? child : { ...child, aliases: [{ name: `${name}-${former}${suffix}` }] });
            const policy = new aws.organizations.Policy(
                `${name}-${spec.name}`,
                { name: spec.name, description: spec.description, type: spec.type, content: spec.content, tags: args.tags },
                aliased(""),
            );
            this.policyIds[spec.name] = policy.id;
            for (const [label, targetId] of Object.entries(spec.targets ?? args.targets)) {
                new aws.organizations.PolicyAttachment(`${name}-${spec.name}-${label}`, { policyId: policy.id, targetId }, aliased(`-${label}`));
            }
        }

        if (args.enableRamSharing ?? true) {
            // Deleting it disables RAM's trusted access for the whole organization, breaking
            // every share with the organization or its OUs, ours and others' (aws/lifecycle.ts
            // org-sharing-delete-disables-trusted-access): removing or destroying this
            // component only forgets it.
            new aws.ram.SharingWithOrganization(`${name}-ram-sharing`, {}, { parent: this, retainOnDelete: true });
        }

        this.registerOutputs({ policyIds: this.policyIds });
    }
}
