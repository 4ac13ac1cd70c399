/**
 * The perimeter's passes in the deploy waves (program/unit-registry.ts, phases `perimeter`
 * and `accept`): the org stack runs again after the network to name the hub VPC, and the
 * owner of an endpoint service runs again after its consumers to accept their connections.
 * The rehearsal runs the real program in that order and ends with every consumer endpoint
 * accepted and the organization's policies naming the hub VPC.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { Definition, definitionSchema } from "../../definition/schema";
import { stackName } from "../../definition/units";
import { loadDefinitionFile } from "../../program/load";
import { Wave, stackWaves } from "../../program/stack-graph";
import { declaredReads, unitPhases } from "../../program/unit-registry";
import { perimeterNamesHubVpc } from "../../perimeter/network-perimeter";
import { rehearsal } from "../support/rehearsals";

const stacksDir = path.resolve(__dirname, "..", "..", "stacks");

function load(file: string): Definition {
    const { definition, diagnostics } = loadDefinitionFile(path.join(stacksDir, file));
    assert.ok(definition, diagnostics.map((d) => d.message).join("\n"));
    return definition;
}

function waveOf(waves: Wave[], env: string, unit: string, phase: string): number {
    const i = waves.findIndex((w) => w.stacks.some((s) => s.stack === stackName(env, unit) && s.operation === "up" && s.phases.includes(phase as never)));
    assert.ok(i >= 0, `no wave runs ${unit} (${phase})`);
    return i;
}

describe("perimeter passes in the deploy waves", () => {
    it("prod: the org stack runs again after the network core (its SCP/RCP name the hub VPC), reading only hubVpcId", () => {
        const prod = load("prod.yaml");
        assert.ok(perimeterNamesHubVpc(prod), "prod's centralized endpoints hold services by aws:SourceVpc");
        const { waves } = stackWaves(prod);
        assert.ok(waveOf(waves, "prod", "org", "guardrails") < waveOf(waves, "prod", "network", "core"), "RAM sharing with the organization first");
        assert.ok(waveOf(waves, "prod", "network", "core") < waveOf(waves, "prod", "org", "perimeter"));
        assert.deepStrictEqual(declaredReads(prod, "org", "network"), ["hubVpcId"]);
    });

    it("prod: the owner of payments-api accepts after its consumer's endpoint exists", () => {
        const prod = load("prod.yaml");
        const { waves } = stackWaves(prod);
        assert.ok(waveOf(waves, "prod", "orders-prod", "consume") < waveOf(waves, "prod", "payments-prod", "accept"));
        const run = waves[waveOf(waves, "prod", "payments-prod", "accept")].stacks.find((s) => s.stack === "prod-payments-prod")!;
        assert.ok(run.after.some((a) => a.stack === "prod-orders-prod"), JSON.stringify(run.after));
    });

    it("no extra org pass when nothing is held by aws:SourceVpc (distributed endpoints), no accept pass without consumers", () => {
        const distributed = load("distributed.yaml");
        assert.strictEqual(perimeterNamesHubVpc(distributed), false);
        assert.ok(!unitPhases(distributed).some((p) => p.phase === "perimeter"));
        const doc = YAML.parse(fs.readFileSync(path.join(stacksDir, "prod.yaml"), "utf8"));
        doc.endpointServices = doc.endpointServices.map((s: { consumers: string[] }) => ({ ...s, consumers: [] }));
        const alone = definitionSchema.parse(doc);
        assert.ok(!unitPhases(alone).some((p) => p.phase === "accept"));
    });

    it("the rehearsal of prod ends with no consumer endpoint pending acceptance and the org's second pass updating its policies", async function () {
        this.timeout(180_000);
        const result = await rehearsal({ definitionFile: path.join(stacksDir, "prod.yaml") });
        assert.ok(result.converged);
        assert.ok(result.steps.every((s) => s.outcome === "ok"), result.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`).join("\n"));
        assert.deepStrictEqual(result.final.pendingAcceptance, []);
        const org2 = result.steps.find((s) => s.stack === "prod-org" && s.stage === "deploy" && s.pass === 2);
        assert.ok(org2 && org2.updates > 0 && org2.deletes.length === 0, JSON.stringify(org2));
    });
});
