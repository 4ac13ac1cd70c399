/**
 * Review of "a Region's peerings use a domain's route table" (README "Which table takes the
 * peerings", "What a spoke costs"): one cross-account spoke added to a held-out definition of
 * test/review-peering/held-out/, counted in what its Region's network stack creates during the
 * rehearsal, against a count written by hand from AWS's routing model (one association per
 * attachment, one propagation per table that routes to it, a blackhole per table that must not
 * reach it unless a summary covers it, the accepter for a cross-account VPC; a peering table of
 * the Region's own learns every reached spoke). The expected numbers are constants here, not
 * derived from the program. A sweep: whole-environment rehearsals (npm test, not test:unit).
 * The matrix and the peering tables of the held-out inputs are checked by
 * test/review-peering/oracle.py (see test/review-peering/README.md).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { stackName } from "../../definition/units";
import { rehearsal } from "../support/rehearsals";
import { explain } from "../rehearse/support/changes";

const heldOut = path.join(__dirname, "held-out");

const cases = [
    // shared's table takes the peerings: accepter + association + shared's propagation.
    { file: "rptwo", domain: "prod", region: "eu-central-1", cidr: "10.81.0.0/16", expected: 3, othersUnchanged: true },
    // no summary for dev: + shared's and dev's propagations + blackholes in prod, iso, onprem at home.
    { file: "rptwo", domain: "dev", region: "us-east-1", cidr: "10.41.0.0/16", expected: 7, othersUnchanged: false },
    // peering table of its own: accepter + association + shared's and alfa's propagations + the peering table's.
    { file: "rpnone", domain: "alfa", region: "ap-northeast-1", cidr: "10.137.0.0/16", expected: 5, othersUnchanged: true },
    // all's table takes ap-southeast-1's peerings: accepter + association + shared's and all's propagations.
    { file: "rpall", domain: "prod", region: "ap-southeast-1", cidr: "10.145.0.0/16", expected: 4, othersUnchanged: true },
    // core's table takes us-west-2's peerings: accepter + association + shared's and core's propagations.
    { file: "rpcore", domain: "apps", region: "us-west-2", cidr: "10.81.0.0/16", expected: 4, othersUnchanged: true },
];

describe("review-peering: what one more cross-account spoke costs its Region's network stack (held-out definitions)", function () {
    this.timeout(600_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-review-peering-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const c of cases) {
        it(`${c.file}: a ${c.domain} spoke in ${c.region} costs ${c.expected}`, async () => {
            const shipped = path.join(heldOut, `${c.file}.yaml`);
            const raw = YAML.parse(fs.readFileSync(shipped, "utf8")) as Record<string, any>;
            raw.accounts["newcomer"] = "299999999999";
            raw.spokes.push({ name: "newcomer", account: "newcomer", cidr: c.cidr, domain: c.domain, ...(c.region === raw.region ? {} : { region: c.region }) });
            const file = path.join(dir, `${c.file}-${c.domain}-${c.region}`, `${c.file}.yaml`);
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, YAML.stringify(raw));
            const r = await rehearsal({ fromFile: shipped, definitionFile: file });
            assert.ok(r.converged && r.steps.every((s) => s.outcome === "ok"), explain(r));
            const change = r.steps.filter((s) => s.stage === "change");
            const own = stackName(raw.environment, c.region === raw.region ? "network" : `network-${c.region}`);
            assert.equal(change.filter((s) => s.stack === own).reduce((n, s) => n + s.creates, 0), c.expected, explain(r));
            if (c.othersUnchanged) {
                // The README says: nothing in any other Region's stack (each Region's endpoint security
                // groups admit that Region's VPCs only: components/central-endpoints.ts environmentCidrs).
                for (const s of change.filter((s) => s.stack !== own && s.stack.includes("-network"))) {
                    assert.deepEqual([s.creates, s.updates, s.replaces, s.deletes.length], [0, 0, 0, 0], `${s.stack}: unchanged`);
                }
            }
        });
    }
});
