/**
 * What a spoke added in a second hub Region costs that Region's network stack, stated as the
 * condition AWS's routing model imposes (no summary can replace any of these):
 *  - 1 VPC attachment accepter when the spoke's account is not the network account's
 *    (cross-account attachments wait for acceptance: aws/lifecycle.ts);
 *  - 1 route table association (its domain's table);
 *  - 1 propagation per domain of that Region that reaches the spoke's domain;
 *  - 1 propagation into the table the Region's peerings are associated with, when some
 *    domain reaches the spoke's domain and that table is not already one of those domain
 *    tables (traffic from another Region is looked up there: a route table routes a
 *    destination only to an attachment, by propagation or by a static route naming it —
 *    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTransitGatewayRoute.html —
 *    and the peering attachment is associated with one table only —
 *    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateTransitGatewayRouteTable.html).
 * AWS allows one peering attachment between two transit gateways, not adjustable (aws/quotas.ts
 * tgwPeeringAttachmentsBetweenTransitGateways:
 * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html), so all domains'
 * traffic from another Region arrives over one attachment, looked up in one table: a domain's
 * table can be it only when that domain reaches every domain some domain reaches (the
 * condition is written out here from the definition, not taken from network/domains.ts); then
 * the spoke's propagation into it is one of the domains' and costs nothing more. The home
 * Region's network stack does not change when a summary covers the spoke (its cross-Region
 * routes are per summary).
 */
import * as assert from "assert";
import * as path from "path";
import { peeringNeedsOwnTable } from "../support/peering-table";
import { spokeRegion } from "../../definition/regions";
import { stackName } from "../../definition/units";
import { loadDefinitionFile } from "../../program/load";
import { rehearsal } from "../support/rehearsals";

const cases = [
    { dir: path.join(__dirname, "..", "rehearse", "fixtures", "changes", "global-add-spoke-region2"), env: "global" },
    { dir: path.join(__dirname, "..", "review-regions", "changes", "g2-add-spoke-region2"), env: "rtwo" },
];

describe("a spoke added in a second hub Region: what its Region's network stack creates", function () {
    this.timeout(120_000);
    for (const c of cases) {
        it(`${path.basename(c.dir)}: accepter (cross-account) + association + a propagation per reaching domain + one into the peering table when the Region's peerings have a table of their own`, async () => {
            const file = path.join(c.dir, `${c.env}.yaml`);
            const fromFile = path.join(c.dir, "from", `${c.env}.yaml`);
            const definition = loadDefinitionFile(file).definition!;
            const from = loadDefinitionFile(fromFile).definition!;
            const added = definition.spokes.filter((s) => !from.spokes.some((b) => b.name === s.name));
            assert.strictEqual(added.length, 1, "the change adds one spoke");
            const spoke = added[0];
            const region = spokeRegion(definition, spoke);
            assert.notStrictEqual(region, definition.region, "in a second Region");
            const crossAccount = definition.accounts[spoke.account] !== definition.accounts[definition.network.account];
            const domains = definition.network.transitGateway.domains;
            const reaching = Object.keys(domains).filter((d) => (d !== "onprem" || region === definition.region) && domains[d].reaches.includes(spoke.domain));
            const reachedByAny = Object.values(domains).some((v) => v.reaches.includes(spoke.domain));
            const expected = (crossAccount ? 1 : 0) + 1 + reaching.length + (reachedByAny && peeringNeedsOwnTable(definition, region) ? 1 : 0);
            const result = await rehearsal({ fromFile, definitionFile: file });
            assert.ok(result.converged, "converges");
            const steps = result.steps.filter((s) => s.stage === "change");
            const regional = steps.filter((s) => s.stack === stackName(definition.environment, `network-${region}`)).reduce((n, s) => n + s.creates, 0);
            assert.strictEqual(regional, expected, `network-${region} creates ${regional}`);
            const home = steps.filter((s) => s.stack === stackName(definition.environment, "network"));
            for (const s of home) assert.deepStrictEqual([s.creates, s.updates, s.replaces, s.deletes.length], [0, 0, 0, 0], "the home network stack is unchanged");
        });
    }
});
