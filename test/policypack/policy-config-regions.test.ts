/**
 * The pack's configuration of a multi-Region environment: every hub Region's endpoint
 * services (named in their Region), its hub CIDR and summaries, and the AWS-owned resources
 * of each Region the environment has endpoints in — so the pack judges another Region's
 * endpoints and policies as it judges the home Region's.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { catalogEntry } from "../../aws/service-catalog";
import { hubRegions } from "../../definition/regions";
import { Definition, definitionSchema } from "../../definition/schema";
import { anyCallerResourcesFor, packConfigValues } from "../../tools/policy-config";

const root = path.resolve(__dirname, "../..");

function prodWithEu(): Definition {
    const doc = YAML.parse(fs.readFileSync(path.join(root, "stacks", "prod.yaml"), "utf8"));
    doc.network.regions = { "eu-west-1": { hub: { cidr: "10.250.0.0/20", availabilityZones: 2 }, transitGateway: { asn: 64700 }, endpoints: { services: ["ssm", "email-smtp"] }, summaries: { prod: ["10.240.0.0/13"] } } };
    return definitionSchema.parse(doc);
}

describe("policy-config: more than one hub Region", () => {
    const d = prodWithEu();
    const config = packConfigValues(d);

    it("allows each Region's interface endpoint services under that Region's names", () => {
        for (const hub of hubRegions(d)) {
            for (const service of hub.services) assert.ok(config.allowedServiceNames!.includes(catalogEntry(service)!.serviceName(hub.region)), `${service} in ${hub.region}`);
        }
        assert.ok(!config.allowedServiceNames!.includes(catalogEntry("kms")!.serviceName("eu-west-1")), "kms is not in eu-west-1's list");
        assert.deepStrictEqual(config.servicePorts![catalogEntry("email-smtp")!.serviceName("eu-west-1")], catalogEntry("email-smtp")!.ports);
    });

    it("counts every Region's hub and summaries as internal", () => {
        assert.ok(config.internalCidrs!.includes("10.250.0.0/20"));
        assert.ok(config.internalCidrs!.includes("10.240.0.0/13"));
    });

    it("admits the AWS-owned resources of every hub Region", () => {
        const want = [...anyCallerResourcesFor("us-east-1"), ...anyCallerResourcesFor("eu-west-1")].flatMap((e) => e.resources);
        const have = config.anyCallerResources!.flatMap((e) => e.resources);
        for (const arn of want) assert.ok(have.includes(arn), arn);
    });

    it("leaves a single-Region environment's configuration as it was", () => {
        const prod = definitionSchema.parse(YAML.parse(fs.readFileSync(path.join(root, "stacks", "prod.yaml"), "utf8")));
        assert.deepStrictEqual(packConfigValues(prod).anyCallerResources, anyCallerResourcesFor(prod.region));
    });
});
