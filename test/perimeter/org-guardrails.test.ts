import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { OrgGuardrails, policyAliases } from "../../components/org-guardrails";
import { Definition } from "../../definition/schema";
import { bucketPolicy } from "../../perimeter/bucket-policies";
import { checkPlannedDocuments } from "../../perimeter/plan-check";
import { resourceControlPolicies } from "../../perimeter/rcps";
import { serviceControlPolicies } from "../../perimeter/scps";
import { minify } from "../../perimeter/size";
import { UnitContext } from "../../program/context";
import { buildOrgGuardrails, buildProtectedBucketPolicies, policySpecs } from "../../program/org";
import type { PlannedResource } from "../../analysis/plan-records";
import { record } from "../support/recording-mocks";
import { shipped } from "./helpers";

/** A context whose accounts each get their own provider, as in unit `all`. */
function contextOf(definition: Definition): UnitContext {
    const providers = new Map<string, aws.Provider>();
    const provider = (account: string) => {
        if (!providers.has(account)) providers.set(account, new aws.Provider(`${account}-provider`, { region: definition.region as aws.Region }));
        return providers.get(account);
    };
    return {
        definition,
        region: definition.region,
        definitionFile: `stacks/${definition.environment}.yaml`,
        environment: definition.environment,
        availabilityZones: ["us-east-1a", "us-east-1b"],
        availabilityZoneIds: ["use1-az1", "use1-az2"],
        singleGraph: true,
        provider,
        accountId: (a) => definition.accounts[a],
        opts: (a) => ({ provider: provider(a) }),
    };
}

const POLICY = "aws:organizations/policy:Policy";
const ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment";
const RAM = "aws:ram/sharingWithOrganization:SharingWithOrganization";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

describe("perimeter: OrgGuardrails", function () {
    this.timeout(60000);
    const prod = shipped("prod");

    it("creates each policy with its type and minified content, attached to every target, and RAM sharing", async () => {
        const spec = (name: string) => ({ name, description: `${name} description`, content: "{}" });
        const { mocks } = await record(() => {
            new OrgGuardrails("g", {
                serviceControlPolicies: [spec("s1"), spec("s2")],
                resourceControlPolicies: [spec("r1")],
                targets: { a: "ou-ab12-aaaaaaaa", b: "ou-ab12-bbbbbbbb" },
            });
        });
        const component = mocks.resources.find((r) => r.type === "landing-zone:org:OrgGuardrails");
        assert.ok(component, "the component's type token");
        assert.deepStrictEqual(
            mocks.ofType(POLICY).map((p) => [p.name, p.inputs.name, p.inputs.type]),
            [
                ["g-s1", "s1", "SERVICE_CONTROL_POLICY"],
                ["g-s2", "s2", "SERVICE_CONTROL_POLICY"],
                ["g-r1", "r1", "RESOURCE_CONTROL_POLICY"],
            ],
        );
        const attachments = mocks.ofType(ATTACHMENT);
        assert.strictEqual(attachments.length, 6);
        assert.deepStrictEqual(attachments.filter((a) => a.name.startsWith("g-s1-")).map((a) => [a.inputs.policyId, a.inputs.targetId]), [
            ["g-s1-id", "ou-ab12-aaaaaaaa"],
            ["g-s1-id", "ou-ab12-bbbbbbbb"],
        ]);
        assert.strictEqual(mocks.ofType(RAM).length, 1);
    });

    it("can leave RAM sharing to someone else", async () => {
        const { mocks } = await record(() => {
            new OrgGuardrails("g", { serviceControlPolicies: [], resourceControlPolicies: [], targets: {}, enableRamSharing: false });
        });
        assert.strictEqual(mocks.ofType(RAM).length, 0);
    });

    it("buildOrgGuardrails: prod's SCPs and RCPs, as JSON strings, attached to perimeter.attachTo, in the management account", async () => {
        const { mocks } = await record(() => buildOrgGuardrails(contextOf(prod)));
        const scps = serviceControlPolicies(prod);
        const rcps = resourceControlPolicies(prod);
        const policies = mocks.ofType(POLICY);
        assert.strictEqual(policies.length, scps.length + rcps.length);
        for (const p of [...scps, ...rcps]) {
            const planned = policies.find((x) => x.inputs.name === p.name)!;
            assert.strictEqual(planned.inputs.content, minify(p.document), `${p.name} content`);
            assert.match(planned.provider!, /management-provider/);
        }
        const attachTo = prod.perimeter.attachTo!;
        const attachments = mocks.ofType(ATTACHMENT);
        assert.strictEqual(attachments.length, policies.length * attachTo.length);
        assert.deepStrictEqual([...new Set(attachments.map((a) => a.inputs.targetId))].sort(), attachTo.map((ou) => prod.organization!.units[ou]).sort());

        // The plan check finds nothing wrong in what was registered.
        const asPlan: PlannedResource[] = mocks.resources.map((r) => ({ urn: `urn:${r.type}::${r.name}`, type: r.type, name: r.name, custom: true, inputs: r.inputs, dependencies: {} }));
        assert.deepStrictEqual(await checkPlannedDocuments(asPlan), []);
    });

    // Policies are named by slot (perimeter/scps.ts packPolicies) so a repack never attaches more than
    // AWS's 5 per OU; an environment deployed before keeps every policy and attachment resource name
    // (so its URN): no SCP or RCP is replaced when it upgrades. The names below are what prod held.
    it("buildOrgGuardrails: prod keeps the resource names (URNs) of its SCPs, RCPs and attachments", async () => {
        const { mocks } = await record(() => buildOrgGuardrails(contextOf(prod)));
        const held = ["prod-scp-privatelink-governance", "prod-scp-resource-sharing", "prod-scp-network-perimeter", "prod-rcp-identity-perimeter", "prod-rcp-network-perimeter"];
        assert.deepStrictEqual(mocks.ofType(POLICY).map((p) => [p.name, p.inputs.name]).sort(), held.map((n) => [`prod-guardrails-${n}`, n]).sort());
        assert.deepStrictEqual(
            mocks.ofType(ATTACHMENT).map((a) => a.name).sort(),
            held.flatMap((n) => prod.perimeter.attachTo!.map((ou) => `prod-guardrails-${n}-${ou}`)).sort(),
        );
    });

    // An environment deployed split before slots (`-network-perimeter-1`, `-2`, or `-scp-1`..`n`) has
    // its policies under those names: each slot is aliased to the name its contents had, so the upgrade
    // renames them in place instead of attaching new policies next to them (AWS's 5 per OU).
    it("policySpecs: a split perimeter's slots carry the names their contents had before; policyAliases drops a name another slot holds", () => {
        const split = { ...prod, perimeter: { ...prod.perimeter, corporateCidrs: Array.from({ length: 180 }, (_, i) => `198.18.${i}.0/24`) } };
        const { scps, rcps } = policySpecs(split, []);
        const former = [...scps, ...rcps].filter((p) => p.formerName !== undefined);
        assert.ok(former.length > 0, `expected a repack: ${scps.map((p) => p.name).join(", ")}`);
        for (const kind of [scps, rcps]) {
            const aliases = policyAliases(kind);
            for (const p of kind) {
                if (p.formerName === undefined) continue;
                assert.notStrictEqual(p.formerName, p.name);
                // The old scheme: `<env>-<kind>-<theme>-<part>` or `<env>-<kind>-<n>`.
                assert.match(p.formerName, /^prod-(scp|rcp)-([a-z-]+-\d+|\d+)$/);
                assert.strictEqual(aliases.get(p.name), kind.some((q) => q.name === p.formerName) ? undefined : p.formerName);
            }
        }
        assert.deepStrictEqual(
            [...policyAliases([{ name: "x-a", formerName: "x-b" }, { name: "x-b", formerName: "x-1" }, { name: "x-c" }])],
            [["x-b", "x-1"]],
        );
    });

    it("buildOrgGuardrails: nothing without an organization", async () => {
        const { mocks } = await record(() => buildOrgGuardrails(contextOf(shipped("dev"))));
        assert.deepStrictEqual(mocks.resources.filter((r) => r.type !== "pulumi:providers:aws" && r.type !== "pulumi:pulumi:Stack"), []);
    });

    it("buildProtectedBucketPolicies: one policy per bucket, in the bucket's account", async () => {
        const buckets = prod.perimeter.protectedBuckets;
        const { mocks } = await record(() => buildProtectedBucketPolicies(contextOf(prod), buckets));
        const policies = mocks.ofType(BUCKET_POLICY);
        assert.deepStrictEqual(policies.map((p) => p.inputs.bucket), buckets.map((b) => b.name));
        for (const [i, b] of buckets.entries()) {
            assert.strictEqual(policies[i].inputs.policy, minify(bucketPolicy(prod, b.name)));
            assert.match(policies[i].provider!, new RegExp(`${b.account}-provider`));
        }
    });
});
