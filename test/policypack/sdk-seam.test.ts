/**
 * The pack's SDK seam (policypacks/landing-zone/lib/sdk-seam.ts): every hook is in effect with
 * the installed @pulumi/policy, through the SDK's real policy server code; and the fallbacks
 * behave as the SDK documents when the hooks are off. An SDK upgrade fails here until each hook
 * is re-checked and CHECKED_VERSION moves.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
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

    it("with the hooks off, the pack reads through the proxy and still names every unknown in an advisory note", () => {
        const script = `
            const { runResource, UNKNOWN } = require(${JSON.stringify(path.join(__dirname, "harness"))});
            const { endpointsVpcEndpointPolicySize } = require(${JSON.stringify(path.resolve(__dirname, "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-policy-size"))});
            runResource(endpointsVpcEndpointPolicySize, { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "ep", props: { policy: UNKNOWN } })
                .then((r) => process.stdout.write(JSON.stringify(r)), (e) => process.stdout.write(JSON.stringify({ error: String(e) })));`;
        const out = execFileSync(process.execPath, ["-r", "ts-node/register", "-e", script], {
            env: { ...process.env, LZ_PACK_SDK_HOOKS: "off", TS_NODE_TRANSPILE_ONLY: "true" },
            cwd: path.resolve(__dirname, "../.."),
            encoding: "utf8",
        });
        const parsed = JSON.parse(out);
        assert.ok(!parsed.error, parsed.error);
        // The rule ends with the SDK's UnknownValueError, recorded as the server records it.
        assert.equal(parsed.length, 1);
        assert.equal(parsed[0].level, "advisory");
        assert.match(parsed[0].message, /during preview: could not decide during preview: policy of ep \(policy\)/);
    });
});
