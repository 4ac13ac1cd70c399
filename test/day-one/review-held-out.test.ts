/**
 * Held-out review of the day-one definition checks (review-dayone): one newcomer mistake in
 * test/fixtures/definitions/eurev.yaml gives one diagnostic that says what to do. Expectations
 * are AWS's documented behaviour, written before reading the implementation.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { edit, errors, load } from "../definition/helpers";

const FILE = "eurev.yaml";
const text = fs.readFileSync(path.resolve(__dirname, "..", "fixtures", "definitions", FILE), "utf8");
const eu = (t: string) => load(t, FILE);
const all = (t: string) => eu(t).diagnostics;
const DX = "network.transitGateway.onPremises.directConnect";

describe("day one, held out (review): one mistake, one diagnostic", () => {
    it("the held-out definitions are valid", () => {
        assert.deepStrictEqual(errors(eu(text)), []);
        const ap = fs.readFileSync(path.resolve(__dirname, "..", "fixtures", "definitions", "aprev.yaml"), "utf8");
        assert.deepStrictEqual(errors(load(ap, "aprev.yaml")), []);
    });

    it("too many Availability Zones: one error at network.hub.availabilityZones, not one per spoke", () => {
        const e = errors(eu(edit(text, "availabilityZones: 3", "availabilityZones: 7")));
        assert.strictEqual(e.length, 1, e.map((d) => `${d.path}: ${d.message}`).join("\n"));
        assert.strictEqual(e[0].path, "network.hub.availabilityZones");
    });

    it("an upper-case service name: one error with the did-you-mean", () => {
        const e = errors(eu(edit(text, "sns, events]", "sns, events, S3]")));
        assert.strictEqual(e.length, 1, e.map((d) => `${d.path}: ${d.message}`).join("\n"));
        assert.match(e[0].message, /did you mean "s3"/);
    });

    it("a misspelt domain in onprem.reaches: one error with the did-you-mean, no cascade about the real domain", () => {
        const e = errors(eu(edit(text, "      onprem:\n        reaches: [shared, prod]", "      onprem:\n        reaches: [shared, prdo]")));
        assert.strictEqual(e.length, 1, e.map((d) => `${d.path}: ${d.message}`).join("\n"));
        assert.match(e[0].message, /did you mean "prod"/);
    });

    it("vpn and directConnect together: one error that says to choose one", () => {
        const e = errors(eu(edit(text, "    onPremises:\n      directConnect:", "    onPremises:\n      vpn: { customerGatewayIp: 198.51.100.7 }\n      directConnect:")));
        assert.strictEqual(e.length, 1);
        assert.doesNotMatch(e[0].message, /did you mean "directConnect"/);
        assert.match(e[0].message, /one of|only one|either/);
    });

    it("allowedPrefixes announcing an on-premises range back to on-premises is flagged (onprem does not reach onprem)", () => {
        const d = all(edit(text, "amazonSideAsn: 64700", "amazonSideAsn: 64700\n        allowedPrefixes: [10.100.0.0/22, 10.101.0.0/24, 10.112.0.0/13, 172.20.0.0/14]"));
        assert.ok(d.some((x) => x.path.startsWith(`${DX}.allowedPrefixes`) && /172\.20\.0\.0\/14/.test(x.message)), d.map((x) => x.message).join("\n"));
    });

    it("allowedPrefixes that cover every VPC of a reached domain (not its summary) draw no 'no route' warning", () => {
        const d = all(edit(text, "amazonSideAsn: 64700", "amazonSideAsn: 64700\n        allowedPrefixes: [10.100.0.0/22, 10.101.0.0/24, 10.112.0.0/16, 10.113.0.0/16, 10.114.0.0/16]"));
        assert.deepStrictEqual(d.filter((x) => x.path.startsWith(`${DX}.allowedPrefixes`)).map((x) => x.message), []);
    });
});
