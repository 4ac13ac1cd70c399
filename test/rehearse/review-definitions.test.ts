/**
 * The review's held-out definitions (test/rehearse/fixtures/definitions/rv-*.yaml) and its
 * organization cases (test/rehearse/fixtures/review-expectations.md): what a fresh deploy of
 * each must do, one stack per environment too, and what an account's OU decides.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { loadDefinitionFile } from "../../program/load";
import { exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { explain } from "./support/changes";
import { name, passed } from "./support/steps";

const fixtures = path.join(__dirname, "fixtures");
const stacksDir = path.resolve(__dirname, "..", "..", "stacks");

describe("review: the definitions", function () {
    this.timeout(300000);
    const definitions = fs.readdirSync(path.join(fixtures, "definitions")).filter((f) => f.startsWith("rv-")).map((f) => path.join(fixtures, "definitions", f));

    it("rv-profile: the spoke in the network account is attached at once: no accepter of its attachment, no RAM share needed for its Profile association", async () => {
        const file = definitions.find((f) => f.endsWith("rv-profile.yaml"))!;
        const d = loadDefinitionFile(file).definition!;
        const local = d.spokes.filter((s) => d.accounts[s.account] === d.accounts[d.network.account]).map((s) => s.name);
        assert.ok(local.length > 0, "a spoke in the network account");
        const r = await rehearsal({ definitionFile: file });
        passed(r);
        const accepters = r.steps.flatMap((s) => s.created).filter((c) => c.type === T.tgwVpcAttachmentAccepter).map((c) => name(c.urn));
        for (const spoke of local) assert.ok(!accepters.some((a) => a.includes(spoke)), `${spoke}: ${accepters.join(", ")}`);
    });

    it("rv-noorg: no transit gateway accepters at all, yet endpoint connections are accepted", async () => {
        const r = await rehearsal({ definitionFile: definitions.find((f) => f.endsWith("rv-noorg.yaml"))! });
        passed(r);
        const created = r.steps.flatMap((s) => s.created);
        assert.equal(created.filter((c) => c.type === T.tgwVpcAttachmentAccepter).length, 0);
        assert.ok(created.some((c) => c.type === T.vpcEndpointConnectionAccepter));
    });

    it("every definition with an organization also deploys and destroys as one stack (unit all): its shares wait for RAM sharing with the organization", async () => {
        const files = [...definitions, ...fs.readdirSync(stacksDir).filter((f) => f.endsWith(".yaml")).map((f) => path.join(stacksDir, f))];
        const withOrg = files.filter((f) => loadDefinitionFile(f).definition!.organization);
        assert.ok(withOrg.length >= 3);
        for (const file of withOrg) {
            const r = await rehearsal({ definitionFile: file, destroy: true, singleStack: true });
            assert.equal(exitCodeOf(r), 0, `${path.basename(file)}: ${explain(r)}`);
            assert.equal(r.final.resources, 0);
        }
    });
});

describe("review: OU membership", function () {
    this.timeout(300000);
    const file = path.join(fixtures, "definitions", "rv-profile.yaml");
    const d = loadDefinitionFile(file).definition!;
    const ou = (name: string) => d.organization!.units[name];

    it("an account in an OU the transit gateway is not shared with: its spoke's attachment fails, naming the account's OU", async () => {
        const r = await rehearsal({ definitionFile: file, organization: { accountUnits: { [d.accounts.beta]: ou("lab") } } });
        assert.equal(exitCodeOf(r), 1);
        const failed = r.steps.find((s) => s.outcome === "failed")!;
        assert.match(failed.stack, /beta-db$/);
        assert.match(failed.message!, /tgw-attachment-needs-share|is not shared with account/);
        assert.ok(r.findings.some((f) => f.message.includes(ou("lab"))), explain(r));
    });

    it("an account placed in a shared OU deploys; moved to another OU, a change that replaces its VPC cannot attach the new one", async () => {
        const placed = { [d.accounts.alpha]: ou("apps"), [d.accounts.beta]: ou("data") };
        assert.equal(exitCodeOf(await rehearsal({ definitionFile: file, organization: { accountUnits: placed } })), 0);
        const dir = path.join(fixtures, "changes", "rv-cidr-change-owner-profile");
        const moved = await rehearsal({
            definitionFile: path.join(dir, "rv-profile.yaml"),
            fromFile: path.join(dir, "from", "rv-profile.yaml"),
            organization: { accountUnits: placed },
            afterStep: (step, world) => {
                if (step.stage === "earlier") world.cloud.organization.units.set(d.accounts.beta, ou("lab"));
            },
        });
        assert.equal(exitCodeOf(moved), 1);
        assert.ok(moved.findings.some((f) => /beta-db/.test(f.stack) && f.message.includes(ou("lab"))), explain(moved));
    });
});
