/**
 * The offline rehearsal (tools/rehearse) of every shipped definition (stacks/) and every
 * held-out definition: each deploys, converges and is destroyed with nothing blocked, and
 * every consumer of a service with a private DNS name ends accepted with private DNS on.
 *
 * Held-out inputs: drop a definition into test/rehearse/fixtures/definitions/ (file name =
 * its environment) to have it rehearsed fresh and destroyed; drop a change into
 * test/rehearse/fixtures/changes/<case>/ as `from/<env>.yaml` (deployed first) and
 * `<env>.yaml` (applied as the change).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { unitsOf } from "../../definition/units";
import { loadDefinitionFile } from "../../program/load";
import { exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { RehearsalResult } from "../../tools/rehearse/model";
import { Cloud } from "../../tools/rehearse/aws-sim";

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

describe("the rehearsal (npm run rehearse): definitions", function () {
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
});
