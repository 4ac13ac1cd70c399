/**
 * A change to a unit-`all` environment (one stack): the plan runs the stack once, or — when
 * the change must delete something before it can create what it blocks — twice, the first
 * run with the earlier definition less those objects (`landing-zone:deleteFirst`,
 * program/change-order/single-stack-delete-first.ts deleteFirstOf). The rules are the ones the per-unit waves order by;
 * the rehearsals of the review-s3 changes (test/review-s3/review-s3-changes.test.ts) show the
 * runs converge.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { lifecycleRule } from "../../aws/lifecycle";
import { Definition } from "../../definition/schema";
import { loadDefinitionFile, loadDefinitionText } from "../../program/load";
import { stackWaves } from "../../program/stack-graph";
import { DELETE_FIRST_CONFIG, deleteFirstOf } from "../../program/change-order/single-stack-delete-first";
import { withoutDeletedFirst } from "../../program/delete-first";
import { deletedFirstOf } from "../../program";
import { runPlan, stepsOf } from "../../tools/deploy/plan";

const dir = path.join(__dirname, "..", "rehearse", "fixtures", "review-s3");
const load = (file: string): Definition => {
    const r = loadDefinitionFile(file);
    assert.ok(r.definition, `${file}: ${JSON.stringify(r.diagnostics)}`);
    return r.definition;
};
const change = (c: string) => ({
    definitionFile: path.join(dir, c, "rs3.yaml"),
    fromFile: path.join(dir, c, "from", "rs3.yaml"),
    definition: load(path.join(dir, c, "rs3.yaml")),
    from: load(path.join(dir, c, "from", "rs3.yaml")),
});
const planOf = (c: string) => {
    const x = change(c);
    return runPlan({ definition: x.definition, definitionFile: x.definitionFile, from: x.from, fromFile: x.fromFile, singleStackName: "rs3" });
};

describe("unit all: a change's runs", () => {
    it("a plain deploy, and a change that needs no intermediate state, are one run of the stack with the new definition", () => {
        const base = load(path.join(dir, "base", "rs3.yaml"));
        const deploy = runPlan({ definition: base, definitionFile: "stacks/rs3.yaml", singleStackName: "rs3" });
        assert.deepEqual(stepsOf(deploy).map((s) => [s.step, s.operation, s.config, s.definition]), [["rs3#1", "up", undefined, undefined]]);
        // A spoke removed (no new VPC overlaps it), a spoke added, a PrivateLink service changed, a perimeter change.
        for (const c of ["remove-spoke", "add-spoke", "endpoint-services", "perimeter", "service"]) {
            const x = change(c);
            assert.deepEqual(deleteFirstOf(x.definition, x.from), [], c);
            const plan = planOf(c);
            assert.equal(plan.operation, "change");
            assert.deepEqual(stepsOf(plan).map((s) => [s.step, s.operation, s.config, s.definition]), [["rs3#1", "up", undefined, undefined]], c);
        }
    });

    it("a spoke renamed with its CIDR kept: the earlier definition without the old spoke first (tgw-propagation-overlapping-cidr), then the new one", () => {
        const plan = planOf("rename");
        const steps = stepsOf(plan);
        assert.deepEqual(steps.map((s) => [s.step, s.wave, s.operation]), [["rs3#1", 1, "up"], ["rs3#2", 2, "up"]]);
        assert.equal(steps[0].definition, "from");
        assert.deepEqual(steps[0].config, { [DELETE_FIRST_CONFIG]: "spoke:two-s", "landing-zone:definition": path.resolve(change("rename").fromFile) });
        assert.equal(steps[1].definition, undefined);
        assert.equal(steps[1].config, undefined);
        assert.deepEqual(steps[1].after, [{ stack: "rs3", rule: "tgw-propagation-overlapping-cidr" }]);
        assert.ok(lifecycleRule("tgw-propagation-overlapping-cidr"));
    });

    it("centralized to distributed endpoints: the central endpoints whose names the spokes' endpoints take go first", () => {
        const x = change("endpoints-mode");
        const first = deleteFirstOf(x.definition, x.from);
        assert.deepEqual(first.map((d) => d.item).sort(), x.from.network.endpoints.services.map((s) => `endpoint:${s}`).sort());
        assert.ok(first.every((d) => d.rule === "private-dns-name-conflicts-with-zone"));
        // And back: the spokes' endpoints go before the hub takes the names again.
        const back = deleteFirstOf(x.from, x.definition);
        assert.deepEqual(back.map((d) => d.item).sort(), first.map((d) => d.item).sort());
        assert.ok(back.every((d) => d.rule === "zone-create-conflicts-with-same-name"));
    });

    it("a change of endpoint mode in every Region: each Region's services whose names change place (a service only the home Region lists included)", () => {
        const global = load(path.join(__dirname, "..", "..", "stacks", "global.yaml"));
        const distributed: Definition = { ...global, network: { ...global.network, endpoints: { ...global.network.endpoints, mode: "distributed" } } };
        const every = [...new Set([global.network.endpoints.services, ...Object.values(global.network.regions).map((r) => r.endpoints.services ?? [])].flat())];
        const first = deleteFirstOf(distributed, global).map((d) => d.item);
        // sts: an endpoint with private DNS of its own in the home Region only.
        assert.ok(first.includes("endpoint:sts") && !Object.values(global.network.regions).some((r) => r.endpoints.services?.includes("sts")));
        assert.deepEqual([...first].sort(), every.map((s) => `endpoint:${s}`).sort());
    });

    it("derives from the facts the per-unit waves order by: per unit, the same change deletes those objects in a run before the one that creates what they block", () => {
        // Renamed spoke: the network's first run of the change (which no longer propagates two-s) comes before two-t's VPC.
        const rename = change("rename");
        assert.deepEqual(deleteFirstOf(rename.definition, rename.from).map((d) => [d.item, d.rule]), [["spoke:two-s", "tgw-propagation-overlapping-cidr"]]);
        const waves = stackWaves(rename.definition, { from: rename.from }).waves;
        const waveOf = (stack: string, pass = 1) => waves.findIndex((w) => w.stacks.some((s) => s.stack === stack && s.pass === pass && s.operation === "up"));
        assert.ok(waveOf("rs3-network") >= 0 && waveOf("rs3-network") < waveOf("rs3-two-t"));
        // Endpoint mode: the spokes build their endpoints after the network's run that deletes the central ones, by the same rule.
        const mode = change("endpoints-mode");
        const perUnit = stackWaves(mode.definition, { from: mode.from }).waves.flatMap((w) => w.stacks.flatMap((s) => s.after.map((a) => a.rule)));
        for (const d of deleteFirstOf(mode.definition, mode.from)) assert.ok(perUnit.includes(d.rule), `${d.rule} not among ${[...new Set(perUnit)].join(", ")}`);
    });

    it("a spoke moved to another account goes first (Pulumi does not move a resource across accounts); its stack is destroyed first per unit too", () => {
        const x = change("rename");
        const moved: Definition = { ...x.from, spokes: x.from.spokes.map((s) => (s.name === "two-s" ? { ...s, account: "one" } : s)) };
        assert.deepEqual(deleteFirstOf(moved, x.from).map((d) => d.item), ["spoke:two-s"]);
        assert.ok(stackWaves(moved, { from: x.from }).waves.some((w) => w.stacks.some((s) => s.unit === "two-s" && s.operation === "destroy")));
    });

    it("two spokes swapping CIDRs: both old VPCs go first (each new VPC overlaps the other's old one); a spoke whose CIDR changes to a free range needs nothing first", () => {
        const changes = path.join(__dirname, "..", "rehearse", "fixtures", "changes", "review2-swap-cidrs");
        const definition = load(path.join(changes, "review2-org.yaml"));
        const from = load(path.join(changes, "from", "review2-org.yaml"));
        const swapped = definition.spokes.filter((s) => from.spokes.some((b) => b.name === s.name && b.cidr !== s.cidr)).map((s) => `spoke:${s.name}`);
        assert.equal(swapped.length, 2);
        const first = deleteFirstOf(definition, from);
        assert.deepEqual(first.map((d) => d.item).sort(), swapped.sort());
        assert.ok(first.every((d) => d.rule === "tgw-propagation-overlapping-cidr"));
        const base = load(path.join(dir, "base", "rs3.yaml"));
        const moved: Definition = { ...base, spokes: base.spokes.map((s) => (s.name === "two-s" ? { ...s, cidr: "10.179.0.0/16" } : s)) };
        assert.deepEqual(deleteFirstOf(moved, base), []);
        const inside: Definition = { ...base, spokes: base.spokes.map((s) => (s.name === "two-s" ? { ...s, cidr: "10.173.0.0/17" } : s)) };
        assert.deepEqual(deleteFirstOf(inside, base).map((d) => d.item), ["spoke:two-s"], "its own new CIDR inside its old one: the old VPC goes first");
    });

    it("the intermediate definition is valid: what named a left-out spoke goes with it", () => {
        const base = load(path.join(dir, "base", "rs3.yaml"));
        // one-a owns service alpha, two-a consumes it.
        for (const items of [["spoke:one-a"], ["spoke:two-a"], ["spoke:two-s", "endpoint:ssm"], ["endpoint:ssm", "endpoint:kms"]]) {
            const d = withoutDeletedFirst(base, items);
            const reloaded = loadDefinitionText(YAML.stringify(d), "rs3.yaml");
            assert.deepEqual(reloaded.diagnostics.filter((x) => x.severity === "error"), [], items.join(","));
            for (const item of items) {
                const [kind, name] = item.split(":");
                if (kind === "spoke") assert.ok(!JSON.stringify(d.spokes).includes(`"${name}"`) && !JSON.stringify(d.endpointServices).includes(`"${name}"`), item);
                else assert.ok(!d.network.endpoints.services.includes(name), item);
            }
        }
        assert.deepEqual(withoutDeletedFirst(base, ["spoke:one-a"]).endpointServices, [], "the service of a left-out owner goes");
        assert.deepEqual(withoutDeletedFirst(base, ["spoke:two-a"]).endpointServices[0].consumers, [], "a left-out consumer leaves its services");
    });

    it(`${DELETE_FIRST_CONFIG} is validated: every bad item in one error naming what is allowed, and only the unit-all stack reads it`, () => {
        const base = load(path.join(dir, "base", "rs3.yaml"));
        assert.deepEqual(deletedFirstOf(base, "all", undefined), []);
        assert.deepEqual(deletedFirstOf(base, "all", " spoke:two-s , endpoint:ssm "), ["spoke:two-s", "endpoint:ssm"]);
        assert.throws(
            () => deletedFirstOf(base, "all", "spoke:nope,endpoint:s3,two-s,vpc:x"),
            (e: Error) => {
                assert.ok(e instanceof pulumi.RunError);
                assert.match(e.message, /"spoke:nope" is not a spoke of rs3/);
                assert.match(e.message, /"endpoint:s3" is not an interface endpoint service of rs3/);
                assert.match(e.message, /"two-s" is not spoke:<name> or endpoint:<name>/);
                assert.match(e.message, /"vpc:x" is not spoke:<name> or endpoint:<name>/);
                assert.match(e.message, /expected some of: spoke:one-a, spoke:two-a, spoke:two-s, endpoint:ssm, endpoint:kms/);
                return true;
            },
        );
        assert.throws(() => deletedFirstOf(base, "network", "spoke:two-s"), /read by the unit-all stack only.*rs3-network is unit "network"/);
    });
});
