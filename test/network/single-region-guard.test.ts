/**
 * Guard: every shipped single-Region definition (stacks/*.yaml) plans, stack by stack (unit
 * `all` and every unit's own stack), to the same resources with the same inputs as it did
 * before the network was built per Region. Adding Regions must not move, rename or change
 * anything of an environment that has one.
 *
 * The recorded plans are in test/network/single-region-plans/<env>.json: per stack, per
 * resource URN, its type and a short hash of each input (so a failure names the resource
 * and the input that changed, and the files stay small). When a change is meant to alter a
 * single-Region plan, re-record them and let the review see the diff:
 *
 *   UPDATE_SINGLE_REGION_PLANS=1 npx mocha test/network/single-region-guard.test.ts
 */
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { isMultiRegion } from "../../definition/regions";
import { unitsOf } from "../../definition/units";
import { loadForPlan } from "../../tools/plan/run";
import { sharedPlan } from "../support/plans";
import { PlannedResource } from "../../analysis/plan-records";

const stacksDir = path.resolve(__dirname, "../../stacks");
const recordedDir = path.resolve(__dirname, "single-region-plans");
const update = process.env.UPDATE_SINGLE_REGION_PLANS === "1";

/** Per stack → URN → { type, input name → hash of its value }. */
type Recorded = Record<string, Record<string, { type: string; inputs: Record<string, string> }>>;

/** JSON with object keys sorted, so a hash does not depend on key order. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value !== null && typeof value === "object") {
        return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
    }
    return JSON.stringify(value) ?? "undefined";
}

const hash = (value: unknown) => crypto.createHash("sha256").update(canonical(value)).digest("hex").slice(0, 16);

function record(resources: PlannedResource[]): Recorded[string] {
    const out: Recorded[string] = {};
    for (const r of [...resources].sort((a, b) => a.urn.localeCompare(b.urn))) {
        out[r.urn] = { type: r.type, inputs: Object.fromEntries(Object.keys(r.inputs).sort().map((k) => [k, hash(r.inputs[k])])) };
    }
    return out;
}

/** What differs between the recorded plan of a stack and the current one, one line each. */
function differences(stack: string, before: Recorded[string] | undefined, now: Recorded[string]): string[] {
    if (!before) return [`${stack}: no recorded plan (a new stack of a single-Region definition)`];
    const lines: string[] = [];
    for (const urn of Object.keys(before)) if (!(urn in now)) lines.push(`${stack}: removed ${urn}`);
    for (const [urn, r] of Object.entries(now)) {
        const b = before[urn];
        if (!b) {
            lines.push(`${stack}: added ${urn}`);
            continue;
        }
        const keys = new Set([...Object.keys(b.inputs), ...Object.keys(r.inputs)]);
        const changed = [...keys].filter((k) => b.inputs[k] !== r.inputs[k]);
        if (changed.length > 0) lines.push(`${stack}: ${urn} changed inputs ${changed.join(", ")}`);
    }
    return lines;
}

/** One line per resource, so a re-recorded file diffs resource by resource. */
function formatRecorded(recorded: Recorded): string {
    const stacks = Object.entries(recorded).map(
        ([stack, resources]) => ` ${JSON.stringify(stack)}: {\n${Object.entries(resources).map(([urn, r]) => `  ${JSON.stringify(urn)}: ${JSON.stringify(r)}`).join(",\n")}\n }`,
    );
    return `{\n${stacks.join(",\n")}\n}\n`;
}

const shipped = fs.readdirSync(stacksDir).filter((f) => f.endsWith(".yaml")).sort();

describe("single-Region definitions plan as before (guard)", function () {
    this.timeout(120_000);
    for (const file of shipped) {
        const definitionFile = path.join(stacksDir, file);
        const { definition } = loadForPlan(definitionFile);
        if (isMultiRegion(definition)) continue;
        it(`${file}: unit all and every unit's stack plan to the recorded resources and inputs`, async () => {
            const now: Recorded = {};
            for (const unit of ["all", ...unitsOf(definition)]) {
                const plan = await sharedPlan({ definitionFile, unit, definition });
                now[plan.stack] = record(plan.resources);
            }
            const recordedFile = path.join(recordedDir, file.replace(/\.yaml$/, ".json"));
            if (update) {
                fs.writeFileSync(recordedFile, formatRecorded(now));
                return;
            }
            assert.ok(fs.existsSync(recordedFile), `${recordedFile} is missing: record it with UPDATE_SINGLE_REGION_PLANS=1`);
            const before = JSON.parse(fs.readFileSync(recordedFile, "utf8")) as Recorded;
            const lines = [
                ...Object.keys(before).filter((s) => !(s in now)).map((s) => `${s}: stack no longer planned`),
                ...Object.entries(now).flatMap(([stack, r]) => differences(stack, before[stack], r)),
            ];
            assert.deepStrictEqual(lines, [], `the plan of ${file} changed:\n  ${lines.slice(0, 40).join("\n  ")}${lines.length > 40 ? `\n  … ${lines.length - 40} more` : ""}`);
        });
    }
});
