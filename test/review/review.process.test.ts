/**
 * The pull-request review summary: `npm run plan -- --definition <new> --against <earlier>
 * --markdown <out.md>`. Each case edits stacks/prod.yaml the way a pull request would and
 * checks the summary against what the earlier and the new plans and definitions say: the
 * stacks and resources that go, the reachability pairs (from the definitions' intended
 * reachability, an independent computation), the sign of the cost change, the findings,
 * and a diagram that mermaid parses.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { intendedReachability } from "../../analysis/reachability";
import { loadDefinitionText } from "../../program/load";
import { main } from "../../tools/plan/cli";
import { compareEnvironments, EnvironmentPlan, reachabilityPairs, Review } from "../../tools/review/compare";
import { environmentDiagram } from "../../tools/review/diagram";
import { reviewMarkdown } from "../../tools/review/markdown";
import { planEnvironment } from "../../tools/review/plan-environment";
import { withoutSpoke, withServices, withSpoke } from "../support/definition-edits";
import { mermaidBlocks, parseMermaid } from "../support/mermaid";

const repo = path.resolve(__dirname, "..", "..");
const prodFile = path.join(repo, "stacks", "prod.yaml");
const prodText = fs.readFileSync(prodFile, "utf8");
const packDir = path.join(repo, "policypacks", "landing-zone");

const pairText = (p: { from: string; to: string }) => `${p.from} → ${p.to}`;
/** Pairs of `a` that `b` lacks. */
const minus = (a: { from: string; to: string }[], b: { from: string; to: string }[]) => a.filter((p) => !b.some((q) => q.from === p.from && q.to === p.to)).map(pairText).sort();

describe("review summary (--against, --markdown)", function () {
    this.timeout(600000);
    let dir: string;
    let earlier: EnvironmentPlan;

    /** Writes a variant of prod as `<dir>/<name>/prod.yaml` (the file name must be the environment's). */
    const variant = (name: string, text: string): string => {
        fs.mkdirSync(path.join(dir, name), { recursive: true });
        const file = path.join(dir, name, "prod.yaml");
        fs.writeFileSync(file, text);
        return file;
    };
    const definitionOf = (file: string) => loadDefinitionText(fs.readFileSync(file, "utf8"), file).definition!;
    const review = async (file: string): Promise<{ review: Review; markdown: string }> => {
        const after = await planEnvironment(file, { packDir });
        const r = compareEnvironments(earlier, after);
        return { review: r, markdown: reviewMarkdown(r, { diagram: environmentDiagram(definitionOf(file), definitionOf(prodFile)) }) };
    };

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "review-"));
        earlier = await planEnvironment(prodFile, { packDir });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a spoke removed (through the CLI): names its stack and every resource it held, the pairs lost, a negative cost delta, and the diagram", async () => {
        const file = variant("removed", withoutSpoke(prodText, "research-scratch"));
        const out = path.join(dir, "removed.md");
        const stdout: string[] = [];
        const code = await main(["--definition", file, "--against", prodFile, "--markdown", out], { out: (l) => stdout.push(l), err: () => undefined });
        // Every stack of prod, and of prod without one spoke, is clean.
        const mandatory = earlier.stacks.flatMap((s) => s.violations).filter((v) => v.level === "mandatory");
        assert.deepStrictEqual(mandatory, []);
        assert.strictEqual(code, 0);
        const md = fs.readFileSync(out, "utf8");

        // The removed spoke's stack, to destroy, with every resource it held (names from the earlier plan).
        const gone = earlier.stacks.find((s) => s.unit === "research-scratch")!;
        assert.match(md, /\| prod-research-scratch \| \*\*to destroy\*\* \|/);
        assert.match(md, /> \*\*prod-research-scratch\*\*: its unit is no longer in the definition/);
        const created = gone.resources.filter((r) => !r.read);
        assert.ok(created.length > 10);
        for (const r of created) assert.ok(md.includes(r.name), `the summary names ${r.type} ${r.name}`);
        assert.match(md, new RegExp(`<b>prod-research-scratch</b>: to destroy: ${created.length} resources to remove`));

        // Reachability lost: exactly the intended pairs of the earlier definition that the new one lacks.
        const lost = minus(reachabilityPairs(intendedReachability(definitionOf(prodFile)).reachable), reachabilityPairs(intendedReachability(definitionOf(file)).reachable));
        assert.ok(lost.length > 0 && lost.every((p) => p.includes("research-scratch")));
        assert.ok(md.includes(`- **Lost** (${lost.length}): ${lost.join(", ")}`), md.split("### Reachability")[1]?.slice(0, 300));
        assert.match(md, /- \*\*Gained\*\* \(0\): none/);

        // Cheaper: one transit gateway attachment fewer.
        const delta = /\| \*\*Monthly cost\*\* \| \$[\d,.]+ → \$[\d,.]+ \(\*\*(.)\$([\d,.]+)\*\*\) \|/.exec(md);
        assert.ok(delta, "headline cost");
        assert.strictEqual(delta[1], "−");
        assert.match(md, /\| Transit gateway attachments \| (\d+) → (\d+) \|/);
        const [, before, afterCount] = /\| Transit gateway attachments \| (\d+) → (\d+) \|/.exec(md)!;
        assert.strictEqual(Number(before) - Number(afterCount), 1);
        assert.match(stdout.join("\n"), /1 stacks to destroy.*monthly cost −\$/);

        // The diagram: one Mermaid block that mermaid parses, the removed spoke marked removed.
        const blocks = mermaidBlocks(md);
        assert.strictEqual(blocks.length, 1);
        assert.strictEqual(await parseMermaid(blocks[0]), "flowchart-v2");
        assert.match(blocks[0], /class [^\n]*r__us_east_1__spoke__research_scratch[^\n]* removed/);
    });

    it("a spoke added: a new stack with its resources, the network stack accepting it, the pairs gained, a positive cost delta", async () => {
        const file = variant("added", withSpoke(prodText, { name: "ledger", account: "ledger", cidr: "10.19.0.0/16", domain: "prod" }, "200000000009"));
        const { review: r, markdown: md } = await review(file);
        const ledger = r.stacks.find((s) => s.stack === "prod-ledger")!;
        assert.strictEqual(ledger.status, "added");
        assert.ok(ledger.added.some((x) => x.type === "aws:ec2/vpc:Vpc"));
        assert.match(md, /\| prod-ledger \| \*\*new stack\*\* \|/);
        for (const x of ledger.added) assert.ok(md.includes(x.name), x.name);
        const network = r.stacks.find((s) => s.unit === "network")!;
        assert.ok(network.added.some((x) => x.type === "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter" && x.name.includes("ledger")));
        const gained = minus(reachabilityPairs(intendedReachability(definitionOf(file)).reachable), reachabilityPairs(intendedReachability(definitionOf(prodFile)).reachable));
        assert.deepStrictEqual(r.reachability.gained.map(pairText).sort(), gained);
        assert.ok(md.includes(`- **Gained** (${gained.length}): `));
        assert.ok(r.cost.delta > 0);
        assert.match(md, /\(\*\*\+\$[\d,.]+\*\*\)/);
        assert.deepStrictEqual(r.stacks.filter((s) => s.status === "removed"), []);
        const [diagram] = mermaidBlocks(md);
        assert.strictEqual(await parseMermaid(diagram), "flowchart-v2");
        assert.match(diagram, /class [^\n]*r__us_east_1__spoke__ledger[^\n]* added/);
    });

    it("a changed service list: endpoints added and removed in the network stack, no reachability change, the diagram says which", async () => {
        const services = definitionOf(prodFile).network.endpoints.services;
        const next = [...services.filter((s) => s !== "monitoring"), "sqs", "sns"];
        const file = variant("services", withServices(prodText, next));
        const { review: r, markdown: md } = await review(file);
        const network = r.stacks.find((s) => s.unit === "network")!;
        const endpointOf = (list: { type: string; name: string }[], service: string) =>
            list.some((x) => x.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && x.name.endsWith(`-${service}`));
        assert.ok(endpointOf(network.added, "sqs") && endpointOf(network.added, "sns"), network.added.map((x) => x.name).join(", "));
        assert.ok(endpointOf(network.removed, "monitoring"));
        assert.deepStrictEqual(r.reachability, { gained: [], lost: [] });
        assert.match(md, /No pair of networks gains or loses a path/);
        assert.ok(r.cost.delta > 0, "two endpoints more, one fewer");
        assert.match(md, /\| Interface endpoints \(endpoint × AZ\) \| (\d+) → (\d+) \|/);
        const [diagram] = mermaidBlocks(md);
        assert.strictEqual(await parseMermaid(diagram), "flowchart-v2");
        assert.match(diagram, /added: sqs, sns/);
        assert.match(diagram, /removed: monitoring/);
        assert.match(diagram, /class r__us_east_1__hub__endpoints changed/);
    });
});
