/**
 * The review's held-out inputs for more than one Region (this folder; EXPECTATIONS.md says
 * where each expectation comes from in AWS's documentation). Expectations are read from
 * expected.yaml, written before the program was run; nothing here is derived from the
 * program's output. The held-out changes between these definitions: review-regions-changes.sweep.test.ts.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { loadDefinitionFile } from "../../program/load";
import { loadForPlan } from "../../tools/plan/run";
import { sharedPlan } from "../support/plans";
import { packConfigValues } from "../../tools/policy-config";
import { reachabilitySection } from "../../tools/plan/render";
import { rehearsal } from "../support/rehearsals";

const here = __dirname;
const expected = YAML.parse(fs.readFileSync(path.join(here, "expected.yaml"), "utf8"));
const sorted = (xs: string[] = []) => [...xs].sort();

describe("review: held-out definitions with more than one Region", function () {
    this.timeout(300000);

    for (const [env, want] of Object.entries<any>(expected.definitions)) {
        const file = path.join(here, "definitions", `${env}.yaml`);

        it(`${env}: validates`, () => {
            const errors = (loadDefinitionFile(file).diagnostics ?? []).filter((d) => d.severity === "error");
            assert.deepStrictEqual(errors.map((d) => `${d.line}:${d.path} ${d.message}`), []);
        });

        it(`${env}: plans (unit all) transit gateways, endpoints, guardrail and reachability as AWS documents them`, async () => {
            const { definition } = loadForPlan(file);
            const resources = (await sharedPlan({ definitionFile: file, unit: "all", definition })).resources;
            const regionOf = (r: { provider?: string }) => resources.find((p) => p.urn === r.provider)?.inputs.region as string | undefined;
            const tgws = resources.filter((r) => r.type === "aws:ec2transitgateway/transitGateway:TransitGateway");
            assert.deepStrictEqual(Object.fromEntries(tgws.map((t) => [regionOf(t), t.inputs.amazonSideAsn])), want.tgws);
            const n = Object.keys(want.tgws).length;
            assert.strictEqual(resources.filter((r) => r.type === "aws:ec2transitgateway/peeringAttachment:PeeringAttachment").length, (n * (n - 1)) / 2);
            assert.strictEqual(resources.filter((r) => r.type === "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter").length, (n * (n - 1)) / 2);
            assert.strictEqual(resources.filter((r) => r.type === "aws:route53/profilesProfile:ProfilesProfile").length, n, "a Route 53 Profile per Region");
            const names = sorted(resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs.vpcEndpointType === "Interface" && /^com\.amazonaws\.[a-z0-9-]+\.[a-z0-9.-]+$/.test(String(r.inputs.serviceName)) && !String(r.inputs.serviceName).startsWith("com.amazonaws.vpce.")).map((r) => String(r.inputs.serviceName)));
            const wantNames = sorted(Object.entries<string[]>(want.interfaceEndpoints).flatMap(([region, services]) => services.map((s) => `com.amazonaws.${region}.${s}`)));
            assert.deepStrictEqual([...new Set(names)].sort(), wantNames);
            const guardrail = resources.find((r) => r.type === "aws:organizations/policy:Policy" && /region-deny/.test(r.name));
            assert.ok(guardrail, "the Region guardrail SCP is planned");
            const condition = JSON.parse(String(guardrail!.inputs.content)).Statement.map((s: any) => s.Condition?.StringNotEquals?.["aws:RequestedRegion"]).find(Boolean);
            assert.deepStrictEqual(sorted(condition), sorted(want.guardrailRegions));
            if (want.endpointServiceRegions) {
                const services = resources.filter((r) => r.type === "aws:ec2/vpcEndpointService:VpcEndpointService");
                assert.deepStrictEqual(sorted(services.map((s) => (s.inputs.region as string) ?? regionOf(s)!)), sorted(want.endpointServiceRegions));
            }
            if (want.endpointServiceStacks) {
                const stacks = packConfigValues(definition).endpointServiceStacks ?? [];
                for (const spoke of want.endpointServiceStacks) assert.ok(stacks.some((s) => s.endsWith(`/${env}-${spoke}`)), `pack trusts ${env}-${spoke}'s endpoint services: ${stacks.join(", ")}`);
                // Unit all is one stack: it can read no other stack of the environment (they do not
                // exist), only its own last outputs (central zones' and failover zones' records).
                const refs = resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => String(r.inputs.name).split("/").pop());
                assert.deepStrictEqual(refs.filter((r) => r !== `${definition.environment}-all`), [], "unit all reads stacks that single-stack mode never creates");
            }
            const json = reachabilitySection(resources, definition, "all").json;
            const got = Object.fromEntries(Object.entries(json.reachability).map(([k, v]) => [k, sorted(v as string[])]).filter(([, v]) => (v as string[]).length > 0));
            const exp = Object.fromEntries(Object.entries<string[]>(want.reachable).map(([k, v]) => [k, sorted(v)]));
            assert.deepStrictEqual(got, exp);
            const oneWay = Object.fromEntries(Object.entries(json.reachabilityOneWay).map(([k, v]) => [k, sorted(v as string[])]).filter(([, v]) => (v as string[]).length > 0));
            assert.deepStrictEqual(oneWay, Object.fromEntries(Object.entries<string[]>(want.oneWay ?? {}).map(([k, v]) => [k, sorted(v)])));
        });

        it(`${env}: rehearses fresh and destroy, per stack and as one stack`, async () => {
            for (const singleStack of [false, true]) {
                const result = await rehearsal({ definitionFile: file, destroy: true, singleStack });
                assert.ok(result.converged && result.steps.every((s) => s.outcome === "ok"), `${singleStack ? "single stack" : "per stack"}: ` + result.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`).join("\n"));
                assert.strictEqual(result.final.resources, 0);
            }
        });
    }

    for (const [name, wants] of Object.entries<any[]>(expected.invalid)) {
        it(`invalid/${name}: refused at the key AWS's rule names`, () => {
            const diagnostics = loadDefinitionFile(path.join(here, "invalid", `${name}.yaml`)).diagnostics ?? [];
            assert.ok(diagnostics.some((d) => d.severity === "error"), "at least one error");
            for (const want of wants) {
                const hit = diagnostics.find((d) => (want.line === undefined || d.line === want.line) && (want.path === undefined || d.path.startsWith(want.path)) && (want.says === undefined || d.message.includes(want.says)));
                assert.ok(hit, `${JSON.stringify(want)} not among:\n${diagnostics.map((d) => `${d.line}:${d.path} ${d.severity} ${d.message}`).join("\n")}`);
            }
        });
    }
});
