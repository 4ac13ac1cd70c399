/**
 * The offline plan: runs the landing-zone program (`runLandingZone`) under Pulumi's mock
 * runtime in preview mode — as `pulumi preview` of stack `<env>-<unit>` would run it,
 * computed outputs unknown — with mocks that answer like AWS (mocks.ts), and returns
 * every resource it would create.
 *
 * Everything a plan needs is in its options (definition, unit, the other stacks'
 * outputs), so independent units can also be planned in parallel child processes.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { Diagnostic, formatDiagnostics } from "../../definition/diagnostics";
import { LoadResult, loadDefinitionFile } from "../../program/load";
import { Definition } from "../../definition/schema";
import { runLandingZone } from "../../program";
import { resetStackReferences } from "../../program/references";
import { stackName, unitsToBuild } from "../../definition/units";
import { cleanMessage, OnRegistration, PlanError, runUnderMocks, summarize } from "./mock-runtime";
import { LandingZoneMocks } from "./mocks";
import { PlanResult } from "./model";

export { PlanError } from "./mock-runtime";

export interface PlanOptions {
    /** Path of the environment's definition (`stacks/<env>.yaml`). */
    definitionFile: string;
    /** `all`, `org`, `network`, `security` or a spoke name. */
    unit: string;
    /** The stack's `landing-zone:environment`. @default the definition's `environment` */
    environment?: string;
    /** Stack name. @default `<environment>-<unit>` */
    stack?: string;
    /**
     * Outputs of the other units' stacks by unit name; `undefined` for a unit simulates a
     * stack that has not been deployed. Units not listed get synthesized outputs.
     */
    stackOutputs?: Record<string, Record<string, unknown> | undefined>;
    /** Extra stack config (`Pulumi.<stack>.yaml` `config:`), e.g. `landing-zone:stackReferencePrefix`. */
    config?: Record<string, string>;
    /**
     * The definition of `definitionFile`, already loaded with `loadForPlan` (planning many
     * units of one file loads it once for the mocks; the program still loads the file
     * itself, as it does under the Pulumi CLI). @default loaded from `definitionFile`
     */
    definition?: Definition;
    /** How the program loads the definition file. @default loadDefinitionFile */
    loadDefinition?: (file: string) => LoadResult;
    /** Sees each registration as it happens: what the engine would send the policy pack's Analyze then (mock-runtime.ts). */
    onRegistration?: OnRegistration;
}

/** Loads the definition, or throws a PlanError listing every problem as `file:line:col path: message`. */
export function loadForPlan(definitionFile: string, loader: (file: string) => LoadResult = loadDefinitionFile): { definition: Definition; warnings: Diagnostic[] } {
    let loaded: LoadResult;
    try {
        loaded = loader(definitionFile);
    } catch (err) {
        throw new PlanError(`${definitionFile}: ${cleanMessage(err)}`, "definition");
    }
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    if (!loaded.definition || errors.length > 0) {
        throw new PlanError(formatDiagnostics(errors.length > 0 ? errors : loaded.diagnostics), "definition", errors);
    }
    return { definition: loaded.definition, warnings: loaded.diagnostics.filter((d) => d.severity === "warning") };
}

/**
 * Plans one stack of an environment offline: what `pulumi preview` of stack
 * `<environment>-<unit>` would show, without the Pulumi CLI or AWS.
 */
export async function planProgram(opts: PlanOptions): Promise<PlanResult> {
    const definition = opts.definition ?? loadForPlan(opts.definitionFile).definition;
    const environment = opts.environment ?? definition.environment;
    const stack = opts.stack ?? stackName(environment, opts.unit);
    const mocks = new LandingZoneMocks({ definition, preview: true, stackOutputs: opts.stackOutputs });
    const config: Record<string, string> = {
        "landing-zone:environment": environment,
        "landing-zone:unit": opts.unit,
        "landing-zone:definition": opts.definitionFile,
        ...opts.config,
    };
    const run = await runUnderMocks(() => runLandingZone({ environment, unit: opts.unit, definitionFile: opts.definitionFile, loadDefinition: opts.loadDefinition }), {
        mocks,
        stack,
        preview: true,
        config,
        // The program caches StackReferences per process; each plan starts afresh.
        beforeRun: resetStackReferences,
        afterRun: resetStackReferences,
        onRegistration: opts.onRegistration,
    });
    return {
        stack,
        units: unitsToBuild(definition, opts.unit),
        resources: run.resources,
        violations: [],
        summary: summarize(run.resources),
        messages: run.messages,
        stackUrn: run.stackUrn,
    };
}

/**
 * Plans a definition held in memory (e.g. the same environment under another endpoint
 * mode, for `--compare`): the program reads definitions from files, so it is written to
 * a temporary `<environment>.yaml` first.
 */
export async function planDefinition(definition: Definition, unit = "all", opts: Omit<PlanOptions, "definitionFile" | "unit"> = {}): Promise<PlanResult> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landing-zone-plan-"));
    const file = path.join(dir, `${definition.environment}.yaml`);
    try {
        fs.writeFileSync(file, YAML.stringify(definition));
        return await planProgram({ ...opts, definitionFile: file, unit });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
