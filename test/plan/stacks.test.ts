/**
 * The offline plan of every shipped definition: the whole environment (unit `all`) and
 * every unit on its own (each stack of a real deployment), with the two-pass order
 * between network and spokes.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { unitsOf } from "../../definition/units";
import { PlanError } from "../../tools/plan/mock-runtime";
import { PlannedResource, UNKNOWN } from "../../analysis/plan-records";
import { PlanResult } from "../../tools/plan/model";
import { loadForPlan } from "../../tools/plan/run";
import { sharedPlan } from "../support/plans";

const stacksDir = path.resolve(__dirname, "..", "..", "stacks");
const shipped = fs
    .readdirSync(stacksDir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => path.join(stacksDir, f));

const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
const SPOKE_VPC = "landing-zone:network:SpokeVpc";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

import { regionOfNetworkUnit, spokesIn } from "../../definition/regions";

const ofType = (plan: PlanResult, type: string): PlannedResource[] => plan.resources.filter((r) => r.type === type);

function assertWellFormed(plan: PlanResult): void {
    const urns = new Set(plan.resources.map((r) => r.urn));
    assert.strictEqual(urns.size, plan.resources.length, "URNs are unique");
    for (const r of plan.resources) {
        if (r.parent !== undefined) assert.ok(urns.has(r.parent), `${r.name}: parent ${r.parent} is in the plan`);
        for (const [input, deps] of Object.entries(r.dependencies)) {
            for (const d of deps) assert.ok(urns.has(d), `${r.name}.${input}: dependency ${d} is in the plan`);
        }
    }
    const counted = plan.resources.filter((r) => !r.read).length;
    assert.strictEqual(plan.summary.resources, counted);
    assert.strictEqual(Object.values(plan.summary.byType).reduce((a, b) => a + b, 0), counted);
}

describe("plan: shipped definitions", function () {
    this.timeout(180000);
    assert.ok(shipped.length >= 2, "stacks/ holds the shipped definitions");

    for (const file of shipped) {
        const name = path.basename(file);

        it(`${name}: unit all plans every unit in one graph`, async () => {
            const { definition } = loadForPlan(file);
            const plan = await sharedPlan({ definitionFile: file, unit: "all" });
            assertWellFormed(plan);
            assert.strictEqual(plan.stack, `${definition.environment}-all`);
            assert.deepStrictEqual(plan.units, unitsOf(definition));
            const hubRegionsOf = [definition.region, ...Object.keys(definition.network.regions ?? {})];
            assert.strictEqual(ofType(plan, TGW).length, hubRegionsOf.length, "one transit gateway per hub Region");
            assert.deepStrictEqual(
                ofType(plan, SPOKE_VPC).map((r) => r.name).sort(),
                definition.spokes.map((s) => s.name).sort(),
                "one SpokeVpc per spoke",
            );
            // One graph: no stack references, but to its own last outputs where central hosted
            // zones record the hub association they adopted (program/services.ts centralZonesRecord)
            // or a failover zone its owner VPC's (program/privatelink-provider.ts previousFailoverZone).
            const zones = definition.network.dns.sharing === "hosted-zones" && definition.network.endpoints.mode === "centralized";
            const failover = definition.endpointServices.some((s) => s.failover !== undefined);
            assert.deepStrictEqual(
                ofType(plan, STACK_REFERENCE).map((r) => String(r.inputs.name).split("/").pop()),
                zones || failover ? [`${definition.environment}-all`] : [],
                "one graph: no stack references but its own",
            );
            // Computed values are unknown in preview, yet the graph is followed through property dependencies.
            const attachments = ofType(plan, "aws:ec2transitgateway/vpcAttachment:VpcAttachment");
            assert.ok(attachments.length >= definition.spokes.length);
            const tgws = ofType(plan, TGW).map((t) => t.urn);
            for (const a of attachments) {
                assert.strictEqual(a.inputs.transitGatewayId, UNKNOWN);
                assert.ok(a.dependencies.transitGatewayId?.some((u) => tgws.includes(u)), `${a.name}: transitGatewayId comes from a transit gateway`);
            }
        });

        it(`${name}: every unit plans on its own, with synthesized outputs of the stacks it reads`, async () => {
            const { definition } = loadForPlan(file);
            for (const unit of unitsOf(definition)) {
                const plan = await sharedPlan({ definitionFile: file, unit });
                assertWellFormed(plan);
                assert.strictEqual(plan.stack, `${definition.environment}-${unit}`);
                assert.ok(plan.summary.resources > 0, `${unit} creates something`);
                const spoke = definition.spokes.find((s) => s.name === unit);
                const region = unit === "network" ? definition.region : regionOfNetworkUnit(definition, unit);
                if (region !== undefined) {
                    assert.strictEqual(ofType(plan, TGW).length, 1);
                    assert.strictEqual(ofType(plan, SPOKE_VPC).length, 0);
                    // Pass 2 reads the stack of every spoke of its Region, its own previous outputs (the spokes it accepted before),
                    // and each other Region's network stack (the peering's other side).
                    const others = Object.keys(definition.network.regions ?? {}).length + (Object.keys(definition.network.regions ?? {}).length > 0 ? 1 : 0) - 1;
                    assert.strictEqual(ofType(plan, STACK_REFERENCE).length, spokesIn(definition, region).length + 1 + Math.max(0, others));
                } else if (spoke) {
                    assert.strictEqual(ofType(plan, TGW).length, 0, `${unit}: the spoke does not build the hub`);
                    assert.deepStrictEqual(ofType(plan, SPOKE_VPC).map((r) => r.name), [unit]);
                    // The network's transit gateway id comes from its stack, known at preview.
                    const attachment = ofType(plan, "aws:ec2transitgateway/vpcAttachment:VpcAttachment")[0];
                    assert.match(String(attachment.inputs.transitGatewayId), /^tgw-[0-9a-f]+$/);
                }
            }
        });
    }

    it("two passes: the network skips spokes not yet deployed, a spoke without its hub names the stack to deploy", async () => {
        const file = path.join(stacksDir, "prod.yaml");
        const { definition } = loadForPlan(file);
        const [first, ...others] = definition.spokes.map((s) => s.name);
        // A first deploy: no spoke deployed, and the network has accepted none before.
        const notDeployed = { ...Object.fromEntries(definition.spokes.map((s) => [s.name, undefined])), network: undefined };
        const pass1 = await sharedPlan({ definitionFile: file, unit: "network", stackOutputs: notDeployed });
        const pass2 = await sharedPlan({ definitionFile: file, unit: "network" });
        assert.ok(pass2.summary.resources > pass1.summary.resources, "pass 2 accepts, associates and propagates the spokes");
        assert.ok(pass1.messages?.some((m) => m.severity === "info" && m.message.includes(`prod-${first}`)), "pass 1 says which spokes it skipped");
        const partly = await sharedPlan({ definitionFile: file, unit: "network", stackOutputs: { ...Object.fromEntries(others.map((n) => [n, undefined])), network: undefined } });
        assert.ok(partly.summary.resources > pass1.summary.resources && partly.summary.resources < pass2.summary.resources);

        await assert.rejects(sharedPlan({ definitionFile: file, unit: first, stackOutputs: { network: undefined } }), (err: unknown) => {
            assert.ok(err instanceof PlanError && err.kind === "program");
            assert.match(err.message, /prod-network/);
            assert.match(err.message, /pulumi up --stack prod-network/);
            assert.doesNotMatch(err.message, /\n\s+at /);
            return true;
        });
    });

    it("an invalid definition stops the plan with every problem located in the file", async () => {
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "plan-bad-"));
        const file = path.join(dir, "bad.yaml");
        fs.writeFileSync(file, fs.readFileSync(path.join(stacksDir, "dev.yaml"), "utf8").replace("environment: dev", "environment: bad").replace(/cidr: 10\.1\.0\.0\/16/, "cidr: 10.1.0.0/33"));
        try {
            await assert.rejects(sharedPlan({ definitionFile: file, unit: "all" }), (err: unknown) => {
                assert.ok(err instanceof PlanError && err.kind === "definition");
                assert.match(err.message, new RegExp(`${file.replace(/[.\\/]/g, "\\$&")}:\\d+:\\d+ spokes\\[0\\]\\.cidr`));
                return true;
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
