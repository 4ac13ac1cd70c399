/**
 * `npm run perimeter -- --stack <name> | --definition <file> [--scenarios <file>] [--json]`
 *
 * Evaluates perimeter scenarios (perimeter/scenarios.ts, or a YAML/JSON file of the same
 * shape) against the documents generated for a definition — endpoint policies, SCPs,
 * RCPs and bucket policies — with an independent IAM evaluator, and prints each
 * scenario with its verdict. Exit 0 when every verdict matches its expectation, 1 when
 * one differs, 2 for an invalid definition or scenario file.
 *
 * Dev tool only: it imports `@cloud-copilot/iam-simulate`, a devDependency under the
 * AGPL. The Pulumi program never imports this file.
 */
import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import * as YAML from "yaml";
import { formatDiagnostics } from "../definition/diagnostics";
import { loadDefinitionFile } from "../program/load";
import { Definition } from "../definition/schema";
import { bucketPolicy } from "../perimeter/bucket-policies";
import { gatewayEndpointPolicy, interfaceEndpointPolicy } from "../perimeter/endpoint-policies";
import { resourceControlPolicies } from "../perimeter/rcps";
import { logArchiveScenarios } from "../perimeter/log-archive-scenarios";
import { perimeterScenarios, Scenario } from "../perimeter/scenarios";
import { serviceControlPolicies } from "../perimeter/scps";
import { trustOf } from "../perimeter/trust";
import { readStackFile } from "./plan/stack-file";
import { PolicyDocument } from "../perimeter/types";

export interface ScenarioResult {
    scenario: Scenario;
    verdict: "allowed" | "denied";
    /** The evaluator's own words: Allowed, ExplicitlyDenied, ImplicitlyDenied. */
    evaluation: string;
    /** Which layers refused it (scp, rcp, vpce, resource, identity). */
    blockedBy: string[];
    /** The request context that was evaluated. */
    context: Record<string, string | string[]>;
}

const FULL_ACCESS: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const FULL_ACCESS_ENDPOINT: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };

function arnAccount(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts.length >= 6 && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

function arnRegion(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts.length >= 6 && parts[3] ? parts[3] : undefined;
}

function isServicePrincipal(principal: string): boolean {
    return !principal.startsWith("arn:");
}

/** A stable fake id for a name (endpoint and VPC ids in request contexts). */
function fakeId(prefix: string, seed: string): string {
    let h = 2166136261;
    for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    return `${prefix}-0${h.toString(16).padStart(8, "0")}${(h >>> 3).toString(16).padStart(8, "0")}`.slice(0, prefix.length + 18);
}

/**
 * The request context AWS would attach to the scenario's call: principal and resource
 * accounts and organizations, where the request came from, Region, TLS and time.
 */
export function requestContext(definition: Definition, scenario: Scenario): Record<string, string | string[]> {
    const trust = trustOf(definition);
    const ours = new Set(trust.accountIds);
    const ctx: Record<string, string | string[]> = {};
    const now = new Date("2026-11-30T12:00:00Z");
    ctx["aws:CurrentTime"] = now.toISOString();
    ctx["aws:EpochTime"] = String(Math.floor(now.getTime() / 1000));
    ctx["aws:SecureTransport"] = "true";
    ctx["aws:RequestedRegion"] = arnRegion(scenario.resource) ?? definition.region;

    if (isServicePrincipal(scenario.principal)) {
        ctx["aws:PrincipalIsAWSService"] = "true";
        ctx["aws:PrincipalServiceName"] = scenario.principal;
    } else {
        const account = arnAccount(scenario.principal)!;
        ctx["aws:PrincipalArn"] = scenario.principal;
        ctx["aws:PrincipalAccount"] = account;
        ctx["aws:PrincipalType"] = "AssumedRole";
        ctx["aws:userid"] = `AROAEXAMPLE${account.slice(-4)}:session`;
        ctx["aws:PrincipalIsAWSService"] = "false";
        ctx["aws:ViaAWSService"] = "false";
        const principalOrg = trust.orgId && ours.has(account) ? trust.orgId : scenario.principalOrgId;
        if (principalOrg) ctx["aws:PrincipalOrgID"] = principalOrg;
        for (const [k, v] of Object.entries(scenario.principalTags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v;
    }

    const resourceAccount = scenario.resourceAccount ?? arnAccount(scenario.resource);
    if (resourceAccount) {
        ctx["aws:ResourceAccount"] = resourceAccount;
        const resourceOrg = trust.orgId && ours.has(resourceAccount) ? trust.orgId : scenario.resourceOrgId;
        if (resourceOrg) ctx["aws:ResourceOrgID"] = resourceOrg;
    }

    const from = scenario.from;
    if ("endpoint" in from) {
        // Central interface endpoints live in the network account; gateway endpoints in the caller's VPC.
        const gateway = from.endpoint.startsWith("gateway:");
        const callerAccount = arnAccount(scenario.principal);
        const owner = from.endpointAccount ?? (gateway ? callerAccount : definition.accounts[definition.network.account]) ?? "";
        ctx["aws:SourceVpce"] = fakeId("vpce", `${from.endpoint}/${owner}`);
        ctx["aws:SourceVpc"] = fakeId("vpc", owner);
        ctx["aws:SourceVpcArn"] = `arn:${trust.partition}:ec2:${definition.region}:${owner}:vpc/${ctx["aws:SourceVpc"]}`;
        ctx["aws:VpcSourceIp"] = "10.16.1.23";
        ctx["aws:VpceAccount"] = owner;
        if (trust.orgId && ours.has(owner)) ctx["aws:VpceOrgID"] = trust.orgId;
    } else if ("ip" in from) {
        ctx["aws:SourceIp"] = from.ip;
    }
    return { ...ctx, ...(scenario.context ?? {}) };
}

/** The endpoint policy the request passes through, if any (full access for services that take no other). */
function endpointPolicyFor(definition: Definition, scenario: Scenario): PolicyDocument | undefined {
    const from = scenario.from;
    if (!("endpoint" in from)) return undefined;
    if (from.endpoint === "gateway:s3" || from.endpoint === "gateway:dynamodb") {
        return gatewayEndpointPolicy(definition, from.endpoint.slice("gateway:".length) as "s3" | "dynamodb");
    }
    // An endpoint the environment does not build (e.g. ec2 for an API call) has the default full-access policy.
    if (!definition.network.endpoints.services.includes(from.endpoint)) return FULL_ACCESS_ENDPOINT;
    return interfaceEndpointPolicy(definition, from.endpoint) ?? FULL_ACCESS_ENDPOINT;
}

function protectedBucketOf(definition: Definition, resource: string): string | undefined {
    const m = /^arn:[a-z-]+:s3:::([^/]+)/.exec(resource);
    return m && definition.perimeter.protectedBuckets.some((b) => b.name === m[1]) ? m[1] : undefined;
}

/** Builds the evaluator's input for a scenario: which policies apply follows AWS's rules. */
export function simulationOf(definition: Definition, scenario: Scenario): Simulation {
    const trust = trustOf(definition);
    const ours = new Set(trust.accountIds);
    const management = definition.accounts.management;
    const service = isServicePrincipal(scenario.principal);
    const principalAccount = service ? undefined : arnAccount(scenario.principal);
    const resourceAccount = scenario.resourceAccount ?? arnAccount(scenario.resource) ?? "";
    const inOrg = (account: string | undefined) => !!trust.orgId && !!account && ours.has(account) && account !== management;

    // SCPs bind IAM principals of member accounts (not the management account, not service
    // principals). The definition does not say which OU holds which account, so an
    // account of ours is taken to sit in an OU the perimeter policies attach to.
    const scps = inOrg(principalAccount)
        ? [
              { orgIdentifier: "r-root", policies: [{ name: "FullAWSAccess", policy: FULL_ACCESS }] },
              {
                  orgIdentifier: "ou-perimeter",
                  policies: [{ name: "FullAWSAccess", policy: FULL_ACCESS }, ...serviceControlPolicies(definition).map((p) => ({ name: p.name, policy: p.document }))],
              },
          ]
        : [];
    // RCPs bind resources of member accounts, whoever calls (service principals too).
    const rcps = inOrg(resourceAccount)
        ? [
              { orgIdentifier: "r-root", policies: [] },
              { orgIdentifier: "ou-perimeter", policies: resourceControlPolicies(definition).map((p) => ({ name: p.name, policy: p.document })) },
          ]
        : [];

    let resourcePolicy: PolicyDocument | undefined = scenario.resourcePolicy;
    const bucket = protectedBucketOf(definition, scenario.resource);
    if (bucket) {
        const ourPolicy = bucketPolicy(definition, bucket);
        resourcePolicy = { Version: "2012-10-17", Statement: [...ourPolicy.Statement, ...(scenario.resourcePolicy?.Statement ?? [])] };
    }
    const endpointPolicy = endpointPolicyFor(definition, scenario);

    return {
        request: {
            principal: scenario.principal,
            action: scenario.action,
            resource: { resource: scenario.resource, accountId: resourceAccount },
            contextVariables: requestContext(definition, scenario),
        },
        identityPolicies: service ? [] : [{ name: "WorkloadAdmin", policy: FULL_ACCESS }],
        serviceControlPolicies: scps,
        resourceControlPolicies: rcps,
        resourcePolicy,
        vpcEndpointPolicies: endpointPolicy ? [{ name: "endpoint", policy: endpointPolicy }] : undefined,
    };
}

/** Evaluates one scenario. Throws when the evaluator rejects its input (an invalid policy or request). */
export async function evaluateScenario(definition: Definition, scenario: Scenario): Promise<ScenarioResult> {
    const simulation = simulationOf(definition, scenario);
    const response = await runSimulation(simulation, {});
    if (response.resultType === "error") {
        throw new Error(`scenario ${scenario.id}: the evaluator rejected the input: ${JSON.stringify(response.errors)}`);
    }
    const analyses = response.resultType === "single" ? [response.result.analysis] : response.results.map((r) => r.analysis);
    const blockedBy = [...new Set(analyses.flatMap((a) => (a as { blockedBy?: string[] }).blockedBy ?? []))];
    return {
        scenario,
        verdict: response.overallResult === "Allowed" ? "allowed" : "denied",
        evaluation: response.overallResult,
        blockedBy,
        context: simulation.request.contextVariables,
    };
}

export async function evaluateScenarios(definition: Definition, scenarios: Scenario[]): Promise<ScenarioResult[]> {
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) results.push(await evaluateScenario(definition, scenario));
    return results;
}

/** Reads scenarios from a YAML or JSON file (a list, or `{ scenarios: [...] }`). */
export function loadScenarioFile(file: string): Scenario[] {
    const parsed = YAML.parse(fs.readFileSync(file, "utf8")) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { scenarios?: unknown })?.scenarios;
    if (!Array.isArray(list)) throw new Error(`${file}: expected a list of scenarios (or a "scenarios:" key holding one)`);
    list.forEach((s, i) => {
        const where = `${file}: scenarios[${i}]`;
        if (typeof s !== "object" || s === null) throw new Error(`${where}: expected an object`);
        for (const key of ["id", "expect", "principal", "action", "resource", "from"]) {
            if ((s as Record<string, unknown>)[key] === undefined) throw new Error(`${where}: missing "${key}"`);
        }
        if (!["allowed", "denied"].includes((s as Scenario).expect)) throw new Error(`${where}.expect: expected "allowed" or "denied"`);
        const from = (s as Scenario).from as Record<string, unknown>;
        if (typeof from !== "object" || from === null || !("endpoint" in from || "ip" in from || "awsNetwork" in from)) {
            throw new Error(`${where}.from: expected { endpoint: <service> }, { ip: <address> } or { awsNetwork: true }`);
        }
    });
    return list as Scenario[];
}

/**
 * The definition of a stack: its `Pulumi.<stack>.yaml` when there is one, else the
 * environment of that name (`stacks/<stack>.yaml`), so `--stack prod` works before any
 * per-unit stack file exists.
 */
function stackDefinitionFile(stack: string): string {
    const root = path.resolve(__dirname, "..");
    if (fs.existsSync(path.join(root, `Pulumi.${stack}.yaml`))) return readStackFile(root, stack).definitionFile;
    const environmentFile = path.join(root, "stacks", `${stack}.yaml`);
    if (fs.existsSync(environmentFile)) return environmentFile;
    throw new Error(`no stack file Pulumi.${stack}.yaml and no definition stacks/${stack}.yaml in ${root}`);
}

export async function main(argv: string[]): Promise<number> {
    const { values } = parseArgs({
        args: argv,
        options: { stack: { type: "string" }, definition: { type: "string" }, scenarios: { type: "string" }, json: { type: "boolean" } },
    });
    let file: string;
    let scenarios: Scenario[] | undefined;
    try {
        if (values.definition) file = path.resolve(values.definition);
        else if (values.stack) file = stackDefinitionFile(values.stack);
        else throw new Error("usage: npm run perimeter -- --stack <name> | --definition <file> [--scenarios <file>] [--json]");
        if (values.scenarios) scenarios = loadScenarioFile(values.scenarios);
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
        return 2;
    }
    const { definition, diagnostics } = loadDefinitionFile(file);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (!definition || errors.length > 0) {
        process.stderr.write(`${formatDiagnostics(errors)}\n`);
        return 2;
    }
    let results: ScenarioResult[];
    try {
        results = await evaluateScenarios(definition, scenarios ?? [...perimeterScenarios(definition), ...logArchiveScenarios(definition)]);
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
        return 2;
    }
    const failures = results.filter((r) => r.verdict !== r.scenario.expect);
    if (values.json) {
        process.stdout.write(
            JSON.stringify(
                results.map((r) => ({ id: r.scenario.id, expect: r.scenario.expect, verdict: r.verdict, evaluation: r.evaluation, blockedBy: r.blockedBy })),
                null,
                2,
            ) + "\n",
        );
    } else {
        const width = Math.max(...results.map((r) => r.scenario.id.length));
        for (const r of results) {
            const ok = r.verdict === r.scenario.expect;
            const by = r.blockedBy.length > 0 ? ` by ${r.blockedBy.join("+")}` : "";
            process.stdout.write(`${ok ? "ok  " : "FAIL"} ${r.scenario.id.padEnd(width)}  ${r.verdict.padEnd(7)}${by}${ok ? "" : ` (expected ${r.scenario.expect})`}\n`);
            process.stdout.write(`     ${r.scenario.description}\n`);
        }
        process.stdout.write(`\n${results.length - failures.length}/${results.length} scenarios got the verdict the perimeter promises (${definition.environment})\n`);
    }
    return failures.length > 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`${(e as Error).message}\n`);
            process.exit(2);
        },
    );
}
