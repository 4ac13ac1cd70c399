/**
 * The pack's SDK seam (policypacks/landing-zone/lib/sdk-seam.ts): every hook is in effect with
 * the installed @pulumi/policy, through the SDK's real policy server code; and the fallbacks
 * behave as the SDK documents when the hooks are off (sdk-seam.process.test.ts: a fresh process
 * with the hooks off). An SDK upgrade fails here until each hook is re-checked and
 * CHECKED_VERSION moves.
 */
import { strict as assert } from "assert";
import * as path from "path";
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { CHECKED_VERSION, hooksEnabled, installedPolicyVersion, proxyTarget, reportAsAdvisory, undecidedError } from "../../policypacks/landing-zone/lib/sdk-seam";
import { plainProps, snapshot } from "../../policypacks/landing-zone/lib/values";
import { UNKNOWN, UNKNOWN_ARRAY, engineProps } from "./harness";

/* eslint-disable @typescript-eslint/no-require-imports */
const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const server = require(path.join(policyDir, "server")) as { makeAnalyzeRpcFun(name: string, version: string, level: string, policies: unknown[]): (call: unknown, cb: (err: unknown, res: unknown) => void) => Promise<void> };
const analyzerPb = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [policyDir] }));
const StructForServer = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [policyDir] })).Struct as typeof Struct;
const { deserializeProperties } = require(path.join(policyDir, "deserialize")) as { deserializeProperties(s: Struct, secrets: boolean): Record<string, unknown> };

const levels = ["advisory", "mandatory", "disabled", "remediate"];

/** Runs one resource policy through the SDK's own Analyze handler; returns its diagnostics. */
async function analyzeWithServer(validate: (report: ReportViolation) => void): Promise<{ level: string; message: string }[]> {
    const policy: ResourceValidationPolicy = { name: "seam-probe", description: "probe", enforcementLevel: "mandatory", validateResource: (_args, report) => validate(report) };
    const handler = server.makeAnalyzeRpcFun("landing-zone", "0.0.0", "mandatory", [policy]);
    const req = new analyzerPb.AnalyzeRequest();
    req.setType("aws:ec2/vpc:Vpc");
    req.setUrn("urn:pulumi:s::p::aws:ec2/vpc:Vpc::v");
    req.setName("v");
    req.setOptions(new analyzerPb.AnalyzerResourceOptions());
    req.setProperties(StructForServer.fromJavaScript({ cidrBlock: "10.0.0.0/16" }));
    const response = await new Promise<{ getDiagnosticsList(): { getEnforcementlevel(): number; getMessage(): string }[] }>((resolve, reject) =>
        handler({ request: req }, (err, res) => (err ? reject(err) : resolve(res as never))),
    );
    return response.getDiagnosticsList().map((d) => ({ level: levels[d.getEnforcementlevel()], message: d.getMessage() }));
}

describe("policy pack: SDK seam", () => {
    it(`the installed @pulumi/policy is the version the hooks were checked against (${CHECKED_VERSION}), so they are on`, () => {
        assert.equal(installedPolicyVersion(), CHECKED_VERSION, "re-check every hook of lib/sdk-seam.ts against the new SDK, then move CHECKED_VERSION");
        assert.equal(hooksEnabled(), true);
        assert.equal(hooksEnabled("1.22.0"), false);
    });

    it("hook 1: the policy server honours the policy-info form of report (advisory under a mandatory rule)", async () => {
        const ds = await analyzeWithServer((report) => reportAsAdvisory(report, "could not decide during preview: x", "urn:x"));
        assert.deepEqual(ds, [{ level: "advisory", message: "could not decide during preview: x" }]);
        const plain = await analyzeWithServer((report) => report("plain"));
        assert.equal(plain[0].level, "mandatory");
    });

    it("hook 1 fallback: the SDK's UnknownValueError becomes one advisory note, never a block", async () => {
        const ds = await analyzeWithServer(() => {
            throw undecidedError(["policy of a (policy)", "ids of b"]);
        });
        assert.equal(ds.length, 1);
        assert.equal(ds[0].level, "advisory");
        assert.match(ds[0].message, /during preview: policy of a \(policy\); ids of b/);
    });

    it("hook 2: the object behind the server's proxy is the server's deserialized copy, read without traps", () => {
        const raw = { a: "x", ids: ["sg-1", UNKNOWN], whole: UNKNOWN_ARRAY };
        const props = engineProps(raw);
        const target = proxyTarget(props) as Record<string, unknown>;
        assert.ok(target, "proxyTarget found no target: the proxy's special keys changed");
        assert.deepEqual(target, deserializeProperties(Struct.fromJavaScript(raw as never), false));
        assert.equal(proxyTarget(target), undefined, "the target is plain data, not another proxy");
        assert.deepEqual(plainProps(props), snapshot(props));
    });
});
