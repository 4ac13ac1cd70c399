/**
 * A hub VPC CIDR change whose new CIDR overlaps the old one is refused by every change
 * planner before anything runs: the replacement hub's transit gateway attachment would be
 * created while the old one still propagates the old CIDR, and a transit gateway does not
 * propagate a VPC CIDR that overlaps one already attached (aws/lifecycle.ts
 * tgw-propagation-overlapping-cidr). The expectation of which CIDRs are refused comes from
 * that rule: overlap of the old and new hub CIDR of the same Region.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lifecycleRule } from "../../aws/lifecycle";
import { cidrsOverlap } from "../../definition/cidr";
import { ChangeRefused, hubCidrChangeProblems } from "../../definition/hub-cidr-change";
import { Definition } from "../../definition/schema";
import { loadDefinitionFile } from "../../program/load";
import { stackWaves } from "../../program/stack-graph";
import { main as wavesMain } from "../../tools/waves";
import { main as rehearseMain } from "../../tools/rehearse/cli";
import { FakeProject } from "../deploy/fake-project";

const fixtures = path.join(__dirname, "..", "rehearse", "fixtures", "unit-all");
const grow = { definitionFile: path.join(fixtures, "rv-hub-cidr-grow", "rs3.yaml"), fromFile: path.join(fixtures, "rv-hub-cidr-grow", "from", "rs3.yaml") };
const twoRegions = path.join(fixtures, "rv-rename-region2-spoke", "global.yaml");

const load = (file: string): Definition => {
    const r = loadDefinitionFile(file);
    assert.ok(r.definition, `${file}: ${JSON.stringify(r.diagnostics)}`);
    return r.definition;
};
const withHub = (d: Definition, cidr: string, region?: string): Definition => {
    const copy = structuredClone(d);
    if (region === undefined) copy.network.hub.cidr = cidr;
    else copy.network.regions![region].hub.cidr = cidr;
    return copy;
};
/** The line (1-based) of `text` in `file`. */
const lineOf = (file: string, text: string): number => fs.readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;
const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
};

describe("hub CIDR change: refused when the new CIDR overlaps the old", () => {
    it("the rule it rests on is sourced from AWS", () => {
        assert.match(lifecycleRule("tgw-propagation-overlapping-cidr").source, /CreateTransitGatewayVpcAttachment/);
    });

    it("the home hub: refused exactly when old and new overlap; unchanged, disjoint, or no earlier definition pass", () => {
        const from = load(grow.fromFile);
        const old = from.network.hub.cidr;
        assert.deepEqual(hubCidrChangeProblems(from, undefined), []);
        assert.deepEqual(hubCidrChangeProblems(from, from), []);
        for (const cidr of ["10.170.0.0/21", "10.170.0.0/23", "10.170.2.0/23", "10.168.0.0/14", "10.171.0.0/22", "10.180.0.0/22"]) {
            const problems = hubCidrChangeProblems(withHub(from, cidr), from);
            assert.equal(problems.length, cidrsOverlap(old, cidr) ? 1 : 0, cidr);
            if (problems.length) {
                assert.deepEqual(problems[0].path, ["network", "hub", "cidr"]);
                assert.match(problems[0].message, new RegExp(`from ${old} to ${cidr}.*does not overlap ${old}.*intermediate CIDR`));
            }
        }
    });

    it("another Region's hub (network.regions.<r>.hub.cidr) too; a Region added has no old hub", () => {
        const from = load(twoRegions);
        const problems = hubCidrChangeProblems(withHub(from, "10.64.8.0/21", "eu-west-1"), from);
        assert.deepEqual(problems.map((p) => p.path), [["network", "regions", "eu-west-1", "hub", "cidr"]]);
        const noRegions = structuredClone(from);
        noRegions.network.regions = {};
        assert.deepEqual(hubCidrChangeProblems(from, noRegions), []);
        // Both hubs at once: both reported in one run.
        assert.equal(hubCidrChangeProblems(withHub(withHub(from, "10.64.8.0/21", "eu-west-1"), "10.0.0.0/21"), from).length, 2);
    });

    it("stackWaves (every planner's entry) refuses it, one stack and per unit; without --from it plans", () => {
        const definition = load(grow.definitionFile);
        const from = load(grow.fromFile);
        for (const singleStack of [false, true]) {
            assert.throws(() => stackWaves(definition, { from, singleStack }), (e: unknown) => e instanceof ChangeRefused && e.problems.length === 1);
            assert.ok(stackWaves(definition, { singleStack }).waves.length > 0);
        }
    });

    it("npm run waves -- --from: exit 2, the file and line of network.hub.cidr", () => {
        const x = io();
        assert.equal(wavesMain(["--definition", grow.definitionFile, "--from", grow.fromFile], x.io), 2);
        assert.equal(x.out.length, 0);
        assert.equal(x.err.length, 1);
        assert.ok(x.err[0].startsWith(`${grow.definitionFile}:${lineOf(grow.definitionFile, "hub: { cidr: 10.170.0.0/21")}:`), x.err[0]);
        assert.match(x.err[0], / network\.hub\.cidr: .*overlaps/);
    });

    it("npm run waves -- --from: another Region's hub at its own line", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-cidr-"));
        try {
            const file = path.join(dir, "global.yaml");
            fs.writeFileSync(file, fs.readFileSync(twoRegions, "utf8").replace("cidr: 10.64.0.0/20", "cidr: 10.64.8.0/21"));
            const x = io();
            assert.equal(wavesMain(["--definition", file, "--from", twoRegions], x.io), 2);
            assert.ok(x.err[0].startsWith(`${file}:${lineOf(file, "cidr: 10.64.8.0/21")}:`), x.err[0]);
            assert.match(x.err[0], / network\.regions\.eu-west-1\.hub\.cidr: Region eu-west-1's hub VPC changes from 10\.64\.0\.0\/20 to 10\.64\.8\.0\/21/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("npm run rehearse -- --from: exit 2 before the earlier definition is deployed", async () => {
        const x = io();
        assert.equal(await rehearseMain(["--definition", grow.definitionFile, "--from", grow.fromFile, "--quiet"], x.io), 2);
        assert.deepEqual(x.out, []);
        assert.ok(x.err[0].startsWith(`${grow.definitionFile}:20:`), x.err.join("\n"));
    });

    it("npm run deploy -- --from: exit 2, nothing run", async () => {
        const p = new FakeProject(grow.definitionFile);
        try {
            const r = await p.deploy(["--definition", p.definitionFile, "--from", grow.fromFile]);
            assert.equal(r.code, 2);
            assert.ok(r.err[0].startsWith(`${p.definitionFile}:${lineOf(p.definitionFile, "hub: { cidr: 10.170.0.0/21")}:`), r.err.join("\n"));
            assert.match(r.err[0], /network\.hub\.cidr: .*intermediate CIDR/);
            assert.deepEqual(p.calls(), []);
        } finally {
            p.remove();
        }
    });
});
