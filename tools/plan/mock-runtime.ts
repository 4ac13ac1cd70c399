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
}

const noOptions: RegistrationOptions = { protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], replaceOnChanges: [] };

function optionsOf(req: RegisterRequest): RegistrationOptions {
    return {
        protect: req.getProtect(),
        retainOnDelete: req.getRetainondelete(),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
    };
}

/** Called for every registration (not the stack) before the mocks see it. */
export type OnRegistration = (record: PlannedResource, options: RegistrationOptions) => void;

/** The mock monitor's request/response objects we read (generated protobuf classes). */
interface StructLike {
    toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): StructLike | undefined;
    getProvider(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getReplaceonchangesList(): string[];
}
interface ReadRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProperties(): StructLike | undefined;
    getProvider(): string;
    getDependenciesList(): string[];
}
interface OutputsRequest {
    getUrn(): string;
    getOutputs(): StructLike | undefined;
}
type Callback = (err: unknown, response: any) => void;
interface MockMonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: RegisterRequest, cb: Callback): Promise<void>;
    readResource(req: ReadRequest, cb: Callback): Promise<void>;
    registerResourceOutputs(req: OutputsRequest, cb: Callback): void;
}

// Internal SDK entry points (exported from runtime/settings but marked @internal).
const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): unknown; waitForRPCs(): Promise<void> };
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T> };
const sdkState = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };

/**
 * The SDK wraps each of its internal promises (several per resource) in
 * `debuggablePromise`, which attaches three non-enumerable properties with
 * `Object.defineProperty` (a captured stack trace among them) for the leak report printed
 * at exit. Profiles of large plans put it among the top costs: the property definitions
 * turn every promise into a slow dictionary-mode object. This version keeps what changes
 * behaviour — the leak candidates set the exit check reads, and `err.promise` — and drops
 * only the debug decorations.
 */
function leanDebuggablePromise<T>(p: Promise<T>, _ctx: unknown): Promise<T> {
    const candidates = sdkState.getStore().leakCandidates;
    candidates.add(p);
    return p.then(
        (value) => {
            candidates.delete(p);
            return value;
        },
        (err) => {
            candidates.delete(p);
            if (err !== null && typeof err === "object") (err as { promise?: unknown }).promise = p;
            throw err;
        },
    );
}

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
function recordRegistrations(monitor: MockMonitorLike, onRegistration?: OnRegistration): {
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
            inputs: fromWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
            dependencies,
            provider: providerUrn(req.getProvider()),
            dependsOn: req.getDependenciesList(),
        };
        // The engine refuses a second resource with the same URN; so does the plan.
        if (byUrn.has(urn)) duplicates.push(urn);
        resources.push(record);
        byUrn.set(urn, record);
        onRegistration?.(record, optionsOf(req));
        return register(req, (err, response) => {
            if (!err && response && record.custom) {
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
            inputs: fromWire(req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
            dependencies: {},
            provider: providerUrn(req.getProvider()),
            read: true,
            dependsOn: req.getDependenciesList(),
        };
        if (byUrn.has(urn)) duplicates.push(urn);
        resources.push(record);
        byUrn.set(urn, record);
        onRegistration?.(record, noOptions);
        return read(req, (err, response) => {
            if (!err && response) record.outputs = fromWire(response.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
            cb(err, response);
        });
    };

    monitor.registerResourceOutputs = (req, cb) => {
        if (stackUrn !== undefined && req.getUrn() === stackUrn) stackOutputs = fromWire(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        const record = byUrn.get(req.getUrn());
        if (record && !record.custom) record.outputs = fromWire(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
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

const runtimePrefixes: [string, PlanMessage["severity"]][] = [
    ["info: [runtime] ", "info"],
    ["warning: [runtime] ", "warning"],
    ["error: [runtime] ", "error"],
];

/**
 * While the program runs without an engine, the SDK prints `pulumi.log.*` messages
 * on the console; collect them as the plan's messages instead.
 */
function captureLogs(messages: PlanMessage[]): () => void {
    const original = { log: console.log, warn: console.warn, error: console.error };
    const intercept =
        (fallback: (...args: unknown[]) => void) =>
        (...args: unknown[]): void => {
            if (args.length === 1 && typeof args[0] === "string") {
                for (const [prefix, severity] of runtimePrefixes) {
                    if (args[0].startsWith(prefix)) {
                        messages.push({ severity, message: args[0].slice(prefix.length) });
                        return;
                    }
                }
            }
            fallback(...args);
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
        /** Sees every registration, with its URN and resource options, before the mocks do. */
        onRegistration?: OnRegistration;
    },
): Promise<MockRun> {
    return serialized(async () => {
        const stackTraceLimit = Error.stackTraceLimit;
        // The SDK captures a stack trace for every internal promise; planning does not need them.
        Error.stackTraceLimit = 0;
        // It also walks the whole call stack of every resource (limit lifted to Infinity, mapped
        // through source maps) to send the engine a source position, which the plan never shows.
        const resourceClass = pulumi.Resource as unknown as { callsites(): unknown[] };
        const callsites = resourceClass.callsites;
        resourceClass.callsites = () => [];
        const debuggablePromise = debuggable.debuggablePromise;
        debuggable.debuggablePromise = leanDebuggablePromise;
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
            const recorder = recordRegistrations(settings.getMonitor() as MockMonitorLike, options.onRegistration);
            let failure: unknown;
            try {
                await pulumi.runtime.runInPulumiStack(async () => (await program()) ?? {});
            } catch (err) {
                failure = err;
            }
            await settings.waitForRPCs().catch((err) => stray.push(err));
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
            resourceClass.callsites = callsites;
            debuggable.debuggablePromise = debuggablePromise;
            Error.stackTraceLimit = stackTraceLimit;
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
