/**
 * The work of one unit's plan grows with the unit, not with the environment. Planning every
 * unit of a 1,000-spoke environment runs the program 1,002 times: anything a unit's plan does
 * for every spoke of the environment more than a few times costs the whole run the square of
 * the spokes (a lookup of a spoke by name per unit in `unitsOf` once cost 8 CPU-seconds per
 * planner at 1,000 spokes). Counted, never timed: how often the definition's spokes are read,
 * and what each route waits for.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { Definition } from "../../definition/schema";
import { accountsWithoutUnit, ownerUnitOfAccount, unitsOf } from "../../definition/units";
import { LoadResult, loadDefinitionText } from "../../program/load";
import { sharedPlan } from "../support/plans";
import { syntheticDefinition } from "../../tools/plan/synthetic";
import { stableConfig } from "../../policypacks/landing-zone/lib/rule";
import { PackConfig } from "../../policypacks/landing-zone/lib/config";

/** A synthetic environment of `spokes` spokes, loaded and checked, in a temporary `bench.yaml`. */
function environment(spokes: number, services: number): { file: string; loaded: LoadResult } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-per-unit-"));
    const file = path.join(dir, "bench.yaml");
    const text = YAML.stringify(syntheticDefinition({ spokes, services }));
    fs.writeFileSync(file, text);
    const loaded = loadDefinitionText(text, file);
    assert.ok(loaded.definition, `the synthetic definition of ${spokes} spokes loads`);
    return { file, loaded };
}

/** The definition with its spokes list counting every read of an element. */
function counting(definition: Definition): { definition: Definition; reads: () => number; reset: () => void } {
    let reads = 0;
    const spokes = new Proxy(definition.spokes, {
        get(target, key, receiver) {
            if (typeof key === "string" && /^\d+$/.test(key)) reads++;
            return Reflect.get(target, key, receiver);
        },
    });
    return {
        definition: Object.freeze({ ...definition, spokes }),
        reads: () => reads,
        reset: () => {
            reads = 0;
        },
    };
}

describe("per-unit work does not grow with the environment", () => {
    it("the units of an environment and the owner of an account read each spoke a bounded number of times", () => {
        const { loaded } = environment(100, 1);
        const c = counting(loaded.definition!);
        const n = c.definition.spokes.length;
        c.reset();
        const units = unitsOf(c.definition);
        assert.strictEqual(units.length, n + 2);
        assert.ok(c.reads() <= 4 * n, `unitsOf read the spokes ${c.reads()} times for ${n} spokes`);
        c.reset();
        accountsWithoutUnit(c.definition);
        assert.ok(c.reads() <= 4 * n, `accountsWithoutUnit read the spokes ${c.reads()} times for ${n} spokes`);
        c.reset();
        assert.strictEqual(ownerUnitOfAccount(c.definition, c.definition.spokes[n - 1].account), c.definition.spokes[n - 1 - ((n - 1) % 10)].name);
        assert.ok(c.reads() <= 8 * n, `ownerUnitOfAccount read the spokes ${c.reads()} times for ${n} spokes`);
    });

    it("a spoke's plan reads the environment's spokes a number of times proportional to them, not to their square", async () => {
        const perSpoke: number[] = [];
        for (const spokes of [20, 200]) {
            const { file, loaded } = environment(spokes, 2);
            const c = counting(loaded.definition!);
            const load = (): LoadResult => ({ ...loaded, definition: c.definition });
            c.reset();
            const plan = await sharedPlan({ definitionFile: file, unit: c.definition.spokes[3].name, definition: c.definition, loadDefinition: load });
            assert.ok(plan.summary.resources > 0);
            perSpoke.push(c.reads() / spokes);
        }
        // Quadratic work would read each spoke about ten times as often at 200 spokes as at 20.
        assert.ok(perSpoke[1] <= 1.25 * perSpoke[0] + 1, `reads per spoke: ${perSpoke[0].toFixed(1)} at 20 spokes, ${perSpoke[1].toFixed(1)} at 200`);
    });

    it("in unit all, each spoke's routes to the transit gateway wait for its own attachment's network side, not every spoke's", async () => {
        const { file, loaded } = environment(6, 1);
        const plan = await sharedPlan({ definitionFile: file, unit: "all", definition: loaded.definition });
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const spokes = loaded.definition!.spokes.map((s) => s.name);
        const routes = plan.resources.filter((r) => r.type === "aws:ec2/route:Route" && spokes.some((s) => r.name.startsWith(`${s}-`)) && r.inputs.transitGatewayId !== undefined);
        assert.ok(routes.length >= spokes.length, "every spoke routes to the transit gateway");
        for (const route of routes) {
            const spoke = spokes.find((s) => route.name.startsWith(`${s}-`))!;
            const waits = (route.dependsOn ?? []).map((urn) => byUrn.get(urn)!).filter((r) => r !== undefined);
            const spokeOf = (r: (typeof waits)[number]) => spokes.find((s) => r.name.includes(`-${s}-`));
            // Its own accepter (the synthetic spokes are in other accounts than the transit gateway) and association.
            assert.ok(waits.some((r) => r.type.endsWith("VpcAttachmentAccepter") && spokeOf(r) === spoke), `${route.name} waits for its accepter`);
            assert.ok(waits.some((r) => r.type.endsWith("RouteTableAssociation") && spokeOf(r) === spoke), `${route.name} waits for its association`);
            const others = waits.filter((r) => spokeOf(r) !== undefined && spokeOf(r) !== spoke).map((r) => r.name);
            assert.deepStrictEqual(others, [], `${route.name} waits for no other spoke's attachment`);
        }
    });

    it("in unit all with shared hosted zones, a spoke's zone associations wait for its own VPC's authorizations, not every spoke's", async () => {
        const plan = await sharedPlan({ definitionFile: path.resolve(__dirname, "../../stacks/hosted-zones.yaml"), unit: "all" });
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const vpcOf = (r: { dependencies: Record<string, string[]> }) => r.dependencies.vpcId?.[0];
        const associations = plan.resources.filter((r) => r.type === "aws:route53/zoneAssociation:ZoneAssociation" && vpcOf(r) !== undefined);
        const spokeVpcs = new Set(plan.resources.filter((r) => r.type === "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization").map(vpcOf));
        assert.ok(spokeVpcs.size >= 2, "the definition authorizes two spoke VPCs or more");
        for (const association of associations.filter((a) => spokeVpcs.has(vpcOf(a)))) {
            const authorizations = (association.dependsOn ?? []).map((urn) => byUrn.get(urn)!).filter((r) => r?.type === "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization");
            assert.ok(authorizations.length > 0, `${association.name} waits for its authorization`);
            assert.deepStrictEqual(
                authorizations.filter((a) => vpcOf(a) !== vpcOf(association)).map((a) => a.name),
                [],
                `${association.name} waits for no other VPC's authorization`,
            );
        }
    });

    it("the pack hands each rule one config object while its config is unchanged, so verdicts memoized per config serve every stack", () => {
        // What @pulumi/policy's getConfig returns on each call: a fresh copy of the policy's config without its enforcement level.
        const configured = { enforcementLevel: "mandatory", accountIds: ["111111111111"], organizationId: "o-abc", anyCallerResources: [] };
        const getConfig = (): PackConfig => {
            const { enforcementLevel: _level, ...properties } = configured;
            return properties as unknown as PackConfig;
        };
        const first = stableConfig(getConfig());
        assert.strictEqual(stableConfig(getConfig()), first, "a second copy of the same config is the same object");
        // Another Configure (new values) is another config.
        configured.accountIds = ["111111111111", "222222222222"];
        const second = stableConfig(getConfig());
        assert.notStrictEqual(second, first);
        assert.deepStrictEqual(second.accountIds, ["111111111111", "222222222222"]);
        // Another rule's keys are another config.
        assert.notStrictEqual(stableConfig({ organizationId: "o-abc" } as PackConfig), first);
    });
});
