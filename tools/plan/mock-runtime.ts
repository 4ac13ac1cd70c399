/**
 * Runs a Pulumi program in this process under the SDK's mock runtime and records every
 * resource it registers, with the property dependencies the SDK sends to the engine (so
 * the graph can be followed while ids are still unknown). Knows nothing of the
 * landing-zone program: `run.ts` drives it for the offline plan, tests drive it with
 * small fixture programs.
 *
 * The Pulumi SDK keeps its runtime state in process globals, so runs in one process go
 * one after the other (calls are queued); each run resets that state (`setMocks`) and
 * the config, so many runs can share a process.
 */
import * as pulumi from "@pulumi/pulumi";
import { PlanError } from "./errors";
import { PlannedResource } from "../../analysis/plan-records";
import { PlanMessage, PlanResult } from "./model";
import { MockMonitor, mockMonitor, planTimeSettings, RegisterRequest, runtimeLogLine, waitForRPCs } from "./sdk-internals";
import { fromWire } from "./wire";

export { PlanError } from "./errors";

export const PROJECT = "landing-zone";
/** Organization the mock runtime reports (the DIY backends' literal organization name). */
export const ORGANIZATION = "organization";

/** What running a program under the mocks produced. */
export interface MockRun {
    resources: PlannedResource[];
    messages: PlanMessage[];
    stackUrn?: string;
    /** The stack's outputs, as the program registered them (plain values). */
    stackOutputs?: Record<string, unknown>;
}

/** The resource options of a registration that decide what the engine does with it. */
export interface RegistrationOptions {
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    /** `import`: the id of an existing cloud resource this registration adopts ("" when none). */
    importId: string;
    /** `deletedWith`: the URN of the resource whose deletion deletes this one ("" when none). */
    deletedWith: string;
}

const noOptions: RegistrationOptions = { protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], replaceOnChanges: [], importId: "", deletedWith: "" };

function optionsOf(req: RegisterRequest): RegistrationOptions {
    return {
        protect: req.getProtect(),
        retainOnDelete: req.getRetainondelete(),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        importId: req.getImportid(),
        deletedWith: req.getDeletedwith(),
    };
}

/**
 * Called for every registration and read (not the stack), in program order, before the
 * mocks see it: the record (URN, inputs; `read` for reads), its resource options, and what
 * the engine would send the policy pack's Analyze at that moment besides — its provider
 * and its parent (the stack for top-level resources).
 */
export type OnRegistration = (record: PlannedResource, options: RegistrationOptions, context: { provider: PlannedResource | undefined; parent: string | undefined }) => void;

const STACK_TYPE = "pulumi:pulumi:Stack";

function providerUrn(ref: string): string | undefined {
    if (!ref) return undefined;
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

/**
 * Wraps the mock monitor so every registration is recorded, in program order.
 * `onRegistration` sees each one (URN and resource options) before the mocks'
 * `newResource` does: the mocks' arguments carry neither.
 */
function recordRegistrations(monitor: MockMonitor, onRegistration?: OnRegistration, values = true): {
    resources: PlannedResource[];
    byUrn: Map<string, PlannedResource>;
    stackUrn(): string | undefined;
    stackOutputs(): Record<string, unknown> | undefined;
    duplicates: string[];
} {
    const resources: PlannedResource[] = [];
    const duplicates: string[] = [];
    const byUrn = new Map<string, PlannedResource>();
    let stackUrn: string | undefined;
    let stackOutputs: Record<string, unknown> | undefined;
    const register = monitor.registerResource.bind(monitor);
    const read = monitor.readResource.bind(monitor);
    const outputs = monitor.registerResourceOutputs.bind(monitor);

    monitor.registerResource = (req, cb) => {
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent() || undefined;
        const urn = monitor.newUrn(req.getParent(), type, name);
        if (type === STACK_TYPE && !parent) {
            stackUrn = urn;
            return register(req, cb);
        }
        const dependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps, key) => {
            const urns = deps.getUrnsList();
            if (urns.length > 0) dependencies[key] = [...urns];
        });
        const record: PlannedResource = {
            urn,
            type,
            name,
            parent: parent === stackUrn ? undefined : parent,
            custom: req.getCustom(),
            inputs: values ? (fromWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>) : {},
            dependencies,
            provider: providerUrn(req.getProvider()),
            dependsOn: req.getDependenciesList(),
        };
        // The engine refuses a second resource with the same URN; so does the plan.
        if (byUrn.has(urn)) duplicates.push(urn);
        resources.push(record);
        byUrn.set(urn, record);
        onRegistration?.(record, optionsOf(req), { provider: record.provider ? byUrn.get(record.provider) : undefined, parent: record.parent ?? stackUrn });
        return register(req, (err, response) => {
            if (values && !err && response && record.custom) {
                record.outputs = fromWire(response.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
            }
            cb(err, response);
        });
    };

    monitor.readResource = (req, cb) => {
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent() || undefined;
        const urn = monitor.newUrn(req.getParent(), type, name);
        const record: PlannedResource = {
            urn,
            type,
            name,
            parent: parent === stackUrn ? undefined : parent,
            custom: true,
            inputs: values ? (fromWire(req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>) : {},
            dependencies: {},
            provider: providerUrn(req.getProvider()),
            read: true,
            dependsOn: req.getDependenciesList(),
        };
        if (byUrn.has(urn)) duplicates.push(urn);
        resources.push(record);
        byUrn.set(urn, record);
        onRegistration?.(record, noOptions, { provider: record.provider ? byUrn.get(record.provider) : undefined, parent: record.parent ?? stackUrn });
        return read(req, (err, response) => {
            if (values && !err && response) record.outputs = fromWire(response.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
            cb(err, response);
        });
    };

    monitor.registerResourceOutputs = (req, cb) => {
        if (stackUrn !== undefined && req.getUrn() === stackUrn) stackOutputs = fromWire(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        const record = byUrn.get(req.getUrn());
        if (values && record && !record.custom) record.outputs = fromWire(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        return outputs(req, cb);
    };

    return { resources, byUrn, stackUrn: () => stackUrn, stackOutputs: () => stackOutputs, duplicates };
}

/** Turns whatever the program threw into a clean message (no stack trace). */
export function cleanMessage(err: unknown): string {
    if (pulumi.RunError.isInstance(err)) return err.message;
    if (pulumi.ResourceError.isInstance(err)) return err.message;
    if (err instanceof Error) return process.env.LZ_PLAN_DEBUG ? String(err.stack ?? err.message) : err.message;
    return String(err);
}

/**
 * While the program runs without an engine, the SDK prints `pulumi.log.*` messages
 * on the console; collect them as the plan's messages instead.
 */
function captureLogs(messages: PlanMessage[]): () => void {
    const original = { log: console.log, warn: console.warn, error: console.error };
    const intercept =
        (fallback: (...args: unknown[]) => void) =>
        (...args: unknown[]): void => {
            const line = runtimeLogLine(args);
            if (line) messages.push(line);
            else fallback(...args);
        };
    console.log = intercept(original.log);
    console.warn = intercept(original.warn);
    console.error = intercept(original.error);
    return () => Object.assign(console, original);
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every earlier plan of this process has finished (the SDK's state is global). */
function serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
}

/**
 * Runs `program` as the body of a stack under the mock runtime and records what it
 * registers. Throws a PlanError (clean message) when the program fails.
 */
export function runUnderMocks(
    program: () => Promise<Record<string, unknown> | void>,
    options: {
        mocks: pulumi.runtime.Mocks;
        stack: string;
        /** Preview semantics (computed outputs unknown). @default true */
        preview?: boolean;
        /** The stack's config (replaces any earlier run's). */
        config?: Record<string, string>;
        /** Resets module state of the program before it runs. */
        beforeRun?: () => void;
        /** Clears module state of the program after it ran. */
        afterRun?: () => void;
        /** Sees every registration, with its URN and resource options, before the mocks do (and the pack's Analyze would). */
        onRegistration?: OnRegistration;
        /**
         * Whether the records carry the inputs and outputs as the engine would see them
         * (converted from the wire for each resource). The rehearsal reads inputs and
         * outputs from the mocks' arguments and answers instead, and turns this off.
         * @default true
         */
        recordValues?: boolean;
    },
): Promise<MockRun> {
    return serialized(async () => {
        // Stack traces, call sites and promise decorations are debugging aids the plan never
        // shows, and among the largest costs per resource (sdk-internals.ts).
        const restoreSettings = planTimeSettings();
        const messages: PlanMessage[] = [];
        const stray: unknown[] = [];
        const onStray = (err: unknown): void => {
            stray.push(err);
        };
        process.on("unhandledRejection", onStray);
        process.on("uncaughtException", onStray);
        const restoreConsole = captureLogs(messages);
        try {
            await pulumi.runtime.setMocks(options.mocks, PROJECT, options.stack, options.preview ?? true, ORGANIZATION);
            pulumi.runtime.setAllConfig(options.config ?? {}, []);
            options.beforeRun?.();
            const recorder = recordRegistrations(mockMonitor(), options.onRegistration, options.recordValues ?? true);
            let failure: unknown;
            try {
                await pulumi.runtime.runInPulumiStack(async () => (await program()) ?? {});
            } catch (err) {
                failure = err;
            }
            await waitForRPCs().catch((err) => stray.push(err));
            // Let rejections of outputs nobody awaited surface before deciding.
            await new Promise((resolve) => setImmediate(resolve));
            if (failure === undefined && stray.length > 0) failure = stray[0];
            if (failure === undefined && recorder.duplicates.length > 0) {
                failure = new pulumi.RunError(
                    recorder.duplicates.map((urn) => `Duplicate resource URN '${urn}'; try giving it a unique name`).join("\n"),
                );
            }
            if (failure !== undefined) throw new PlanError(cleanMessage(failure), "program");
            return { resources: recorder.resources, messages, stackUrn: recorder.stackUrn(), stackOutputs: recorder.stackOutputs() };
        } finally {
            restoreConsole();
            process.off("unhandledRejection", onStray);
            process.off("uncaughtException", onStray);
            options.afterRun?.();
            restoreSettings();
        }
    });
}

/**
 * Counts the resources the stack would create, by type token. Reads (StackReferences)
 * are listed in the plan, as `pulumi preview` shows them, but create nothing.
 */
export function summarize(resources: PlannedResource[]): PlanResult["summary"] {
    const byType: Record<string, number> = {};
    let count = 0;
    for (const r of resources) {
        if (r.read) continue;
        count++;
        byType[r.type] = (byType[r.type] ?? 0) + 1;
    }
    return { resources: count, byType };
}
