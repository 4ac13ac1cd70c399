/**
 * The orderings the held-out review of owner and spoke Region moves needed
 * (test/rehearse/fixtures/review-owner-region; rehearsed end to end by
 * review-owner-region.sweep.test.ts, not part of test:unit): checked here on the pure waves
 * (program/stack-graph.ts), so `npm run test:unit` keeps them. Each expectation is the AWS
 * constraint the ordering serves, not the wave numbers the scheduler happens to pick.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { DETACH_SPOKES_CONFIG, RELEASE_SERVICES_CONFIG, WaveStack, stackWaves } from "../../program/stack-graph";

const dir = path.join(__dirname, "fixtures", "review-owner-region");

interface Run extends WaveStack {
    wave: number;
}

function runsOf(c: string): Run[] {
    const load = (file: string) => {
        const loaded = loadDefinitionFile(file);
        assert.ok(loaded.definition, JSON.stringify(loaded.diagnostics));
        return loaded.definition;
    };
    const waves = stackWaves(load(path.join(dir, c, "rr.yaml")), { from: load(path.join(dir, c, "from", "rr.yaml")) }).waves;
    return waves.flatMap((w, i) => w.stacks.map((s) => ({ ...s, wave: i })));
}

const runs = (all: Run[], stack: string) => all.filter((r) => r.stack === stack);
const destroyOf = (all: Run[], stack: string): Run => {
    const d = runs(all, stack).find((r) => r.operation === "destroy");
    assert.ok(d, `${stack} is destroyed`);
    return d;
};

describe("review: waves of owners and spokes moving Region (held-out fixtures, pure)", () => {
    it("rr-move-owner-and-consumer-swap: each Region's network detaches with the earlier definition (it never reads the arriving spoke's old attachment)", () => {
        const all = runsOf("rr-move-owner-and-consumer-swap");
        for (const network of ["rr-network", "rr-network-eu-central-1"]) {
            const detach = runs(all, network).find((r) => r.config?.[DETACH_SPOKES_CONFIG] !== undefined);
            assert.ok(detach, `${network} has a detach run`);
            assert.equal(detach.definition, "from");
            // Its runs with the new definition come after the arriving spoke's old stack is gone.
            const arriving = network === "rr-network" ? "rr-two-s" : "rr-one-a";
            for (const r of runs(all, network).filter((x) => x !== detach)) assert.ok(r.wave > destroyOf(all, arriving).wave, `${network} pass ${r.pass}`);
        }
    });

    it("rr-move-owner-remove-consumer: ordered; the removed consumer of the new Region goes before the owner's old stack", () => {
        const all = runsOf("rr-move-owner-remove-consumer");
        assert.ok(destroyOf(all, "rr-two-s").wave < destroyOf(all, "rr-one-a").wave);
        const detach = runs(all, "rr-network-eu-central-1").find((r) => r.config?.[DETACH_SPOKES_CONFIG] !== undefined);
        assert.ok(detach && detach.definition === "from" && detach.config![DETACH_SPOKES_CONFIG].split(",").includes("two-s"));
        assert.ok(detach.wave < destroyOf(all, "rr-two-s").wave);
    });

    for (const c of ["rr-change-failover-region", "rr-move-failover-provider-region"]) {
        it(`${c}: the consumers drop the old failover endpoints before the owner runs the change, and build them after it`, () => {
            const all = runsOf(c);
            const owner = runs(all, "rr-one-u");
            for (const consumer of ["rr-three-u", "rr-two-a"]) {
                const mine = runs(all, consumer);
                assert.ok(mine[0].wave < owner[0].wave, `${consumer}'s first run before the owner's`);
                assert.ok(mine.some((r) => r.phases.includes("consume") && r.wave > owner[0].wave), `${consumer} consumes after the owner published`);
            }
        });
    }

    it("rr-move-consumer-region: the owner runs after the consumer's old stack is gone and before its redeploy consumes", () => {
        const all = runsOf("rr-move-consumer-region");
        const gone = destroyOf(all, "rr-two-s").wave;
        const owner = runs(all, "rr-one-a");
        const consume = runs(all, "rr-two-s").find((r) => r.phases.includes("consume"))!;
        assert.ok(owner[0].wave > gone);
        assert.ok(owner[0].wave < consume.wave);
    });

    it("rr-move-owner-failover-swap: each new holder of gamma's connection topic runs after the old holder in that account and Region is destroyed", () => {
        const all = runsOf("rr-move-owner-failover-swap");
        assert.ok(runs(all, "rr-one-h")[0].wave > destroyOf(all, "rr-one-a").wave, "one-h (eu-west-1) after one-a's old stack (eu-west-1)");
        const redeploy = runs(all, "rr-one-a").find((r) => r.operation === "up")!;
        assert.ok(redeploy.wave > destroyOf(all, "rr-one-f").wave, "one-a (us-east-1) after one-f (us-east-1)");
    });

    for (const c of ["rr-move-owner-region-and-account", "rr-move-owner-account-into-consumer-account"]) {
        it(`${c}: three-u releases beta with the earlier definition (keeping its forwarder) before the owner's destroy; its run of the change after the owner's redeploy`, () => {
            const all = runsOf(c);
            const three = runs(all, "rr-three-u");
            const release = three.find((r) => r.config?.[RELEASE_SERVICES_CONFIG] !== undefined);
            assert.ok(release, "a release run");
            assert.equal(release.definition, "from");
            assert.equal(release.config![RELEASE_SERVICES_CONFIG], "beta");
            assert.ok(release.wave < destroyOf(all, "rr-one-a").wave);
            const redeploy = runs(all, "rr-one-a").find((r) => r.operation === "up")!;
            for (const r of three.filter((x) => x !== release)) assert.ok(r.wave > redeploy.wave, `three-u pass ${r.pass} after one-a's redeploy`);
        });
    }

    it("rr-move-owner-mutual: ordered; the owner consumes its consumer's service again from its new Region after its redeploy", () => {
        const all = runsOf("rr-move-owner-mutual");
        const gone = destroyOf(all, "rr-one-a").wave;
        assert.ok(runs(all, "rr-two-a")[0].wave < gone, "two-a drops alpha's endpoints first");
        assert.ok(runs(all, "rr-one-a").some((r) => r.phases.includes("consume") && r.wave > gone));
    });
});
