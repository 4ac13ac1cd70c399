/**
 * The preflight checks: each prerequisite of aws/prerequisites.ts read through the AWS
 * SDK, in the account it lives in, and reported as ok or missing with the command that
 * fixes it. Clients come from a context (tools/preflight-aws.ts builds the real one from
 * live credentials; tests pass mocked clients), so the checks never create credentials.
 *
 * Anything that cannot be read (AccessDenied, a role that cannot be assumed, an account
 * that cannot be reached) is reported as missing with AWS's error: a prerequisite that
 * cannot be confirmed is treated as absent.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetEventSelectorsCommandOutput, GetTrailStatusCommand, Trail } from "@aws-sdk/client-cloudtrail";
import {
    ConfigServiceClient,
    ConfigurationRecorder,
    DescribeConfigurationRecorderStatusCommand,
    DescribeConfigurationRecordersCommand,
    DescribeDeliveryChannelsCommand,
} from "@aws-sdk/client-config-service";
import * as path from "path";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, paginateListAttachedRolePolicies } from "@aws-sdk/client-iam";
import {
    DescribeOrganizationCommand,
    OrganizationsClient,
    Root,
    paginateListAWSServiceAccessForOrganization,
    paginateListDelegatedAdministrators,
    paginateListAccountsForParent,
    paginateListOrganizationalUnitsForParent,
    paginateListRoots,
} from "@aws-sdk/client-organizations";
import {
    PrerequisiteId,
    configOrder,
    fillPlaceholders,
    governanceConfigResourceType,
    networkAdminLeastPrivilege,
    organizationalUnitMaxDepth,
    prerequisites,
    ramServicePrincipal,
    stackSetsServicePrincipal,
} from "../aws/prerequisites";
import { partitionOf } from "../aws/partitions";
import { Definition } from "../definition/schema";
import { unitsOf } from "../definition/units";
import { bootstrapOrganizationalUnits, trustedAccountOf } from "../program/bootstrap";
import { defaultTagsOf } from "../program/index";
import { connectionTopicName } from "../program/privatelink-shared";
import { governedAccounts } from "../program/privatelink-governance";
import { NetworkAdminResources, NetworkAdminScope, networkAdminPolicy, networkAdminPolicyName, networkAdminScopes } from "../perimeter/network-admin-policy";
import { minify } from "../perimeter/size";
import { PolicyDocument } from "../perimeter/types";

export interface AccountClients {
    organizations: OrganizationsClient;
    config: ConfigServiceClient;
    cloudtrail: CloudTrailClient;
    iam: IAMClient;
}

export interface PreflightContext {
    /** The account of the credentials preflight runs with. */
    callerAccount: string;
    /** Clients with credentials in `accountId`: the caller's own, or the deploy role's there. Throws why not. */
    clientsIn(accountId: string): Promise<AccountClients>;
    /** Assumes `deployment.roleName` in `accountId`; throws AWS's error when it cannot. */
    assumeDeployRole(accountId: string): Promise<void>;
}

export interface CheckResult {
    prerequisite: PrerequisiteId;
    /** Logical account name and id, e.g. `management (100000000001)`. */
    account: string;
    status: "ok" | "missing";
    /** What was found, or what is missing and why. */
    detail: string;
    /** The fix, with this case's values: the CLI command and the console step. */
    fix?: { command: string; console: string };
}

/** AWS's error as one line: its name (AccessDenied ...) and message. */
export function awsError(e: unknown): string {
    const err = e as { name?: string; Code?: string; message?: string };
    const name = err.name ?? err.Code ?? "Error";
    return `${name}: ${err.message ?? String(e)}`;
}

interface Placeholders {
    [key: string]: string;
}

function result(id: PrerequisiteId, account: string, ok: boolean, detail: string, values: Placeholders, command?: string): CheckResult {
    const p = prerequisites[id];
    return ok
        ? { prerequisite: id, account, status: "ok", detail }
        : { prerequisite: id, account, status: "missing", detail, fix: { command: fillPlaceholders(command ?? p.command, values), console: fillPlaceholders(p.console, values) } };
}

// ---- management account ------------------------------------------------------------

async function rootOf(organizations: OrganizationsClient): Promise<Root | undefined> {
    for await (const page of paginateListRoots({ client: organizations }, {})) {
        if (page.Roots && page.Roots.length > 0) return page.Roots[0];
    }
    return undefined;
}

async function checkPolicyTypes(organizations: OrganizationsClient, account: string, values: Placeholders): Promise<CheckResult[]> {
    let root: Root | undefined;
    try {
        root = await rootOf(organizations);
    } catch (e) {
        const why = `could not read the organization root (organizations ListRoots): ${awsError(e)}`;
        return [result("scp-policy-type", account, false, why, { ...values, rootId: "<root id>" }), result("rcp-policy-type", account, false, why, { ...values, rootId: "<root id>" })];
    }
    if (!root?.Id) {
        const why = "organizations ListRoots returned no root";
        return [result("scp-policy-type", account, false, why, { ...values, rootId: "<root id>" }), result("rcp-policy-type", account, false, why, { ...values, rootId: "<root id>" })];
    }
    const rootValues = { ...values, rootId: root.Id };
    const status = (type: string) => root!.PolicyTypes?.find((t) => t.Type === type)?.Status;
    return (
        [
            ["scp-policy-type", "SERVICE_CONTROL_POLICY"],
            ["rcp-policy-type", "RESOURCE_CONTROL_POLICY"],
        ] as const
    ).map(([id, type]) => {
        const s = status(type);
        return result(id, account, s === "ENABLED", s === "ENABLED" ? `${type} is ENABLED on ${root!.Id}` : `${type} is ${s ? s : "not enabled"} on ${root!.Id}`, rootValues);
    });
}

async function checkAllFeatures(organizations: OrganizationsClient, account: string, values: Placeholders): Promise<CheckResult> {
    try {
        const feature = (await organizations.send(new DescribeOrganizationCommand({}))).Organization?.FeatureSet;
        return result("organization-all-features", account, feature === "ALL", feature === "ALL" ? "FeatureSet is ALL" : `FeatureSet is ${feature ?? "not reported"} (consolidated billing only: no SCPs, RCPs, trusted access or delegated administrators)`, values);
    } catch (e) {
        return result("organization-all-features", account, false, `could not describe the organization (organizations DescribeOrganization): ${awsError(e)}`, values);
    }
}

/** RAM sharing and, when the bootstrap unit deploys, StackSets' trusted access: both read from one listing. */
async function checkTrustedAccess(organizations: OrganizationsClient, account: string, values: Placeholders, stackSets: boolean): Promise<CheckResult[]> {
    const ids: PrerequisiteId[] = ["ram-organization-sharing", ...(stackSets ? (["stacksets-trusted-access"] as const) : [])];
    const principals: string[] = [];
    try {
        for await (const page of paginateListAWSServiceAccessForOrganization({ client: organizations }, {})) {
            for (const s of page.EnabledServicePrincipals ?? []) if (s.ServicePrincipal) principals.push(s.ServicePrincipal);
        }
    } catch (e) {
        return ids.map((id) => result(id, account, false, `could not read trusted access (organizations ListAWSServiceAccessForOrganization): ${awsError(e)}`, values));
    }
    const ram = principals.includes(ramServicePrincipal);
    const out = [result("ram-organization-sharing", account, ram, ram ? `${ramServicePrincipal} has trusted access` : `${ramServicePrincipal} has no trusted access (sharing with the organization is off)`, values)];
    if (stackSets) {
        const on = principals.includes(stackSetsServicePrincipal);
        out.push(result("stacksets-trusted-access", account, on, on ? `${stackSetsServicePrincipal} has trusted access` : `${stackSetsServicePrincipal} has no trusted access (service-managed StackSets cannot be created)`, values));
    }
    return out;
}

async function checkDelegatedAdministrator(organizations: OrganizationsClient, account: string, securityName: string, securityId: string, values: Placeholders): Promise<CheckResult> {
    try {
        for await (const page of paginateListDelegatedAdministrators({ client: organizations }, {})) {
            if ((page.DelegatedAdministrators ?? []).some((a) => a.Id === securityId)) {
                return result("security-delegated-administrator", account, true, `${securityName} (${securityId}) is a delegated administrator`, values);
            }
        }
        return result("security-delegated-administrator", account, false, `${securityName} (${securityId}) is not a delegated administrator of any service`, values);
    } catch (e) {
        return result("security-delegated-administrator", account, false, `could not list delegated administrators (organizations ListDelegatedAdministrators): ${awsError(e)}`, values);
    }
}

// ---- the OU tree ---------------------------------------------------------------------------

/** An OU of the organization: its parent (the root or an OU) and its level below the root (1: a child of the root). */
export interface OrganizationalUnitNode {
    id: string;
    name?: string;
    parentId: string;
    depth: number;
}

/**
 * Every OU of the organization, read from the root down: ListOrganizationalUnitsForParent,
 * every page, for the root and then for each OU found, level by level. AWS nests OUs at most
 * `organizationalUnitMaxDepth` levels below the root (aws/prerequisites.ts): the walk reads no
 * deeper, and names an OU whose children would be deeper in `tooDeep` (not AWS's behaviour;
 * reported rather than followed). An OU met twice is read once.
 */
export async function organizationalUnitTree(organizations: OrganizationsClient, rootId: string): Promise<{ units: Map<string, OrganizationalUnitNode>; tooDeep: string[] }> {
    const units = new Map<string, OrganizationalUnitNode>();
    const tooDeep: string[] = [];
    let level: { id: string; depth: number }[] = [{ id: rootId, depth: 0 }];
    while (level.length > 0) {
        const next: { id: string; depth: number }[] = [];
        for (const parent of level) {
            for await (const page of paginateListOrganizationalUnitsForParent({ client: organizations }, { ParentId: parent.id })) {
                for (const ou of page.OrganizationalUnits ?? []) {
                    if (!ou.Id || units.has(ou.Id)) continue;
                    const depth = parent.depth + 1;
                    if (depth > organizationalUnitMaxDepth.value) {
                        tooDeep.push(ou.Id);
                        continue;
                    }
                    units.set(ou.Id, { id: ou.Id, name: ou.Name, parentId: parent.id, depth });
                    next.push({ id: ou.Id, depth });
                }
            }
        }
        level = next;
    }
    return { units, tooDeep };
}

/** The OUs above `id`, nearest first (the root not included). */
export function ancestorsOf(units: Map<string, OrganizationalUnitNode>, id: string): string[] {
    const out: string[] = [];
    for (let node = units.get(id); node && units.has(node.parentId) && !out.includes(node.parentId); node = units.get(node.parentId)) out.push(node.parentId);
    return out;
}

/** `label (ou-...)`, or the OU's name when the definition has no label for it. */
function ouLabel(labels: Map<string, string>, units: Map<string, OrganizationalUnitNode>, id: string): string {
    const label = labels.get(id);
    const name = units.get(id)?.name;
    return label !== undefined ? `${label} (${id})` : name !== undefined ? `"${name}" (${id})` : id;
}

/**
 * The definition's OUs exist in the organization; with the bootstrap unit, its target OUs do
 * not nest in one another and every account of the definition but the management account is
 * in one of them or in an OU nested in one (aws/prerequisites.ts organizational-units-exist,
 * bootstrap-ous-cover-accounts).
 */
async function checkOrganizationalUnits(organizations: OrganizationsClient, account: string, values: Placeholders, definition: Definition, bootstrap: boolean): Promise<CheckResult[]> {
    const ids: PrerequisiteId[] = ["organizational-units-exist", ...(bootstrap ? (["bootstrap-ous-cover-accounts"] as const) : [])];
    const declared = definition.organization?.units ?? {};
    const labels = new Map(Object.entries(declared).map(([label, id]) => [id, label]));
    let root: Root | undefined;
    let tree: Awaited<ReturnType<typeof organizationalUnitTree>>;
    try {
        root = await rootOf(organizations);
        if (!root?.Id) return ids.map((id) => result(id, account, false, "organizations ListRoots returned no root", values));
        tree = await organizationalUnitTree(organizations, root.Id);
    } catch (e) {
        return ids.map((id) => result(id, account, false, `could not read the organization's OUs (organizations ListRoots, ListOrganizationalUnitsForParent): ${awsError(e)}`, values));
    }
    const { units, tooDeep } = tree;
    const deepest = Math.max(0, ...[...units.values()].map((u) => u.depth));
    const deeper = tooDeep.length > 0 ? `; OUs deeper than AWS's ${organizationalUnitMaxDepth.value} levels were not read: ${tooDeep.join(", ")}` : "";
    const out: CheckResult[] = [];
    const absent = Object.entries(declared).filter(([, id]) => !units.has(id));
    out.push(
        result(
            "organizational-units-exist",
            account,
            absent.length === 0,
            absent.length === 0
                ? `${Object.keys(declared).length} OU(s) of organization.units found among the organization's ${units.size}, up to ${deepest} level(s) below ${root.Id}${deeper}`
                : `${absent.map(([label, id]) => `${label} (${id})`).join(", ")} ${absent.length === 1 ? "is" : "are"} not in the organization (${units.size} OUs read, up to ${deepest} level(s) below ${root.Id})${deeper}`,
            values,
        ),
    );
    if (!bootstrap) return out;

    const targets = Object.entries(bootstrapOrganizationalUnits(definition)).map(([label, id]) => ({ label, id }));
    const targetIds = new Set(targets.map((t) => t.id));
    const problems: string[] = [];
    // Nested targets: an account below both gets the roles from two stack instances.
    for (const t of targets) {
        const outer = ancestorsOf(units, t.id).filter((a) => targetIds.has(a));
        for (const o of outer) problems.push(`bootstrap OU ${ouLabel(labels, units, t.id)} is nested in bootstrap OU ${ouLabel(labels, units, o)}: its accounts would get the roles from both StackSet instances, and the second fails because the role exists`);
    }
    // The accounts each target reaches: its own and those of every OU nested in it.
    const reached = new Map<string, string>();
    try {
        for (const t of targets.filter((x) => units.has(x.id))) {
            const subtree = [t.id, ...[...units.keys()].filter((id) => ancestorsOf(units, id).includes(t.id))];
            for (const ou of subtree) {
                for await (const page of paginateListAccountsForParent({ client: organizations }, { ParentId: ou })) {
                    for (const a of page.Accounts ?? []) if (a.Id && !reached.has(a.Id)) reached.set(a.Id, ou === t.id ? ouLabel(labels, units, ou) : `${ouLabel(labels, units, ou)}, nested in ${ouLabel(labels, units, t.id)}`);
                }
            }
        }
    } catch (e) {
        out.push(result("bootstrap-ous-cover-accounts", account, false, `could not list the accounts of the bootstrap OUs (organizations ListAccountsForParent): ${awsError(e)}`, values));
        return out;
    }
    const managementId = definition.accounts["management"];
    const members = Object.entries(definition.accounts).filter(([name, id]) => name !== "management" && id !== managementId);
    const outside = members.filter(([, id]) => !reached.has(id));
    if (outside.length > 0) {
        problems.push(
            `${outside.map(([name, id]) => `${name} (${id})`).join(", ")} ${outside.length === 1 ? "is" : "are"} in no bootstrap OU (${targets.map((t) => ouLabel(labels, units, t.id)).join(", ") || "none"}) nor an OU nested in one: the StackSet gives ${outside.length === 1 ? "it" : "them"} no deploy role`,
        );
    }
    out.push(
        result(
            "bootstrap-ous-cover-accounts",
            account,
            problems.length === 0,
            problems.length === 0 ? `every account but the management account is reached once: ${members.map(([name, id]) => `${name} in ${reached.get(id)}`).join("; ")}` : problems.join("; "),
            values,
        ),
    );
    return out;
}

// ---- governed accounts ---------------------------------------------------------------

/** Whether a recorder records `type` continuously (the default), not daily. */
export function recordsContinuously(recorder: ConfigurationRecorder, type: string): boolean {
    const mode = recorder.recordingMode;
    if (!mode) return true;
    const override = (mode.recordingModeOverrides ?? []).find((o) => (o.resourceTypes ?? []).includes(type as never));
    return (override?.recordingFrequency ?? mode.recordingFrequency ?? "CONTINUOUS") === "CONTINUOUS";
}

/** Whether a recorder's recording group records `type` (all supported, listed, or not excluded). */
export function recordsResourceType(recorder: ConfigurationRecorder, type: string): boolean {
    const group = recorder.recordingGroup;
    if (!group) return false;
    const strategy = group.recordingStrategy?.useOnly;
    if (strategy === "EXCLUSION_BY_RESOURCE_TYPES") return !(group.exclusionByResourceTypes?.resourceTypes ?? []).includes(type as never);
    if (strategy === "INCLUSION_BY_RESOURCE_TYPES") return (group.resourceTypes ?? []).includes(type as never);
    if (group.allSupported) return true;
    return (group.resourceTypes ?? []).includes(type as never);
}

async function checkConfig(config: ConfigServiceClient, account: string, values: Placeholders): Promise<CheckResult[]> {
    // The delivery channel first: the recorder's fix depends on it (aws/prerequisites.ts configOrder).
    let hasChannel = false;
    let channel: CheckResult;
    try {
        const channels = (await config.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
        hasChannel = channels.length > 0;
        channel = result("config-delivery-channel", account, hasChannel, hasChannel ? `delivery channel ${channels.map((c) => c.name).join(", ")}` : `no delivery channel in ${values.region}`, values);
    } catch (e) {
        channel = result("config-delivery-channel", account, false, `could not read AWS Config delivery channels: ${awsError(e)}`, values);
    }
    const put = prerequisites["config-recorder"].command;
    // With a delivery channel the recorder can start now; without one, the channel's fix starts it.
    const putAndStart = hasChannel ? `${put} && ${configOrder.start}` : put;
    let recorder: CheckResult;
    try {
        const recorders = ((await config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? []).filter(
            // Service-linked recorders record for one AWS service, not for customer rules.
            (r) => !r.servicePrincipal && r.recordingScope !== "INTERNAL",
        );
        const covering = recorders.filter((r) => recordsResourceType(r, governanceConfigResourceType));
        const continuous = covering.filter((r) => recordsContinuously(r, governanceConfigResourceType));
        const statuses = (await config.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
        const recording = continuous.find((r) => statuses.some((s) => s.name === r.name && s.recording === true));
        if (recording) recorder = result("config-recorder", account, true, `recorder ${recording.name} records ${governanceConfigResourceType} continuously and is recording`, values);
        else if (recorders.length === 0) recorder = result("config-recorder", account, false, `no configuration recorder in ${values.region}`, values, putAndStart);
        else if (covering.length === 0) recorder = result("config-recorder", account, false, `recorder ${recorders.map((r) => r.name).join(", ")} does not record ${governanceConfigResourceType}`, values, putAndStart);
        else if (continuous.length === 0) recorder = result("config-recorder", account, false, `recorder ${covering.map((r) => r.name).join(", ")} records ${governanceConfigResourceType} daily, not continuously: the rule's change triggers come a day late`, values, putAndStart);
        else recorder = result("config-recorder", account, false, `recorder ${continuous.map((r) => r.name).join(", ")} is not recording`, values, hasChannel ? configOrder.start : "(the delivery channel's fix starts it)");
    } catch (e) {
        recorder = result("config-recorder", account, false, `could not read AWS Config recorders: ${awsError(e)}`, values, putAndStart);
    }
    // Reported in the order they are fixed: recorder, then delivery channel.
    return [recorder, channel];
}

/** What `--least-privilege` adds: the generated policy of each account that owns an endpoint service, and where it is written. */
export interface NetworkAdminPolicyFile {
    /** Logical account name. */
    account: string;
    accountId: string;
    /** Where preflight writes the document (and the fix reads it: `file://`). */
    file: string;
    document: PolicyDocument;
}

/**
 * The least-privilege policy of the network admin role in each account the program assumes
 * it in (perimeter/network-admin-policy.ts), with the file it goes to under `dir`:
 * `network-admin-policy-<environment>-<account id>.json`.
 */
/**
 * What the network admin policy of `scope` scopes changes by: the tags of the role's provider
 * (its `defaultTags` are `defaultTagsOf`) and the connection topics of the scope's services.
 */
export function networkAdminResources(definition: Definition, scope: Pick<NetworkAdminScope, "services">): NetworkAdminResources {
    return { defaultTags: defaultTagsOf(definition), connectionTopicNames: scope.services.map((service) => connectionTopicName(definition.environment, service)) };
}

export function networkAdminPolicyFiles(definition: Definition, dir: string): NetworkAdminPolicyFile[] {
    return networkAdminScopes(definition).map((scope) => {
        const accountId = definition.accounts[scope.account];
        return { account: scope.account, accountId, file: path.resolve(dir, `network-admin-policy-${definition.environment}-${accountId}.json`), document: networkAdminPolicy(scope, networkAdminResources(definition, scope)) };
    });
}

/** Whether two policy documents say the same (IAM returns them URL-encoded, with its own spacing). */
function samePolicy(stored: string, generated: PolicyDocument): boolean {
    try {
        return minify(JSON.parse(decodeURIComponent(stored))) === minify(generated);
    } catch {
        return false;
    }
}

async function checkNetworkAdminRole(iam: IAMClient, account: string, values: Placeholders, leastPrivilege?: NetworkAdminPolicyFile): Promise<CheckResult> {
    const name = values.networkAdminRole;
    const lp = leastPrivilege ? { ...values, policyFile: leastPrivilege.file, policyName: networkAdminPolicyName } : values;
    const createFix = leastPrivilege ? networkAdminLeastPrivilege.create : undefined;
    let role;
    try {
        role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    } catch (e) {
        const err = e as { name?: string };
        const why = err.name === "NoSuchEntityException" ? `role ${name} does not exist` : `could not read role ${name} (iam GetRole): ${awsError(e)}`;
        return result("network-admin-role", account, false, why, lp, createFix);
    }
    const rolePath = role?.Path ?? "/";
    const arn = role?.Arn ?? name;
    if (rolePath !== "/") return result("network-admin-role", account, false, `${arn} has path ${rolePath}: the perimeter SCP exempts and the program assumes role/${name} only`, lp, createFix);
    if (!leastPrivilege) return result("network-admin-role", account, true, `${arn} has no path`, values);
    // Asked for least privilege: AdministratorAccess attached is over-broad, and the inline policy must be the generated one.
    try {
        const admin = `arn:${values.partition}:iam::aws:policy/${networkAdminLeastPrivilege.administratorAccess}`;
        let attached = false;
        for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: name })) {
            if ((page.AttachedPolicies ?? []).some((p) => p.PolicyArn === admin)) attached = true;
        }
        let inline: string | undefined;
        try {
            inline = (await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: networkAdminPolicyName }))).PolicyDocument;
        } catch (e) {
            if ((e as { name?: string }).name !== "NoSuchEntityException") throw e;
        }
        const current = inline !== undefined && samePolicy(inline, leastPrivilege.document);
        if (attached) {
            return result("network-admin-role", account, false, `${arn} has AdministratorAccess attached: over-broad, the least-privilege policy in ${leastPrivilege.file} is enough`, lp, networkAdminLeastPrivilege.narrow);
        }
        if (!current) {
            const why = inline === undefined ? `${arn} has no inline policy ${networkAdminPolicyName}` : `${arn}'s inline policy ${networkAdminPolicyName} is not the one in ${leastPrivilege.file} (the definition or the provider's calls changed)`;
            return result("network-admin-role", account, false, why, lp, networkAdminLeastPrivilege.update);
        }
        return result("network-admin-role", account, true, `${arn} has no path and the least-privilege policy ${networkAdminPolicyName} (${leastPrivilege.file}), no AdministratorAccess`, values);
    } catch (e) {
        return result("network-admin-role", account, false, `could not read the policies of role ${name} (iam ListAttachedRolePolicies, GetRolePolicy): ${awsError(e)}`, lp, networkAdminLeastPrivilege.narrow);
    }
}

/** Whether a trail's selectors log management events that include writes. */
export function logsManagementWrites(selectors: GetEventSelectorsCommandOutput): boolean {
    if ((selectors.EventSelectors ?? []).some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType === "All" || s.ReadWriteType === "WriteOnly" || s.ReadWriteType === undefined))) return true;
    return (selectors.AdvancedEventSelectors ?? []).some((a) => {
        const field = (name: string) => a.FieldSelectors?.find((f) => f.Field === name);
        const management = field("eventCategory")?.Equals?.includes("Management") === true;
        const readOnlyOnly = field("readOnly")?.Equals?.length === 1 && field("readOnly")!.Equals![0] === "true";
        return management && !readOnlyOnly;
    });
}

async function checkCloudTrail(cloudtrail: CloudTrailClient, account: string, values: Placeholders): Promise<CheckResult> {
    const region = values.region;
    let trails: Trail[];
    try {
        trails = (await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
    } catch (e) {
        return result("cloudtrail-management-events", account, false, `could not list trails (cloudtrail DescribeTrails): ${awsError(e)}`, values);
    }
    const covering = trails.filter((t) => t.IsMultiRegionTrail === true || t.HomeRegion === region);
    if (covering.length === 0) {
        return result("cloudtrail-management-events", account, false, trails.length === 0 ? "no trail" : `no trail covers ${region} (${trails.map((t) => `${t.Name}: home ${t.HomeRegion}, single-Region`).join("; ")})`, values);
    }
    const problems: string[] = [];
    for (const trail of covering) {
        const id = trail.TrailARN ?? trail.Name!;
        try {
            const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: id }));
            if (status.IsLogging !== true) {
                problems.push(`${trail.Name} is not logging`);
                continue;
            }
            const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: id }));
            if (!logsManagementWrites(selectors)) {
                problems.push(`${trail.Name} does not log management write events`);
                continue;
            }
            return result("cloudtrail-management-events", account, true, `${trail.Name}${trail.IsOrganizationTrail ? " (organization trail)" : ""} logs management events${trail.IsMultiRegionTrail ? " in every Region" : ` in ${region}`}`, values);
        } catch (e) {
            problems.push(`${trail.Name}: ${awsError(e)}`);
        }
    }
    return result("cloudtrail-management-events", account, false, problems.join("; "), values);
}

// ---- all of it -------------------------------------------------------------------------

export interface PreflightOptions {
    /** `--least-privilege`: the network admin role's fix puts these policies on it instead of AdministratorAccess. */
    leastPrivilege?: NetworkAdminPolicyFile[];
}

/** Every prerequisite of the definition, checked through `ctx`, in a fixed order. */
export async function runPreflight(definition: Definition, ctx: PreflightContext, options: PreflightOptions = {}): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    const region = definition.region;
    const partition = partitionOf(region);
    const roleName = definition.deployment.roleName;
    const label = (name: string) => `${name} (${definition.accounts[name]})`;
    const base: Placeholders = {
        region,
        partition,
        roleName,
        environment: definition.environment,
        networkAdminRole: definition.perimeter.networkAdminRole,
        // The account the bootstrap unit's roles trust (deployment.trustedAccount), as the fix must match them.
        trustedAccount: definition.accounts[trustedAccountOf(definition)] ?? ctx.callerAccount,
        bucket: "<an S3 bucket whose policy admits the service's delivery>",
    };

    // The deploy role, in every account of the definition but the caller's own.
    for (const [name, id] of Object.entries(definition.accounts)) {
        const values = { ...base, account: id };
        if (id === ctx.callerAccount) {
            results.push(result("deploy-role", label(name), true, "the caller's own account: stacks here use the caller's credentials, no role is assumed", values));
            continue;
        }
        try {
            await ctx.assumeDeployRole(id);
            results.push(result("deploy-role", label(name), true, `assumed arn:${partition}:iam::${id}:role/${roleName}`, values));
        } catch (e) {
            results.push(result("deploy-role", label(name), false, `cannot assume arn:${partition}:iam::${id}:role/${roleName}: ${awsError(e)}`, values));
        }
    }

    // The organization, read in the management account.
    if (definition.organization) {
        const managementId = definition.accounts["management"];
        const account = label("management");
        const security = definition.security;
        const values = { ...base, account: managementId, securityAccount: security ? definition.accounts[security.account] ?? "<security account>" : "<security account>" };
        let clients: AccountClients | undefined;
        let unreachable = "";
        try {
            clients = await ctx.clientsIn(managementId);
        } catch (e) {
            unreachable = `could not reach the management account: ${awsError(e)}`;
        }
        const stackSets = unitsOf(definition).includes("bootstrap");
        const ids: PrerequisiteId[] = [
            "organization-all-features",
            ...(stackSets ? (["stacksets-trusted-access"] as const) : []),
            "scp-policy-type",
            "rcp-policy-type",
            "ram-organization-sharing",
            ...(security ? (["security-delegated-administrator"] as const) : []),
            "organizational-units-exist",
            ...(stackSets ? (["bootstrap-ous-cover-accounts"] as const) : []),
        ];
        if (!clients) {
            for (const id of ids) results.push(result(id, account, false, unreachable, { ...values, rootId: "<root id>" }));
        } else {
            results.push(await checkAllFeatures(clients.organizations, account, values));
            const access = await checkTrustedAccess(clients.organizations, account, values, stackSets);
            results.push(...access.filter((r) => r.prerequisite === "stacksets-trusted-access"));
            results.push(...(await checkPolicyTypes(clients.organizations, account, values)));
            results.push(...access.filter((r) => r.prerequisite === "ram-organization-sharing"));
            if (security) results.push(await checkDelegatedAdministrator(clients.organizations, account, security.account, definition.accounts[security.account], values));
            results.push(...(await checkOrganizationalUnits(clients.organizations, account, values, definition, stackSets)));
        }
    }

    // Config and CloudTrail in every governed account (the detective controls need them).
    if (definition.security) {
        for (const name of governedAccounts(definition)) {
            const id = definition.accounts[name];
            const values = { ...base, account: id, recorderRoleArn: `arn:${partition}:iam::${id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig` };
            const wanted: PrerequisiteId[] = [...(definition.security.configRule ? (["config-recorder", "config-delivery-channel"] as const) : []), "cloudtrail-management-events"];
            let clients: AccountClients;
            try {
                clients = await ctx.clientsIn(id);
            } catch (e) {
                for (const p of wanted) results.push(result(p, label(name), false, `could not reach the account: ${awsError(e)}`, values));
                continue;
            }
            if (definition.security.configRule) results.push(...(await checkConfig(clients.config, label(name), values)));
            results.push(await checkCloudTrail(clients.cloudtrail, label(name), values));
        }
    }

    // The network admin role in every account that owns an endpoint service, when the program
    // assumes it there (program/privatelink-provider.ts networkAdminOpts: with an organization, unless it is the deploy role).
    if (definition.organization && definition.perimeter.networkAdminRole !== roleName) {
        const policyOf = (name: string) => options.leastPrivilege?.find((p) => p.account === name);
        const owners = [...new Set(definition.endpointServices.map((s) => definition.spokes.find((x) => x.name === s.spoke)?.account).filter((a): a is string => a !== undefined))];
        for (const name of owners) {
            const id = definition.accounts[name];
            const values = { ...base, account: id };
            try {
                const clients = await ctx.clientsIn(id);
                results.push(await checkNetworkAdminRole(clients.iam, label(name), values, policyOf(name)));
            } catch (e) {
                const lp = policyOf(name);
                const fixValues = lp ? { ...values, policyFile: lp.file, policyName: networkAdminPolicyName } : values;
                results.push(result("network-admin-role", label(name), false, `could not reach the account: ${awsError(e)}`, fixValues, lp ? networkAdminLeastPrivilege.create : undefined));
            }
        }
    }
    return results;
}
