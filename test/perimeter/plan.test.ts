/**
 * The perimeter as the offline plan sees it: the documents the program would deploy are
 * the library's, every one passes the checks, and the guardrails are attached.
 */
import * as assert from "assert";
import * as path from "path";
import { catalogEntry } from "../../aws/service-catalog";
import { gatewayEndpointPolicy, interfaceEndpointPolicy } from "../../perimeter/endpoint-policies";
import { checkPlannedDocuments } from "../../perimeter/plan-check";
import { resourceControlPolicies } from "../../perimeter/rcps";
import { serviceControlPolicies } from "../../perimeter/scps";
import { minify } from "../../perimeter/size";
import { PlannedResource } from "../../analysis/plan-records";
import { planProgram } from "../../tools/plan/run";
import { shipped, stacksDir } from "./helpers";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/** The catalog service an AWS endpoint's service name stands for (`com.amazonaws.us-east-1.ecr.dkr` → `ecr.dkr`). */
function serviceOf(serviceName: string, region: string): string | undefined {
    const prefix = `com.amazonaws.${region}.`;
    return serviceName.startsWith(prefix) ? serviceName.slice(prefix.length) : undefined;
}

describe("perimeter: in the offline plan", function () {
    this.timeout(180000);

    for (const env of ["prod", "dev"]) {
        describe(env, () => {
            const definition = shipped(env);
            let resources: PlannedResource[] = [];

            before(async () => {
                resources = (await planProgram({ definitionFile: path.join(stacksDir, `${env}.yaml`), unit: "all" })).resources;
            });

            it("every AWS-service endpoint that takes a policy carries the library's (interface and gateway)", () => {
                const endpoints = resources.filter((r) => r.type === ENDPOINT && typeof r.inputs.serviceName === "string");
                let checked = 0;
                for (const e of endpoints) {
                    const service = serviceOf(e.inputs.serviceName as string, definition.region);
                    if (!service) continue; // PrivateLink services of the definition (their policy is the PrivateLink unit's)
                    const gateway = e.inputs.vpcEndpointType === "Gateway";
                    const expected = gateway
                        ? gatewayEndpointPolicy(definition, service as "s3" | "dynamodb")
                        : catalogEntry(service)?.policy === "restricted"
                          ? interfaceEndpointPolicy(definition, service)
                          : undefined;
                    if (!expected) continue;
                    assert.deepStrictEqual(JSON.parse(String(e.inputs.policy)), expected, `${e.name} (${service})`);
                    checked++;
                }
                assert.ok(checked >= definition.network.endpoints.services.length, `only ${checked} endpoints checked`);
            });

            it("every planned policy document passes the checks", async () => {
                assert.deepStrictEqual(await checkPlannedDocuments(resources), []);
            });

            it(env === "prod" ? "holds the SCPs and RCPs, attached to the OUs the definition names" : "holds no organization policies", () => {
                const policies = resources.filter((r) => r.type === "aws:organizations/policy:Policy");
                const expected = [...serviceControlPolicies(definition), ...resourceControlPolicies(definition)];
                assert.deepStrictEqual(policies.map((p) => p.inputs.content).sort(), expected.map((p) => minify(p.document)).sort());
                const attachments = resources.filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment");
                const ous = (definition.perimeter.attachTo ?? Object.keys(definition.organization?.units ?? {})).length;
                assert.strictEqual(attachments.length, policies.length * ous);
                const ram = resources.filter((r) => r.type === "aws:ram/sharingWithOrganization:SharingWithOrganization");
                assert.strictEqual(ram.length, definition.organization ? 1 : 0);
            });

            it("holds one bucket policy per protected bucket", () => {
                const bucketPolicies = resources.filter((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name.endsWith("-perimeter-policy"));
                assert.deepStrictEqual(bucketPolicies.map((b) => b.inputs.bucket).sort(), definition.perimeter.protectedBuckets.map((b) => b.name).sort());
            });
        });
    }
});
