/**
 * The rehearsal's engine: runs one `pulumi up` or `pulumi destroy` of one stack the way
 * the Pulumi engine would, offline. The stack's program runs under the SDK's mock runtime
 * outside preview (ids are assigned); every registration is compared with the stack's
 * state (same, update, replace — ForceNew inputs from aws/lifecycle.ts — or create), and
 * the simulated AWS (aws-sim.ts) decides whether the operation succeeds; resources the
 * program no longer declares are deleted at the end, dependents first, unless
 * `retainOnDelete` (then only forgotten) or `protect` (then the update fails).
 *
 * The Pulumi engine's behaviour modelled here, and where it is documented:
 *  - a replace creates the new resource first and deletes the old one after, unless
 *    `deleteBeforeReplace` (https://www.pulumi.com/docs/iac/concepts/options/deletebeforereplace/);
 *  - `retainOnDelete` leaves the cloud resource in place when Pulumi deletes it from state,
 *    whether the program stopped declaring it or the stack is destroyed
 *    (https://www.pulumi.com/docs/iac/concepts/options/retainondelete/);
 *  - `import` adopts an existing cloud resource into the state instead of creating it (the
 *    simulated AWS checks that it exists and that the inputs name it; reported as `imports`,
 *    not as a change: https://www.pulumi.com/docs/iac/concepts/options/import/);
 *  - `deletedWith` skips the delete of a resource whose named resource is deleted in the same
 *    operation (https://www.pulumi.com/docs/iac/concepts/options/deletedwith/);
 *  - when an update fails after a replacement created the new object, the old one stays in
 *    state marked for deletion (a "pending delete": "a newly created VPC, and a pending
 *    delete VPC", https://github.com/pulumi/pulumi/issues/2948), and the next update deletes
 *    it at its end with its other deletes, not first (https://github.com/pulumi/pulumi/pull/11027
 *    "Do not execute pending deletes at the start of deployment");
 *  - when the program fails, resources it did not declare are not deleted; and the stack's
 *    outputs are taken as lost, the behaviour of CLIs before
 *    https://github.com/pulumi/pulumi/pull/15754 (https://github.com/pulumi/pulumi/issues/12929):
 *    the pessimistic reading;
 *  - StackReferences read the referenced stack's last outputs (the engine's builtin
 *    provider, pkg/resource/deploy/builtins.go readStackReference), its own stack included;
 *  - a resource whose provider now deploys into another account is NOT replaced: the engine
 *    replaces a resource whose provider changed only when the new provider's DiffConfig asks
 *    for it (pulumi/pulumi pkg/resource/deploy/step_generator.go providerChanged), and the
 *    AWS provider's does for a new Region but not for another account
 *    (https://github.com/pulumi/pulumi-aws/issues/6385: "Changing explicit providers (with
 *    different accounts) ... doesn't move the resource"). The resource would stay in its old
 *    account, managed with the new account's credentials: the step fails, naming it
 *    (`provider-changes-account`). A spoke moves to another account by having its stack
 *    destroyed and deployed again (program/stack-graph.ts, program/change-order/spoke-moves.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { ConditionalForceNew, replacements } from "../../aws/lifecycle";
import { Definition } from "../../definition/schema";
import { LoadResult } from "../../program/load";
import { runLandingZone } from "../../program";
import { resetStackReferences } from "../../program/references";
import { PlannedResource } from "../../analysis/plan-records";
import { RegistrationOptions, cleanMessage, runUnderMocks } from "../plan/mock-runtime";
import { LandingZoneMocks, callerAccountId, unitOfStackName } from "../plan/mocks";
import { Cloud, CloudObject, LifecycleError, SideEffect, identifiersOf } from "./aws-sim";
import { Operation, Outcome } from "./model";
import { computedOutputs, physicalId } from "./outputs";
import { ProgramMemo, memoKey } from "./program-memo";

/** One resource of a stack's state. */
export interface StateResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    id?: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    options: RegistrationOptions;
    /** URNs it depends on (parent, provider, inputs, dependsOn): deleted after them. */
    deps: string[];
    /** The simulated AWS object it manages. */
    cloudKey?: string;
    account?: string;
    /** How many physical objects this URN has had (a replace makes a new one). */
    generation: number;
}

export interface StackState {
    resources: Map<string, StateResource>;
    outputs: Record<string, unknown>;
    /**
     * Old objects of replacements whose update failed before it deleted them: Pulumi keeps
     * them in state marked for deletion and deletes them at the end of the next update (or
     * destroy), with that update's other deletes.
     */
    pendingDeletes: StateResource[];
}

/** The simulated state backend: every stack's resources and outputs. */
export class StateBackend {
    readonly stacks = new Map<string, StackState>();
    /**
     * The last generation of each stack's URN, kept when the stack is destroyed: a resource
     * created again after its stack was destroyed (a spoke moved to another account) is a new
     * physical object, with ids of its own.
     */
    private readonly generations = new Map<string, number>();

    /** The generation of a new physical object for `urn` of `stack`. */
    nextGeneration(stack: string, urn: string, previous = 0): number {
        const key = `${stack}\u0000${urn}`;
        const next = Math.max(previous, this.generations.get(key) ?? 0) + 1;
        this.generations.set(key, next);
        return next;
    }

    get(stack: string): StackState {
        let state = this.stacks.get(stack);
        if (!state) {
            state = { resources: new Map(), outputs: {}, pendingDeletes: [] };
            this.stacks.set(stack, state);
        }
        return state;
    }

    /** The outputs every stack had when a wave began: what StackReferences read until it ends. */
    private frozen?: Map<string, Record<string, unknown>>;

    /** Starts a wave: StackReferences read the outputs as they are now until `thaw()`. */
    freeze(): void {
        this.frozen = new Map([...this.stacks].map(([stack, state]) => [stack, state.outputs]));
    }

    thaw(): void {
        this.frozen = undefined;
    }

    outputs(stack: string): Record<string, unknown> {
        if (this.frozen) return this.frozen.get(stack) ?? {};
        return this.stacks.get(stack)?.outputs ?? {};
    }

    /** Custom resources in every stack's state (providers and StackReferences excluded). */
    resourceCount(): number {
        let n = 0;
        for (const state of this.stacks.values()) for (const r of [...state.resources.values(), ...state.pendingDeletes]) if (counts(r.type, r.custom)) n++;
        return n;
    }
}

/** Whether a resource counts as a cloud resource (not a component, provider or read). */
export function counts(type: string, custom: boolean): boolean {
    return custom && !type.startsWith("pulumi:");
}

export interface StepOutcome {
    operation: Operation;
    outcome: Outcome;
    message?: string;
    creates: { urn: string; type: string }[];
    updates: { urn: string; type: string; changed: string[] }[];
    replaces: { urn: string; type: string; changed: string[] }[];
    deletes: { urn: string; type: string }[];
    retained: { urn: string; type: string }[];
    /** Existing cloud objects the run adopted (`import`): no AWS change. */
    imports: { urn: string; type: string }[];
    same: number;
    sideEffects: SideEffect[];
    /** Stacks the run read through StackReferences. */
    reads: string[];
    /** The lifecycle rule that failed the step, if one did. */
    rule?: string;
    messages: { severity: string; message: string }[];
}

export interface StepOptions {
    definitionFile: string;
    definition: Definition;
    loadDefinition: (file: string) => LoadResult;
    cloud: Cloud;
    backend: StateBackend;
    stack: string;
    unit: string;
    config?: Record<string, string>;
    /** Replaces the program (tests run deliberately wrong programs through the same engine; never memoized). @default runLandingZone */
    program?: () => Promise<Record<string, unknown>>;
    /**
     * Where runs of the program are recorded and replayed (program-memo.ts); false runs the
     * program every time. @default the process's memo (off when LZ_REHEARSE_MEMO=0)
     */
    memo?: ProgramMemo | false;
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
/** The failure of a resource whose provider moved to another account (see the header). */
export const PROVIDER_CHANGES_ACCOUNT = "provider-changes-account";
const AWS_PROVIDER = "pulumi:providers:aws";

function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** Top-level inputs that differ, ignoring tags and the `ignoreChanges` paths. */
function changedInputs(old: Record<string, unknown>, next: Record<string, unknown>, ignore: string[]): string[] {
    const keys = new Set([...Object.keys(old), ...Object.keys(next)]);
    const ignored = new Set(["tags", "tagsAll", ...ignore.map((p) => p.split(/[.[]/)[0])]);
    return [...keys].filter((k) => !ignored.has(k) && !same(old[k] ?? null, next[k] ?? null)).sort();
}

function tagsChanged(old: Record<string, unknown>, next: Record<string, unknown>): boolean {
    return !same(old.tags ?? null, next.tags ?? null);
}

/** Whether a list input's change matches a conditional replacement (aws/lifecycle.ts ConditionalForceNew). */
function conditionHolds(when: ConditionalForceNew["when"], old: unknown, next: unknown): boolean {
    const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
    if (when === "emptiness-changes") return (list(old).length === 0) !== (list(next).length === 0);
    return list(next).length <= list(old).length;
}

/**
 * Whether changing `changed` replaces a resource of `type` (aws/lifecycle.ts replacements,
 * their conditional rules judged on the old and new inputs; unlisted types: any change).
 */
export function replacesOn(type: string, changed: string[], replaceOnChanges: string[], old: Record<string, unknown> = {}, next: Record<string, unknown> = {}): boolean {
    if (changed.some((c) => replaceOnChanges.includes(c) || replaceOnChanges.includes("*"))) return true;
    const rule = replacements[type];
    if (!rule) return changed.length > 0;
    if (rule.forceNew === "all") return changed.length > 0;
    if (changed.some((c) => (rule.forceNew as string[]).includes(c))) return true;
    return (rule.conditional ?? []).some(
        (c) => changed.includes(c.input) && (!c.onlyIf || next[c.onlyIf.input] === c.onlyIf.equals) && conditionHolds(c.when, old[c.input], next[c.input]),
    );
}

/** One run's view: the prior state, the registrations so far, what it did. */
class Step {
    readonly registered = new Map<string, StateResource>();
    readonly outcome: StepOutcome;
    /** Old objects of replaced resources, deleted after the run (create-before-delete). */
    readonly replacedOld: StateResource[] = [];
    failure?: LifecycleError;
    private pending = new Map<string, { record: PlannedResource; options: RegistrationOptions }[]>();
    private readonly providers = new Map<string, { account: string; region: string }>();

    constructor(
        readonly opts: StepOptions,
        readonly prior: StackState,
    ) {
        this.outcome = { operation: "up", outcome: "ok", creates: [], updates: [], replaces: [], deletes: [], retained: [], imports: [], same: 0, sideEffects: [], reads: [], messages: [] };
    }

    announce(record: PlannedResource, options: RegistrationOptions): void {
        const key = `${record.type}\u0000${record.name}`;
        this.pending.set(key, [...(this.pending.get(key) ?? []), { record, options }]);
    }

    take(type: string, name: string): { record: PlannedResource; options: RegistrationOptions } | undefined {
        const key = `${type}\u0000${name}`;
        const list = this.pending.get(key);
        const first = list?.shift();
        if (list && list.length === 0) this.pending.delete(key);
        return first;
    }

    private where(args: pulumi.runtime.MockResourceArgs, inputs: Record<string, unknown>): { account: string; region: string } {
        const providerName = args.provider?.split("::")[3];
        const p = providerName ? this.providers.get(providerName) : undefined;
        const region = typeof inputs.region === "string" ? inputs.region : (p?.region ?? this.opts.definition.region);
        return { account: p?.account ?? callerAccountId(this.opts.definition), region };
    }

    /** A custom resource (or provider, or component) registered by the program. */
    register(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        const announced = this.take(args.type, args.name);
        const inputs = JSON.parse(JSON.stringify(args.inputs ?? {})) as Record<string, unknown>;
        if (!announced) return { id: undefined, state: inputs }; // the stack itself
        const { record, options } = announced;
        const deps = [...new Set([...(record.parent ? [record.parent] : []), ...(record.provider ? [record.provider] : []), ...(record.dependsOn ?? []), ...Object.values(record.dependencies).flat()])];
        const old = this.prior.resources.get(record.urn);
        const base = { urn: record.urn, type: args.type, name: args.name, custom: args.custom === true, inputs, options, deps };

        if (args.type === AWS_PROVIDER) {
            let allowed: unknown = inputs.allowedAccountIds;
            if (typeof allowed === "string") allowed = JSON.parse(allowed);
            const account = Array.isArray(allowed) && typeof allowed[0] === "string" ? allowed[0] : callerAccountId(this.opts.definition);
            this.providers.set(args.name, { account, region: String(inputs.region ?? this.opts.definition.region) });
            const id = old?.id ?? `provider-${args.name}`;
            this.keep(base, id, inputs, old);
            return { id, state: inputs };
        }
        if (!base.custom) {
            this.keep(base, undefined, {}, old);
            return { id: undefined, state: {} };
        }

        const { account, region } = this.where(args, inputs);
        if (!old || !old.cloudKey) {
            const generation = this.opts.backend.nextGeneration(this.opts.stack, record.urn, old?.generation);
            if (options.importId) return this.adopt(base, account, region, generation, options.importId);
            return this.create(base, account, region, generation, "create");
        }
        if (old.account !== undefined && old.account !== account) {
            const err = new LifecycleError(
                PROVIDER_CHANGES_ACCOUNT,
                `${record.urn} lives in account ${old.account}, but its provider now deploys into account ${account}: Pulumi does not replace a resource whose provider changes account ` +
                    `(pulumi/pulumi pkg/resource/deploy/step_generator.go providerChanged: only when the new provider's DiffConfig asks; https://github.com/pulumi/pulumi-aws/issues/6385), ` +
                    `so it would stay in ${old.account}, managed with ${account}'s credentials. Move a stack's resources to another account by destroying the stack first, then deploying it again (npm run waves -- --from <earlier definition> does)`,
            );
            if (!this.failure) this.failure = err;
            throw err;
        }
        // Without a refresh the engine trusts its state: an object deleted behind its back
        // still counts as there.
        const changed = changedInputs(old.inputs, inputs, options.ignoreChanges);
        if (changed.length === 0) {
            if (tagsChanged(old.inputs, inputs)) {
                this.outcome.updates.push({ urn: record.urn, type: args.type, changed: ["tags"] });
                const outputs = { ...old.outputs, ...inputs };
                this.opts.cloud.update(old.cloudKey, outputs, []);
                this.registered.set(record.urn, { ...old, ...base, outputs, cloudKey: old.cloudKey, account, id: old.id, generation: old.generation });
                return { id: old.id, state: outputs };
            }
            this.outcome.same++;
            // Inputs kept (ignoreChanges) are the state's, as the engine keeps them.
            this.registered.set(record.urn, { ...old, ...base, inputs: old.inputs, outputs: old.outputs, cloudKey: old.cloudKey, account, id: old.id, generation: old.generation });
            return { id: old.id, state: old.outputs };
        }
        if (replacesOn(args.type, changed, options.replaceOnChanges, old.inputs, inputs)) {
            this.outcome.replaces.push({ urn: record.urn, type: args.type, changed });
            if (options.deleteBeforeReplace) {
                this.deleteNow(old);
            } else {
                this.replacedOld.push(old);
            }
            return this.create(base, account, region, this.opts.backend.nextGeneration(this.opts.stack, record.urn, old.generation), "replace");
        }
        // Update in place: same id, recomputed outputs; ignored inputs keep the state's values.
        for (const path of options.ignoreChanges) {
            const key = path.split(/[.[]/)[0];
            if (key in old.inputs) inputs[key] = old.inputs[key];
        }
        const seed = `${this.opts.stack}/${record.urn}/${old.generation}`;
        const outputs = { ...computedOutputs({ type: args.type, name: args.name, inputs, account, region, seed }, old.id!), ...inputs, id: old.id };
        this.opts.cloud.update(old.cloudKey, outputs, changed);
        this.outcome.updates.push({ urn: record.urn, type: args.type, changed });
        this.registered.set(record.urn, { ...base, id: old.id, outputs, cloudKey: old.cloudKey, account, generation: old.generation });
        return { id: old.id, state: outputs };
    }

    private keep(base: Omit<StateResource, "outputs" | "generation">, id: string | undefined, outputs: Record<string, unknown>, old: StateResource | undefined): void {
        this.registered.set(base.urn, { ...base, id, outputs, generation: old?.generation ?? 0 });
    }

    private create(base: Omit<StateResource, "outputs" | "generation">, account: string, region: string, generation: number, op: "create" | "replace"): { id: string; state: Record<string, unknown> } {
        const seed = `${this.opts.stack}/${base.urn}/${generation}`;
        const r = { type: base.type, name: base.name, inputs: base.inputs, account, region, seed };
        const id = physicalId(r);
        // What the program gave wins over what AWS computes (an event target's `arn` is its target's).
        const computed = computedOutputs(r, id);
        const outputs = { ...computed, ...base.inputs, id };
        const object: CloudObject = {
            key: seed,
            type: base.type,
            id,
            account,
            region,
            attrs: outputs,
            identifiers: identifiersOf(base.type, id, computed),
            stack: this.opts.stack,
            urn: base.urn,
        };
        for (const identifier of object.identifiers) this.opts.cloud.issue(identifier);
        try {
            this.opts.cloud.create(object);
        } catch (err) {
            if (err instanceof LifecycleError && !this.failure) this.failure = err;
            throw err;
        }
        if (op === "create") this.outcome.creates.push({ urn: base.urn, type: base.type });
        this.registered.set(base.urn, { ...base, id, outputs, cloudKey: object.key, account, generation });
        return { id, state: outputs };
    }

    /** Adopts an existing object (`import`): the engine reads it by `importId`; nothing is created. */
    private adopt(base: Omit<StateResource, "outputs" | "generation">, account: string, region: string, generation: number, importId: string): { id: string; state: Record<string, unknown> } {
        const seed = `${this.opts.stack}/${base.urn}/${generation}`;
        const outputs = { ...base.inputs, id: importId };
        const object: CloudObject = { key: seed, type: base.type, id: importId, account, region, attrs: outputs, identifiers: identifiersOf(base.type, importId, {}), stack: this.opts.stack, urn: base.urn };
        try {
            this.opts.cloud.adopt(object);
        } catch (err) {
            if (err instanceof LifecycleError && !this.failure) this.failure = err;
            throw err;
        }
        this.outcome.imports.push({ urn: base.urn, type: base.type });
        this.registered.set(base.urn, { ...base, id: importId, outputs, cloudKey: object.key, account, generation });
        return { id: importId, state: outputs };
    }

    /** Forgets a resource whose `deletedWith` resource is deleted too: the engine skips its delete. */
    deleteWith(r: StateResource): void {
        if (!counts(r.type, r.custom) || !r.cloudKey) return;
        this.opts.cloud.vanish(r.cloudKey);
    }

    /** Deletes one resource's object now (replace with deleteBeforeReplace, or the delete phase). */
    deleteNow(r: StateResource): void {
        if (!counts(r.type, r.custom) || !r.cloudKey) return;
        if (r.options.retainOnDelete) {
            this.opts.cloud.retain(r.cloudKey);
            this.outcome.retained.push({ urn: r.urn, type: r.type });
            return;
        }
        if (r.options.protect) {
            throw new LifecycleError("pulumi-protect", `${r.urn} is protected: Pulumi refuses to delete it (resource option protect)`, true);
        }
        try {
            this.outcome.sideEffects.push(...this.opts.cloud.delete(r.cloudKey));
        } catch (err) {
            if (err instanceof LifecycleError && !this.failure) this.failure = err;
            throw err;
        }
    }

    /** A StackReference: the referenced stack's last outputs. */
    read(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        this.take(args.type, args.name);
        const name = String(args.inputs.name ?? args.id ?? args.name);
        const unit = unitOfStackName(name, this.opts.definition.environment);
        const stack = unit !== undefined ? `${this.opts.definition.environment}-${unit}` : name;
        this.outcome.reads.push(stack);
        // The SDK serializes the state it is given; the backend's outputs are never changed in place.
        return { id: name, state: { name, outputs: this.opts.backend.outputs(stack), secretOutputNames: [] } };
    }
}

/** The mock runtime's view of the rehearsal: data sources as the plan answers them, resources through the step. */
class RehearsalMocks implements pulumi.runtime.Mocks {
    announce(record: PlannedResource, options: RegistrationOptions): void {
        this.step.announce(record, options);
    }

    private readonly data: LandingZoneMocks;

    constructor(private readonly step: Step) {
        this.data = new LandingZoneMocks({ definition: step.opts.definition, preview: false });
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        return this.data.call(args);
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        if (args.type === STACK_REFERENCE) return this.step.read(args);
        return this.step.register(args);
    }
}

/** Deletes `doomed` dependents first; stops at the first refusal. Returns the resources left undeleted. */
function deleteInOrder(step: Step, doomed: StateResource[]): StateResource[] {
    const urns = new Set(doomed.map((r) => r.urn));
    const dependents = new Map<string, number>();
    for (const r of doomed) for (const d of r.deps) if (urns.has(d)) dependents.set(d, (dependents.get(d) ?? 0) + 1);
    const byUrn = new Map<string, StateResource[]>();
    for (const r of doomed) byUrn.set(r.urn, [...(byUrn.get(r.urn) ?? []), r]);
    // Latest registered first among equals, as the engine walks the state backwards.
    const ready = doomed.filter((r) => !dependents.get(r.urn)).reverse();
    const done = new Set<StateResource>();
    while (ready.length > 0) {
        const r = ready.shift()!;
        if (done.has(r)) continue;
        try {
            // `deletedWith`: the engine skips the delete of a resource whose named resource is
            // deleted in the same operation (https://www.pulumi.com/docs/iac/concepts/options/deletedwith/).
            if (r.options.deletedWith && urns.has(r.options.deletedWith)) step.deleteWith(r);
            else step.deleteNow(r);
        } catch (err) {
            const e = err as LifecycleError;
            step.outcome.outcome = e.blocksDelete ? "blocked" : "failed";
            step.outcome.message = e.message;
            step.outcome.rule = e.rule;
            return doomed.filter((x) => !done.has(x));
        }
        done.add(r);
        if (counts(r.type, r.custom) && !r.options.retainOnDelete) step.outcome.deletes.push({ urn: r.urn, type: r.type });
        for (const d of r.deps) {
            if (!urns.has(d)) continue;
            const left = (dependents.get(d) ?? 0) - 1;
            dependents.set(d, left);
            if (left === 0) for (const x of byUrn.get(d) ?? []) ready.push(x);
        }
    }
    const left = doomed.filter((x) => !done.has(x));
    if (left.length > 0) {
        step.outcome.outcome = "failed";
        step.outcome.message = `cannot order the deletion of ${left.map((x) => x.urn).join(", ")}: they depend on each other`;
    }
    return left;
}

let sharedMemo: ProgramMemo | undefined;

/** The process's program memo (program-memo.ts); false when `LZ_REHEARSE_MEMO=0`. */
function defaultMemo(): ProgramMemo | false {
    if (process.env.LZ_REHEARSE_MEMO === "0") return false;
    return (sharedMemo ??= new ProgramMemo());
}

/** The process's program memo, for tests and the benchmark (undefined when it is off). */
export function programMemo(): ProgramMemo | undefined {
    return defaultMemo() || undefined;
}

/** The memo key of a run of the landing-zone program (undefined: not memoized — the definition does not load). */
function keyOf(opts: StepOptions, config: Record<string, string>): string | undefined {
    let definition: LoadResult;
    try {
        definition = opts.loadDefinition(opts.definitionFile);
    } catch {
        return undefined;
    }
    // The file's name only reaches messages (program-memo.ts); any other config is the key's.
    const { [DEFINITION_CONFIG]: file, ...rest } = config;
    return memoKey({ definition, unit: opts.unit, stack: opts.stack, config: file === opts.definitionFile ? rest : config });
}

const DEFINITION_CONFIG = "landing-zone:definition";

/** Runs `pulumi up` of one stack. */
export async function up(opts: StepOptions): Promise<StepOutcome> {
    const prior = opts.backend.get(opts.stack);
    const step = new Step(opts, prior);
    const environment = opts.definition.environment;
    const config: Record<string, string> = {
        "landing-zone:environment": environment,
        "landing-zone:unit": opts.unit,
        [DEFINITION_CONFIG]: opts.definitionFile,
        ...opts.config,
    };
    const engine = new RehearsalMocks(step);
    const program = opts.program ?? (() => runLandingZone({ environment, unit: opts.unit, definitionFile: opts.definitionFile, loadDefinition: opts.loadDefinition }));
    const memo = opts.memo === undefined ? defaultMemo() : opts.memo;
    const end = await (memo || new ProgramMemo()).run(memo && !opts.program ? keyOf(opts, config) : undefined, opts.definitionFile, engine, async (mocks, onRegistration) => {
        try {
            const run = await runUnderMocks(program, {
                mocks,
                stack: opts.stack,
                preview: false,
                config,
                beforeRun: resetStackReferences,
                afterRun: resetStackReferences,
                onRegistration,
                recordValues: false,
            });
            return { ok: true, messages: run.messages, stackOutputs: run.stackOutputs ?? {} };
        } catch (err) {
            return { ok: false, message: cleanMessage(err) };
        }
    });
    let stackOutputs: Record<string, unknown> | undefined;
    if (end.ok) {
        step.outcome.messages = end.messages;
        stackOutputs = end.stackOutputs;
    } else {
        step.outcome.outcome = "failed";
        step.outcome.message = step.failure?.message ?? end.message;
        step.outcome.rule = step.failure?.rule;
    }
    const state = opts.backend.get(opts.stack);
    if (step.outcome.outcome === "failed") {
        // Nothing the program stopped declaring is deleted; what it created is kept, and the
        // old objects of what it replaced stay as pending deletes; the outputs are taken as
        // lost (pessimistic).
        for (const [urn, r] of step.registered) state.resources.set(urn, r);
        state.pendingDeletes = [...state.pendingDeletes, ...step.replacedOld];
        state.outputs = {};
        return step.outcome;
    }
    const doomed = [...prior.resources.values()].filter((r) => !step.registered.has(r.urn));
    const left = deleteInOrder(step, [...prior.pendingDeletes, ...step.replacedOld, ...doomed]);
    const next = new Map(step.registered);
    const pending: StateResource[] = [];
    for (const r of left) {
        if (prior.pendingDeletes.includes(r) || step.replacedOld.includes(r) || next.has(r.urn)) pending.push(r);
        else next.set(r.urn, r);
    }
    state.resources = next;
    state.pendingDeletes = pending;
    state.outputs = step.outcome.outcome === "ok" ? (stackOutputs ?? {}) : {};
    return step.outcome;
}

/** Runs `pulumi destroy` of one stack. */
export function destroy(opts: StepOptions): StepOutcome {
    const state = opts.backend.get(opts.stack);
    const step = new Step(opts, state);
    step.outcome.operation = "destroy";
    const left = deleteInOrder(step, [...state.pendingDeletes, ...state.resources.values()]);
    state.resources = new Map(left.filter((r) => !state.pendingDeletes.includes(r)).map((r) => [r.urn, r]));
    state.pendingDeletes = left.filter((r) => state.pendingDeletes.includes(r));
    state.outputs = {};
    if (left.length === 0) opts.backend.stacks.delete(opts.stack);
    return step.outcome;
}
