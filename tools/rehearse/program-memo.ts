/**
 * Program runs without the program: a rehearsal runs the same stack's program over and over
 * (every pass of a wave, the final `up`, and every rehearsal of a test file that deploys the
 * same definition first), and most of those runs see exactly what an earlier one saw. Running
 * the program under the SDK's mock runtime is nearly all of a rehearsal's CPU (the SDK's
 * registration path, its promises and protobuf messages); the engine's own work on what the
 * program registers is small. This memo records what a run did — every registration
 * announced, every resource registered or read, every data-source call, in order, and how
 * it ended — and replays it to the engine instead of running the program again.
 *
 * Why a replay cannot be stale. Within one process the program's code is fixed, and a run
 * depends on nothing but
 *  - what it is given: the definition (its content, as the loader returns it), the unit,
 *    the stack name and the stack's config — the memo's key (`memoKey`); and
 *  - what the engine answers it: the id and outputs of each resource it registers (which
 *    carry the stack's prior state, the generation of each physical object, and any failure
 *    the simulated AWS raises), the outputs of each stack it references, and each
 *    data-source result.
 * The replay does not trust a recorded answer: it performs each recorded event on the real
 * engine and compares the engine's answer with the one the recorded run got. Only while
 * every answer so far is the same is the program's next event known to be the recorded one.
 * Recordings form a tree (one branch per distinct answer), so runs that answer differently
 * (a first deploy, a second pass with another stack's outputs, a final `up` against the
 * state) each replay their own branch. When an answer was never seen, the program runs for
 * real from the start, served the answers the replay already got from the engine for the
 * events it already performed (the program asks for exactly those first: same inputs, same
 * answers), and the engine sees only the events after them; that run extends the tree. A
 * real run that asks for anything else than what was replayed is a broken assumption
 * (something the program reads is missing from the key): it stops the step with an error
 * instead of going on with a wrong state.
 *
 * The definition file's name is not part of the key: the program only names it in messages
 * (program/index.ts, program/network.ts, program/org.ts, program/privatelink-governance.ts), so
 * messages are stored with the name as a placeholder and get the current name back on
 * replay. A recording in which the name reaches a registration, a call or the stack's
 * outputs is not kept, and its key is never memoized again.
 *
 * `LZ_REHEARSE_MEMO=0` turns the memo off (every run runs the program), to compare.
 */
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import { PlannedResource } from "../../analysis/plan-records";
import { PlanMessage } from "../plan/model";
import { RegistrationOptions } from "../plan/mock-runtime";

/** One thing a program run did that reached the engine, in program order. */
export type ProgramEvent =
    | { kind: "announce"; record: PlannedResource; options: RegistrationOptions }
    | { kind: "resource"; args: pulumi.runtime.MockResourceArgs }
    | { kind: "call"; args: pulumi.runtime.MockCallArgs };

/** What the engine answered an event (or threw). */
export type Answer = { value: unknown } | { error: unknown };

/** How a run ended: what `up` takes from it. */
export type RunEnd = { ok: true; messages: PlanMessage[]; stackOutputs: Record<string, unknown> } | { ok: false; message: string };

/** The engine a program run talks to (the rehearsal's step). */
export interface ProgramEngine {
    announce(record: PlannedResource, options: RegistrationOptions): void;
    newResource(args: pulumi.runtime.MockResourceArgs): unknown;
    call(args: pulumi.runtime.MockCallArgs): unknown;
}

type Node = { event: ProgramEvent; eventSig: string; next: Map<string, Node> } | { end: RunEnd };

interface Root {
    node: Node;
    events: number;
}

/** What the memo did, for tests and the benchmark. */
export interface MemoStats {
    /** Runs answered wholly by a replay. */
    replays: number;
    /** Runs whose replay met an answer never seen, then ran the program (counted in `programRuns`). */
    diverged: number;
    /** Runs that ran the program. */
    programRuns: number;
    /** Events performed from recordings (replays and replayed prefixes). */
    replayedEvents: number;
}

const PATH_PLACEHOLDER = "\u0000definition-file\u0000";

/**
 * The text of a value as the engine's wire sees it: JSON (what the SDK serializes of an
 * answer is JSON-like data; a property set to `undefined` is left out, as the SDK's
 * serializeProperties leaves it out).
 */
function text(value: unknown): string {
    return JSON.stringify(value) ?? "";
}

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "base64") => string }).hash;

function digest(s: string): string {
    return oneShot ? oneShot("sha1", s, "base64") : crypto.createHash("sha1").update(s).digest("base64");
}

function answerSig(answer: Answer): string {
    if ("error" in answer) {
        const e = answer.error;
        return digest(`!${e instanceof Error ? `${e.constructor.name}: ${e.message}` : text(e)}`);
    }
    return digest(text(answer.value));
}

/**
 * What identifies an event when a real run is checked against the replay before it: its
 * kind and the resource or function it names. (Its inputs follow from the same key and the
 * same answers; a run that asked for another resource is the failure this catches.)
 */
function eventSigOf(event: ProgramEvent): string {
    if (event.kind === "announce") return `announce\u0000${event.record.urn}`;
    if (event.kind === "call") return `call\u0000${event.args.token}\u0000${event.args.provider ?? ""}`;
    return `resource\u0000${event.args.type}\u0000${event.args.name}\u0000${event.args.provider ?? ""}\u0000${event.args.id ?? ""}`;
}

function eventText(event: ProgramEvent): string {
    return event.kind === "announce" ? text(["announce", event.record, event.options]) : text([event.kind, event.args]);
}

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
}

function perform(engine: ProgramEngine, event: ProgramEvent): Answer {
    try {
        if (event.kind === "announce") {
            // The state keeps a resource's options: its own copy, as a real run gives it, not the recording's.
            const o = event.options;
            engine.announce(event.record, { ...o, ignoreChanges: [...o.ignoreChanges], replaceOnChanges: [...o.replaceOnChanges] });
            return { value: undefined };
        }
        return { value: event.kind === "resource" ? engine.newResource(event.args) : engine.call(event.args) };
    } catch (error) {
        return { error };
    }
}

function replacePath(s: string, from: string, to: string): string {
    return from === "" ? s : s.split(from).join(to);
}

function withPath(end: RunEnd, file: string): RunEnd {
    if (!end.ok) return { ok: false, message: replacePath(end.message, PATH_PLACEHOLDER, file) };
    return {
        ok: true,
        messages: end.messages.map((m) => ({ ...m, message: replacePath(m.message, PATH_PLACEHOLDER, file) })),
        // The state backend keeps these; a copy, so no stack ever shares an object with another run.
        stackOutputs: structuredClone(end.stackOutputs),
    };
}

function withoutPath(end: RunEnd, file: string): RunEnd {
    if (!end.ok) return { ok: false, message: replacePath(end.message, file, PATH_PLACEHOLDER) };
    return { ok: true, messages: end.messages.map((m) => ({ ...m, message: replacePath(m.message, file, PATH_PLACEHOLDER) })), stackOutputs: structuredClone(end.stackOutputs) };
}

/** Thrown (out of `up`) when a real run does not ask for what the replay before it performed. */
export class MemoInvariantError extends Error {}

/**
 * The mocks of a real run: forwards each event to the engine and records it with its
 * answer — except the first `served` events, which the replay before it already performed
 * on the engine: those are answered with the answers the engine gave then, after checking
 * that the program asks for the same thing.
 */
class Tape implements pulumi.runtime.Mocks {
    readonly log: { event: ProgramEvent; eventSig: string; answer: Answer; answerSig: string }[] = [];
    broken?: string;

    constructor(
        private readonly engine: ProgramEngine,
        private readonly served: { event: ProgramEvent; eventSig: string; answer: Answer; answerSig: string }[],
        /** Whether the log is kept for the memo (else the answers' texts are not worth making). */
        private readonly recording: boolean,
    ) {}

    private take(event: ProgramEvent): unknown {
        const i = this.log.length;
        const eventSig = eventSigOf(event);
        if (i < this.served.length) {
            const prior = this.served[i];
            if (prior.eventSig !== eventSig) {
                this.broken ??= `request ${i + 1} of the run is ${eventText(event).slice(0, 300)}, but the replay before it performed ${eventText(prior.event).slice(0, 300)}`;
            }
            this.log.push({ ...prior, event, eventSig });
            if ("error" in prior.answer) throw prior.answer.error;
            return prior.answer.value;
        }
        const answer = perform(this.engine, event);
        this.log.push({ event, eventSig, answer, answerSig: this.recording ? answerSig(answer) : "" });
        if ("error" in answer) throw answer.error;
        return answer.value;
    }

    announce(record: PlannedResource, options: RegistrationOptions): void {
        this.take({ kind: "announce", record, options });
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        return this.take({ kind: "resource", args }) as { id: string | undefined; state: Record<string, unknown> };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        return this.take({ kind: "call", args }) as Record<string, unknown>;
    }
}

/** A real run: the program under mocks that `Tape` gives, its registrations to `onRegistration`. */
export type RealRun = (mocks: pulumi.runtime.Mocks, onRegistration: (record: PlannedResource, options: RegistrationOptions) => void) => Promise<RunEnd>;

export class ProgramMemo {
    private readonly roots = new Map<string, Root>();
    /** Keys whose recordings carried the definition file's name: never memoized. */
    private readonly unsafe = new Set<string>();
    readonly stats: MemoStats = { replays: 0, diverged: 0, programRuns: 0, replayedEvents: 0 };

    /**
     * @param maxEvents events kept in all (the recordings of the least recently used keys are
     *   dropped beyond it: a 1,000-spoke rehearsal records about 80,000). @default 200000
     * @param maxEventsPerKey events kept per key before its recordings are dropped and started again. @default 50000
     */
    constructor(
        private readonly maxEvents = 200_000,
        private readonly maxEventsPerKey = 50_000,
    ) {}

    /** Forgets every recording (and the counts). */
    clear(): void {
        this.roots.clear();
        this.unsafe.clear();
        this.events = 0;
        Object.assign(this.stats, { replays: 0, diverged: 0, programRuns: 0, replayedEvents: 0 });
    }

    /**
     * Runs the program of `key` against `engine`: a replay when every answer matches a
     * recording, else `realRun` (served the replayed prefix). `key` undefined: always real.
     * `definitionFile` is the name the program was given (see the header).
     */
    async run(key: string | undefined, definitionFile: string, engine: ProgramEngine, realRun: RealRun): Promise<RunEnd> {
        if (key === undefined || this.unsafe.has(key)) return this.real(undefined, definitionFile, engine, realRun, []);
        const root = this.roots.get(key);
        const performed: Tape["log"] = [];
        if (root) {
            this.roots.delete(key);
            this.roots.set(key, root);
            let node = root.node;
            while ("event" in node) {
                const answer = perform(engine, node.event);
                const sig = answerSig(answer);
                performed.push({ event: node.event, eventSig: node.eventSig, answer, answerSig: sig });
                this.stats.replayedEvents++;
                const next = node.next.get(sig);
                if (!next) break;
                node = next;
            }
            if ("end" in node) {
                this.stats.replays++;
                return withPath(node.end, definitionFile);
            }
            this.stats.diverged++;
        }
        return this.real(key, definitionFile, engine, realRun, performed);
    }

    private async real(key: string | undefined, definitionFile: string, engine: ProgramEngine, realRun: RealRun, served: Tape["log"]): Promise<RunEnd> {
        this.stats.programRuns++;
        const tape = new Tape(engine, served, key !== undefined);
        const end = await realRun(tape, (record, options) => tape.announce(record, options));
        if (tape.broken === undefined && tape.log.length < served.length) {
            tape.broken = `the run made ${tape.log.length} requests, but the replay before it performed ${served.length}`;
        }
        if (tape.broken !== undefined) {
            throw new MemoInvariantError(`the rehearsal's program memo (tools/rehearse/program-memo.ts): a program run did not repeat what its replay did — ${tape.broken}. Something the program reads is missing from the memo's key; run with LZ_REHEARSE_MEMO=0 meanwhile`);
        }
        if (key !== undefined) {
            this.record(key, definitionFile, tape.log, end);
            this.trim(key);
        }
        return end;
    }

    private record(key: string, definitionFile: string, log: Tape["log"], end: RunEnd): void {
        const name = definitionFile === "" ? undefined : JSON.stringify(definitionFile).slice(1, -1);
        // An announcement repeats its resource's type and name (in its URN), which the resource's own event carries.
        const named = (e: ProgramEvent): boolean => e.kind !== "announce" && eventText(e).includes(name!);
        if (name !== undefined && (log.some((e) => named(e.event)) || (end.ok && text(end.stackOutputs).includes(name)))) {
            this.unsafe.add(key);
            this.drop(key);
            return;
        }
        let root = this.roots.get(key);
        if (root && root.events + log.length > this.maxEventsPerKey) {
            this.drop(key);
            root = undefined;
        }
        const stored = withoutPath(end, definitionFile);
        if (!root) {
            if (log.length === 0) {
                root = { node: { end: stored }, events: 0 };
            } else {
                root = { node: { event: deepFreeze(log[0].event), eventSig: log[0].eventSig, next: new Map() }, events: 1 };
                this.events++;
            }
            this.roots.set(key, root);
        }
        let node = root.node;
        for (let i = 0; ; i++) {
            if (!("event" in node)) return; // the same run again (a replay would have answered it)
            if (node.eventSig !== log[i]?.eventSig) {
                // A real run repeating the recorded answers asked for something else: the same
                // broken assumption as in `real`.
                throw new MemoInvariantError(`the rehearsal's program memo (tools/rehearse/program-memo.ts): two runs of one key got the same answers but made different requests (request ${i + 1}). Something the program reads is missing from the memo's key; run with LZ_REHEARSE_MEMO=0 meanwhile`);
            }
            const sig = log[i].answerSig;
            let next = node.next.get(sig);
            if (!next) {
                next = i + 1 < log.length ? { event: deepFreeze(log[i + 1].event), eventSig: log[i + 1].eventSig, next: new Map() } : { end: stored };
                node.next.set(sig, next);
                root.events++;
                this.events++;
            }
            node = next;
        }
    }

    /** Events held in all recordings. */
    private events = 0;

    private drop(key: string): void {
        const root = this.roots.get(key);
        if (!root) return;
        this.events -= root.events;
        this.roots.delete(key);
    }

    /** Drops the recordings of the least recently used keys (never `keep`'s) until at most `maxEvents` are held. */
    private trim(keep: string): void {
        for (const key of this.roots.keys()) {
            if (this.events <= this.maxEvents) return;
            if (key !== keep) this.drop(key);
        }
    }
}

/**
 * The memo's key: everything a run reads besides the engine's answers (see the header).
 * `definition` is what the loader returned for the definition file (its content, with any
 * diagnostics); `config` the stack's config without the definition file's name.
 */
export function memoKey(parts: { definition: unknown; unit: string; stack: string; config: Record<string, string> }): string {
    const config = Object.keys(parts.config)
        .sort()
        .map((k) => [k, parts.config[k]]);
    return digest(text([definitionDigest(parts.definition), parts.unit, parts.stack, config]));
}

const definitionDigests = new WeakMap<object, string>();

/** The digest of a loaded definition; a frozen result (the loader's cache) is digested once. */
function definitionDigest(definition: unknown): string {
    if (definition === null || typeof definition !== "object") return digest(text(definition));
    const known = definitionDigests.get(definition);
    if (known !== undefined) return known;
    const d = digest(text(definition));
    if (Object.isFrozen(definition)) definitionDigests.set(definition, d);
    return d;
}
