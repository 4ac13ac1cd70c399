/**
 * Availability Zones that do not exist in the Region are refused before anything plans:
 * validation counts them against aws/availability-zones.ts, and the offline plan's
 * `aws.getAvailabilityZones` answers with the same zones.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { availabilityZoneIds, zoneCountOf } from "../../aws/availability-zones";
import { regionZones } from "../../tools/plan/mocks";
import { edit, errors, load } from "../definition/helpers";

const FILE = "eurev.yaml";
const text = fs.readFileSync(path.resolve(__dirname, "..", "fixtures", "definitions", FILE), "utf8");

describe("Availability Zones per Region (aws/availability-zones.ts)", () => {
    it("asking for more zones than eu-west-1 has is one error naming the Region's count", () => {
        const have = zoneCountOf("eu-west-1")!;
        const e = errors(load(edit(text, "availabilityZones: 3", `availabilityZones: ${have + 1}`), FILE));
        assert.strictEqual(e.length, 1, e.map((d) => `${d.path}: ${d.message}`).join("\n"));
        assert.strictEqual(e[0].path, "network.hub.availabilityZones");
        assert.match(e[0].message, new RegExp(`eu-west-1 has ${have} Availability Zones`));
    });

    it("as many zones as the Region has is accepted", () => {
        const have = zoneCountOf("eu-west-1")!;
        assert.deepStrictEqual(errors(load(edit(text, "availabilityZones: 3", `availabilityZones: ${have}`), FILE)), []);
    });

    it("named zones beyond the Region's count are refused too", () => {
        const names = ["a", "b", "c", "d"].map((l) => `eu-west-1${l}`);
        const e = errors(load(edit(text, "availabilityZones: 3", `availabilityZones: [${names.join(", ")}]`), FILE));
        assert.strictEqual(e.length, 1, e.map((d) => d.message).join("\n"));
    });

    it("new accounts get two zones in us-west-1 and three in ap-northeast-1 (pessimistic)", () => {
        assert.strictEqual(zoneCountOf("us-west-1"), 2);
        assert.strictEqual(zoneCountOf("ap-northeast-1"), 3);
        assert.strictEqual(zoneCountOf("xx-nowhere-1"), undefined);
    });

    it("the offline plan offers exactly the table's zones, by id", () => {
        for (const [region, ids] of Object.entries(availabilityZoneIds)) {
            const zones = regionZones(region);
            assert.deepStrictEqual(zones.zoneIds, [...ids], region);
            assert.strictEqual(new Set(zones.names).size, ids.length);
            for (const n of zones.names) assert.ok(n.startsWith(region), n);
        }
    });
});

describe("global services (IAM, Route 53) in a hub outside us-east-1", () => {
    for (const service of ["iam", "route53"]) {
        it(`${service}: one error that says it is global and names AWS's private path (a us-east-1 VPC over transit gateway peering)`, () => {
            const e = errors(load(edit(text, "sns, events]", `sns, events, ${service}]`), FILE));
            assert.strictEqual(e.length, 1, e.map((d) => d.message).join("\n"));
            assert.match(e[0].message, /is a global service/);
            assert.match(e[0].message, /transit gateway peering/);
            assert.doesNotMatch(e[0].message, /from a VPC in us-east-1$/);
        });
    }
});
