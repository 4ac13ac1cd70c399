/**
 * The org stack's network perimeter names every hub Region's hub VPC id (program/org.ts): its
 * perimeter pass must come after each Region's network stack has published its id.
 */
import * as assert from "assert";
import * as path from "path";
import { hubRegions } from "../../definition/regions";
import { loadDefinitionFile } from "../../program/load";
import { stackWaves } from "../../program/stack-graph";

describe("waves: the network perimeter of more than one hub Region", () => {
    it("runs the org stack's perimeter pass after every hub Region's network stack", () => {
        const { definition } = loadDefinitionFile(path.resolve(__dirname, "../../stacks/global.yaml"));
        assert.ok(definition && hubRegions(definition).length > 1);
        const waves = stackWaves(definition!).waves;
        const waveOf = (unit: string, phase: string) => waves.findIndex((w) => w.stacks.some((s) => s.unit === unit && s.operation === "up" && s.phases.includes(phase as never)));
        const perimeter = waveOf("org", "perimeter");
        assert.ok(perimeter >= 0, "the org stack has a perimeter pass");
        for (const hub of hubRegions(definition!)) {
            const core = waveOf(hub.unit, "core");
            assert.ok(core >= 0 && core < perimeter, `${hub.unit} (wave ${core + 1}) before the org perimeter pass (wave ${perimeter + 1})`);
        }
    });
});
