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
import { OrganizationsClient, Root, paginateListAWSServiceAccessForOrganization, paginateListDelegatedAdministrators, paginateListRoots } from "@aws-sdk/client-organizations";
import { PrerequisiteId, fillPlaceholders, governanceConfigResourceType, prerequisites, ramServicePrincipal } from "../aws/prerequisites";
import { partitionOf } from "../aws/partitions";
import { Definition } from "../definition/schema";
import { governedAccounts } from "../program/privatelink";

export interface AccountClients {
    organizations: OrganizationsClient;
    config: ConfigServiceClient;
    cloudtrail: CloudTrailClient;
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

function result(id: PrerequisiteId, account: string, ok: boolean, detail: string, values: Placeholders): CheckResult {
    const p = prerequisites[id];
    return ok
        ? { prerequisite: id, account, status: "ok", detail }
        : { prerequisite: id, account, status: "missing", detail, fix: { command: fillPlaceholders(p.command, values), console: fillPlaceholders(p.console, values) } };
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

async function checkRamSharing(organizations: OrganizationsClient, account: string, values: Placeholders): Promise<CheckResult> {
    try {
        const principals: string[] = [];
        for await (const page of paginateListAWSServiceAccessForOrganization({ client: organizations }, {})) {
            for (const s of page.EnabledServicePrincipals ?? []) if (s.ServicePrincipal) principals.push(s.ServicePrincipal);
        }
        const on = principals.includes(ramServicePrincipal);
        return result("ram-organization-sharing", account, on, on ? `${ramServicePrincipal} has trusted access` : `${ramServicePrincipal} has no trusted access (sharing with the organization is off)`, values);
    } catch (e) {
        return result("ram-organization-sharing", account, false, `could not read trusted access (organizations ListAWSServiceAccessForOrganization): ${awsError(e)}`, values);
    }
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

// ---- governed accounts ---------------------------------------------------------------

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
    let recorder: CheckResult;
    try {
        const recorders = ((await config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? []).filter(
            // Service-linked recorders record for one AWS service, not for customer rules.
            (r) => !r.servicePrincipal && r.recordingScope !== "INTERNAL",
        );
        const covering = recorders.filter((r) => recordsResourceType(r, governanceConfigResourceType));
        const statuses = (await config.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
        const recording = covering.find((r) => statuses.some((s) => s.name === r.name && s.recording === true));
        if (recording) recorder = result("config-recorder", account, true, `recorder ${recording.name} records ${governanceConfigResourceType} and is recording`, values);
        else if (recorders.length === 0) recorder = result("config-recorder", account, false, `no configuration recorder in ${values.region}`, values);
        else if (covering.length === 0) recorder = result("config-recorder", account, false, `recorder ${recorders.map((r) => r.name).join(", ")} does not record ${governanceConfigResourceType}`, values);
        else recorder = result("config-recorder", account, false, `recorder ${covering.map((r) => r.name).join(", ")} is not recording`, values);
    } catch (e) {
        recorder = result("config-recorder", account, false, `could not read AWS Config recorders: ${awsError(e)}`, values);
    }
    let channel: CheckResult;
    try {
        const channels = (await config.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
        channel = result("config-delivery-channel", account, channels.length > 0, channels.length > 0 ? `delivery channel ${channels.map((c) => c.name).join(", ")}` : `no delivery channel in ${values.region}`, values);
    } catch (e) {
        channel = result("config-delivery-channel", account, false, `could not read AWS Config delivery channels: ${awsError(e)}`, values);
    }
    return [recorder, channel];
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

/** Every prerequisite of the definition, checked through `ctx`, in a fixed order. */
export async function runPreflight(definition: Definition, ctx: PreflightContext): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    const region = definition.region;
    const partition = partitionOf(region);
    const roleName = definition.deployment.roleName;
    const label = (name: string) => `${name} (${definition.accounts[name]})`;
    const base: Placeholders = {
        region,
        partition,
        roleName,
        trustedAccount: ctx.callerAccount,
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
        const ids: PrerequisiteId[] = ["scp-policy-type", "rcp-policy-type", "ram-organization-sharing", ...(security ? (["security-delegated-administrator"] as const) : [])];
        if (!clients) {
            for (const id of ids) results.push(result(id, account, false, unreachable, { ...values, rootId: "<root id>" }));
        } else {
            results.push(...(await checkPolicyTypes(clients.organizations, account, values)));
            results.push(await checkRamSharing(clients.organizations, account, values));
            if (security) results.push(await checkDelegatedAdministrator(clients.organizations, account, security.account, definition.accounts[security.account], values));
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
    return results;
}
