/**
 * A child process of `planUnitsInParallel` (parallel.ts): plans the units its parent
 * sends, one after the other, each as its own stack (`<env>-<unit>`) under fresh mock
 * state with synthesized outputs of the other stacks — as the per-account stacks deploy —
 * and judges each plan with its own policy pack process while it plans the next one.
 *
 * Messages (node IPC): in `init`, `plan`, `finish`; out `ready`, `planned`, `judged`,
 * `finished`, `failed`. Their shapes are in parallel.ts.
 */
import { deferUnusedSdkModules } from "./sdk-internals";
// Before anything loads the SDK (imports below): it then loads without the modules a plan never uses (sdk-internals.ts).
deferUnusedSdkModules();
import { createDefinitionCache, DefinitionCache } from "./definition-cache";
import { PolicySession } from "./analyzer";
import { PlanError } from "./errors";
import { loadForPlan, planProgram } from "./run";
import type { Definition } from "../../definition/schema";
import type { ToWorker, FromWorker } from "./parallel";

function send(message: FromWorker): void {
    process.send!(message);
}

async function main(): Promise<void> {
    // Every unit loads the same definition: load and validate it once per distinct content
    // (the parent's load, when it sends one, counts as the first).
    let loadDefinition: DefinitionCache = createDefinitionCache();
    let init: Extract<ToWorker, { type: "init" }> | undefined;
    // The pack starts (seconds) while the first units are planned.
    let starting: Promise<PolicySession> | undefined;
    let session: PolicySession | undefined;
    let definition: Definition | undefined;
    // Judging runs behind planning: one plan is judged while the next is planned.
    let judging: Promise<void> = Promise.resolve();
    let finished!: () => void;
    const done = new Promise<void>((resolve) => {
        finished = resolve;
    });

    const fail = (unit: string | undefined, err: unknown): void => {
        const kind = err instanceof PlanError ? err.kind : "internal";
        send({ type: "failed", unit, kind, message: err instanceof Error ? err.message : String(err) });
    };

    process.on("message", (message: ToWorker) => {
        void (async () => {
            try {
                if (message.type === "init") {
                    init = message;
                    if (message.definition) loadDefinition = createDefinitionCache(message.definition);
                    // Before the pack starts: a definition that does not load stops the worker
                    // with no pack process left behind (with the parent's seed this is a read).
                    definition = loadForPlan(message.definitionFile, loadDefinition).definition;
                    if (message.pack) {
                        starting = PolicySession.start({ packDir: message.pack.packDir, config: message.pack.config });
                        starting.then(
                            (started) => {
                                session = started;
                            },
                            (err) => fail(undefined, err),
                        );
                    }
                    send({ type: "ready" });
                } else if (message.type === "plan") {
                    const started = Date.now();
                    const plan = await planProgram({ definitionFile: init!.definitionFile, unit: message.unit, definition, loadDefinition });
                    const planMs = Date.now() - started;
                    send({
                        type: "planned",
                        unit: message.unit,
                        stack: plan.stack,
                        summary: plan.summary,
                        messages: plan.messages ?? [],
                        planMs,
                        ...(init!.keepResources ? { plan } : {}),
                    });
                    if (starting) {
                        const pack = starting;
                        judging = judging.then(async () => {
                            try {
                                const judge = await pack;
                                const t0 = Date.now();
                                const { violations } = await judge.judge(plan);
                                send({ type: "judged", unit: message.unit, violations, judgeMs: Date.now() - t0 });
                            } catch (err) {
                                fail(message.unit, err);
                            }
                        });
                    }
                } else if (message.type === "finish") {
                    await judging;
                    await starting?.catch(() => undefined);
                    send({
                        type: "finished",
                        peakBytes: process.resourceUsage().maxRSS * 1024,
                        cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
                        packPeakBytes: session?.peakMemoryBytes(),
                        packCpuSeconds: session?.cpuSeconds(),
                        packMessages: session?.messages ?? [],
                    });
                    session?.close();
                    finished();
                }
            } catch (err) {
                fail(message.type === "plan" ? message.unit : undefined, err);
            }
        })();
    });
    // The parent stops a worker (SIGTERM) when any unit fails: stop its pack process too.
    process.once("SIGTERM", () => {
        void starting?.then((started) => started.close(), () => undefined).finally(() => process.exit(1));
        if (!starting) process.exit(1);
    });
    send({ type: "started" });
    await done;
    process.disconnect();
}

main().catch((err) => {
    process.stderr.write(`unit worker: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
});
