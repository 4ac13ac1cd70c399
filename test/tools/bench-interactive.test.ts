/**
 * The interactive benchmark's report (tools/bench-interactive.ts): the ratio is the median
 * plan over the median SDK load of the same run, judged against the target of 2.
 */
import * as assert from "assert";
import { InteractiveFigures, interactiveReport, median } from "../../tools/bench-interactive";

const figures = (plan: number[]): InteractiveFigures => ({
    stack: "dev",
    resources: 138,
    sdkLoad: [0.7, 0.6, 0.65, 0.9, 0.6],
    npmPlan: plan,
    planProcess: plan.map((p) => p - 0.2),
    warmUp: 1.5,
    load: [0.5, 0.7],
});

describe("bench: the interactive report", () => {
    it("takes medians of odd and even counts", () => {
        assert.strictEqual(median([3, 1, 2]), 2);
        assert.strictEqual(median([4, 1, 3, 2]), 2.5);
    });

    it("prints both medians, every run, and the ratio of the medians against the target", () => {
        const met = interactiveReport(figures([1.3, 1.2, 1.25, 2.4, 1.28]));
        assert.ok(met.some((l) => /^node loading @pulumi\/pulumi \+ @pulumi\/aws +0\.65 +0\.70 {2}0\.60 {2}0\.65 {2}0\.90 {2}0\.60$/.test(l)), met.join("\n"));
        assert.ok(met.some((l) => /^npm run plan -- --stack dev +1\.28 /.test(l)), met.join("\n"));
        // 1.28 / 0.65
        assert.ok(met.includes("ratio npm run plan ÷ loading the SDK (medians): 1.97 — target ≤ 2: met"), met.join("\n"));
        const missed = interactiveReport(figures([1.4, 1.35, 1.5, 1.32, 1.45]));
        assert.ok(missed.includes("ratio npm run plan ÷ loading the SDK (medians): 2.15 — target ≤ 2: NOT met"), missed.join("\n"));
    });
});
