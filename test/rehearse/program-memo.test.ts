/**
 * The rehearsal's program memo (tools/rehearse/program-memo.ts): a run is replayed only
 * while every answer of the engine is the one an earlier run of the same key got, and a
 * replay leaves exactly what running the program leaves. Each ingredient of what a run
 * reads — the definition's content, the unit, the stack, the config, the outputs of a
 * referenced stack, the stack's prior state — is changed in turn: each change must run the
 * program again (a miss), and the step must end exactly as it does with the memo off.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { createDefinitionCache } from "../../tools/plan/definition-cache";
import { loadDefinitionFile } from "../../program/load";
import { Definition } from "../../definition/schema";
import { Cloud } from "../../tools/rehearse/aws-sim";
import { StateBackend, StepOutcome, up } from "../../tools/rehearse/engine";
import { MemoInvariantError, MemoStats, ProgramEngine, ProgramMemo, RealRun } from "../../tools/rehearse/program-memo";
import { rehearse } from "../../tools/rehearse/rehearse";

const root = path.resolve(__dirname, "..", "..");
const dev = path.join(root, "stacks", "dev.yaml");

function definitionOf(file: string): Definition {
    const { definition } = loadDefinitionFile(file);
    assert.ok(definition, file);
    return definition;
}

/** A copy of `file` (its text edited by `edit`) in a fresh directory, under the same name. */
function copyOf(file: string, edit: (text: string) => string = (t) => t): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-memo-"));
    const out = path.join(dir, path.basename(file));
    fs.writeFileSync(out, edit(fs.readFileSync(file, "utf8")));
    return out;
}

interface World {
    file: string;
    definition: Definition;
    cloud: Cloud;
    backend: StateBackend;
    loader: ReturnType<typeof createDefinitionCache>;
}

function world(file = dev): World {
    const definition = definitionOf(file);
    return { file, definition, cloud: new Cloud([...new Set(Object.values(definition.accounts))]), backend: new StateBackend(), loader: createDefinitionCache() };
}

function step(w: World, unit: string, memo: ProgramMemo | false, extra: { stack?: string; config?: Record<string, string> } = {}): Promise<StepOutcome> {
    return up({
        definitionFile: w.file,
        definition: w.definition,
        loadDefinition: w.loader,
        cloud: w.cloud,
        backend: w.backend,
        stack: extra.stack ?? `${w.definition.environment}-${unit}`,
        unit,
        config: extra.config,
        memo,
    });
}

/** Everything a step leaves: its outcome, every stack's state and outputs, every object of the simulated AWS. */
function left(w: World, outcome: StepOutcome): unknown {
    const stacks = [...w.backend.stacks].map(([name, s]) => [name, [...s.resources], s.outputs, s.pendingDeletes]);
    return JSON.parse(JSON.stringify({ outcome, stacks, cloud: w.cloud.all() }));
}

/** Runs `scenario` with the memo off and with `memo`, and asserts both leave the same. */
async function sameAsWithoutMemo(memo: ProgramMemo, scenario: (memo: ProgramMemo | false) => Promise<{ w: World; outcome: StepOutcome }>): Promise<void> {
    const plain = await scenario(false);
    const memoized = await scenario(memo);
    assert.deepStrictEqual(left(memoized.w, memoized.outcome), left(plain.w, plain.outcome));
}

function delta(memo: ProgramMemo, before: MemoStats): MemoStats {
    return {
        replays: memo.stats.replays - before.replays,
        diverged: memo.stats.diverged - before.diverged,
        programRuns: memo.stats.programRuns - before.programRuns,
        replayedEvents: memo.stats.replayedEvents - before.replayedEvents,
    };
}

describe("the rehearsal's program memo", function () {
    this.timeout(180_000);

    describe("against the landing-zone program (dev: network, then the spoke api, which reads it)", () => {
        const memo = new ProgramMemo();
        /** dev's network deployed (without the memo), then `unit`'s up with `memo`. */
        const afterNetwork = async (m: ProgramMemo | false, opts: { file?: string; unit?: string; stack?: string; config?: Record<string, string>; before?: (w: World) => void | Promise<void> } = {}) => {
            const w = world(opts.file);
            const network = await step(w, "network", false);
            assert.strictEqual(network.outcome, "ok", network.message);
            await opts.before?.(w);
            return { w, outcome: await step(w, opts.unit ?? "api", m, { stack: opts.stack, config: opts.config }) };
        };

        it("records a first run, then replays a run with the same key and answers, leaving exactly what running the program leaves", async () => {
            let s = { ...memo.stats };
            await sameAsWithoutMemo(memo, (m) => afterNetwork(m));
            assert.deepStrictEqual({ ...delta(memo, s), replayedEvents: 0 }, { replays: 0, diverged: 0, programRuns: 1, replayedEvents: 0 });
            s = { ...memo.stats };
            await sameAsWithoutMemo(memo, (m) => afterNetwork(m));
            const d = delta(memo, s);
            assert.deepStrictEqual({ ...d, replayedEvents: 0 }, { replays: 1, diverged: 0, programRuns: 0, replayedEvents: 0 });
            assert.ok(d.replayedEvents > 50, `replayed ${d.replayedEvents} events`);
        });

        const misses: [string, (m: ProgramMemo | false) => Promise<{ w: World; outcome: StepOutcome }>, "new key" | "new answer"][] = [
            ["the definition's content (api's CIDR)", (m) => afterNetwork(m, { file: copyOf(dev, (t) => t.replace("cidr: 10.2.0.0/16", "cidr: 10.9.0.0/16")) }), "new key"],
            ["the unit (batch instead of api)", (m) => afterNetwork(m, { unit: "batch" }), "new key"],
            ["the stack's name", (m) => afterNetwork(m, { stack: "dev-api-copy" }), "new key"],
            ["the stack's config", (m) => afterNetwork(m, { config: { "landing-zone:stackReferencePrefix": "other-org/landing-zone/" } }), "new key"],
            [
                "the outputs of the stack it references",
                (m) =>
                    afterNetwork(m, {
                        before: (w) => {
                            const state = w.backend.get("dev-network");
                            state.outputs = JSON.parse(JSON.stringify(state.outputs).replace(/tgw-[0-9a-f]+/g, "tgw-0123456789abcdef0"));
                        },
                    }),
                "new answer",
            ],
            [
                "the stack's prior state (an id the program reads)",
                (m) =>
                    afterNetwork(m, {
                        before: async (w) => {
                            assert.strictEqual((await step(w, "api", false)).outcome, "ok");
                            const state = w.backend.get("dev-api");
                            const vpc = [...state.resources.values()].find((r) => r.type === "aws:ec2/vpc:Vpc");
                            assert.ok(vpc, "dev-api has a VPC");
                            state.resources.set(vpc.urn, { ...vpc, id: "vpc-0aaaaaaaaaaaaaaaa", outputs: { ...vpc.outputs, id: "vpc-0aaaaaaaaaaaaaaaa" } });
                        },
                    }),
                "new answer",
            ],
        ];
        for (const [ingredient, scenario, kind] of misses) {
            it(`runs the program again when ${ingredient} changes (${kind}), and ends as without the memo`, async () => {
                // The unchanged run is recorded first, so a stale hit had something to hit.
                await afterNetwork(memo);
                const s = { ...memo.stats };
                await sameAsWithoutMemo(memo, scenario);
                const d = delta(memo, s);
                assert.strictEqual(d.replays, 0, `no replay: ${JSON.stringify(d)}`);
                assert.strictEqual(d.programRuns, 1, `the program ran: ${JSON.stringify(d)}`);
                assert.strictEqual(d.diverged, kind === "new answer" ? 1 : 0, JSON.stringify(d));
            });
        }

        it("replays the same content under another file name (the name only reaches messages)", async () => {
            await afterNetwork(memo);
            const s = { ...memo.stats };
            await sameAsWithoutMemo(memo, (m) => afterNetwork(m, { file: copyOf(dev) }));
            assert.strictEqual(delta(memo, s).replays, 1);
        });

        it("a whole rehearsal (deploy, converge, destroy) ends the same with the memo off, with a fresh memo and with a memo that replays most of it", async () => {
            const m = new ProgramMemo();
            const plain = await rehearse({ definitionFile: dev, destroy: true, memo: false });
            const first = await rehearse({ definitionFile: dev, destroy: true, memo: m });
            const runs = m.stats.programRuns;
            const second = await rehearse({ definitionFile: copyOf(dev), destroy: true, memo: m });
            assert.deepStrictEqual(first, plain);
            assert.deepStrictEqual(second, plain);
            assert.ok(m.stats.replays > 0 && m.stats.programRuns === runs, JSON.stringify(m.stats));
        });
    });

    describe("replay, divergence and the checks on the program", () => {
        /** An engine that answers each resource with a counter it keeps (so answers can change). */
        const engine = (answers: Record<string, unknown>, seen: string[]): ProgramEngine => ({
            announce: () => undefined,
            newResource: (args) => {
                seen.push(args.name);
                return { id: `${args.name}-id`, state: { v: answers[args.name] ?? 0 } };
            },
            call: () => ({}),
        });
        const args = (name: string): pulumi.runtime.MockResourceArgs => ({ type: "test:Thing", name, inputs: { name }, custom: true });
        /** A program of three resources; the third's name depends on the second's answer, the message names the file. */
        const program =
            (file: string, runs: { n: number }): RealRun =>
            async (mocks) => {
                runs.n++;
                await mocks.newResource(args("a"));
                const b = (await mocks.newResource(args("b"))) as unknown as { state: { v: number } };
                await mocks.newResource(args(`c${b.state.v}`));
                return { ok: true, messages: [{ severity: "info", message: `${file}: done` }], stackOutputs: { b: b.state.v } };
            };

        it("replays a run whose answers are all the same; a new answer runs the program, served the answers the engine already gave", async () => {
            const memo = new ProgramMemo();
            const runs = { n: 0 };
            const seen: string[] = [];
            await memo.run("k", "/x/dev.yaml", engine({}, seen), program("/x/dev.yaml", runs));
            const replayed = await memo.run("k", "/y/dev.yaml", engine({}, seen), program("/y/dev.yaml", runs));
            assert.deepStrictEqual(replayed, { ok: true, messages: [{ severity: "info", message: "/y/dev.yaml: done" }], stackOutputs: { b: 0 } });
            assert.strictEqual(runs.n, 1);
            assert.deepStrictEqual(seen, ["a", "b", "c0", "a", "b", "c0"]);
            seen.length = 0;
            const diverged = await memo.run("k", "/x/dev.yaml", engine({ b: 7 }, seen), program("/x/dev.yaml", runs));
            assert.deepStrictEqual(diverged, { ok: true, messages: [{ severity: "info", message: "/x/dev.yaml: done" }], stackOutputs: { b: 7 } });
            assert.strictEqual(runs.n, 2);
            // The engine saw each request once: a and b from the replay, c7 from the program.
            assert.deepStrictEqual(seen, ["a", "b", "c7"]);
            // Both branches now replay.
            seen.length = 0;
            await memo.run("k", "/x/dev.yaml", engine({ b: 7 }, seen), program("/x/dev.yaml", runs));
            await memo.run("k", "/x/dev.yaml", engine({}, seen), program("/x/dev.yaml", runs));
            assert.strictEqual(runs.n, 2);
            assert.deepStrictEqual(seen, ["a", "b", "c7", "a", "b", "c0"]);
        });

        it("stops with MemoInvariantError when a program asks for something else than its replay performed (something it reads is not in the key)", async () => {
            const memo = new ProgramMemo();
            let flavour = "c";
            // The second request depends on `flavour`; the third's answer changes, so the program runs again.
            const reading: RealRun = async (mocks) => {
                await mocks.newResource(args("a"));
                await mocks.newResource(args(flavour));
                await mocks.newResource(args("b"));
                return { ok: true, messages: [], stackOutputs: {} };
            };
            await memo.run("k", "f", engine({}, []), reading);
            flavour = "d"; // read from outside the key
            await assert.rejects(memo.run("k", "f", engine({ b: 1 }, []), reading), (err: Error) => err instanceof MemoInvariantError && /did not repeat|different requests/.test(err.message));
        });

        it("never keeps a recording in which the definition file's name reaches a registration", async () => {
            const memo = new ProgramMemo();
            const runs = { n: 0 };
            const naming: RealRun = async (mocks) => {
                runs.n++;
                await mocks.newResource({ type: "test:Thing", name: "a", inputs: { source: "/x/dev.yaml" }, custom: true });
                return { ok: true, messages: [], stackOutputs: {} };
            };
            await memo.run("k", "/x/dev.yaml", engine({}, []), naming);
            await memo.run("k", "/x/dev.yaml", engine({}, []), naming);
            assert.strictEqual(runs.n, 2);
            assert.strictEqual(memo.stats.replays, 0);
        });

        it("keeps at most maxEvents events, dropping the recordings of the least recently used keys", async () => {
            const memo = new ProgramMemo(4);
            const runs = { n: 0 };
            await memo.run("a", "f", engine({}, []), program("f", runs)); // 3 events
            await memo.run("a", "f", engine({}, []), program("f", runs));
            assert.deepStrictEqual([runs.n, memo.stats.replays], [1, 1]);
            await memo.run("b", "f", engine({}, []), program("f", runs)); // 6 > 4: a's dropped
            await memo.run("b", "f", engine({}, []), program("f", runs));
            await memo.run("a", "f", engine({}, []), program("f", runs));
            assert.deepStrictEqual([runs.n, memo.stats.replays], [3, 2]);
        });

        it("runs the program every time without a key", async () => {
            const memo = new ProgramMemo();
            const runs = { n: 0 };
            await memo.run(undefined, "f", engine({}, []), program("f", runs));
            await memo.run(undefined, "f", engine({}, []), program("f", runs));
            assert.strictEqual(runs.n, 2);
        });
    });
});
