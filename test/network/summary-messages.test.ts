/**
 * The summary-block errors say which block holds which, and what to change: a summary
 * inside the hub's range is not "the hub lies in the summary"; an on-premises range that
 * overlaps a summary says what the overlap breaks. (Inputs: the held-out definitions of
 * test/network/reachability-invalid/.)
 */
import * as assert from "assert";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";

const messages = (file: string, at: string) =>
    loadDefinitionFile(path.join(__dirname, "reachability-invalid", file))
        .diagnostics.filter((d) => d.path === at)
        .map((d) => d.message);

describe("route domains: summary-block error messages", () => {
    it("a summary inside the hub's range: the summary lies inside the hub, and the fix is the summary", () => {
        assert.deepStrictEqual(messages("bad-summary-inside-hub.yaml", "network.hub.cidr"), [
            '10.0.8.0/24, a summary block of domain "future", lies inside the hub\'s 10.0.0.0/20: blackholes of that summary would cut part of the hub off. Give domain "future" a summary block outside 10.0.0.0/20',
        ]);
    });

    it("a summary holding the hub: the hub lies in the summary; on-premises overlapping it: what breaks and the fix", () => {
        assert.deepStrictEqual(messages("bad-summary-covers-hub-onprem.yaml", "network.hub.cidr"), [
            '10.0.0.0/20 lies in 10.0.0.0/8, a summary block of domain "big": the tables of the domains that do not reach "big" blackhole that summary, which would cut the hub off. Give the hub a range outside 10.0.0.0/8, or narrow the summary',
        ]);
        assert.deepStrictEqual(messages("bad-summary-covers-hub-onprem.yaml", "network.dns.onPremises.cidrs[0]"), [
            '10.200.0.0/16 overlaps 10.0.0.0/8, a summary block of domain "big": the summary\'s routes and blackholes would capture on-premises addresses. Keep on-premises ranges and summary blocks apart (narrow the summary, or correct the range)',
        ]);
    });
});
