/**
 * `npm run plan -- --stack <name>` or `npm run plan -- --definition <file> [--unit <unit>]`
 *
 * The offline plan: what `pulumi preview` of a stack would create, without the Pulumi
 * CLI, AWS credentials or network — the resource tree, counts by type, and the policy
 * pack's verdict through the real Analyzer protocol.
 *
 * Exit codes: 0 clean; 1 a mandatory policy is violated; 2 the arguments, the stack file
 * or the definition are invalid (every problem as `file:line:col path: message`), or the
 * program stopped with an error.
 */
import * as fs from "fs";
import * as path from "path";
import { CliValues, parseCommandLine } from "../cli";
import type { Definition } from "../../definition/schema";
import type { AnalyzerInfo, PolicyPackConfig } from "./analyzer";
import { PlanError } from "./errors";
import type { PlanResult } from "./model";
import type { DefinitionCache } from "./definition-cache";
import type { PackThread, PackVerdict } from "./pack-thread";
import type { PlanOptions } from "./run";
import { deferUnusedSdkModules } from "./sdk-internals";

export const projectRoot = path.resolve(__dirname, "..", "..");
const defaultPack = path.join(projectRoot, "policypacks", "landing-zone");

export const usage = `usage:
  npm run plan -- --stack <name> [options]            plan the stack of Pulumi.<name>.yaml
  npm run plan -- --definition <file> [--unit <unit>] [options]
                                                      plan one unit (default: all) of a definition
options:
  --json <file>        write the plan as JSON (resources, violations, summary)
  --pack <dir>         policy pack to run (default: policypacks/landing-zone, configured
                       from the definition as \`npm run policy-config\` prints it)
  --policy-config <f>  pack config file (--policy-pack-config format) instead of the generated one
  --no-policy          do not run the policy pack
  --no-tree            print counts and findings only, not the resource tree
  --compare            also price the definition under every endpoint mode × DNS sharing mode
  --markdown <file>    (with --definition) plan every stack of the definition and write a pull-request
                       review summary: per stack resources added, changed and removed, reachability
                       pairs gained and lost, monthly cost delta, policy findings, the diagram
  --against <file>     the earlier definition of the same environment to compare with (--markdown,
                       --diagram); without it the environment is new
  --diagram <file>     write the environment's Mermaid diagram alone (Markdown)
  -h, --help           this text
exit codes: 0 clean, 1 mandatory policy violated, 2 invalid arguments, stack file or definition`;

/** The `--json` document: exactly the documented keys. */
export function planJson(plan: PlanResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        stack: plan.stack,
        units: plan.units,
        resources: plan.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            ...(r.parent !== undefined ? { parent: r.parent } : {}),
            inputs: r.inputs,
            dependencies: r.dependencies,
        })),
        violations: plan.violations.map((v) => ({ policy: v.policy, level: v.level, ...(v.urn ? { urn: v.urn } : {}), message: v.message })),
        summary: plan.summary,
        ...extra,
    };
}

interface Io {
    out(line: string): void;
    err(line: string): void;
}

const stdio: Io = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
};

const planOptions = {
    stack: { type: "string" },
    definition: { type: "string" },
    unit: { type: "string" },
    json: { type: "string" },
    pack: { type: "string" },
    "policy-config": { type: "string" },
    "no-policy": { type: "boolean" },
    "no-tree": { type: "boolean" },
    compare: { type: "boolean" },
    markdown: { type: "string" },
    against: { type: "string" },
    diagram: { type: "string" },
} as const;

/** Every problem of the command line (tools/cli.ts prints them, with the usage, in one message). */
function argumentProblems(values: Partial<CliValues<typeof planOptions>>): string[] {
    const problems: string[] = [];
    if ((values.stack === undefined) === (values.definition === undefined)) problems.push(values.stack === undefined ? "give --stack <name> or --definition <file>" : "give either --stack or --definition, not both");
    if (values.stack !== undefined && values.unit !== undefined) problems.push("--unit goes with --definition; a stack's unit comes from its landing-zone:unit config key");
    if (values.markdown !== undefined || values.against !== undefined) {
        const problem =
            values.definition === undefined
                ? "--markdown and --against go with --definition <file> (the whole environment)"
                : values.unit !== undefined
                  ? "--markdown and --against review every stack of the definition; leave out --unit"
                  : values.markdown === undefined && values.diagram === undefined
                    ? "--against goes with --markdown <file> or --diagram <file>"
                    : values.json !== undefined || values.compare || values["policy-config"] !== undefined
                      ? "--markdown does not combine with --json, --compare or --policy-config (each definition is judged with the pack config generated from it)"
                      : undefined;
        if (problem) problems.push(problem);
    }
    return problems;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
    // Before anything loads the SDK: it then loads without the modules a plan never uses (sdk-internals.ts).
    deferUnusedSdkModules();
    const args = parseCommandLine(
        argv,
        {
            usage,
            options: planOptions,
            problems: argumentProblems,
        },
        io,
    );
    if ("exitCode" in args) return args.exitCode;
    const values = args.values;
    if (values.markdown !== undefined || values.against !== undefined) {
        if (!fs.existsSync(values.definition!)) {
            io.err(`${values.definition}:0:0 (file): no such file`);
            return 2;
        }
        const { runReview } = await import("../review/review");
        return runReview(
            { definitionFile: values.definition!, againstFile: values.against, markdown: values.markdown, diagram: values.diagram, packDir: values["no-policy"] ? undefined : path.resolve(values.pack ?? defaultPack) },
            io,
        );
    }

    let packDir: string | undefined;
    let policyConfigFile: PolicyPackConfig | undefined;
    if (!values["no-policy"]) {
        packDir = path.resolve(values.pack ?? defaultPack);
        if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
            io.err(`error: ${path.relative(process.cwd(), packDir)} is not a policy pack (no PulumiPolicy.yaml); pass --pack <dir> or --no-policy`);
            return 2;
        }
        if (values["policy-config"] !== undefined) {
            try {
                policyConfigFile = JSON.parse(fs.readFileSync(values["policy-config"], "utf8")) as PolicyPackConfig;
            } catch (err) {
                io.err(`${values["policy-config"]}:0:0 (file): not a readable JSON policy pack config: ${(err as Error).message}`);
                return 2;
            }
        }
    }

    // A unit the definition does not have: say which, and the closest, before anything starts.
    let checked: { cache: DefinitionCache } | undefined;
    if (values.definition !== undefined && values.unit !== undefined && fs.existsSync(values.definition)) {
        const { createDefinitionCache } = await import("./definition-cache");
        const cache = createDefinitionCache();
        // (An invalid definition is reported, every problem, by the plan below.)
        const { definition } = cache(values.definition);
        if (definition) {
            const { unitsOf } = await import("../../definition/units");
            const units = ["all", ...unitsOf(definition)];
            if (!units.includes(values.unit)) {
                const { suggest } = await import("../../definition/shape-issues");
                const hint = suggest(values.unit, units);
                io.err(`error: --unit "${values.unit}" is not a unit of environment ${definition.environment}${hint ? ` — did you mean "${hint}"?` : ""} (units: ${units.join(", ")})`);
                return 2;
            }
        }
        checked = { cache };
    }

    // The pack starts first, before anything else loads: its process boots (about as long
    // as loading the SDK here) on another core while this thread loads the SDK and plans; a
    // worker thread drives it, so it is configured and judges each resource while the
    // program runs (pack-thread.ts). Stopped on every way out.
    let pack: PackThread | undefined;
    // (Not for a stack or definition that does not exist: that is an error message, at once.)
    const target = values.stack !== undefined ? path.join(projectRoot, `Pulumi.${values.stack}.yaml`) : values.definition!;
    if (packDir !== undefined && fs.existsSync(target)) {
        const { PackThread } = await import("./pack-thread");
        try {
            pack = await PackThread.start(packDir);
        } catch (err) {
            io.err(`error: ${(err as Error).message}`);
            return 2;
        }
    }
    try {
        let options: PlanOptions;
        if (values.stack !== undefined) {
            try {
                const settings = (await import("./stack-file")).readStackFile(projectRoot, values.stack);
                options = { definitionFile: path.relative(process.cwd(), settings.definitionFile) || settings.definitionFile, unit: settings.unit, environment: settings.environment, stack: settings.stack, config: settings.config };
            } catch (err) {
                if (err instanceof PlanError) {
                    io.err(err.message);
                    return 2;
                }
                throw err;
            }
        } else {
            if (!fs.existsSync(values.definition!)) {
                io.err(`${values.definition}:0:0 (file): no such file`);
                return 2;
            }
            options = { definitionFile: values.definition!, unit: values.unit ?? "all" };
        }
        return await planAndReport(values, options, io, packDir, policyConfigFile, pack, checked?.cache);
    } finally {
        await pack?.close();
    }
}

/** Everything after the arguments: plan, check, judge, print. */
async function planAndReport(
    values: { json?: string; pack?: string; "no-tree"?: boolean; compare?: boolean; diagram?: string },
    options: PlanOptions,
    io: Io,
    packDir: string | undefined,
    policyConfigFile: PolicyPackConfig | undefined,
    pack: PackThread | undefined,
    /** The definition cache, if the arguments' check already loaded the file. */
    cache?: DefinitionCache,
): Promise<number> {
    // Only what planning needs is loaded before it; the checks load theirs when they run.
    const { createDefinitionCache } = await import("./definition-cache");
    const { loadForPlan, planProgram } = await import("./run");
    const { policyConfigFor } = await import("../policy-config");

    const progress = (message: string): void => io.err(`[plan] ${message}`);
    const started = Date.now();
    // The definition is loaded and validated once: for the mocks, the program and the checks.
    const loadDefinition = cache ?? createDefinitionCache();
    let plan: PlanResult;
    let definition: Definition;
    try {
        progress(`running the program for unit "${options.unit}" of ${options.definitionFile} under the mock runtime (preview)...`);
        // (A cache hit when the arguments' check loaded the file.)
        definition = loadForPlan(options.definitionFile, loadDefinition).definition;
        if (pack !== undefined) {
            // Configured (GetAnalyzerInfo, Configure) as soon as the pack is up, while the program plans.
            const loaded = definition;
            // From the definition and the policies the running pack reports (the pack's sources are not loaded here).
            // The stack's own config: `policyPack.stackGroups` levels apply by stack name, and the
            // stack file's reference prefix names the stacks that publish endpoint services.
            const stack = options.stack ?? `${options.environment ?? loaded.environment}-${options.unit}`;
            const stackConfig = { stack, stackReferencePrefix: options.config?.["landing-zone:stackReferencePrefix"] };
            const config =
                policyConfigFile ?? (values.pack === undefined ? (info: AnalyzerInfo) => policyConfigFor(loaded, stackConfig, info.policies) : {});
            pack.configure(config, (done, total) => progress(`analyzed ${done}/${total} resources`));
        }
        // As the engine does: each resource goes to the pack's Analyze as it is registered.
        plan = await planProgram({ ...options, definition, loadDefinition, onRegistration: pack && ((r, _options, { provider, parent }) => (r.read ? undefined : pack.analyze(r, provider, parent))) });
    } catch (err) {
        if (err instanceof PlanError) {
            io.err(err.kind === "definition" ? err.message : `error: the program stopped: ${err.message}`);
            return 2;
        }
        throw err;
    }
    progress(`${plan.summary.resources} resources planned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // AnalyzeStack goes out now: the pack judges the stack while this thread checks the documents.
    const verdict: Promise<PackVerdict> | undefined = pack?.finish(plan);
    // Its failure is reported where it is awaited.
    verdict?.catch(() => undefined);
    for (const m of plan.messages ?? []) io.err(`${m.severity}: ${m.message}`);

    if (values.diagram !== undefined) {
        const { diagramMarkdown } = await import("../review/diagram");
        fs.writeFileSync(values.diagram, diagramMarkdown(definition));
        progress(`wrote the diagram to ${values.diagram}`);
    }

    // Every policy document the plan would deploy, checked against its grammar, size
    // limit and the Service Authorization Reference. Reported as rule results.
    progress("checking the planned policy documents (endpoint policies, SCPs, RCPs, bucket policies)...");
    const { checkPlannedDocuments } = await import("../../perimeter/plan-check");
    for (const f of await checkPlannedDocuments(plan.resources)) {
        plan.violations.push({
            policy: `perimeter-document-${f.kind}`,
            level: f.severity === "error" ? "mandatory" : "advisory",
            urn: f.urn,
            message: `${f.statement ? `${f.statement}: ` : ""}${f.message}`,
        });
    }

    let packName: string | undefined;
    if (packDir !== undefined && verdict !== undefined) {
        progress(`judging ${plan.summary.resources} resources with the policy pack ${path.relative(process.cwd(), packDir)} (Analyzer protocol)...`);
        const waiting = Date.now();
        const { violations, info, messages } = await verdict;
        plan.violations.push(...violations);
        packName = `${info.name}@v${info.version}`;
        for (const m of messages) io.err(`${m.severity}: ${m.message}`);
        progress(`policy pack done ${((Date.now() - waiting) / 1000).toFixed(1)} s after the plan (it judged each resource as the program registered it)`);
    }

    const { renderComparison, renderCost, renderCounts, renderTree, renderViolations } = await import("./render");
    const { renderComparisonByRegion } = await import("./render-cost-regions");
    io.out(`Previewing update (${plan.stack}), offline, units: ${plan.units.join(", ")}`);
    io.out("");
    if (!values["no-tree"]) {
        for (const line of renderTree(plan)) io.out(line);
        io.out("");
    }
    for (const line of renderCounts(plan)) io.out(line);

    const extra: Record<string, unknown> = {};

    // Reachability is computed from the planned resources, so it is only meaningful when
    // the plan holds the transit gateway (units all and network).
    if (plan.resources.some((r) => r.type === "aws:ec2transitgateway/transitGateway:TransitGateway")) {
        const { reachabilitySection } = await import("./render");
        const section = reachabilitySection(plan.resources, definition, options.unit);
        Object.assign(extra, section.json);
        io.out("");
        for (const line of section.lines) io.out(line);
    }

    // The region lets the report say when the list prices are not the Region's own.
    const { compareModes, priceByRegion, priceResources } = await import("../../analysis/cost");
    const costOptions = { region: definition.region, defaultAzCount: definition.network.hub.availabilityZones instanceof Array ? definition.network.hub.availabilityZones.length : definition.network.hub.availabilityZones };
    const cost = priceResources(plan.resources, costOptions);
    // A plan that builds in several Regions is priced per Region, each with its own list prices.
    const regional = priceByRegion(plan.resources, costOptions);
    const costJson = (c: typeof cost) => ({
        region: c.region,
        prices: c.prices,
        monthlyUsd: c.monthlyUsd,
        lines: c.lines.map((l) => ({ item: l.item, quantity: l.quantity, unitUsd: l.unitUsd, per: l.per, monthlyUsd: l.monthlyUsd })),
        notes: c.notes,
    });
    io.out("");
    if (regional.regions.length > 1) {
        extra.cost = { ...costJson(regional.regions[0]), monthlyUsd: regional.monthlyUsd, regions: regional.regions.map(costJson) };
        for (const c of regional.regions) {
            for (const line of renderCost(c, `Monthly cost of this stack in ${c.region} (list prices ${c.prices})`)) io.out(line);
            io.out("");
        }
        io.out(`Monthly cost of this stack, all ${regional.regions.length} Regions: ${regional.regions.map((c) => `${c.region} $${c.monthlyUsd.toFixed(2)}`).join(" + ")} = $${regional.monthlyUsd.toFixed(2)}`);
    } else {
        extra.cost = costJson(cost);
        for (const line of renderCost(cost, `Monthly cost of this stack (list prices ${cost.prices})`)) io.out(line);
    }

    if (values.compare) {
        progress("planning the environment under each endpoint mode × DNS sharing mode...");
        const { planDefinition } = await import("./run");
        const modes = await compareModes(definition, async (d) => (await planDefinition(d, "all")).resources);
        extra.compare = modes.map((m) => ({
            endpointMode: m.endpointMode,
            dnsSharing: m.dnsSharing,
            ...(m.cost ? { monthlyUsd: m.cost.monthlyUsd } : { error: m.error }),
            ...(m.regions ? { regions: Object.fromEntries(m.regions.map((c) => [c.region, c.monthlyUsd])) } : {}),
        }));
        io.out("");
        for (const line of renderComparison(modes, definition.network.endpoints.mode, definition.network.dns.sharing)) io.out(line);
        // Per Region (an environment of several): each Region's share of each alternative.
        for (const line of renderComparisonByRegion(modes)) io.out(line);
    }

    io.out("");
    for (const line of renderViolations(plan, packName ?? "policy pack not run")) io.out(line);

    if (values.json !== undefined) {
        fs.writeFileSync(values.json, `${JSON.stringify(planJson(plan, extra), null, 2)}\n`);
        progress(`wrote ${values.json}`);
    }
    return plan.violations.some((v) => v.level === "mandatory") ? 1 : 0;
}

if (require.main === module) {
    // `npm run plan ... | head` closes stdout early: stop quietly.
    process.stdout.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw err;
    });
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (err) => {
            process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exitCode = 2;
        },
    );
}
