/**
 * The policy config the plan sends a pack, resolved as the Pulumi CLI resolves it
 * (tools/plan/analyzer.ts `resolvePolicyConfig`).
 */
import * as assert from "assert";
import { AnalyzerInfo, resolvePolicyConfig } from "../../tools/plan/analyzer";

describe("plan: policy config levels", () => {
    it("resolves levels as the CLI does: policy config, then `all`, then the pack's own level", () => {
        const info: AnalyzerInfo = {
            name: "p",
            version: "1",
            initialConfig: {},
            policies: [
                { name: "a", description: "", enforcementLevel: "mandatory", type: "resource" },
                { name: "b", description: "", enforcementLevel: "advisory", type: "stack", configSchema: { properties: { limit: { type: "number", default: 5 } }, required: [] } },
            ],
        };
        assert.deepStrictEqual(resolvePolicyConfig(info), {
            a: { enforcementLevel: "mandatory", properties: {} },
            b: { enforcementLevel: "advisory", properties: { limit: 5 } },
        });
        assert.deepStrictEqual(resolvePolicyConfig(info, { all: "disabled", b: { limit: 7 } }), {
            a: { enforcementLevel: "disabled", properties: {} },
            b: { enforcementLevel: "disabled", properties: { limit: 7 } },
        });
    });
});
