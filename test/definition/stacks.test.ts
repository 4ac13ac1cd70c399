import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { HUB_DOMAIN, ONPREM_DOMAIN } from "../../definition/validate";

const stacksDir = path.join(__dirname, "..", "..", "stacks");
const shipped = fs.readdirSync(stacksDir).filter((f) => /\.ya?ml$/.test(f));

describe("shipped definitions (stacks/*.yaml)", () => {
    it("include dev, prod and the hosted-zones and distributed examples", () => {
        for (const name of ["dev.yaml", "prod.yaml", "hosted-zones.yaml", "distributed.yaml"]) assert.ok(shipped.includes(name), name);
    });

    for (const file of shipped) {
        it(`${file} is valid, without warnings, and points editors at the schema`, () => {
            const full = path.join(stacksDir, file);
            const { definition, diagnostics } = loadDefinitionFile(full);
            assert.deepStrictEqual(diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`), []);
            assert.ok(definition);
            assert.strictEqual(definition.environment, file.replace(/\.ya?ml$/, ""));
            const first = fs.readFileSync(full, "utf8").split("\n")[0];
            assert.strictEqual(first, "# yaml-language-server: $schema=../definition/landing-zone.schema.json");
        });
    }

    it("dev is a single sandbox account without an organization", () => {
        const def = loadDefinitionFile(path.join(stacksDir, "dev.yaml")).definition!;
        assert.strictEqual(def.organization, undefined);
        assert.strictEqual(Object.keys(def.accounts).length, 1);
        assert.strictEqual(def.network.hub.availabilityZones, 2);
        assert.ok(def.spokes.length >= 2 && def.spokes.length <= 3);
        assert.deepStrictEqual(Object.keys(def.network.transitGateway.domains).sort(), ["shared", "workloads"]);
        assert.strictEqual(def.network.dns.sharing, "profile");
    });

    it("prod is a realistic organization", () => {
        const def = loadDefinitionFile(path.join(stacksDir, "prod.yaml")).definition!;
        assert.ok(def.organization);
        for (const role of ["management", "network", "security"]) assert.ok(def.accounts[role], role);
        const workloadAccounts = new Set(def.spokes.map((s) => s.account));
        assert.ok(workloadAccounts.size >= 5, `${workloadAccounts.size} workload accounts`);
        assert.ok(Object.keys(def.organization.units).length >= 2);
        assert.ok(def.spokes.length >= 6);
        const spokeDomains = new Set(def.spokes.map((s) => s.domain));
        assert.ok(spokeDomains.size >= 3 && !spokeDomains.has(HUB_DOMAIN));
        const domains = def.network.transitGateway.domains;
        assert.ok(domains.isolated && !domains.isolated.reaches.includes("isolated"), "isolated does not reach itself");
        assert.ok(def.network.dns.onPremises.cidrs.length > 0 && def.network.dns.onPremises.inboundResolver);
        assert.ok(def.network.dns.onPremises.forwardedDomains.length > 0);
        assert.ok(def.network.transitGateway.onPremises && "vpn" in def.network.transitGateway.onPremises);
        assert.ok(Object.values(domains).some((d) => d.reaches.includes(ONPREM_DOMAIN)));
        assert.ok(Object.values(domains).some((d) => (d.cidrs ?? []).length > 0));
        const services = def.network.endpoints.services;
        assert.ok(services.length >= 8 && services.length <= 12 && services.includes("s3"));
        assert.ok(def.perimeter.corporateCidrs.length > 0 && def.perimeter.trustedAccounts.length > 0);
        assert.ok(def.perimeter.approvedEndpointServices.length > 0 && def.perimeter.protectedBuckets.length > 0);
        assert.ok((def.perimeter.attachTo ?? []).length > 0);
        assert.ok(def.security);
        assert.ok(def.endpointServices.length >= 1 && def.endpointServices[0].consumers.length >= 1);
    });

    it("examples cover hosted-zones sharing and distributed endpoints", () => {
        assert.strictEqual(loadDefinitionFile(path.join(stacksDir, "hosted-zones.yaml")).definition!.network.dns.sharing, "hosted-zones");
        assert.strictEqual(loadDefinitionFile(path.join(stacksDir, "distributed.yaml")).definition!.network.endpoints.mode, "distributed");
    });
});
