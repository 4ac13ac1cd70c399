/**
 * The deploy tool's one seam to Pulumi: the Automation API (`@pulumi/pulumi/automation`),
 * a `LocalWorkspace` over the project directory, which runs the `pulumi` CLI found on PATH
 * for every operation. The CLI reads each stack's config from its `Pulumi.<stack>.yaml` in
 * that directory; a run-only config (a wave entry's `config`) goes into a copy of that file
 * passed with `--config-file`, so the stack file itself never changes.
 *
 * What the Automation API runs, per step (node_modules/@pulumi/pulumi/automation/stack.js):
 *   preview:         pulumi preview --event-log <log> [--policy-pack ..] [--config-file ..] --stack <s>
 *   up:              pulumi up --yes --skip-preview [--policy-pack ..] [--config-file ..] --stack <s>,
 *                    then pulumi stack output --json (twice: masked and --show-secrets) and
 *                    pulumi stack history --json --page-size 1
 *   destroy preview: pulumi destroy --preview-only --event-log <log> --stack <s>
 *   destroy:         pulumi destroy --yes --skip-preview --stack <s> (then stack history)
 * and once per stack: pulumi stack select --stack <s> (and pulumi stack init <s> when it
 * does not exist). The event log is a file of JSON lines, or (CLI newer than 3.205.0) a
 * gRPC stream to the SDK; either way the SDK hands each engine event to `onEvent`.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { CommandError, EngineEvent, LocalWorkspace, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";
import { PlannedChange, plannedChanges } from "./guard";

/** What one operation of a step needs. */
export interface OperationRun {
    /** The stack's name in the backend (qualified when `--org` is given). */
    stack: string;
    /** The stack file's name (`<env>-<unit>`, or the unit-all stack's). */
    stackFile: string;
    /** Config for this run only. */
    config?: Record<string, string>;
    /** Policy pack directory and its config file; none for destroys. */
    policyPack?: { dir: string; config: string };
    /** Everything the CLI prints, as it prints it. */
    log(chunk: string): void;
}

export interface PreviewResult {
    changes: PlannedChange[];
}

/** A failed Pulumi operation: the CLI's own error lines. */
export class OperationError extends Error {
    constructor(
        message: string,
        /** True when the stack does not exist in the backend. */
        readonly notFound = false,
    ) {
        super(message);
    }
}

/** The operations the deploy tool runs; tests of the scheduler may substitute their own. */
export interface DeployEngine {
    /** True when the stack exists (selects it). */
    exists(stack: string): Promise<boolean>;
    /** Creates the stack (with the secrets provider, when one was given). */
    create(stack: string): Promise<void>;
    preview(run: OperationRun, operation: "up" | "destroy"): Promise<PreviewResult>;
    up(run: OperationRun): Promise<void>;
    destroy(run: OperationRun): Promise<void>;
}

/** The lines of a failed CLI run worth showing: its `error:` lines and policy violations. */
export function errorLines(err: unknown): string {
    if (!(err instanceof CommandError)) return err instanceof Error ? err.message : String(err);
    // The CLI's output is on the error's (internal) commandResult; its message repeats it whole.
    const result = (err as unknown as { commandResult?: { stdout: string; stderr: string; err?: Error } }).commandResult;
    const text = `${result?.stderr ?? ""}\n${result?.stdout ?? ""}`;
    const lines = text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /^error:|\berror:|mandatory|\[mandatory\]/i.test(l));
    const unique = [...new Set(lines)];
    if (unique.length > 0) return unique.slice(0, 8).join("\n");
    if (result?.err) return result.err.message.split("\n")[0];
    return (result?.stderr || result?.stdout || err.message).trim().split("\n").slice(-5).join("\n");
}

/**
 * A copy of `Pulumi.<stackFile>.yaml` with `config` added, for `--config-file`: the stack's
 * own settings (secrets provider, encrypted key, every other key) and the run-only keys.
 */
export function runConfigFile(projectDir: string, stackFile: string, config: Record<string, string>, into: string): string {
    const own = path.join(projectDir, `Pulumi.${stackFile}.yaml`);
    const doc = fs.existsSync(own) ? YAML.parseDocument(fs.readFileSync(own, "utf8")) : new YAML.Document({});
    if (!YAML.isMap(doc.contents)) doc.contents = doc.createNode({}) as YAML.YAMLMap;
    for (const [key, value] of Object.entries(config)) doc.setIn(["config", key], value);
    fs.mkdirSync(path.dirname(into), { recursive: true });
    fs.writeFileSync(into, doc.toString());
    return into;
}

export interface AutomationOptions {
    projectDir: string;
    /** `pulumi stack init --secrets-provider` for stacks the tool creates. */
    secretsProvider?: string;
    /** Where run-only config files are written. */
    scratchDir: string;
}

/** The real engine: the Automation API over the project directory. */
export class AutomationEngine implements DeployEngine {
    private readonly stacks = new Map<string, Stack>();

    private constructor(
        private readonly workspace: LocalWorkspace,
        private readonly options: AutomationOptions,
    ) {}

    /** Finds the CLI (`pulumi version`); throws an OperationError saying what is missing. */
    static async create(options: AutomationOptions): Promise<AutomationEngine> {
        let workspace: LocalWorkspace;
        try {
            workspace = await LocalWorkspace.create({ workDir: options.projectDir, secretsProvider: options.secretsProvider });
        } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            if (/ENOENT/.test(message)) {
                throw new OperationError("the Pulumi CLI is not on PATH: npm run deploy runs it through the Automation API (install it: https://www.pulumi.com/docs/iac/download-install/)");
            }
            throw new OperationError(`pulumi version: ${errorLines(e)}`);
        }
        return new AutomationEngine(workspace, options);
    }

    async exists(stack: string): Promise<boolean> {
        if (this.stacks.has(stack)) return true;
        try {
            this.stacks.set(stack, await Stack.select(stack, this.workspace));
            return true;
        } catch (e) {
            if (e instanceof StackNotFoundError) return false;
            throw new OperationError(`pulumi stack select ${stack}: ${errorLines(e)}`);
        }
    }

    async create(stack: string): Promise<void> {
        try {
            this.stacks.set(stack, await Stack.create(stack, this.workspace));
        } catch (e) {
            throw new OperationError(`pulumi stack init ${stack}: ${errorLines(e)}`);
        }
    }

    private async stack(name: string): Promise<Stack> {
        if (!(await this.exists(name))) throw new OperationError(`stack ${name} does not exist`, true);
        return this.stacks.get(name)!;
    }

    private configFile(run: OperationRun): string | undefined {
        if (!run.config || Object.keys(run.config).length === 0) return undefined;
        const file = path.join(this.options.scratchDir, `Pulumi.${run.stackFile}.run.yaml`);
        return runConfigFile(this.options.projectDir, run.stackFile, run.config, file);
    }

    async preview(run: OperationRun, operation: "up" | "destroy"): Promise<PreviewResult> {
        const stack = await this.stack(run.stack);
        const events: EngineEvent[] = [];
        const configFile = this.configFile(run);
        const common = { onOutput: run.log, onError: run.log, onEvent: (e: EngineEvent) => events.push(e), ...(configFile ? { configFile } : {}) };
        try {
            if (operation === "destroy") await stack.previewDestroy(common);
            else await stack.preview({ ...common, ...(run.policyPack ? { policyPacks: [run.policyPack.dir], policyPackConfigs: [run.policyPack.config] } : {}) });
        } catch (e) {
            throw new OperationError(errorLines(e));
        } finally {
            if (configFile) fs.rmSync(configFile, { force: true });
        }
        return { changes: plannedChanges(events) };
    }

    async up(run: OperationRun): Promise<void> {
        const stack = await this.stack(run.stack);
        const configFile = this.configFile(run);
        try {
            await stack.up({
                onOutput: run.log,
                onError: run.log,
                ...(configFile ? { configFile } : {}),
                ...(run.policyPack ? { policyPacks: [run.policyPack.dir], policyPackConfigs: [run.policyPack.config] } : {}),
            });
        } catch (e) {
            throw new OperationError(errorLines(e));
        } finally {
            if (configFile) fs.rmSync(configFile, { force: true });
        }
    }

    async destroy(run: OperationRun): Promise<void> {
        const stack = await this.stack(run.stack);
        try {
            await stack.destroy({ onOutput: run.log, onError: run.log });
        } catch (e) {
            throw new OperationError(errorLines(e));
        }
    }
}
