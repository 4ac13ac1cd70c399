/**
 * The perimeter as the offline plan sees it: the documents the program would deploy are
 * the library's, every one passes the checks, and the guardrails are attached.
 */
import * as assert from "assert";
import * as path from "path";
import { catalogEntry } from "../../aws/service-catalog";
import { gatewayEndpointPolicy, interfaceEndpointPolicy } from "../../perimeter/endpoint-policies";
import { protectedBucketPolicies } from "../../perimeter/bucket-policies";
import { checkPlannedDocuments } from "../../perimeter/plan-check";
import { resourceControlPolicies } from "../../perimeter/rcps";
import { serviceControlPolicies } from "../../perimeter/scps";
import { minify } from "../../perimeter/size";
import { perimeterNetworks, placeholderVpcId } from "../../perimeter/networks";
import { isCustomerEndpointServiceName } from "../../aws/endpoint-policy-support";
import { fakeHex } from "../../tools/plan/mocks";
import { PlannedResource } from "../../analysis/plan-records";
import { sharedPlan } from "../support/plans";
import { synthesizeConsumerConnections } from "../../program/privatelink-shared";
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
                resources = (await sharedPlan({ definitionFile: path.join(stacksDir, `${env}.yaml`), unit: "all" })).resources;
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
                // In unit `all` the hub VPC is created in the same deployment: the policies that
                // name it (the network perimeter's aws:SourceVpc) are unknown at preview, the rest are the library's.
                const hub = perimeterNetworks(definition, [{ region: definition.region, vpcId: placeholderVpcId }]);
                const expected = [...serviceControlPolicies(definition, hub), ...resourceControlPolicies(definition, hub)].map((p) => minify(p.document));
                assert.deepStrictEqual(
                    policies.map((p) => p.inputs.content).sort(),
                    expected.map((text) => (text.includes(placeholderVpcId) ? "<unknown>" : text)).sort(),
                );
                const attachments = resources.filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment");
                const ous = (definition.perimeter.attachTo ?? Object.keys(definition.organization?.units ?? {})).length;
                assert.strictEqual(attachments.length, policies.length * ous);
                const ram = resources.filter((r) => r.type === "aws:ram/sharingWithOrganization:SharingWithOrganization");
                assert.strictEqual(ram.length, definition.organization ? 1 : 0);
            });

            it("tags none of the program's own roles into the network perimeter (AWS services use them from their own networks)", () => {
                const roles = resources.filter((r) => r.type === "aws:iam/role:Role");
                assert.ok(roles.length > 0);
                for (const role of roles) {
                    const tags = (role.inputs.tags ?? {}) as Record<string, string>;
                    assert.strictEqual(tags[definition.perimeter.includeTag], undefined, `${role.name} carries ${definition.perimeter.includeTag}`);
                }
            });

            it("holds one bucket policy per protected bucket", () => {
                const bucketPolicies = resources.filter((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name.endsWith("-perimeter-policy"));
                assert.deepStrictEqual(bucketPolicies.map((b) => b.inputs.bucket).sort(), definition.perimeter.protectedBuckets.map((b) => b.name).sort());
                // The scenario engine evaluates the library's documents: they are exactly the planned ones.
                for (const p of protectedBucketPolicies(definition)) {
                    assert.strictEqual(bucketPolicies.find((b) => b.inputs.bucket === p.bucket)!.inputs.policy, minify(p.document), p.bucket);
                }
            });
        });
    }

    describe("prod, per-account stacks", () => {
        const definition = shipped("prod");

        it("the org stack's second pass holds every policy as known JSON, naming the hub VPC the network stack published", async () => {
            const { resources } = await sharedPlan({ definitionFile: path.join(stacksDir, "prod.yaml"), unit: "org" });
            const hubVpcId = `vpc-${fakeHex("prod/hub/vpc")}`; // what the offline plan synthesizes for prod-network's hubVpcId
            const networks = perimeterNetworks(definition, [{ region: definition.region, vpcId: hubVpcId }]);
            const expected = [...serviceControlPolicies(definition, networks), ...resourceControlPolicies(definition, networks)].map((p) => minify(p.document));
            const contents = resources.filter((r) => r.type === "aws:organizations/policy:Policy").map((p) => p.inputs.content);
            assert.deepStrictEqual(contents.sort(), expected.sort());
            assert.ok(contents.some((c) => String(c).includes(hubVpcId)), "the network perimeter names the hub VPC");
        });

        it("the org stack's first pass (no network stack yet) builds the policies without the hub VPC and says to run it again", async () => {
            const { resources, messages } = await sharedPlan({ definitionFile: path.join(stacksDir, "prod.yaml"), unit: "org", stackOutputs: { network: undefined } });
            const contents = resources.filter((r) => r.type === "aws:organizations/policy:Policy").map((p) => String(p.inputs.content));
            // (aws:SourceVpc may appear in a Null test, which names no VPC: the spokes' services.)
            assert.ok(contents.every((c) => !/"vpc-[0-9a-f]{8,17}"/.test(c) && !c.includes("EnforceNetworkPerimeterSourceVpc")), "no statement names a VPC yet");
            assert.deepStrictEqual(contents.sort(), [...serviceControlPolicies(definition), ...resourceControlPolicies(definition)].map((p) => minify(p.document)).sort());
            const text = (messages ?? []).map((m) => m.message);
            assert.ok(text.some((m) => /prod-network has not published its hub VPC id yet.*run prod-org again/.test(m)), text.join("\n"));
        });
    });

    describe("PrivateLink in the plan", () => {
        const definition = shipped("prod");
        const ACCEPTER = "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter";
        const SERVICE = "aws:ec2/vpcEndpointService:VpcEndpointService";
        const consumerEndpoints = (resources: PlannedResource[]) =>
            resources.filter((r) => {
                if (r.type !== ENDPOINT) return false;
                const name = r.inputs.serviceName;
                // A customer endpoint service's name is AWS-assigned: known once published (another stack), else computed here.
                return typeof name === "string" && name !== "<unknown>" ? isCustomerEndpointServiceName(name) : (r.dependencies.serviceName ?? []).some((u) => resources.find((x) => x.urn === u)?.type === SERVICE || u.includes("StackReference"));
            });

        it("unit all: no consumer endpoint carries a policy, and every connection to a service requiring acceptance is accepted", async () => {
            const { resources } = await sharedPlan({ definitionFile: path.join(stacksDir, "prod.yaml"), unit: "all" });
            const consumers = consumerEndpoints(resources);
            assert.strictEqual(consumers.length, definition.endpointServices.reduce((n, s) => n + s.consumers.length, 0));
            for (const e of consumers) assert.strictEqual(e.inputs.policy, undefined, `${e.name} carries a policy`);
            const accepters = resources.filter((r) => r.type === ACCEPTER);
            for (const service of resources.filter((r) => r.type === SERVICE && r.inputs.acceptanceRequired === true)) {
                for (const e of consumers.filter((c) => (c.dependencies.serviceName ?? []).includes(service.urn))) {
                    const accepted = accepters.filter((a) => (a.dependencies.vpcEndpointId ?? []).includes(e.urn) && (a.dependencies.vpcEndpointServiceId ?? []).includes(service.urn));
                    assert.strictEqual(accepted.length, 1, `${e.name} to ${service.name} is accepted once`);
                }
            }
            assert.ok(accepters.length >= consumers.length);
        });

        it("per-account stacks: the consumer's endpoint carries no policy, and the owner's second pass accepts exactly what the consumer published", async () => {
            const consumer = await sharedPlan({ definitionFile: path.join(stacksDir, "prod.yaml"), unit: "orders-prod" });
            const endpoints = consumerEndpoints(consumer.resources);
            assert.strictEqual(endpoints.length, 1);
            assert.strictEqual(endpoints[0].inputs.policy, undefined);
            const owner = await sharedPlan({ definitionFile: path.join(stacksDir, "prod.yaml"), unit: "payments-prod" });
            const accepters = owner.resources.filter((r) => r.type === ACCEPTER);
            // The offline plan synthesizes prod-orders-prod's endpointConnections output (its deployed endpoint's id).
            const published = Object.values(synthesizeConsumerConnections(definition, "orders-prod", (seed) => fakeHex(seed))!["payments-api"]).map((c) => c.endpointId);
            assert.deepStrictEqual(accepters.map((a) => a.inputs.vpcEndpointId), published);
            const service = owner.resources.find((r) => r.type === SERVICE)!;
            assert.strictEqual(service.inputs.acceptanceRequired, true);
            for (const a of accepters) assert.deepStrictEqual(a.dependencies.vpcEndpointServiceId, [service.urn]);
        });
    });
});
