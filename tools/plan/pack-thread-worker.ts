/**
 * The worker thread of pack-thread.ts: attaches to the policy pack the plan's thread spawned and is the plan's side of the
 * Analyzer protocol (GetAnalyzerInfo, Configure, ConfigureStack, Analyze, AnalyzeStack), with
 * the requests the plan's thread encodes. Here, and not in the plan's thread, because that
 * thread runs the program as one long chain of promise jobs: its event loop does not turn
 * until the program ends, so no socket of its own is read or written meanwhile. This
 * thread's loop turns while the program runs, so the pack is started, configured and judges
 * each resource as it is registered, as in a preview.
 *
 * Messages (pack-thread.ts): in `analyze`, `finish`, `config`, `exited`, `close`; out `info` (the
 * running pack's policies, answered with `config`), `progress`, `result`, `failed`.
 */
import { MessagePort, workerData } from "worker_threads";
import type * as Analyzer from "./analyzer";
import type { AnalyzerInfo, PolicyPackConfig } from "./analyzer";
import { attachPack, PackProcess, SpawnedPack, stopPack } from "./pack-process";
import type { ToPack, FromPack } from "./pack-thread";

const { port, packDir, spawned } = workerData as { port: MessagePort; packDir: string; spawned: SpawnedPack };
const send = (message: FromPack): void => port.postMessage(message);

// The plan's thread has spawned the pack's process; it tells this one if the process ends.
let ended!: (exit: { code: number | null; stderr: string }) => void;
const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => (ended = resolve));
const stopping = new AbortController();
const launched: Promise<PackProcess> = attachPack(packDir, spawned, exited, { signal: stopping.signal });
// Its failure is reported when the plan asks for the result.
launched.catch(() => undefined);
judge();

/** The pack's client. */
function judge(): void {
    const { PolicySession } = require("./analyzer") as typeof Analyzer;
    let configured!: (config: PolicyPackConfig) => void;
    let unconfigured!: (err: Error) => void;
    const config = new Promise<PolicyPackConfig>((resolve, reject) => {
        configured = resolve;
        unconfigured = reject;
    });
    config.catch(() => undefined);
    const session = PolicySession.start({
        packDir,
        launched,
        // The plan's thread builds the config from what the running pack reports of itself.
        config: (info: AnalyzerInfo) => {
            send({ type: "info", info });
            return config;
        },
        onProgress: (done, total) => send({ type: "progress", done, total }),
    });
    session.catch(() => undefined);
    const judgement = PolicySession.judging(session);

    async function finish(stackUrn: string, request: Uint8Array): Promise<void> {
        try {
            const { violations } = await judgement.finishEncoded(stackUrn, () => request);
            const s = await session;
            send({ type: "result", violations, info: { name: s.info.name, version: s.info.version }, messages: s.messages });
        } catch (err) {
            send({ type: "failed", message: err instanceof Error ? err.message : String(err) });
        }
    }

    async function close(): Promise<void> {
        stopping.abort();
        // A start still waiting for its config gives up (and stops the pack).
        unconfigured(new Error("the plan stopped before the policy pack was configured"));
        // A session that started owns the pack (a failed start stopped it); otherwise stop it here.
        await session.then(
            (s) => s.close(),
            () => launched.then(stopPack, () => undefined),
        );
        port.close();
    }

    port.on("message", (message: ToPack) => {
        switch (message.type) {
            case "config":
                configured(message.config);
                break;
            case "analyze":
                for (const { urn, request } of message.requests) judgement.analyzeEncoded(urn, request);
                break;
            case "finish":
                void finish(message.stackUrn, message.request);
                break;
            case "close":
                void close();
                break;
            case "exited":
                ended(message);
                break;
        }
    });
}
