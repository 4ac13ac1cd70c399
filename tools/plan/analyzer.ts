/**
 * Runs a CrossGuard policy pack over an offline plan exactly the way the Pulumi CLI does:
 * starts the pack with `@pulumi/pulumi/cmd/run-policy-pack <engine-address> <pack-dir>`,
 * reads the port it prints, and drives it over the gRPC Analyzer protocol —
 * GetAnalyzerInfo, Configure (an explicit enforcement level for every policy: proto3
 * would otherwise send 0 = advisory), ConfigureStack, Analyze for every resource's inputs
 * (unknowns as the engine's sentinel) and AnalyzeStack with outputs, parents,
 * dependencies and property dependencies. Requests are encoded by engine-requests.ts (for
 * speed: see there) and sent through grpc-js (unary-client.ts). Starting the pack process
 * is pack-process.ts, so a caller can start it before it needs it.
 *
 * One difference from the engine, on purpose: the engine also sends `Remediate` for every
 * resource before `Analyze`. The landing-zone pack defines no remediations, so its answer
 * is always empty and cannot change a verdict; the harness does not send it.
 *
 * The engine address points at a minimal Engine service of our own so that whatever the
 * pack logs through the engine reaches the plan's messages.
 */
import * as fs from "fs";
import { Reader } from "protobufjs/minimal";
import { PlannedResource } from "../../analysis/plan-records";
import { PlanMessage, PlanResult, Violation } from "./model";
import { RequestEncoder } from "./engine-requests";
import { AnalyzerOptions, launchPack, PackChild, PackProcess } from "./pack-process";
import { protocol } from "./sdk-internals";
import { inPlanOrder, judgedStackUrn } from "./findings";
import { GrpcStatus, UnaryClient } from "./unary-client";
import { toWire } from "./wire";

export type { AnalyzerOptions, PackProcess } from "./pack-process";
export { launchPack } from "./pack-process";
export { inPlanOrder, judgedStackUrn } from "./findings";

// The generated protobuf classes of the SDK the pack itself uses.
const { analyzerPb, Struct, Empty } = protocol();

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

/** A running policy pack and a client connected to it. */
export class PolicyAnalyzer {
    /** Messages the pack logged or printed. */
    readonly messages: PlanMessage[] = [];

    private constructor(
        private readonly child: PackChild,
        private readonly client: UnaryClient,
        private readonly engine: { stop(): void },
        messages: PlanMessage[],
    ) {
        this.messages = messages;
    }

    /** Starts the pack in `packDir` the way the Pulumi CLI starts an analyzer plugin. */
    static async start(packDir: string, options: AnalyzerOptions = {}): Promise<PolicyAnalyzer> {
        return PolicyAnalyzer.connect(await launchPack(packDir, options));
    }

    /** Connects to a pack process already started (`launchPack`). */
    static connect(pack: PackProcess): PolicyAnalyzer {
        return new PolicyAnalyzer(pack.child, new UnaryClient(`127.0.0.1:${pack.port}`), pack.engine, pack.messages);
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
        return this.analyzeEncoded(encoder.analyze(resource, provider, parent), resource.urn);
    }

    /** Analyze with a request already encoded (RequestEncoder.analyze) for the resource `urn`. */
    async analyzeEncoded(request: Uint8Array, urn: string): Promise<Violation[]> {
        const bytes = await this.client.call(ANALYZER + "Analyze", request);
        // Most answers hold no diagnostics, only the policies that did not apply: nothing to decode.
        if (!hasField(bytes, ANALYZE_RESPONSE_DIAGNOSTICS)) return [];
        // The pack does not name the resource in Analyze diagnostics: the engine knows which one it asked about.
        return diagnostics(analyzerPb.AnalyzeResponse.deserializeBinary(bytes), urn);
    }

    /** AnalyzeStack: every resource with its outputs, parent, dependencies and property dependencies. */
    async analyzeStack(resources: PlannedResource[], stackUrn: string | undefined, byUrn: Map<string, PlannedResource>, encoder = new RequestEncoder()): Promise<Violation[]> {
        return this.analyzeStackEncoded(encoder.analyzeStack(resources, stackUrn, byUrn));
    }

    /** AnalyzeStack with a request already encoded (RequestEncoder.analyzeStack). */
    async analyzeStackEncoded(request: Uint8Array): Promise<Violation[]> {
        const bytes = await this.client.call(ANALYZER + "AnalyzeStack", request);
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
    /** The config, or how to make it from what the pack reports of itself (its policies and their config schemas). */
    config?: PolicyPackConfig | ((info: AnalyzerInfo) => PolicyPackConfig | Promise<PolicyPackConfig>);
    onProgress?: (done: number, total: number) => void;
    /**
     * The pack process, already being started with `launchPack(packDir)` (a plan starts it
     * first thing, so it boots while the program is planned). @default started here
     */
    launched?: Promise<PackProcess>;
}

/**
 * A started and configured policy pack that judges one stack's plan after another, as
 * the engine would for consecutive previews: ConfigureStack, Analyze for every resource,
 * AnalyzeStack — per plan. Starting a pack costs seconds, so planning many units (one
 * stack each) judges them all with one pack process.
 */
export class PolicySession {
    private constructor(
        /** The pack (for StackJudgement). */
        readonly analyzer: PolicyAnalyzer,
        readonly info: AnalyzerInfo,
        /** Milliseconds this session waited for the pack to start, and to configure it. */
        readonly startMs: number,
        readonly onProgress?: (done: number, total: number) => void,
    ) {}

    static async start(options: PolicySessionOptions): Promise<PolicySession> {
        const started = Date.now();
        const pack = await (options.launched ?? launchPack(options.packDir, options));
        const analyzer = PolicyAnalyzer.connect(pack);
        try {
            const info = await analyzer.getAnalyzerInfo();
            await analyzer.configure(resolvePolicyConfig(info, typeof options.config === "function" ? await options.config(info) : options.config));
            // Time spent waiting here: the pack's start, as far as it was not hidden behind other work.
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
        const judgement = PolicySession.judging(Promise.resolve(this), { stack: plan.stack, project: plan.stackUrn?.split("::")[1] ?? "landing-zone" });
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        for (const r of plan.resources) {
            if (!r.read) judgement.analyze(r, r.provider ? byUrn.get(r.provider) : undefined, r.parent ?? plan.stackUrn);
        }
        return judgement.finish(plan);
    }

    /**
     * Starts judging one stack while its plan is being made, as the engine does in a
     * preview: ConfigureStack first, then Analyze for each resource as the program
     * registers it (`analyze`, e.g. from `planProgram`'s `onRegistered`), AnalyzeStack once
     * the plan is complete (`finish`). `session` may still be starting: requests wait for it.
     * The stack and project are those of the first resource's URN unless given. One stack
     * at a time per session (ConfigureStack sets the pack's stack).
     */
    static judging(session: Promise<PolicySession>, stack?: { stack: string; project: string }): StackJudgement {
        return new StackJudgement(session, stack);
    }

    /** Stops the pack. */
    close(): void {
        this.analyzer.close();
    }
}

/**
 * One stack's judgement (PolicySession.judging): Analyze requests as resources come, at
 * most IN_FLIGHT at once (the pack handles them one by one; this hides the round trips),
 * then AnalyzeStack. Requests share one encoder (it encodes each provider once).
 */
export class StackJudgement {
    /** Requests waiting to be sent: the resource's URN and its request, encoded when sent. */
    private readonly queue: { urn: string; request: () => Uint8Array }[] = [];
    private readonly violations: Violation[] = [];
    private readonly encoder = new RequestEncoder();
    private ready: Promise<PolicySession> | undefined;
    private inFlight = 0;
    private done = 0;
    private firstAt: number | undefined;
    private failure: { error: unknown } | undefined;
    private drained: (() => void)[] = [];

    constructor(
        private readonly session: Promise<PolicySession>,
        private readonly stack?: { stack: string; project: string },
    ) {}

    /** The session, once ConfigureStack (of `stack`, or of the stack `urn` names) has been sent. */
    private configured(urn: string | undefined): Promise<PolicySession> {
        if (!this.ready) {
            // urn:pulumi:<stack>::<project>::<type>::<name>
            const [qualified = "", project = "landing-zone"] = (urn ?? "").split("::");
            const stack = this.stack ?? { stack: qualified.replace(/^urn:pulumi:/, ""), project };
            this.ready = this.session.then(async (s) => {
                await s.analyzer.configureStack({ ...stack, organization: "organization", dryRun: true });
                return s;
            });
            // A failure to start or configure is reported by `finish`.
            this.ready.catch((error) => {
                this.failure ??= { error };
            });
        }
        return this.ready;
    }

    /** Queues the Analyze request of one registered resource. */
    analyze(resource: PlannedResource, provider: PlannedResource | undefined, parent: string | undefined): void {
        this.queue.push({ urn: resource.urn, request: () => this.encoder.analyze(resource, provider, parent) });
        this.pump();
    }

    /** Queues an Analyze request already encoded (RequestEncoder.analyze) for the resource `urn`. */
    analyzeEncoded(urn: string, request: Uint8Array): void {
        this.queue.push({ urn, request: () => request });
        this.pump();
    }

    private pump(): void {
        while (this.inFlight < IN_FLIGHT && this.queue.length > 0) {
            const job = this.queue.shift()!;
            this.inFlight++;
            this.configured(job.urn)
                .then(({ analyzer, onProgress }) => {
                    this.firstAt ??= Date.now();
                    return analyzer.analyzeEncoded(job.request(), job.urn).then((found) => {
                        this.violations.push(...found);
                        this.done++;
                        if (onProgress && this.done % 1000 === 0) onProgress(this.done, this.done + this.queue.length + this.inFlight - 1);
                    });
                })
                .catch((error) => {
                    this.failure ??= { error };
                })
                .finally(() => {
                    this.inFlight--;
                    this.pump();
                    if (this.inFlight === 0 && this.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
                });
        }
    }

    /**
     * Once every resource of `plan` was given to `analyze`: waits for their answers, sends
     * AnalyzeStack, and returns every finding in plan order.
     */
    async finish(plan: PlanResult): Promise<{ violations: Violation[]; timings: { analyzeMs: number; analyzeStackMs: number } }> {
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const { violations, timings } = await this.finishEncoded(judgedStackUrn(plan), () => this.encoder.analyzeStack(plan.resources, plan.stackUrn, byUrn));
        return { violations: inPlanOrder(violations, plan), timings };
    }

    /**
     * `finish` with the AnalyzeStack request encoded by the caller (RequestEncoder.analyzeStack,
     * when every Analyze was given): every finding, in the order the answers came.
     * `stackUrn` names the stack to configure if no resource did (`judgedStackUrn`).
     */
    async finishEncoded(stackUrn: string, request: () => Uint8Array): Promise<{ violations: Violation[]; timings: { analyzeMs: number; analyzeStackMs: number } }> {
        const { analyzer } = await this.configured(stackUrn);
        if (this.inFlight > 0 || this.queue.length > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
        if (this.failure) throw this.failure.error;
        const analyzeMs = this.firstAt === undefined ? 0 : Date.now() - this.firstAt;
        const t1 = Date.now();
        this.violations.push(...(await analyzer.analyzeStackEncoded(request())));
        const analyzeStackMs = Date.now() - t1;
        return { violations: [...this.violations], timings: { analyzeMs, analyzeStackMs } };
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
