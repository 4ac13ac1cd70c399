/**
 * The policy pack of an interactive plan (`npm run plan`), run from a worker thread
 * (pack-thread-worker.ts) so that it is started, configured and judges each resource while
 * the program runs — as the engine does in a preview.
 *
 * Why a thread: the program runs under the mock runtime as one long chain of promise jobs,
 * so this thread's event loop does not turn until the program ends. Driven from here, the
 * pack could not even be connected to before then: it sat idle while the program ran, then
 * the plan waited for the handshake and every Analyze answer (on a quiet machine 0.3 s of
 * the plan's 1.2 s). Turning the loop inside the program (yielding to it between
 * registrations) would change the order in which the SDK registers resources, and with it
 * the plan's output; a thread changes nothing in the program.
 *
 * This thread spawns the pack's process first thing (a worker thread boots too slowly for
 * that: up to a second on a busy machine); the worker attaches to it through the port the
 * pack's preload also writes to a file (pack-process.ts, `attachPack`). This thread encodes
 * each request (engine-requests.ts, exactly as the single-thread path does) and posts the
 * bytes; the worker sends them and collects the findings. The config is
 * built here, from the policies the running pack reports: the worker's `info` message is
 * also picked up synchronously (`receiveMessageOnPort`) at each registration, so the pack
 * is configured while the program still runs. The findings are the same as judging the
 * finished plan (test/plan/pack-thread.process.test.ts).
 */
import * as path from "path";
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from "worker_threads";
import type { PlannedResource } from "../../analysis/plan-records";
import type { AnalyzerInfo, PolicyPackConfig } from "./analyzer";
import type { RequestEncoder } from "./engine-requests";
import { inPlanOrder, judgedStackUrn } from "./findings";
import type { PlanMessage, PlanResult, Violation } from "./model";
import type { SpawnedPack } from "./pack-process";

/** Messages to the worker. */
export type ToPack =
    | { type: "config"; config: PolicyPackConfig }
    | { type: "analyze"; requests: { urn: string; request: Uint8Array }[] }
    | { type: "finish"; stackUrn: string; request: Uint8Array }
    | { type: "exited"; code: number | null; stderr: string }
    | { type: "close" };

/** Messages from the worker. */
export type FromPack =
    | { type: "info"; info: AnalyzerInfo }
    | { type: "progress"; done: number; total: number }
    | { type: "result"; violations: Violation[]; info: { name: string; version: string }; messages: PlanMessage[] }
    | { type: "failed"; message: string };

/** What judging a plan found, and which pack found it. */
export interface PackVerdict {
    violations: Violation[];
    info: { name: string; version: string };
    /** Messages the pack logged or printed. */
    messages: PlanMessage[];
}

/**
 * Analyze requests go to the worker this many at a time: each message wakes the worker's
 * thread, and on a busy machine every wake-up can cost the plan's thread its core. The pack
 * judges a resource in about as long as the program takes to register one, so a batch
 * delays little; the last is posted with `finish`.
 */
const BATCH = 16;

/** A copy that owns its bytes (encoded requests may be views of a shared buffer). */
function own(bytes: Uint8Array): Uint8Array {
    return new Uint8Array(bytes);
}

export class PackThread {
    private readonly worker: Worker;
    private readonly port: MessagePort;
    private config: PolicyPackConfig | ((info: AnalyzerInfo) => PolicyPackConfig) | undefined;
    private info: AnalyzerInfo | undefined;
    private encoder: RequestEncoder | undefined;
    /** Analyze requests not yet posted (see BATCH). */
    private batch: { urn: string; request: Uint8Array }[] = [];
    private verdict: { resolve(v: PackVerdict): void; reject(e: Error): void } | undefined;
    private outcome: { verdict: PackVerdict } | { error: Error } | undefined;
    private onProgress: ((done: number, total: number) => void) | undefined;
    private readonly exited: Promise<void>;
    /** What the pack printed after its port (its messages). */
    private readonly output: PlanMessage[] = [];

    /**
     * Spawns the pack in `packDir` (here: this thread gets to it at once, a worker thread only
     * once it has booted) and starts the worker that drives it. Resolves once both are started.
     */
    static async start(packDir: string): Promise<PackThread> {
        const { spawnPackForThread } = require("./pack-process") as typeof import("./pack-process");
        let thread: PackThread | undefined;
        let ended: { code: number | null; stderr: string } | undefined;
        const { child, spawned } = await spawnPackForThread(packDir, {
            onOutput: (line) => thread?.output.push({ severity: "info", message: `[policy pack] ${line}` }),
            onExit: (code, stderr) => {
                ended = { code, stderr };
                thread?.post({ type: "exited", code, stderr });
            },
        });
        try {
            thread = new PackThread(packDir, child, spawned);
        } catch (err) {
            child.kill();
            throw err;
        }
        if (ended) thread.post({ type: "exited", ...ended });
        return thread;
    }

    private constructor(
        readonly packDir: string,
        private readonly child: { exitCode: number | null; kill(): unknown },
        spawned: SpawnedPack,
    ) {
        const { port1, port2 } = new MessageChannel();
        this.port = port1;
        const register = path.join(__dirname, "ts-register.js");
        const entry = path.join(__dirname, "pack-thread-worker.ts");
        this.worker = new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, {
            eval: true,
            workerData: { port: port2, packDir, spawned },
            transferList: [port2],
        });
        this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
        this.worker.on("error", (err) => this.settle({ error: err }));
        this.port.on("message", (message: FromPack) => this.handle(message));
    }

    /**
     * How to configure the pack: a config file's content, or a function of the policies the
     * running pack reports. Sent as soon as the pack has reported them.
     */
    configure(config: PolicyPackConfig | ((info: AnalyzerInfo) => PolicyPackConfig), onProgress?: (done: number, total: number) => void): void {
        this.config = config;
        this.onProgress = onProgress;
        // The pack may have reported its policies while this thread was loading modules.
        this.poll();
        this.sendConfig();
    }

    /** The pack's Analyze of one registered resource (queued in the worker until the pack is configured). */
    analyze(resource: PlannedResource, provider: PlannedResource | undefined, parent: string | undefined): void {
        // The program runs without turning the event loop: pick up the pack's report here.
        this.poll();
        this.encoder ??= new (require("./engine-requests") as typeof import("./engine-requests")).RequestEncoder();
        this.batch.push({ urn: resource.urn, request: own(this.encoder.analyze(resource, provider, parent)) });
        if (this.batch.length >= BATCH) this.postBatch();
    }

    private postBatch(): void {
        if (this.batch.length === 0) return;
        const requests = this.batch;
        this.batch = [];
        this.post({ type: "analyze", requests }, requests.map((r) => r.request.buffer as ArrayBuffer));
    }

    /**
     * Once every resource of `plan` was given to `analyze`: AnalyzeStack, then every finding
     * in plan order, as StackJudgement.finish.
     */
    async finish(plan: PlanResult): Promise<PackVerdict> {
        this.encoder ??= new (require("./engine-requests") as typeof import("./engine-requests")).RequestEncoder();
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const request = own(this.encoder.analyzeStack(plan.resources, plan.stackUrn, byUrn));
        const verdict = new Promise<PackVerdict>((resolve, reject) => {
            this.verdict = { resolve, reject };
        });
        this.poll();
        this.flush();
        this.postBatch();
        this.post({ type: "finish", stackUrn: judgedStackUrn(plan), request }, [request.buffer as ArrayBuffer]);
        const found = await verdict;
        return { ...found, violations: inPlanOrder(found.violations, plan), messages: [...found.messages, ...this.output] };
    }

    /** Stops the pack and the worker. */
    async close(): Promise<void> {
        this.port.postMessage({ type: "close" } satisfies ToPack);
        // The worker ends once the pack is stopped; a worker that does not is ended.
        const timer = setTimeout(() => void this.worker.terminate(), 10_000);
        await this.exited;
        clearTimeout(timer);
        this.port.close();
        // The worker stopped it; this thread spawned it, and makes sure.
        if (this.child.exitCode === null) this.child.kill();
    }

    private post(message: ToPack, transfer: ArrayBuffer[] = []): void {
        if (this.outcome && "error" in this.outcome) return;
        this.port.postMessage(message, transfer);
    }

    private poll(): void {
        for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) this.handle(m.message as FromPack);
    }

    /** Handles what is already queued (the event loop may not have turned yet). */
    private flush(): void {
        if (this.outcome) this.deliver();
    }

    private handle(message: FromPack): void {
        switch (message.type) {
            case "info":
                this.info = message.info;
                this.sendConfig();
                break;
            case "progress":
                this.onProgress?.(message.done, message.total);
                break;
            case "result":
                this.settle({ verdict: { violations: message.violations, info: message.info, messages: message.messages } });
                break;
            case "failed":
                this.settle({ error: new Error(message.message) });
                break;
        }
    }

    private sendConfig(): void {
        if (!this.info || this.config === undefined) return;
        const config = typeof this.config === "function" ? this.config(this.info) : this.config;
        this.info = undefined;
        this.post({ type: "config", config });
    }

    private settle(outcome: { verdict: PackVerdict } | { error: Error }): void {
        this.outcome ??= outcome;
        this.deliver();
    }

    private deliver(): void {
        if (!this.verdict || !this.outcome) return;
        const { resolve, reject } = this.verdict;
        this.verdict = undefined;
        if ("verdict" in this.outcome) resolve(this.outcome.verdict);
        else reject(this.outcome.error);
    }
}
