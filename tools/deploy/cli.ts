/**
 * `npm run deploy -- --definition <file> [--from <earlier definition>] [--destroy]
 *      [--preview] [--parallel N] [--resume | --restart] [--plan-json <out>] [--step <stack>#<pass>]
 *      [--init-stacks] [--org <org>] [--secrets-provider <url>]`
 *
 * Runs the deploy waves (program/stack-graph.ts) for real, through the Pulumi Automation
 * API: the Pulumi CLI on PATH, AWS credentials that reach every account (each stack's
 * providers assume `deployment.roleName` in accounts other than the caller's), and a state
 * backend (`pulumi login`). See run.ts for what a run does, README "Deploy" for how to use it.
 *
 * `--plan-json <out>` writes the waves as JSON and touches nothing (no CLI, no AWS).
 *
 * Exit codes: 0 every step done (or every preview passed, or the plan written); 1 a step
 * failed or was refused; 2 invalid input (arguments, definition, stack files, a `--resume`
 * of another plan, a plain re-run of a unit-`all` change whose first run is done — state.ts
 * `repeatOfFirstRun` —, a change that would exceed an OU's SCP/RCP quota while it runs —
 * perimeter/validate.ts `controlPolicySlotsDuringChange` —, no Pulumi CLI), every problem named.
 */
import * as fs from "fs";
import * as path from "path";
import { parseCommandLine } from "../cli";
import * as YAML from "yaml";
import { formatDiagnostics } from "../../definition/diagnostics";
import { ChangeRefused, locateChangeProblems } from "../../definition/hub-cidr-change";
import { Definition } from "../../definition/schema";
import { controlPolicySlotsDuringChange } from "../../perimeter/validate";
import { policyConfigFor } from "../policy-config";
import { stackFileStatuses } from "../stacks";
import { loadDefinitions } from "../waves";
import { RunPlan, planTable, runPlan, stacksToUp, stepsOf } from "./plan";
import { AutomationEngine, DeployEngine, OperationError } from "./pulumi";
import { Io, execute, initStacks, previewAll } from "./run";
import { defaultStateFile, repeatOfFirstRun, resumable } from "./state";

export const usage = `usage: npm run deploy -- --definition <file> [options]
  --definition <file>       the environment (stacks/<env>.yaml)
  --from <file>             the definition deployed now: apply --definition as a change (add, remove, move a spoke)
  --destroy                 tear the environment down (the destroy waves)
  --preview                 preview each stack's next run with the policy pack; change nothing
  --parallel <n>            at most n stacks of a wave at once (default 4)
  --resume                  continue the last run from its failed step (.landing-zone/deploy-<env>.json)
  --restart                 run a unit-all change from its first run although the record shows that run done (a plain re-run refuses)
  --plan-json <out>         write the waves this run would execute as JSON, and stop (touches nothing)
  --step <stack>#<pass>     run only this step of the waves (the deploy workflow runs one per job)
  --init-stacks             create every stack the waves run up on that does not exist, and stop
  --org <org>               qualify stack names as <org>/<project>/<stack> (Pulumi Cloud org; "organization" for self-managed backends)
  --secrets-provider <url>  for the stacks this creates (pulumi stack init --secrets-provider)
  --state <file>            the run record (default .landing-zone/deploy-<env>.json)
needs: the Pulumi CLI on PATH, AWS credentials that can assume deployment.roleName in every account, a state backend (pulumi login)
exit codes: 0 done, 1 a step failed or was refused, 2 invalid input`;

const repoRoot = path.resolve(__dirname, "..", "..");

const stdio: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

export interface Environment {
    /** The Pulumi project directory (Pulumi.yaml, the stack files). @default the repository root */
    projectDir?: string;
    /** The engine; the Automation API over `projectDir` unless given. */
    engine?: (options: { projectDir: string; secretsProvider?: string; scratchDir: string }) => Promise<DeployEngine>;
}

interface Args {
    definition?: string;
    from?: string;
    destroy?: boolean;
    preview?: boolean;
    parallel?: string;
    resume?: boolean;
    restart?: boolean;
    "plan-json"?: string;
    step?: string[];
    "init-stacks"?: boolean;
    org?: string;
    "secrets-provider"?: string;
    state?: string;
    help?: boolean;
}

/** Every problem of the arguments at once. */
export function argumentProblems(args: Args): string[] {
    const problems: string[] = [];
    if (!args.definition) problems.push("give --definition <file>");
    if (args.destroy && args.from) problems.push("--destroy tears down the environment of --definition; it takes no --from");
    const modes = (["preview", "plan-json", "init-stacks"] as const).filter((m) => args[m]);
    if (modes.length > 1) problems.push(`--${modes.join(" and --")} do different things; give one`);
    if (modes.length > 0 && args.resume) problems.push(`--resume continues a run; it does not go with --${modes[0]}`);
    if (modes.length > 0 && args.step) problems.push(`--step runs a step; it does not go with --${modes[0]}`);
    if (args.resume && args.step) problems.push("--step runs one step and keeps no record; it does not go with --resume");
    if (args.restart && args.resume) problems.push("--restart starts the run over and --resume continues it; give one");
    if (args.restart && args.step) problems.push("--step runs one step and keeps no record; it does not go with --restart");
    if (modes.length > 0 && args.restart) problems.push(`--restart starts a run over; it does not go with --${modes[0]}`);
    if (args.parallel !== undefined && !/^[1-9][0-9]*$/.test(args.parallel)) problems.push(`--parallel ${args.parallel}: expected a whole number of 1 or more`);
    if (args.org !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(args.org)) problems.push(`--org ${args.org}: expected an organization name (letters, digits, ".", "_", "-")`);
    return problems;
}

/** The project's name (Pulumi.yaml `name`). */
function projectName(projectDir: string): string {
    const file = path.join(projectDir, "Pulumi.yaml");
    const name = fs.existsSync(file) ? (YAML.parse(fs.readFileSync(file, "utf8")) as { name?: unknown })?.name : undefined;
    if (typeof name !== "string") throw new Error(`${file}: no project name`);
    return name;
}

/** The project's stack files: file name → text. */
function stackFiles(projectDir: string): Map<string, string> {
    return new Map(
        fs
            .readdirSync(projectDir)
            .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
            .map((f) => [f, fs.readFileSync(path.join(projectDir, f), "utf8")] as [string, string]),
    );
}

/**
 * The stack files the plan needs: every stack it runs `up` on has an up-to-date file (the
 * CLI reads the stack's config from it); a stale file is fine only for a stack the plan
 * destroys. Returns the unit-`all` stack's name when the environment is one stack.
 */
export function checkStackFiles(
    definition: Definition,
    definitionFile: string,
    projectDir: string,
    planFor: (singleStackName: string | undefined) => RunPlan,
): { plan: RunPlan; problems: string[] } {
    const statuses = stackFileStatuses(definition, { definitionFile: path.resolve(definitionFile), root: projectDir, files: stackFiles(projectDir) });
    const single = statuses.find((s) => s.unit === "all" && s.status === "ok")?.stack;
    const plan = planFor(single);
    const ups = new Set(stacksToUp(plan));
    const destroyed = new Set(stepsOf(plan).filter((s) => s.operation === "destroy").map((s) => s.stack));
    const problems: string[] = [];
    for (const s of statuses) {
        if (s.status === "ok") continue;
        if (s.status === "stale" && destroyed.has(s.stack)) continue;
        if (s.status === "missing" && !ups.has(s.stack)) continue;
        const hint = s.status === "stale" ? `; to destroy its stack, apply the change with --from <the definition deployed now>` : "";
        problems.push(`${s.file}: ${s.status}: ${s.detail}${hint}`);
    }
    return { plan, problems };
}

export async function main(argv: string[], io: Io = stdio, env: Environment = {}): Promise<number> {
    const parsed = parseCommandLine(
        argv,
        {
            usage,
            options: {
                definition: { type: "string" },
                from: { type: "string" },
                destroy: { type: "boolean" },
                preview: { type: "boolean" },
                parallel: { type: "string" },
                resume: { type: "boolean" },
                restart: { type: "boolean" },
                "plan-json": { type: "string" },
                step: { type: "string", multiple: true },
                "init-stacks": { type: "boolean" },
                org: { type: "string" },
                "secrets-provider": { type: "string" },
                state: { type: "string" },
            },
            problems: argumentProblems,
        },
        io,
    );
    if ("exitCode" in parsed) return parsed.exitCode;
    const args: Args = parsed.values;
    const projectDir = env.projectDir ?? repoRoot;
    const definitions = loadDefinitions([args.definition!, ...(args.from ? [args.from] : [])], io);
    if (!definitions) return 2;
    const [definition, from] = definitions;
    if (from && from.environment !== definition.environment) {
        io.err(`${args.from} is environment ${from.environment}, ${args.definition} is ${definition.environment}: a change keeps its environment`);
        return 2;
    }
    // A change whose org stack update would attach a policy to an OU before it frees the slot (perimeter/validate.ts).
    const slotProblems = from ? controlPolicySlotsDuringChange(definition, from) : [];
    if (slotProblems.length > 0) {
        io.err(formatDiagnostics(locateChangeProblems(args.definition!, slotProblems)));
        io.err(`nothing ran: the change from ${args.from} would exceed AWS's SCP/RCP quota per OU while it runs (above)`);
        return 2;
    }

    let checked: { plan: RunPlan; problems: string[] };
    try {
        checked = checkStackFiles(definition, args.definition!, projectDir, (singleStackName) =>
            runPlan({ definition, definitionFile: args.definition!, from, fromFile: args.from, destroy: args.destroy, singleStackName }),
        );
    } catch (e) {
        io.err(e instanceof ChangeRefused ? formatDiagnostics(locateChangeProblems(args.definition!, e.problems)) : `${args.definition}: ${(e as Error).message}`);
        return 2;
    }
    const { plan } = checked;
    if (checked.problems.length > 0) {
        io.err(`the stack files do not match ${args.definition}:\n${checked.problems.map((p) => `  ${p}`).join("\n")}`);
        return 2;
    }
    const unknownSteps = (args.step ?? []).filter((s) => !stepsOf(plan).some((p) => p.step === s));
    if (unknownSteps.length > 0) {
        io.err(`--step ${unknownSteps.join(", ")}: not a step of this plan; its steps: ${stepsOf(plan).map((s) => s.step).join(", ")}`);
        return 2;
    }

    if (args["plan-json"]) {
        fs.mkdirSync(path.dirname(path.resolve(args["plan-json"])), { recursive: true });
        fs.writeFileSync(args["plan-json"], `${JSON.stringify(plan, null, 2)}\n`);
        for (const line of planTable(plan)) io.out(line);
        return 0;
    }

    const stateFile = args.state ?? defaultStateFile(projectDir, plan.environment);
    let record;
    if (args.resume) {
        const r = resumable(stateFile, plan);
        if ("problem" in r) {
            io.err(r.problem);
            return 2;
        }
        record = r.record;
    } else if (!args.restart && !args.step && !args.preview && !args["init-stacks"]) {
        // A unit-all change whose first run is done must not run it again unasked (state.ts).
        const repeat = repeatOfFirstRun(stateFile, plan, stepsOf(plan));
        if (repeat) {
            io.err(`nothing ran: ${repeat}`);
            return 2;
        }
    }

    const work = path.join(projectDir, ".landing-zone");
    let project: string;
    try {
        project = projectName(projectDir);
    } catch (e) {
        io.err((e as Error).message);
        return 2;
    }
    let engine: DeployEngine;
    try {
        const options = { projectDir, secretsProvider: args["secrets-provider"], scratchDir: path.join(work, "run") };
        engine = env.engine ? await env.engine(options) : await AutomationEngine.create(options);
    } catch (e) {
        io.err(e instanceof OperationError ? e.message : `pulumi: ${(e as Error).message}`);
        return 2;
    }

    const packDir = path.join(projectDir, "policypacks", "landing-zone");
    const packConfigs = new Map<string, string>();
    // One config per stack and definition deployed (a unit-all change's first run deploys the intermediate one).
    const policyPack = (stack: string, deployed: Definition): { dir: string; config: string } => {
        const key = deployed === definition ? stack : `${stack}.first`;
        if (!packConfigs.has(key)) {
            const file = path.join(work, "policy-config", `${key}.json`);
            const prefix = stackReferencePrefix(projectDir, stack);
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, `${JSON.stringify(policyConfigFor(deployed, { stack, stackReferencePrefix: prefix }), null, 2)}\n`);
            packConfigs.set(key, file);
        }
        return { dir: packDir, config: packConfigs.get(key)! };
    };
    const runOptions = {
        plan,
        definition,
        from,
        engine,
        parallel: Number(args.parallel ?? 4),
        backendName: (stack: string) => (args.org ? `${args.org}/${project}/${stack}` : stack),
        policyPack,
        logDir: path.join(work, "logs", plan.environment),
        io,
    };
    if (args.preview) return previewAll(runOptions);
    if (args["init-stacks"]) return initStacks(runOptions);
    return execute({ ...runOptions, only: args.step, record, stateFile: args.step ? undefined : stateFile });
}

/** `landing-zone:stackReferencePrefix` of a stack's file, when it sets one. */
function stackReferencePrefix(projectDir: string, stack: string): string | undefined {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) return undefined;
    const config = (YAML.parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null)?.config;
    const prefix = config?.["landing-zone:stackReferencePrefix"];
    return typeof prefix === "string" ? prefix : undefined;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (err) => {
            process.stderr.write(`deploy: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exitCode = 2;
        },
    );
}
