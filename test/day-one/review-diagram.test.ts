/**
 * The review diagram draws every spoke: those of the hub's own domain (`shared`) inside the
 * hub block, attached to the transit gateway, the others in their domain's block. Run over
 * every held-out definition (test/fixtures/definitions), each parsed by mermaid itself.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { HUB_DOMAIN } from "../../definition/validate";
import { loadDefinitionFile } from "../../program/load";
import { environmentDiagram } from "../../tools/review/diagram";
import { parseMermaid } from "../support/mermaid";

const dir = path.resolve(__dirname, "..", "fixtures", "definitions");
const u = (s: string) => s.replace(/-/g, "_");

describe("review diagram: every spoke, the hub's domain included", () => {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
        it(`${file}: each spoke is drawn once, in its domain's block or the hub's, and spokes of ${HUB_DOMAIN} attach to the transit gateway`, async () => {
            const definition = loadDefinitionFile(path.join(dir, file)).definition!;
            const text = environmentDiagram(definition);
            assert.strictEqual(await parseMermaid(text), "flowchart-v2");
            const r = `r__${u(definition.region)}`;
            for (const spoke of definition.spokes) {
                const node = `${r}__spoke__${u(spoke.name)}`;
                const declarations = text.split("\n").filter((l) => l.trim().startsWith(`${node}[`));
                assert.strictEqual(declarations.length, 1, `${spoke.name} is declared once`);
                const block = spoke.domain === HUB_DOMAIN ? `subgraph ${r}__hub[` : `subgraph ${r}__domain__${u(spoke.domain)}[`;
                const inside = text.split(block)[1]?.split("\n        end")[0] ?? "";
                assert.ok(inside.includes(`${node}["${spoke.name}<br/>${spoke.cidr}`), `${spoke.name} is drawn in ${spoke.domain === HUB_DOMAIN ? "the hub" : `domain ${spoke.domain}`}`);
                if (spoke.domain === HUB_DOMAIN) assert.ok(text.includes(`    ${node} === ${r}__tgw`), `${spoke.name} attaches to the transit gateway`);
            }
        });
    }
});
