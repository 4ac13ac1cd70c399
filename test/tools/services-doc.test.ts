/**
 * docs/services.md is generated from the service catalog and kept in sync, like
 * docs/definition-reference.md; and the editor schema enumerates the same names.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { catalogRows, centralizableServices, serviceCatalog } from "../../aws/service-catalog";
import { regions } from "../../aws/regions";
import { schemaText } from "../../definition/write-schema";
import { renderServices } from "../../tools/services-reference";

const root = path.resolve(__dirname, "..", "..");

describe("docs/services.md and the editor schema's service names", () => {
    it("docs/services.md is up to date with aws/service-catalog.ts (npm run services-doc)", () => {
        assert.strictEqual(fs.readFileSync(path.join(root, "docs", "services.md"), "utf8"), renderServices(), "run: npm run services-doc");
    });

    it("lists every catalog service once, with its endpoint service and every private DNS name", () => {
        const text = renderServices();
        for (const row of catalogRows) {
            const entry = serviceCatalog[row.name];
            const line = text.split("\n").find((l) => l.startsWith(`| \`${row.name}\` |`));
            assert.ok(line, `${row.name} is missing`);
            if (!entry.notCentralizable) {
                assert.ok(line.includes(`\`${entry.serviceName("<region>")}\``), line);
                for (const z of entry.dnsZones("<region>")) for (const r of z.records) assert.ok(line.includes(r === "" ? `\`${z.zone}\`` : `\`${r}.${z.zone}\``), `${row.name}: ${r}.${z.zone}`);
            }
        }
    });

    it("gives editors every service a hub can host, each with a description naming its endpoint service", () => {
        const items = JSON.parse(schemaText()).properties.network.properties.endpoints.properties.services.items;
        assert.deepStrictEqual(items.enum, centralizableServices());
        assert.strictEqual(items.markdownEnumDescriptions.length, items.enum.length);
        assert.strictEqual(items.enumDescriptions.length, items.enum.length);
        items.enum.forEach((name: string, i: number) => assert.ok(items.markdownEnumDescriptions[i].includes(serviceCatalog[name].serviceName("<region>")), name));
        // Services no hub can host are not offered (validation explains them if written anyway).
        for (const name of ["health", "shield", "waf"]) assert.ok(!items.enum.includes(name), name);
    });

    it("offers the Regions AWS lists, with names, and still accepts a newer well-formed code but no China Region", () => {
        const region = JSON.parse(schemaText()).properties.region;
        const [listed, other] = region.anyOf;
        assert.deepStrictEqual(listed.enum, Object.keys(regions));
        assert.strictEqual(listed.enumDescriptions[listed.enum.indexOf("eu-west-1")], "Europe (Ireland)");
        const pattern = new RegExp(other.pattern);
        assert.ok(pattern.test("eu-west-9"));
        assert.ok(!pattern.test("cn-north-1"));
    });
});
