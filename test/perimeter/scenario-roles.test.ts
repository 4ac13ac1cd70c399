/**
 * Every role a perimeter scenario acts as, or assumes, in an account of the definition is a
 * role that exists there: one the program creates (found in the planned resources, by its
 * `name`, or by Pulumi's auto-name of its resource when the program gives none), one the
 * definition names (the network admin role, the deploy role), or one declared as the adopter's
 * workload (perimeter/scenario-types.ts workloadRoles) or AWS's own (awsServiceRoles). A
 * scenario with a stale name — a role the program renamed — fails here, naming it.
 *
 * More definitions: SCENARIO_ROLE_DEFINITIONS=path/to/dir-or-file.yaml
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { logArchiveScenarios } from "../../perimeter/log-archive-scenarios";
import { scenarioEnvironment } from "../../perimeter/request-contexts";
import { Scenario, awsServiceRoles, workloadRoles } from "../../perimeter/scenario-types";
import { perimeterScenarios, programServiceRoles } from "../../perimeter/scenarios";
import { trustOf } from "../../perimeter/trust";
import { Definition } from "../../definition/schema";
import { loadForPlan, planProgram } from "../../tools/plan/run";
import { PlannedResource } from "../../analysis/plan-records";

const root = path.resolve(__dirname, "..", "..");
const yamlIn = (p: string): string[] => (fs.statSync(p).isDirectory() ? fs.readdirSync(p).filter((f) => f.endsWith(".yaml")).map((f) => path.join(p, f)) : [p]);
const files = [
    ...yamlIn(path.join(root, "stacks")),
    path.join(__dirname, "review", "definitions", "syd.yaml"),
    ...yamlIn(path.join(__dirname, "review2", "definitions")),
    path.join(root, "test", "fixtures", "definitions", "eu-adopter.yaml"),
    ...(process.env.SCENARIO_ROLE_DEFINITIONS ? yamlIn(path.resolve(process.env.SCENARIO_ROLE_DEFINITIONS)) : []),
];

const ROLE_ARN = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/;

/** Every role ARN a scenario names: its principal, the resource it acts on, and the principals of its resource policy. */
function rolesOf(s: Scenario): string[] {
    const out = [s.principal, s.resource];
    const principals = (s.resourcePolicy?.Statement ?? []).flatMap((st) => {
        const p = st.Principal;
        if (!p || typeof p === "string") return [];
        const aws = (p as { AWS?: string | string[] }).AWS;
        return aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
    });
    return [...out, ...principals].filter((a): a is string => typeof a === "string" && ROLE_ARN.test(a));
}

/** The account id each planned resource deploys into (its explicit provider's allowedAccountIds). */
function accountOf(resources: PlannedResource[]): (r: PlannedResource) => string | undefined {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return (r) => {
        const provider = r.provider ? byUrn.get(r.provider.split("::").slice(0, -1).join("::")) ?? byUrn.get(r.provider) : undefined;
        const ids = provider?.inputs.allowedAccountIds;
        const list = typeof ids === "string" ? (JSON.parse(ids) as string[]) : Array.isArray(ids) ? (ids as string[]) : [];
        return list.length === 1 ? String(list[0]) : undefined;
    };
}

/** Whether the planned role `r` is named `name` in AWS: its `name` input, or Pulumi's auto-name of its resource (name, dash, 7 characters). */
function plannedRoleMatches(r: PlannedResource, name: string): boolean {
    if (typeof r.inputs.name === "string" && r.inputs.name !== "<unknown>") return r.inputs.name === name;
    return new RegExp(`^${r.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[a-z0-9]{7}$`).test(name);
}

describe("perimeter scenarios act only as roles that exist: the program's, the definition's, or declared workload roles", function () {
    this.timeout(180_000);
    for (const file of files) {
        it(path.relative(root, file), async () => {
            const { definition } = loadForPlan(file);
            const plan = await planProgram({ definitionFile: file, unit: "all", definition });
            const account = accountOf(plan.resources);
            const roles = plan.resources.filter((r) => r.type === "aws:iam/role:Role");
            const ours = new Set(Object.values(definition.accounts));
            const trust = trustOf(definition);
            const declared = new Set<string>([...Object.values(workloadRoles), ...Object.values(awsServiceRoles), trust.networkAdminRole, trust.deploymentRole]);
            // Roles the definition names by ARN: a protected bucket's AWS service roles.
            const declaredArns = new Set(definition.perimeter.protectedBuckets.flatMap((b) => b.awsServiceRoles ?? []));
            const env = scenarioEnvironment(definition);
            const scenarios = [...(await perimeterScenarios(env)), ...logArchiveScenarios(definition)];
            const wrong: string[] = [];
            let programRolesSeen = 0;
            for (const s of scenarios) {
                for (const arn of rolesOf(s)) {
                    const [, id, name] = ROLE_ARN.exec(arn)!;
                    if (!ours.has(id) || declared.has(name) || declaredArns.has(arn)) continue;
                    const made = roles.filter((r) => plannedRoleMatches(r, name));
                    if (made.length === 0) wrong.push(`${s.id}: ${arn} — no role ${name} in the plan, the definition or perimeter/scenario-types.ts workloadRoles`);
                    else if (!made.some((r) => account(r) === undefined || account(r) === id)) wrong.push(`${s.id}: ${arn} — the program makes ${name}, but not in account ${id}`);
                    else programRolesSeen++;
                }
            }
            assert.deepStrictEqual(wrong, []);
            // The program's own service roles this definition makes are all exercised (and found in the plan above).
            const service = programServiceRoles(definition as Definition, definition.spokes[0]?.account ?? definition.network.account);
            const expected = (service.flowLogs ? 1 : 0) + (service.governance ? 3 + (service.governance.configRule ? 1 : 0) : 0);
            assert.ok(programRolesSeen >= expected, `${programRolesSeen} scenario references to the program's roles, expected at least ${expected}`);
        });
    }
});
