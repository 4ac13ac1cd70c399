/**
 * The shipped multi-Region definitions (stacks/*.yaml with `network.regions`), the cases of
 * test/network/multi-region-cases/ (three Regions, a one-way domain, on-premises at home),
 * and any dropped in with MULTI_REGION_DEFINITIONS=<dir-or-file>[:...]: planned whole (unit all,
 * the real program under the mock runtime), their planned transit gateway routes judged
 * by the independent oracle (test/support/reachability-oracle.ts), pair by pair across
 * Regions — every intended cross-Region pair reachable both ways through the peerings,
 * every forbidden pair not reachable at all — besides the analysis = oracle = intent check
 * of `checkDefinitionFile`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { hubRegions, isMultiRegion, spokeRegion } from "../../definition/regions";
import { loadForPlan } from "../../tools/plan/run";
import { checkDefinitionFile } from "../support/reachability-oracle";

const root = path.resolve(__dirname, "../..");
const yamlIn = (p: string): string[] =>
    fs.existsSync(p) && fs.statSync(p).isDirectory()
        ? fs.readdirSync(p).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(p, f))
        : fs.existsSync(p)
          ? [p]
          : [];
const heldOut = (process.env.MULTI_REGION_DEFINITIONS ?? "").split(":").filter((p) => p.trim() !== "").flatMap((p) => yamlIn(path.resolve(p)));
const cases = yamlIn(path.join(__dirname, "multi-region-cases"));
const files = [...yamlIn(path.join(root, "stacks")), ...cases, ...heldOut].filter((f) => {
    try {
        return isMultiRegion(loadForPlan(f).definition);
    } catch {
        return heldOut.includes(f) || cases.includes(f); // a case that does not load fails below, with its errors
    }
});

describe("reachability across Regions of whole multi-Region definitions (planned routes, pair by pair)", function () {
    this.timeout(600000);
    for (const file of files) {
        it(path.relative(root, file), async () => {
            const { definition } = loadForPlan(file);
            const { independent, intended } = await checkDefinitionFile(file);
            const regionOf = new Map<string, string>([
                ...hubRegions(definition).map((h) => [`hub@${h.region}`, h.region] as [string, string]),
                ...definition.spokes.map((s) => [s.name, spokeRegion(definition, s)] as [string, string]),
                ["onprem", definition.region],
            ]);
            const kind = (m: { reachable: Record<string, string[]>; oneWay: Record<string, string[]>; partial?: Record<string, string[]> }, a: string, b: string) =>
                (m.reachable[a] ?? []).includes(b) ? "two-way" : (m.partial?.[a] ?? []).includes(b) ? "partial" : (m.oneWay[a] ?? []).includes(b) ? "one-way" : "none";
            let intendedCross = 0;
            let forbiddenCross = 0;
            for (const a of Object.keys(intended.reachable)) {
                for (const b of Object.keys(intended.reachable)) {
                    if (a === b || regionOf.get(a) === regionOf.get(b)) continue;
                    const want = kind(intended, a, b);
                    const got = kind(independent, a, b);
                    if (want === "two-way") intendedCross++;
                    if (want === "none") forbiddenCross++;
                    assert.strictEqual(got, want, `${a} (${regionOf.get(a)}) → ${b} (${regionOf.get(b)}): planned ${got}, intended ${want}`);
                }
            }
            assert.ok(intendedCross > 0, `the definition intends no conversation across Regions (${forbiddenCross} forbidden pairs): nothing two-way was checked`);
        });
    }
});
