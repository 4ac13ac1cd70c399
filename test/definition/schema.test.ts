import * as assert from "assert";
import * as fs from "fs";
import { schemaFile, schemaText } from "../../definition/write-schema";

describe("JSON Schema for editors", () => {
    it("definition/landing-zone.schema.json is up to date with definition/schema.ts (npm run schema)", () => {
        assert.strictEqual(fs.readFileSync(schemaFile, "utf8"), schemaText(), "run: npm run schema");
    });

    it("rejects unknown keys and documents the fixed key names", () => {
        const schema = JSON.parse(schemaText());
        assert.strictEqual(schema.additionalProperties, false);
        assert.deepStrictEqual([...schema.required].sort(), ["accounts", "environment", "network", "region"]);
        const spoke = schema.properties.spokes.items;
        assert.strictEqual(spoke.additionalProperties, false);
        for (const key of ["name", "account", "cidr", "domain", "internet", "gatewayEndpoints"]) assert.ok(spoke.properties[key], key);
        assert.ok(spoke.properties.cidr.description);
    });

    it("describes every section, for editor hovers and docs/definition-reference.md", () => {
        const schema = JSON.parse(schemaText());
        const missing: string[] = [];
        const walk = (node: Record<string, any>, at: string): void => {
            if ((node.type === "object" || node.properties) && !node.description && at !== "") missing.push(at);
            for (const [key, child] of Object.entries(node.properties ?? {})) walk(child as Record<string, any>, at ? `${at}.${key}` : key);
            if (node.items) walk(node.items, `${at}[]`);
            if (node.additionalProperties && typeof node.additionalProperties === "object") walk(node.additionalProperties, `${at}.<name>`);
            (node.anyOf ?? []).forEach((alternative: Record<string, any>, i: number) => walk(alternative, `${at}|${i}`));
        };
        walk(schema, "");
        assert.deepStrictEqual(missing, []);
        assert.match(schema.properties.spokes.items.description, /^A workload VPC/);
        assert.match(schema.properties.network.properties.dns.properties.onPremises.description, /^The on-premises network/);
    });
});
