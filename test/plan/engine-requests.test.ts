/**
 * The Analyzer requests encoded straight from a plan (tools/plan/engine-requests.ts) are the
 * very bytes the SDK's generated google-protobuf classes produce for the same request —
 * built here the slow, obvious way (Struct.fromJavaScript of the wire values, then
 * serializeBinary) — for every resource of a real plan and for awkward values.
 */
import * as assert from "assert";
import * as path from "path";
import { hasField } from "../../tools/plan/analyzer";
import { RequestEncoder } from "../../tools/plan/engine-requests";
import { PlannedResource, UNKNOWN } from "../../analysis/plan-records";
import { PlanResult } from "../../tools/plan/model";
import { sharedPlan } from "../support/plans";
import { protocol } from "../../tools/plan/sdk-internals";
import { toWire, unknownSentinel } from "../../tools/plan/wire";

/* eslint-disable @typescript-eslint/no-explicit-any */
const { analyzerPb, Struct } = protocol();

// ---- the reference: google-protobuf message objects ------------------------------------------

function options(parent: string | undefined): any {
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setParent(parent ?? "");
    return opts;
}

function providerMessage(provider: PlannedResource): any {
    const p = new analyzerPb.AnalyzerProviderResource();
    p.setType(provider.type);
    p.setUrn(provider.urn);
    p.setName(provider.name);
    p.setProperties(Struct.fromJavaScript(toWire(provider.inputs)));
    return p;
}

function referenceAnalyze(resource: PlannedResource, provider: PlannedResource | undefined, parent: string | undefined): Uint8Array {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(resource.type);
    req.setUrn(resource.urn);
    req.setName(resource.name);
    req.setProperties(Struct.fromJavaScript(toWire(resource.inputs)));
    req.setOptions(options(parent));
    if (provider) req.setProvider(providerMessage(provider));
    return req.serializeBinary();
}

function referenceAnalyzeStack(resources: PlannedResource[], stackUrn: string | undefined, byUrn: Map<string, PlannedResource>): Uint8Array {
    const root: PlannedResource[] = stackUrn
        ? [{ urn: stackUrn, type: "pulumi:pulumi:Stack", name: stackUrn.split("::").pop() ?? "stack", custom: false, inputs: {}, dependencies: {} }]
        : [];
    const list = [...root, ...resources].map((r) => {
        const ar = new analyzerPb.AnalyzerResource();
        const parent = r.parent ?? (r.urn === stackUrn ? "" : (stackUrn ?? ""));
        ar.setType(r.type);
        ar.setUrn(r.urn);
        ar.setName(r.name);
        ar.setProperties(Struct.fromJavaScript(toWire({ ...r.inputs, ...(r.outputs ?? {}) })));
        ar.setOptions(options(parent));
        ar.setParent(parent);
        ar.setDependenciesList(r.dependsOn ?? [...new Set(Object.values(r.dependencies).flat())]);
        const deps = ar.getPropertydependenciesMap();
        for (const [key, urns] of Object.entries(r.dependencies)) {
            const pd = new analyzerPb.AnalyzerPropertyDependencies();
            pd.setUrnsList(urns);
            deps.set(key, pd);
        }
        const provider = r.provider ? byUrn.get(r.provider) : undefined;
        if (provider) ar.setProvider(providerMessage(provider));
        return ar;
    });
    const req = new analyzerPb.AnalyzeStackRequest();
    req.setResourcesList(list);
    return req.serializeBinary();
}

const same = (actual: Uint8Array, expected: Uint8Array, what: string): void => {
    assert.ok(Buffer.from(actual).equals(Buffer.from(expected)), `${what}: ${actual.length} bytes encoded, ${expected.length} expected, first difference at byte ${Buffer.from(actual).findIndex((b, i) => b !== expected[i])}`);
};

describe("plan: the engine's Analyzer requests, encoded from a plan", function () {
    this.timeout(120000);
    let plan: PlanResult;
    before(async () => {
        plan = await sharedPlan({ definitionFile: path.join(__dirname, "..", "..", "stacks", "prod.yaml"), unit: "all" });
    });

    it("encodes every resource's AnalyzeRequest byte for byte as the generated classes do", () => {
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const encoder = new RequestEncoder();
        const withProvider = plan.resources.filter((r) => r.provider && byUrn.has(r.provider));
        assert.ok(withProvider.length > 0 && plan.resources.some((r) => JSON.stringify(r.inputs).includes(UNKNOWN)), "the plan exercises providers and unknowns");
        for (const r of plan.resources) {
            const provider = r.provider ? byUrn.get(r.provider) : undefined;
            same(encoder.analyze(r, provider, r.parent ?? plan.stackUrn), referenceAnalyze(r, provider, r.parent ?? plan.stackUrn), r.urn);
        }
    });

    it("encodes the AnalyzeStackRequest byte for byte as the generated classes do", () => {
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        same(new RequestEncoder().analyzeStack(plan.resources, plan.stackUrn, byUrn), referenceAnalyzeStack(plan.resources, plan.stackUrn, byUrn), "AnalyzeStackRequest");
    });

    it("sends awkward values as the engine does: unknowns as its sentinel, no undefined, every scalar kind", () => {
        const provider: PlannedResource = { urn: "urn:pulumi:s::p::pulumi:providers:aws::p", type: "pulumi:providers:aws", name: "p", custom: true, inputs: { region: "us-east-1" }, dependencies: {} };
        const resource: PlannedResource = {
            urn: "urn:pulumi:s::p::test:index:Thing::t",
            type: "test:index:Thing",
            name: "t",
            custom: true,
            inputs: {
                zeta: 0,
                alpha: { nested: [1, -2.5, "x", true, false, null, undefined, [], {}, { b: 1, a: [UNKNOWN] }], skipped: undefined },
                empty: "",
                unknown: UNKNOWN,
                "ключ": "значение ✓",
                big: 2 ** 53 + 2,
                tiny: Number.MIN_VALUE,
            },
            outputs: { id: UNKNOWN, zeta: 1 },
            dependencies: { b: ["urn:b"], a: ["urn:a", "urn:c"] },
            provider: provider.urn,
            parent: "urn:pulumi:s::p::test:index:Parent::parent",
        };
        const byUrn = new Map([provider, resource].map((r) => [r.urn, r]));
        const encoder = new RequestEncoder();
        same(encoder.analyze(resource, provider, resource.parent), referenceAnalyze(resource, provider, resource.parent), "AnalyzeRequest");
        same(encoder.analyzeStack([provider, resource], undefined, byUrn), referenceAnalyzeStack([provider, resource], undefined, byUrn), "AnalyzeStackRequest");
        // And what the pack reads back: the sentinel, nulls for undefined list items, absent object keys.
        const decoded = analyzerPb.AnalyzeRequest.deserializeBinary(encoder.analyze(resource, provider, resource.parent)).getProperties().toJavaScript();
        assert.strictEqual(decoded.unknown, unknownSentinel());
        assert.deepStrictEqual(decoded.alpha.nested.slice(5, 7), [null, null]);
        assert.ok(!("skipped" in decoded.alpha));
    });

    it("refuses a value a Struct cannot hold, rather than sending something else", () => {
        const resource: PlannedResource = { urn: "urn:x", type: "t:t:T", name: "x", custom: true, inputs: { f: () => 1 }, dependencies: {} };
        assert.throws(() => new RequestEncoder().analyze(resource, undefined, undefined), /a function cannot be sent in a protobuf Struct/);
    });
});

describe("plan: reading the pack's Analyze answers", () => {
    const answer = (diagnostics: number, notApplicable: number): Uint8Array => {
        const response = new analyzerPb.AnalyzeResponse();
        for (let i = 0; i < diagnostics; i++) response.addDiagnostics(new analyzerPb.AnalyzeDiagnostic().setPolicyname(`p${i}`).setMessage("m"));
        for (let i = 0; i < notApplicable; i++) response.addNotApplicable(new analyzerPb.PolicyNotApplicable().setPolicyName(`n${i}`).setReason("r"));
        return response.serializeBinary();
    };

    it("sees diagnostics wherever they are in the answer, and only then", () => {
        // The fast path skips decoding an answer that holds only not-applicable policies.
        assert.strictEqual(hasField(answer(0, 0), 2), false);
        assert.strictEqual(hasField(answer(0, 12), 2), false);
        assert.strictEqual(hasField(answer(1, 0), 2), true);
        assert.strictEqual(hasField(answer(2, 12), 2), true);
        // Field 2 after other fields (protobuf allows any order).
        const reordered = Buffer.concat([Buffer.from(answer(0, 3)), Buffer.from(answer(1, 0))]);
        assert.strictEqual(hasField(reordered, 2), true);
        assert.strictEqual(analyzerPb.AnalyzeResponse.deserializeBinary(reordered).getDiagnosticsList().length, 1);
    });
});
