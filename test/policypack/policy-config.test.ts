import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { policyPackRuleNames } from "../../definition/policy-pack";
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
                const { enforcementLevel, ...given } = config[policy.name];
                assert.ok(["mandatory", "advisory", "disabled"].includes(enforcementLevel as string), `${file}: ${policy.name} has no explicit enforcement level`);
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
        assert.deepEqual(v.endpointServiceStacks, [...new Set(prod.endpointServices.map((s) => `organization/landing-zone/prod-${s.spoke}`))]);
        assert.deepEqual(packConfigValues(prod, "acme/landing-zone/").endpointServiceStacks, [...new Set(prod.endpointServices.map((s) => `acme/landing-zone/prod-${s.spoke}`))]);
        // Each publishing stack with the ports of its services (endpointServices[].port, 443 by default).
        for (const s of prod.endpointServices) assert.ok(v.endpointServicePorts?.[`organization/landing-zone/prod-${s.spoke}`]?.includes(s.port), s.name);
        assert.deepEqual(Object.keys(v.endpointServicePorts ?? {}).sort(), [...(v.endpointServiceStacks ?? [])].sort());
        assert.equal(v.region, prod.region);
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

    describe("rollout: enforcement levels from the definition's policyPack section", () => {
        const withPack = (policyPack: Record<string, unknown>): Definition => definitionSchema.parse({ ...YAML.parse(fs.readFileSync(path.join(root, "stacks", "prod.yaml"), "utf8")), policyPack });
        const levelOf = (d: Definition, rule: string, stack?: string) => policyConfigFor(d, { stack })[rule].enforcementLevel;

        it("enforce (the default): every rule at its own level", () => {
            const d = withPack({});
            for (const policy of policies) assert.equal(levelOf(d, policy.name), policy.enforcementLevel, policy.name);
        });
        it("advisory-first: every rule advisory, except those raised by name", () => {
            const d = withPack({ rollout: "advisory-first", levels: { "endpoints-vpc-endpoint-policy-required": "mandatory" } });
            for (const policy of policies) {
                assert.equal(levelOf(d, policy.name), policy.name === "endpoints-vpc-endpoint-policy-required" ? "mandatory" : "advisory", policy.name);
            }
        });
        it("a stack group's levels apply to the stacks it matches, and only to them", () => {
            const d = withPack({ stackGroups: [{ stacks: ["prod-research*"], levels: { "network-vpc-flow-logs-required": "advisory" } }] });
            assert.equal(levelOf(d, "network-vpc-flow-logs-required", "prod-research-scratch"), "advisory");
            assert.equal(levelOf(d, "network-vpc-flow-logs-required", "prod-payments-prod"), "mandatory");
            assert.equal(levelOf(d, "network-vpc-flow-logs-required"), "mandatory");
        });
        it("flow logs enforced centrally: the flow-log rule is disabled", () => {
            assert.equal(levelOf(withPack({ flowLogs: "central" }), "network-vpc-flow-logs-required"), "disabled");
        });
        it("the definition knows exactly the pack's rule names", () => {
            assert.deepEqual([...policyPackRuleNames].sort(), policies.map((p) => p.name).sort());
        });
        it("rejects an unknown rule name in the definition", () => {
            assert.throws(() => withPack({ levels: { "no-such-rule": "advisory" } }));
        });
        it("--definition with --unit applies the stack groups of that stack", () => {
            const { code, out } = run(["--definition", path.join(root, "stacks", "prod.yaml"), "--unit", "network"]);
            assert.equal(code, 0);
            assert.equal(JSON.parse(out)["network-vpc-flow-logs-required"].enforcementLevel, "mandatory");
            assert.equal(run(["--stack", "dev", "--unit", "network"]).code, 2);
        });
    });
});
