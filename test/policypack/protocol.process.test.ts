/**
 * The pack as the Pulumi CLI runs it: `@pulumi/pulumi/cmd/run-policy-pack <engine> <pack dir>`
 * with the pack directory as working directory — the pack's transpiled copy, as the offline
 * plan starts it (tools/plan/pack-build.ts; its types are checked by `npm test`'s tsc) —
 * then the Analyzer gRPC protocol: GetAnalyzerInfo, Configure with an
 * explicit enforcement level and config per policy, Analyze with the engine's unknown
 * sentinels, AnalyzeStack with parents and property dependencies.
 */
import * as grpc from "@grpc/grpc-js";
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";
import { policies } from "../../policypacks/landing-zone/policies";
import { T } from "../../policypacks/landing-zone/lib/types";
import { config, interfaceEndpoint } from "./fixtures";
import { preparePack } from "../../tools/plan/pack-build";
import { policyPackLauncher, protocol } from "../../tools/plan/sdk-internals";
import { UNKNOWN } from "./harness";

/* eslint-disable @typescript-eslint/no-explicit-any */
const { analyzerPb, analyzerGrpc } = protocol();

const packDir = path.resolve(__dirname, "../../policypacks/landing-zone");
const levels = ["advisory", "mandatory", "disabled", "remediate"] as const;
const levelNumber = (l: string) => levels.indexOf(l as (typeof levels)[number]);

interface Diagnostic {
    policy: string;
    level: string;
    message: string;
    urn: string;
}

function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

function options(parent?: string) {
    const o = new analyzerPb.AnalyzerResourceOptions();
    o.setProtect(false);
    if (parent) o.setParent(parent);
    return o;
}

const urn = (type: string, name: string) => `urn:pulumi:prod-network::landing-zone::${type}::${name}`;

function diagnostics(response: any): Diagnostic[] {
    return response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: levels[d.getEnforcementlevel()], message: d.getMessage(), urn: d.getUrn() }));
}

describe("policy pack through the CLI's launcher and the Analyzer protocol", function () {
    this.timeout(180000);
    let child: ChildProcess | undefined;
    let client: any;
    let stderr = "";

    before(async () => {
        const dir = preparePack(packDir);
        child = spawn(process.execPath, [policyPackLauncher(dir), "127.0.0.1:1", dir], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        child.stderr?.on("data", (d) => (stderr += d));
        const port = await new Promise<string>((resolve, reject) => {
            let out = "";
            child?.stdout?.on("data", (d) => {
                out += d;
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) resolve(m[1]);
            });
            child?.on("exit", (code) => reject(new Error(`run-policy-pack exited with ${code}: ${stderr}`)));
        });
        client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        if (child?.pid && child.exitCode === null) child.kill();
    });

    async function configure(overrides: Record<string, string> = {}): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const p of policies) {
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(levelNumber(overrides[p.name] ?? p.enforcementLevel ?? "advisory"));
            const props: Record<string, unknown> = {};
            for (const key of Object.keys(p.configSchema?.properties ?? {})) {
                const value = (config as Record<string, unknown>)[key];
                if (value !== undefined) props[key] = value;
            }
            pc.setProperties(Struct.fromJavaScript(props as never));
            map.set(p.name, pc);
        }
        await call(client, "configure", req);
    }

    async function analyze(type: string, name: string, props: Record<string, unknown>): Promise<Diagnostic[]> {
        const req = new analyzerPb.AnalyzeRequest();
        req.setType(type);
        req.setName(name);
        req.setUrn(urn(type, name));
        req.setProperties(Struct.fromJavaScript(props as never));
        req.setOptions(options());
        return diagnostics(await call(client, "analyze", req));
    }

    it("serves every rule with its description, level, remediation and config schema", async () => {
        const info: any = await call(client, "getAnalyzerInfo", new Empty());
        assert.equal(info.getName(), "landing-zone");
        const served = info.getPoliciesList().map((p: any) => ({ name: p.getName(), level: levels[p.getEnforcementlevel()], remediation: p.getRemediationSteps(), description: p.getDescription() }));
        assert.deepEqual(served.map((p: any) => p.name), policies.map((p) => p.name));
        for (const p of served) {
            assert.match(p.name, /^(endpoints|privatelink|network|perimeter)-[a-z0-9-]+$/);
            assert.equal(p.level, "mandatory", `${p.name} is a security rule`);
            assert.ok(p.description.length > 20 && p.remediation.length > 20, p.name);
        }
        const withSchema = info.getPoliciesList().find((p: any) => p.getName() === "endpoints-vpc-endpoint-policy-trusted-identities");
        assert.ok(Object.keys(withSchema.getConfigschema().getProperties().toJavaScript()).includes("organizationId"));
    });

    it("Analyze: reports a hand-written bad resource as mandatory, with what to change", async () => {
        await configure();
        const d = await analyze(T.transitGateway, "tgw", { autoAcceptSharedAttachments: "enable", defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable" });
        assert.equal(d.length, 1);
        assert.equal(d[0].policy, "network-transit-gateway-secure-defaults");
        assert.equal(d[0].level, "mandatory");
        assert.match(d[0].message, /set autoAcceptSharedAttachments: "disable"/);
    });

    it("Analyze: an endpoint whose policy and ids are unknown gets advisory notes, never a crash", async () => {
        await configure();
        const d = await analyze(T.vpcEndpoint, "hub-ssm", interfaceEndpoint({ policy: UNKNOWN, vpcId: UNKNOWN, securityGroupIds: [UNKNOWN], subnetIds: UNKNOWN }));
        assert.ok(d.length >= 1);
        for (const x of d) {
            assert.equal(x.level, "advisory");
            assert.match(x.message, /^could not decide during preview: /);
        }
    });

    it("Configure: an explicit level overrides the rule's default (advisory, disabled)", async () => {
        await configure({ "network-transit-gateway-secure-defaults": "advisory" });
        let d = await analyze(T.transitGateway, "tgw", { autoAcceptSharedAttachments: "enable" });
        assert.ok(d.length > 0 && d.every((x) => x.level === "advisory"));
        await configure({ "network-transit-gateway-secure-defaults": "disabled" });
        d = await analyze(T.transitGateway, "tgw", { autoAcceptSharedAttachments: "enable" });
        assert.deepEqual(d, []);
        await configure();
    });

    it("AnalyzeStack: finds the endpoint's security group through property dependencies", async () => {
        await configure();
        const resources = [
            { type: T.securityGroup, name: "hub-ssm-sg", props: { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }, deps: {} as Record<string, string[]> },
            { type: T.vpcEndpoint, name: "hub-ssm", props: interfaceEndpoint({ securityGroupIds: [UNKNOWN], vpcId: UNKNOWN }), deps: { securityGroupIds: [urn(T.securityGroup, "hub-ssm-sg")] } },
        ].map((r) => {
            const res = new analyzerPb.AnalyzerResource();
            res.setType(r.type);
            res.setName(r.name);
            res.setUrn(urn(r.type, r.name));
            res.setProperties(Struct.fromJavaScript(r.props as never));
            res.setOptions(options());
            const all = new Set<string>();
            for (const [k, urns] of Object.entries(r.deps)) {
                const pd = new analyzerPb.AnalyzerPropertyDependencies();
                pd.setUrnsList(urns);
                res.getPropertydependenciesMap().set(k, pd);
                urns.forEach((u) => all.add(u));
            }
            res.setDependenciesList([...all]);
            return res;
        });
        const req = new analyzerPb.AnalyzeStackRequest();
        req.setResourcesList(resources);
        const d = (diagnostics(await call(client, "analyzeStack", req)) as Diagnostic[]).filter((x) => x.level === "mandatory");
        assert.deepEqual(d.map((x) => x.policy), ["endpoints-vpc-endpoint-security-group-restricted"]);
        assert.equal(d[0].urn, urn(T.vpcEndpoint, "hub-ssm"));
        assert.match(d[0].message, /admits 0\.0\.0\.0\/0 \(anywhere\)/);
    });
});
