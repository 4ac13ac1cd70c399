/**
 * endpoints-vpc-endpoint-service-allowed with more than one hub Region: `acceptWorkloadServiceEndpoints`
 * accepts a workload's own endpoint to an AWS service of any hub Region (config `regions`), not
 * only the home Region's (`region`, which alone keeps working for configs written before
 * `regions`). Each case starts from a compliant baseline and mutates one thing.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { hubRegions } from "../../definition/regions";
import { loadDefinitionFile } from "../../program/load";
import { configProperties, hubRegionsOf } from "../../policypacks/landing-zone/lib/config";
import { T } from "../../policypacks/landing-zone/lib/types";
import { endpointsVpcEndpointServiceAllowed as rule } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-service-allowed";
import { packConfigValues, policyConfigFor } from "../../tools/policy-config";
import { config, endpointSecurityGroup, interfaceEndpoint, region } from "./fixtures";
import { StackFixture, UNKNOWN, advisory, mandatory, runStack } from "./harness";

const SECOND = "eu-west-1";
const root = path.resolve(__dirname, "..", "..");

describe("endpoints-vpc-endpoint-service-allowed: every hub Region is the same Region (config regions)", () => {
    const accepting = { ...config, acceptWorkloadServiceEndpoints: true, regions: [region, SECOND] };
    const sqsIn = (r: string) => `com.amazonaws.${r}.sqs`;
    const vpc: StackFixture = { type: T.vpc, name: "vpc", props: { cidrBlock: "10.9.0.0/16" } };
    const group: StackFixture = { type: T.securityGroup, name: "sg", props: endpointSecurityGroup([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.9.0.0/16"] }]) };
    const ep = (serviceName: string): StackFixture => ({
        type: T.vpcEndpoint,
        name: "ep",
        props: interfaceEndpoint({ serviceName, privateDnsEnabled: false, vpcId: UNKNOWN, securityGroupIds: [UNKNOWN] }),
        deps: { vpcId: ["vpc"], securityGroupIds: ["sg"] },
    });

    it("baseline: a workload's own endpoint in the second hub Region, meeting the perimeter, passes", async () => {
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(SECOND))], accepting), []);
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(region))], accepting), [], "and in the home Region");
    });

    it("a Region that has no hub is not the same Region: a violation", async () => {
        const r = mandatory(await runStack(rule, [vpc, group, ep(sqsIn("ap-southeast-2"))], accepting));
        assert.equal(r.length, 1);
        assert.match(r[0].message, /not in the environment's allowed services/);
    });

    it("a config with `region` only (written before `regions`) still accepts the home Region's, not the second's", async () => {
        const older = { ...accepting, regions: undefined };
        assert.deepEqual(await runStack(rule, [vpc, group, ep(sqsIn(region))], older), []);
        assert.equal(mandatory(await runStack(rule, [vpc, group, ep(sqsIn(SECOND))], older)).length, 1);
    });

    it("regions that leave out region: no Region is trusted (stricter), and the rule says why", async () => {
        const inconsistent = { ...accepting, regions: [SECOND] };
        const r = await runStack(rule, [vpc, group, ep(sqsIn(SECOND))], inconsistent);
        assert.equal(mandatory(r).length, 1);
        assert.ok(advisory(r).some((a) => /regions \(eu-west-1\) do not include its region us-east-1/.test(a.message)), JSON.stringify(r));
        assert.deepEqual(hubRegionsOf(inconsistent).regions, []);
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
