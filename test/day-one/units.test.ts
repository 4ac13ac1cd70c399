/**
 * The day-one units through the real program under the mock runtime: the bootstrap unit's
 * StackSet and roles (read from its template, as the pack and `pulumi preview` see it), the
 * management account handled directly, the break-glass tag only where the network perimeter
 * attaches; the Direct Connect gateway in reachability; the existing-attachment and
 * CloudWatch paths unchanged.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { analyzeReachability, compareReachability, intendedReachability } from "../../analysis/reachability";
import { PlannedResource } from "../../analysis/plan-records";
import { managedPolicies, managedPolicyArn, previewReads, stackSetsSkipManagementAccount } from "../../aws/deploy-roles";
import { T } from "../../aws/lifecycle";
import { Definition } from "../../definition/schema";
import { buildBootstrap } from "../../program/bootstrap";
import { UnitContext } from "../../program/context";
import { loadForPlan } from "../../tools/plan/run";
import { sharedPlan } from "../support/plans";

const fixture = path.resolve(__dirname, "..", "fixtures", "definitions", "eu-adopter.yaml");
const ofType = (resources: PlannedResource[], type: string) => resources.filter((r) => r.type === type);

/** The fixture, edited as YAML, in a temporary `<env>.yaml`. */
function variant(edit: (doc: Record<string, any>) => void): { file: string; definition: Definition; cleanup: () => void } {
    const doc = YAML.parse(fs.readFileSync(fixture, "utf8"));
    edit(doc);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "day-one-"));
    const file = path.join(dir, "eu-adopter.yaml");
    fs.writeFileSync(file, YAML.stringify(doc));
    return { file, definition: loadForPlan(file).definition, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe("day one: the bootstrap unit", function () {
    this.timeout(120000);
    const raw = YAML.parse(fs.readFileSync(fixture, "utf8"));
    const definition = loadForPlan(fixture).definition;
    let resources: PlannedResource[];
    before(async () => {
        resources = (await sharedPlan({ definitionFile: fixture, unit: "bootstrap", definition })).resources;
    });

    it("rolls the roles out with a service-managed StackSet, auto-deployed, one instance per OU in the definition's Region", () => {
        for (const stackSet of ofType(resources, T.stackSet)) {
            assert.strictEqual(stackSet.inputs.permissionModel, "SERVICE_MANAGED");
            assert.deepStrictEqual(stackSet.inputs.autoDeployment, { enabled: true, retainStacksOnAccountRemoval: false });
            assert.deepStrictEqual(stackSet.inputs.capabilities, ["CAPABILITY_NAMED_IAM"]);
        }
        const instances = ofType(resources, T.stackSetInstance);
        const ous = raw.deployment.bootstrap.organizationalUnits.map((n: string) => raw.organization.units[n]);
        assert.deepStrictEqual(instances.map((i) => (i.inputs.deploymentTargets as { organizationalUnitIds: string[] }).organizationalUnitIds[0]).sort(), [...ous].sort());
        for (const i of instances) assert.strictEqual(i.inputs.stackSetInstanceRegion, raw.region);
    });

    it("creates the deploy role and the read-only preview role, trusted by the trusted account, from a template the pack can read", () => {
        const [stackSet] = ofType(resources, T.stackSet);
        const template = JSON.parse(String(stackSet.inputs.templateBody));
        const roles = Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>);
        assert.ok(roles.every((r) => r.Type === "AWS::IAM::Role"));
        const byName = Object.fromEntries(roles.map((r) => [r.Properties.RoleName, r.Properties]));
        const trusted = `arn:aws:iam::${raw.accounts[raw.deployment.trustedAccount]}:root`;
        for (const name of [raw.deployment.roleName, raw.deployment.previewRoleName]) {
            assert.ok(byName[name], name);
            assert.deepStrictEqual(byName[name].AssumeRolePolicyDocument.Statement.map((s: any) => [s.Effect, s.Principal.AWS, s.Action]), [["Allow", trusted, "sts:AssumeRole"]]);
        }
        assert.deepStrictEqual(byName[raw.deployment.roleName].ManagedPolicyArns, [managedPolicyArn("aws", managedPolicies.deploy)]);
        const preview = byName[raw.deployment.previewRoleName];
        assert.deepStrictEqual(preview.ManagedPolicyArns, [managedPolicyArn("aws", managedPolicies.preview)]);
        assert.deepStrictEqual(preview.Policies[0].PolicyDocument.Statement[0].Action, [...previewReads]);
        assert.ok(!JSON.stringify(preview).includes("AdministratorAccess"), "the preview role is read-only");
    });

    it("carries the break-glass tag on the preview role exactly in the OUs the network perimeter attaches to", () => {
        const [stackSet] = ofType(resources, T.stackSet);
        const template = JSON.parse(String(stackSet.inputs.templateBody));
        const preview = Object.values(template.Resources as Record<string, any>).find((r) => r.Properties.RoleName === raw.deployment.previewRoleName)!;
        const [condition, withTag, withoutTag] = preview.Properties.Tags["Fn::If"];
        assert.ok(template.Conditions[condition]);
        assert.ok(withTag.some((t: any) => t.Key === definition.perimeter.breakGlassTag && t.Value === "true"));
        assert.ok(!withoutTag.some((t: any) => t.Key === definition.perimeter.breakGlassTag));
        const perimeterOus = new Set(raw.perimeter.attachTo.map((n: string) => raw.organization.units[n]));
        // The value is the StackSet's own, not an instance override: auto-deployment gives accounts that
        // join an OU later the StackSet's values (UpdateStackInstances, DeploymentTargets), so each
        // setting has its StackSet and each OU's instance belongs to the StackSet of its setting.
        const stackSets = ofType(resources, T.stackSet);
        assert.strictEqual(stackSets.length, 2);
        for (const i of ofType(resources, T.stackSetInstance)) {
            const ou = (i.inputs.deploymentTargets as { organizationalUnitIds: string[] }).organizationalUnitIds[0];
            assert.strictEqual(i.inputs.parameterOverrides, undefined, `${ou}: no per-instance override`);
            const owner = stackSets.find((st) => (i.dependencies.stackSetName ?? []).includes(st.urn))!;
            assert.ok(owner, ou);
            assert.deepStrictEqual(owner.inputs.autoDeployment, { enabled: true, retainStacksOnAccountRemoval: false });
            assert.strictEqual((owner.inputs.parameters as Record<string, string>).PreviewRoleBreakGlass, perimeterOus.has(ou) ? "true" : "false", ou);
        }
        // The deploy role carries it only when asked to (deployment.deployRoleBreakGlass).
        assert.ok(!("DeployRoleBreakGlass" in (template.Parameters ?? {})));
    });

    it("makes the roles in the management account itself, which StackSets skip, when another account is trusted", async () => {
        assert.ok(stackSetsSkipManagementAccount);
        const direct = ofType(resources, T.iamRole).map((r) => r.inputs.name).sort();
        assert.deepStrictEqual(direct, [raw.deployment.previewRoleName, raw.deployment.roleName].sort());
        const trustedByManagement = variant((d) => delete d.deployment.trustedAccount);
        try {
            const plan = await sharedPlan({ definitionFile: trustedByManagement.file, unit: "bootstrap", definition: trustedByManagement.definition });
            assert.deepStrictEqual(ofType(plan.resources, T.iamRole), [], "the management account's own credentials need no role there");
        } finally {
            trustedByManagement.cleanup();
        }
    });

    it("stops, naming the account, when run with credentials of another account than the management account", () => {
        const ctx = { definition, environment: definition.environment } as UnitContext;
        assert.throws(() => buildBootstrap(ctx, "999988887777"), /runs with credentials of the management account 510000000001 .* these credentials are of account 999988887777/);
    });
});

describe("day one: the log archive in one graph (unit all)", function () {
    this.timeout(120000);

    it("creates no flow log before the log archive's bucket policy exists (AWS refuses it)", async () => {
        const definition = loadForPlan(fixture).definition;
        const plan = await sharedPlan({ definitionFile: fixture, unit: "all", definition });
        const [policy] = ofType(plan.resources, T.bucketPolicy).filter((p) => plan.resources.some((b) => b.type === T.s3Bucket && (p.dependencies.bucket ?? []).includes(b.urn)));
        const flowLogs = ofType(plan.resources, T.flowLog);
        assert.ok(flowLogs.length > 0);
        for (const f of flowLogs) assert.ok((f.dependsOn ?? []).includes(policy.urn), `${f.name} waits for ${policy.name}`);
    });
});

describe("day one: Direct Connect in the network unit", function () {
    this.timeout(120000);

    it("shows on-premises reaching exactly the domains onprem reaches, through the Direct Connect gateway", async () => {
        const definition = loadForPlan(fixture).definition;
        const plan = await sharedPlan({ definitionFile: fixture, unit: "all", definition });
        const report = analyzeReachability(plan.resources);
        assert.deepStrictEqual(compareReachability(report, intendedReachability(definition)), []);
        // Two-way: on-premises converses with exactly the hub and the prod spokes.
        const actual = report.reachable;
        assert.deepStrictEqual(actual.onprem, ["hub", "payments-prod", "web-prod"]);
        assert.ok(actual["payments-prod"].includes("onprem") && !actual["payments-test"].includes("onprem"));
        // The on-premises static routes point at the association's attachment.
        const [association] = ofType(plan.resources, T.dxGatewayAssociation);
        const routes = ofType(plan.resources, T.tgwRoute).filter((r) => (r.dependencies.transitGatewayAttachmentId ?? []).includes(association.urn));
        assert.deepStrictEqual([...new Set(routes.map((r) => r.inputs.destinationCidrBlock))].sort(), [...definition.network.dns.onPremises.cidrs].sort());
    });

    it("keeps an existing attachment as it was: no gateway, the attachment id associated with onprem", async () => {
        const existing = variant((d) => (d.network.transitGateway.onPremises = { attachmentId: "tgw-attach-0123456789abcdef0" }));
        try {
            const plan = await sharedPlan({ definitionFile: existing.file, unit: "network", definition: existing.definition });
            assert.deepStrictEqual(ofType(plan.resources, T.dxGateway), []);
            assert.ok(ofType(plan.resources, T.tgwRouteTableAssociation).some((a) => a.inputs.transitGatewayAttachmentId === "tgw-attach-0123456789abcdef0"));
        } finally {
            existing.cleanup();
        }
    });

    it("keeps CloudWatch Logs flow logs, with their delivery role, when the destination is cloudwatch", async () => {
        const cloudwatch = variant((d) => {
            d.network.flowLogs = { destination: "cloudwatch" };
        });
        try {
            const plan = await sharedPlan({ definitionFile: cloudwatch.file, unit: "network", definition: cloudwatch.definition });
            const [flowLog] = ofType(plan.resources, T.flowLog);
            assert.strictEqual(flowLog.inputs.logDestinationType, "cloud-watch-logs");
            assert.ok((flowLog.dependencies.iamRoleArn ?? []).length > 0);
        } finally {
            cloudwatch.cleanup();
        }
    });
});
