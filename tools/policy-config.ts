/**
 * Prints the policy pack's config for an environment, in the `--policy-pack-config` file format
 * (`{ "<policy name>": { <key>: <value>, ... } }`):
 *
 *   npm run policy-config -- --definition stacks/prod.yaml > policy-config.json
 *   npm run policy-config -- --stack prod-network          (reads Pulumi.prod-network.yaml)
 *   pulumi preview --policy-pack policypacks/landing-zone --policy-pack-config policy-config.json
 *
 * Every policy receives exactly the keys its `configSchema` declares, so the pack's rules stay
 * the single source of what each rule reads, and an explicit `enforcementLevel` from the
 * definition's `policyPack` section: the rule's own level (`rollout: enforce`) or advisory
 * (`rollout: advisory-first`), overridden by `levels` and by the first of `stackGroups` that
 * matches the stack (`--stack`, or `--definition` with `--unit`), the flow-log rule disabled
 * where flow logs are enforced centrally.
 *
 * The organization's own endpoint services (`endpointServices[]`) have names AWS assigns at
 * deploy (`com.amazonaws.vpce.<region>.vpce-svc-<id>`), so they cannot be listed here. The
 * config names instead the stacks that publish them (`endpointServiceStacks`), in full
 * (`<organization>/<project>/<env>-<unit>`, from `policyPack.stackReferencePrefix` or the stack
 * file's `landing-zone:stackReferencePrefix`): a consumer endpoint whose `serviceName` comes from
 * a StackReference of exactly that name (or from a VpcEndpointService of its own stack, in unit
 * `all`) is approved by provenance.
 *
 * `anyCallerResources` lists the AWS-owned resources AWS documents as read through endpoints by
 * requests that carry no identity of ours (ECR image layers, Amazon Linux repositories ...), from
 * aws/aws-owned-resources.ts for the environment's Region — never from the definition's own
 * `perimeter.exceptions` (see anyCallerResourcesFor).
 *
 * Exit codes: 0 printed, 2 invalid definition or stack file / bad arguments.
 */
import * as path from "path";
import { admitsAnyCaller, awsOwnedResources } from "../aws/aws-owned-resources";
import { partitionOf } from "../aws/partitions";
import { catalogEntry } from "../aws/service-catalog";
import { formatDiagnostics } from "../definition/diagnostics";
import { loadDefinitionFile } from "../program/load";
import { logArchiveBucketName } from "../definition/log-archive";
import { hubRegions, spokesIn } from "../definition/regions";
import { Definition } from "../definition/schema";
import { peeringLookupDomain } from "../network/domains";
import type { AnyCallerResource, PackConfig } from "../policypacks/landing-zone/lib/config";
import type * as PackPolicies from "../policypacks/landing-zone/policies";
import { readStackFile } from "./plan/stack-file";
import { lineIo, parseCommandLine } from "./cli";

const projectRoot = path.resolve(__dirname, "..");

/** Full endpoint service name of an AWS service short name in `region` (catalog, else the usual form). */
function serviceNameOf(definition: Definition, service: string, region: string = definition.region): string {
    return catalogEntry(service)?.serviceName(region) ?? `com.amazonaws.${region}.${service}`;
}

/**
 * Every hub Region's endpoint services, named in their Region: the interface endpoints of its
 * hub (`network.regions.<r>.endpoints.services`, default the home Region's) and its spokes'
 * gateway endpoints (definition/regions.ts).
 */
function regionalServices(definition: Definition): { region: string; interfaces: string[]; all: string[] }[] {
    return hubRegions(definition).map((hub) => {
        const gateways = unique(spokesIn(definition, hub.region).flatMap((s) => s.gatewayEndpoints));
        return { region: hub.region, interfaces: hub.services, all: unique([...hub.services, ...gateways]) };
    });
}

function unique<T>(values: T[]): T[] {
    return [...new Set(values)];
}

/**
 * The AWS-owned resources AWS documents as read through endpoints by requests that carry no
 * identity of ours (aws/aws-owned-resources.ts, `callers` other than our principals), with the
 * ARNs AWS publishes for `region`. From the sourced list only, never from the definition's own
 * `perimeter.exceptions`: the pack judges the definition, so an exception a change adds is not
 * trusted because the same change says so (the security team adds its own to the config it
 * publishes).
 */
export function anyCallerResourcesFor(region: string, ...more: string[]): AnyCallerResource[] {
    if (more.length > 0) {
        // Several Regions: one entry per AWS-owned resource, with every Region's ARNs.
        const merged = new Map<string, AnyCallerResource>();
        for (const r of [region, ...more]) {
            for (const e of anyCallerResourcesFor(r)) {
                const key = e.sid ?? e.actions.join(",");
                const seen = merged.get(key);
                merged.set(key, seen ? { ...seen, resources: unique([...seen.resources, ...e.resources]) } : e);
            }
        }
        return [...merged.values()];
    }
    const partition = partitionOf(region);
    const out: AnyCallerResource[] = [];
    for (const entry of awsOwnedResources) {
        if (!admitsAnyCaller(entry)) continue;
        const resources = entry.resources(region, partition);
        if (resources) out.push({ sid: entry.sid, actions: [...entry.actions], resources });
    }
    return out;
}

/**
 * The ports of the organization's endpoint services (`endpointServices[].port`), by the full
 * name of the stack that publishes them: consumer endpoints read the service name from that
 * stack, and their security groups admit the service's own port, which need not be 443.
 */
export function endpointServicePortsOf(definition: Definition, stackReferencePrefix: string): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const s of definition.endpointServices) {
        for (const spoke of publishingSpokesOf(s)) {
            const stack = `${stackReferencePrefix}${definition.environment}-${spoke}`;
            out[stack] = unique([...(out[stack] ?? []), s.port]).sort((a, b) => a - b);
        }
    }
    return out;
}

/**
 * The spokes whose stacks publish an endpoint service's names: its owner's, and the failover
 * provider spoke's (`failover.provider.spoke`), which builds the failover Region's service and
 * publishes it (program/privatelink-provider.ts buildFailoverProviderService) — a consumer endpoint may take its name from either.
 */
export function publishingSpokesOf(service: Definition["endpointServices"][number]): string[] {
    const provider = service.failover?.provider.spoke;
    return provider !== undefined && provider !== service.spoke ? [service.spoke, provider] : [service.spoke];
}

/** Per hub Region whose peerings take a route domain's table, that domain (nothing with one Region, or none taken). */
function peeringLookupDomainsOf(definition: Definition): Pick<PackConfig, "peeringLookupDomains"> {
    const taken = hubRegions(definition).flatMap((r) => {
        const domain = peeringLookupDomain(definition, r.region);
        return domain === undefined ? [] : [[r.region, domain] as const];
    });
    return taken.length > 0 ? { peeringLookupDomains: Object.fromEntries(taken) } : {};
}

/** Everything the pack may need to know about the environment, from its definition. */
export function packConfigValues(definition: Definition, stackReferencePrefix: string = definition.policyPack.stackReferencePrefix): PackConfig {
    const regional = regionalServices(definition);
    const onPremises = definition.network.dns.onPremises.cidrs;
    const servicePorts: Record<string, number[]> = {};
    const fullAccessOnly: string[] = [];
    const unsupported: string[] = [];
    for (const { region, all } of regional) {
        for (const service of all) {
            const entry = catalogEntry(service);
            const name = serviceNameOf(definition, service, region);
            if (entry && (entry.ports.length !== 1 || entry.ports[0] !== 443)) servicePorts[name] = [...entry.ports];
            if (entry?.policy === "full-access-only") fullAccessOnly.push(name);
            if (entry?.policy === "unsupported") unsupported.push(name);
        }
    }
    const config: PackConfig = {
        accountIds: unique(Object.values(definition.accounts)),
        trustedAccountIds: [...definition.perimeter.trustedAccounts],
        internalCidrs: unique([
            definition.network.hub.cidr,
            ...definition.spokes.map((s) => s.cidr),
            ...Object.values(definition.network.transitGateway.domains).flatMap((d) => d.cidrs ?? []),
            // Every other Region's hub and summaries.
            ...Object.values(definition.network.regions ?? {}).flatMap((r) => [r.hub.cidr, ...Object.values(r.summaries ?? {}).flat()]),
            ...onPremises,
        ]),
        onPremisesCidrs: [...onPremises],
        corporateCidrs: [...definition.perimeter.corporateCidrs],
        allowedServiceNames: regional.flatMap(({ region, all }) => all.map((s) => serviceNameOf(definition, s, region))),
        approvedEndpointServiceNames: [...definition.perimeter.approvedEndpointServices],
        endpointServiceStacks: unique(definition.endpointServices.flatMap((s) => publishingSpokesOf(s).map((spoke) => `${stackReferencePrefix}${definition.environment}-${spoke}`))),
        endpointServicePorts: endpointServicePortsOf(definition, stackReferencePrefix),
        region: definition.region,
        regions: regional.map((r) => r.region),
        ...peeringLookupDomainsOf(definition),
        acceptWorkloadServiceEndpoints: definition.policyPack.acceptWorkloadServiceEndpoints,
        centralizedServiceNames:
            definition.network.endpoints.mode === "centralized" ? regional.flatMap(({ region, interfaces }) => interfaces.map((s) => serviceNameOf(definition, s, region))) : [],
        servicePorts,
        fullAccessOnlyServiceNames: fullAccessOnly,
        policyUnsupportedServiceNames: unsupported,
        // The log archive's bucket carries a protected bucket's perimeter statements: the pack judges it as one.
        protectedBuckets: [...definition.perimeter.protectedBuckets.map((b) => b.name), ...(logArchiveBucketName(definition) !== undefined ? [logArchiveBucketName(definition)!] : [])],
        anyCallerResources: anyCallerResourcesFor(definition.region, ...regional.map((r) => r.region).filter((r) => r !== definition.region)),
    };
    if (definition.organization) {
        config.organizationId = definition.organization.id;
        config.organizationalUnitIds = unique(Object.values(definition.organization.units));
    }
    return config;
}

export type EnforcementLevel = "mandatory" | "advisory" | "disabled";

/**
 * A policy as far as its config goes: its name, its own enforcement level and the keys its
 * configSchema declares — as the pack's sources define it, or as the running pack reports
 * it (GetAnalyzerInfo).
 */
export interface ConfigurablePolicy {
    name: string;
    enforcementLevel?: string;
    configSchema?: { properties?: Record<string, unknown> };
}

/** The landing-zone pack's policies, from its sources (loaded on first use: the whole pack and the IAM reference). */
function packPolicies(): readonly ConfigurablePolicy[] {
    return (require("../policypacks/landing-zone/policies") as typeof PackPolicies).policies;
}

/** `*` matches any characters; everything else literally. */
function stackPattern(pattern: string): RegExp {
    return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
}

/** The enforcement level of each rule for a stack of the environment (see the module comment). */
export function enforcementLevels(definition: Definition, stack?: string, policies: readonly ConfigurablePolicy[] = packPolicies()): Record<string, EnforcementLevel> {
    const settings = definition.policyPack;
    const group = stack === undefined ? undefined : settings.stackGroups.find((g) => g.stacks.some((p) => stackPattern(p).test(stack)));
    const out: Record<string, EnforcementLevel> = {};
    for (const policy of policies) {
        const own = (policy.enforcementLevel ?? "advisory") as EnforcementLevel;
        let level: EnforcementLevel = settings.rollout === "advisory-first" && own === "mandatory" ? "advisory" : own;
        if (policy.name === "network-vpc-flow-logs-required" && settings.flowLogs === "central") level = "disabled";
        level = (settings.levels as Record<string, EnforcementLevel | undefined>)[policy.name] ?? level;
        level = (group?.levels as Record<string, EnforcementLevel | undefined> | undefined)?.[policy.name] ?? level;
        out[policy.name] = level;
    }
    return out;
}

/**
 * The `--policy-pack-config` document for an environment (and, when given, the stack): each
 * policy gets an explicit enforcement level and the keys its configSchema declares (and nothing
 * else, so the CLI's schema validation passes). The policies are the landing-zone pack's,
 * loaded from its sources, unless given — the offline plan gives those the running pack
 * reports, so it does not load the whole pack a second time in its own process.
 */
export function policyConfigFor(
    definition: Definition,
    options: { stack?: string; stackReferencePrefix?: string } = {},
    policies: readonly ConfigurablePolicy[] = packPolicies(),
): Record<string, Record<string, unknown>> {
    const values = packConfigValues(definition, options.stackReferencePrefix) as Record<string, unknown>;
    const levels = enforcementLevels(definition, options.stack, policies);
    const out: Record<string, Record<string, unknown>> = {};
    for (const policy of policies) {
        const entry: Record<string, unknown> = { enforcementLevel: levels[policy.name] };
        for (const key of Object.keys(policy.configSchema?.properties ?? {})) if (values[key] !== undefined) entry[key] = values[key];
        out[policy.name] = entry;
    }
    return out;
}

const usage = `usage: npm run policy-config -- (--definition stacks/<env>.yaml [--unit <unit>] | --stack <stack name>)

Prints the landing-zone policy pack's config for the environment as JSON, ready for
  pulumi preview --policy-pack policypacks/landing-zone --policy-pack-config <file>`;

/** CLI entry; returns the exit code. */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
    const args = parseCommandLine(
        argv,
        {
            usage,
            options: { definition: { type: "string" }, stack: { type: "string" }, unit: { type: "string" } },
            problems: (v) => [
                ...((v.definition === undefined) === (v.stack === undefined) ? ["pass exactly one of --definition or --stack"] : []),
                ...(v.unit !== undefined && v.stack !== undefined ? ["--unit goes with --definition (a stack file names its unit)"] : []),
            ],
        },
        lineIo(out, err),
    );
    if ("exitCode" in args) return args.exitCode;
    const { definition: definitionArg, stack, unit } = args.values;
    let file: string;
    let prefix: string | undefined;
    if (stack !== undefined) {
        try {
            const settings = readStackFile(projectRoot, stack);
            file = settings.definitionFile;
            prefix = settings.config["landing-zone:stackReferencePrefix"];
        } catch (e) {
            err(`${(e as Error).message}\n`);
            return 2;
        }
    } else {
        file = path.resolve(definitionArg as string);
    }
    const { definition, diagnostics } = loadDefinitionFile(file);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (!definition || errors.length > 0) {
        err(`${formatDiagnostics(errors.length ? errors : diagnostics)}\n`);
        return 2;
    }
    const stackName = stack ?? (unit !== undefined ? `${definition.environment}-${unit}` : undefined);
    out(`${JSON.stringify(policyConfigFor(definition, { stack: stackName, stackReferencePrefix: prefix }), null, 2)}\n`);
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
