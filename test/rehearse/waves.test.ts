/**
 * The deploy waves (program/stack-graph.ts) against the unit registry they come from:
 * every use of another stack's object comes after the run that makes it, every deletion
 * AWS blocks comes after its users are gone, changes destroy exactly the removed units,
 * and `npm run waves` prints the documented JSON.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { deleteBlockers, lifecycleRule } from "../../aws/lifecycle";
import { Definition, definitionSchema } from "../../definition/schema";
import { stackName, unitsOf } from "../../definition/units";
import { loadDefinitionFile } from "../../program/load";
import { DETACH_SPOKES_CONFIG, StackWaves, Wave, WaveStack, stackWaves } from "../../program/stack-graph";
import { STACK_OUTPUT, Use, declaredReads, unitExports, unitPhases, unitReads, unitUses } from "../../program/unit-registry";
import { main as wavesMain } from "../../tools/waves";
import { readStackOutputs, resetStackReferences, setReadingUnit, stackReference } from "../../program/references";

const stacksDir = path.resolve(__dirname, "..", "..", "stacks");
const shipped = fs.readdirSync(stacksDir).filter((f) => f.endsWith(".yaml"));

function load(file: string): Definition {
    const { definition, diagnostics } = loadDefinitionFile(file);
    assert.ok(definition, diagnostics.map((d) => d.message).join("\n"));
    return definition;
}

/** The shipped definition, edited as YAML and parsed again (no file needed for the pure waves). */
function variant(name: string, edit: (doc: any) => void): Definition {
    const doc = YAML.parse(fs.readFileSync(path.join(stacksDir, name), "utf8"));
    edit(doc);
    return definitionSchema.parse(doc);
}

/** Index of the wave whose run of `unit` completes `phase`. */
function waveOfPhase(waves: Wave[], env: string, unit: string, phase: string): number {
    const i = waves.findIndex((w) => w.stacks.some((s) => s.stack === stackName(env, unit) && s.operation === "up" && s.phases.includes(phase as never)));
    assert.ok(i >= 0, `no wave runs ${unit} (${phase})`);
    return i;
}

function entries(waves: Wave[]): { wave: number; entry: WaveStack }[] {
    return waves.flatMap((w, wave) => w.stacks.map((entry) => ({ wave, entry })));
}

/** Checks what every list of waves must satisfy: one run per stack per wave, passes counted 1, 2, ... */
function checkShape(waves: Wave[]): void {
    const passes = new Map<string, number>();
    for (const [i, wave] of waves.entries()) {
        const stacks = wave.stacks.map((s) => s.stack);
        assert.strictEqual(new Set(stacks).size, stacks.length, `wave ${i + 1} runs a stack twice: ${stacks.join(", ")}`);
        for (const s of wave.stacks) {
            const pass = (passes.get(s.stack) ?? 0) + 1;
            assert.strictEqual(s.pass, pass, `${s.stack} in wave ${i + 1}`);
            passes.set(s.stack, pass);
        }
    }
}

describe("deploy waves (program/stack-graph.ts)", () => {
    for (const file of shipped) {
        describe(`stacks/${file}`, () => {
            let definition: Definition;
            let waves: StackWaves;
            before(() => {
                definition = load(path.join(stacksDir, file));
                waves = stackWaves(definition);
            });

            it("every use of another stack's object runs in a later wave than the run that makes it", () => {
                checkShape(waves.waves);
                const uses = unitUses(definition);
                assert.ok(uses.length > 0);
                for (const use of uses) {
                    if (use.user.unit === use.object.unit) continue;
                    const user = waveOfPhase(waves.waves, definition.environment, use.user.unit, use.user.phase);
                    const maker = waveOfPhase(waves.waves, definition.environment, use.object.unit, use.object.phase);
                    assert.ok(user > maker, `${use.user.unit} (${use.user.phase}) uses ${use.object.unit}'s ${use.object.key} [${use.requires}]: wave ${user + 1} is not after wave ${maker + 1}`);
                }
                // Every phase of every unit runs, and every unit of the environment has a stack in the waves.
                for (const p of unitPhases(definition)) waveOfPhase(waves.waves, definition.environment, p.unit, p.phase);
                assert.deepStrictEqual(new Set(entries(waves.waves).map((e) => e.entry.unit)), new Set(unitsOf(definition)));
            });

            it("destroy: each stack once, after every user whose use blocks deleting its objects; the spokes detached first", () => {
                checkShape(waves.destroyWaves);
                const all = entries(waves.destroyWaves);
                const destroyed = all.filter((e) => e.entry.operation === "destroy");
                assert.deepStrictEqual(destroyed.map((e) => e.entry.unit).sort(), [...unitsOf(definition)].sort());
                const waveOf = (unit: string) => destroyed.find((e) => e.entry.unit === unit)!.wave;
                const detach = all.find((e) => e.entry.operation === "up");
                for (const use of unitUses(definition)) {
                    if (!use.blocksDelete || use.user.unit === use.object.unit) continue;
                    assert.ok(deleteBlockers.some((b) => b.id === use.blocksDelete), `${use.blocksDelete} is a delete blocker of aws/lifecycle.ts`);
                    const released = use.releasedBy === "detach" ? detach!.wave : waveOf(use.user.unit);
                    assert.ok(released < waveOf(use.object.unit), `${use.object.unit} destroyed in wave ${waveOf(use.object.unit) + 1} while ${use.user.unit} still uses ${use.object.key} [${use.blocksDelete}]`);
                }
                if (definition.spokes.length > 0) {
                    assert.strictEqual(detach?.entry.stack, stackName(definition.environment, "network"));
                    assert.deepStrictEqual(detach?.entry.config, { [DETACH_SPOKES_CONFIG]: "*" });
                    assert.strictEqual(detach?.wave, 0);
                }
            });
        });
    }

    it("prod: an endpoint service's consumer is destroyed before its owner (the service cannot be deleted while connected)", () => {
        const prod = load(path.join(stacksDir, "prod.yaml"));
        const waves = stackWaves(prod).destroyWaves;
        const service = prod.endpointServices[0];
        const waveOf = (unit: string) => entries(waves).find((e) => e.entry.unit === unit && e.entry.operation === "destroy")!.wave;
        for (const consumer of service.consumers) assert.ok(waveOf(consumer) < waveOf(service.spoke));
        const owner = entries(waves).find((e) => e.entry.unit === service.spoke && e.entry.operation === "destroy")!.entry;
        assert.ok(owner.after.some((a) => a.rule === "endpoint-service-delete-blocked-by-connections"), JSON.stringify(owner.after));
    });

    it("a cross-account spoke needs two passes: routes to the transit gateway wait for the network's acceptance", () => {
        const prod = load(path.join(stacksDir, "prod.yaml"));
        const waves = stackWaves(prod).waves;
        for (const spoke of prod.spokes) {
            const runs = entries(waves).filter((e) => e.entry.unit === spoke.name);
            assert.ok(runs.length >= 2, `${spoke.name}: ${runs.length} pass(es)`);
            const routes = runs.find((r) => r.entry.phases.includes("routes"))!;
            assert.ok(routes.wave > waveOfPhase(waves, prod.environment, "network", "attach"));
            assert.ok(routes.entry.after.some((a) => a.rule === "tgw-route-needs-available-attachment"));
        }
    });

    it("a single-account environment needs one spoke pass: its attachments need no acceptance", () => {
        const dev = load(path.join(stacksDir, "dev.yaml"));
        const waves = stackWaves(dev).waves;
        for (const spoke of dev.spokes) assert.strictEqual(entries(waves).filter((e) => e.entry.unit === spoke.name).length, 1);
        assert.deepStrictEqual(
            waves.map((w) => w.stacks.map((s) => s.unit).sort()),
            [["network"], dev.spokes.map((s) => s.name).sort(), ["network"]],
        );
    });

    it("unit all: one stack, one wave", () => {
        const dev = load(path.join(stacksDir, "dev.yaml"));
        const waves = stackWaves(dev, { singleStack: true });
        assert.deepStrictEqual(waves.waves.map((w) => w.stacks.map((s) => s.stack)), [["dev-all"]]);
        assert.deepStrictEqual(waves.destroyWaves.map((w) => w.stacks.map((s) => [s.stack, s.operation])), [[["dev-all", "destroy"]]]);
    });

    describe("changes (--from)", () => {
        it("adding a spoke: the new spoke, then the network accepts it, then its routes; no stack is destroyed", () => {
            const before = load(path.join(stacksDir, "prod.yaml"));
            const after = variant("prod.yaml", (doc) => doc.spokes.push({ name: "payments-eu", account: "payments-prod", cidr: "10.19.0.0/16", domain: "prod" }));
            const waves = stackWaves(after, { from: before }).waves;
            checkShape(waves);
            assert.ok(entries(waves).every((e) => e.entry.operation === "up"));
            const vpc = waveOfPhase(waves, "prod", "payments-eu", "vpc");
            const attach = waveOfPhase(waves, "prod", "network", "attach");
            const routes = waveOfPhase(waves, "prod", "payments-eu", "routes");
            assert.ok(vpc < attach && attach < routes, `${vpc} ${attach} ${routes}`);
            // Every stack of the new definition runs (each applies its part of the change).
            assert.deepStrictEqual(new Set(entries(waves).map((e) => e.entry.unit)), new Set(unitsOf(after)));
        });

        it("removing a spoke: the network detaches it first, then its stack is destroyed", () => {
            const before = load(path.join(stacksDir, "prod.yaml"));
            const after = variant("prod.yaml", (doc) => {
                doc.spokes = doc.spokes.filter((s: { name: string }) => s.name !== "research-scratch");
            });
            const waves = stackWaves(after, { from: before }).waves;
            checkShape(waves);
            const destroys = entries(waves).filter((e) => e.entry.operation === "destroy");
            assert.deepStrictEqual(destroys.map((d) => d.entry.unit), ["research-scratch"]);
            const firstNetwork = entries(waves).find((e) => e.entry.unit === "network")!.wave;
            assert.ok(firstNetwork < destroys[0].wave);
            assert.ok(destroys[0].entry.after.some((a) => a.stack === "prod-network" && a.rule === "tgw-attachment-delete-blocked-by-association"));
        });

        it("removing an endpoint service and its consumer spoke: the consumer goes before the owner deletes the service", () => {
            const before = load(path.join(stacksDir, "prod.yaml"));
            const service = before.endpointServices[0];
            const consumer = service.consumers[0];
            const after = variant("prod.yaml", (doc) => {
                doc.endpointServices = [];
                doc.spokes = doc.spokes.filter((s: { name: string }) => s.name !== consumer);
            });
            const waves = stackWaves(after, { from: before }).waves;
            const destroy = entries(waves).find((e) => e.entry.unit === consumer && e.entry.operation === "destroy")!;
            const owner = entries(waves).find((e) => e.entry.unit === service.spoke)!;
            assert.ok(destroy.wave < owner.wave, `consumer destroyed in wave ${destroy.wave + 1}, owner runs in wave ${owner.wave + 1}`);
        });

        it("an endpoint service's owner renamed in its account: consumers release it (earlier definition), the old stack goes, then the new owner creates the connection topic", () => {
            // The connection topic has one name per service (program/privatelink-shared.ts
            // connectionTopicName) and CreateTopic returns a topic of that name the account
            // already has in the Region (aws/lifecycle.ts sns-topic-name-unique).
            const dir = path.join(__dirname, "fixtures", "unit-all", "rv-rename-new-cidr");
            const before = load(path.join(dir, "from", "rs3.yaml"));
            const after = load(path.join(dir, "rs3.yaml"));
            const waves = stackWaves(after, { from: before }).waves;
            checkShape(waves);
            const all = entries(waves);
            const destroy = all.find((e) => e.entry.unit === "one-a" && e.entry.operation === "destroy")!;
            const newOwner = all.filter((e) => e.entry.unit === "one-b").map((e) => e.wave);
            assert.ok(destroy && newOwner.every((w) => w > destroy.wave), `one-a destroyed in wave ${destroy?.wave}, one-b runs in ${newOwner}`);
            const release = all.find((e) => e.entry.unit === "two-a" && e.wave < destroy.wave)!;
            assert.ok(release, "two-a runs before one-a's destroy");
            assert.deepStrictEqual([release.entry.config, release.entry.definition], [{ "landing-zone:releaseEndpointServices": "alpha" }, "from"]);
            const consume = waveOfPhase(waves, "rs3", "two-a", "consume");
            assert.ok(consume > Math.min(...newOwner), "two-a builds its endpoint to alpha after one-b publishes it");
        });

        it("the hub VPC replaced (a new hub CIDR): the org stack's perimeter run comes after the network's run, which publishes the new hubVpcId", () => {
            const dir = path.join(__dirname, "fixtures", "unit-all", "rv-hub-cidr-change");
            const waves = stackWaves(load(path.join(dir, "rs3.yaml")), { from: load(path.join(dir, "from", "rs3.yaml")) }).waves;
            checkShape(waves);
            const network = waveOfPhase(waves, "rs3", "network", "core");
            const org = waveOfPhase(waves, "rs3", "org", "perimeter");
            assert.ok(network < org, `network core in wave ${network + 1}, org perimeter in wave ${org + 1}`);
            // The same definition with the hub unchanged keeps them in one wave (nothing to wait for).
            const same = stackWaves(load(path.join(dir, "from", "rs3.yaml")), { from: load(path.join(dir, "from", "rs3.yaml")) }).waves;
            assert.equal(waveOfPhase(same, "rs3", "org", "perimeter"), waveOfPhase(same, "rs3", "network", "core"));
        });

        it("Profile to hosted zones with a forwarded domain: every spoke leaves the Profile before the network's run deletes it", () => {
            // Route 53 Profiles: a Profile is deleted only once no VPC is associated with it
            // (aws/lifecycle.ts profile-delete-blocked-by-vpc-associations).
            for (const c of ["rv-resolver-profile-to-zones", "rv-central-profile-to-zones"]) {
                const dir = path.join(__dirname, "fixtures", "unit-all", c);
                const before = load(path.join(dir, "from", "rs3.yaml"));
                const waves = stackWaves(load(path.join(dir, "rs3.yaml")), { from: before }).waves;
                checkShape(waves);
                const network = entries(waves).find((e) => e.entry.unit === "network")!.wave;
                for (const spoke of before.spokes) {
                    const first = entries(waves).find((e) => e.entry.unit === spoke.name)!.wave;
                    assert.ok(first < network, `${c}: ${spoke.name} first runs in wave ${first + 1}, the network in wave ${network + 1}`);
                }
            }
        });

        it("moving a spoke to another domain destroys nothing", () => {
            const before = load(path.join(stacksDir, "prod.yaml"));
            const after = variant("prod.yaml", (doc) => {
                const spoke = doc.spokes.find((s: { name: string }) => s.name === "orders-nonprod");
                spoke.domain = "isolated";
                spoke.cidr = "10.48.32.0/20";
            });
            const waves = stackWaves(after, { from: before }).waves;
            checkShape(waves);
            assert.ok(entries(waves).every((e) => e.entry.operation === "up"));
        });

        it("refuses an earlier definition of another environment", () => {
            assert.throws(() => stackWaves(load(path.join(stacksDir, "prod.yaml")), { from: load(path.join(stacksDir, "dev.yaml")) }), /environment dev, not prod/);
        });
    });

    describe("the unit registry", () => {
        it("every use reads only what its reader may read from the object's unit, and every rule it names is a lifecycle rule", () => {
            for (const file of shipped) {
                const definition = load(path.join(stacksDir, file));
                for (const use of unitUses(definition) as Use[]) {
                    const allowed = declaredReads(definition, use.user.unit, use.object.unit);
                    for (const output of use.reads) assert.ok(allowed.includes(output), `${file}: ${use.user.unit} reads ${output} from ${use.object.unit}, not declared in unitReads`);
                    if (use.requires !== STACK_OUTPUT) assert.doesNotThrow(() => lifecycleRule(use.requires));
                    if (use.blocksDelete) assert.doesNotThrow(() => lifecycleRule(use.blocksDelete!));
                }
            }
        });

        it("the program cannot open a StackReference or read an output the registry does not declare", async () => {
            const prod = load(path.join(stacksDir, "prod.yaml"));
            try {
                // (the org unit reads the network's hubVpcId: the network perimeter names the hub VPC)
                setReadingUnit(prod, "security");
                assert.throws(() => stackReference("prod", "network"), /prod-security reads stack prod-network, which the unit registry .* does not declare/);
                setReadingUnit(prod, prod.spokes[0].name);
                await assert.rejects(readStackOutputs("prod", "network", ["vpcId"]), /reads vpcId from stack prod-network, which the unit registry .* does not declare/);
            } finally {
                resetStackReferences();
            }
        });

        it("every output a unit reads is one the other unit exports", () => {
            for (const read of unitReads) {
                const exporter = read.from === "self" ? read.reader : read.from;
                for (const output of read.outputs) assert.ok(unitExports[exporter].includes(output), `${read.reader} reads ${output} from ${exporter}`);
            }
        });
    });

    describe("npm run waves", () => {
        const io = () => {
            const out: string[] = [];
            const err: string[] = [];
            return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
        };

        it("prints the waves as the documented JSON", () => {
            const { out, err, io: sink } = io();
            assert.strictEqual(wavesMain(["--definition", path.join(stacksDir, "prod.yaml")], sink), 0, err.join("\n"));
            const json = JSON.parse(out.join("\n"));
            assert.deepStrictEqual(Object.keys(json).sort(), ["destroyWaves", "environment", "waves"]);
            const first = json.waves[0].stacks[0];
            for (const key of ["stack", "unit", "account", "accountId", "pass", "operation", "reason", "phases", "after"]) assert.ok(key in first, key);
            assert.deepStrictEqual(json, stackWaves(load(path.join(stacksDir, "prod.yaml"))));
        });

        it("writes --json and prints a table; an invalid definition exits 2 with every problem located", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "waves-"));
            try {
                const { out, io: sink } = io();
                const target = path.join(dir, "waves.json");
                assert.strictEqual(wavesMain(["--definition", path.join(stacksDir, "dev.yaml"), "--json", target], sink), 0);
                assert.ok(JSON.parse(fs.readFileSync(target, "utf8")).waves.length > 0);
                assert.match(out.join("\n"), /dev: deploy[\s\S]*wave 1[\s\S]*dev-network #1/);

                const bad = path.join(dir, "dev.yaml");
                fs.writeFileSync(bad, fs.readFileSync(path.join(stacksDir, "dev.yaml"), "utf8").replace("cidr: 10.1.0.0/16", "cidr: 10.1.0.0/33").replace("domain: workloads", "domain: nowhere"));
                const failed = io();
                assert.strictEqual(wavesMain(["--definition", bad], failed.io), 2);
                const text = failed.err.join("\n");
                assert.match(text, /dev\.yaml:\d+:\d+ spokes\[0\]\.cidr/);
                assert.match(text, /nowhere/);
                assert.strictEqual(wavesMain(["--nope"], io().io), 2);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
});
