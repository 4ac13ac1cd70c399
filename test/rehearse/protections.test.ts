/**
 * The program's protections for a real organization: deletes that would hurt beyond their
 * stack only forget, spokes route to the transit gateway only once accepted, the network
 * stops instead of cutting a live spoke off, explicit providers pinned to their account
 * for exactly the accounts a stack deploys into, and the detach run that precedes a
 * spoke's destruction.
 */
import * as assert from "assert";
import * as path from "path";
import { T, deleteEffects, protective } from "../../aws/lifecycle";
import { PlannedResource } from "../../analysis/plan-records";
import { Definition } from "../../definition/schema";
import { accountOfUnit, stackName, unitsOf } from "../../definition/units";
import { runLandingZone } from "../../program";
import { resetStackReferences } from "../../program/references";
import { DETACH_SPOKES_CONFIG } from "../../program/stack-graph";
import { crossAccountSpoke } from "../../program/unit-registry";
import { RegistrationOptions, runUnderMocks } from "../../tools/plan/mock-runtime";
import { LandingZoneMocks, callerAccountId, synthesizeStackOutputs } from "../../tools/plan/mocks";
import { PlanError, loadForPlan } from "../../tools/plan/run";
import { sharedPlan } from "../support/plans";

const stacksDir = path.resolve(__dirname, "..", "..", "stacks");
const prodFile = path.join(stacksDir, "prod.yaml");
const devFile = path.join(stacksDir, "dev.yaml");

/** Plans a unit and keeps each registration's resource options. */
async function planWithOptions(
    file: string,
    unit: string,
    stackOutputs?: Record<string, Record<string, unknown> | undefined>,
): Promise<{ resources: PlannedResource[]; options: Map<string, RegistrationOptions> }> {
    const { definition } = loadForPlan(file);
    const options = new Map<string, RegistrationOptions>();
    const run = await runUnderMocks(() => runLandingZone({ environment: definition.environment, unit, definitionFile: file }), {
        mocks: new LandingZoneMocks({ definition, preview: true, stackOutputs }),
        stack: stackName(definition.environment, unit),
        config: { "landing-zone:environment": definition.environment, "landing-zone:unit": unit, "landing-zone:definition": file },
        beforeRun: resetStackReferences,
        afterRun: resetStackReferences,
        onRegistration: (record, opts) => options.set(record.urn, opts),
    });
    return { resources: run.resources, options };
}

const ofType = (resources: PlannedResource[], type: string) => resources.filter((r) => r.type === type);
const tgwRoutes = (resources: PlannedResource[]) => ofType(resources, T.route).filter((r) => r.inputs.transitGatewayId !== undefined);

describe("protections in the program", () => {
    let prod: Definition;
    before(() => {
        prod = loadForPlan(prodFile).definition;
    });

    it("every resource whose delete reaches beyond its stack (aws/lifecycle.ts protective) is only forgotten when deleted", async () => {
        const seen = new Set<string>();
        for (const unit of ["org", "network"]) {
            const { resources, options } = await planWithOptions(prodFile, unit);
            for (const p of protective) {
                for (const r of ofType(resources, p.type)) {
                    seen.add(p.type);
                    assert.strictEqual(options.get(r.urn)?.retainOnDelete, true, `${r.urn} (${p.why}, ${p.rule}) must have retainOnDelete`);
                    // protect would make the stack's destroy fail instead.
                    assert.strictEqual(options.get(r.urn)?.protect, false);
                }
            }
        }
        assert.ok(seen.has(T.ramSharingWithOrganization) && seen.has(T.tgwVpcAttachmentAccepter), [...seen].join(", "));
        assert.ok(deleteEffects.some((e) => e.type === T.tgwVpcAttachmentAccepter && e.effect === "deletes-referenced-attachment"));
    });

    it("a spoke's association is replaced delete-first (an attachment has one route table association)", async () => {
        const { resources, options } = await planWithOptions(prodFile, "network");
        const associations = ofType(resources, T.tgwRouteTableAssociation).filter((r) => r.name.startsWith("routing-"));
        assert.strictEqual(associations.length, prod.spokes.length);
        for (const a of associations) assert.strictEqual(options.get(a.urn)?.deleteBeforeReplace, true, a.urn);
    });

    it("a cross-account spoke routes to the transit gateway only once the network says it accepted the attachment", async () => {
        const spoke = prod.spokes.find((s) => s.internet === "none")!;
        assert.ok(crossAccountSpoke(prod, spoke));
        const network = synthesizeStackOutputs(prod, "network");
        const before = await sharedPlan({ definitionFile: prodFile, unit: spoke.name, stackOutputs: { network: { ...network, acceptedCidrs: {} } } });
        assert.deepStrictEqual(tgwRoutes(before.resources), []);
        assert.ok(before.messages?.some((m) => m.message.includes("has not accepted")));
        // The attachment itself is there, pending the network's acceptance.
        assert.strictEqual(ofType(before.resources, T.tgwVpcAttachment).length, 1);
        const after = await sharedPlan({ definitionFile: prodFile, unit: spoke.name, stackOutputs: { network: { ...network, acceptedCidrs: { [spoke.name]: spoke.cidr } } } });
        assert.ok(tgwRoutes(after.resources).length > 0);
    });

    it("a spoke in the transit gateway's own account routes at once (no acceptance)", async () => {
        const dev = loadForPlan(devFile).definition;
        const spoke = dev.spokes[0];
        assert.ok(!crossAccountSpoke(dev, spoke));
        const plan = await sharedPlan({ definitionFile: devFile, unit: spoke.name, stackOutputs: { network: { ...synthesizeStackOutputs(dev, "network"), acceptedCidrs: {} } } });
        assert.ok(tgwRoutes(plan.resources).length > 0);
    });

    it("the network stops, naming each spoke and the rule, when a spoke it accepted before publishes no outputs", async () => {
        const [a, b] = prod.spokes.map((s) => s.name);
        await assert.rejects(
            sharedPlan({ definitionFile: prodFile, unit: "network", stackOutputs: { network: { attachedSpokes: [a, b] }, [a]: undefined, [b]: undefined } }),
            (err: unknown) => {
                assert.ok(err instanceof PlanError);
                assert.match(err.message, new RegExp(`prod-${a}, prod-${b} publish no vpcId`));
                assert.match(err.message, /accepter-delete-deletes-attachment/);
                assert.match(err.message, new RegExp(`pulumi up --stack prod-${a}`));
                assert.doesNotMatch(err.message, /\n\s+at /);
                return true;
            },
        );
        // A spoke it never accepted is waited for, not an error.
        const plan = await sharedPlan({ definitionFile: prodFile, unit: "network", stackOutputs: { network: { attachedSpokes: [b] }, [a]: undefined } });
        assert.ok(plan.messages?.some((m) => m.message.includes(`prod-${a}`)));
    });

    it("detached spokes keep their accepter and lose their association and propagations; an unknown name is refused", async () => {
        const spoke = prod.spokes[0].name;
        const plan = await sharedPlan({ definitionFile: prodFile, unit: "network", config: { [DETACH_SPOKES_CONFIG]: spoke } });
        const mine = (type: string) => ofType(plan.resources, type).filter((r) => r.name.startsWith(`routing-${spoke}-`));
        assert.strictEqual(mine(T.tgwVpcAttachmentAccepter).length, 1);
        assert.deepStrictEqual([...mine(T.tgwRouteTableAssociation), ...mine(T.tgwRouteTablePropagation)], []);
        const all = await sharedPlan({ definitionFile: prodFile, unit: "network", config: { [DETACH_SPOKES_CONFIG]: "*" } });
        assert.deepStrictEqual(ofType(all.resources, T.tgwRouteTableAssociation).filter((r) => r.name.startsWith("routing-")), []);
        assert.strictEqual(ofType(all.resources, T.tgwVpcAttachmentAccepter).length, prod.spokes.filter((s) => crossAccountSpoke(prod, s)).length);
        await assert.rejects(sharedPlan({ definitionFile: prodFile, unit: "network", config: { [DETACH_SPOKES_CONFIG]: "nope" } }), /detachSpokes names nope, which is not a spoke/);
    });

    it("each stack has an explicit provider for exactly the accounts it deploys into, pinned, tagged and in the Region", async () => {
        const caller = callerAccountId(prod);
        for (const unit of unitsOf(prod)) {
            const plan = await sharedPlan({ definitionFile: prodFile, unit });
            const providers = ofType(plan.resources, "pulumi:providers:aws");
            const account = accountOfUnit(prod, unit)!;
            assert.deepStrictEqual(providers.map((p) => p.name), [`${account}-provider`], `${unit}: ${providers.map((p) => p.name).join(", ")}`);
            const inputs = providers[0].inputs;
            assert.strictEqual(inputs.region, prod.region);
            assert.deepStrictEqual(JSON.parse(String(inputs.allowedAccountIds)), [prod.accounts[account]]);
            assert.deepStrictEqual(JSON.parse(String(inputs.defaultTags)).tags["landing-zone:environment"], prod.environment);
            assert.strictEqual(inputs.assumeRoles === undefined, prod.accounts[account] === caller, `${unit}: assume a role only into another account than the caller's`);
            // Every AWS resource of the stack uses it.
            for (const r of plan.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) assert.strictEqual(r.provider, providers[0].urn, r.urn);
        }
    });

    it("a spoke places its subnets in the Availability Zone ids the network stack publishes", async () => {
        const spoke = prod.spokes[0].name;
        const ids = ["use1-az4", "use1-az6", "use1-az2"];
        const plan = await sharedPlan({ definitionFile: prodFile, unit: spoke, stackOutputs: { network: { ...synthesizeStackOutputs(prod, "network"), availabilityZoneIds: ids } } });
        const used = new Set(ofType(plan.resources, T.subnet).map((s) => s.inputs.availabilityZoneId));
        assert.deepStrictEqual([...used].sort(), [...ids].sort());
        await assert.rejects(
            sharedPlan({ definitionFile: prodFile, unit: spoke, stackOutputs: { network: { ...synthesizeStackOutputs(prod, "network"), availabilityZoneIds: undefined } } }),
            /needs "availabilityZoneIds" from stack prod-network/,
        );
    });

    it("unit all still builds every unit in one graph: the spokes' routes wait for the network's acceptance", async () => {
        const plan = await sharedPlan({ definitionFile: prodFile, unit: "all" });
        const routing = plan.resources.find((r) => r.type === "landing-zone:network:DomainRouting")!;
        const routes = tgwRoutes(plan.resources).filter((r) => !r.name.startsWith("hub-"));
        assert.ok(routes.length > 0);
        for (const r of routes) assert.ok(r.dependsOn?.includes(routing.urn) || r.dependsOn?.some((d) => d.includes("VpcAttachmentAccepter")), `${r.urn} waits for ${r.dependsOn?.join(", ")}`);
        const providers = ofType(plan.resources, "pulumi:providers:aws").map((p) => p.name).sort();
        assert.deepStrictEqual(providers, [...new Set(unitsOf(prod).map((u) => `${accountOfUnit(prod, u)}-provider`))].sort());
    });
});
