/**
 * The bootstrap unit (management account, deployed once before every other stack): the
 * deploy role `deployment.roleName` — and the read-only preview role
 * `deployment.previewRoleName` — in every account of the organization's OUs through
 * service-managed CloudFormation StackSets (one per break-glass setting), trusted by `deployment.trustedAccount`; the same
 * roles directly in the management account when another account is trusted (StackSets skip
 * the management account, aws/deploy-roles.ts).
 *
 * The break-glass tag (`perimeter.breakGlassTag` = `true`) goes on the preview role — and on
 * the deploy role with `deployment.deployRoleBreakGlass` — in the OUs the network perimeter
 * attaches to, where a caller outside the corporate ranges and the organization's endpoints
 * (a hosted CI runner) would otherwise be denied (docs/pull-requests.md).
 */
import * as pulumi from "@pulumi/pulumi";
import { managedPolicies, managedPolicyArn, previewReads } from "../aws/deploy-roles";
import { partitionOf } from "../aws/partitions";
import { DeployRoles, RoleSpec, StackSetGroup, deployRolesTemplate } from "../components/deploy-roles";
import { Definition } from "../definition/schema";
import { UnitContext } from "./context";
import { guardrailTargets } from "./org";

/** Template parameters that switch the break-glass tag on per stack instance. */
export const BREAK_GLASS_PARAMETERS = { deploy: "DeployRoleBreakGlass", preview: "PreviewRoleBreakGlass" } as const;

/** The logical account whose principals may assume the roles: `deployment.trustedAccount`, by default `management`. */
export function trustedAccountOf(definition: Definition): string {
    return definition.deployment.trustedAccount ?? "management";
}

/** Trust policy of both roles: `sts:AssumeRole` by principals of the trusted account (its IAM policies decide which). */
export function roleTrustPolicy(definition: Definition): object {
    const partition = partitionOf(definition.region);
    const trusted = definition.accounts[trustedAccountOf(definition)];
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "TrustedAccount", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${trusted}:root` }, Action: "sts:AssumeRole" }],
    };
}

/** The roles the bootstrap unit creates; `breakGlass` only where a StackSet instance can switch it on. */
export function bootstrapRoles(definition: Definition, withBreakGlass: boolean): RoleSpec[] {
    const partition = partitionOf(definition.region);
    const tagKey = definition.perimeter.breakGlassTag;
    const roles: RoleSpec[] = [
        {
            name: definition.deployment.roleName,
            description: `landing-zone ${definition.environment}: deploys the landing zone's stacks`,
            trustPolicy: roleTrustPolicy(definition),
            managedPolicyArns: [managedPolicyArn(partition, managedPolicies.deploy)],
            ...(withBreakGlass && definition.deployment.deployRoleBreakGlass ? { breakGlass: { tagKey, parameter: BREAK_GLASS_PARAMETERS.deploy } } : {}),
        },
    ];
    const preview = definition.deployment.previewRoleName;
    if (preview) {
        roles.push({
            name: preview,
            description: `landing-zone ${definition.environment}: read-only, for pulumi preview (landing-zone:assumeRoleName)`,
            trustPolicy: roleTrustPolicy(definition),
            managedPolicyArns: [managedPolicyArn(partition, managedPolicies.preview)],
            inlinePolicies: { "preview-reads": { Version: "2012-10-17", Statement: [{ Sid: "PreviewReads", Effect: "Allow", Action: [...previewReads], Resource: "*" }] } },
            ...(withBreakGlass ? { breakGlass: { tagKey, parameter: BREAK_GLASS_PARAMETERS.preview } } : {}),
        });
    }
    return roles;
}

/** The OUs the StackSet targets (label → OU id): `deployment.bootstrap.organizationalUnits`, by default every OU. */
export function bootstrapOrganizationalUnits(definition: Definition): Record<string, string> {
    const units = definition.organization?.units ?? {};
    const names = definition.deployment.bootstrap?.organizationalUnits ?? Object.keys(units);
    return Object.fromEntries(names.map((n) => [n, units[n]]));
}

/**
 * The StackSets and their OUs: one whose break-glass parameters are `false`, for the OUs the
 * network perimeter does not attach to, and one (key `break-glass`) whose parameters are
 * `true`, for the OUs it attaches to. The values are the StackSets' own, never per-instance
 * overrides, so an account that joins an OU later gets the same tags as the accounts already
 * there (components/deploy-roles.ts StackSetGroup). Empty groups are left out.
 */
export function bootstrapStackSets(definition: Definition): StackSetGroup[] {
    const perimeterOus = new Set(Object.values(guardrailTargets(definition)));
    const parameters = bootstrapRoles(definition, true)
        .filter((r) => r.breakGlass)
        .map((r) => r.breakGlass!.parameter);
    const targets = Object.entries(bootstrapOrganizationalUnits(definition)).map(([label, id]) => ({ label, organizationalUnitId: id }));
    if (parameters.length === 0) return [{ key: "", parameters: {}, targets }];
    const groups: StackSetGroup[] = [
        { key: "", parameters: Object.fromEntries(parameters.map((p) => [p, "false"])), targets: targets.filter((t) => !perimeterOus.has(t.organizationalUnitId)) },
        { key: "break-glass", parameters: Object.fromEntries(parameters.map((p) => [p, "true"])), targets: targets.filter((t) => perimeterOus.has(t.organizationalUnitId)) },
    ];
    return groups.filter((g) => g.targets.length > 0);
}

/** The StackSet's template, as the JSON string the StackSet and the pack see. */
export function bootstrapTemplate(definition: Definition): string {
    return JSON.stringify(
        deployRolesTemplate({
            description: `landing-zone ${definition.environment}: the roles every stack of the environment assumes`,
            roles: bootstrapRoles(definition, true),
            tags: { "landing-zone:environment": definition.environment },
        }),
    );
}

export function buildBootstrap(ctx: UnitContext, callerAccountId: string): void {
    const d = ctx.definition;
    const management = d.accounts.management;
    if (callerAccountId !== management) {
        throw new pulumi.RunError(
            `stack ${ctx.environment}-bootstrap runs with credentials of the management account ${management} (it creates the StackSet as the management account, and the roles every other stack assumes do not exist yet); ` +
                `these credentials are of account ${callerAccountId}`,
        );
    }
    const roles = bootstrapRoles(d, true);
    new DeployRoles(
        `${ctx.environment}-deploy-roles`,
        {
            stackSetName: `${ctx.environment}-landing-zone-roles`,
            description: `landing-zone ${ctx.environment}: ${roles.map((r) => r.name).join(" and ")} in every account of the organization's OUs`,
            templateBody: bootstrapTemplate(d),
            stackSets: bootstrapStackSets(d),
            region: d.region,
            managementRoles: trustedAccountOf(d) === "management" ? [] : bootstrapRoles(d, false),
            tags: { "landing-zone:environment": ctx.environment },
        },
        ctx.opts("management"),
    );
}
