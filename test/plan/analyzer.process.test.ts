/**
 * The Analyzer driver against a tiny fixture pack (test/plan/fixtures/pack): the pack is
 * started as the CLI starts it and judged over gRPC — config levels, schema defaults,
 * unknowns during preview, and stack policies that follow property dependencies and
 * parents.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { definitionSchema } from "../../definition/schema";
import { PolicyAnalyzer, PolicySession, runPolicyPack } from "../../tools/plan/analyzer";
import { runUnderMocks, summarize } from "../../tools/plan/mock-runtime";
import { LandingZoneMocks } from "../../tools/plan/mocks";
import { PlanResult, Violation } from "../../tools/plan/model";
import { fixtureProgram } from "./fixtures/program";

const packDir = path.join(__dirname, "fixtures", "pack");
const definition = definitionSchema.parse(YAML.parse(fs.readFileSync(path.join(__dirname, "fixtures", "minimal.yaml"), "utf8")));

async function fixturePlan(cidrs: string[]): Promise<PlanResult> {
    const run = await runUnderMocks(() => fixtureProgram(cidrs), { mocks: new LandingZoneMocks({ definition, preview: true }), stack: "minimal-all" });
    return { stack: "minimal-all", units: ["all"], resources: run.resources, violations: [], summary: summarize(run.resources), stackUrn: run.stackUrn };
}

const brief = (vs: Violation[]) => vs.map((v) => `${v.level} ${v.policy} ${v.urn?.split("::").pop() ?? "-"}`).sort();

describe("plan: policy pack through the Analyzer protocol", function () {
    this.timeout(120000);

    it("reports what each policy finds, on the resource it is about", async () => {
        const plan = await fixturePlan(["10.0.0.0/16", "192.168.0.0/16"]);
        const run = await runPolicyPack(plan, { packDir });
        assert.strictEqual(run.info.name, "plan-fixture");
        assert.deepStrictEqual(brief(run.violations), [
            // Reads an unknown vpcId: the pack's preview note, never a failure. The literal id passes.
            "advisory fixture-subnet-vpc-known net0-wired",
            "advisory fixture-subnet-vpc-known net1-wired",
            "mandatory fixture-subnet-in-vpc net0-literal",
            "mandatory fixture-subnet-in-vpc net1-literal",
            "mandatory fixture-vpc-private-cidr net1-vpc",
        ].sort());
        const cidr = run.violations.find((v) => v.policy === "fixture-vpc-private-cidr")!;
        assert.match(cidr.message, /VPC net1-vpc uses 192\.168\.0\.0\/16/);
        assert.match(run.violations.find((v) => v.level === "advisory")!.message, /can't run policy 'fixture-subnet-vpc-known' .* during preview/);
    });

    it("judging each resource as the program registers it (as the engine does) finds exactly what judging the finished plan finds", async () => {
        const finished = await runPolicyPack(await fixturePlan(["10.0.0.0/16", "192.168.0.0/16"]), { packDir });
        // The pack starts while the program runs; Analyze requests wait for it.
        const session = PolicySession.start({ packDir });
        try {
            const judgement = PolicySession.judging(session);
            const run = await runUnderMocks(() => fixtureProgram(["10.0.0.0/16", "192.168.0.0/16"]), {
                mocks: new LandingZoneMocks({ definition, preview: true }),
                stack: "minimal-all",
                onRegistration: (r, _options, { provider, parent }) => (r.read ? undefined : judgement.analyze(r, provider, parent)),
            });
            const plan: PlanResult = { stack: "minimal-all", units: ["all"], resources: run.resources, violations: [], summary: summarize(run.resources), stackUrn: run.stackUrn };
            const { violations } = await judgement.finish(plan);
            const full = (vs: Violation[]) => vs.map((v) => `${v.level} ${v.policy} ${v.urn} ${v.message}`);
            assert.deepStrictEqual(full(violations), full(finished.violations));
            assert.ok(violations.length >= 5, "the fixture finds something (else this test proves nothing)");
        } finally {
            (await session).close();
        }
    });

    it("sends the policy config with schema defaults, and an explicit level for every policy", async () => {
        const plan = await fixturePlan(["10.0.0.0/16"]);
        // The default forbidden name is "forbidden": nothing is called that.
        const defaults = await runPolicyPack(plan, { packDir, config: { "fixture-subnet-in-vpc": "disabled", "fixture-subnet-vpc-known": "disabled" } });
        assert.deepStrictEqual(brief(defaults.violations), []);
        // Configured name, and levels raised/lowered through the config file format.
        const configured = await runPolicyPack(plan, {
            packDir,
            config: { "fixture-forbidden-name": { forbiddenName: "net0-vpc", enforcementLevel: "mandatory" }, "fixture-subnet-in-vpc": "advisory", "fixture-subnet-vpc-known": "disabled" },
        });
        assert.deepStrictEqual(brief(configured.violations), ["advisory fixture-subnet-in-vpc net0-literal", "mandatory fixture-forbidden-name net0-vpc"]);
        assert.match(configured.violations.find((v) => v.policy === "fixture-forbidden-name")!.message, /parent urn:pulumi:minimal-all::landing-zone::pulumi:pulumi:Stack\$landing-zone:test:FixtureNetwork::net0\)/);
    });

    it("gives AnalyzeStack every resource a parent, up to the root stack", async () => {
        const plan = await fixturePlan(["10.0.0.0/16"]);
        const run = await runPolicyPack(plan, { packDir });
        assert.deepStrictEqual(run.violations.filter((v) => v.policy === "fixture-every-resource-has-parent"), []);
    });

    it("says why when a pack cannot start", async () => {
        await assert.rejects(PolicyAnalyzer.start(path.join(__dirname, "fixtures")), /fixtures is not a policy pack: it needs PulumiPolicy\.yaml and package\.json/);
        // A pack that fails while loading: its error comes back, not a hang.
        const broken = fs.mkdtempSync(path.join(__dirname, "fixtures", "broken-pack-"));
        try {
            fs.writeFileSync(path.join(broken, "PulumiPolicy.yaml"), "runtime: nodejs\n");
            fs.writeFileSync(path.join(broken, "package.json"), JSON.stringify({ name: "broken", version: "0.0.1", main: "index.js" }));
            fs.writeFileSync(path.join(broken, "index.js"), "throw new Error('pack failed to load');\n");
            await assert.rejects(PolicyAnalyzer.start(broken), /exited \(code \d+\) before it was ready:[\s\S]*pack failed to load/);
        } finally {
            fs.rmSync(broken, { recursive: true, force: true });
        }
    });
});
