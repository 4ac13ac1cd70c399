/**
 * The shipped stacks/global.yaml: a cross-account workload spoke added in either Region, in
 * either workload domain, inside that domain's summary there, costs its Region's network
 * stack at most 4 resources, and nothing in the other Region's. The count is derived here
 * from `reaches` and AWS's routing model (test/network/region-spoke-growth.test.ts says
 * why each resource is forced; test/support/peering-table.ts when a Region's peerings need a
 * table of their own), never from network/domains.ts, and read from the rehearsal's creates.
 * A sweep (`npm run test:sweep`): four whole-environment rehearsals.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { loadDefinitionFile } from "../../program/load";
import { stackName } from "../../definition/units";
import { rehearsal } from "../support/rehearsals";
import { explain } from "../rehearse/support/changes";
import { peeringNeedsOwnTable } from "../support/peering-table";

const shipped = path.join(__dirname, "..", "..", "stacks", "global.yaml");

/** A free /16 inside each workload domain's summary, per Region. */
const cases = [
    { domain: "prod", region: "us-east-1", cidr: "10.17.0.0/16" },
    { domain: "nonprod", region: "us-east-1", cidr: "10.33.0.0/16" },
    { domain: "prod", region: "eu-west-1", cidr: "10.81.0.0/16" },
    { domain: "nonprod", region: "eu-west-1", cidr: "10.97.0.0/16" },
];

describe("stacks/global.yaml: what one more workload spoke costs its Region's network stack", function () {
    this.timeout(600_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-global-growth-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const c of cases) {
        it(`a cross-account ${c.domain} spoke in ${c.region}: ≤ 4, as AWS's routing model counts it; the other Region's stack unchanged`, async () => {
            const raw = YAML.parse(fs.readFileSync(shipped, "utf8")) as Record<string, any>;
            raw.accounts["newcomer"] = "219999999999";
            raw.spokes.push({ name: "newcomer", account: "newcomer", cidr: c.cidr, domain: c.domain, ...(c.region === raw.region ? {} : { region: c.region }) });
            const file = path.join(dir, `${c.domain}-${c.region}`, "global.yaml");
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, YAML.stringify(raw));
            const definition = loadDefinitionFile(file).definition!;

            const domains = definition.network.transitGateway.domains;
            const home = c.region === definition.region;
            const reaching = Object.keys(domains).filter((d) => (d !== "onprem" || home) && domains[d].reaches.includes(c.domain));
            const reachedByAny = Object.values(domains).some((v) => v.reaches.includes(c.domain));
            const expected = 1 + 1 + reaching.length + (reachedByAny && peeringNeedsOwnTable(definition, c.region) ? 1 : 0);
            assert.ok(expected <= 4, `the model itself says ${expected}`);

            const r = await rehearsal({ fromFile: shipped, definitionFile: file });
            assert.ok(r.converged && r.steps.every((s) => s.outcome === "ok"), explain(r));
            const change = r.steps.filter((s) => s.stage === "change");
            const own = stackName(definition.environment, home ? "network" : `network-${c.region}`);
            const other = stackName(definition.environment, home ? "network-eu-west-1" : "network");
            assert.equal(change.filter((s) => s.stack === own).reduce((n, s) => n + s.creates, 0), expected, explain(r));
            for (const s of change.filter((s) => s.stack === own)) assert.deepEqual([s.updates, s.replaces, s.deletes.length], [0, 0, 0], `${own}: only creates`);
            for (const s of change.filter((s) => s.stack === other)) assert.deepEqual([s.creates, s.updates, s.replaces, s.deletes.length], [0, 0, 0, 0], `${other} unchanged`);
        });
    }
});
