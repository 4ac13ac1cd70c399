/**
 * The offline rehearsal (tools/rehearse) catches the orders and programs that break a real
 * organization, naming the stack, the resource and the AWS rule; and its command line.
 * Every shipped and held-out definition deploys, converges and is destroyed:
 * definitions.test.ts; every held-out change applies without touching what it should not:
 * changes.test.ts, account-changes.test.ts and the reviews' files
 * (test/rehearse/support/changes.ts).
 *
 * Held-out inputs: drop a definition into test/rehearse/fixtures/definitions/ (file name =
 * its environment) to have it rehearsed fresh and destroyed; drop a change into
 * test/rehearse/fixtures/changes/<case>/ as `from/<env>.yaml` (deployed first) and
 * `<env>.yaml` (applied as the change).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { T } from "../../aws/lifecycle";
import { runLandingZone } from "../../program";
import { Wave } from "../../program/stack-graph";
import { loadDefinitionFile } from "../../program/load";
import { RehearseOptions, exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { RehearsalResult } from "../../tools/rehearse/model";
import { main as cliMain } from "../../tools/rehearse/cli";

const root = path.resolve(__dirname, "..", "..");
const stacksDir = path.join(root, "stacks");

function explain(result: RehearsalResult): string {
    return [...result.findings.map((f) => `[${f.rule}] ${f.message}`), ...result.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`)].join("\n");
}

/** A copy of a definition file, edited as YAML, in a fresh directory (its name stays `<env>.yaml`). */
function variant(file: string, edit: (doc: any) => void): { file: string; cleanup: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rehearse-"));
    const doc = YAML.parse(fs.readFileSync(file, "utf8"));
    edit(doc);
    const out = path.join(dir, path.basename(file));
    fs.writeFileSync(out, YAML.stringify(doc));
    return { file: out, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const hostedZones = path.join(stacksDir, "hosted-zones.yaml");

describe("the rehearsal (npm run rehearse)", function () {
    this.timeout(180_000);

    describe("catches the orders and programs that break a real organization", () => {
        it("the old spoke program (routes before acceptance): the spoke's first up fails, naming the stack, the route and the rule", async () => {
            const definition = loadDefinitionFile(hostedZones).definition!;
            const spoke = definition.spokes[0].name;
            // The old program: the real spoke program with the gate forced open (routes to the
            // transit gateway in the first pass, whatever the network accepted).
            const spokeModule = (await import("../../program/spoke")) as typeof import("../../program/spoke");
            const gated = spokeModule.buildSpokeVpc;
            const oldProgram = async () => {
                const descriptor = Object.getOwnPropertyDescriptor(spokeModule, "buildSpokeVpc")!;
                Object.defineProperty(spokeModule, "buildSpokeVpc", { ...descriptor, value: (...args: Parameters<typeof gated>) => gated(args[0], args[1], args[2], { ready: true }) });
                try {
                    return await runLandingZone({ environment: definition.environment, unit: spoke, definitionFile: hostedZones });
                } finally {
                    Object.defineProperty(spokeModule, "buildSpokeVpc", descriptor);
                }
            };
            const result = await rehearsal({ definitionFile: hostedZones, programFor: (unit) => (unit === spoke ? oldProgram : undefined) });
            assert.strictEqual(exitCodeOf(result), 1);
            const failed = result.steps.find((s) => s.outcome === "failed")!;
            assert.strictEqual(failed.stack, `hosted-zones-${spoke}`);
            assert.match(failed.message!, /Route .*-rt-(default|tgw-\d)/);
            assert.match(failed.message!, /\[tgw-route-needs-available-attachment\]/);
            assert.match(failed.message!, /pendingAcceptance/);
        });

        it("state of the old network program (accepters not retained) + a spoke dropped from its run: deletes the live attachment, named with the rule", async () => {
            const definition = loadDefinitionFile(hostedZones).definition!;
            const victim = definition.spokes[1].name;
            const without = variant(hostedZones, (doc) => {
                doc.spokes = doc.spokes.filter((s: { name: string }) => s.name !== victim);
            });
            try {
                const result = await rehearsal({
                    definitionFile: hostedZones,
                    // The old program wrote accepters without retainOnDelete.
                    afterStep: (step, world) => {
                        if (step.stack !== "hosted-zones-network") return;
                        for (const r of world.backend.get(step.stack).resources.values()) if (r.type === T.tgwVpcAttachmentAccepter) r.options = { ...r.options, retainOnDelete: false };
                    },
                    // The old network skipped a spoke whose outputs it could not read.
                    programFor: (unit, stage) =>
                        unit === "network" && stage === "converge" ? () => runLandingZone({ environment: definition.environment, unit, definitionFile: without.file }) : undefined,
                });
                assert.strictEqual(exitCodeOf(result), 1);
                const finding = result.findings.find((f) => f.rule === "accepter-delete-deletes-attachment")!;
                assert.ok(finding, explain(result));
                assert.strictEqual(finding.stack, "hosted-zones-network");
                assert.match(finding.message, new RegExp(`VpcAttachment tgw-attach-\\w+ \\(hosted-zones-${victim}: `));
                assert.match(finding.message, /DeleteTransitGatewayVpcAttachment/);
            } finally {
                without.cleanup();
            }
        });

        it("the program itself: a spoke whose outputs a failed update lost stops the network run instead", async () => {
            const definition = loadDefinitionFile(hostedZones).definition!;
            const victim = definition.spokes[0].name;
            const result = await rehearsal({
                definitionFile: hostedZones,
                afterStep: (step, world) => {
                    if (step.stage === "deploy" && step.stack === `hosted-zones-${victim}` && step.pass === 2) world.backend.get(step.stack).outputs = {};
                },
            });
            const failed = result.steps.find((s) => s.outcome === "failed")!;
            assert.strictEqual(failed.stack, "hosted-zones-network");
            assert.match(failed.message!, new RegExp(`hosted-zones-${victim} publishes no vpcId`));
            assert.match(failed.message!, /accepter-delete-deletes-attachment/);
            // Nothing of the spoke was deleted.
            assert.ok(!result.steps.some((s) => s.deletes.length > 0), "no deletes");
        });

        it("destroying the network before the spokes is blocked by the spokes' attachments", async () => {
            const result = await rehearsal({
                definitionFile: hostedZones,
                destroy: true,
                wavesFor: (stage, waves) => (stage !== "destroy" ? waves : [{ stacks: waves.flatMap((w) => w.stacks).filter((s) => s.stack === "hosted-zones-network" && s.operation === "destroy") }]),
            });
            const blocked = result.steps.find((s) => s.outcome === "blocked")!;
            assert.strictEqual(blocked.stack, "hosted-zones-network");
            assert.match(blocked.message!, /\[(tgw-delete-blocked-by-attachments|profile-delete-blocked-by-vpc-associations|zone-delete-blocked-by-vpc-associations|resolver-rule-delete-blocked-by-associations)\]/);
            assert.match(blocked.message!, /hosted-zones-team-/);
            assert.strictEqual(exitCodeOf(result), 1);
        });

        it("destroying a spoke the network has not detached is blocked (pessimistic attachment rule)", async () => {
            const result = await rehearsal({
                definitionFile: hostedZones,
                destroy: true,
                wavesFor: (stage, waves) => (stage !== "destroy" ? waves : waves.map((w) => ({ stacks: w.stacks.filter((s) => !s.config) }))),
            });
            const blocked = result.steps.find((s) => s.outcome === "blocked")!;
            assert.match(blocked.stack, /^hosted-zones-team-/);
            assert.match(blocked.message!, /\[tgw-attachment-delete-blocked-by-(association|propagation)\]/);
        });

        it("a state written without retainOnDelete on RAM sharing with the organization: destroying the org stack turns it off, named with the rule", async () => {
            const result = await rehearsal({
                definitionFile: hostedZones,
                destroy: true,
                afterStep: (step, world) => {
                    if (step.stack !== "hosted-zones-org" || step.operation !== "up") return;
                    for (const r of world.backend.get(step.stack).resources.values()) if (r.type === T.ramSharingWithOrganization) r.options = { ...r.options, retainOnDelete: false };
                },
            });
            const finding = result.findings.find((f) => f.rule === "org-sharing-delete-disables-trusted-access")!;
            assert.ok(finding, explain(result));
            assert.strictEqual(finding.stack, "hosted-zones-org");
            assert.match(finding.message, /SharingWithOrganization/);
            assert.strictEqual(exitCodeOf(result), 1);
        });

        it("a change that deletes a resource of a spoke it does not touch is named", async () => {
            const before = path.join(stacksDir, "prod.yaml");
            const added = variant(before, (doc) => doc.spokes.push({ name: "payments-eu", account: "payments-prod", cidr: "10.19.0.0/16", domain: "prod" }));
            // A program that, beside the change, drops orders-prod's internet egress.
            const rogue = variant(added.file, (doc) => {
                doc.spokes.find((s: { name: string }) => s.name === "orders-prod").internet = "none";
            });
            try {
                const result = await rehearsal({
                    definitionFile: added.file,
                    fromFile: before,
                    programFor: (unit, stage) => (unit === "orders-prod" && stage === "change" ? () => runLandingZone({ environment: "prod", unit, definitionFile: rogue.file }) : undefined),
                });
                const findings = result.findings.filter((f) => f.rule === "untouched-resource");
                assert.ok(findings.length > 0, explain(result));
                for (const f of findings) {
                    assert.strictEqual(f.stack, "prod-orders-prod");
                    assert.match(f.message, /spoke:orders-prod, which the change does not touch \(it touches spoke:payments-eu/);
                }
                assert.ok(findings.some((f) => /deletes urn:pulumi:prod-orders-prod::.*aws:ec2\/natGateway:NatGateway::/.test(f.message)), findings.map((f) => f.message).join("\n"));
                assert.strictEqual(exitCodeOf(result), 1);
            } finally {
                added.cleanup();
                rogue.cleanup();
            }
        });

        it("an organization without resource control policies enabled stops the org stack with the rule", async () => {
            const result = await rehearsal({ definitionFile: hostedZones, organization: { policyTypes: ["SERVICE_CONTROL_POLICY"] } });
            const failed = result.steps.find((s) => s.outcome === "failed")!;
            assert.strictEqual(failed.stack, "hosted-zones-org");
            assert.match(failed.message!, /\[policy-attachment-needs-policy-type\].*RESOURCE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY.*\[policy-attachment-needs-policy-type\]/);
        });

        it("spokes before the network: each spoke stops and names the stack to deploy first", async () => {
            const spokesFirst = (stage: string, waves: Wave[]): Wave[] => (stage !== "deploy" ? waves : [{ stacks: waves.flatMap((w) => w.stacks).filter((s) => s.stack.startsWith("hosted-zones-team-")) }, ...waves]);
            const result = await rehearsal({ definitionFile: hostedZones, wavesFor: spokesFirst as RehearseOptions["wavesFor"] });
            const failed = result.steps.filter((s) => s.outcome === "failed");
            assert.ok(failed.length > 0);
            for (const f of failed) assert.match(f.message!, /pulumi up --stack hosted-zones-network/);
        });
    });

    describe("command line", () => {
        const capture = () => {
            const out: string[] = [];
            const err: string[] = [];
            return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
        };

        it("prints a table, writes the documented JSON and exits 0", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rehearse-cli-"));
            try {
                const json = path.join(dir, "out.json");
                const { out, io } = capture();
                assert.strictEqual(await cliMain(["--definition", path.join(stacksDir, "dev.yaml"), "--destroy", "--json", json], io), 0);
                assert.match(out.join("\n"), /deploy +wave +1 +up +dev-network #1/);
                assert.match(out.join("\n"), /rehearsal passed/);
                const doc = JSON.parse(fs.readFileSync(json, "utf8"));
                assert.strictEqual(doc.converged, true);
                assert.strictEqual(doc.final.resources, 0);
                for (const step of doc.steps) {
                    for (const key of ["stack", "operation", "pass", "creates", "updates", "replaces", "deletes", "outcome"]) assert.ok(key in step, key);
                    for (const n of [step.creates, step.updates, step.replaces]) assert.strictEqual(typeof n, "number");
                    assert.ok(Array.isArray(step.deletes));
                    for (const d of step.deletes) assert.deepStrictEqual(Object.keys(d).sort(), ["type", "urn"]);
                    assert.ok(["up", "destroy"].includes(step.operation) && ["ok", "failed", "blocked"].includes(step.outcome));
                }
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("prints a unit-all change's first run with its landing-zone:deleteFirst items, as the deploy plan does", async () => {
            const dir = path.join(__dirname, "fixtures", "unit-all", "owner-renamed");
            const { out, io } = capture();
            assert.strictEqual(await cliMain(["--definition", path.join(dir, "rs3.yaml"), "--from", path.join(dir, "from", "rs3.yaml"), "--single-stack"], io), 0);
            const lines = out.filter((l) => /^change /.test(l));
            assert.match(lines[0], /rs3-all #\d+ +\[landing-zone:deleteFirst=spoke:one-a\] \+/);
            assert.doesNotMatch(lines[1], /deleteFirst/);
        });

        it("exits 2 on invalid input: a definition with problems (all of them, located), another environment, a missing file, a bad flag", async () => {
            const bad = variant(path.join(stacksDir, "dev.yaml"), (doc) => {
                doc.spokes[0].cidr = "10.1.0.0/33";
                doc.spokes[1].domain = "nowhere";
            });
            try {
                const run = capture();
                assert.strictEqual(await cliMain(["--definition", bad.file], run.io), 2);
                const text = run.err.join("\n");
                assert.match(text, /dev\.yaml:\d+:\d+ spokes\[0\]\.cidr/);
                assert.match(text, /nowhere/);
                assert.doesNotMatch(text, /\n\s+at /);
                assert.strictEqual(await cliMain(["--definition", path.join(stacksDir, "prod.yaml"), "--from", path.join(stacksDir, "dev.yaml")], capture().io), 2);
                assert.strictEqual(await cliMain(["--definition", path.join(stacksDir, "none.yaml")], capture().io), 2);
                assert.strictEqual(await cliMain(["--nope"], capture().io), 2);
                assert.strictEqual(await cliMain([], capture().io), 2);
            } finally {
                bad.cleanup();
            }
        });
    });
});
