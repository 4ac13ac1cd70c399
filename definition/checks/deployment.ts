/**
 * Deployment: the trusted account exists, the preview role is not the deploy role, and the
 * bootstrap unit has what a service-managed StackSet needs (an organization, OUs that exist)
 * and rolls out role names a StackSet can create.
 */
import { organizationCreatedRole } from "../../aws/deploy-roles";
import { suggest } from "../shape-issues";
import { CheckContext, rec, str, strings } from "./context";

export function checkDeployment(c: CheckContext): void {
    const deployment = rec(c.root.deployment);
    if (!deployment) return;
    if (deployment.trustedAccount !== undefined) c.accountRef(["deployment", "trustedAccount"], deployment.trustedAccount, "trusted account");
    const roleName = str(deployment.roleName) ?? organizationCreatedRole;
    const previewRole = str(deployment.previewRoleName);
    if (previewRole !== undefined && previewRole === roleName) {
        c.error(["deployment", "previewRoleName"], `the preview role must be another role than the deploy role (${roleName}): it is read-only, and pull requests assume it instead of the deploy role`);
    }
    const bootstrap = rec(deployment.bootstrap) ?? (deployment.bootstrap === null ? {} : undefined);
    if (deployment.bootstrap === undefined) {
        if (previewRole !== undefined) c.warn(["deployment", "previewRoleName"], `nothing creates the preview role ${previewRole}: add deployment.bootstrap to roll it out with the deploy role, or create it yourself in every account`, "key");
        if (deployment.deployRoleBreakGlass !== undefined) c.warn(["deployment", "deployRoleBreakGlass"], `deployRoleBreakGlass tags the deploy role the bootstrap unit creates; without deployment.bootstrap it has no effect`, "key");
        return;
    }
    if (!c.organization) {
        c.error(
            ["deployment", "bootstrap"],
            "the bootstrap unit rolls the roles out with a service-managed CloudFormation StackSet, which targets an organization's OUs; without an organization there is nothing to target. Create the deploy role yourself (a single account needs none: the stack uses your credentials) or add the organization block",
            "key",
        );
        return;
    }
    if (!("management" in c.accounts)) return; // checks/accounts.ts reports it
    if (roleName === organizationCreatedRole) {
        c.error(
            ["deployment", "roleName"],
            `the bootstrap unit cannot roll out ${organizationCreatedRole}: AWS Organizations already created a role of that name in every account it created, and a StackSet cannot create a role that exists. ` +
                `Name the deploy role yourself (e.g. LandingZoneDeploy), or leave deployment.bootstrap out and use ${organizationCreatedRole}`,
            deployment.roleName === undefined ? "key" : "value",
        );
    }
    if (previewRole === organizationCreatedRole) {
        c.error(["deployment", "previewRoleName"], `a StackSet cannot create ${organizationCreatedRole}, which AWS Organizations already created in every account it created; choose another name (e.g. LandingZonePreview)`);
    }
    const ous = bootstrap?.organizationalUnits;
    const known = Object.keys(c.units);
    if (ous === undefined && known.length === 0) {
        c.error(["deployment", "bootstrap"], "the bootstrap StackSet has no OU to deploy to: organization.units is empty. List the OUs that hold the environment's accounts there (or in deployment.bootstrap.organizationalUnits)", "key");
    }
    for (const [i, ou] of strings(ous)) {
        if (!(ou in c.units)) {
            const hint = suggest(ou, known);
            c.error(["deployment", "bootstrap", "organizationalUnits", i], `OU "${ou}" is not in organization.units${hint ? ` — did you mean "${hint}"?` : known.length ? ` (known: ${known.join(", ")})` : ""}`);
        }
    }
}
