/**
 * Prints the policy pack's config for an environment, in the `--policy-pack-config` file format
 * (`{ "<policy name>": { <key>: <value>, ... } }`):
 *
 *   npm run policy-config -- --definition stacks/prod.yaml > policy-config.json
 *   npm run policy-config -- --stack prod-network          (reads Pulumi.prod-network.yaml)
 *   pulumi preview --policy-pack policypacks/landing-zone --policy-pack-config policy-config.json
 *
 * Every policy receives exactly the keys its `configSchema` declares, so the pack's rules stay
 * the single source of what each rule reads.
 *
 * The organization's own endpoint services (`endpointServices[]`) have names AWS assigns at
 * deploy (`com.amazonaws.vpce.<region>.vpce-svc-<id>`), so they cannot be listed here. The
 * config names instead the stacks that publish them (`endpointServiceStacks`): a consumer
 * endpoint whose `serviceName` comes from such a stack's StackReference (or from a
 * VpcEndpointService of its own stack, in unit `all`) is approved by provenance.
 *
 * Exit codes: 0 printed, 2 invalid definition or stack file / bad arguments.
 */
import * as path from "path";
import { parseArgs } from "util";
import { catalogEntry } from "../aws/service-catalog";
import { formatDiagnostics } from "../definition/diagnostics";
import { loadDefinitionFile } from "../program/load";
import { Definition } from "../definition/schema";
import type { PackConfig } from "../policypacks/landing-zone/lib/config";
import type * as PackPolicies from "../policypacks/landing-zone/policies";
import { readStackFile } from "./plan/stack-file";

const projectRoot = path.resolve(__dirname, "..");

/** Full endpoint service name of an AWS service short name (catalog, else the usual form). */
function serviceNameOf(definition: Definition, service: string): string {
    return catalogEntry(service)?.serviceName(definition.region) ?? `com.amazonaws.${definition.region}.${service}`;
}

function unique<T>(values: T[]): T[] {
    return [...new Set(values)];
}

/** Everything the pack may need to know about the environment, from its definition. */
export function packConfigValues(definition: Definition): PackConfig {
    const interfaceServices = definition.network.endpoints.services;
    const gatewayServices = unique(definition.spokes.flatMap((s) => s.gatewayEndpoints));
    const allServices = unique([...interfaceServices, ...gatewayServices]);
    const onPremises = definition.network.dns.onPremises.cidrs;
    const servicePorts: Record<string, number[]> = {};
    const fullAccessOnly: string[] = [];
    const unsupported: string[] = [];
    for (const service of allServices) {
        const entry = catalogEntry(service);
        const name = serviceNameOf(definition, service);
        if (entry && (entry.ports.length !== 1 || entry.ports[0] !== 443)) servicePorts[name] = [...entry.ports];
        if (entry?.policy === "full-access-only") fullAccessOnly.push(name);
        if (entry?.policy === "unsupported") unsupported.push(name);
    }
    const config: PackConfig = {
        accountIds: unique(Object.values(definition.accounts)),
        trustedAccountIds: [...definition.perimeter.trustedAccounts],
        internalCidrs: unique([
            definition.network.hub.cidr,
            ...definition.spokes.map((s) => s.cidr),
            ...Object.values(definition.network.transitGateway.domains).flatMap((d) => d.cidrs ?? []),
            ...onPremises,
        ]),
        onPremisesCidrs: [...onPremises],
        corporateCidrs: [...definition.perimeter.corporateCidrs],
        allowedServiceNames: allServices.map((s) => serviceNameOf(definition, s)),
        approvedEndpointServiceNames: [...definition.perimeter.approvedEndpointServices],
        endpointServiceStacks: unique(definition.endpointServices.map((s) => `${definition.environment}-${s.spoke}`)),
        centralizedServiceNames: definition.network.endpoints.mode === "centralized" ? interfaceServices.map((s) => serviceNameOf(definition, s)) : [],
        servicePorts,
        fullAccessOnlyServiceNames: fullAccessOnly,
        policyUnsupportedServiceNames: unsupported,
        protectedBuckets: definition.perimeter.protectedBuckets.map((b) => b.name),
    };
    if (definition.organization) {
        config.organizationId = definition.organization.id;
        config.organizationalUnitIds = unique(Object.values(definition.organization.units));
    }
    return config;
}

/** A policy as far as its config goes: its name and the keys its configSchema declares. */
export interface ConfigurablePolicy {
    name: string;
    configSchema?: { properties?: Record<string, unknown> };
}

/**
 * The `--policy-pack-config` document for an environment: each policy gets the keys its
 * configSchema declares (and nothing else, so the CLI's schema validation passes). The
 * policies are the landing-zone pack's, loaded from its sources, unless given — the
 * offline plan gives those the running pack reports (GetAnalyzerInfo), so it does not
 * load the whole pack a second time in its own process.
 */
export function policyConfigFor(definition: Definition, policies: readonly ConfigurablePolicy[] = packPolicies()): Record<string, Record<string, unknown>> {
    const values = packConfigValues(definition) as Record<string, unknown>;
    const out: Record<string, Record<string, unknown>> = {};
    for (const policy of policies) {
        const keys = Object.keys(policy.configSchema?.properties ?? {});
        if (keys.length === 0) continue;
        const entry: Record<string, unknown> = {};
        for (const key of keys) if (values[key] !== undefined) entry[key] = values[key];
        out[policy.name] = entry;
    }
    return out;
}

/** The landing-zone pack's policies, from its sources (loaded on first use: the whole pack and the IAM reference). */
function packPolicies(): readonly ConfigurablePolicy[] {
    return (require("../policypacks/landing-zone/policies") as typeof PackPolicies).policies;
}

const usage = `usage: npm run policy-config -- (--definition stacks/<env>.yaml | --stack <stack name>)

Prints the landing-zone policy pack's config for the environment as JSON, ready for
  pulumi preview --policy-pack policypacks/landing-zone --policy-pack-config <file>`;

/** CLI entry; returns the exit code. */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
    let args;
    try {
        args = parseArgs({ args: argv, options: { definition: { type: "string" }, stack: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
    } catch (e) {
        err(`error: ${(e as Error).message}\n${usage}\n`);
        return 2;
    }
    if (args.values.help) {
        out(`${usage}\n`);
        return 0;
    }
    const { definition: definitionArg, stack } = args.values;
    if ((definitionArg === undefined) === (stack === undefined)) {
        err(`error: pass exactly one of --definition or --stack\n${usage}\n`);
        return 2;
    }
    let file: string;
    if (stack !== undefined) {
        try {
            file = readStackFile(projectRoot, stack).definitionFile;
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
    out(`${JSON.stringify(policyConfigFor(definition), null, 2)}\n`);
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
