/**
 * The Pulumi program: reads the stack's environment and unit, loads and validates the
 * environment's definition, and builds exactly the units of this stack.
 *
 * Unit `all` builds every unit in one graph (one provider per account). Per-account
 * stacks exchange values through StackReference (see references.ts), in the order of the
 * deploy waves (stack-graph.ts, `npm run waves`):
 *   network (pass 1) → each spoke → network (pass 2: accept, associate, propagate)
 *   → each spoke again (routes to the transit gateway once accepted)
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { formatDiagnostics } from "../definition/diagnostics";
import { LoadResult, loadDefinitionFile } from "./load";
import { Definition, Spoke } from "../definition/schema";
import { NetworkOutputs, SpokeOutputs, SpokeVpcInfo, UnitContext, networkOutputNames, ownVpcOutputNames, spokeOutputNames } from "./context";
import { buildBootstrap } from "./bootstrap";
import { buildLogArchive } from "./log-archive";
import { NetworkCore, PeerState, buildAllPeerings, buildDomainRouting, buildNetworkCore, buildRegionPeerings } from "./network";
import { hubRegions, isMultiRegion, networkUnitOf, peeringsOf, regionOfNetworkUnit, spokeRegion, spokesIn } from "../definition/regions";
import { buildOrgGuardrails, buildProtectedBucketPolicies, hubVpcIdOutputName } from "./org";
import { buildEndpointServices, buildEndpointServicesInRegions } from "./privatelink";
import { endpointConnectionsOutputName, endpointServicesOutputName, failoverZonesOf, failoverZonesOutputName } from "./privatelink-shared";
import { buildDetectiveControls, buildGovernanceForUnit } from "./privatelink-governance";
import { deployFirst, readStackOutputs, setReadingUnit } from "./references";
import { CENTRAL_ZONES_OUTPUT, ENDPOINT_DNS_OUTPUT, authorizeSpokeZones, buildCentralServices, buildSpokeServices, executeApiEndpointOutput, profileServesSpokes } from "./services";
import { buildSpokeVpc, spokeRoutesReady } from "./spoke";
import { ACCOUNT_UNIT_PREFIX, ownerUnitOfAccount, stackName, unitsOf, unitsToBuild } from "../definition/units";
import { partitionOf } from "../aws/partitions";
import { selectAvailabilityZones } from "./availability-zones";
import { DETACH_SPOKES_CONFIG, RELEASE_SERVICES_CONFIG } from "./stack-graph";
import { DELETE_FIRST_CONFIG } from "./change-order/single-stack-delete-first";
import { DELETE_FIRST_KINDS, withoutDeletedFirst } from "./delete-first";
import { crossAccountSpoke } from "./unit-registry";
import { keepsRecordedVpc, publishedVpcOf, recordOf } from "./acceptance";
import { T } from "../aws/lifecycle";

/** Where `stacks/` lives: the project root (this file's parent folder). */
export const projectRoot = path.resolve(__dirname, "..");

export interface ProgramSettings {
    environment: string;
    unit: string;
    definitionFile: string;
    /**
     * How the definition file is loaded and validated. The offline plan's parallel
     * workers pass a content-keyed cache (tools/plan/definition-cache.ts).
     * @default loadDefinitionFile
     */
    loadDefinition?: (file: string) => LoadResult;
}

/** Reads the `landing-zone:*` config keys of the current stack. */
export function readSettings(): ProgramSettings {
    const config = new pulumi.Config("landing-zone");
    const environment = config.get("environment");
    if (!environment) {
        throw new pulumi.RunError(
            `stack ${pulumi.getStack()} has no "landing-zone:environment" config key.\n` +
                `  Set it:  pulumi config set landing-zone:environment <env>   (a file stacks/<env>.yaml must exist)`,
        );
    }
    const unit = config.get("unit") ?? "all";
    const definitionFile = config.get("definition") ?? path.join(projectRoot, "stacks", `${environment}.yaml`);
    return { environment, unit, definitionFile: path.resolve(projectRoot, definitionFile) };
}

/** Loads the definition or stops the program with every problem listed (no stack trace). */
export function loadOrStop(settings: ProgramSettings): Definition {
    const { definition, diagnostics } = (settings.loadDefinition ?? loadDefinitionFile)(settings.definitionFile);
    for (const warning of diagnostics.filter((d) => d.severity === "warning")) {
        pulumi.log.warn(formatDiagnostics([warning]));
    }
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (!definition || errors.length > 0) {
        throw new pulumi.RunError(`the landing-zone definition is invalid:\n${formatDiagnostics(errors)}`);
    }
    if (definition.environment !== settings.environment) {
        throw new pulumi.RunError(
            `${settings.definitionFile}: environment is "${definition.environment}" but this stack's landing-zone:environment is "${settings.environment}"`,
        );
    }
    const units = ["all", ...unitsOf(definition)];
    if (!units.includes(settings.unit)) {
        throw new pulumi.RunError(
            `landing-zone:unit "${settings.unit}" is not a unit of environment ${definition.environment}; expected one of: ${units.join(", ")}`,
        );
    }
    return definition;
}

/** A Region's hub's Availability Zones as the network account sees them there (network units and unit `all`). */
async function hubAvailabilityZones(definition: Definition, provider: aws.Provider | undefined, region: string = definition.region): Promise<{ names: string[]; ids: string[] }> {
    const offered = await aws.getAvailabilityZones({ state: "available", filters: [{ name: "zone-type", values: ["availability-zone"] }] }, { provider });
    const zones = selectAvailabilityZones(definition, offered, region);
    if ("error" in zones) throw new pulumi.RunError(zones.error);
    return zones;
}

/** Default tags of every provider: the environment, and that Pulumi manages the resource. */
export function defaultTagsOf(definition: Definition): Record<string, string> {
    return { "landing-zone:environment": definition.environment, "landing-zone:managed-by": "pulumi" };
}

/**
 * The role every provider assumes in the accounts it reaches: `deployment.roleName`, or
 * the stack config `landing-zone:assumeRoleName` when set. Pull-request previews set it to
 * the read-only preview role, so a preview never needs the write-capable deploy role.
 */
export function assumedRoleName(definition: Definition): string {
    const override = new pulumi.Config("landing-zone").get("assumeRoleName");
    if (override === undefined || override === "") return definition.deployment.roleName;
    if (!/^[\w+=,.@-]{1,64}$/.test(override)) {
        throw new pulumi.RunError(`landing-zone:assumeRoleName "${override}" is not an IAM role name (1-64 letters, digits and +=,.@_-)`);
    }
    return override;
}

/**
 * The arguments of the provider of `account` in `region` (default: the home Region), `allowedAccountIds`
 * pinned to the account (a stack can never touch another), the environment's default tags,
 * and — unless the account is the caller's own — the role to assume in it (`roleName`:
 * `assumedRoleName`).
 */
export function providerArgs(
    definition: Definition,
    account: string,
    callerAccountId: string,
    session: string,
    roleName = definition.deployment.roleName,
    region: string = definition.region,
): aws.ProviderArgs {
    const id = definition.accounts[account];
    return {
        region: region as aws.Region,
        allowedAccountIds: [id],
        defaultTags: { tags: defaultTagsOf(definition) },
        ...(id === callerAccountId
            ? {}
            : { assumeRoles: [{ roleArn: `arn:${partitionOf(definition.region)}:iam::${id}:role/${roleName}`, sessionName: session }] }),
    };
}

/**
 * The name of the provider of `account` in `region`: `<account>-provider` in the home Region
 * (the name a single-Region environment has always had), `<account>-<region>-provider`
 * elsewhere.
 */
export function providerName(definition: Definition, account: string, region: string): string {
    return region === definition.region ? `${account}-provider` : `${account}-${region}-provider`;
}

/**
 * Builds the context in `region` (default: the home Region): one explicit aws.Provider per
 * account AND Region, created when a unit first deploys into that account there. Every
 * Region's resources go through a provider pinned to that Region (not the resource-level
 * `region` input of @pulumi/aws v7), so each provider stays pinned to one account and one
 * Region, and the policy pack, the offline plan and the rehearsal read a resource's account
 * and Region from its provider alone. `zones`: the hub's Availability Zones (names and
 * ids), when the unit needs them.
 */
export async function createContext(
    settings: ProgramSettings,
    definition: Definition,
    zones: { names: string[]; ids: string[] } = { names: [], ids: [] },
    region: string = definition.region,
): Promise<UnitContext> {
    const caller = await aws.getCallerIdentity({});
    const roleName = assumedRoleName(definition);
    const providers = new Map<string, aws.Provider>();
    const idOf = (account: string): string => {
        const id = definition.accounts[account];
        if (!id) throw new pulumi.RunError(`account "${account}" is not in the definition's accounts`);
        return id;
    };
    const providerIn = (where: string) => (account: string): aws.Provider => {
        const key = `${account}|${where}`;
        let created = providers.get(key);
        if (!created) {
            idOf(account);
            created = new aws.Provider(
                providerName(definition, account, where),
                providerArgs(definition, account, caller.accountId, `landing-zone-${settings.environment}-${settings.unit}`, roleName, where),
            );
            providers.set(key, created);
        }
        return created;
    };
    const contextIn = (where: string, names: string[], ids: string[]): UnitContext => {
        const provider = providerIn(where);
        return {
            definition,
            region: where,
            definitionFile: settings.definitionFile,
            environment: definition.environment,
            availabilityZones: names,
            availabilityZoneIds: ids,
            singleGraph: settings.unit === "all",
            provider,
            accountId: idOf,
            opts: (account) => ({ provider: provider(account) }),
            inRegion: (other) => (other === where ? contextIn(where, names, ids) : contextIn(other, [], [])),
        };
    };
    return contextIn(region, zones.names, zones.ids);
}

/** `ctx` in `region` (its own providers there), keeping the transformations `ctx.opts` adds. */
function regionalContext(ctx: UnitContext, region: string): UnitContext {
    if (region === ctx.region) return ctx;
    const other = ctx.inRegion ? ctx.inRegion(region) : { ...ctx, region };
    return { ...other, logArchive: ctx.logArchive };
}

function spokeNamed(definition: Definition, name: string): Spoke {
    const spoke = definition.spokes.find((s) => s.name === name);
    if (!spoke) throw new pulumi.RunError(`unit "${name}" is not a spoke of ${definition.environment}`);
    return spoke;
}

/** The protected buckets whose policy this unit's stack manages (see ownerUnitOfAccount). */
function bucketsOfUnit(definition: Definition, unit: string): Definition["perimeter"]["protectedBuckets"] {
    return definition.perimeter.protectedBuckets.filter((b) => unit === "all" || ownerUnitOfAccount(definition, b.account) === unit);
}

/**
 * The spokes the network stack's `landing-zone:detachSpokes` config names (`*`: all):
 * their attachments stay accepted but are neither associated nor propagated, so their
 * own stacks can delete them (the first step of destroying the environment).
 */
export function detachedSpokesOf(definition: Definition, configured: string | undefined): string[] {
    if (configured === undefined || configured.trim() === "") return [];
    const names = configured.split(",").map((n) => n.trim()).filter(Boolean);
    if (names.includes("*")) return definition.spokes.map((s) => s.name);
    const unknown = names.filter((n) => !definition.spokes.some((s) => s.name === n));
    if (unknown.length > 0) {
        throw new pulumi.RunError(
            `${DETACH_SPOKES_CONFIG} names ${unknown.join(", ")}, which ${unknown.length === 1 ? "is not a spoke" : "are not spokes"} of ${definition.environment}; expected "*" or some of: ${definition.spokes.map((s) => s.name).join(", ")}`,
        );
    }
    return names;
}

/**
 * The other spokes' endpoint services a spoke's `landing-zone:releaseEndpointServices`
 * config names (`*`: every one it consumes): it builds no interface endpoint to them, so
 * their owners can delete them (an endpoint service cannot be deleted while connected).
 */
export function releasedServicesOf(definition: Definition, spoke: Spoke, configured: string | undefined): string[] {
    if (configured === undefined || configured.trim() === "") return [];
    const consumed = definition.endpointServices.filter((s) => s.spoke !== spoke.name && s.consumers.includes(spoke.name)).map((s) => s.name);
    const names = configured.split(",").map((n) => n.trim()).filter(Boolean);
    if (names.includes("*")) return consumed;
    const unknown = names.filter((n) => !consumed.includes(n));
    if (unknown.length > 0) {
        throw new pulumi.RunError(
            `${RELEASE_SERVICES_CONFIG} names ${unknown.join(", ")}, which ${stackName(definition.environment, spoke.name)} does not consume; expected "*" or some of: ${consumed.join(", ") || "(none)"}`,
        );
    }
    return names;
}

/**
 * What the unit-`all` stack's `landing-zone:deleteFirst` config names: the spokes
 * (`spoke:<name>`) and interface endpoint services (`endpoint:<service>`) of the definition
 * this run loads (the earlier one of a change) that the run leaves out, so the change's next
 * run can create what they block (program/change-order/single-stack-delete-first.ts deleteFirstOf). Every problem in
 * one error, naming what is allowed.
 */
export function deletedFirstOf(definition: Definition, unit: string, configured: string | undefined): string[] {
    if (configured === undefined || configured.trim() === "") return [];
    if (unit !== "all") {
        throw new pulumi.RunError(`${DELETE_FIRST_CONFIG} is read by the unit-all stack only (a change's first run, set by npm run deploy); stack ${stackName(definition.environment, unit)} is unit "${unit}": remove the key`);
    }
    const allowed = [
        ...definition.spokes.map((s) => `spoke:${s.name}`),
        ...[...new Set([...definition.network.endpoints.services, ...Object.values(definition.network.regions).flatMap((r) => r.endpoints.services ?? [])])].map((s) => `endpoint:${s}`),
    ];
    const items = configured.split(",").map((n) => n.trim()).filter(Boolean);
    const problems: string[] = [];
    for (const item of items) {
        const kind = item.split(":")[0];
        if (!item.includes(":") || !(DELETE_FIRST_KINDS as readonly string[]).includes(kind)) problems.push(`"${item}" is not ${DELETE_FIRST_KINDS.map((k) => `${k}:<name>`).join(" or ")}`);
        else if (!allowed.includes(item)) problems.push(`"${item}" is not ${kind === "spoke" ? "a spoke" : "an interface endpoint service"} of ${definition.environment}`);
    }
    if (problems.length > 0) {
        throw new pulumi.RunError(`${DELETE_FIRST_CONFIG}: ${problems.join("; ")}; expected some of: ${allowed.join(", ") || "(none)"}`);
    }
    return items;
}

/** The definition without `spoke` among the consumers of `services`. */
function withoutConsumer(definition: Definition, spoke: string, services: string[]): Definition {
    return {
        ...definition,
        endpointServices: definition.endpointServices.map((s) => (services.includes(s.name) ? { ...s, consumers: s.consumers.filter((c) => c !== spoke) } : s)),
    };
}

/**
 * The spokes the network stack must not silently skip: accepted by an earlier run (its own
 * previous `attachedSpokes`), still in the definition, but publishing no outputs now.
 * Skipping them would disassociate them and forget their accepters — cutting live spokes
 * off the transit gateway — so the run stops instead.
 */
export function lostSpokes(previouslyAttached: unknown, missing: string[]): string[] {
    const before = Array.isArray(previouslyAttached) ? previouslyAttached : [];
    return missing.filter((name) => before.includes(name));
}

// ---- units ----------------------------------------------------------------------------------------

/**
 * Unit `all`. `loaded`: the definition as loaded, when a change's first run leaves things out
 * of it (`landing-zone:deleteFirst`): the detective controls keep watching what it governs —
 * every account and Region, each account's forwarder under its owner — until the change's
 * next run, so the left-out spokes neither hand a forwarder over twice nor drop a Region
 * only a left-out service's failover used (the accounts stay; nothing of theirs is left out).
 */
async function runAll(settings: ProgramSettings, definition: Definition, loaded: Definition = definition): Promise<Record<string, unknown>> {
    const ctx = await hubContext(settings, definition);
    buildProtectedBucketPolicies(ctx, bucketsOfUnit(definition, "all"));
    if (loaded.security) buildDetectiveControls(loaded === definition ? ctx : { ...ctx, definition: loaded });
    ctx.logArchive = buildLogArchive(ctx);
    // RAM shares with the organization or its OUs need RAM sharing with the organization
    // on first (aws/lifecycle.ts org-principal-needs-org-sharing). In one graph the
    // guardrails (which turn it on) are built after the hub, whose VPC id they name: every
    // principal association of the network's shares waits for them (dependsOn a component
    // waits for its children).
    const guardrailsBuilt = deferred<pulumi.Resource[]>();
    const afterGuardrails = (c: UnitContext): UnitContext =>
        definition.organization ? { ...c, opts: (account) => ({ ...c.opts(account), transformations: [afterOrganizationSharing(guardrailsBuilt.promise)] }) } : c;
    const networkCtx = afterGuardrails(ctx);
    const core = buildNetworkCore(networkCtx);
    // Every other Region's network: its own providers, zones and core.
    const regionCtx: Record<string, UnitContext> = { [definition.region]: ctx };
    const cores: Record<string, NetworkCore> = { [definition.region]: core };
    for (const hub of hubRegions(definition).filter((h) => !h.home)) {
        const rctx = await withHubZones(regionalContext(ctx, hub.region), definition, hub.region);
        regionCtx[hub.region] = rctx;
        cores[hub.region] = buildNetworkCore(afterGuardrails(rctx));
    }
    const guardrails = definition.organization
        ? await buildOrgGuardrails(ctx, Object.values(cores).map((c) => ({ region: c.region ?? definition.region, vpcId: c.hub.vpcId })))
        : undefined;
    guardrailsBuilt.resolve(guardrails ? [guardrails] : []);
    // Built after the guardrails: their shares (the Profile's, the Resolver rules') follow them.
    // Each Region's interface endpoints and DNS, in its own context (program/services.ts reads ctx.region).
    const centrals: Record<string, ReturnType<typeof buildCentralServices>> = {};
    // Its own last outputs (a StackReference to itself, as the network units read theirs):
    // what the central zones need to follow a replaced hub (program/services.ts PreviousZones).
    // Only central hosted zones need it here; a service with failover reads its failover zone's
    // record (program/privatelink-provider.ts previousFailoverZone): every other unit-all graph
    // stays free of StackReferences.
    const centralZonesBuilt = definition.network.dns.sharing === "hosted-zones" && definition.network.endpoints.mode === "centralized";
    const ownPrevious = centralZonesBuilt ? await readStackOutputs(definition.environment, "all", [CENTRAL_ZONES_OUTPUT, "hostedZoneIds", hubVpcIdOutputName] as const) : {};
    const zonesPrevious = { centralZones: ownPrevious[CENTRAL_ZONES_OUTPUT], hostedZoneIds: ownPrevious.hostedZoneIds, hubVpcId: ownPrevious[hubVpcIdOutputName] };
    for (const hub of hubRegions(definition)) {
        // A stack from before the record published the home Region's zones and hub only.
        centrals[hub.region] = buildCentralServices(hub.home ? ctx : regionCtx[hub.region], cores[hub.region], zonesPrevious, hub.home);
    }
    const central = centrals[definition.region];
    const peerings = buildAllPeerings((r) => regionCtx[r], cores);
    // A spoke's association with the Profile or a Resolver rule of the network account
    // needs the RAM share to reach its account first (aws/lifecycle.ts
    // profile-association-needs-share, resolver-rule-association-needs-share): in one graph
    // they wait for the component that shares them (every Region's).
    const sharers: Record<string, pulumi.Resource[]> = {
        [T.profileAssociation]: Object.values(centrals).flatMap((c) => (c.profile ? [c.profile] : [])),
        [T.resolverRuleAssociation]: Object.values(centrals).flatMap((c) => (c.hybrid ? [c.hybrid] : [])),
    };
    const spokesCtxOf = (c: UnitContext): UnitContext => ({ ...c, opts: (account) => ({ ...c.opts(account), transformations: [waitForSharers(sharers)] }) });
    const spokesCtx = spokesCtxOf(ctx);
    // Each spoke's routes to the transit gateway wait for the network's side of its own
    // attachment (accepter, association, propagations) and the domains' static routes,
    // which are built after the VPCs (DomainRouting.networkSideOf: not the whole component,
    // whose every child the SDK would gather for every route).
    let routed!: (bySpoke: ReadonlyMap<string, pulumi.Resource[]>) => void;
    const routesAfter = new Promise<ReadonlyMap<string, pulumi.Resource[]>>((resolve) => {
        routed = resolve;
    });
    const spokes = new Map<string, SpokeVpcInfo>();
    const networkSides = new Map<string, pulumi.Resource[]>();
    const byRegion = new Map<string, { ctx: UnitContext; network: NetworkOutputs; spokes: Map<string, SpokeVpcInfo> }>();
    for (const hub of hubRegions(definition)) {
        const rctx = hub.home ? spokesCtx : spokesCtxOf(regionCtx[hub.region]);
        const here = new Map<string, SpokeVpcInfo>();
        const regionNetwork: NetworkOutputs = { transitGatewayId: cores[hub.region].transitGatewayId, ...centrals[hub.region].outputs };
        for (const spoke of spokesIn(definition, hub.region)) {
            const info = buildSpokeVpc(rctx, spoke, regionNetwork, { ready: true, routesAfter: routesAfter.then((bySpoke) => bySpoke.get(spoke.name) ?? []) });
            here.set(spoke.name, info);
            spokes.set(spoke.name, info);
        }
        byRegion.set(hub.region, { ctx: rctx, network: regionNetwork, spokes: here });
        const routing = buildDomainRouting(
            rctx,
            cores[hub.region],
            [...here.values()].map((s) => ({ spoke: s.spoke, outputs: { vpcId: s.vpcId, transitGatewayAttachmentId: s.transitGatewayAttachmentId } })),
            peerings[hub.region],
        );
        for (const [spoke, side] of routing.networkSideOf) networkSides.set(spoke, side);
    }
    routed(networkSides);
    for (const [region, r] of byRegion) {
        const authorized = authorizeSpokeZones(r.ctx, centrals[region], [...r.spokes.values()].map((s) => ({ spoke: s.spoke, vpcId: s.vpcId })));
        for (const info of r.spokes.values()) {
            buildSpokeServices(r.ctx, info, { ...r.network, authorizedSpokes: authorized.authorizedSpokes }, authorized.dependsOnBySpoke.get(info.spoke.name) ?? []);
        }
    }
    // Every Region's spokes at once, each with its own Region's context: a service, its failover
    // Region's service and consumers in other Regions are wired in this graph (no StackReference).
    const published =
        byRegion.size === 1 ? await buildEndpointServices(spokesCtx, spokes) : await buildEndpointServicesInRegions([...byRegion.values()].map((r) => ({ ctx: r.ctx, spokes: r.spokes })));
    // Each failover zone's record, read back by the next run (program/privatelink-provider.ts previousFailoverZone).
    const failoverZones = failoverZonesOf(published.endpointServices);
    const centralZones = Object.assign({}, ...Object.values(centrals).map((c) => c.centralZones ?? {}));
    return {
        units: unitsToBuild(definition, "all"),
        transitGatewayId: core.transitGatewayId,
        [hubVpcIdOutputName]: core.hub.vpcId,
        ...executeApiEndpointOutput(central),
        ...central.outputs,
        ...(Object.keys(centralZones).length > 0 ? { [CENTRAL_ZONES_OUTPUT]: centralZones } : {}),
        ...(Object.keys(failoverZones).length > 0 ? { [failoverZonesOutputName]: failoverZones } : {}),
    };
}

/** A promise and its resolve function. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => {
        resolve = r;
    });
    return { promise, resolve };
}

/** Makes every RAM principal association (and only those) wait for `after`. */
export function afterOrganizationSharing(after: Promise<pulumi.Resource[]>): pulumi.ResourceTransformation {
    return (args) =>
        args.type === T.ramPrincipalAssociation ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { dependsOn: after }) } : undefined;
}

/** Makes the resources of the listed types wait for the listed resources (components: all their children). */
function waitForSharers(sharers: Record<string, pulumi.Resource[]>): pulumi.ResourceTransformation {
    return (args) => {
        const after = sharers[args.type] ?? [];
        return after.length > 0 ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { dependsOn: after }) } : undefined;
    };
}

/** The context of a unit that builds the hub of `region`: its zones looked up with the network account's provider there. */
async function hubContext(settings: ProgramSettings, definition: Definition, region: string = definition.region): Promise<UnitContext & { availabilityZoneIds: string[] }> {
    const ctx = await createContext(settings, definition, undefined, region);
    return withHubZones(ctx, definition, region);
}

/** `ctx` with the hub zones of its Region (looked up with the network account's provider there). */
async function withHubZones(ctx: UnitContext, definition: Definition, region: string): Promise<UnitContext> {
    const zones = await hubAvailabilityZones(definition, ctx.provider(definition.network.account), region);
    ctx.availabilityZones = zones.names;
    ctx.availabilityZoneIds = zones.ids;
    return ctx;
}

/** The output names a network unit reads from another Region's network unit (the peering's other side). */
const peerOutputNames = ["transitGatewayId", "peeringAttachments", "acceptedPeerings"] as const;

/**
 * What a Region's network stack knows of each peer Region's side, from that stack's last
 * outputs: its transit gateway, the attachment it requested towards this Region, whether it
 * accepted this Region's attachment.
 */
async function peerStates(definition: Definition, region: string): Promise<Record<string, PeerState>> {
    const out: Record<string, PeerState> = {};
    for (const p of peeringsOf(definition, region)) {
        const raw = await readStackOutputs(definition.environment, networkUnitOf(definition, p.peer), peerOutputNames);
        const requested = raw.peeringAttachments as Record<string, unknown> | undefined;
        out[p.peer] = {
            transitGatewayId: typeof raw.transitGatewayId === "string" ? raw.transitGatewayId : undefined,
            attachmentId: requested && typeof requested[region] === "string" ? (requested[region] as string) : undefined,
            accepted: Array.isArray(raw.acceptedPeerings) && raw.acceptedPeerings.includes(region),
        };
    }
    return out;
}

async function runNetwork(settings: ProgramSettings, definition: Definition): Promise<Record<string, unknown>> {
    const env = definition.environment;
    const unit = settings.unit;
    const region = regionOfNetworkUnit(definition, unit) ?? definition.region;
    const home = region === definition.region;
    const ctx = await hubContext(settings, definition, region);
    buildProtectedBucketPolicies(ctx, bucketsOfUnit(definition, unit));
    buildGovernanceForUnit(ctx, unit);
    const core = buildNetworkCore(ctx);
    // Its own last outputs, through a StackReference to itself (see below).
    const previous = await readStackOutputs(env, unit, ["attachedSpokes", "hostedZoneIds", "distributedZoneNames", "centralEndpointNames", "profileId", CENTRAL_ZONES_OUTPUT, hubVpcIdOutputName] as const);
    // The Region's interface endpoints and DNS (program/services.ts reads ctx.region).
    const central = buildCentralServices(ctx, core, previous);
    const detachConfig = new pulumi.Config("landing-zone").get("detachSpokes");
    const detached = detachedSpokesOf(definition, detachConfig);
    // Pass 2: spokes that have been deployed publish their attachment; the rest wait.
    // Which spokes this stack accepted before: its own last outputs, through a StackReference
    // to itself. The engine allows it (its builtin provider reads any stack's last outputs
    // from the backend, pkg/resource/deploy/builtins.go readStackReference, with no check
    // against the current stack), and a stack's new outputs are written only when its update
    // ends, so the read sees the previous update's.
    const deployed: { spoke: Spoke; outputs: SpokeOutputs; detached: boolean }[] = [];
    const waiting: string[] = [];
    for (const spoke of spokesIn(definition, region)) {
        const out = await readStackOutputs(env, spoke.name, spokeOutputNames);
        if (out.vpcId !== undefined && out.transitGatewayAttachmentId !== undefined) {
            deployed.push({
                spoke,
                outputs: {
                    vpcId: String(out.vpcId),
                    transitGatewayAttachmentId: String(out.transitGatewayAttachmentId),
                    cidr: typeof out.cidr === "string" ? out.cidr : undefined,
                    accountId: typeof out.accountId === "string" ? out.accountId : undefined,
                },
                detached: detached.includes(spoke.name),
            });
        } else {
            waiting.push(spoke.name);
        }
    }
    const lost = lostSpokes(previous.attachedSpokes, waiting);
    if (lost.length > 0) {
        throw new pulumi.RunError(
            `${lost.map((n) => stackName(env, n)).join(", ")} publish${lost.length === 1 ? "es" : ""} no vpcId or transitGatewayAttachmentId, ` +
                `but ${stackName(env, unit)} accepted ${lost.length === 1 ? "its attachment" : "their attachments"} before and the definition still has ${lost.length === 1 ? "the spoke" : "them"}. ` +
                `Going on would disassociate ${lost.length === 1 ? "it" : "them"} and forget the accepter${lost.length === 1 ? "" : "s"}, cutting live spokes off the transit gateway ` +
                `(an accepter's delete deletes the attachment: aws/lifecycle.ts accepter-delete-deletes-attachment).
` +
                lost.map((n) => `  Deploy it again so it publishes its outputs:  pulumi up --stack ${stackName(env, n)}
`).join("") +
                `  To remove a spoke, take it out of the definition, run ${stackName(env, unit)}, then destroy its stack.`,
        );
    }
    if (waiting.length > 0) {
        pulumi.log.info(
            `not yet deployed, not attached (no attachment to accept): ${waiting.map((w) => stackName(env, w)).join(", ")}. ` +
                `Deploy them, then run ${stackName(env, unit)} again to accept, associate and propagate their attachments.`,
        );
    }
    // The peerings with the other Regions: requested, accepted, routed as the other sides' stacks allow.
    // `landing-zone:detachSpokes` = `*` (before a teardown) detaches the peerings too: no association, no route over them.
    const peerings = isMultiRegion(definition) ? buildRegionPeerings(ctx, core, await peerStates(definition, region), detachConfig?.trim() === "*") : undefined;
    if (peerings && peerings.waiting.length > 0) {
        pulumi.log.info(`${stackName(env, unit)}: transit gateway peerings not routed yet: ${peerings.waiting.join("; ")}. Run the network stacks in the order of npm run waves.`);
    }
    const routing = buildDomainRouting(ctx, core, deployed, peerings);
    const authorized = central
        ? authorizeSpokeZones(
              ctx,
              central,
              await Promise.all(
                  deployed.map(async (d) => ({ spoke: d.spoke, vpcId: pulumi.output(d.outputs.vpcId), cidr: d.outputs.cidr, publishesEndpoints: await publishesEndpoints(definition, d.spoke) })),
              ),
          )
        : undefined;
    return {
        transitGatewayId: core.transitGatewayId,
        availabilityZoneIds: ctx.availabilityZoneIds,
        // read by the org stack's second pass (the network perimeter's aws:SourceVpc)
        [hubVpcIdOutputName]: core.hub.vpcId,
        ...(central
            ? {
                  // private APIs are called at https://<api-id>-<this id>.execute-api.<region>.amazonaws.com (docs/perimeter.md)
                  ...executeApiEndpointOutput(central),
                  ...central.outputs,
                  ...(central.centralZones ? { [CENTRAL_ZONES_OUTPUT]: central.centralZones } : {}),
              }
            : {}),
        ...(authorized ? { authorizedSpokes: authorized.authorizedSpokes } : {}),
        ...(authorized?.authorizedCidrs ? { authorizedCidrs: authorized.authorizedCidrs } : {}),
        attachedSpokes: routing.accepted,
        // Which VPC's attachment was accepted, by what AWS accepts it by — the attachment id —
        // with its VPC id, account and CIDR as its stack published them (program/acceptance.ts).
        acceptedVpcs: routing.accepted.apply((names) => Object.fromEntries(deployed.filter((d) => names.includes(d.spoke.name)).map((d) => [d.spoke.name, vpcRecord(d.outputs)]))),
        // Which VPCs the hosted zones authorized (AWS authorizes a VPC id), published once every authorization exists.
        ...(authorized?.authorizedCidrs
            ? {
                  authorizedVpcs: pulumi
                      .output(authorized.authorizedCidrs)
                      .apply((cidrs) => Object.fromEntries(deployed.filter((d) => d.spoke.name in cidrs).map((d) => [d.spoke.name, vpcRecord(d.outputs)]))),
              }
            : {}),
        waitingSpokes: waiting,
        detachedSpokes: deployed.filter((d) => d.detached).map((d) => d.spoke.name),
        // The peerings: attachments this Region requested (read by their accepters), the Regions whose attachment it accepted (read by their requesters).
        ...(peerings ? { peeringAttachments: peerings.requested, acceptedPeerings: peerings.accepted, waitingPeerings: peerings.waiting } : {}),
    };
}

/** A deployed spoke's VPC as the network records it (program/acceptance.ts NetworkVpcRecord). */
function vpcRecord(outputs: SpokeOutputs): Record<string, string> {
    return {
        vpcId: String(outputs.vpcId),
        transitGatewayAttachmentId: String(outputs.transitGatewayAttachmentId),
        ...(outputs.cidr !== undefined ? { cidr: outputs.cidr } : {}),
        ...(outputs.accountId !== undefined ? { accountId: outputs.accountId } : {}),
    };
}

/**
 * Distributed endpoints: whether a deployed spoke publishes its endpoints' DNS entries. One
 * that publishes none has built no endpoints yet — it waits for the network to delete the
 * central zones of the same names (a change from centralized endpoints) — and is not an
 * answerer of the hub's zones until it has.
 */
async function publishesEndpoints(definition: Definition, spoke: Spoke): Promise<boolean | undefined> {
    if (definition.network.endpoints.mode !== "distributed") return undefined;
    const out = await readStackOutputs(definition.environment, spoke.name, [ENDPOINT_DNS_OUTPUT] as const);
    const entries = out[ENDPOINT_DNS_OUTPUT];
    return entries !== null && typeof entries === "object" && Object.keys(entries as object).length > 0;
}

async function runSpoke(settings: ProgramSettings, definition: Definition): Promise<Record<string, unknown>> {
    const env = definition.environment;
    const unit = settings.unit;
    const spoke = spokeNamed(definition, unit);
    // The network unit of the spoke's own Region: its transit gateway, zones and DNS.
    const region = spokeRegion(definition, spoke);
    const networkUnit = networkUnitOf(definition, region);
    const raw = await readStackOutputs(env, networkUnit, networkOutputNames);
    if (raw.transitGatewayId === undefined) throw deployFirst(env, networkUnit, "transitGatewayId", unit);
    const zoneIds = raw.availabilityZoneIds;
    if (!Array.isArray(zoneIds) || zoneIds.length === 0) throw deployFirst(env, networkUnit, "availabilityZoneIds", unit);
    const network: NetworkOutputs = {
        transitGatewayId: String(raw.transitGatewayId),
        profileId: raw.profileId as string | undefined,
        hostedZoneIds: raw.hostedZoneIds as Record<string, string> | undefined,
        resolverRuleIds: raw.resolverRuleIds as Record<string, string> | undefined,
        authorizedSpokes: raw.authorizedSpokes as string[] | undefined,
        authorizedCidrs: raw.authorizedCidrs as Record<string, string> | undefined,
        acceptedCidrs: raw.acceptedCidrs as Record<string, string> | undefined,
        acceptedVpcs: raw.acceptedVpcs as Record<string, unknown> | undefined,
        authorizedVpcs: raw.authorizedVpcs as Record<string, unknown> | undefined,
        centralEndpointNames: Array.isArray(raw.centralEndpointNames) ? raw.centralEndpointNames.map(String) : undefined,
        availabilityZoneIds: zoneIds.map(String),
    };
    // The VPC this stack published last: the one it keeps unless this run replaces it (program/acceptance.ts).
    const own = publishedVpcOf(await readStackOutputs(env, unit, ownVpcOutputNames));
    const accountId = definition.accounts[spoke.account];
    if (network.authorizedVpcs !== undefined) network.vpcAuthorized = keepsRecordedVpc(recordOf(network.authorizedVpcs, spoke.name), own, spoke, accountId, "vpcId");
    const ctx = await createContext(settings, definition, { names: [], ids: network.availabilityZoneIds! }, region);
    buildProtectedBucketPolicies(ctx, bucketsOfUnit(definition, unit));
    buildGovernanceForUnit(ctx, unit);
    const ready = spokeRoutesReady(crossAccountSpoke(definition, spoke), network, own, accountId, spoke);
    if (!ready) {
        pulumi.log.info(
            `${stackName(env, unit)}: ${stackName(env, networkUnit)} has not accepted this spoke's transit gateway attachment yet, so its VPC routes to the transit gateway wait: ` +
                `run ${stackName(env, networkUnit)}, then this stack again`,
        );
    }
    const info = buildSpokeVpc(ctx, spoke, network, { ready });
    // DNS and endpoints: its own Region's (ctx.region), from its Region's network stack.
    const services = buildSpokeServices(ctx, info, network, []);
    // Services whose endpoints this spoke drops (landing-zone:releaseEndpointServices), so their owners can delete them.
    const released = releasedServicesOf(definition, spoke, new pulumi.Config("landing-zone").get("releaseEndpointServices"));
    const servicesCtx = released.length > 0 ? { ...ctx, definition: withoutConsumer(definition, spoke.name, released) } : ctx;
    const published = await buildEndpointServices(servicesCtx, new Map([[spoke.name, info]]));
    return {
        vpcId: info.vpcId,
        transitGatewayAttachmentId: info.transitGatewayAttachmentId,
        cidr: spoke.cidr,
        // the account the VPC is in: with its ids, what the network's acceptance and authorization are keyed by
        accountId,
        // distributed mode: the spoke's endpoints' DNS entries, for network pass 2
        ...services,
        // PrivateLink services this spoke owns, read by their consumers' stacks
        ...(Object.keys(published.endpointServices).length > 0 ? { [endpointServicesOutputName]: published.endpointServices } : {}),
        // its endpoints to those services, read by their owners' stacks (which accept them)
        ...(Object.keys(published.endpointConnections).length > 0 ? { [endpointConnectionsOutputName]: published.endpointConnections } : {}),
    };
}

/**
 * Runs the program for the current stack; returns the stack outputs.
 */
export async function runLandingZone(settings: ProgramSettings = readSettings()): Promise<Record<string, unknown>> {
    // A unit-all change's first run: the earlier definition without what the change deletes first.
    const loaded = loadOrStop(settings);
    const definition = withoutDeletedFirst(loaded, deletedFirstOf(loaded, settings.unit, new pulumi.Config("landing-zone").get("deleteFirst")));
    setReadingUnit(definition, settings.unit);
    const unit = settings.unit;
    if (unit === "all") return runAll(settings, definition, loaded);
    if (unit === "network" || regionOfNetworkUnit(definition, unit) !== undefined) return runNetwork(settings, definition);
    if (unit === "bootstrap") {
        const ctx = await createContext(settings, definition);
        buildBootstrap(ctx, (await aws.getCallerIdentity({})).accountId);
        return {};
    }
    if (unit === "log-archive" || unit.startsWith(ACCOUNT_UNIT_PREFIX)) {
        // The log archive's bucket, or an account unit: what belongs to an account no other unit deploys into.
        const ctx = await createContext(settings, definition);
        if (unit === "log-archive") buildLogArchive(ctx);
        buildProtectedBucketPolicies(ctx, bucketsOfUnit(definition, unit));
        buildGovernanceForUnit(ctx, unit);
        return {};
    }
    if (unit === "org" || unit === "security") {
        const ctx = await createContext(settings, definition);
        buildProtectedBucketPolicies(ctx, bucketsOfUnit(definition, unit));
        if (unit === "org") {
            await buildOrgGuardrails(ctx);
            buildGovernanceForUnit(ctx, unit);
        } else {
            buildDetectiveControls(ctx);
        }
        return {};
    }
    return runSpoke(settings, definition);
}
