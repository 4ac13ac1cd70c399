import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { Definition, definitionSchema } from "../../definition/schema";
import { configProperties } from "../../policypacks/landing-zone/lib/config";
import { policies } from "../../policypacks/landing-zone/policies";
import { main, packConfigValues, policyConfigFor } from "../../tools/policy-config";

const root = path.resolve(__dirname, "../..");
const load = (file: string): Definition => definitionSchema.parse(YAML.parse(fs.readFileSync(path.join(root, "stacks", file), "utf8")));

/** The subset of JSON Schema the pack's config schema uses, checked as the CLI would. */
function conforms(value: unknown, schema: { type?: string; pattern?: string; items?: unknown; additionalProperties?: unknown }): boolean {
    if (schema.type === "string") return typeof value === "string" && (!schema.pattern || new RegExp(schema.pattern).test(value));
    if (schema.type === "integer") return Number.isInteger(value);
    if (schema.type === "array") return Array.isArray(value) && value.every((v) => conforms(v, schema.items as never));
    if (schema.type === "object") return typeof value === "object" && value !== null && Object.values(value).every((v) => conforms(v, schema.additionalProperties as never));
    return true;
}

function run(args: string[]): { code: number; out: string; err: string } {
    let out = "";
    let err = "";
    const code = main(args, (s) => (out += s), (s) => (err += s));
    return { code, out, err };
}

describe("policy pack config from the definition (npm run policy-config)", () => {
    it("gives every configurable policy exactly the keys its configSchema declares, with valid values", () => {
        for (const file of fs.readdirSync(path.join(root, "stacks")).filter((f) => f.endsWith(".yaml"))) {
            const config = policyConfigFor(load(file));
            for (const policy of policies) {
                const declared = Object.keys(policy.configSchema?.properties ?? {});
                if (declared.length === 0) {
                    assert.equal(config[policy.name], undefined, `${file} ${policy.name}`);
                    continue;
                }
                const given = config[policy.name];
                for (const key of Object.keys(given)) {
                    assert.ok(declared.includes(key), `${file}: ${policy.name} gets undeclared key ${key}`);
                    assert.ok(conforms(given[key], configProperties[key as keyof typeof configProperties] as never), `${file}: ${policy.name}.${key} = ${JSON.stringify(given[key])}`);
                }
            }
        }
    });

    it("derives the environment's identities, ranges and allow lists from prod", () => {
        const prod = load("prod.yaml");
        const v = packConfigValues(prod);
        assert.equal(v.organizationId, prod.organization?.id);
        assert.deepEqual(v.organizationalUnitIds?.sort(), Object.values(prod.organization?.units ?? {}).sort());
        assert.deepEqual(v.accountIds?.sort(), [...new Set(Object.values(prod.accounts))].sort());
        assert.deepEqual(v.trustedAccountIds, prod.perimeter.trustedAccounts);
        for (const cidr of [prod.network.hub.cidr, ...prod.spokes.map((s) => s.cidr), ...prod.network.dns.onPremises.cidrs]) assert.ok(v.internalCidrs?.includes(cidr), cidr);
        assert.deepEqual(v.onPremisesCidrs, prod.network.dns.onPremises.cidrs);
        for (const s of prod.network.endpoints.services) {
            assert.ok(v.allowedServiceNames?.includes(`com.amazonaws.${prod.region}.${s}`), s);
            assert.ok(v.centralizedServiceNames?.includes(`com.amazonaws.${prod.region}.${s}`), s);
        }
        assert.ok(v.allowedServiceNames?.includes(`com.amazonaws.${prod.region}.s3`));
        assert.deepEqual(v.approvedEndpointServiceNames, prod.perimeter.approvedEndpointServices);
        assert.deepEqual(v.endpointServiceStacks, prod.endpointServices.map((s) => `prod-${s.spoke}`));
        assert.deepEqual(v.protectedBuckets, prod.perimeter.protectedBuckets.map((b) => b.name));
    });

    it("centralizes nothing in distributed mode, and has no organization in a sandbox", () => {
        const distributed = load("distributed.yaml");
        assert.equal(distributed.network.endpoints.mode, "distributed");
        assert.deepEqual(packConfigValues(distributed).centralizedServiceNames, []);
        const dev = load("dev.yaml");
        assert.equal(dev.organization, undefined);
        assert.equal(packConfigValues(dev).organizationId, undefined);
        assert.deepEqual(packConfigValues(dev).accountIds, [...new Set(Object.values(dev.accounts))]);
    });

    it("CLI: prints JSON for --definition and --stack, ready for --policy-pack-config", () => {
        const byDefinition = run(["--definition", path.join(root, "stacks", "prod.yaml")]);
        assert.equal(byDefinition.code, 0, byDefinition.err);
        assert.deepEqual(JSON.parse(byDefinition.out), policyConfigFor(load("prod.yaml")));
        const byStack = run(["--stack", "dev"]);
        assert.equal(byStack.code, 0, byStack.err);
        assert.deepEqual(JSON.parse(byStack.out), policyConfigFor(load("dev.yaml")));
    });

    it("CLI: exits 2 with file, line and key for a bad definition, and for bad arguments", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
        const file = path.join(dir, "dev.yaml");
        fs.writeFileSync(file, fs.readFileSync(path.join(root, "stacks", "dev.yaml"), "utf8").replace(/^region: .*$/m, "region: mars-1"));
        try {
            const bad = run(["--definition", file]);
            assert.equal(bad.code, 2);
            assert.equal(bad.out, "");
            assert.match(bad.err, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+ region: `));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.equal(run([]).code, 2);
        assert.equal(run(["--stack", "nope"]).code, 2);
        assert.equal(run(["--bogus"]).code, 2);
    });
});
