/**
 * The scenario engine's first half (pure): the request context AWS attaches to a
 * scenario's call. Which network keys are present or absent comes from the sourced table
 * (aws/request-context.ts) — never from what the generators expect; the values (ids of the
 * hub VPC, of an endpoint, of the organization) come from the environment.
 *
 * The second half, evaluation with an independent IAM evaluator, is a dev tool
 * (tools/perimeter.ts) because the evaluator is a devDependency.
 */
import { catalogEntry } from "../aws/service-catalog";
import { networkKeysOf, NetworkPath } from "../aws/request-context";
import { hubRegions } from "../definition/regions";
import { Definition } from "../definition/schema";
import { perimeterNetworks, PerimeterNetworks } from "./networks";
import { OUTSIDE_ACCOUNT, OUTSIDE_ORG, Scenario } from "./scenario-types";
import { Trust, trustOf } from "./trust";

/** The environment a scenario runs in: the definition, and the ids AWS would have assigned. */
export interface ScenarioEnvironment {
    definition: Definition;
    trust: Trust;
    /** The home Region's hub VPC id, as the network stack publishes it. */
    hubVpcId: string;
    /** Every hub Region's hub VPC id (the home Region's is `hubVpcId`), as each Region's network stack publishes it. */
    hubVpcIds: Record<string, string>;
    /** The networks the SCPs and RCPs are generated with (the hub VPC and the definition's VPCs). */
    networks: PerimeterNetworks;
}

/** A stable fake id for a name (endpoint and VPC ids in request contexts). */
export function fakeId(prefix: string, seed: string): string {
    let h = 2166136261;
    for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    let g = h;
    let hex = "";
    while (hex.length < 17) {
        g = Math.imul(g ^ 0x9e3779b9, 16777619) >>> 0;
        hex += g.toString(16).padStart(8, "0");
    }
    return `${prefix}-${hex.slice(0, 17)}`;
}

/**
 * The environment of the scenarios. Each hub Region's hub VPC gets its own id (a fake one
 * unless given), paired with its Region in the networks the policies are generated with.
 */
export function scenarioEnvironment(definition: Definition, hubVpcId: string = fakeId("vpc", `${definition.environment}/hub`), otherHubs: Record<string, string> = {}): ScenarioEnvironment {
    const hubVpcIds: Record<string, string> = {};
    for (const hub of hubRegions(definition)) hubVpcIds[hub.region] = hub.home ? hubVpcId : otherHubs[hub.region] ?? fakeId("vpc", `${definition.environment}/hub/${hub.region}`);
    const networks = perimeterNetworks(definition, Object.entries(hubVpcIds).map(([region, vpcId]) => ({ region, vpcId })));
    return { definition, trust: trustOf(definition), hubVpcId, hubVpcIds, networks };
}

export function arnAccount(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts.length >= 6 && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

export function arnRegion(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts.length >= 6 && parts[3] && parts[3] !== "*" ? parts[3] : undefined;
}

export function isServicePrincipal(principal: string): boolean {
    return principal !== "anonymous" && !principal.startsWith("arn:");
}

export function isAnonymous(principal: string): boolean {
    return principal === "anonymous";
}

/** The IAM prefix of an action (`s3:GetObject` → `s3`). */
function prefixOf(action: string): string {
    return action.split(":")[0].toLowerCase();
}

/** The spoke whose account a principal belongs to (the first one), for the VPC of its gateway endpoints. */
function spokeOfAccount(definition: Definition, account: string | undefined): string | undefined {
    return definition.spokes.find((s) => definition.accounts[s.account] === account)?.name;
}

/** Where a scenario's endpoint is, and whether it is one of the environment's. */
export interface EndpointOfScenario {
    /** `interface-endpoint` or `gateway-endpoint`. */
    path: NetworkPath;
    /** The catalog service (interface) or `s3`/`dynamodb` (gateway). */
    service: string;
    owner: string;
    vpcId: string;
    region: string;
    /** True when the environment built it (its endpoint policy applies). */
    ours: boolean;
}

export function endpointOf(env: ScenarioEnvironment, scenario: Scenario): EndpointOfScenario | undefined {
    const from = scenario.from;
    if (!("endpoint" in from)) return undefined;
    const d = env.definition;
    const gateway = from.endpoint.startsWith("gateway:");
    const service = gateway ? from.endpoint.slice("gateway:".length) : from.endpoint;
    const callerAccount = arnAccount(scenario.principal);
    const distributed = d.network.endpoints.mode === "distributed";
    const local = gateway || distributed;
    const networkAccount = d.accounts[d.network.account];
    // A spoke's own endpoint: the caller's spoke, or — for callers that are not ours (an
    // unsigned request, a URL presigned by an AWS account) — the first spoke that has it.
    const firstLocal = d.spokes.find((sp) => !gateway || sp.gatewayEndpoints.includes(service as "s3" | "dynamodb")) ?? d.spokes[0];
    const localOwner = callerAccount && env.trust.accountIds.includes(callerAccount) ? callerAccount : firstLocal ? d.accounts[firstLocal.account] : networkAccount;
    const owner = from.endpointAccount ?? (local ? localOwner : networkAccount);
    const ours = env.trust.accountIds.includes(owner);
    const region = from.region ?? d.region;
    const spoke = spokeOfAccount(d, owner);
    const vpcId =
        from.vpcId ??
        (!ours ? fakeId("vpc", `outside/${owner}/${region}`) : local ? fakeId("vpc", `${d.environment}/${spoke ?? owner}`) : env.hubVpcIds?.[region] ?? (region === d.region ? env.hubVpcId : fakeId("vpc", `${d.environment}/${owner}/${region}`)));
    return { path: gateway ? "gateway-endpoint" : "interface-endpoint", service, owner, vpcId, region, ours };
}

/**
 * The request context AWS would attach to the scenario's call: the principal's and the
 * resource's accounts and organizations, the network keys of the path it takes (present or
 * absent per aws/request-context.ts), the Region, TLS and time. `context` adds or overrides.
 */
export function requestContext(env: ScenarioEnvironment, scenario: Scenario): Record<string, string | string[]> {
    const { definition, trust } = env;
    const ours = new Set(trust.accountIds);
    const ctx: Record<string, string | string[]> = {};
    const now = new Date("2026-11-30T12:00:00Z");
    ctx["aws:CurrentTime"] = now.toISOString();
    ctx["aws:EpochTime"] = String(Math.floor(now.getTime() / 1000));
    ctx["aws:SecureTransport"] = "true";
    const endpoint = endpointOf(env, scenario);
    // The Region the request is sent to: an endpoint's own Region (a regional endpoint serves
    // its Region's API, whatever Region the resource ARN names — a cross-Region inference
    // profile's destination model, say); without an endpoint, the Region the client would
    // choose for the resource, else the environment's.
    ctx["aws:RequestedRegion"] = scenario.region ?? endpoint?.region ?? arnRegion(scenario.resource) ?? definition.region;

    const from = scenario.from;
    const viaService = "awsNetwork" in from && from.forwardAccessSession === true;
    if (isAnonymous(scenario.principal)) {
        // An unsigned request: no principal keys at all.
    } else if (isServicePrincipal(scenario.principal)) {
        ctx["aws:PrincipalIsAWSService"] = "true";
        ctx["aws:PrincipalServiceName"] = scenario.principal;
    } else {
        const account = arnAccount(scenario.principal) ?? "";
        ctx["aws:PrincipalArn"] = scenario.principal;
        ctx["aws:PrincipalAccount"] = account;
        ctx["aws:PrincipalType"] = "AssumedRole";
        ctx["aws:userid"] = `AROAEXAMPLE${account.slice(-4)}:session`;
        ctx["aws:PrincipalIsAWSService"] = "false";
        ctx["aws:ViaAWSService"] = viaService ? "true" : "false";
        if (viaService && "awsNetwork" in from && from.calledVia) {
            ctx["aws:CalledVia"] = [from.calledVia];
            ctx["aws:CalledViaFirst"] = from.calledVia;
            ctx["aws:CalledViaLast"] = from.calledVia;
        }
        const principalOrg = trust.orgId && ours.has(account) ? trust.orgId : scenario.principalOrgId;
        if (principalOrg) ctx["aws:PrincipalOrgID"] = principalOrg;
        for (const [k, v] of Object.entries(scenario.principalTags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v;
    }

    // A resource with no account (foundation models, `*` for account-level calls) names no
    // owner: pessimistically, aws:ResourceAccount and aws:ResourceOrgID are absent.
    const resourceAccount = scenario.resourceAccount ?? arnAccount(scenario.resource);
    if (resourceAccount) {
        ctx["aws:ResourceAccount"] = resourceAccount;
        const resourceOrg = trust.orgId && ours.has(resourceAccount) ? trust.orgId : scenario.resourceOrgId;
        if (resourceOrg) ctx["aws:ResourceOrgID"] = resourceOrg;
    }

    // Network keys: present or absent as the table says for this path and this service.
    const prefix = prefixOf(scenario.action);
    const path: NetworkPath = endpoint ? endpoint.path : "ip" in from ? "internet" : "networkInterface" in from ? "network-interface" : "aws-network";
    const keys = networkKeysOf(path, prefix).present;
    if (keys["aws:SourceIp"] !== undefined) ctx["aws:SourceIp"] = "ip" in from ? from.ip : "52.94.133.131"; // an address of AWS's network
    if (endpoint) {
        if (keys["aws:SourceVpc"] !== undefined) ctx["aws:SourceVpc"] = endpoint.vpcId;
        if (keys["aws:SourceVpce"] !== undefined) ctx["aws:SourceVpce"] = fakeId("vpce", `${endpoint.service}/${endpoint.owner}/${endpoint.vpcId}`);
        if (keys["aws:VpcSourceIp"] !== undefined) ctx["aws:VpcSourceIp"] = "10.16.1.23";
        if (keys["aws:VpceAccount"] !== undefined) ctx["aws:VpceAccount"] = endpoint.owner;
        const ownerOrg = ours.has(endpoint.owner) ? trust.orgId : endpoint.owner === OUTSIDE_ACCOUNT ? OUTSIDE_ORG : undefined;
        if (keys["aws:VpceOrgID"] !== undefined && ownerOrg) ctx["aws:VpceOrgID"] = ownerOrg;
        if (keys["aws:VpceOrgPaths"] !== undefined && ownerOrg) ctx["aws:VpceOrgPaths"] = [`${ownerOrg}/r-ab12/ou-ab12-example1/`];
    }
    return { ...ctx, ...(scenario.context ?? {}) };
}

/** True when a catalog service's endpoint is one the environment builds (in `region`, default home) with a custom policy. */
export function hasCustomEndpointPolicy(definition: Definition, service: string, region: string = definition.region): boolean {
    const services = hubRegions(definition).find((h) => h.region === region)?.services ?? definition.network.endpoints.services;
    return services.includes(service) && catalogEntry(service)?.policy === "restricted";
}
