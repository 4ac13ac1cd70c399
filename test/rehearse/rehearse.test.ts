/**
 * The offline rehearsal (tools/rehearse): every shipped definition and every held-out
 * definition deploys, converges and is destroyed with nothing blocked; every held-out
 * change applies without touching what it should not (the review's `rv-` changes: in
 * review-expectations.test.ts, test/rehearse/support/changes.ts); and the rehearsal catches the
 * orders and programs that break a real organization, naming the stack, the resource
 * and the AWS rule.
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
import { Wave, spokesMovingAccount } from "../../program/stack-graph";
import { ownerUnitOfAccount, unitsOf } from "../../definition/units";
import { loadDefinitionFile } from "../../program/load";
import { RehearseOptions, exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { RehearsalResult } from "../../tools/rehearse/model";
import { Cloud } from "../../tools/rehearse/aws-sim";
import { main as cliMain } from "../../tools/rehearse/cli";
import { assertChangeApplied, changeCases, changeFiles, rehearseChange } from "./support/changes";

const root = path.resolve(__dirname, "..", "..");
const stacksDir = path.join(root, "stacks");
const fixtures = path.join(__dirname, "fixtures");
const yamlIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => path.join(dir, f)) : []);

function explain(result: RehearsalResult): string {
    return [...result.findings.map((f) => `[${f.rule}] ${f.message}`), ...result.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`)].join("\n");
}

function assertPassed(result: RehearsalResult): void {
    assert.strictEqual(exitCodeOf(result), 0, explain(result));
    assert.ok(result.converged);
    assert.ok(result.steps.every((s) => s.outcome === "ok"));
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

    describe("shipped definitions: deploy, converge, destroy", () => {
        for (const file of yamlIn(stacksDir)) {
            it(`stacks/${path.basename(file)}`, async () => {
                const result = await rehearsal({ definitionFile: file, destroy: true });
                assertPassed(result);
                assert.strictEqual(result.final.resources, 0);
                const definition = loadDefinitionFile(file).definition!;
                // Every stack of the environment was deployed and destroyed.
                for (const unit of unitsOf(definition)) {
                    const stack = `${definition.environment}-${unit}`;
                    assert.ok(result.steps.some((s) => s.stack === stack && s.stage === "deploy" && s.creates > 0), `${stack} deployed`);
                    assert.ok(result.steps.some((s) => s.stack === stack && s.operation === "destroy"), `${stack} destroyed`);
                }
                // What stays in AWS on purpose is only what must never be deleted (a protected
                // bucket's perimeter policy: bucket-policy-one-per-bucket, program/org.ts).
                for (const type of Object.keys(result.final.retainedInAws)) assert.ok([T.ramSharingWithOrganization, T.tgwVpcAttachmentAccepter, T.tgwPeeringAttachmentAccepter, T.bucketPolicy].includes(type as never), type);
                assert.strictEqual(result.final.retainedInAws[T.bucketPolicy] ?? 0, definition.perimeter.protectedBuckets.length, "each protected bucket keeps its perimeter policy");
            });
        }
        it("stacks/dev.yaml as one stack (unit all)", async () => {
            const result = await rehearsal({ definitionFile: path.join(stacksDir, "dev.yaml"), destroy: true, singleStack: true });
            assertPassed(result);
            assert.deepStrictEqual([...new Set(result.steps.map((s) => s.stack))], ["dev-all"]);
        });
    });

    describe("held-out definitions (test/rehearse/fixtures/definitions)", () => {
        const files = yamlIn(path.join(fixtures, "definitions"));
        it("cover every DNS mode, each with PrivateLink consumers", () => {
            const modes = new Set<string>();
            for (const file of files) {
                const d = loadDefinitionFile(file).definition!;
                assert.ok(d.endpointServices.some((s) => s.consumers.length > 0), `${file} has no PrivateLink consumer`);
                modes.add(`${d.network.endpoints.mode}/${d.network.dns.sharing}`);
            }
            for (const mode of ["centralized/profile", "centralized/hosted-zones", "distributed/profile"]) assert.ok(modes.has(mode), `no held-out definition in ${mode}`);
        });
        for (const file of files) {
            it(path.basename(file), async () => {
                const result = await rehearsal({ definitionFile: file, destroy: true });
                assertPassed(result);
                assert.strictEqual(result.final.resources, 0);
            });
        }
        it("a service with a private DNS name: every consumer's endpoint ends accepted with private DNS on, per account and in one stack", async () => {
            const withName = files.map((f) => ({ file: f, d: loadDefinitionFile(f).definition! })).filter(({ d }) => d.endpointServices.some((s) => s.privateDnsName));
            assert.ok(withName.length > 0, "no held-out definition has an endpoint service with privateDnsName");
            for (const { file, d } of withName) {
                const consumers = d.endpointServices.filter((s) => s.privateDnsName).flatMap((s) => s.consumers.filter((c) => c !== s.spoke).map((c) => `${s.name}-${c}`));
                for (const singleStack of [false, true]) {
                    let cloud: Cloud | undefined;
                    // One stack: RAM sharing with the organization already on (unit `all` shares with the
                    // organization in the same run that would enable it; not what this test is about).
                    const result = await rehearsal({ definitionFile: file, singleStack, organization: singleStack ? { ramSharing: true } : undefined, afterStep: (_step, world) => (cloud = world.cloud) });
                    assertPassed(result);
                    assert.deepStrictEqual(result.final.pendingAcceptance, []);
                    const on = cloud!.ofType(T.vpcEndpointPrivateDns).filter((o) => o.attrs.privateDnsEnabled === true);
                    for (const name of consumers) {
                        const dns = on.find((o) => o.urn.endsWith(`::${name}-private-dns`));
                        assert.ok(dns, `${path.basename(file)}${singleStack ? " (one stack)" : ""}: private DNS of ${name} is on`);
                        const endpoint = cloud!.lookup(dns.attrs.vpcEndpointId);
                        assert.strictEqual(endpoint?.state, "available", `${name}: its endpoint is accepted`);
                    }
                }
            }
        });
    });

    describe("held-out changes (test/rehearse/fixtures/changes)", () => {
        const cases = changeCases();
        it("include adding, removing and moving a spoke and adding a service", () => {
            for (const c of ["add-spoke", "remove-spoke", "move-spoke", "add-service"]) assert.ok(cases.includes(c), c);
        });
        // The reviews' cases (`rv-`, `review2-`) get the same checks in their own files
        // (review-expectations.test.ts, review2.test.ts), on the one rehearsal each file also
        // judges case by case: mocha's parallel workers share no cache, so a change
        // rehearsed in two files would be rehearsed twice.
        for (const c of cases.filter((c) => !c.startsWith("rv-") && !c.startsWith("review2-"))) {
            it(c, async () => assertChangeApplied(c, await rehearseChange(c)));
        }
    });

    describe("a protected bucket's policy handed to the account's next unit keeps the bucket protected (aws/lifecycle.ts bucket-policy-one-per-bucket)", () => {
        /** The protected buckets whose writer (the account's first unit) the change removes, with the old and new writer. */
        const handOffs = (c: string) => {
            const { from, to } = changeFiles(c);
            const before = loadDefinitionFile(from).definition!;
            const after = loadDefinitionFile(to).definition!;
            return after.perimeter.protectedBuckets
                .map((b) => ({ bucket: b.name, old: ownerUnitOfAccount(before, b.account)!, next: ownerUnitOfAccount(after, b.account)!, env: after.environment }))
                .filter((h) => h.old !== h.next && !unitsOf(after).includes(h.old));
        };
        const policyUrn = (env: string, unit: string, bucket: string) => `urn:pulumi:${env}-${unit}::landing-zone::pulumi:pulumi:Stack$${T.bucketPolicy}::${bucket}-perimeter-policy`;

        for (const c of ["remove-account-first-unit", "remove-spoke"]) {
            it(`${c}: the removed owner's destroy forgets the policy (no DeleteBucketPolicy), the new owner puts it, no wave leaves the bucket without it`, async () => {
                const moves = handOffs(c);
                assert.ok(moves.length > 0, `${c} hands no protected bucket over`);
                const result = await rehearseChange(c);
                assert.deepStrictEqual(result.findings.filter((f) => f.rule === "bucket-policy-one-per-bucket"), []);
                for (const h of moves) {
                    const destroyed = result.steps.find((s) => s.stage === "change" && s.operation === "destroy" && s.stack === `${h.env}-${h.old}`)!;
                    assert.ok(destroyed, `${h.old} destroyed`);
                    assert.ok(destroyed.retained.some((r) => r.urn === policyUrn(h.env, h.old, h.bucket)), `${h.old} forgets the policy of ${h.bucket}`);
                    assert.ok(!destroyed.deletes.some((d) => d.type === T.bucketPolicy), `${h.old} deletes no bucket policy`);
                    assert.ok(result.steps.some((s) => s.stage === "change" && s.stack === `${h.env}-${h.next}` && s.created.some((r) => r.urn === policyUrn(h.env, h.next, h.bucket))), `${h.next} puts the policy of ${h.bucket}`);
                }
            });
        }

        it("state written without retainOnDelete (the old program): the removed owner's destroy deletes the new owner's policy, named with the stack, the resource and the rule", async () => {
            const c = "remove-account-first-unit";
            const { from, to } = changeFiles(c);
            const result = await rehearsal({
                definitionFile: to,
                fromFile: from,
                afterStep: (step, world) => {
                    if (step.stage !== "earlier") return;
                    for (const r of world.backend.get(step.stack).resources.values()) if (r.type === T.bucketPolicy) r.options = { ...r.options, retainOnDelete: false };
                },
            });
            assert.strictEqual(exitCodeOf(result), 1);
            for (const h of handOffs(c)) {
                const gap = result.findings.find((f) => f.rule === "bucket-policy-one-per-bucket" && f.message.includes(`protected bucket ${h.bucket} `));
                assert.ok(gap, explain(result));
                assert.strictEqual(gap.stack, `${h.env}-${h.old}`);
                assert.strictEqual(gap.urn, policyUrn(h.env, h.old, h.bucket));
                assert.match(gap.message, /DeleteBucketPolicy/);
                // And the deploy guard would have refused that destroy before it ran.
                assert.ok(result.findings.some((f) => f.rule === "deploy-refuses" && f.urn === policyUrn(h.env, h.old, h.bucket)), explain(result));
            }
        });
    });

    describe("a spoke moved to another account keeping its CIDR (move-spoke-account-same-cidr)", () => {
        const c = "move-spoke-account-same-cidr";
        const moved = () => {
            const { from, to } = changeFiles(c);
            const before = loadDefinitionFile(from).definition!;
            const after = loadDefinitionFile(to).definition!;
            const [name] = spokesMovingAccount(after, before);
            return { name, env: after.environment, stack: `${after.environment}-${name}`, accountId: after.accounts[after.spokes.find((s) => s.name === name)!.account] };
        };

        it("its stack is destroyed, deployed again in the new account, accepted and authorized again by the new VPC's ids before it routes and associates", async () => {
            const m = moved();
            assert.ok(m.name, `${c} moves no spoke to another account`);
            const result = await rehearseChange(c);
            const change = result.steps.filter((s) => s.stage === "change");
            const destroyed = change.find((s) => s.stack === m.stack && s.operation === "destroy")!;
            assert.ok(destroyed, "destroyed in the old account");
            const ups = change.filter((s) => s.stack === m.stack && s.operation === "up" && s.wave > destroyed.wave);
            assert.ok(ups.length >= 2, "deployed again, in more than one pass");
            const network = `${m.env}-network`;
            const accepted = change.find((s) => s.stack === network && s.wave > destroyed.wave && s.replaced.some((r) => r.type === T.tgwVpcAttachmentAccepter && r.urn.endsWith(`-${m.name}-accepter`)))!;
            assert.ok(accepted, "the network accepts the new attachment (its accepter replaced: a new attachment id)");
            const routed = change.find((s) => s.stack === m.stack && s.created.some((r) => r.type === T.route && /-rt-/.test(r.urn)))!;
            assert.ok(routed && routed.wave > accepted.wave, "routes to the transit gateway only after the network accepted the new attachment");
            // Authorized again: the authorization names the VPC id, so the new VPC replaces it.
            const authorized = change.find((s) => s.stack === network && s.wave > destroyed.wave && [...s.created, ...s.replaced].some((r) => r.type === T.vpcAssociationAuthorization && r.urn.includes(`-${m.name}-zone-auth`)))!;
            // The central endpoints' zones (the failover zone's association with the failover Region's VPC, an id the definition names, may go at once).
            const associated = change.find((s) => s.stack === m.stack && s.created.some((r) => r.type === T.zoneAssociation && r.urn.includes(`${m.name}-dns-zone-`)))!;
            assert.ok(authorized && associated && associated.wave > authorized.wave, "associates the zones only after the network authorized the new VPC");
        });

        it("keyed by CIDR (a network stack publishing acceptedCidrs only) the rebuilt spoke routes before acceptance: its up fails, naming the route and the rule", async () => {
            const m = moved();
            const { from, to } = changeFiles(c);
            const result = await rehearsal({
                definitionFile: to,
                fromFile: from,
                // The network's outputs as the program before acceptedVpcs wrote them.
                afterStep: (step, world) => {
                    if (step.stack !== `${m.env}-network` || step.outcome !== "ok") return;
                    const out = world.backend.get(step.stack).outputs;
                    const vpcs = (out.acceptedVpcs ?? {}) as Record<string, { cidr?: string }>;
                    world.backend.get(step.stack).outputs = { ...out, acceptedVpcs: undefined, acceptedCidrs: Object.fromEntries(Object.entries(vpcs).map(([k, v]) => [k, v.cidr])) };
                },
            });
            assert.strictEqual(exitCodeOf(result), 1);
            const failed = result.steps.find((s) => s.outcome === "failed")!;
            assert.strictEqual(failed.stack, m.stack);
            assert.strictEqual(failed.stage, "change");
            assert.match(failed.message!, /Route .*-rt-/);
            assert.match(failed.message!, /\[tgw-route-needs-available-attachment\]/);
        });

        it("the owner of a failover service it consumes authorizes the rebuilt VPC on its failover zone (by VPC id, not by the spoke's label) before it associates", async () => {
            const m = moved();
            const { to } = changeFiles(c);
            const after = loadDefinitionFile(to).definition!;
            const service = after.endpointServices.find((s) => s.failover && s.consumers.includes(m.name))!;
            assert.ok(service, `${c}: the moved spoke consumes a failover service`);
            const owner = `${after.environment}-${service.spoke}`;
            const result = await rehearseChange(c);
            const change = result.steps.filter((s) => s.stage === "change");
            const destroyed = change.find((s) => s.stack === m.stack && s.operation === "destroy")!;
            const authorized = change.find((s) => s.stack === owner && s.wave > destroyed.wave && [...s.created, ...s.replaced].some((r) => r.type === T.vpcAssociationAuthorization))!;
            // Its home-Region VPC's association (the failover Region's VPC is an id the definition names, authorized all along).
            const associated = change.find((s) => s.stack === m.stack && s.created.some((r) => r.type === T.zoneAssociation && r.urn.includes(`${service.name}-${m.name}-records-${after.region}-`)))!;
            assert.ok(authorized && associated && associated.wave > authorized.wave, "associates the failover zone only after the owner authorized the new VPC");
        });

        it("a resource whose provider changes account without its stack being destroyed fails the step (Pulumi does not move it)", async () => {
            const m = moved();
            const { from, to } = changeFiles(c);
            const result = await rehearsal({ definitionFile: to, fromFile: from, wavesFor: (stage, waves) => (stage === "change" ? waves.map((w) => ({ stacks: w.stacks.filter((s) => !(s.stack === m.stack && s.operation === "destroy")) })) : waves) });
            const failed = result.steps.find((s) => s.outcome === "failed")!;
            assert.ok(failed, explain(result));
            assert.strictEqual(failed.stack, m.stack);
            assert.match(failed.message!, /provider now deploys into account/);
            assert.match(failed.message!, /pulumi-aws\/issues\/6385/);
        });
    });

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
