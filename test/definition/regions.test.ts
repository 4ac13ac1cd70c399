/**
 * The Regions of a definition (definition/regions.ts): a single-Region definition has one
 * hub Region, home; `network.regions` adds Regions with their own hub, ASN and services.
 */
import * as assert from "assert";
import { hubRegions, isMultiRegion, networkUnitOf, regionOfNetworkUnit, spokeRegion, spokesIn } from "../../definition/regions";
import { parse } from "yaml";
import { Definition, definitionSchema } from "../../definition/schema";
import { at, base, edit, expectClean, expectDiagnostic, load } from "./helpers";

const regional = `  regions:
    eu-west-1:
      hub:
        cidr: 10.8.0.0/21
      transitGateway:
        asn: 64513
`;

describe("definition/regions", () => {
    it("a single-Region definition has one hub Region, home, deployed by the network unit", () => {
        const r = load(base);
        expectClean(r);
        const d = r.definition!;
        const hubs = hubRegions(d);
        assert.deepStrictEqual(
            hubs.map((h) => [h.region, h.home, h.unit, h.asn, h.hub.cidr]),
            [["us-east-1", true, "network", 64512, "10.0.0.0/21"]],
        );
        assert.deepStrictEqual(hubs[0].services, ["ssm", "kms"]);
        assert.strictEqual(isMultiRegion(d), false);
        assert.strictEqual(spokeRegion(d, d.spokes[0]), "us-east-1");
        assert.deepStrictEqual(spokesIn(d, "us-east-1").map((s) => s.name), ["app-a", "app-b"]);
    });

    it("network.regions adds a Region with its own hub, ASN and unit; services default to the home Region's", () => {
        const text = edit(base, "  endpoints:\n    services: [ssm, kms]\n", `  endpoints:\n    services: [ssm, kms]\n${regional}`);
        const r = load(text);
        // The shape is accepted; whether this version builds it is validation's business.
        const d = (r.definition ?? parsedLoose(text)) as Definition;
        const hubs = hubRegions(d);
        assert.deepStrictEqual(hubs.map((h) => [h.region, h.home, h.unit, h.asn]), [
            ["us-east-1", true, "network", 64512],
            ["eu-west-1", false, "network-eu-west-1", 64513],
        ]);
        assert.deepStrictEqual(hubs[1].services, ["ssm", "kms"]);
        assert.deepStrictEqual(hubs[1].path, ["network", "regions", "eu-west-1"]);
        assert.strictEqual(networkUnitOf(d, "eu-west-1"), "network-eu-west-1");
        assert.strictEqual(networkUnitOf(d, "us-east-1"), "network");
        assert.strictEqual(regionOfNetworkUnit(d, "network-eu-west-1"), "eu-west-1");
        assert.strictEqual(regionOfNetworkUnit(d, "network-ap-south-1"), undefined);
        assert.strictEqual(isMultiRegion(d), true);
    });

    it("a second Region and a spoke there validate, with no warning: every unit builds its Region's part", () => {
        let text = edit(base, "  endpoints:\n    services: [ssm, kms]\n", `  endpoints:\n    services: [ssm, kms]\n${regional}`);
        text = edit(text, "    cidr: 10.2.0.0/16\n", "    cidr: 10.2.0.0/16\n    region: eu-west-1\n");
        const r = load(text);
        assert.deepStrictEqual(r.diagnostics, []);
        assert.deepStrictEqual(spokesIn(r.definition!, "eu-west-1").map((s) => s.name), ["app-b"]);
    });
});

/** Parses without validation (the schema's defaults applied), for the seam's own tests. */
function parsedLoose(text: string): Definition {
    return definitionSchema.parse(parse(text));
}
