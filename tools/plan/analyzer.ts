/**
 * Runs a CrossGuard policy pack over an offline plan exactly the way the Pulumi CLI does:
 * starts the pack with `@pulumi/pulumi/cmd/run-policy-pack <engine-address> <pack-dir>`,
 * reads the port it prints, and drives it over the gRPC Analyzer protocol —
 * GetAnalyzerInfo, Configure (an explicit enforcement level for every policy: proto3
 * would otherwise send 0 = advisory), ConfigureStack, Analyze for every resource's inputs
 * (unknowns as the engine's sentinel) and AnalyzeStack with outputs, parents,
 * dependencies and property dependencies. Requests are encoded by engine-requests.ts and
 * sent by the unary gRPC client of grpc-unary.ts (both written for speed: see there).
 *
 * One difference from the engine, on purpose: the engine also sends `Remediate` for every
 * resource before `Analyze`. The landing-zone pack defines no remediations, so its answer
 * is always empty and cannot change a verdict; the harness does not send it.
 *
 * The engine address points at a minimal Engine service of our own so that whatever the
 * pack logs through the engine reaches the plan's messages.
 */
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Reader } from "protobufjs/minimal";
import { PlannedResource } from "../../analysis/plan-records";
import { PlanMessage, PlanResult, Violation } from "./model";
import { RequestEncoder } from "./engine-requests";
import { GrpcStatus, UnaryClient } from "./grpc-unary";
import { preparePack } from "./pack-build";
import { toWire } from "./wire";

// The generated protobuf/gRPC modules of the SDK the pack itself uses, and the
// google-protobuf copy they were generated against (Struct/Empty instanceof checks).
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const enginePb = require("@pulumi/pulumi/proto/engine_pb");
const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));

export type EnforcementLevel = Violation["level"];

const levelNames: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];
const levelNumbers: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };

export interface PolicyInfo {
    name: string;
    description: string;
    /** The policy's own default level, as the pack declares it. */
    enforcementLevel: EnforcementLevel;
    type: "resource" | "stack" | "unknown";
    configSchema?: { properties: Record<string, { default?: unknown } & Record<string, unknown>>; required: string[] };
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
    /** The pack's `initialConfig`: policy → level and properties. */
    initialConfig: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;
}

/**
 * A pack config in the `--policy-pack-config` file format: policy name (or `all`) →
 * an enforcement level, or an object of properties with an optional `enforcementLevel`.
 */
export type PolicyPackConfig = Record<string, unknown>;

/** The config the CLI would send: for every policy an explicit level and its properties (schema defaults filled in). */
export function resolvePolicyConfig(
    info: AnalyzerInfo,
    config: PolicyPackConfig = {},
): Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }> {
    const isLevel = (v: unknown): v is EnforcementLevel => typeof v === "string" && (levelNames as string[]).includes(v);
    const all = config["all"];
    const allLevel = isLevel(all) ? all : isLevel((all as { enforcementLevel?: unknown } | undefined)?.enforcementLevel) ? (all as { enforcementLevel: EnforcementLevel }).enforcementLevel : undefined;
    const resolved: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }> = {};
    for (const policy of info.policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema && schema.default !== undefined) properties[key] = schema.default;
        }
        const initial = info.initialConfig[policy.name];
        Object.assign(properties, initial?.properties ?? {});
        let level: EnforcementLevel = initial?.enforcementLevel ?? policy.enforcementLevel;
        if (allLevel) level = allLevel;
        const given = config[policy.name];
        if (isLevel(given)) level = given;
        else if (given && typeof given === "object") {
            const { enforcementLevel, ...props } = given as Record<string, unknown>;
            if (isLevel(enforcementLevel)) level = enforcementLevel;
            Object.assign(properties, props);
        }
        resolved[policy.name] = { enforcementLevel: level, properties };
    }
    return resolved;
}

/** The Analyzer service's methods (`pulumi/analyzer.proto`). */
const ANALYZER = "/pulumirpc.Analyzer/";

/** A unary call with google-protobuf request and response classes (the calls made once per pack or per stack). */
async function unary(client: UnaryClient, method: string, request: { serializeBinary(): Uint8Array }, response: { deserializeBinary(bytes: Uint8Array): any }): Promise<any> {
    return response.deserializeBinary(await client.call(ANALYZER + method, request.serializeBinary()));
}

/** A minimal Engine gRPC service: collects Log calls, answers root-resource calls. */
async function startEngine(messages: PlanMessage[]): Promise<{ address: string; stop(): void }> {
    const server = new grpc.Server();
    let root = "";
    const severities: Record<number, PlanMessage["severity"] | undefined> = { 1: "info", 2: "warning", 3: "error" };
    server.addService(engineGrpc.EngineService, {
        log(call: any, cb: any) {
            const severity = severities[call.request.getSeverity()];
            if (severity) messages.push({ severity, message: `[policy pack] ${call.request.getMessage()}` });
            cb(null, new Empty());
        },
        getRootResource(_call: any, cb: any) {
            cb(null, new enginePb.GetRootResourceResponse().setUrn(root));
        },
        setRootResource(call: any, cb: any) {
            root = call.request.getUrn();
            cb(null, new enginePb.SetRootResourceResponse());
        },
        startDebugging(_call: any, cb: any) {
            cb(null, new Empty());
        },
        requirePulumiVersion(_call: any, cb: any) {
            cb(null, new enginePb.RequirePulumiVersionResponse());
        },
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

export interface AnalyzerOptions {
    /** Seconds to wait for the pack to print its port (a TypeScript pack is type-checked on start). @default 180 */
    startTimeoutSeconds?: number;
    /**
     * Start a TypeScript pack from its sources, type-checked by ts-node exactly as the
     * Pulumi CLI does (slow), instead of from a transpiled copy (pack-build.ts). @default false
     */
    typeCheck?: boolean;
}

/** A running policy pack and a client connected to it. */
export class PolicyAnalyzer {
    /** Messages the pack logged or printed. */
    readonly messages: PlanMessage[] = [];

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: UnaryClient,
        private readonly engine: { stop(): void },
        messages: PlanMessage[],
    ) {
        this.messages = messages;
    }

    /** Starts the pack in `packDir` the way the Pulumi CLI starts an analyzer plugin. */
    static async start(packDir: string, options: AnalyzerOptions = {}): Promise<PolicyAnalyzer> {
        const messages: PlanMessage[] = [];
        if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml")) || !fs.existsSync(path.join(packDir, "package.json"))) {
            throw new Error(`${packDir} is not a policy pack: it needs PulumiPolicy.yaml and package.json`);
        }
        const dir = options.typeCheck ? path.resolve(packDir) : preparePack(packDir);
        const engine = await startEngine(messages);
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
        const child = spawn(process.execPath, [runner, engine.address, dir], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.setEncoding("utf8");
        child.stderr!.on("data", (chunk: string) => {
            stderr += chunk;
        });
        let port: number;
        try {
            port = await new Promise<number>((resolve, reject) => {
                let stdout = "";
                let settled = false;
                const timer = setTimeout(() => fail(new Error(`policy pack ${packDir} did not start within ${options.startTimeoutSeconds ?? 180} s`)), (options.startTimeoutSeconds ?? 180) * 1000);
                const fail = (err: Error): void => {
                    if (settled) return;
                    settled = true;
                    clearTimeout(timer);
                    reject(err);
                };
                child.stdout!.setEncoding("utf8");
                child.stdout!.on("data", (chunk: string) => {
                    if (settled) {
                        for (const line of chunk.split("\n").filter((l) => l.trim())) messages.push({ severity: "info", message: `[policy pack] ${line}` });
                        return;
                    }
                    stdout += chunk;
                    const newline = stdout.indexOf("\n");
                    if (newline < 0) return;
                    const first = stdout.slice(0, newline).trim();
                    if (!/^\d+$/.test(first)) return fail(new Error(`policy pack ${packDir} printed "${first}" instead of its port\n${stderr}`));
                    settled = true;
                    clearTimeout(timer);
                    resolve(Number(first));
                });
                child.on("exit", (code) => fail(new Error(`policy pack ${packDir} exited (code ${code}) before it was ready:\n${stderr.trim()}`)));
                child.on("error", (err) => fail(err));
            });
        } catch (err) {
            child.kill();
            engine.stop();
            throw err;
        }
        return new PolicyAnalyzer(child, new UnaryClient(`127.0.0.1:${port}`), engine, messages);
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info = await unary(this.client, "GetAnalyzerInfo", new Empty(), analyzerPb.AnalyzerInfo);
        const policies: PolicyInfo[] = info.getPoliciesList().map((p: any) => {
            const schema = p.getConfigschema();
            return {
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: levelNames[p.getEnforcementlevel()] ?? "advisory",
                type: p.getPolicyType() === 1 ? "resource" : p.getPolicyType() === 2 ? "stack" : "unknown",
                configSchema: schema ? { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } : undefined,
            };
        });
        const initialConfig: AnalyzerInfo["initialConfig"] = {};
        info.getInitialconfigMap().forEach((c: any, name: string) => {
            initialConfig[name] = { enforcementLevel: levelNames[c.getEnforcementlevel()] ?? "advisory", properties: c.getProperties()?.toJavaScript() ?? {} };
        });
        return { name: info.getName(), version: info.getVersion(), policies, initialConfig };
    }

    /** Sends the resolved config: every policy with an explicit level. */
    async configure(resolved: ReturnType<typeof resolvePolicyConfig>): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of Object.entries(resolved)) {
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(levelNumbers[c.enforcementLevel]);
            pc.setProperties(Struct.fromJavaScript(toWire(c.properties)));
            map.set(name, pc);
        }
        await unary(this.client, "Configure", req, Empty);
    }

    /** Tells the pack which stack it judges (newer engines do; older packs may not implement it). */
    async configureStack(stack: { stack: string; project: string; organization: string; dryRun: boolean; config?: Record<string, string> }): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setStack(stack.stack).setProject(stack.project).setOrganization(stack.organization).setDryRun(stack.dryRun);
        for (const [k, v] of Object.entries(stack.config ?? {})) req.getConfigMap().set(k, v);
        try {
            await unary(this.client, "ConfigureStack", req, analyzerPb.AnalyzerStackConfigureResponse);
        } catch (err) {
            if ((err as { code?: number }).code !== GrpcStatus.UNIMPLEMENTED) throw err;
        }
    }

    /**
     * Analyze: one resource's inputs, before it would be created. Requests of one plan
     * share an `encoder` (it encodes each provider once).
     */
    async analyze(resource: PlannedResource, provider: PlannedResource | undefined, parent: string | undefined, encoder = new RequestEncoder()): Promise<Violation[]> {
        const bytes = await this.client.call(ANALYZER + "Analyze", encoder.analyze(resource, provider, parent));
        // Most answers hold no diagnostics, only the policies that did not apply: nothing to decode.
        if (!hasField(bytes, ANALYZE_RESPONSE_DIAGNOSTICS)) return [];
        // The pack does not name the resource in Analyze diagnostics: the engine knows which one it asked about.
        return diagnostics(analyzerPb.AnalyzeResponse.deserializeBinary(bytes), resource.urn);
    }

    /** AnalyzeStack: every resource with its outputs, parent, dependencies and property dependencies. */
    async analyzeStack(resources: PlannedResource[], stackUrn: string | undefined, byUrn: Map<string, PlannedResource>, encoder = new RequestEncoder()): Promise<Violation[]> {
        const bytes = await this.client.call(ANALYZER + "AnalyzeStack", encoder.analyzeStack(resources, stackUrn, byUrn));
        return diagnostics(analyzerPb.AnalyzeResponse.deserializeBinary(bytes));
    }

    /** Peak resident memory of the pack's process so far (Linux `VmHWM`), in bytes; undefined elsewhere. */
    peakMemoryBytes(): number | undefined {
        return peakRss(this.child.pid);
    }

    /** CPU seconds the pack's process has used so far (Linux); undefined elsewhere. */
    cpuSeconds(): number | undefined {
        return cpuSeconds(this.child.pid);
    }

    /** Stops the pack and the engine service. */
    close(): void {
        this.client.close();
        if (this.child.exitCode === null) this.child.kill();
        this.engine.stop();
    }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuSeconds(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // Clock ticks are 100 per second on Linux (USER_HZ).
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return undefined;
    }
}

/** A process's peak resident set size from /proc (Linux), in bytes. */
export function peakRss(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
        return kb === undefined ? undefined : Number(kb) * 1024;
    } catch {
        return undefined;
    }
}

// ---- requests as the engine builds them ------------------------------------------------

/**
 * The engine's AnalyzeRequest for one resource's inputs, as a google-protobuf message (what
 * the pack's server receives after decoding: for calling its handlers in process).
 */
export function analyzeRequest(resource: PlannedResource, provider: PlannedResource | undefined, parent: string | undefined): unknown {
    return analyzerPb.AnalyzeRequest.deserializeBinary(new RequestEncoder().analyze(resource, provider, parent));
}

/** The engine's AnalyzeStackRequest (see RequestEncoder.analyzeStack), as a google-protobuf message. */
export function analyzeStackRequest(resources: PlannedResource[], stackUrn: string | undefined, byUrn: Map<string, PlannedResource>): unknown {
    return analyzerPb.AnalyzeStackRequest.deserializeBinary(new RequestEncoder().analyzeStack(resources, stackUrn, byUrn));
}

/** `AnalyzeResponse.diagnostics` (`repeated AnalyzeDiagnostic diagnostics = 2;` in pulumi/analyzer.proto). */
const ANALYZE_RESPONSE_DIAGNOSTICS = 2;

/** Does an encoded message hold field `field`? Walks its top-level fields only. */
export function hasField(message: Uint8Array, field: number): boolean {
    const reader = Reader.create(message);
    while (reader.pos < reader.len) {
        const tag = reader.uint32();
        if (tag >>> 3 === field) return true;
        reader.skipType(tag & 7);
    }
    return false;
}

function diagnostics(response: any, subject?: string): Violation[] {
    return response.getDiagnosticsList().map((d: any) => {
        const urn = d.getUrn() || subject;
        return { policy: d.getPolicyname(), level: levelNames[d.getEnforcementlevel()] ?? "advisory", ...(urn ? { urn } : {}), message: d.getMessage() };
    });
}

export interface PolicyRun {
    violations: Violation[];
    info: AnalyzerInfo;
    messages: PlanMessage[];
    /** Milliseconds: pack start, Analyze calls, AnalyzeStack. */
    timings: { startMs: number; analyzeMs: number; analyzeStackMs: number };
    /** Peak resident memory of the pack's process, in bytes (Linux only). */
    packPeakMemoryBytes?: number;
}

/** How many Analyze calls are in flight at once (the pack handles them one by one; this hides the round trips). */
const IN_FLIGHT = 32;

export interface PolicySessionOptions extends AnalyzerOptions {
    packDir: string;
    config?: PolicyPackConfig;
    onProgress?: (done: number, total: number) => void;
}

/**
 * A started and configured policy pack that judges one stack's plan after another, as
 * the engine would for consecutive previews: ConfigureStack, Analyze for every resource,
 * AnalyzeStack — per plan. Starting a pack costs seconds, so planning many units (one
 * stack each) judges them all with one pack process.
 */
export class PolicySession {
    private constructor(
        private readonly analyzer: PolicyAnalyzer,
        readonly info: AnalyzerInfo,
        /** Milliseconds it took to start and configure the pack. */
        readonly startMs: number,
        private readonly onProgress?: (done: number, total: number) => void,
    ) {}

    static async start(options: PolicySessionOptions): Promise<PolicySession> {
        const started = Date.now();
        const analyzer = await PolicyAnalyzer.start(options.packDir, options);
        try {
            const info = await analyzer.getAnalyzerInfo();
            await analyzer.configure(resolvePolicyConfig(info, options.config));
            return new PolicySession(analyzer, info, Date.now() - started, options.onProgress);
        } catch (err) {
            analyzer.close();
            throw err;
        }
    }

    /** Messages the pack logged or printed so far. */
    get messages(): PlanMessage[] {
        return this.analyzer.messages;
    }

    /** Peak resident memory of the pack's process so far (Linux), in bytes. */
    peakMemoryBytes(): number | undefined {
        return this.analyzer.peakMemoryBytes();
    }

    /** CPU seconds the pack's process has used so far (Linux). */
    cpuSeconds(): number | undefined {
        return this.analyzer.cpuSeconds();
    }

    /**
     * Judges one stack's plan: every registered resource through Analyze (reads are not
     * analyzed, as in the engine), then the whole stack through AnalyzeStack.
     */
    async judge(plan: PlanResult): Promise<{ violations: Violation[]; timings: { analyzeMs: number; analyzeStackMs: number } }> {
        const analyzer = this.analyzer;
        const [project] = plan.stackUrn?.split("::").slice(1, 2) ?? ["landing-zone"];
        await analyzer.configureStack({ stack: plan.stack, project: project ?? "landing-zone", organization: "organization", dryRun: true });
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const encoder = new RequestEncoder();
        const violations: Violation[] = [];
        const analyzed = plan.resources.filter((r) => !r.read);
        const t0 = Date.now();
        let next = 0;
        let done = 0;
        const worker = async (): Promise<void> => {
            while (next < analyzed.length) {
                const r = analyzed[next++];
                violations.push(...(await analyzer.analyze(r, r.provider ? byUrn.get(r.provider) : undefined, r.parent ?? plan.stackUrn, encoder)));
                done++;
                if (this.onProgress && done % 1000 === 0) this.onProgress(done, analyzed.length);
            }
        };
        await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, analyzed.length) }, worker));
        const analyzeMs = Date.now() - t0;
        const t1 = Date.now();
        violations.push(...(await analyzer.analyzeStack(plan.resources, plan.stackUrn, byUrn, encoder)));
        const analyzeStackMs = Date.now() - t1;
        // Analyze answers arrive out of order; report in plan order.
        const order = new Map(plan.resources.map((r, i) => [r.urn, i]));
        violations.sort((a, b) => (order.get(a.urn ?? "") ?? -1) - (order.get(b.urn ?? "") ?? -1) || a.policy.localeCompare(b.policy));
        return { violations, timings: { analyzeMs, analyzeStackMs } };
    }

    /** Stops the pack. */
    close(): void {
        this.analyzer.close();
    }
}

/**
 * Judges a plan with the pack in `packDir`: every registered resource through Analyze
 * (reads are not analyzed, as in the engine), then the whole stack through AnalyzeStack.
 */
export async function runPolicyPack(plan: PlanResult, options: PolicySessionOptions): Promise<PolicyRun> {
    const session = await PolicySession.start(options);
    try {
        const { violations, timings } = await session.judge(plan);
        return { violations, info: session.info, messages: session.messages, timings: { startMs: session.startMs, ...timings }, packPeakMemoryBytes: session.peakMemoryBytes() };
    } finally {
        session.close();
    }
}
