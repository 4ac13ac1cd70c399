/**
 * The Pulumi program: reads the stack's environment and unit, loads and validates the
 * environment's definition, and builds exactly the units of this stack.
 *
 * Unit `all` builds every unit in one graph (one provider per account). Per-account
 * stacks exchange values through StackReference (see references.ts):
 *   network (pass 1) → each spoke → network (pass 2: accept, associate, propagate)
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { formatDiagnostics } from "../definition/diagnostics";
import { LoadResult, loadDefinitionFile } from "./load";
import { Definition, Spoke } from "../definition/schema";
import { NetworkOutputs, SpokeOutputs, SpokeVpcInfo, UnitContext, networkOutputNames, spokeOutputNames } from "./context";
import { buildDomainRouting, buildNetworkCore } from "./network";
import { buildOrgGuardrails, buildProtectedBucketPolicies, hubVpcIdOutputName } from "./org";
import { buildDetectiveControls, buildEndpointServices, buildGovernanceForUnit, endpointConnectionsOutputName, endpointServicesOutputName } from "./privatelink";
import { deployFirst, readStackOutputs } from "./references";
import { authorizeSpokeZones, buildCentralServices, buildSpokeServices, executeApiEndpointOutput } from "./services";
import { buildSpokeVpc } from "./spoke";
import { ownerUnitOfAccount, unitsOf } from "../definition/units";

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

/** Resolves the AZs (names and IDs, as the network account sees them) the hub and spokes use. */
async function availabilityZones(definition: Definition, provider: aws.Provider | undefined): Promise<{ names: string[]; ids: string[] }> {
    const wanted = definition.network.hub.availabilityZones;
    const zones = await aws.getAvailabilityZones({ state: "available", filters: [{ name: "zone-type", values: ["availability-zone"] }] }, { provider });
    if (Array.isArray(wanted)) {
        const missing = wanted.filter((name) => !zones.names.includes(name));
        if (missing.length > 0) {
            throw new pulumi.RunError(
                `network.hub.availabilityZones names ${missing.join(", ")}, which ${definition.region} does not offer here; available: ${zones.names.join(", ")}`,
            );
        }
        return { names: wanted, ids: wanted.map((name) => zones.zoneIds[zones.names.indexOf(name)]) };
    }
    if (zones.names.length < wanted) {
        throw new pulumi.RunError(
            `network.hub.availabilityZones asks for ${wanted} AZs but ${definition.region} offers ${zones.names.length} (${zones.names.join(", ")})`,
        );
    }
    return { names: zones.names.slice(0, wanted), ids: zones.zoneIds.slice(0, wanted) };
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
 * Builds the context: one aws.Provider per account that is not the caller's, assuming
 * `assumedRoleName` (by default `deployment.roleName`) in it.
 */
export async function createContext(settings: ProgramSettings, definition: Definition): Promise<UnitContext> {
    const caller = await aws.getCallerIdentity({});
    const roleName = assumedRoleName(definition);
    const providers = new Map<string, aws.Provider | undefined>();
    const idOf = (account: string): string => {
        const id = definition.accounts[account];
        if (!id) throw new pulumi.RunError(`account "${account}" is not in the definition's accounts`);
        return id;
    };
    const provider = (account: string): aws.Provider | undefined => {
        if (providers.has(account)) return providers.get(account);
        const id = idOf(account);
        const created =
            id === caller.accountId
                ? undefined
                : new aws.Provider(`${account}-provider`, {
                      region: definition.region as aws.Region,
                      assumeRoles: [
                          {
                              roleArn: `arn:aws:iam::${id}:role/${roleName}`,
                              sessionName: `landing-zone-${settings.environment}-${settings.unit}`,
                          },
                      ],
                      allowedAccountIds: [id],
                      defaultTags: { tags: { "landing-zone:environment": definition.environment, "landing-zone:managed-by": "pulumi" } },
                  });
        providers.set(account, created);
        return created;
    };
    const zones = await availabilityZones(definition, provider(definition.network.account));
    return {
        definition,
        definitionFile: settings.definitionFile,
        environment: definition.environment,
        availabilityZones: zones.names,
        availabilityZoneIds: zones.ids,
        singleGraph: settings.unit === "all",
        provider,
        accountId: idOf,
        opts: (account) => {
            const p = provider(account);
            return p ? { provider: p } : {};
        },
    };
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
 * Runs the program for the current stack; returns the stack outputs.
 */
export async function runLandingZone(settings: ProgramSettings = readSettings()): Promise<Record<string, unknown>> {
    const definition = loadOrStop(settings);
    const ctx = await createContext(settings, definition);
    const env = definition.environment;
    const unit = settings.unit;
    buildProtectedBucketPolicies(ctx, bucketsOfUnit(definition, unit));

    if (unit === "all") {
        if (definition.security) buildDetectiveControls(ctx);
        const core = buildNetworkCore(ctx);
        if (definition.organization) await buildOrgGuardrails(ctx, [{ region: definition.region, vpcId: core.hub.vpcId }]);
        const central = buildCentralServices(ctx, core);
        const network: NetworkOutputs = { transitGatewayId: core.transitGatewayId, ...central.outputs };
        const spokes = new Map<string, SpokeVpcInfo>();
        for (const spoke of definition.spokes) spokes.set(spoke.name, buildSpokeVpc(ctx, spoke, network));
        buildDomainRouting(ctx, core, [...spokes.values()].map((s) => ({ spoke: s.spoke, outputs: { vpcId: s.vpcId, transitGatewayAttachmentId: s.transitGatewayAttachmentId } })));
        const authorized = authorizeSpokeZones(ctx, central, [...spokes.values()].map((s) => ({ spoke: s.spoke, vpcId: s.vpcId })));
        for (const info of spokes.values()) buildSpokeServices(ctx, info, { ...network, authorizedSpokes: authorized.authorizedSpokes }, authorized.dependsOn);
        await buildEndpointServices(ctx, spokes);
        return { units: unitsOf(definition), transitGatewayId: core.transitGatewayId, [hubVpcIdOutputName]: core.hub.vpcId, ...executeApiEndpointOutput(central), ...central.outputs };
    }

    if (unit === "org") {
        await buildOrgGuardrails(ctx);
        buildGovernanceForUnit(ctx, unit);
        return {};
    }

    if (unit === "security") {
        buildDetectiveControls(ctx);
        return {};
    }

    if (unit === "network") {
        buildGovernanceForUnit(ctx, unit);
        const core = buildNetworkCore(ctx);
        const central = buildCentralServices(ctx, core);
        // Pass 2: spokes that have been deployed publish their attachment; the rest are skipped.
        const deployed: { spoke: Spoke; outputs: SpokeOutputs }[] = [];
        const waiting: string[] = [];
        for (const spoke of definition.spokes) {
            const out = await readStackOutputs(env, spoke.name, spokeOutputNames);
            if (out.vpcId !== undefined && out.transitGatewayAttachmentId !== undefined) {
                deployed.push({ spoke, outputs: { vpcId: String(out.vpcId), transitGatewayAttachmentId: String(out.transitGatewayAttachmentId) } });
            } else {
                waiting.push(spoke.name);
            }
        }
        if (waiting.length > 0) {
            pulumi.log.info(
                `not yet deployed, skipped (no attachment to accept): ${waiting.map((w) => `${env}-${w}`).join(", ")}. ` +
                    `Deploy them, then run ${env}-network again to accept, associate and propagate their attachments.`,
            );
        }
        buildDomainRouting(ctx, core, deployed);
        const authorized = authorizeSpokeZones(ctx, central, deployed.map((d) => ({ spoke: d.spoke, vpcId: pulumi.output(d.outputs.vpcId) })));
        return {
            transitGatewayId: core.transitGatewayId,
            // read by the org stack's second pass (the network perimeter's aws:SourceVpc)
            [hubVpcIdOutputName]: core.hub.vpcId,
            // private APIs are called at https://<api-id>-<this id>.execute-api.<region>.amazonaws.com (docs/perimeter.md)
            ...executeApiEndpointOutput(central),
            ...central.outputs,
            authorizedSpokes: authorized.authorizedSpokes,
            attachedSpokes: deployed.map((d) => d.spoke.name),
            waitingSpokes: waiting,
        };
    }

    // A spoke.
    const spoke = spokeNamed(definition, unit);
    const raw = await readStackOutputs(env, "network", networkOutputNames);
    if (raw.transitGatewayId === undefined) throw deployFirst(env, "network", "transitGatewayId", unit);
    const network: NetworkOutputs = {
        transitGatewayId: String(raw.transitGatewayId),
        profileId: raw.profileId as string | undefined,
        hostedZoneIds: raw.hostedZoneIds as Record<string, string> | undefined,
        resolverRuleIds: raw.resolverRuleIds as Record<string, string> | undefined,
        authorizedSpokes: raw.authorizedSpokes as string[] | undefined,
    };
    if (definition.network.dns.sharing === "profile" && definition.network.endpoints.mode === "centralized" && network.profileId === undefined) {
        throw deployFirst(env, "network", "profileId", unit);
    }
    buildGovernanceForUnit(ctx, unit);
    const info = buildSpokeVpc(ctx, spoke, network);
    const services = buildSpokeServices(ctx, info, network, []);
    const published = await buildEndpointServices(ctx, new Map([[spoke.name, info]]));
    return {
        vpcId: info.vpcId,
        transitGatewayAttachmentId: info.transitGatewayAttachmentId,
        cidr: spoke.cidr,
        // distributed mode: the spoke's endpoints' DNS entries, for network pass 2
        ...services,
        // PrivateLink services this spoke owns, read by their consumers' stacks
        ...(Object.keys(published.endpointServices).length > 0 ? { [endpointServicesOutputName]: published.endpointServices } : {}),
        // its endpoints to those services, read by their owners' stacks (which accept them)
        ...(Object.keys(published.endpointConnections).length > 0 ? { [endpointConnectionsOutputName]: published.endpointConnections } : {}),
    };
}
