/**
 * Reading a rehearsal's steps (the `--json` records) in the reviews' case-by-case checks:
 * which step of which stage created, updated, replaced or deleted what, in which wave.
 */
import { strict as assert } from "assert";
import { exitCodeOf } from "../../../tools/rehearse/rehearse";
import { RehearsalResult, StepRecord } from "../../../tools/rehearse/model";
import { explain } from "./changes";

/** A resource's logical name (the last part of its URN). */
export const name = (urn: string): string => urn.split("::").pop()!;

/** The steps of one stage (the change, by default). */
export const changeSteps = (r: RehearsalResult, stage = "change"): StepRecord[] => r.steps.filter((s) => s.stage === stage);

export type Op = "created" | "updated" | "replaced" | "deletes";

/** Steps of `stage` (of a stack matching `stack`) that did `op` on a resource of `type` (any type when undefined) whose name matches. */
export function did(r: RehearsalResult, op: Op, type: string | undefined, match: RegExp, stack?: RegExp, stage = "change"): { step: StepRecord; urn: string }[] {
    const out: { step: StepRecord; urn: string }[] = [];
    for (const step of changeSteps(r, stage)) {
        if (stack && !stack.test(step.stack)) continue;
        for (const x of step[op] as { urn: string; type: string }[]) if ((!type || x.type === type) && match.test(name(x.urn))) out.push({ step, urn: x.urn });
    }
    return out;
}

/** The waves of the steps of `hits`. */
export const waves = (hits: { step: StepRecord }[]): number[] => hits.map((h) => h.step.wave);

/** The rehearsal passed (exit code 0), or the assertion names what it found. */
export const passed = (r: RehearsalResult): void => assert.equal(exitCodeOf(r), 0, explain(r));
