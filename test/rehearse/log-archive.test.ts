/**
 * The log archive's bucket is kept when its unit goes (the definition drops `logArchive`, or
 * the environment is destroyed): `retainOnDelete` on the bucket AND on its policy, public
 * access block, ownership, versioning, encryption and lifecycle, because the provider's
 * delete of each removes it from the bucket (aws/lifecycle.ts keptBucketConfiguration). The
 * rehearsal shows the kept bucket with its policy; state written without retainOnDelete (the
 * program before) is caught by the rehearsal and refused by the deploy guard.
 */
import * as assert from "assert";
import { T, keptBucketConfiguration } from "../../aws/lifecycle";
import { logArchiveBucketName } from "../../definition/log-archive";
import { stackName } from "../../definition/units";
import { loadDefinitionFile } from "../../program/load";
import { PlannedChange, guardContext, protectiveDeletes } from "../../tools/deploy/guard";
import { Cloud } from "../../tools/rehearse/aws-sim";
import { exitCodeOf, rehearse } from "../../tools/rehearse/rehearse";
import { RehearsalResult } from "../../tools/rehearse/model";
import { changeFiles, explain } from "./support/changes";

const c = "log-archive-removed";
const keptTypes = keptBucketConfiguration.map((k) => k.type);

/** The change's two definitions, the log-archive stack and the kept bucket's name. */
function theCase() {
    const { from, to } = changeFiles(c);
    const before = loadDefinitionFile(from).definition!;
    const after = loadDefinitionFile(to).definition!;
    const bucket = logArchiveBucketName(before)!;
    return { from, to, before, after, bucket, stack: stackName(before.environment, "log-archive") };
}

/** What AWS holds for `bucket` at the end: the bucket, its policy slot, its configuration objects by type. */
function heldFor(cloud: Cloud, bucket: string) {
    const all = cloud.all();
    return {
        bucket: all.find((o) => o.type === T.s3Bucket && o.attrs.bucket === bucket),
        policy: cloud.slot(T.bucketPolicy, bucket),
        configuration: new Set(all.filter((o) => keptTypes.includes(o.type) && o.attrs.bucket === bucket && !o.superseded).map((o) => o.type)),
    };
}

describe("the log archive's bucket keeps its policy and configuration when its unit goes (aws/lifecycle.ts keptBucketConfiguration)", function () {
    this.timeout(180_000);

    it(`${c}: the log-archive stack's destroy only forgets the bucket and every piece of its configuration; AWS keeps the bucket with its policy`, async () => {
        const { from, to, before, after, bucket, stack } = theCase();
        assert.ok(before.logArchive && !after.logArchive, `${c} removes the log archive`);
        let cloud: Cloud | undefined;
        const result = await rehearse({ definitionFile: to, fromFile: from, afterStep: (_s, world) => (cloud = world.cloud) });
        assert.strictEqual(exitCodeOf(result), 0, explain(result));
        const destroyed = result.steps.find((s) => s.stage === "change" && s.operation === "destroy" && s.stack === stack);
        assert.ok(destroyed, `${stack} destroyed by the change`);
        assert.deepStrictEqual(destroyed.deletes.filter((d) => d.type === T.s3Bucket || keptTypes.includes(d.type)), [], "no DeleteBucketPolicy, DeletePublicAccessBlock, ... on the kept bucket");
        const retainedTypes = new Set(destroyed.retained.map((r) => r.type));
        for (const type of [T.s3Bucket, ...keptTypes]) assert.ok(retainedTypes.has(type), `${stack} forgets (retainOnDelete) its ${type}`);
        const held = heldFor(cloud!, bucket);
        assert.ok(held.bucket?.retained, `bucket ${bucket} is still in AWS, in no stack`);
        assert.strictEqual(held.policy.state, "held", `bucket ${bucket} still has its policy`);
        if (held.policy.state === "held") assert.ok(held.policy.holder.retained && held.policy.holder.urn.endsWith("-log-archive-policy"), held.policy.holder.urn);
        for (const type of keptTypes) assert.ok(held.configuration.has(type), `bucket ${bucket} keeps its ${type}`);
    });

    it("the environment's destroy keeps the bucket with its policy and configuration too", async () => {
        const { from, bucket } = theCase();
        let cloud: Cloud | undefined;
        const result = await rehearse({ definitionFile: from, destroy: true, afterStep: (_s, world) => (cloud = world.cloud) });
        assert.strictEqual(exitCodeOf(result), 0, explain(result));
        assert.strictEqual(result.final.resources, 0);
        const held = heldFor(cloud!, bucket);
        assert.ok(held.bucket?.retained);
        assert.strictEqual(held.policy.state, "held", `bucket ${bucket} keeps its policy after the destroy`);
        for (const type of keptTypes) assert.ok(held.configuration.has(type), `bucket ${bucket} keeps its ${type}`);
    });

    describe("state written without retainOnDelete on the configuration (the program before)", () => {
        let result: RehearsalResult;
        before(async () => {
            const { from, to, stack } = theCase();
            result = await rehearse({
                definitionFile: to,
                fromFile: from,
                afterStep: (step, world) => {
                    if (step.stage !== "earlier" || step.stack !== stack) return;
                    for (const r of world.backend.get(stack).resources.values()) if (keptTypes.includes(r.type)) r.options = { ...r.options, retainOnDelete: false };
                },
            });
        });

        it("the rehearsal names the stack, the resource and the rule of each piece the destroy deletes from the kept bucket", () => {
            const { bucket, stack } = theCase();
            assert.strictEqual(exitCodeOf(result), 1);
            for (const k of keptBucketConfiguration) {
                const f = result.findings.find((x) => x.rule === k.id);
                assert.ok(f, `${k.id}: ${explain(result)}`);
                assert.strictEqual(f.stack, stack);
                assert.ok(f.urn?.includes(k.type), f.urn);
                assert.ok(f.message.includes(`bucket ${bucket}`) && f.message.includes(k.leaves), f.message);
            }
        });

        it("the deploy guard would refuse that destroy before it ran", () => {
            const { stack } = theCase();
            for (const type of keptTypes) assert.ok(result.findings.some((f) => f.rule === "deploy-refuses" && f.stack === stack && f.urn?.includes(type)), `${type}: ${explain(result)}`);
        });
    });

    it("the deploy guard: deleting the log archive's policy is refused unless it is only forgotten; another bucket's is not its business", () => {
        const { before, after, bucket } = theCase();
        const context = guardContext(after, before, new Set());
        const change = (over: Partial<PlannedChange>): PlannedChange => ({ op: "delete", urn: `urn:pulumi:x::landing-zone::${T.bucketPolicy}::p`, type: T.bucketPolicy, retainOnDelete: false, tags: {}, bucket, ...over });
        const [refused] = protectiveDeletes("eu-adopter-log-archive", [change({})], context);
        assert.ok(refused, "refused");
        assert.strictEqual(refused.rule, "bucket-policy-delete-removes-it");
        assert.match(refused.message, /DeleteBucketPolicy/);
        assert.deepStrictEqual(protectiveDeletes("eu-adopter-log-archive", [change({ retainOnDelete: true })], context), []);
        assert.deepStrictEqual(protectiveDeletes("eu-adopter-log-archive", [change({ bucket: "someone-elses-bucket" })], context), []);
        // The current definition's log archive is kept too (a destroy of the whole environment).
        assert.strictEqual(protectiveDeletes("eu-adopter-log-archive", [change({ type: T.s3BucketLifecycle })], guardContext(before, undefined, new Set())).length, 1);
    });
});
