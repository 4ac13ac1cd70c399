/**
 * Held-out definitions the route-domain design must refuse (an independent review), one per
 * situation: a reach that cannot carry a conversation names both domains and both fixes;
 * a one-way declaration is only accepted where it means something; summaries, on-premises
 * ranges and VPCs never share addresses (a blackhole to one would cut the other).
 * The files are in test/network/reachability-invalid/ (the valid held-out ones, in
 * test/network/reachability-cases/, run through two-way.test.ts).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";

const dir = path.join(__dirname, "reachability-invalid");

/** File → the errors it must raise: the key's path and what the message must say. */
const expected: Record<string, { path: string; says: (string | RegExp)[] }[]> = {
    "bad-shared-apps.yaml": [{ path: "network.transitGateway.domains.shared.reaches[0]", says: ['"shared" reaches "apps"', '"apps" does not reach "shared"', "network.transitGateway.domains.apps.reaches", "network.transitGateway.domains.shared.oneWay"] }],
    "bad-a-b.yaml": [{ path: "network.transitGateway.domains.da.reaches[1]", says: ['"da" reaches "db"', '"db" does not reach "da"', "network.transitGateway.domains.db.reaches", "network.transitGateway.domains.da.oneWay"] }],
    "bad-onprem-apps.yaml": [{ path: "network.transitGateway.domains.onprem.reaches[1]", says: ['"onprem" reaches "apps"', '"apps" does not reach "onprem"', "network.transitGateway.domains.apps.reaches", "network.transitGateway.domains.onprem.oneWay"] }],
    "bad-oneway-not-in-reaches.yaml": [{ path: "network.transitGateway.domains.apps.oneWay[0]", says: ['"xx" is not in its reaches'] }],
    "bad-oneway-reciprocated.yaml": [{ path: "network.transitGateway.domains.shared.oneWay[0]", says: ['"apps" reaches "shared" back'] }],
    "bad-oneway-self.yaml": [{ path: "network.transitGateway.domains.apps.oneWay[0]", says: ['"apps" reaches "apps" back'] }],
    "bad-shared-oneway-self.yaml": [{ path: "network.transitGateway.domains.shared.oneWay[0]", says: ['"shared" reaches "shared" back'] }],
    "bad-oneway-hub-onprem-resolver.yaml": [{ path: "network.transitGateway.domains.shared.oneWay[0]", says: ["Resolver", "onprem"] }],
    "bad-oneway-outbound-resolver.yaml": [{ path: "network.transitGateway.domains.shared.oneWay[0]", says: ["Resolver", "onprem"] }],
    "bad-oneway-onprem-to-hub-inbound.yaml": [{ path: "network.dns.onPremises.inboundResolver", says: ["shared.reaches"] }],
    "bad-vpn-no-ranges.yaml": [
        { path: "network.transitGateway.domains.shared.reaches[1]", says: ["network.dns.onPremises.cidrs"] },
        { path: "network.transitGateway.domains.apps.reaches[1]", says: ["network.dns.onPremises.cidrs"] },
    ],
    "bad-onprem-no-attachment.yaml": [{ path: "network.transitGateway.domains.shared.reaches[1]", says: ["network.transitGateway.onPremises"] }],
    "bad-onprem-default-range.yaml": [{ path: "network.dns.onPremises.cidrs[0]", says: ["0.0.0.0/0"] }],
    "bad-onprem-summary.yaml": [{ path: "network.transitGateway.domains.onprem.cidrs", says: ["network.dns.onPremises.cidrs"] }],
    "bad-spoke-in-onprem-domain.yaml": [{ path: "spokes[1].domain", says: ['"onprem"'] }],
    "bad-spoke-in-onprem.yaml": [{ path: "spokes[0].cidr", says: ["192.168.0.0/16"] }],
    "bad-reach-undefined-domain.yaml": [{ path: "network.transitGateway.domains.shared.reaches[1]", says: ['"nosuch"'] }],
    "bad-same-summary.yaml": [{ path: "network.transitGateway.domains.db.cidrs[0]", says: ['"da"', '"db"', "disjoint"] }],
    "bad-summaries-nested.yaml": [{ path: "network.transitGateway.domains.inner.cidrs[0]", says: ['"inner"', '"outer"', "disjoint"] }],
    "bad-summary-covers-hub-onprem.yaml": [
        { path: "network.hub.cidr", says: ["10.0.0.0/8"] },
        { path: "network.dns.onPremises.cidrs[0]", says: ["10.0.0.0/8"] },
    ],
    "bad-summary-inside-hub.yaml": [{ path: "network.hub.cidr", says: ["10.0.8.0/24"] }],
    "bad-summary-inside-onprem.yaml": [{ path: "network.dns.onPremises.cidrs[0]", says: ["192.168.4.0/24"] }],
    "bad-summary-misses-spoke.yaml": [{ path: "spokes[0].cidr", says: ["outside the summary blocks"] }],
};

describe("route domains: held-out definitions that validation must refuse", () => {
    it("every file of the folder has its expectation, and every expectation its file", () => {
        assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort(), Object.keys(expected).sort());
    });
    for (const [file, errors] of Object.entries(expected)) {
        it(file, () => {
            const result = loadDefinitionFile(path.join(dir, file));
            assert.strictEqual(result.definition, undefined, `${file} was accepted`);
            for (const e of errors) {
                const found = result.diagnostics.filter((d) => d.severity === "error" && d.path === e.path);
                assert.ok(found.length > 0, `${file}: no error at ${e.path}; got:\n${result.diagnostics.map((d) => `  ${d.path}: ${d.message}`).join("\n")}`);
                for (const s of e.says) {
                    assert.ok(
                        found.some((d) => (typeof s === "string" ? d.message.includes(s) : s.test(d.message))),
                        `${file}: the error at ${e.path} does not say ${String(s)}: ${found.map((d) => d.message).join(" | ")}`,
                    );
                }
            }
        });
    }
});
