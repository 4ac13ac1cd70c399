/**
 * What `npm run deploy` runs: the deploy waves of program/stack-graph.ts (deploy, a change
 * from an earlier definition, or destroy), each stack run a *step* with a stable id
 * (`<stack>#<pass>`), and the stack names the backend knows them by. This is the document
 * `--plan-json` writes and the deploy workflow reads (README "Deploy").
 *
 * Pure: no Pulumi import, no AWS, no backend.
 */
import * as crypto from "crypto";
import * as path from "path";
import { Definition } from "../../definition/schema";
import { stackName } from "../../definition/units";
import { StackWaves, WaveStack, stackWaves } from "../../program/stack-graph";
import { DELETE_FIRST_CONFIG } from "../../program/change-order/single-stack-delete-first";
import { withoutDeletedFirst } from "../../program/delete-first";

export type RunOperation = "deploy" | "change" | "destroy";

/** One stack run of the waves. */
export interface Step extends WaveStack {
    /** `<stack>#<pass>`: unique in a plan, stable for the same inputs. */
    step: string;
    /** 1-based wave number. */
    wave: number;
}

export interface PlannedWave {
    wave: number;
    /** Steps that can run in parallel. */
    stacks: Step[];
}

/** The `--plan-json` document. */
export interface RunPlan {
    environment: string;
    /** The definition's Region (the deploy workflow's credentials use it). */
    region: string;
    operation: RunOperation;
    /** The definition file, as given. */
    definition: string;
    /** The earlier definition of a change, as given. */
    from?: string;
    /** True when the environment is one unit-`all` stack. */
    singleStack: boolean;
    waves: PlannedWave[];
}

export interface PlanOptions {
    definition: Definition;
    definitionFile: string;
    from?: Definition;
    fromFile?: string;
    destroy?: boolean;
    /**
     * The name of the environment's unit-`all` stack when it is deployed as one stack
     * (`Pulumi.dev.yaml` selects unit `all`: stack `dev`); undefined for one stack per unit.
     */
    singleStackName?: string;
}

export function stepId(stack: string, pass: number): string {
    return `${stack}#${pass}`;
}

/** The steps of the waves this run executes, numbered. */
export function runPlan(options: PlanOptions): RunPlan {
    const { definition, from, destroy } = options;
    if (destroy && from) throw new Error("--destroy tears down the environment of --definition; it takes no --from");
    const single = options.singleStackName !== undefined;
    const waves: StackWaves = stackWaves(definition, { from, singleStack: single });
    const list = destroy ? waves.destroyWaves : waves.waves;
    const rename = (stack: string): string => (single && stack === stackName(definition.environment, "all") ? options.singleStackName! : stack);
    return {
        environment: definition.environment,
        region: definition.region,
        operation: destroy ? "destroy" : from ? "change" : "deploy",
        definition: options.definitionFile,
        ...(options.fromFile ? { from: options.fromFile } : {}),
        singleStack: single,
        waves: list.map((wave, i) => ({
            wave: i + 1,
            stacks: wave.stacks.map((s) => {
                const stack = rename(s.stack);
                // A run that takes the earlier definition (a removed Region's network detach run): its file, for this run only.
                const earlier = s.definition === "from" && options.fromFile !== undefined ? { config: { ...s.config, "landing-zone:definition": path.resolve(options.fromFile) } } : {};
                return { step: stepId(stack, s.pass), wave: i + 1, ...s, ...earlier, stack, after: s.after.map((a) => ({ ...a, stack: rename(a.stack) })) };
            }),
        })),
    };
}

/**
 * The definition a step deploys: the plan's, or, for a run that takes the earlier definition
 * (`definition: "from"`: a removed Region's network detach run, a consumer's release run, a
 * unit-`all` change's first run), the earlier one — less what a `landing-zone:deleteFirst`
 * names (program/delete-first.ts, as the program builds it). The policy pack and the deploy
 * guard judge the step against it: judged against the new definition, a removed Region's
 * detach run would break the pack's mandatory rules for every resource of that Region (its
 * endpoints are in no allowed Region of the new definition) and stop the change; and a
 * consumer's connection to a service the run leaves out goes with the consumer's endpoint.
 */
export function definitionOfStep(step: Pick<WaveStack, "definition" | "config">, definition: Definition, from: Definition | undefined): Definition {
    if (step.definition !== "from" || from === undefined) return definition;
    const items = step.config?.[DELETE_FIRST_CONFIG];
    return items === undefined ? from : withoutDeletedFirst(from, items.split(",").map((i) => i.trim()).filter(Boolean));
}

/** Every step, wave by wave. */
export function stepsOf(plan: RunPlan): Step[] {
    return plan.waves.flatMap((w) => w.stacks);
}

/**
 * A fingerprint of what the plan runs (steps, operations, configs and order): a resumed
 * run must run the same plan, or its record of completed steps means nothing.
 */
export function planFingerprint(plan: RunPlan): string {
    const essence = plan.waves.map((w) => w.stacks.map((s) => [s.step, s.operation, s.config ?? {}]));
    return crypto.createHash("sha256").update(JSON.stringify([plan.environment, plan.operation, essence])).digest("hex").slice(0, 16);
}

/** What liveness needs of a step: its wave, its unit, its operation. */
export type StepLike = Pick<Step, "wave" | "unit" | "operation">;

/**
 * The spokes whose stacks still stand when a step of wave `wave` runs: the definition's
 * spokes, less those whose stack that wave or an earlier one destroys (the stacks of a wave
 * run in parallel: a spoke destroyed beside the step is going with it). A delete that
 * reaches a live spoke (its attachment, its endpoint connection) is refused; one that
 * reaches a spoke whose stack goes, or that the definition no longer has, is what the
 * change asks for.
 */
export function liveSpokesIn(steps: StepLike[], definition: Definition, wave: number): Set<string> {
    const live = new Set(definition.spokes.map((s) => s.name));
    for (const s of steps) {
        if (s.wave > wave || s.operation !== "destroy") continue;
        // A spoke moved to another account is destroyed, then deployed again: live once its
        // stack stands again (an up in a wave after the destroy, before this one).
        if (steps.some((u) => u.unit === s.unit && u.operation === "up" && u.wave > s.wave && u.wave < wave)) continue;
        // Unit `all` holds every spoke: destroying it destroys them all.
        if (s.unit === "all") live.clear();
        else live.delete(s.unit);
    }
    return live;
}

export function liveSpokesAt(plan: RunPlan, definition: Definition, wave: number): Set<string> {
    return liveSpokesIn(stepsOf(plan), definition, wave);
}

/**
 * The spokes whose VPC a change replaces — a new CIDR, or another account — and whose
 * stack ran (`up`) in a wave before `wave`: the run that replaced the VPC replaced its
 * interface endpoints with it.
 */
export function replacedSpokesIn(steps: StepLike[], definition: Definition, from: Definition | undefined, wave: number): Set<string> {
    const out = new Set<string>();
    if (!from) return out;
    for (const spoke of definition.spokes) {
        const before = from.spokes.find((s) => s.name === spoke.name);
        if (!before) continue;
        const moved = before.cidr !== spoke.cidr || from.accounts[before.account] !== definition.accounts[spoke.account];
        if (moved && steps.some((s) => s.unit === spoke.name && s.operation === "up" && s.wave < wave)) out.add(spoke.name);
    }
    return out;
}

/** The stacks the plan runs `up` on (they must exist, and have a stack file). */
export function stacksToUp(plan: RunPlan): string[] {
    return [...new Set(stepsOf(plan).filter((s) => s.operation === "up").map((s) => s.stack))];
}

/** The plan as a table, one line per step. */
export function planTable(plan: RunPlan): string[] {
    const lines = [`${plan.environment}: ${plan.operation}, ${plan.waves.length} wave(s), ${stepsOf(plan).length} step(s)`];
    for (const wave of plan.waves) {
        lines.push(`  wave ${wave.wave}`);
        for (const s of wave.stacks) {
            const config = s.config ? ` [${Object.entries(s.config).map(([k, v]) => `${k}=${v}`).join(" ")}]` : "";
            lines.push(`    ${s.operation.padEnd(7)} ${s.step.padEnd(32)}${config} ${s.reason.split(". After ")[0]}`);
        }
    }
    return lines;
}
