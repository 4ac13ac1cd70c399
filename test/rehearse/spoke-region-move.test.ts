/**
 * A spoke moved to another Region (same account), per unit: its VPC and attachment belong to
 * the old Region's transit gateway, which the new Region's cannot accept
 * (tgw-accept-needs-pending-attachment), so the waves destroy its stack and deploy it again
 * (program/change-order/spoke-moves.ts spokesMovingRegion), and the new Region's network stack runs the
 * change only once the old stack is gone. Both directions, each torn down after.
 */
import * as assert from "assert";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { spokesMovingAccount, spokesMovingAccountOrRegion, spokesMovingRegion } from "../../program/change-order/spoke-moves";
import { rehearse } from "../../tools/rehearse/rehearse";

const dir = path.join(__dirname, "fixtures", "review-s3", "move-region");
const home = path.join(dir, "from", "rs3.yaml");
const moved = path.join(dir, "rs3.yaml");

describe("a spoke moving to another Region (per unit)", function () {
    this.timeout(300_000);

    it("is a spoke moving Region, not account; the waves treat both as a move", () => {
        const a = loadDefinitionFile(home).definition!;
        const b = loadDefinitionFile(moved).definition!;
        assert.deepEqual(spokesMovingRegion(b, a), ["two-s"]);
        assert.deepEqual(spokesMovingRegion(a, b), ["two-s"]);
        assert.deepEqual(spokesMovingAccount(b, a), []);
        assert.deepEqual(spokesMovingAccountOrRegion(b, a), ["two-s"]);
        assert.deepEqual(spokesMovingRegion(a, a), []);
    });

    for (const [name, from, to, network] of [
        ["home -> eu-central-1", home, moved, "rs3-network-eu-central-1"],
        ["eu-central-1 -> home", moved, home, "rs3-network"],
    ] as const) {
        it(`${name}: the old stack is destroyed, then the new Region's network runs, then the spoke is deployed again and accepted there`, async () => {
            const r = await rehearse({ definitionFile: to, fromFile: from, destroy: true, memo: false });
            assert.deepEqual(r.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`), []);
            assert.deepEqual(r.findings.map((f) => f.rule), []);
            const change = r.steps.filter((s) => s.stage === "change");
            const destroyed = change.find((s) => s.stack === "rs3-two-s" && s.operation === "destroy");
            assert.ok(destroyed, "the spoke's old stack is destroyed");
            const networkRuns = change.filter((s) => s.stack === network);
            assert.ok(networkRuns.length > 0);
            for (const run of networkRuns) assert.ok(run.wave > destroyed.wave, `${network} runs in wave ${run.wave}, before the destroy (wave ${destroyed.wave})`);
            const redeployed = change.filter((s) => s.stack === "rs3-two-s" && s.operation !== "destroy");
            assert.ok(redeployed.some((s) => s.wave > destroyed.wave && s.created.some((x) => /VpcAttachment$/.test(x.type))), "deployed again with a new attachment");
            assert.ok(networkRuns.some((s) => s.created.some((x) => /VpcAttachmentAccepter$/.test(x.type))), `${network} accepts the new attachment`);
        });
    }
});
