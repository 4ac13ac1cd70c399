/**
 * The network perimeter, per AWS's pattern (aws-samples/data-perimeter-policy-examples,
 * `network_perimeter_vpceorgid_scp.json`, `network_perimeter_sourcevpc_scp.json` and their
 * RCP counterparts): a request by a principal under the perimeter must come from an
 * expected network, and which condition key can tell depends on the service
 * (aws/request-context.ts):
 *
 * - services that send aws:VpceOrgID: "through an endpoint of our organization" —
 *   `aws:VpceOrgID` (or `aws:VpceAccount` without an organization). Global: an endpoint of
 *   ours in any Region counts, and it is known before any endpoint exists.
 * - services that do not, reached only through the hub's central endpoints: "through one of
 *   our VPCs" — `aws:SourceVpc` with the hub VPC ids, plus one statement per Region that
 *   denies a request naming that VPC id in another Region (`aws:RequestedRegion`): VPC ids
 *   are unique per Region only. The ids come from the network stack's outputs; until it is
 *   deployed these services are not held yet (`pendingVpcIds`).
 * - services that do not, reached through endpoints in the spokes (DynamoDB's gateway
 *   endpoints; every service in distributed mode): "through some VPC endpoint, or from a
 *   corporate range" — a Deny when `aws:SourceVpc` is absent (`Null`) and `aws:SourceIp` is
 *   outside `perimeter.corporateCidrs`. Their requests name the spoke's own VPC, and listing every
 *   spoke VPC would make the organization's policies depend on every spoke stack (a new spoke's
 *   workloads would be denied until the org stack runs again) and outgrow the 5,120-character
 *   SCP limit at about two hundred spokes; the presence test needs no VPC id and still denies a
 *   call from the internet or over NAT. What it cannot tell is whose endpoint: a call through
 *   somebody else's VPC endpoint carries their aws:SourceVpc and passes (that endpoint's policy
 *   is theirs); our endpoint policies (identity and resource perimeter) still apply to ours.
 * - actions only ever used through a network interface in a VPC (an EFS mount target:
 *   aws/request-context.ts `networkInterfaceOnlyActions`) are never held: their requests carry
 *   no network key at all.
 *
 * Who is held: principals tagged with `perimeter.includeTag` = true (AWS's opt-in), except
 * those tagged `perimeter.breakGlassTag` = true (opt-out), AWS services acting with a forward
 * access session (`aws:ViaAWSService`), AWS service principals (RCP) and the EC2
 * infrastructure role. Roles AWS services use from their own networks — Lambda execution
 * roles writing logs, the VPC Flow Logs delivery role, the governance evaluator and Config
 * rule roles this program creates — carry no include tag and are never held.
 */
import { crossRegionInferenceActions } from "../aws/region-deny";
import { awsInfrastructureRoleArns, isNetworkInterfaceOnly, networkInterfaceOnlyActions, sendsVpceOrgId } from "../aws/request-context";
import { catalogRows } from "../aws/service-catalog";
import { Definition } from "../definition/schema";
import { PerimeterNetworks, sizingNetworks } from "./networks";
import { Condition, gatewayEndpointPrefixes, interfaceEndpointPrefixes, oneOrMany, ourEndpointsKey, perimeterServices, Trust } from "./trust";
import { PolicyStatement } from "./types";

/** How each service the endpoints carry is held to the network perimeter. */
export interface NetworkPerimeterPlan {
    /** IAM prefixes held by the endpoint owner (`aws:VpceOrgID` / `aws:VpceAccount`). */
    byEndpointOwner: string[];
    /** IAM prefixes held by `aws:SourceVpc` + `aws:RequestedRegion` (the hub's endpoints). */
    bySourceVpc: string[];
    /**
     * IAM prefixes reached through endpoints in the spokes, held by the presence of
     * `aws:SourceVpc` (some VPC endpoint) or a corporate `aws:SourceIp`: no VPC id needed.
     */
    byAnyVpc: string[];
    /** Prefixes that would be held by `aws:SourceVpc` but no VPC id is known yet. */
    pendingVpcIds: string[];
    /** Prefixes left out, with the reason. */
    leftOut: { prefix: string; reason: string }[];
    /**
     * The IAM actions held for each prefix held above: `<prefix>:*`, or exactly the actions the
     * configured endpoints carry when sibling endpoints of the same prefix are not configured
     * (`heldActions`).
     */
    actions: Record<string, string[]>;
    /**
     * Prefixes held whole although some of their actions go to hosts no configured endpoint
     * serves (a control-plane endpoint carries nearly all the prefix, and its sibling endpoints
     * are not configured): prefix → the unconfigured siblings. `npm run validate` says so.
     */
    heldBeyondEndpoints: Record<string, string[]>;
}

/**
 * The IAM actions of `prefix` the environment's endpoints carry, for the network perimeter to
 * hold: `<prefix>:*` when a gateway endpoint carries it, when every catalog endpoint of the
 * prefix is configured, or when a configured endpoint carries (nearly) the whole prefix
 * (no `iamActions` in the catalog: a control plane such as bedrock, sagemaker.api, ecs); else
 * exactly the union of the configured endpoints' `iamActions` (bedrock-runtime alone holds
 * the inference actions, not bedrock:ListFoundationModels or bedrock:Retrieve, whose hosts no
 * endpoint of ours serves and which therefore travel over NAT).
 */
export function heldActions(definition: Definition, prefix: string): { actions: string[]; beyond: string[] } {
    const held = heldEndpointActions(definition, prefix);
    return { ...held, actions: withoutNetworkInterfaceActions(prefix, held.actions) };
}

/**
 * `actions` without those only ever used through a network interface in a VPC (an EFS mount
 * target: aws/request-context.ts `networkInterfaceOnlyActions`): such a request never crosses an
 * endpoint and carries no network key, so no network perimeter can hold it. `<prefix>:*` becomes
 * the sourced cover of the rest of the prefix.
 */
function withoutNetworkInterfaceActions(prefix: string, actions: string[]): string[] {
    const entry = networkInterfaceOnlyActions.find((e) => e.prefix === prefix);
    if (!entry) return actions;
    // A namespace used only through network interfaces (neptune-db:*, kafka-cluster:*) is never held.
    if (entry.actions.includes(`${prefix}:*`)) return [];
    return actions.flatMap((a) => {
        if (a !== `${prefix}:*`) return isNetworkInterfaceOnly(a) ? [] : [a];
        if (!entry.restOfPrefix) throw new Error(`aws/request-context.ts: networkInterfaceOnlyActions "${prefix}" needs restOfPrefix to hold the rest of ${prefix}:*`);
        return entry.restOfPrefix;
    });
}

function heldEndpointActions(definition: Definition, prefix: string): { actions: string[]; beyond: string[] } {
    const configured = new Set(definition.network.endpoints.services);
    if (definition.spokes.some((s) => (s.gatewayEndpoints as string[]).includes(prefix))) return { actions: [`${prefix}:*`], beyond: [] };
    const siblings = catalogRows.filter((r) => r.iamPrefixes.includes(prefix) && (r.policy ?? "restricted") !== "unsupported");
    const mine = siblings.filter((r) => configured.has(r.name));
    const missing = siblings.filter((r) => !configured.has(r.name)).map((r) => r.name);
    if (mine.length === 0) return { actions: [], beyond: [] };
    if (missing.length === 0) return { actions: [`${prefix}:*`], beyond: [] };
    if (mine.some((r) => r.iamActions === undefined)) return { actions: [`${prefix}:*`], beyond: missing };
    return { actions: [...new Set(mine.flatMap((r) => r.iamActions ?? []))].sort(), beyond: [] };
}

/** Which key holds each service the environment's endpoints carry (see the file comment). */
export function networkPerimeterPlan(definition: Definition, networks: PerimeterNetworks): NetworkPerimeterPlan {
    const centralized = definition.network.endpoints.mode === "centralized";
    const hubPrefixes = centralized ? interfaceEndpointPrefixes(definition) : [];
    const spokePrefixes = new Set([...gatewayEndpointPrefixes(definition), ...(centralized ? [] : interfaceEndpointPrefixes(definition))]);
    const plan: NetworkPerimeterPlan = { byEndpointOwner: [], bySourceVpc: [], byAnyVpc: [], pendingVpcIds: [], leftOut: [], actions: {}, heldBeyondEndpoints: {} };
    for (const prefix of perimeterServices(definition)) {
        const held = heldActions(definition, prefix);
        if (held.actions.length === 0) {
            plan.leftOut.push({ prefix, reason: "its configured endpoints carry no action that only they serve (their actions are also served by endpoints of the prefix that are not configured)" });
            continue;
        }
        plan.actions[prefix] = held.actions;
        if (held.beyond.length > 0) plan.heldBeyondEndpoints[prefix] = held.beyond;
        if (sendsVpceOrgId(prefix)) plan.byEndpointOwner.push(prefix);
        else if (spokePrefixes.has(prefix)) plan.byAnyVpc.push(prefix);
        else if (hubPrefixes.includes(prefix)) (networks.vpcs.length > 0 ? plan.bySourceVpc : plan.pendingVpcIds).push(prefix);
        else plan.leftOut.push({ prefix, reason: "no endpoint of the environment carries it" });
    }
    return plan;
}

/**
 * True when the organization's network perimeter names the hub VPC (some service is held by
 * `aws:SourceVpc`): the org stack then reads the network stack's `hubVpcId` and runs again
 * after it (program/unit-registry.ts, phase `perimeter`).
 */
export function perimeterNamesHubVpc(definition: Definition): boolean {
    return definition.organization !== undefined && networkPerimeterPlan(definition, sizingNetworks(definition)).bySourceVpc.length > 0;
}

/** Conditions every network-perimeter statement shares: who is held, and the exemptions AWS's sample makes. */
function heldPrincipals(trust: Trust, extraExemptions: Record<string, string | string[]>, rcp: boolean): Condition {
    const condition: Condition = {};
    if (trust.corporateCidrs.length > 0) condition.NotIpAddressIfExists = { "aws:SourceIp": oneOrMany(trust.corporateCidrs) };
    condition.StringNotEqualsIfExists = { [`aws:PrincipalTag/${trust.breakGlassTag}`]: "true", ...extraExemptions };
    condition.BoolIfExists = rcp ? { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" } : { "aws:ViaAWSService": "false" };
    condition.ArnNotLikeIfExists = { "aws:PrincipalArn": oneOrMany(awsInfrastructureRoleArns(trust.partition)) };
    condition.StringEquals = { [`aws:PrincipalTag/${trust.includeTag}`]: "true" };
    return condition;
}

/** Action list of a statement: the plan's held actions of each prefix, or the caller's own mapping (the RCP's STS actions). */
export type ActionsOf = (prefixes: string[]) => string[];

/**
 * Amazon Bedrock cross-Region inference. A call through an inference profile is authorized in
 * the source Region (the profile's, where our endpoint is) and again in each destination Region,
 * where aws:RequestedRegion is the destination; AWS documents the profile in
 * `bedrock:InferenceProfileArn` (its Region deny with cross-Region inference,
 * aws-samples/service-control-policy-examples `Region-controls/...-with-Bedrock-CRIS.json`) but
 * not whether aws:SourceVpc is carried there. Pessimistically both ways: a request through an
 * inference profile of a Region whose VPC we name is exempt from the SourceVpc statements, and a
 * separate statement holds the inference actions in those Regions themselves (the source
 * Region's authorization, which the call must pass anyway).
 */
function inferenceProfilesIn(partition: string, regions: string[]): string[] {
    return regions.flatMap((r) => [`arn:${partition}:bedrock:${r}:*:inference-profile/*`, `arn:${partition}:bedrock:${r}:*:application-inference-profile/*`]);
}
const heldCrossRegionInference = (actions: string[]): string[] =>
    actions.includes("bedrock:*") ? [...crossRegionInferenceActions] : crossRegionInferenceActions.filter((a) => actions.includes(a));

/** Region → VPC ids, sorted. */
function vpcsByRegion(networks: PerimeterNetworks): [string, string[]][] {
    const map = new Map<string, string[]>();
    for (const v of networks.vpcs) map.set(v.region, [...(map.get(v.region) ?? []), v.vpcId]);
    return [...map].sort(([a], [b]) => a.localeCompare(b)).map(([r, ids]) => [r, [...new Set(ids)].sort()]);
}

/**
 * The network-perimeter statements of an SCP (no Principal) or an RCP (Principal "*"),
 * for the services `plan` holds and `include` keeps (the RCP keeps the RCP-capable ones).
 */
export function networkPerimeterStatements(
    trust: Trust,
    plan: NetworkPerimeterPlan,
    networks: PerimeterNetworks,
    options: { rcp: boolean; include?: (prefix: string) => boolean; actionsOf?: ActionsOf; exemptAccounts?: string[] },
): PolicyStatement[] {
    const include = options.include ?? (() => true);
    const actionsOf = options.actionsOf ?? ((prefixes: string[]) => prefixes.flatMap((p) => plan.actions[p] ?? [`${p}:*`]));
    const principal = options.rcp ? { Principal: "*" as const } : {};
    const exempt: Record<string, string | string[]> = {};
    if (options.exemptAccounts && options.exemptAccounts.length > 0) exempt["aws:PrincipalAccount"] = oneOrMany(options.exemptAccounts);
    const statements: PolicyStatement[] = [];

    const byOwner = plan.byEndpointOwner.filter(include);
    if (byOwner.length > 0) {
        const [key, value] = ourEndpointsKey(trust);
        statements.push({
            Sid: "EnforceNetworkPerimeterVpceOrgID",
            Effect: "Deny",
            ...principal,
            Action: actionsOf(byOwner),
            Resource: "*",
            Condition: heldPrincipals(trust, { [key]: value, ...exempt }, options.rcp),
        });
    }
    const byVpc = plan.bySourceVpc.filter(include);
    const regions = vpcsByRegion(networks);
    if (byVpc.length > 0 && regions.length > 0) {
        const ids = [...new Set(regions.flatMap(([, v]) => v))].sort();
        const actions = actionsOf(byVpc);
        const inference = heldCrossRegionInference(actions);
        const main = heldPrincipals(trust, { "aws:SourceVpc": oneOrMany(ids), ...exempt }, options.rcp);
        if (inference.length > 0) main.ArnNotLikeIfExists = { ...main.ArnNotLikeIfExists, "bedrock:InferenceProfileArn": oneOrMany(inferenceProfilesIn(trust.partition, regions.map(([r]) => r))) };
        statements.push({ Sid: "EnforceNetworkPerimeterSourceVpc", Effect: "Deny", ...principal, Action: actions, Resource: "*", Condition: main });
        if (inference.length > 0) {
            const inRegion = heldPrincipals(trust, { "aws:SourceVpc": oneOrMany(ids), ...exempt }, options.rcp);
            inRegion.StringEquals = { ...inRegion.StringEquals, "aws:RequestedRegion": oneOrMany(regions.map(([r]) => r)) };
            statements.push({
                // The source Region's authorization of a cross-Region inference call (see inferenceProfilesIn).
                Sid: "EnforceNetworkPerimeterSourceVpcInference",
                Effect: "Deny",
                ...principal,
                Action: oneOrMany(inference),
                Resource: "*",
                Condition: inRegion,
            });
        }
        regions.forEach(([region, vpcIds], i) => {
            const condition: Condition = { StringEquals: { "aws:SourceVpc": oneOrMany(vpcIds) }, StringNotEqualsIfExists: { "aws:RequestedRegion": region } };
            // A cross-Region inference call through a profile of this Region continues in the destination Region.
            if (inference.length > 0) condition.ArnNotLikeIfExists = { "bedrock:InferenceProfileArn": oneOrMany(inferenceProfilesIn(trust.partition, [region])) };
            statements.push({
                // A VPC id of ours is only ours in its own Region.
                Sid: `SourceVpcRegion${i + 1}`,
                Effect: "Deny",
                ...principal,
                Action: actions,
                Resource: "*",
                Condition: condition,
            });
        });
    }
    // Reached through endpoints in the spokes: whichever VPC, the request must come through one
    // (aws:SourceVpc present) or from a corporate range. Decidable without any VPC id.
    const byAnyVpc = plan.byAnyVpc.filter(include);
    if (byAnyVpc.length > 0) {
        const condition = heldPrincipals(trust, exempt, options.rcp);
        condition.Null = { "aws:SourceVpc": "true" };
        statements.push({ Sid: "EnforceNetworkPerimeterAnyVpc", Effect: "Deny", ...principal, Action: actionsOf(byAnyVpc), Resource: "*", Condition: condition });
    }
    return statements;
}

/**
 * The network condition of a protected bucket's Deny: true (deny) when the request comes
 * neither from a corporate range nor through an endpoint of ours (S3 sends the endpoint
 * owner), is not made by or through an AWS service, and the principal is neither tagged
 * out nor AWS's infrastructure role nor one of `exemptArns`. Unlike the SCP/RCP it holds
 * every principal: the bucket's data is what it protects.
 */
export function bucketNetworkCondition(trust: Trust, exemptAccounts: string[], exemptArns: string[]): Condition {
    const [key, value] = ourEndpointsKey(trust);
    const condition: Condition = {};
    if (trust.corporateCidrs.length > 0) condition.NotIpAddressIfExists = { "aws:SourceIp": oneOrMany(trust.corporateCidrs) };
    const notEquals: Record<string, string | string[]> = { [key]: value, [`aws:PrincipalTag/${trust.breakGlassTag}`]: "true" };
    if (exemptAccounts.length > 0) notEquals["aws:PrincipalAccount"] = oneOrMany(exemptAccounts);
    condition.StringNotEqualsIfExists = notEquals;
    condition.BoolIfExists = { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" };
    condition.ArnNotLikeIfExists = { "aws:PrincipalArn": oneOrMany([...awsInfrastructureRoleArns(trust.partition), ...exemptArns]) };
    return condition;
}
