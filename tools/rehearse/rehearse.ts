/**
 * The offline rehearsal of an environment's life: deploy it into an empty organization
 * (or first deploy the earlier definition to convergence and apply the new one as a
 * change), check that a final `up` of every stack plans no change, and optionally tear it
 * all down — every stack's real program, in the order of the deploy waves
 * (program/stack-graph.ts), against a simulated state backend and a simulated AWS that
 * follows the sourced lifecycle rules (aws/lifecycle.ts).
 *
 * It fails (findings, exit 1) when a step fails or is blocked, when a change deletes or
 * replaces a resource of a spoke, domain or service it does not touch, when a delete
 * reaches beyond its stack (an accepter deleting a live spoke's attachment, RAM sharing
 * with the organization turned off), when a final `up` would still change something, or
 * when a destroy leaves resources behind.
 */
import { formatDiagnostics } from "../../definition/diagnostics";
import { hubCidrChangeProblems, locateChangeProblems } from "../../definition/hub-cidr-change";
import { Definition } from "../../definition/schema";
import { stackName } from "../../definition/units";
import { Wave, stackWaves } from "../../program/stack-graph";
import { createDefinitionCache } from "../plan/definition-cache";
import { loadForPlan, PlanError } from "../plan/run";
import { Ownership, touchedBy, untouchedReason } from "./attribution";
import { T, keptBucketConfigurationOf, singletonOf } from "../../aws/lifecycle";
import { Cloud, cite } from "./aws-sim";
import { StackState, StateBackend, StateResource, StepOutcome, counts, destroy, up } from "./engine";
import { Finding, RehearsalResult, Stage, StepRecord } from "./model";
import { ProgramMemo } from "./program-memo";
import { GuardContext, PlannedChange, cutsLiveSpoke, guardContext, isBucketConfiguration, protectiveDeletes } from "../deploy/guard";
import { definitionOfStep, liveSpokesIn, replacedSpokesIn } from "../deploy/plan";

export interface RehearseOptions {
    /** The environment's definition (`stacks/<env>.yaml`). */
    definitionFile: string;
    /** The definition deployed before: deploy it first, then apply `definitionFile` as a change. */
    fromFile?: string;
    /** Tear everything down at the end. */
    destroy?: boolean;
    /** One stack for the whole environment (unit `all`). */
    singleStack?: boolean;
    /**
     * The organization before the first deploy. `accountUnits`: account id → the OU id it is
     * in (the definition does not say; an account left out is taken to be in every OU, so
     * only a placed account is judged: a RAM share with an OU reaches it only when it is in
     * that OU itself). Tests move an account between OUs through `afterStep`
     * (`world.cloud.organization.units`). @default aws/lifecycle.ts organizationPrerequisites
     */
    organization?: { policyTypes?: string[]; ramSharing?: boolean; accountUnits?: Record<string, string> };
    /** Replaces a unit's program (tests run deliberately wrong programs through the same engine). */
    programFor?: (unit: string, stage: Stage) => (() => Promise<Record<string, unknown>>) | undefined;
    /** Replaces the waves of a stage (tests run deliberately wrong orders). */
    wavesFor?: (stage: Stage, computed: Wave[]) => Wave[];
    /**
     * Sees the simulated world after each step (tests: state written by an older program,
     * outputs a failed update lost).
     */
    afterStep?: (step: StepRecord, world: { backend: StateBackend; cloud: Cloud }) => void;
    /** Progress lines (one per step). */
    progress?: (line: string) => void;
    /** Where program runs are recorded and replayed (engine.ts StepOptions.memo). @default the process's memo */
    memo?: ProgramMemo | false;
}

/** Invalid input: a definition that does not load, or definitions of different environments. */
export class InputError extends Error {}

function loadOrThrow(file: string, loader: ReturnType<typeof createDefinitionCache>): Definition {
    try {
        return loadForPlan(file, loader).definition;
    } catch (err) {
        if (err instanceof PlanError) throw new InputError(err.message);
        throw err;
    }
}

function unitOf(environment: string, stack: string): string | undefined {
    return stack.startsWith(`${environment}-`) ? stack.slice(environment.length + 1) : undefined;
}

/** A copy of a stack's resources before a step (for attribution of what it deletes). */
function snapshot(state: StackState): Map<string, StateResource> {
    return new Map(state.resources);
}

export async function rehearse(options: RehearseOptions): Promise<RehearsalResult> {
    const loader = createDefinitionCache();
    const definition = loadOrThrow(options.definitionFile, loader);
    const earlier = options.fromFile ? loadOrThrow(options.fromFile, loader) : undefined;
    if (earlier && earlier.environment !== definition.environment) {
        throw new InputError(`${options.fromFile} is environment ${earlier.environment}, ${options.definitionFile} is ${definition.environment}: a change keeps its environment`);
    }
    // Refused before the earlier definition is deployed: the change stage's planner would refuse it anyway.
    const refused = hubCidrChangeProblems(definition, earlier);
    if (refused.length > 0) throw new InputError(formatDiagnostics(locateChangeProblems(options.definitionFile, refused)));
    const environment = definition.environment;
    const accounts = [...new Set([...Object.values(definition.accounts), ...Object.values(earlier?.accounts ?? {})])];
    const cloud = new Cloud(accounts, options.organization);
    const backend = new StateBackend();
    const steps: StepRecord[] = [];
    const findings: Finding[] = [];
    const progress = options.progress ?? (() => undefined);
    const passes = new Map<string, number>();

    const record = (stage: Stage, wave: number, stack: string, outcome: StepOutcome, config?: Record<string, string>): StepRecord => {
        const pass = (passes.get(stack) ?? 0) + 1;
        passes.set(stack, pass);
        const step: StepRecord = {
            stack,
            operation: outcome.operation,
            pass,
            wave,
            stage,
            creates: outcome.creates.length,
            updates: outcome.updates.length,
            replaces: outcome.replaces.length,
            deletes: outcome.deletes,
            created: outcome.creates,
            updated: outcome.updates,
            replaced: outcome.replaces,
            retained: outcome.retained,
            imported: outcome.imports,
            outcome: outcome.outcome,
            ...(outcome.message ? { message: outcome.message } : {}),
            ...(config ? { config } : {}),
        };
        steps.push(step);
        options.afterStep?.(step, { backend, cloud });
        progress(
            // The run's own config (a unit-all first run's landing-zone:deleteFirst, a detach or
            // release run's), as the deploy plan table shows it (tools/deploy/plan.ts).
            `${stage.padEnd(8)} wave ${String(wave).padStart(2)}  ${outcome.operation.padEnd(7)} ${`${stack} #${pass}`.padEnd(36)}${config ? ` [${Object.entries(config).map(([k, v]) => `${k}=${v}`).join(" ")}]` : ""} +${step.creates} ~${step.updates} ±${step.replaces} -${step.deletes.length}${step.imported.length > 0 ? ` =${step.imported.length} imported` : ""}  ${step.outcome}${step.message ? `: ${step.message.split("\n")[0]}` : ""}`,
        );
        if (outcome.outcome !== "ok") findings.push({ stack, rule: outcome.rule ?? "step", message: `${stack} (${outcome.operation}) ${outcome.outcome}: ${outcome.message ?? ""}` });
        return step;
    };

    /**
     * What a step did beyond its stack, judged by the deploy guard's rule (tools/deploy/guard.ts
     * cutsLiveSpoke): cutting a spoke's attachment, or a consumer's connection to a service,
     * counts while that spoke's stack still stands and (for a connection) it still consumes
     * the service; turning RAM sharing off always counts.
     */
    const judgeEffects = (stack: string, outcome: StepOutcome, context: GuardContext): void => {
        for (const effect of outcome.sideEffects) {
            const spoke = effect.victim ? unitOf(environment, effect.victim.stack) : undefined;
            const tags = (effect.victim?.attrs.tags ?? {}) as Record<string, unknown>;
            const service = effect.rule === "connection-accepter-delete-rejects-connection" && typeof tags["landing-zone:endpoint-service"] === "string" ? (tags["landing-zone:endpoint-service"] as string) : undefined;
            if ((effect.rule === "accepter-delete-deletes-attachment" || effect.rule === "connection-accepter-delete-rejects-connection") && (spoke === undefined || !cutsLiveSpoke({ spoke, service }, context))) continue;
            findings.push({ stack, urn: effect.victim?.urn, rule: effect.rule, message: `${stack}: ${effect.message}` });
        }
    };

    /**
     * The deploy guard (tools/deploy/guard.ts) on what a step deleted and replaced: the
     * rehearsal fails wherever `npm run deploy` would refuse the step.
     */
    const guardStep = (stack: string, before: Map<string, StateResource>, outcome: StepOutcome, context: GuardContext): void => {
        const after = backend.get(stack).resources;
        const bucketOf = (urn: string): { bucket?: string } => {
            const r = before.get(urn);
            return r !== undefined && isBucketConfiguration(r.type) && typeof r.inputs.bucket === "string" ? { bucket: r.inputs.bucket } : {};
        };
        const tagsOf = (urn: string): Record<string, string> => {
            const tags = (before.get(urn)?.inputs.tags ?? {}) as Record<string, unknown>;
            return Object.fromEntries(Object.entries(tags).filter(([, v]) => typeof v === "string")) as Record<string, string>;
        };
        const changes: PlannedChange[] = [
            // The old object of a replacement is deleted too: judged once, as the replace the
            // preview shows (the deploy guard sees one `replace` step for it).
            ...outcome.deletes
                .filter((d) => !outcome.replaces.some((r) => r.urn === d.urn))
                .map((d) => ({ op: "delete", urn: d.urn, type: d.type, retainOnDelete: false, tags: tagsOf(d.urn), ...bucketOf(d.urn) })),
            ...outcome.replaces.map((r) => {
                const old = before.get(r.urn)?.inputs.vpcEndpointId;
                const next = after.get(r.urn)?.inputs.vpcEndpointId;
                return {
                    op: "replace",
                    urn: r.urn,
                    type: r.type,
                    retainOnDelete: before.get(r.urn)?.options.retainOnDelete === true,
                    tags: tagsOf(r.urn),
                    ...bucketOf(r.urn),
                    ...(typeof old === "string" && typeof next === "string" && old !== next ? { endpointChanged: true } : {}),
                };
            }),
        ];
        for (const refusal of protectiveDeletes(stack, changes, context)) {
            findings.push({ stack, urn: refusal.urn, rule: "deploy-refuses", message: `npm run deploy would refuse this step: ${refusal.message}` });
        }
    };

    /**
     * A protected bucket is never left without its policy between waves (aws/lifecycle.ts
     * bucket-policy-one-per-bucket): once a stack put it, a later delete — the old owner's
     * when another unit took the bucket over — leaves it open until a stack puts it again,
     * which no later `pulumi up` does without a refresh (the last writer's state still has
     * it). Reported once per bucket; not judged while the environment is torn down.
     */
    const unprotected = new Set<string>();
    const judgeBuckets = (current: Definition, where: string): void => {
        const rule = singletonOf(T.bucketPolicy)!;
        for (const bucket of current.perimeter.protectedBuckets) {
            const slot = cloud.slot(T.bucketPolicy, bucket.name);
            if (slot.state !== "emptied" || unprotected.has(bucket.name)) continue;
            unprotected.add(bucket.name);
            findings.push({
                stack: slot.by?.stack ?? environment,
                urn: slot.by?.urn,
                rule: rule.id,
                message:
                    `protected bucket ${bucket.name} (account ${bucket.account}) has no bucket policy ${where}${slot.by ? `: ${slot.by.stack} deleted it (${slot.by.urn})` : ""}; ` +
                    `it stays open until a stack puts its policy again, and no later pulumi up does without a refresh (the stack that put it last still has it in state) — ${cite(rule)}`,
            });
        }
    };

    /**
     * A bucket that stays in AWS keeps its configuration (aws/lifecycle.ts
     * keptBucketConfiguration): a step that deletes the policy, public access block,
     * ownership, versioning, encryption or lifecycle of a bucket still in AWS after it — kept
     * with `retainOnDelete`, as the log archive's is when its unit is removed or destroyed —
     * leaves that bucket without it, in every stage (the environment's destroy too).
     */
    const judgeKeptBuckets = (stack: string, before: ReturnType<typeof snapshot>, outcome: StepOutcome): void => {
        const replaced = new Set(outcome.replaces.map((r) => r.urn));
        for (const d of outcome.deletes) {
            const rule = keptBucketConfigurationOf(d.type);
            const bucket = before.get(d.urn)?.inputs.bucket;
            if (!rule || replaced.has(d.urn) || typeof bucket !== "string") continue;
            const kept = cloud.all().find((o) => o.type === T.s3Bucket && o.attrs.bucket === bucket);
            if (!kept) continue;
            findings.push({
                stack,
                urn: d.urn,
                rule: rule.id,
                message: `${stack} deletes ${d.urn} of bucket ${bucket}, which stays in AWS${kept.retained ? " (kept with retainOnDelete)" : ""}: the bucket is left with ${rule.leaves} — ${cite(rule)}`,
            });
        }
    };

    const runStage = async (stage: Stage, waves: Wave[], current: Definition, file: string, judge?: (stack: string, before: ReturnType<typeof snapshot>, outcome: StepOutcome) => void, previous?: Definition): Promise<boolean> => {
        const list = options.wavesFor ? options.wavesFor(stage, waves) : waves;
        const steps = list.flatMap((wave, i) => wave.stacks.map((s) => ({ wave: i + 1, unit: s.unit, operation: s.operation })));
        for (const [i, wave] of list.entries()) {
            let failed = false;
            const context = guardContext(current, previous, liveSpokesIn(steps, current, i + 1), replacedSpokesIn(steps, current, previous, i + 1));
            // The stacks of a wave run in parallel (as npm run deploy runs them): each sees
            // AWS and the other stacks' outputs as they were before the wave.
            cloud.beginWave();
            backend.freeze();
            try {
                for (const entry of wave.stacks) {
                    const before = snapshot(backend.get(entry.stack));
                    // A removed Region's network detach run takes the earlier definition (program/stack-graph.ts WaveStack.definition).
                    const earlierRun = entry.definition === "from" && previous !== undefined && options.fromFile !== undefined;
                    const stepOptions = {
                        definitionFile: earlierRun ? options.fromFile! : file,
                        definition: earlierRun ? previous! : current,
                        loadDefinition: loader,
                        cloud,
                        backend,
                        stack: entry.stack,
                        unit: entry.unit,
                        config: entry.config,
                        program: options.programFor?.(entry.unit, stage),
                        memo: options.memo,
                    };
                    cloud.viewer = entry.stack;
                    const outcome = entry.operation === "destroy" ? destroy(stepOptions) : await up(stepOptions);
                    cloud.viewer = undefined;
                    record(stage, i + 1, entry.stack, outcome, entry.config);
                    // A unit-all change's first run deploys the intermediate definition: judged against it, as npm run deploy judges it.
                    const deployed = definitionOfStep(entry, current, previous);
                    const stepContext = deployed === current ? context : guardContext(deployed, previous, liveSpokesIn(steps, deployed, i + 1), replacedSpokesIn(steps, deployed, previous, i + 1));
                    judgeEffects(entry.stack, outcome, stepContext);
                    guardStep(entry.stack, before, outcome, stepContext);
                    judgeKeptBuckets(entry.stack, before, outcome);
                    judge?.(entry.stack, before, outcome);
                    if (outcome.outcome !== "ok") failed = true;
                }
            } finally {
                cloud.viewer = undefined;
                backend.thaw();
                for (const race of cloud.commitWave()) {
                    failed = true;
                    findings.push({ stack: race.stack, urn: race.urn, rule: race.rule, message: `${race.stack} (wave ${i + 1} of ${stage}) races another stack of its wave: ${race.message}` });
                }
            }
            if (stage !== "destroy") judgeBuckets(current, `after wave ${i + 1} of ${stage}`);
            // A wave that failed stops the run, as the deploy tooling does.
            if (failed) return false;
        }
        return true;
    };

    /**
     * A final `up` of every stack: converged when none changes anything. An import (a
     * resource adopting what already exists in AWS: a zone's association with the hub, which
     * the run after the zone's creation adopts) is reported but changes nothing in AWS.
     */
    const converge = async (current: Definition, file: string, stage: Stage): Promise<boolean> => {
        const order = [...new Set(stackWaves(current, { singleStack: options.singleStack }).waves.flatMap((w) => w.stacks.map((s) => s.unit)))];
        let converged = true;
        for (const unit of order) {
            const stack = stackName(environment, unit);
            const outcome = await up({ definitionFile: file, definition: current, loadDefinition: loader, cloud, backend, stack, unit, program: options.programFor?.(unit, stage), memo: options.memo });
            const step = record(stage, 1, stack, outcome);
            judgeBuckets(current, `after the final up of ${stack}`);
            judgeEffects(stack, outcome, guardContext(current, undefined, new Set(current.spokes.map((s) => s.name))));
            const changes = [...outcome.creates, ...outcome.updates, ...outcome.replaces, ...outcome.deletes];
            if (step.outcome !== "ok" || changes.length > 0) {
                converged = false;
                if (step.outcome === "ok") {
                    findings.push({
                        stack,
                        urn: changes[0]?.urn,
                        rule: "convergence",
                        message: `${stack} still changes on a final up: ${[
                            ...outcome.creates.map((c) => `create ${c.urn}`),
                            ...outcome.updates.map((c) => `update ${c.urn} (${c.changed.join(", ")})`),
                            ...outcome.replaces.map((c) => `replace ${c.urn} (${c.changed.join(", ")})`),
                            ...outcome.deletes.map((c) => `delete ${c.urn}`),
                        ].slice(0, 5).join("; ")}`,
                    });
                }
            }
        }
        return converged;
    };

    let ok = true;
    let converged = false;
    if (earlier) {
        ok = await runStage("earlier", stackWaves(earlier, { singleStack: options.singleStack }).waves, earlier, options.fromFile!);
        if (ok) ok = await converge(earlier, options.fromFile!, "earlier");
        if (ok) {
            const touched = touchedBy(earlier, definition);
            const ownership = new Ownership(backend, [earlier, definition], (stack) => unitOf(environment, stack));
            const judge = (stack: string, before: ReturnType<typeof snapshot>, outcome: StepOutcome): void => {
                const hits = [...outcome.deletes.map((d) => ({ ...d, what: "deletes" })), ...outcome.replaces.map((r) => ({ urn: r.urn, type: r.type, what: "replaces" }))];
                for (const hit of hits) {
                    const resource = before.get(hit.urn);
                    if (!resource) continue;
                    const reason = untouchedReason(touched, ownership.entitiesOf(stack, resource));
                    if (reason) findings.push({ stack, urn: hit.urn, rule: "untouched-resource", message: `${stack} ${hit.what} ${hit.urn}, but ${reason}` });
                }
            };
            ok = await runStage("change", stackWaves(definition, { from: earlier, singleStack: options.singleStack }).waves, definition, options.definitionFile, judge, earlier);
        }
    } else {
        ok = await runStage("deploy", stackWaves(definition, { singleStack: options.singleStack }).waves, definition, options.definitionFile);
    }
    if (ok) converged = await converge(definition, options.definitionFile, "converge");
    if (ok && options.destroy) {
        ok = await runStage("destroy", stackWaves(definition, { singleStack: options.singleStack }).destroyWaves, definition, options.definitionFile);
    }
    const resources = backend.resourceCount();
    if (ok && options.destroy && resources > 0) {
        for (const [stack, state] of backend.stacks) {
            const left = [...state.resources.values()].filter((r) => counts(r.type, r.custom));
            if (left.length > 0) findings.push({ stack, urn: left[0].urn, rule: "destroy", message: `${stack} still holds ${left.length} resource(s) after the destroy, e.g. ${left[0].urn}` });
        }
    }
    const retainedInAws: Record<string, number> = {};
    for (const o of cloud.all()) if (o.retained) retainedInAws[o.type] = (retainedInAws[o.type] ?? 0) + 1;
    return {
        environment,
        mode: options.destroy ? "destroy" : earlier ? "change" : "deploy",
        steps,
        converged: ok && converged,
        final: {
            resources,
            retainedInAws,
            pendingAcceptance: cloud
                .all()
                .filter((o) => o.type === T.vpcEndpoint && o.state === "pendingAcceptance" && !o.retained)
                .map((o) => ({ stack: o.stack, urn: o.urn })),
        },
        findings,
    };
}

/** Exit code of a rehearsal: 0 when every step was ok, it converged (or destroyed everything) and nothing was found. */
export function exitCodeOf(result: RehearsalResult): number {
    const stepsOk = result.steps.every((s) => s.outcome === "ok");
    const done = result.mode === "destroy" ? result.final.resources === 0 : true;
    return stepsOk && result.converged && done && result.findings.length === 0 ? 0 : 1;
}
