/**
 * Removing a Region with one stack per unit: the removed Region's network stack drops its
 * side of the peering (association, routes) and its spokes' associations in a detach run —
 * with the earlier definition, the only one that still has its Region — before the kept
 * Region's stack deletes the peering attachment (tgw-peering-delete-blocked-by-association),
 * and its destroy comes after that delete (tgw-delete-blocked-by-peering-attachment).
 */
import * as assert from "assert";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { stackWaves } from "../../program/stack-graph";
import { runPlan } from "../../tools/deploy/plan";
import { rehearsal } from "../support/rehearsals";

const dir = path.join(__dirname, "..", "review-regions", "changes", "g3-remove-region");
const file = path.join(dir, "rtwo.yaml");
const fromFile = path.join(dir, "from", "rtwo.yaml");

describe("removing a Region: the order of its stacks", () => {
    const definition = loadDefinitionFile(file).definition!;
    const from = loadDefinitionFile(fromFile).definition!;
    const waves = stackWaves(definition, { from }).waves;
    const waveOf = (stack: string, operation: "up" | "destroy", pred: (s: any) => boolean = () => true) =>
        waves.findIndex((w) => w.stacks.some((s) => s.stack === stack && s.operation === operation && pred(s)));

    it("detaches the removed Region's network with the earlier definition, before the requester's update and its own destroy", () => {
        const removed = "rtwo-network-eu-central-1";
        const detach = waveOf(removed, "up", (s) => s.definition === "from");
        assert.ok(detach >= 0, "a detach run of the removed network stack");
        const entry = waves[detach].stacks.find((s) => s.stack === removed)!;
        assert.deepStrictEqual(entry.config, { "landing-zone:detachSpokes": "*" });
        const requester = waveOf("rtwo-network", "up");
        assert.ok(requester > detach, "the requester deletes the peering attachment after the detach run");
        assert.ok(waveOf(removed, "destroy") > requester, "the removed network stack is destroyed after the attachment's delete");
        for (const spoke of ["prod-fra", "dev-fra", "lab-fra-1", "lab-fra-2"]) {
            const d = waveOf(`rtwo-${spoke}`, "destroy");
            assert.ok(d > detach && d < waveOf(removed, "destroy"), `${spoke}: destroyed between the detach run and the network's destroy`);
        }
    });

    it("npm run deploy runs that detach with the --from file", () => {
        const plan = runPlan({ definition, definitionFile: file, from, fromFile });
        const step = plan.waves.flatMap((w) => w.stacks).find((s) => s.definition === "from")!;
        assert.strictEqual(step.config?.["landing-zone:definition"], path.resolve(fromFile));
        assert.strictEqual(step.config?.["landing-zone:detachSpokes"], "*");
    });

    it("rehearses to convergence, and leaves no peering accepter in AWS: the requester's delete removed the same attachment", async function () {
        this.timeout(120_000);
        for (const destroy of [false, true]) {
            const result = await rehearsal({ fromFile, definitionFile: file, destroy });
            assert.ok(result.converged && result.steps.every((s) => s.outcome === "ok"), result.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`).join("\n"));
            assert.strictEqual(result.final.retainedInAws["aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter"] ?? 0, 0, JSON.stringify(result.final.retainedInAws));
        }
    });
});
