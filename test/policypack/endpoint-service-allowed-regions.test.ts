/**
 * endpoints-vpc-endpoint-service-allowed with more than one hub Region: `acceptWorkloadServiceEndpoints`
 * accepts a workload's own endpoint to an AWS service of its own Region when that Region is any
 * hub Region (config `regions`), not only the home Region (`region`, which alone keeps working for
 * configs written before `regions`). The endpoint's Region is its `region` input, else its
 * provider's; AWS connects an endpoint only to its own Region's services unless `serviceRegion`
 * names another (cross-Region PrivateLink, some services only:
 * https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html).
 * Allowed names (written for every hub Region) are judged per Region the same way. Each case
 * starts from a compliant baseline and mutates one thing.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { hubRegions } from "../../definition/regions";
import { loadDefinitionFile } from "../../program/load";
import { configProperties, hubRegionsOf } from "../../policypacks/landing-zone/lib/config";
import { T } from "../../policypacks/landing-zone/lib/types";
import { endpointsVpcEndpointServiceAllowed as rule } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-service-allowed";
import { packConfigValues, policyConfigFor } from "../../tools/policy-config";
import { crossRegionAwsServices } from "../../policypacks/landing-zone/lib/endpoint-regions";
import { config, endpointSecurityGroup, interfaceEndpoint, region } from "./fixtures";
import { StackFixture, UNKNOWN, advisory, mandatory, runStack } from "./harness";

const SECOND = "eu-west-1";
const root = path.resolve(__dirname, "..", "..");

describe("endpoints-vpc-endpoint-service-allowed: every hub Region is the same Region (config regions)", () => {
    const accepting = { ...config, acceptWorkloadServiceEndpoints: true, regions: [region, SECOND] };
    const sqsIn = (r: string) => `com.amazonaws.${r}.sqs`;
    const vpc: StackFixture = { type: T.vpc, name: "vpc", props: { cidrBlock: "10.9.0.0/16" } };
    const group: StackFixture = { type: T.securityGroup, name: "sg", props: endpointSecurityGroup([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.9.0.0/16"] }]) };
    /** An endpoint in Region `at` (its `region` input; `undefined`: not set) to `serviceName`. */
    const ep = (serviceName: string, at: string | undefined, extra: Partial<StackFixture> & { props?: Record<string, unknown> } = {}): StackFixture => ({
        type: T.vpcEndpoint,
        name: "ep",
        props: interfaceEndpoint({ serviceName, ...(at !== undefined ? { region: at } : {}), privateDnsEnabled: false, vpcId: UNKNOWN, securityGroupIds: [UNKNOWN], ...extra.props }),
        deps: { vpcId: ["vpc"], securityGroupIds: ["sg"] },
        ...(extra.provider ? { provider: extra.provider } : {}),
    });

    it("baseline: a workload's own endpoint in the second hub Region, meeting the perimeter, passes", async () => {
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(SECOND), SECOND)], accepting), []);
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(region), region)], accepting), [], "and in the home Region");
    });

    it("a Region that has no hub is not the same Region: a violation", async () => {
        const r = mandatory(await runStack(rule, [vpc, group, ep(sqsIn("ap-southeast-2"), "ap-southeast-2")], accepting));
        assert.equal(r.length, 1);
        assert.match(r[0].message, /not in the environment's allowed services/);
    });

    it("a config with `region` only (written before `regions`) still accepts the home Region's, not the second's", async () => {
        const older = { ...accepting, regions: undefined };
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(region), region)], older), []);
        assert.equal(mandatory(await runStack(rule, [vpc, group, ep(sqsIn(SECOND), SECOND)], older)).length, 1);
    });

    it("regions that leave out region: no Region is trusted (stricter), and the rule says why", async () => {
        const inconsistent = { ...accepting, regions: [SECOND] };
        const r = await runStack(rule, [vpc, group, ep(sqsIn(SECOND), SECOND)], inconsistent);
        assert.equal(mandatory(r).length, 1);
        assert.ok(advisory(r).some((a) => /regions \(eu-west-1\) do not include its region us-east-1/.test(a.message)), JSON.stringify(r));
        assert.deepEqual(hubRegionsOf(inconsistent).regions, []);
    });

    it("the endpoint's Region is its provider's when it sets none, and its own region input wins", async () => {
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(SECOND), undefined, { provider: { region: SECOND } })], accepting), []);
        const r = mandatory(await runStack(rule, [vpc, group, ep(sqsIn(SECOND), undefined, { provider: { region } })], accepting));
        assert.equal(r.length, 1);
        assert.match(r[0].message, /the service is in eu-west-1 and the endpoint in us-east-1/);
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(SECOND), SECOND, { provider: { region } })], accepting), [], "region input over the provider's");
    });

    it("an endpoint whose Region is computed during preview is not same-Region (pessimistic): a violation that says why", async () => {
        for (const fixture of [ep(sqsIn(region), UNKNOWN), ep(sqsIn(region), undefined, { provider: { region: UNKNOWN } })]) {
            const r = mandatory(await runStack(rule, [vpc, group, fixture], accepting));
            assert.equal(r.length, 1, JSON.stringify(fixture.props));
            assert.match(r[0].message, /endpoint's Region is not known during preview/);
        }
    });

    it("an endpoint whose Region no input states: in its service name's Region (AWS connects it to no other), so judged as that Region's", async () => {
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(SECOND), undefined)], accepting), []);
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(SECOND), undefined, { provider: {} })], accepting), [], "a provider configured from AWS_REGION");
        assert.equal(mandatory(await runStack(rule, [vpc, group, ep(sqsIn("ap-southeast-2"), undefined)], accepting)).length, 1, "still only a hub Region's");
        const r = mandatory(await runStack(rule, [vpc, group, ep(`com.amazonaws.${SECOND}.kms`, undefined, { props: { serviceRegion: SECOND } })], accepting));
        assert.equal(r.length, 1, "with serviceRegion it may be anywhere: not same-Region");
        assert.match(r[0].message, /sets serviceRegion eu-west-1 and nothing says the endpoint's own Region/);
    });

    it("a serviceRegion equal to the endpoint's own Region is still same-Region", async () => {
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(SECOND), SECOND, { props: { serviceRegion: SECOND } })], accepting), []);
    });

    describe("allowed names are judged per Region (policy-config writes every hub Region's)", () => {
        const ssmIn = (r: string) => `com.amazonaws.${r}.ssm`;
        const kmsIn = (r: string) => `com.amazonaws.${r}.kms`;
        const allowing = { ...accepting, acceptWorkloadServiceEndpoints: false, allowedServiceNames: [ssmIn(region), ssmIn(SECOND), kmsIn(SECOND)] };
        it("baseline: each Region's endpoint to its own Region's allowed name passes", async () => {
            assert.deepEqual(await runStack(rule, [vpc, group, ep(ssmIn(region), region)], allowing), []);
            assert.deepEqual(await runStack(rule, [vpc, group, ep(ssmIn(SECOND), SECOND)], allowing), []);
            assert.deepEqual(await runStack(rule, [vpc, group, ep(ssmIn(SECOND), undefined, { provider: { region: SECOND } })], allowing), []);
        });
        it("an endpoint in the home Region to the second hub Region's allowed name is a violation", async () => {
            const r = mandatory(await runStack(rule, [vpc, group, ep(ssmIn(SECOND), region)], allowing));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /allowed for eu-west-1 only, but the endpoint is in us-east-1/);
        });
        it("cross-Region PrivateLink (serviceRegion) to an allowed name: passes for a service AWS offers cross-Region, not for another", async () => {
            assert.ok(crossRegionAwsServices.includes("kms") && !crossRegionAwsServices.includes("ssm"));
            assert.deepEqual(await runStack(rule, [vpc, group, ep(kmsIn(SECOND), region, { props: { serviceRegion: SECOND } })], allowing), []);
            const r = mandatory(await runStack(rule, [vpc, group, ep(ssmIn(SECOND), region, { props: { serviceRegion: SECOND } })], allowing));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /does not offer ssm over cross-Region PrivateLink/);
        });
        it("a serviceRegion that is not the allowed name's Region is a violation", async () => {
            assert.equal(mandatory(await runStack(rule, [vpc, group, ep(kmsIn(SECOND), region, { props: { serviceRegion: "ap-southeast-2" } })], allowing)).length, 1);
        });
        it("an endpoint whose Region no input says, without serviceRegion: AWS ties it to the name's Region, so the allowed name stands", async () => {
            assert.deepEqual(await runStack(rule, [vpc, group, ep(ssmIn(SECOND), undefined)], allowing), []);
        });
        it("a serviceRegion unknown during preview: an advisory note, not a pass", async () => {
            const r = await runStack(rule, [vpc, group, ep(ssmIn(SECOND), SECOND, { props: { serviceRegion: UNKNOWN } })], allowing);
            assert.deepEqual(mandatory(r), []);
            assert.match(advisory(r)[0].message, /serviceRegion of interface endpoint ep/);
        });
    });

    it("the config schema the CLI validates: Region codes, at least one, no repeats", () => {
        const schema = configProperties.regions as { items: { pattern: string }; minItems: number; uniqueItems: boolean };
        assert.ok(new RegExp(schema.items.pattern).test(SECOND));
        assert.ok(!new RegExp(schema.items.pattern).test("Europe (Ireland)"));
        assert.equal(schema.minItems, 1);
        assert.equal(schema.uniqueItems, true);
    });

    it("npm run policy-config writes every hub Region, home first, and gives the rule the key", () => {
        const global = loadDefinitionFile(path.join(root, "stacks", "global.yaml")).definition!;
        const values = packConfigValues(global);
        assert.deepEqual(values.regions, hubRegions(global).map((h) => h.region));
        assert.equal(values.regions![0], values.region);
        assert.deepEqual(policyConfigFor(global)[rule.name].regions, values.regions);
        const prod = loadDefinitionFile(path.join(root, "stacks", "prod.yaml")).definition!;
        assert.deepEqual(packConfigValues(prod).regions, [prod.region], "a single-Region environment: its one Region");
    });
});
