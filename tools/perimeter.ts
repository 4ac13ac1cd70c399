/**
 * `npm run perimeter -- --stack <name> | --definition <file> [--scenarios <file>] [--json]`
 *
 * Evaluates perimeter scenarios (perimeter/scenarios.ts, or a YAML/JSON file of the same
 * shape — docs/perimeter.md "Scenario files") against the documents generated for a
 * definition — endpoint policies, SCPs, RCPs and bucket policies — with an independent IAM
 * evaluator, and prints one line per scenario: its verdict and the layer that decided it
 * (identity, SCP, RCP, endpoint policy, resource policy). Each request context is built
 * from AWS's sourced behaviour (perimeter/request-contexts.ts, aws/request-context.ts), not
 * from what the generators expect. Exit 0 when every verdict matches its expectation, 1
 * when one differs, 2 for an invalid definition or scenario file.
 *
 * Dev tool only: it imports `@cloud-copilot/iam-simulate`, a devDependency under the
 * AGPL. The Pulumi program never imports this file.
 */
import { anonymousPrincipal, runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { resourceTypesMissingFromReference } from "../aws/aws-owned-resources";
import { rcpSupportedServices } from "../aws/rcp-supported-services";
import { formatDiagnostics } from "../definition/diagnostics";
import { Definition } from "../definition/schema";
import { hubRegion } from "../definition/regions";
import { loadDefinitionFile } from "../program/load";
import { bucketPolicy } from "../perimeter/bucket-policies";
import { gatewayEndpointPolicy, interfaceEndpointPolicy } from "../perimeter/endpoint-policies";
import { resourceControlPolicies } from "../perimeter/rcps";
import { logArchiveScenarios } from "../perimeter/log-archive-scenarios";
import { arnAccount, endpointOf, isAnonymous, isServicePrincipal, requestContext, ScenarioEnvironment, scenarioEnvironment } from "../perimeter/request-contexts";
import { Scenario } from "../perimeter/scenario-types";
import { perimeterScenarios } from "../perimeter/scenarios";
import { serviceControlPolicies } from "../perimeter/scps";
import { PolicyDocument, PolicyStatement } from "../perimeter/types";
import { authorizeExactly } from "./iam-simulate-core";
import { readStackFile } from "./plan/stack-file";
import { parseCommandLine, stdio } from "./cli";

/** The evaluator's names for the layers, as a reader calls them. */
export const layerNames: Record<string, string> = {
    identity: "identity policy",
    scp: "SCP",
    rcp: "RCP",
    vpce: "endpoint policy",
    resource: "resource policy",
    pb: "permissions boundary",
    "s3-bpa": "S3 Block Public Access",
};

export interface ScenarioResult {
    scenario: Scenario;
    verdict: "allowed" | "denied";
    /** The evaluator's own words: Allowed, ExplicitlyDenied, ImplicitlyDenied. */
    evaluation: string;
    /** Which layers refused it (scp, rcp, vpce, resource, identity). */
    blockedBy: string[];
    /** The layer that decided, in words: "SCP (EnforceNetworkPerimeterVpceOrgID)", "identity policy" ... */
    decidedBy: string;
    /** The request context that was evaluated. */
    context: Record<string, string | string[]>;
}

const FULL_ACCESS: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const FULL_ACCESS_ENDPOINT: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };

/** The endpoint policy the request passes through, if any (AWS's full access where the environment sets none). */
function endpointPolicyOf(env: ScenarioEnvironment, scenario: Scenario): PolicyDocument | undefined {
    const endpoint = endpointOf(env, scenario);
    if (!endpoint) return undefined;
    if (!endpoint.ours) return FULL_ACCESS_ENDPOINT;
    const d = env.definition;
    // Each Region's endpoints carry that Region's policies (its AWS-owned resources, its APIs).
    const region = hubRegion(d, endpoint.region) ? endpoint.region : d.region;
    if (endpoint.path === "gateway-endpoint") return gatewayEndpointPolicy(d, endpoint.service as "s3" | "dynamodb", region);
    // An endpoint the environment does not build (e.g. ec2 for an API call) has the default full-access policy.
    if (!(hubRegion(d, region)?.services ?? d.network.endpoints.services).includes(endpoint.service)) return FULL_ACCESS_ENDPOINT;
    return interfaceEndpointPolicy(d, endpoint.service, region) ?? FULL_ACCESS_ENDPOINT;
}

function protectedBucketOf(definition: Definition, resource: string) {
    const m = /^arn:[a-z-]+:s3:::([^/]+)/.exec(resource);
    return m ? definition.perimeter.protectedBuckets.find((b) => b.name === m[1]) : undefined;
}

/** Builds the evaluator's input for a scenario: which policies apply follows AWS's rules. */
export function simulationOf(env: ScenarioEnvironment, scenario: Scenario): Simulation {
    const { definition, trust } = env;
    const ours = new Set(trust.accountIds);
    const management = definition.accounts.management;
    const anonymous = isAnonymous(scenario.principal);
    const service = isServicePrincipal(scenario.principal);
    const principalAccount = service || anonymous ? undefined : arnAccount(scenario.principal);
    const resourceAccount = scenario.resourceAccount ?? arnAccount(scenario.resource);
    const inOrg = (account: string | undefined) => !!trust.orgId && !!account && ours.has(account) && account !== management;

    // SCPs bind IAM principals of member accounts (not the management account, not service
    // principals). The definition does not say which OU holds which account, so an account
    // of ours is taken to sit in an OU the perimeter policies attach to.
    const scps = inOrg(principalAccount)
        ? [
              { orgIdentifier: "r-root", policies: [{ name: "FullAWSAccess", policy: FULL_ACCESS }] },
              {
                  orgIdentifier: "ou-perimeter",
                  policies: [{ name: "FullAWSAccess", policy: FULL_ACCESS }, ...serviceControlPolicies(definition, env.networks).map((p) => ({ name: p.name, policy: p.document }))],
              },
          ]
        : [];
    // RCPs bind resources of member accounts, whoever calls (service principals too), and only
    // of the services RCPs apply to (aws/rcp-supported-services.ts): for any other service AWS
    // does not evaluate them at all.
    const rcps = inOrg(resourceAccount) && rcpSupportedServices.includes(scenario.action.split(":")[0].toLowerCase())
        ? [
              { orgIdentifier: "r-root", policies: [] },
              { orgIdentifier: "ou-perimeter", policies: resourceControlPolicies(definition, env.networks).map((p) => ({ name: p.name, policy: p.document })) },
          ]
        : [];

    let resourcePolicy: PolicyDocument | undefined = scenario.resourcePolicy;
    const bucket = protectedBucketOf(definition, scenario.resource);
    if (bucket) {
        const ourPolicy = bucketPolicy(definition, bucket.name, bucket.statements as PolicyStatement[]);
        resourcePolicy = { Version: "2012-10-17", Statement: [...ourPolicy.Statement, ...(scenario.resourcePolicy?.Statement ?? [])] };
    }
    const endpointPolicy = endpointPolicyOf(env, scenario);

    return {
        request: {
            principal: anonymous ? anonymousPrincipal : scenario.principal,
            action: scenario.action,
            // A resource that names no account (a foundation model, an account-level call) is
            // reached with an identity policy alone, as within one account.
            resource: { resource: scenario.resource, accountId: resourceAccount ?? principalAccount ?? "" },
            contextVariables: requestContext(env, scenario),
        },
        identityPolicies: service || anonymous ? [] : [{ name: "Workload", policy: scenario.identityPolicy ?? FULL_ACCESS }],
        serviceControlPolicies: scps,
        resourceControlPolicies: rcps,
        resourcePolicy,
        vpcEndpointPolicies: endpointPolicy ? [{ name: "endpoint", policy: endpointPolicy }] : undefined,
    };
}

interface StatementRef {
    statement?: { sid?(): string | undefined };
    policyId?: string;
}

/** The Sids of the explicit Deny statements a layer matched (for "decided by"). */
function denySids(analysis: Record<string, unknown>, layer: string): string[] {
    const key = { scp: "scpAnalysis", rcp: "rcpAnalysis", vpce: "endpointAnalysis", resource: "resourceAnalysis", identity: "identityAnalysis" }[layer];
    const a = key ? (analysis[key] as Record<string, unknown> | undefined) : undefined;
    if (!a) return [];
    const statements: StatementRef[] = [
        ...((a.denyStatements as StatementRef[] | undefined) ?? []),
        ...(((a.ouAnalysis as { denyStatements?: StatementRef[] }[] | undefined) ?? []).flatMap((o) => o.denyStatements ?? [])),
    ];
    const sids = statements.map((s) => (typeof s.statement?.sid === "function" ? s.statement.sid() : undefined)).filter((x): x is string => !!x);
    return [...new Set(sids)];
}

/** "SCP (EnforceNetworkPerimeterVpceOrgID)" for a denial; the granting layer for an allowed request. */
function decidedBy(result: "allowed" | "denied", blockedBy: string[], analysis: Record<string, unknown>, scenario: Scenario): string {
    if (result === "denied") {
        if (blockedBy.length === 0) return "no policy grants it";
        return blockedBy
            .map((layer) => {
                const sids = denySids(analysis, layer);
                return `${layerNames[layer] ?? layer}${sids.length > 0 ? ` (${sids.join(", ")})` : ""}`;
            })
            .join(" + ");
    }
    const resource = analysis.resourceAnalysis as { result?: string } | undefined;
    const granted = resource?.result === "Allowed" || resource?.result === "AllowedForAccount" ? "resource policy" : "identity policy";
    const crossed = [
        (analysis.scpAnalysis as unknown) && (analysis.scpAnalysis as { ouAnalysis?: unknown[] }).ouAnalysis?.length ? "SCP" : undefined,
        (analysis.rcpAnalysis as unknown) && (analysis.rcpAnalysis as { ouAnalysis?: unknown[] }).ouAnalysis?.length ? "RCP" : undefined,
        "endpoint" in scenario.from ? "endpoint policy" : undefined,
    ].filter((x): x is string => !!x);
    const who = isAnonymous(scenario.principal) ? "resource policy" : granted;
    if (crossed.length === 0) return `${who} grants it; no perimeter layer applies`;
    return `${who} grants it; ${crossed.join(", ")} admit${crossed.length === 1 ? "s" : ""} it`;
}

/** An ARN format of the reference (`arn:${Partition}:svc:${Region}:${Account}:type/${Name}`) as a regular expression. */
function arnTemplateRegex(template: string): RegExp {
    return new RegExp(`^${template.split(/\$\{[A-Za-z]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^:]*")}$`);
}

/**
 * An ARN as AWS writes its own resources: no account (`arn:aws:ssm:us-east-1::document/AWS-RunShellScript`),
 * and for Amazon Bedrock's global cross-Region inference no Region either
 * (`arn:aws:bedrock:::foundation-model/<model>`, the destination model of a `global.` profile:
 * https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html).
 * The same ARN with a placeholder account (and Region, when it has none), for checking that the
 * action and resource type agree.
 */
function withPlaceholders(arn: string): string[] {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn" || (parts[3] !== "" && parts[4] !== "")) return [];
    const fill = (region: boolean, account: boolean) =>
        parts.map((p, i) => (i === 3 && region && p === "" ? "us-east-1" : i === 4 && account && p === "" ? "000000000000" : p)).join(":");
    // The reference's format may itself have no account (a foundation model's), so try the Region alone first.
    return [...new Set([fill(true, false), fill(false, true), fill(true, true)])].filter((candidate) => candidate !== arn);
}

/**
 * Evaluates a simulation. The evaluator's validating entry point refuses AWS-owned ARNs that
 * name no account; such a request is validated with a placeholder account (the action and
 * the resource type must still agree, and the context keys the action does not take are
 * dropped as usual), then evaluated on the ARN exactly as written (tools/iam-simulate-core.ts).
 */
async function evaluate(simulation: Simulation, id: string): Promise<{ overallResult: string; analyses: Record<string, unknown>[] }> {
    const response = await runSimulation(simulation, {});
    if (response.resultType !== "error") {
        return { overallResult: response.overallResult, analyses: (response.resultType === "single" ? [response.result.analysis] : response.results.map((r) => r.analysis)) as unknown as Record<string, unknown>[] };
    }
    const arn = simulation.request.resource.resource;
    const candidates = withPlaceholders(arn);
    const documentedGap = resourceTypesMissingFromReference.find((g) => g.action.toLowerCase() === simulation.request.action.toLowerCase() && arnTemplateRegex(g.arn).test(arn));
    if (response.errors.message === "no.resource.types" && documentedGap) {
        // A resource type AWS's own policies use that the reference lacks: evaluated as written.
        const analysis = authorizeExactly(simulation);
        return { overallResult: analysis.result, analyses: [analysis] };
    }
    for (const filled of response.errors.message === "no.resource.types" ? candidates : []) {
        const check = await runSimulation({ ...simulation, request: { ...simulation.request, resource: { ...simulation.request.resource, resource: filled } } }, {});
        if (check.resultType === "single") {
            const ignored = new Set(check.result.ignoredContextKeys ?? []);
            const context = Object.fromEntries(Object.entries(simulation.request.contextVariables).filter(([k]) => !ignored.has(k)));
            const analysis = authorizeExactly({ ...simulation, request: { ...simulation.request, contextVariables: context } });
            return { overallResult: analysis.result, analyses: [analysis] };
        }
    }
    const why: Record<string, string> = {
        "no.resource.types": `${simulation.request.action} takes no resource like ${simulation.request.resource.resource} (no resource type of the action in the Service Authorization Reference matches it)`,
        "multiple.resource.types": `${simulation.request.resource.resource} matches more than one resource type of ${simulation.request.action}; name one resource`,
        "must.use.wildcard": `${simulation.request.action} names no resource: write resource: "*"`,
        "invalid.action": `${simulation.request.action} is not an IAM action`,
        "invalid.service": `${simulation.request.action.split(":")[0]} is not an IAM service prefix`,
    };
    throw new Error(`scenario ${id}: ${why[response.errors.message as string] ?? `the evaluator rejected the input: ${JSON.stringify(response.errors)}`}`);
}

/** Evaluates one scenario. Throws when the evaluator rejects its input (an invalid policy or request). */
export async function evaluateScenario(env: ScenarioEnvironment, scenario: Scenario): Promise<ScenarioResult> {
    const simulation = simulationOf(env, scenario);
    const response = await evaluate(simulation, scenario.id);
    const analyses = response.analyses;
    const blockedBy = [...new Set(analyses.flatMap((a) => (a as { blockedBy?: string[] }).blockedBy ?? []))];
    const verdict = response.overallResult === "Allowed" ? "allowed" : "denied";
    return {
        scenario,
        verdict,
        evaluation: response.overallResult,
        blockedBy,
        decidedBy: decidedBy(verdict, blockedBy, (analyses[0] ?? {}) as unknown as Record<string, unknown>, scenario),
        context: simulation.request.contextVariables,
    };
}

/** Evaluates every scenario; when the evaluator refuses some, one error names each of them. */
export async function evaluateScenarios(env: ScenarioEnvironment, scenarios: Scenario[]): Promise<ScenarioResult[]> {
    const results: ScenarioResult[] = [];
    const problems: string[] = [];
    for (const scenario of scenarios) {
        try {
            results.push(await evaluateScenario(env, scenario));
        } catch (e) {
            problems.push((e as Error).message);
        }
    }
    if (problems.length > 0) throw new Error(problems.join("\n"));
    return results;
}

const fromShapes = "{ endpoint: <catalog service | gateway:s3 | gateway:dynamodb>, endpointAccount?, region?, vpcId? }, { ip: <address> } { awsNetwork: true, forwardAccessSession?, calledVia? } or { networkInterface: true } (an EFS mount target in the caller's VPC)";

/**
 * Reads scenarios from a YAML or JSON file (a list, or `{ scenarios: [...] }`). Every
 * problem of the file is reported at once, with the scenario's index and id.
 */
export function loadScenarioFile(file: string): Scenario[] {
    const parsed = YAML.parse(fs.readFileSync(file, "utf8")) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { scenarios?: unknown })?.scenarios;
    if (!Array.isArray(list)) throw new Error(`${file}: expected a list of scenarios (or a "scenarios:" key holding one)`);
    const problems: string[] = [];
    const ids = new Set<string>();
    list.forEach((s, i) => {
        const raw = s as Record<string, unknown>;
        const where = `${file}: scenarios[${i}]${typeof raw?.id === "string" ? ` (${raw.id})` : ""}`;
        if (typeof s !== "object" || s === null) {
            problems.push(`${where}: expected an object`);
            return;
        }
        for (const key of ["id", "expect", "principal", "action", "resource", "from"]) {
            if (raw[key] === undefined) problems.push(`${where}: missing "${key}"`);
        }
        if (typeof raw.id === "string") {
            if (ids.has(raw.id)) problems.push(`${where}.id: "${raw.id}" is used twice`);
            ids.add(raw.id);
        }
        if (raw.expect !== undefined && !["allowed", "denied"].includes(raw.expect as string)) problems.push(`${where}.expect: expected "allowed" or "denied"`);
        if (typeof raw.action === "string" && !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(raw.action)) problems.push(`${where}.action: expected an IAM action such as "s3:GetObject"`);
        if (typeof raw.principal === "string" && raw.principal !== "anonymous" && !raw.principal.startsWith("arn:") && !/\.amazonaws\.com$/.test(raw.principal)) {
            problems.push(`${where}.principal: expected a role ARN, an AWS service principal (….amazonaws.com) or "anonymous"`);
        }
        const from = raw.from as Record<string, unknown> | undefined;
        if (raw.from !== undefined && (typeof from !== "object" || from === null || !("endpoint" in from || "ip" in from || "awsNetwork" in from || "networkInterface" in from))) {
            problems.push(`${where}.from: expected ${fromShapes}`);
        }
        if (typeof raw.resource === "string" && raw.resource.startsWith("arn:") && /^arn:[a-z-]+:s3:::/.test(raw.resource) && raw.resourceAccount === undefined) {
            problems.push(`${where}.resourceAccount: S3 ARNs name no account; say which account owns the bucket`);
        }
    });
    if (problems.length > 0) throw new Error(problems.join("\n"));
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

const usage = "usage: npm run perimeter -- --stack <name> | --definition <file> [--scenarios <file>] [--json]";

export async function main(argv: string[]): Promise<number> {
    const args = parseCommandLine(
        argv,
        {
            usage,
            options: { stack: { type: "string" }, definition: { type: "string" }, scenarios: { type: "string" }, json: { type: "boolean" } },
            problems: (v) =>
                v.stack === undefined && v.definition === undefined ? ["give --stack <name> or --definition <file>"] : v.stack !== undefined && v.definition !== undefined ? ["give either --stack or --definition, not both"] : [],
        },
        stdio,
    );
    if ("exitCode" in args) return args.exitCode;
    const values = args.values;
    let file: string;
    let scenarios: Scenario[] | undefined;
    try {
        file = values.definition !== undefined ? path.resolve(values.definition) : stackDefinitionFile(values.stack!);
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
    const env = scenarioEnvironment(definition);
    let results: ScenarioResult[];
    try {
        results = await evaluateScenarios(env, scenarios ?? [...(await perimeterScenarios(env)), ...logArchiveScenarios(definition)]);
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
        return 2;
    }
    const failures = results.filter((r) => r.verdict !== r.scenario.expect);
    if (values.json) {
        process.stdout.write(
            JSON.stringify(
                results.map((r) => ({ id: r.scenario.id, expect: r.scenario.expect, verdict: r.verdict, evaluation: r.evaluation, blockedBy: r.blockedBy, decidedBy: r.decidedBy })),
                null,
                2,
            ) + "\n",
        );
    } else {
        const width = Math.max(...results.map((r) => r.scenario.id.length));
        for (const r of results) {
            const ok = r.verdict === r.scenario.expect;
            process.stdout.write(`${ok ? "ok  " : "FAIL"} ${r.scenario.id.padEnd(width)}  ${r.verdict.padEnd(7)}  ${r.decidedBy}${ok ? "" : `  (expected ${r.scenario.expect})`}\n`);
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
