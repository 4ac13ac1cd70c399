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
});
