/**
 * The interactive plan's pack thread (tools/plan/pack-thread.ts) against the fixture pack:
 * judging each resource as the program registers it, from the worker thread, finds exactly
 * what judging the finished plan in this thread finds; the pack's own config schema and
 * levels reach it through the config function; failures come back as errors, and closing
 * leaves no pack process behind.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { definitionSchema } from "../../definition/schema";
import { AnalyzerInfo, runPolicyPack } from "../../tools/plan/analyzer";
import { runUnderMocks, summarize } from "../../tools/plan/mock-runtime";
import { LandingZoneMocks } from "../../tools/plan/mocks";
import { PlanResult, Violation } from "../../tools/plan/model";
import { PackThread } from "../../tools/plan/pack-thread";
import { fixtureProgram } from "./fixtures/program";

const packDir = path.join(__dirname, "fixtures", "pack");
const definition = definitionSchema.parse(YAML.parse(fs.readFileSync(path.join(__dirname, "fixtures", "minimal.yaml"), "utf8")));
const cidrs = ["10.0.0.0/16", "192.168.0.0/16"];

/** Plans the fixture program, handing each registration to `analyze` as the CLI does. */
async function plan(analyze?: PackThread): Promise<PlanResult> {
    const run = await runUnderMocks(() => fixtureProgram(cidrs), {
        mocks: new LandingZoneMocks({ definition, preview: true }),
        stack: "minimal-all",
        onRegistration: analyze && ((r, _options, { provider, parent }) => (r.read ? undefined : analyze.analyze(r, provider, parent))),
    });
    return { stack: "minimal-all", units: ["all"], resources: run.resources, violations: [], summary: summarize(run.resources), stackUrn: run.stackUrn };
}

const full = (vs: Violation[]) => vs.map((v) => `${v.level} ${v.policy} ${v.urn} ${v.message}`);

/** Pack processes (run-policy-pack) that are children of this process (Linux). */
function packChildren(): number[] {
    const found: number[] = [];
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (ppid === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("run-policy-pack")) found.push(Number(pid));
        } catch {
            // Gone meanwhile.
        }
    }
    return found;
}

describe("plan: the policy pack's thread", function () {
    this.timeout(120000);

    it("judging from the thread while the program runs finds exactly what judging the finished plan finds, in plan order", async () => {
        const expected = await runPolicyPack(await plan(), { packDir, config: { "fixture-forbidden-name": { forbiddenName: "net0-vpc" } } });
        const thread = await PackThread.start(packDir);
        try {
            let reported: AnalyzerInfo | undefined;
            thread.configure((info: AnalyzerInfo) => {
                reported = info;
                return { "fixture-forbidden-name": { forbiddenName: "net0-vpc" } };
            });
            const planned = await plan(thread);
            const verdict = await thread.finish(planned);
            assert.deepStrictEqual(full(verdict.violations), full(expected.violations));
            assert.ok(verdict.violations.some((v: Violation) => v.policy === "fixture-forbidden-name"), "the config function's value reached the pack");
            assert.ok(verdict.violations.length >= 5, "the fixture finds something (else this test proves nothing)");
            assert.deepStrictEqual(verdict.info, { name: expected.info.name, version: expected.info.version });
            // The config function saw the policies the running pack reports.
            assert.deepStrictEqual(reported?.policies.map((p) => p.name).sort(), expected.info.policies.map((p) => p.name).sort());
        } finally {
            await thread.close();
        }
        if (process.platform === "linux") assert.deepStrictEqual(packChildren(), [], "the pack's process is stopped");
    });

    it("closing before the pack is configured stops it (a plan that fails early)", async () => {
        const thread = await PackThread.start(packDir);
        // Long enough for the pack to start and wait for its config.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await thread.close();
        if (process.platform === "linux") assert.deepStrictEqual(packChildren(), []);
    });

    it("a pack that cannot start: refused before planning, or its error as the judgement's, not a hang", async () => {
        await assert.rejects(PackThread.start(path.join(__dirname, "fixtures")), /fixtures is not a policy pack: it needs PulumiPolicy\.yaml and package\.json/);
        const broken = fs.mkdtempSync(path.join(__dirname, "fixtures", "broken-pack-"));
        try {
            fs.writeFileSync(path.join(broken, "PulumiPolicy.yaml"), "runtime: nodejs\n");
            fs.writeFileSync(path.join(broken, "package.json"), JSON.stringify({ name: "broken", version: "0.0.1", main: "index.js" }));
            fs.writeFileSync(path.join(broken, "index.js"), "throw new Error('pack failed to load');\n");
            const thread = await PackThread.start(broken);
            try {
                thread.configure({});
                await assert.rejects(thread.finish(await plan(thread)), /exited \(code \d+\) before it was ready:[\s\S]*pack failed to load/);
            } finally {
                await thread.close();
            }
        } finally {
            fs.rmSync(broken, { recursive: true, force: true });
        }
    });
});
