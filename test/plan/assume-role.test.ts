/**
 * Pull-request previews use a read-only role: with `landing-zone:assumeRoleName` in the
 * stack's config, every provider assumes that role in its account instead of
 * `deployment.roleName`; without it, nothing changes.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { PlanError } from "../../tools/plan/errors";
import { sharedPlan } from "../support/plans";
import { loadDefinitionFile } from "../../program/load";

const prod = path.resolve(__dirname, "..", "..", "stacks", "prod.yaml");

/** The role ARNs the plan's AWS providers assume. */
async function assumedRoles(config?: Record<string, string>): Promise<string[]> {
    const plan = await sharedPlan({ definitionFile: prod, unit: "all", config });
    const providers = plan.resources.filter((r) => r.type === "pulumi:providers:aws");
    assert.ok(providers.length >= 5, "one provider per account of the environment");
    // The caller's own account (the plan runs as the management account) uses the caller's credentials.
    const assuming = providers.filter((p) => p.inputs.assumeRoles !== undefined);
    assert.deepStrictEqual(providers.filter((p) => !assuming.includes(p)).map((p) => p.name), ["management-provider"]);
    return assuming.map((p) => {
        const roles = typeof p.inputs.assumeRoles === "string" ? JSON.parse(p.inputs.assumeRoles) : p.inputs.assumeRoles;
        return (roles as { roleArn: string }[])[0].roleArn;
    });
}

describe("landing-zone:assumeRoleName (the preview role)", function () {
    this.timeout(120000);
    const deployRole = loadDefinitionFile(prod).definition!.deployment.roleName;

    it("by default every provider assumes deployment.roleName", async () => {
        for (const arn of await assumedRoles()) assert.match(arn, new RegExp(`^arn:aws:iam::\\d{12}:role/${deployRole}$`));
    });

    it("set, every provider assumes the named role instead, in its own account", async () => {
        const arns = await assumedRoles({ "landing-zone:assumeRoleName": "LandingZonePreview" });
        for (const arn of arns) assert.match(arn, /^arn:aws:iam::\d{12}:role\/LandingZonePreview$/);
        assert.strictEqual(new Set(arns.map((a) => a.split(":")[4])).size, arns.length, "one account each");
    });

    it("a value that is not a role name stops the program with a clear message", async () => {
        await assert.rejects(sharedPlan({ definitionFile: prod, unit: "network", config: { "landing-zone:assumeRoleName": "arn:aws:iam::1:role/x" } }), (err: unknown) => {
            assert.ok(err instanceof PlanError);
            assert.match(err.message, /landing-zone:assumeRoleName "arn:aws:iam::1:role\/x" is not an IAM role name/);
            return true;
        });
    });
});
