/**
 * The environment diagram: every shipped definition gives Mermaid that mermaid itself
 * parses, showing each spoke in its domain, each domain's reach, on-premises and the
 * endpoint services; a failover Region gets its own Region block; `--diagram` writes it
 * alone, and with `--against` marks what comes and goes.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Definition } from "../../definition/schema";
import { spokeRegion } from "../../definition/regions";
import { loadDefinitionFile } from "../../program/load";
import { main } from "../../tools/plan/cli";
import { environmentDiagram } from "../../tools/review/diagram";
import { withoutSpoke } from "../support/definition-edits";
import { mermaidBlocks, parseMermaid } from "../support/mermaid";

const repo = path.resolve(__dirname, "..", "..");
const stacksDir = path.join(repo, "stacks");
const load = (file: string): Definition => loadDefinitionFile(file).definition!;

describe("environment diagram", () => {
    for (const file of fs.readdirSync(stacksDir).filter((f) => f.endsWith(".yaml"))) {
        it(`${file}: mermaid parses it; it holds every spoke in its domain and every reach between domains`, async () => {
            const definition = load(path.join(stacksDir, file));
            const text = environmentDiagram(definition);
            assert.strictEqual(await parseMermaid(text), "flowchart-v2");
            assert.match(text, new RegExp(`subgraph r__${definition.region.replace(/-/g, "_")}\\["Region ${definition.region}"\\]`));
            for (const spoke of definition.spokes) {
                // Each spoke in its own Region's block (definition/regions.ts spokeRegion).
                const domainBlock = text.split(`subgraph r__${spokeRegion(definition, spoke).replace(/-/g, "_")}__domain__${spoke.domain.replace(/-/g, "_")}[`)[1]?.split("\n        end")[0] ?? "";
                assert.ok(domainBlock.includes(`["${spoke.name}<br/>${spoke.cidr}`), `${spoke.name} is drawn in domain ${spoke.domain}`);
            }
            const reachEdges = text.split("\n").filter((l) => l.includes("-.->|reaches|")).length;
            const expected = Object.values(definition.network.transitGateway.domains).reduce((n, d) => n + d.reaches.length, 0) -
                Object.entries(definition.network.transitGateway.domains).filter(([name, d]) => d.reaches.includes(name)).length;
            assert.strictEqual(reachEdges, expected, "one edge per reach (a domain reaching itself is said in its title)");
            for (const service of definition.endpointServices) assert.match(text, new RegExp(`service__${service.name.replace(/-/g, "_")}\\[/"${service.name} :${service.port}`));
        });
    }

    it("a failover Region is drawn as its own Region block, ready for more Regions", async () => {
        const definition = load(path.join(stacksDir, "prod.yaml"));
        const service = definition.endpointServices[0];
        const withFailover: Definition = {
            ...definition,
            endpointServices: [
                {
                    ...service,
                    failover: {
                        region: "us-west-2",
                        zone: "payments.example.com",
                        provider: { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"], targets: [] },
                        consumers: [{ spoke: service.consumers[0], vpcId: "vpc-0123456789abcdef1", subnetIds: ["subnet-0123456789abcdef1"], cidr: "10.117.0.0/16" }],
                    },
                } as Definition["endpointServices"][number],
            ],
        };
        const text = environmentDiagram(withFailover);
        assert.strictEqual(await parseMermaid(text), "flowchart-v2");
        assert.match(text, /subgraph r__us_west_2\["Region us-west-2 \(failover\)"\]/);
        assert.match(text, /r__us_west_2__service__payments_api\[\/"payments-api :443<br\/>endpoint service \(failover\)"\/\]/);
    });

    it("--diagram writes the diagram alone; with --against the removed spoke is marked", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagram-"));
        try {
            fs.mkdirSync(path.join(dir, "new"));
            const next = path.join(dir, "new", "prod.yaml");
            fs.writeFileSync(next, withoutSpoke(fs.readFileSync(path.join(stacksDir, "prod.yaml"), "utf8"), "research"));
            const out = path.join(dir, "diagram.md");
            assert.strictEqual(await main(["--definition", next, "--against", path.join(stacksDir, "prod.yaml"), "--diagram", out], { out: () => undefined, err: () => undefined }), 0);
            const md = fs.readFileSync(out, "utf8");
            const blocks = mermaidBlocks(md);
            assert.strictEqual(blocks.length, 1);
            assert.strictEqual(md.split("\n").filter((l) => l.startsWith("### ")).length, 1, "the diagram and its title, nothing else");
            assert.strictEqual(await parseMermaid(blocks[0]), "flowchart-v2");
            assert.match(blocks[0], /class r__us_east_1__spoke__research removed/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("bad combinations of the review options exit 2 before planning anything", async () => {
        const err: string[] = [];
        const run = (...args: string[]) => main(args, { out: () => undefined, err: (l) => err.push(l) });
        assert.strictEqual(await run("--stack", "dev", "--markdown", "x.md"), 2);
        assert.strictEqual(await run("--definition", "stacks/prod.yaml", "--unit", "network", "--markdown", "x.md"), 2);
        assert.strictEqual(await run("--definition", "stacks/prod.yaml", "--against", "stacks/prod.yaml"), 2);
        assert.strictEqual(await run("--definition", "stacks/prod.yaml", "--markdown", "x.md", "--json", "y.json"), 2);
        assert.strictEqual(await run("--definition", path.join(stacksDir, "prod.yaml"), "--against", path.join(stacksDir, "dev.yaml"), "--diagram", path.join(os.tmpdir(), "never.md")), 2);
        assert.match(err.join("\n"), /--against is a definition of environment "dev", .* of "prod"/);
        assert.ok(!fs.existsSync("x.md"));
    });
});
