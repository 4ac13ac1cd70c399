/**
 * Everything the tools do with `@pulumi/pulumi` (and `@pulumi/policy`) beyond their public
 * API, in one place. (The policy pack publishes alone and keeps its own seam inside the pack.)
 *
 * The offline plan runs a Pulumi program under the SDK's mock runtime and drives a policy
 * pack as the Pulumi CLI does. For that it needs a few things the SDK does not export as
 * API: the mock monitor (to record registrations), the generated protobuf classes of the
 * engine's protocols, the policy-pack launcher the CLI runs, and — for speed only —
 * switches that turn off debugging aids the plan never shows and defer loading modules a
 * plan never uses. The pack benchmark also calls `@pulumi/policy`'s request handlers in
 * process. Each is a hook below; each names the SDK version it was read against
 * (`HOOKS`), and `test/plan/sdk-internals.test.ts` (and, for the hooks that act while
 * modules load, `sdk-internals.process.test.ts`) fails when a hook is no longer in effect
 * (a rename, a moved module, a call the SDK no longer makes through the export we
 * replace) — they assert the effect, not the presence. The speed hooks change no result:
 * every test of the plan runs with them.
 *
 * On an SDK upgrade: run those tests; where one fails, read the SDK's new code, adapt the
 * hook, and set its `checkedWith` to the new version (a test also fails until every hook
 * names the installed version, so none is forgotten).
 *
 * Modules are required on first use, not when this file loads: starting the policy pack
 * needs the protocol classes long before the plan needs the runtime.
 */
import Module = require("module");
import * as path from "path";

/** A hook into an SDK: what it reaches, in which package, and the version it was checked against. */
export interface Hook {
    package: "@pulumi/pulumi" | "@pulumi/policy";
    reaches: string;
    checkedWith: string;
}

/** Every hook of this seam. */
export const HOOKS = {
    mockMonitor: { package: "@pulumi/pulumi", reaches: "runtime/settings getMonitor()", checkedWith: "3.270.0" },
    waitForRPCs: { package: "@pulumi/pulumi", reaches: "runtime/settings waitForRPCs()", checkedWith: "3.270.0" },
    leanPromises: { package: "@pulumi/pulumi", reaches: "runtime/debuggable debuggablePromise (replaced), runtime/state getStore().leakCandidates", checkedWith: "3.270.0" },
    noCallsites: { package: "@pulumi/pulumi", reaches: "Resource.callsites (replaced)", checkedWith: "3.270.0" },
    noStackTraces: { package: "@pulumi/pulumi", reaches: "Error.stackTraceLimit while the SDK captures stacks", checkedWith: "3.270.0" },
    deferUnusedSdkModules: {
        package: "@pulumi/pulumi",
        reaches: "index.js's automation/ and provider/; runtime/closure's typescript-shim.js, @npmcli/arborist, normalize-package-data; runtime/settings' @opentelemetry/api; runtime/manifest's js-yaml (require cache)",
        checkedWith: "3.270.0",
    },
    deferLauncherTypeScript: {
        package: "@pulumi/pulumi",
        reaches: "cmd/run-policy-pack/run.js and tsutils.js: require('typescript').version, require('ts-node').VERSION and .register() (require cache)",
        checkedWith: "3.270.0",
    },
    runtimeLog: { package: "@pulumi/pulumi", reaches: "log/index: `<severity>: [runtime] ` console lines without an engine", checkedWith: "3.270.0" },
    protocol: { package: "@pulumi/pulumi", reaches: "proto/analyzer_pb, proto/analyzer_grpc_pb, proto/engine_pb, proto/engine_grpc_pb and the google-protobuf copy they were generated with", checkedWith: "3.270.0" },
    policyPackLauncher: { package: "@pulumi/pulumi", reaches: "cmd/run-policy-pack (what the CLI runs for a Node.js pack)", checkedWith: "3.270.0" },
    policyInProcess: {
        package: "@pulumi/policy",
        reaches: "server makeAnalyzeRpcFun/makeAnalyzeStackRpcFun, deserialize deserializeProperties, proxy unknownCheckingProxy, policy getPulumiType",
        checkedWith: "1.21.0",
    },
} satisfies Record<string, Hook>;

/** The installed version of `@pulumi/pulumi`, or of `pkg`. */
export function installedVersion(pkg: Hook["package"] = "@pulumi/pulumi"): string {
    // (@pulumi/policy's package.json spells its version with a leading "v".)
    return (require(`${pkg}/package.json`) as { version: string }).version.replace(/^v/, "");
}

// ---- the mock monitor ---------------------------------------------------------------------

/** A protobuf Struct as the generated classes give it. */
export interface StructLike {
    toJavaScript(): Record<string, unknown>;
}
/** The RegisterResourceRequest fields the plan reads (generated class of pulumi/resource.proto). */
export interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): StructLike | undefined;
    getProvider(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    getSourceposition(): { getUri(): string; getLine(): number } | undefined;
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getDeletebeforereplace(): boolean;
    /** The `import` option's id ("" when none). */
    getImportid(): string;
    /** The `deletedWith` option's URN ("" when none). */
    getDeletedwith(): string;
    getIgnorechangesList(): string[];
    getReplaceonchangesList(): string[];
}
/** The ReadResourceRequest fields the plan reads. */
export interface ReadRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProperties(): StructLike | undefined;
    getProvider(): string;
    getDependenciesList(): string[];
}
/** The RegisterResourceOutputsRequest fields the plan reads. */
export interface OutputsRequest {
    getUrn(): string;
    getOutputs(): StructLike | undefined;
}
export type MonitorCallback = (err: unknown, response: any) => void;
/** The SDK's MockMonitor (runtime/mocks), whose methods the plan wraps to record registrations. */
export interface MockMonitor {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: RegisterRequest, cb: MonitorCallback): Promise<void>;
    readResource(req: ReadRequest, cb: MonitorCallback): Promise<void>;
    registerResourceOutputs(req: OutputsRequest, cb: MonitorCallback): void;
}

interface Settings {
    getMonitor(): unknown;
    waitForRPCs(): Promise<void>;
}
const settings = (): Settings => require("@pulumi/pulumi/runtime/settings") as Settings;

/**
 * The monitor `pulumi.runtime.setMocks` installed: every registration of the program goes
 * through its methods. Hook `mockMonitor`.
 */
export function mockMonitor(): MockMonitor {
    const monitor = settings().getMonitor() as Partial<MockMonitor> | undefined;
    if (!monitor || typeof monitor.registerResource !== "function" || typeof monitor.newUrn !== "function") {
        throw new Error(`@pulumi/pulumi ${installedVersion()}: runtime/settings getMonitor() is not the mock monitor this plan was written against (${HOOKS.mockMonitor.checkedWith}); see tools/plan/sdk-internals.ts`);
    }
    return monitor as MockMonitor;
}

/** Resolves once every registration the program started has reached the monitor. Hook `waitForRPCs`. */
export function waitForRPCs(): Promise<void> {
    return settings().waitForRPCs();
}

// ---- speed: debugging aids the plan never shows --------------------------------------------

interface Debuggable {
    debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
}
interface State {
    getStore(): { leakCandidates: Set<Promise<unknown>> };
}

/**
 * The SDK wraps each of its internal promises (several per resource) in
 * `debuggablePromise`, which attaches three non-enumerable properties with
 * `Object.defineProperty` (a captured stack trace among them) for the leak report printed
 * at exit. Profiles of large plans put it among the top costs: the property definitions
 * turn every promise into a slow dictionary-mode object. This version keeps what changes
 * behaviour — the leak-candidate set the exit check reads, and `err.promise` — and drops
 * only the debug decorations.
 */
function leanDebuggablePromise(state: State): Debuggable["debuggablePromise"] {
    return <T>(p: Promise<T>, _ctx: unknown): Promise<T> => {
        const candidates = state.getStore().leakCandidates;
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
    };
}

/**
 * Replaces the SDK's `debuggablePromise` (its modules call it through the module's export,
 * so replacing the export reaches every call) with the lean version above. Hook
 * `leanPromises`. Returns the undo.
 */
export function leanPromises(): () => void {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
    const original = debuggable.debuggablePromise;
    debuggable.debuggablePromise = leanDebuggablePromise(require("@pulumi/pulumi/runtime/state") as State);
    return () => {
        debuggable.debuggablePromise = original;
    };
}

/**
 * For every resource the SDK walks the whole call stack (limit lifted to Infinity, frames
 * mapped through source maps) to send the engine a source position, which the plan never
 * shows. Replaces `Resource.callsites` with "no frames": registrations carry no source
 * position. Hook `noCallsites`. Returns the undo.
 */
export function noCallsites(): () => void {
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const resourceClass = pulumi.Resource as unknown as { callsites(): unknown[] };
    const original = resourceClass.callsites;
    resourceClass.callsites = () => [];
    return () => {
        resourceClass.callsites = original;
    };
}

/**
 * The SDK captures a stack trace (`new Error().stack`) for each internal promise and
 * resource; planning needs none. Sets `Error.stackTraceLimit` to 0. Hook `noStackTraces`.
 * Returns the undo.
 */
export function noStackTraces(): () => void {
    const original = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    return () => {
        Error.stackTraceLimit = original;
    };
}

/** All three speed hooks at once (for one plan run); returns the undo of all three. */
export function planTimeSettings(): () => void {
    const undo = [noStackTraces(), noCallsites(), leanPromises()];
    return () => {
        for (const u of undo.reverse()) u();
    };
}

// ---- speed: loading only what a plan uses ----------------------------------------------------

/**
 * Puts a stand-in for `file` in the require cache: the first time anything reads a property
 * of it that `known` does not answer, the real module is loaded (and replaces the stand-in
 * in the cache) and the read is answered from it. Nothing is deferred if the module is
 * already loaded. Returns the loader of the real module.
 */
function deferModule(file: string, known: Record<string, unknown> = {}, callable = false): () => Record<PropertyKey, unknown> {
    let real: Record<PropertyKey, unknown> | undefined;
    const load = (): Record<PropertyKey, unknown> => {
        if (!real) {
            if ((require.cache[file] as { exports?: unknown } | undefined)?.exports === exports) delete require.cache[file];
            real = require(file) as Record<PropertyKey, unknown>;
        }
        return real;
    };
    // A module that is a function (`module.exports = fn`) gets a callable stand-in; an arrow
    // function has no non-configurable own properties a proxy would have to report.
    const target = callable ? () => undefined : {};
    const exports: Record<PropertyKey, unknown> = new Proxy(
        target as Record<PropertyKey, unknown>,
        {
            apply: (_target, self, args) => Reflect.apply(load() as unknown as (...a: unknown[]) => unknown, self, args),
            get: (_target, key) => {
                if (typeof key === "string" && Object.prototype.hasOwnProperty.call(known, key)) return known[key];
                // `__esModule` without loading: TypeScript's `__importStar` then keeps the stand-in
                // instead of copying every export; a function module says no, so `__importDefault`
                // wraps it as `{ default: stand-in }` and calls it.
                return key === "__esModule" ? !callable : Reflect.get(load(), key);
            },
            has: (_target, key) => key in load(),
            set: (_target, key, value) => Reflect.set(load(), key, value),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_target, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
                return descriptor && { ...descriptor, configurable: true };
            },
        },
    );
    if (require.cache[file]) return () => require(file) as Record<PropertyKey, unknown>;
    const stand = new Module(file);
    stand.filename = file;
    stand.loaded = true;
    stand.exports = exports;
    require.cache[file] = stand;
    return load;
}

const sdkDirectory = (): string => path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/**
 * Loading `@pulumi/pulumi` loads TypeScript (0.25 s), npm's `@npmcli/arborist` (0.3 s) and
 * `normalize-package-data` (0.05 s) for `runtime/closure`, which serializes JavaScript
 * functions into Lambda code (`serializeFunction`, `computeCodePaths`) — something the
 * landing-zone program never does (it bundles its Lambdas with esbuild) and a policy pack
 * neither — and the Automation API (`automation`) and provider hosting (`provider`)
 * modules (0.05 s), which neither a program nor a pack uses, and OpenTelemetry and js-yaml
 * (below). This defers all of them until
 * something first uses them: loading the SDK then costs a third as much, and code that
 * does serialize a function or drive the Automation API still gets the real modules at
 * that point. Call before `@pulumi/pulumi` is first loaded (afterwards it changes
 * nothing). Hook `deferUnusedSdkModules`.
 */
export function deferUnusedSdkModules(): void {
    const sdkDir = sdkDirectory();
    deferModule(path.join(sdkDir, "automation", "index.js"));
    deferModule(path.join(sdkDir, "provider", "index.js"));
    deferModule(path.join(sdkDir, "typescript-shim.js"));
    const closureDir = { paths: [path.join(sdkDir, "runtime", "closure")] };
    deferModule(require.resolve("@npmcli/arborist", closureDir));
    deferModule(require.resolve("normalize-package-data", closureDir), {}, true);
    // OpenTelemetry, for the trace context runtime/settings puts on calls to an engine
    // (none in a plan or a pack under the plan), and js-yaml, for a `package.yaml` that
    // runtime/manifest reads when there is no package.json (0.07 s together in the pack).
    deferModule(require.resolve("@opentelemetry/api", { paths: [path.join(sdkDir, "runtime")] }));
    deferModule(require.resolve("js-yaml", { paths: [path.join(sdkDir, "runtime")] }));
}

/** The extensions ts-node compiles (`service.extensions.compiled` without allowJs or JSX). */
const TS_EXTENSIONS = [".ts", ".mts", ".cts"];

/**
 * The launcher of a policy pack (`cmd/run-policy-pack`) loads TypeScript and ts-node and
 * registers ts-node on every start, to compile a TypeScript pack (0.3 s). The plan starts
 * a pack's transpiled JavaScript copy (pack-build.ts), which has nothing to compile. In the
 * pack's process (preloaded by pack-process.ts), this answers what the launcher reads —
 * `typescript`'s `version`, ts-node's `VERSION`, `register(options)` — without loading
 * either, and does the real registration when a TypeScript file is first required. Hook
 * `deferLauncherTypeScript`.
 */
export function deferLauncherTypeScript(): void {
    const from = { paths: [sdkDirectory()] };
    const version = (pkg: string): string => (require(require.resolve(`${pkg}/package.json`, from)) as { version: string }).version;
    deferModule(require.resolve("typescript", from), { version: version("typescript") });
    const loadTsNode = deferModule(require.resolve("ts-node", from), {
        VERSION: version("ts-node"),
        register: (options: unknown): void => {
            const extensions = require.extensions;
            const previous = new Map(TS_EXTENSIONS.map((ext) => [ext, extensions[ext]]));
            for (const ext of TS_EXTENSIONS) {
                extensions[ext] = (module, filename) => {
                    for (const [e, handler] of previous) {
                        if (handler) extensions[e] = handler;
                        else delete extensions[e];
                    }
                    (loadTsNode().register as (o: unknown) => unknown)(options);
                    return extensions[ext]!(module, filename);
                };
            }
        },
    });
}

// ---- log lines ---------------------------------------------------------------------------

const runtimePrefixes: [string, "info" | "warning" | "error"][] = [
    ["info: [runtime] ", "info"],
    ["warning: [runtime] ", "warning"],
    ["error: [runtime] ", "error"],
];

/**
 * Without an engine (as under mocks) the SDK prints `pulumi.log.info/warn/error` messages
 * on the console as `<severity>: [runtime] <message>`. Returns the message and its severity
 * when `args` (a console call's arguments) are such a line. Hook `runtimeLog`.
 */
export function runtimeLogLine(args: unknown[]): { severity: "info" | "warning" | "error"; message: string } | undefined {
    if (args.length !== 1 || typeof args[0] !== "string") return undefined;
    for (const [prefix, severity] of runtimePrefixes) {
        if (args[0].startsWith(prefix)) return { severity, message: args[0].slice(prefix.length) };
    }
    return undefined;
}

// ---- the engine's protocols -----------------------------------------------------------------

/** The generated protobuf and gRPC modules of the SDK (untyped: generated JavaScript). */
export interface Protocol {
    analyzerPb: any;
    /** The generated Analyzer client and service definition (tests drive a pack with it). */
    analyzerGrpc: any;
    enginePb: any;
    engineGrpc: any;
    /** google.protobuf.Struct of the google-protobuf copy the modules were generated against (their instanceof checks). */
    Struct: any;
    Empty: any;
}

let protocolModules: Protocol | undefined;

/** The Analyzer and Engine protocol classes the pack itself speaks. Hook `protocol`. */
export function protocol(): Protocol {
    if (!protocolModules) {
        const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
        protocolModules = {
            analyzerPb: require("@pulumi/pulumi/proto/analyzer_pb"),
            analyzerGrpc: require("@pulumi/pulumi/proto/analyzer_grpc_pb"),
            enginePb: require("@pulumi/pulumi/proto/engine_pb"),
            engineGrpc: require("@pulumi/pulumi/proto/engine_grpc_pb"),
            Struct: require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] })).Struct,
            Empty: require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] })).Empty,
        };
    }
    return protocolModules;
}

/**
 * The script the Pulumi CLI runs for a Node.js policy pack (`run-policy-pack <engine>
 * <pack dir>`), resolved from the pack's directory as the CLI's plugin does. Hook
 * `policyPackLauncher`.
 */
export function policyPackLauncher(packDir: string): string {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
}

// ---- @pulumi/policy in process (the pack benchmark) ---------------------------------------------

type Handler = (call: { request: unknown }, cb: (err: unknown, response: any) => void) => Promise<void>;

/** The parts of `@pulumi/policy` the pack benchmark runs in process, as its server does. */
export interface PolicyInProcess {
    /** The Analyze / AnalyzeStack handlers the pack's gRPC server registers. */
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler;
    makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler;
    /** A request Struct → the `props` a rule sees (before the unknown-checking proxy). */
    deserializeProperties(struct: unknown, proxySecrets: boolean): Record<string, unknown>;
    /** The proxy that makes reading an unknown value throw, as rules see `props`. */
    unknownCheckingProxy<T>(o: T): T;
    /** The resource type a typed validation (`validateResourceOfType`) applies to. */
    getPulumiType(o: unknown): string | undefined;
}

/** `@pulumi/policy`'s handlers and helpers (the copy the project installs, as the pack resolves it). Hook `policyInProcess`. */
export function policyInProcess(): PolicyInProcess {
    const load = (module: string): any => require(`@pulumi/policy/${module}`);
    const server = load("server");
    return {
        makeAnalyzeRpcFun: server.makeAnalyzeRpcFun,
        makeAnalyzeStackRpcFun: server.makeAnalyzeStackRpcFun,
        deserializeProperties: load("deserialize").deserializeProperties,
        unknownCheckingProxy: load("proxy").unknownCheckingProxy,
        getPulumiType: load("policy").getPulumiType,
    };
}
