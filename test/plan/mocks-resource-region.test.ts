/**
 * The mocks' fake outputs follow the resource-level `region` input of @pulumi/aws v7 (README
 * "Providers": a resource's Region is its `region` input when set, else its provider's). Outside
 * preview (component tests, anything that reads ids and ARNs) a resource built in another Region
 * through its account's provider gets an ARN naming that Region, and a data source asked for a
 * Region answers for it. Preview plans are unaffected: there, ARNs are unknown.
 *
 * Planned through the real program outside preview on the sandbox failover fixture, which has
 * both kinds of resource-level Region (the failover endpoint service, and the detective controls
 * in the failover Region); the Regions are read from its YAML.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlannedResource } from "../../analysis/plan-records";
import { runLandingZone } from "../../program";
import { resetStackReferences } from "../../program/references";
import { runUnderMocks } from "../../tools/plan/mock-runtime";
import { LandingZoneMocks, callerAccountId, resourceRegion } from "../../tools/plan/mocks";
import { loadForPlan } from "../../tools/plan/run";

const root = path.resolve(__dirname, "..", "..");
const fixture = path.join(root, "test", "privatelink", "fixtures", "definitions", "sandbox-failover", "dev.yaml");

/** The Region field of an ARN (`arn:partition:service:region:account:resource`). */
const arnRegion = (arn: string): string => arn.split(":")[3];

describe("mocks: fake outputs follow the resource-level region", () => {
    const { definition } = loadForPlan(fixture);
    const home = definition.region;
    const other = ["eu-west-1", "ap-southeast-2"].find((r) => r !== home)!;
    const providerUrn = "urn:pulumi:dev-all::landing-zone::pulumi:providers:aws::security-provider";

    /** Fresh mocks with one explicit provider pinned to the home Region and account 222222222222. */
    function mocksWithProvider(): LandingZoneMocks {
        const mocks = new LandingZoneMocks({ definition, preview: false });
        mocks.newResource({ type: "pulumi:providers:aws", name: "security-provider", inputs: { region: home, allowedAccountIds: '["222222222222"]' }, custom: true });
        return mocks;
    }
    const topic = (inputs: Record<string, unknown>) => ({ type: "aws:sns/topic:Topic", name: "alerts", inputs, provider: `${providerUrn}::provider-id`, custom: true });

    it("resourceRegion reads a Region code and nothing else", () => {
        assert.strictEqual(resourceRegion({ region: other }), other);
        assert.strictEqual(resourceRegion({ region: "" }), undefined);
        assert.strictEqual(resourceRegion({}), undefined);
        assert.strictEqual(resourceRegion(undefined), undefined);
    });

    it("a resource with a region input gets an ARN in that Region, in its provider's account", () => {
        const { state } = mocksWithProvider().newResource(topic({ region: other, name: "alerts" }));
        assert.strictEqual(arnRegion(state.arn), other);
        assert.strictEqual(state.arn.split(":")[4], "222222222222");
    });

    it("without one, the ARN names its provider's Region; without a provider, the definition's", () => {
        assert.strictEqual(arnRegion(mocksWithProvider().newResource(topic({ name: "alerts" })).state.arn), home);
        const bare = new LandingZoneMocks({ definition, preview: false }).newResource({ type: "aws:sns/topic:Topic", name: "t", inputs: {}, custom: true });
        assert.strictEqual(arnRegion(bare.state.arn), definition.region);
        assert.strictEqual(bare.state.arn.split(":")[4], callerAccountId(definition));
    });

    it("in preview, ARNs stay unknown whatever the region (the planned state is the inputs)", () => {
        const mocks = new LandingZoneMocks({ definition, preview: true });
        assert.deepStrictEqual(mocks.newResource(topic({ region: other })).state, { region: other });
    });

    it("a data source asked for a Region answers for it, else for its provider's", () => {
        const mocks = mocksWithProvider();
        const ask = (token: string, inputs: Record<string, unknown>) => mocks.call({ token, inputs, provider: `${providerUrn}::provider-id` });
        assert.strictEqual(ask("aws:index/getRegion:getRegion", { region: other }).name, other);
        assert.strictEqual(ask("aws:index/getRegion:getRegion", {}).name, home);
        assert.ok((ask("aws:index/getAvailabilityZones:getAvailabilityZones", { region: other }).names as string[]).every((n) => n.startsWith(other)));
    });

    describe("the program outside preview (sandbox failover fixture, unit all)", function () {
        this.timeout(180_000);
        const raw = YAML.parse(fs.readFileSync(fixture, "utf8")) as Record<string, any>;
        const failoverRegions: string[] = (raw.endpointServices ?? []).flatMap((s: any) => (s.failover ? [s.failover.region] : []));
        let res: PlannedResource[];
        before(async () => {
            const config = { "landing-zone:environment": definition.environment, "landing-zone:unit": "all", "landing-zone:definition": fixture };
            const run = await runUnderMocks(() => runLandingZone({ environment: definition.environment, unit: "all", definitionFile: fixture }), {
                mocks: new LandingZoneMocks({ definition, preview: false }),
                stack: `${definition.environment}-all`,
                preview: false,
                config,
                beforeRun: resetStackReferences,
                afterRun: resetStackReferences,
            });
            res = run.resources;
        });
        const providerRegionOf = (r: PlannedResource): string => (res.find((p) => p.urn === r.provider)?.inputs.region as string | undefined) ?? definition.region;
        const withArn = () => res.filter((r) => r.custom && r.type !== "pulumi:providers:aws" && typeof r.outputs?.arn === "string");

        it("every ARN names the resource's Region: its region input when set, else its provider's", () => {
            const wrong = withArn()
                .filter((r) => arnRegion(r.outputs!.arn as string) !== (resourceRegion(r.inputs) ?? providerRegionOf(r)))
                .map((r) => `${r.type} ${r.name}: ${r.outputs!.arn} (region input ${String(r.inputs.region)}, provider ${providerRegionOf(r)})`);
            assert.deepStrictEqual(wrong, []);
        });

        it("both kinds of resource-level Region get ARNs in the failover Region, not the provider's", () => {
            assert.ok(failoverRegions.length > 0, "the fixture fails over to another Region");
            const elsewhere = withArn().filter((r) => resourceRegion(r.inputs) !== undefined && resourceRegion(r.inputs) !== providerRegionOf(r));
            const types = new Set(elsewhere.map((r) => r.type));
            // The failover endpoint service (components/endpoint-service.ts) and the detective controls (components/detective-controls.ts).
            for (const t of ["aws:ec2/vpcEndpointService:VpcEndpointService", "aws:cloudwatch/eventRule:EventRule", "aws:cfg/rule:Rule"]) assert.ok(types.has(t), `${t} in ${[...types].join(", ")}`);
            for (const r of elsewhere) assert.ok(failoverRegions.includes(arnRegion(r.outputs!.arn as string)), `${r.type} ${r.name}: ${r.outputs!.arn}`);
        });

        it("an ARN read by another resource names the Region it was created in: the failover service's connection notification reads its own Region's topic", () => {
            const notifications = res.filter((r) => r.type === "aws:ec2/vpcEndpointConnectionNotification:VpcEndpointConnectionNotification" && failoverRegions.includes(resourceRegion(r.inputs) ?? ""));
            assert.ok(notifications.length > 0);
            for (const n of notifications) {
                const topicArn = n.inputs.connectionNotificationArn as string;
                assert.strictEqual(arnRegion(topicArn), n.inputs.region, `${n.name}: ${topicArn}`);
            }
        });
    });
});
