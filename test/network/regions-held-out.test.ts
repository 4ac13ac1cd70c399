/**
 * Held-out definitions with two or more Regions: every file of test/network/regions-held-out/
 * (and of the folder named by LZ_REGIONS_HELD_OUT, so definitions written by someone else
 * can be dropped in without touching this file) plans, and rehearses deploy → converge →
 * destroy cleanly; the plan has a transit gateway in exactly the Regions the file gives
 * (`region` and the keys of `network.regions`), each with its ASN, peered pairwise
 * (requested from the home Region when it is one of the pair, otherwise from the Region whose
 * code sorts first: never the key order, which may change without changing the Regions), and
 * each spoke attached in its own Region, and the reachability matrix of the planned routes is
 * the one the domains intend. Expectations are read from the YAML, not from the program.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlannedResource } from "../../analysis/plan-records";
import { analyzeReachability, intendedReachability } from "../../analysis/reachability";
import { loadForPlan } from "../../tools/plan/run";
import { sharedPlan } from "../support/plans";
import { rehearsal } from "../support/rehearsals";

const dirs = [path.join(__dirname, "regions-held-out"), ...(process.env.LZ_REGIONS_HELD_OUT ? [path.resolve(process.env.LZ_REGIONS_HELD_OUT)] : [])];
const files = dirs.flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => path.join(dir, f)) : []));

const regionOf = (resources: PlannedResource[], r: PlannedResource) => resources.find((p) => p.urn === r.provider)?.inputs.region as string | undefined;

describe("held-out definitions with more than one Region", function () {
    this.timeout(180000);

    it("there are two- and three-Region cases", () => {
        const counts = files.map((f) => 1 + Object.keys(YAML.parse(fs.readFileSync(f, "utf8")).network.regions ?? {}).length);
        assert.ok(counts.includes(2) && counts.includes(3), `Region counts: ${counts.join(", ")}`);
    });

    for (const file of files) {
        const raw = YAML.parse(fs.readFileSync(file, "utf8"));
        const regions: string[] = [raw.region, ...Object.keys(raw.network.regions ?? {})];
        const asns: Record<string, number> = { [raw.region]: raw.network.transitGateway.asn ?? 64512, ...Object.fromEntries(Object.entries(raw.network.regions ?? {}).map(([r, v]: [string, any]) => [r, v.transitGateway.asn])) };

        it(`${path.basename(file)}: transit gateways in ${regions.join(", ")}, peered pairwise, spokes in their Regions`, async () => {
            const { definition } = loadForPlan(file);
            const resources = (await sharedPlan({ definitionFile: file, unit: "all", definition })).resources;
            const tgws = resources.filter((r) => r.type === "aws:ec2transitgateway/transitGateway:TransitGateway");
            assert.deepStrictEqual(Object.fromEntries(tgws.map((t) => [regionOf(resources, t), t.inputs.amazonSideAsn])), asns);
            const peerings = resources.filter((r) => r.type === "aws:ec2transitgateway/peeringAttachment:PeeringAttachment");
            const pairs = peerings.map((p) => `${regionOf(resources, p)}>${p.inputs.peerRegion}`).sort();
            const requester = (a: string, b: string) => (a === raw.region || b === raw.region ? raw.region : a < b ? a : b);
            const expected = regions.flatMap((a, i) => regions.slice(i + 1).map((b) => (requester(a, b) === a ? `${a}>${b}` : `${b}>${a}`))).sort();
            assert.deepStrictEqual(pairs, expected);
            const accepters = resources.filter((r) => r.type === "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter");
            assert.deepStrictEqual(accepters.map((a) => regionOf(resources, a)).sort(), expected.map((p) => p.split(">")[1]).sort());
            // The matrix from the planned routes is the definition's intent (test/network/regions-pack.process.test.ts has the pack's verdict).
            assert.deepStrictEqual(analyzeReachability(resources, definition), intendedReachability(definition));
            for (const spoke of raw.spokes) {
                const attachment = resources.find((r) => r.type === "aws:ec2transitgateway/vpcAttachment:VpcAttachment" && r.name === `${spoke.name}-attachment`);
                assert.ok(attachment, `${spoke.name} has an attachment`);
                assert.strictEqual(regionOf(resources, attachment!), spoke.region ?? raw.region, `${spoke.name} attaches in its Region`);
            }
        });

        it(`${path.basename(file)}: rehearses deploy, converge and destroy`, async () => {
            const result = await rehearsal({ definitionFile: file, destroy: true });
            assert.ok(result.converged && result.steps.every((s) => s.outcome === "ok"), result.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`).join("\n"));
            assert.strictEqual(result.final.resources, 0);
        });
    }
});
