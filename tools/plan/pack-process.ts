/**
 * Starts a CrossGuard policy pack the way the Pulumi CLI starts an analyzer plugin:
 * `run-policy-pack <engine-address> <pack-dir>` in a child process, reading the port it
 * prints on its first line. The engine address points at a minimal Engine service of our
 * own, so whatever the pack logs through the engine reaches the plan's messages.
 *
 * Kept apart from the Analyzer client (analyzer.ts) and light to load: a plan starts the
 * pack first thing, so the pack boots (about as long as loading the SDK) on the other core
 * while this process loads the SDK and runs the program.
 */
import type * as Grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import type { PlanMessage } from "./model";
import { preparePack } from "./pack-build";
import { policyPackLauncher, protocol } from "./sdk-internals";

// The loader that makes TypeScript (pack-preload.ts) loadable in the pack's process.
const tsRegister = require("./ts-register.js") as { execArgv: string[] };

export interface AnalyzerOptions {
    /** Seconds to wait for the pack to print its port (a TypeScript pack is type-checked on start). @default 180 */
    startTimeoutSeconds?: number;
    /**
     * Start a TypeScript pack from its sources, type-checked by ts-node exactly as the
     * Pulumi CLI does (slow), instead of from a transpiled copy (pack-build.ts). @default false
     */
    typeCheck?: boolean;
    /** Stops the start: the pack process is killed and the promise rejects (a plan that fails before it needs the pack). */
    signal?: AbortSignal;
    /**
     * Called once the pack's process has been spawned (before it listens). The spawn waits
     * for a free port, one turn of the event loop: a caller that has synchronous work to do
     * meanwhile (loading modules) waits for this first, or the spawn waits for that work.
     */
    onSpawn?: () => void;
}

/** What the Analyzer driver needs of the pack's process: stop it, read its figures. */
export interface PackChild {
    pid?: number;
    exitCode: number | null;
    kill(): unknown;
}

/** A started pack process, listening on `port`. */
export interface PackProcess {
    child: PackChild;
    port: number;
    engine: { stop(): void };
    /** Messages the pack logged through the engine or printed. */
    messages: PlanMessage[];
    /** Milliseconds from the call of launchPack to the pack's port. */
    startMs: number;
}

/** A minimal Engine gRPC service on `port` (0: any): collects Log calls, answers root-resource calls. */
async function startEngine(messages: PlanMessage[], port = 0): Promise<{ address: string; stop(): void }> {
    // Loaded here, not with this module: the pack is spawned before (see launchPack).
    const grpc = require("@grpc/grpc-js") as typeof Grpc;
    const { enginePb, engineGrpc, Empty } = protocol();
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
    const bound = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    ).catch((err) => {
        server.forceShutdown();
        throw err;
    });
    return { address: `127.0.0.1:${bound}`, stop: () => server.forceShutdown() };
}

/** A localhost port free at the moment of asking (the kernel's choice). */
function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.once("error", reject);
        probe.listen(0, "127.0.0.1", () => {
            const { port } = probe.address() as net.AddressInfo;
            probe.close(() => resolve(port));
        });
    });
}

/**
 * Starts the pack in `packDir` and resolves once it listens. The pack is spawned first and
 * the engine service started while it boots, on a port chosen beforehand (the launcher
 * takes the engine's address as an argument): loading gRPC for the engine service does
 * not delay the pack. If another process took that port meanwhile, the pack is started
 * again after the engine service.
 */
export async function launchPack(packDir: string, options: AnalyzerOptions = {}): Promise<PackProcess> {
    const started = Date.now();
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml")) || !fs.existsSync(path.join(packDir, "package.json"))) {
        throw new Error(`${packDir} is not a policy pack: it needs PulumiPolicy.yaml and package.json`);
    }
    const dir = options.typeCheck ? path.resolve(packDir) : preparePack(packDir);
    const messages: PlanMessage[] = [];
    const port = await freePort();
    let child = spawnPack(dir, `127.0.0.1:${port}`, options);
    options.onSpawn?.();
    let engine: { address: string; stop(): void };
    try {
        engine = await startEngine(messages, port);
    } catch {
        child.kill();
        engine = await startEngine(messages);
        child = spawnPack(dir, engine.address, options);
    }
    try {
        const listening = await portOf(child, packDir, messages, options);
        return { child, port: listening, engine, messages, startMs: Date.now() - started };
    } catch (err) {
        child.kill();
        engine.stop();
        throw err;
    }
}

function spawnPack(dir: string, engineAddress: string, options: AnalyzerOptions, env: Record<string, string> = {}): ChildProcess {
    // A transpiled copy has no TypeScript to compile: the preload spares the launcher loading the compiler (pack-preload.ts).
    const preload = options.typeCheck ? [] : [...tsRegister.execArgv, "-r", path.join(__dirname, "pack-preload.ts")];
    return spawn(process.execPath, [...preload, policyPackLauncher(dir), engineAddress, dir], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
}

/** The port a starting pack prints on its first line; later lines become messages. */
function portOf(child: ChildProcess, packDir: string, messages: PlanMessage[], options: AnalyzerOptions): Promise<number> {
    let stderr = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
        stderr += chunk;
    });
    return new Promise<number>((resolve, reject) => {
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
        if (options.signal?.aborted) fail(new Error("the start of the policy pack was cancelled"));
        options.signal?.addEventListener("abort", () => fail(new Error("the start of the policy pack was cancelled")), { once: true });
    });
}

/**
 * A pack process spawned by another thread of this process (pack-thread.ts): the thread
 * that spawned it owns the process, this one talks to it. The pack's preload
 * (pack-preload.ts) writes the port it listens on to `portFile`, which this thread can
 * read while the spawning thread's event loop is busy.
 */
export interface SpawnedPack {
    pid: number;
    /** Where the pack's preload writes its port. */
    portFile: string;
    /** The port the engine service is to listen on (the address the pack was given). */
    enginePort: number;
}

/**
 * Spawns the pack in `packDir` for another thread to attach to (`attachPack`): resolves once
 * spawned, with the child. Its output after the port is collected by `onOutput`.
 */
export async function spawnPackForThread(packDir: string, options: { onExit(code: number | null, stderr: string): void; onOutput(line: string): void }): Promise<{ child: ChildProcess; spawned: SpawnedPack }> {
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml")) || !fs.existsSync(path.join(packDir, "package.json"))) {
        throw new Error(`${packDir} is not a policy pack: it needs PulumiPolicy.yaml and package.json`);
    }
    const dir = preparePack(packDir);
    const enginePort = await freePort();
    const portFile = path.join(require("os").tmpdir() as string, `landing-zone-pack-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.port`);
    const child = spawnPack(dir, `127.0.0.1:${enginePort}`, {}, { LZ_PACK_PORT_FILE: portFile });
    let stderr = "";
    let first = true;
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
        stderr += chunk;
    });
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
        const lines = chunk.split("\n").filter((l) => l.trim());
        // The first line is the port (read from the port file by the attached thread).
        if (first && lines.length > 0) {
            first = false;
            lines.shift();
        }
        for (const line of lines) options.onOutput(line);
    });
    child.on("exit", (code) => {
        fs.rmSync(portFile, { force: true });
        options.onExit(code, stderr.trim());
    });
    child.on("error", (err) => options.onExit(null, err.message));
    return { child, spawned: { pid: child.pid!, portFile, enginePort } };
}

/**
 * Attaches to a pack spawned by another thread (`spawnPackForThread`): starts the engine
 * service on the port the pack was given, waits for the pack's port file, and resolves
 * with the pack as `launchPack` does. `exited` resolves if the spawning thread sees the
 * process end first.
 */
export async function attachPack(packDir: string, spawned: SpawnedPack, exited: Promise<{ code: number | null; stderr: string }>, options: { startTimeoutSeconds?: number; signal?: AbortSignal } = {}): Promise<PackProcess> {
    const started = Date.now();
    const messages: PlanMessage[] = [];
    let exitCode: number | null = null;
    void exited.then(({ code }) => (exitCode = code ?? -1));
    const child: PackChild = {
        pid: spawned.pid,
        get exitCode() {
            return exitCode;
        },
        kill: () => {
            try {
                return process.kill(spawned.pid);
            } catch {
                return false;
            }
        },
    };
    // The pack never calls the engine while judging; if its port was taken meanwhile, the service listens elsewhere.
    const engine = await startEngine(messages, spawned.enginePort).catch(() => startEngine(messages));
    try {
        const port = await new Promise<number>((resolve, reject) => {
            const timeoutMs = (options.startTimeoutSeconds ?? 180) * 1000;
            const poll = setInterval(() => {
                let text: string;
                try {
                    text = fs.readFileSync(spawned.portFile, "utf8");
                } catch {
                    if (Date.now() - started > timeoutMs) done(new Error(`policy pack ${packDir} did not start within ${options.startTimeoutSeconds ?? 180} s`));
                    return;
                }
                const first = text.split("\n")[0].trim();
                done(/^\d+$/.test(first) ? Number(first) : new Error(`policy pack ${packDir} printed "${first}" instead of its port`));
            }, 2);
            const done = (result: number | Error): void => {
                clearInterval(poll);
                if (typeof result === "number") resolve(result);
                else reject(result);
            };
            void exited.then(({ code, stderr }) => done(new Error(`policy pack ${packDir} exited (code ${code}) before it was ready:\n${stderr}`)));
            if (options.signal?.aborted) done(new Error("the start of the policy pack was cancelled"));
            options.signal?.addEventListener("abort", () => done(new Error("the start of the policy pack was cancelled")), { once: true });
        });
        fs.rmSync(spawned.portFile, { force: true });
        return { child, port, engine, messages, startMs: Date.now() - started };
    } catch (err) {
        child.kill();
        engine.stop();
        throw err;
    }
}

/** Stops a started pack process and its engine service. */
export function stopPack(pack: PackProcess): void {
    if (pack.child.exitCode === null) pack.child.kill();
    pack.engine.stop();
}
