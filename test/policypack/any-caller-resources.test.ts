/**
 * AWS's documented AWS-owned exceptions that admit any caller (ECR image layers presigned by an
 * ECR account, unauthenticated Amazon Linux repository reads ...): the pack accepts an endpoint
 * policy Allow without an identity condition only inside them, as its config lists them, and
 * every way of reaching beyond them still fails. Expectations come from the sourced list
 * (aws/aws-owned-resources.ts), not from what the generator emits.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { admitsAnyCaller, awsOwnedResources } from "../../aws/aws-owned-resources";
import { definitionSchema } from "../../definition/schema";
import { gatewayEndpointPolicy } from "../../perimeter/endpoint-policies";
import { anyCallerException } from "../../policypacks/landing-zone/lib/any-caller-resources";
import { PackConfig } from "../../policypacks/landing-zone/lib/config";
import { arnPatternWithin, globWithin, wildcardRegExp } from "../../policypacks/landing-zone/lib/iam-semantics";
import { parsePolicy } from "../../policypacks/landing-zone/lib/policy-document";
import { T } from "../../policypacks/landing-zone/lib/types";
import { endpointsVpcEndpointPolicyTrustedIdentities } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-policy-trusted-identities";
import { anyCallerResourcesFor, packConfigValues } from "../../tools/policy-config";
import { config as baseConfig, gatewayEndpoint } from "./fixtures";
import { advisory, mandatory, runStack } from "./harness";

const root = path.resolve(__dirname, "../..");
const region = "us-east-1";
const ecr = awsOwnedResources.find((e) => e.sid === "EcrImageLayers")!;
const linux = awsOwnedResources.find((e) => e.sid === "AmazonLinuxRepositories")!;
const layers = ecr.resources(region, "aws")!;
const config: PackConfig = { ...baseConfig, anyCallerResources: anyCallerResourcesFor(region) };
const rule = endpointsVpcEndpointPolicyTrustedIdentities;

/** An S3 endpoint policy: the organization's statement plus one statement as AWS's sample writes the AWS-owned exception. */
function s3Policy(exception: Record<string, unknown>): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "OrgIdentities", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": baseConfig.organizationId } } },
            { Sid: "AwsOwned", Effect: "Allow", Principal: "*", ...exception },
        ],
    });
}
const judge = async (exception: Record<string, unknown>, c: PackConfig = config) =>
    runStack(rule, [{ type: T.vpcEndpoint, name: "s3-gateway", props: gatewayEndpoint({ policy: s3Policy(exception) }) }], c);

describe("policy pack: AWS-owned resources that admit any caller", function () {
    this.timeout(60000);

    describe("npm run policy-config fills anyCallerResources from the sourced list", () => {
        it("exactly the entries whose callers are not our principals, with the ARNs and actions AWS publishes for the Region", () => {
            for (const r of ["us-east-1", "eu-central-1", "cn-north-1"]) {
                const partition = r.startsWith("cn-") ? "aws-cn" : "aws";
                const expected = awsOwnedResources.filter((e) => admitsAnyCaller(e) && e.resources(r, partition) !== undefined).map((e) => ({ sid: e.sid, actions: e.actions, resources: e.resources(r, partition) }));
                assert.deepEqual(anyCallerResourcesFor(r), expected, r);
                assert.ok(expected.every((e) => e.resources!.every((arn) => arn.startsWith(`arn:${partition}:`))));
            }
            assert.ok(anyCallerResourcesFor(region).every((e) => awsOwnedResources.find((x) => x.sid === e.sid)!.callers !== "our-principals"));
        });
        it("never from the definition's own perimeter.exceptions (the pack judges the definition)", () => {
            const doc = YAML.parse(fs.readFileSync(path.join(root, "stacks", "prod.yaml"), "utf8"));
            doc.perimeter = { ...doc.perimeter, exceptions: [{ name: "Partner", service: "s3", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::partner/*"], callers: "any", reason: "x" }] };
            const values = packConfigValues(definitionSchema.parse(doc));
            assert.ok(!JSON.stringify(values.anyCallerResources).includes("partner"));
        });
    });

    describe("endpoints-vpc-endpoint-policy-trusted-identities", () => {
        it("accepts the generated S3 endpoint policies of every shipped definition (their any-caller statements included)", async () => {
            for (const file of fs.readdirSync(path.join(root, "stacks")).filter((f) => f.endsWith(".yaml"))) {
                const d = definitionSchema.parse(YAML.parse(fs.readFileSync(path.join(root, "stacks", file), "utf8")));
                const values = packConfigValues(d);
                const policy = gatewayEndpointPolicy(d, "s3");
                const statements = (policy.Statement as { Sid?: string; Condition?: unknown }[]);
                assert.ok(statements.some((s) => s.Sid === "EcrImageLayers" && s.Condition === undefined), `${file}: the ECR layer exception has no identity condition`);
                const r = await runStack(rule, [{ type: T.vpcEndpoint, name: "s3", props: gatewayEndpoint({ policy: JSON.stringify(policy), serviceName: `com.amazonaws.${d.region}.s3` }) }], values);
                assert.deepEqual(r, [], `${file}: ${r.map((x) => x.message).join("\n")}`);
            }
        });
        it("accepts AWS's form of the exception: Principal *, no Condition, the documented ARNs and actions", async () => {
            assert.deepEqual(await judge({ Action: "s3:GetObject", Resource: [...layers, ...linux.resources(region, "aws")!] }), []);
            // Narrower than documented: still inside.
            assert.deepEqual(await judge({ Action: ["s3:GetObject"], Resource: `${layers[0].replace(/\*$/, "")}sha256/*` }), []);
            // A wildcard action that names exactly the listed action.
            assert.deepEqual(await judge({ Action: "s3:GetObjec?", Resource: layers }), []);
        });

        it("accepts AWS's own AllowRequestsToAWSOwnedResources statement verbatim (s3_endpoint_policy.json, every bucket it lists)", async () => {
            // The statement's Resource list as AWS's sample writes it, with <region> filled in:
            // https://github.com/aws-samples/data-perimeter-policy-examples/blob/031eaa58dd6659374ebda5eefa0e4e5d801b3fa5/vpc_endpoint_policies/s3_endpoint_policy.json
            const sample = [
                "packages.<region>.amazonaws.com", "repo.<region>.amazonaws.com", "amazonlinux.<region>.amazonaws.com", "amazonlinux-2-repos-<region>",
                "al2023-repos-<region>-de612dc2", "al2023-<region>", "repo.<region>.emr.amazonaws.com", "prod.<region>.appinfo.src", "aws-ssm-<region>",
                "aws-windows-downloads-<region>", "amazon-ssm-<region>", "amazon-ssm-packages-<region>", "<region>-birdwatcher-prod", "aws-ssm-distributor-file-<region>",
                "aws-ssm-document-attachments-<region>", "patch-baseline-snapshot-<region>", "aws-patchmanager-macos-<region>", "amazoncloudwatch-agent-<region>",
                "amazoncloudwatch-agent", "aws-codedeploy-<region>", "ec2imagebuilder-toe-<region>-prod", "ec2imagebuilder-managed-resources-<region>-prod/components",
                "prod-<region>-starport-layer-bucket", "aws-mgn-clients-<region>", "aws-mgn-clients-hashes-<region>", "aws-mgn-internal-<region>",
                "aws-mgn-internal-hashes-<region>", "aws-application-migration-service-<region>", "aws-application-migration-service-hashes-<region>",
                "aws-drs-clients-<region>", "aws-drs-clients-hashes-<region>", "aws-drs-internal-<region>", "aws-drs-internal-hashes-<region>",
                "aws-elastic-disaster-recovery-<region>", "aws-elastic-disaster-recovery-hashes-<region>", "cloudformation-waitcondition-<region>",
                "cloudformation-custom-resource-response-<RegionWithoutDashes>", "aws-ec2-enclave-certificate-<region>-prod",
            ];
            for (const r of ["us-east-1", "eu-west-1"]) {
                const resources = sample.map((b) => `arn:aws:s3:::${b.replace("<region>", r).replace("<RegionWithoutDashes>", r.replace(/-/g, ""))}/*`);
                const c = { ...config, anyCallerResources: anyCallerResourcesFor(r) };
                assert.deepEqual(await judge({ Action: ["s3:GetObject"], Resource: resources }, c), [], r);
                // One bucket more than AWS lists: no longer an exception.
                assert.equal(mandatory(await judge({ Action: ["s3:GetObject"], Resource: [...resources, "arn:aws:s3:::aws-mgn-exports-x/*"] }, c)).length, 1, r);
            }
        });

        const widenings: [string, Record<string, unknown>, RegExp][] = [
            ["a bucket-name wildcard (prod-*)", { Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-*" }, /reaches beyond every AWS-owned resource/],
            ["every resource", { Action: "s3:GetObject", Resource: "*" }, /Resource "\*" reaches every resource/],
            ["every bucket of S3", { Action: "s3:GetObject", Resource: "arn:aws:s3:::*" }, /reaches beyond/],
            ["the documented name without its / (other buckets with that prefix)", { Action: "s3:GetObject", Resource: layers[0].replace(/\/\*$/, "*") }, /reaches beyond/],
            ["another Region's layer bucket", { Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*" }, /reaches beyond/],
            ["any partition", { Action: "s3:GetObject", Resource: layers[0].replace("arn:aws:", "arn:*:") }, /reaches beyond/],
            ["a write action", { Action: ["s3:GetObject", "s3:PutObject"], Resource: layers }, /s3:PutObject on .* is not an action AWS documents there \(EcrImageLayers: s3:GetObject\)/],
            ["every S3 action", { Action: "s3:*", Resource: layers }, /names every action|is not an action AWS documents/],
            ["a wildcard action beyond the listed one", { Action: "s3:Get*", Resource: layers }, /is not an action AWS documents there/],
            ["NotResource", { Action: "s3:GetObject", NotResource: "arn:aws:s3:::corp-data/*" }, /NotResource reaches every resource/],
            ["NotAction", { NotAction: "s3:DeleteObject", Resource: layers }, /NotAction reaches every action/],
        ];
        for (const [what, exception, reason] of widenings) {
            it(`still fails ${what}, and says why it is not an exception`, async () => {
                const r = mandatory(await judge(exception));
                assert.equal(r.length, 1, JSON.stringify(r));
                assert.match(r[0].message, /Statement\[1\] \("AwsOwned"\) lets .* through/);
                if (!("Resource" in exception && exception.Resource === "*") && !("NotResource" in exception)) {
                    assert.match(r[0].message, /It is not one of AWS's documented AWS-owned exceptions either: /);
                    assert.match(r[0].message, reason);
                }
                const verdict = await anyCallerException(parsed(exception), config);
                assert.equal(verdict.kind, "outside");
                assert.match(verdict.kind === "outside" ? verdict.reason : "", reason);
            });
        }

        it("without anyCallerResources: stays strict, and an advisory note says why", async () => {
            const { anyCallerResources: _omitted, ...strict } = config;
            const r = await judge({ Action: "s3:GetObject", Resource: layers }, strict);
            assert.equal(mandatory(r).length, 1);
            assert.equal(advisory(r).length, 1);
            assert.match(advisory(r)[0].message, /Statement\[1\] \("AwsOwned"\): whether it only reads AWS-owned resources .*anyCallerResources is not configured.*npm run policy-config/);
        });
        it("an identity-conditioned exception is judged as before (the exception list does not widen what it accepts)", async () => {
            const r = await judge({ Action: "s3:GetObject", Resource: "arn:aws:s3:::corp-data/*", Condition: { StringEquals: { "aws:PrincipalOrgID": baseConfig.organizationId } } });
            assert.deepEqual(r, []);
        });
    });

    describe("ARN pattern containment (field by field)", () => {
        it("decides the cases a prefix test gets wrong", () => {
            assert.ok(arnPatternWithin("arn:aws:s3:::bucket/key/*", "arn:aws:s3:::bucket/*"));
            assert.ok(!arnPatternWithin("arn:aws:s3:::bucket-other/*", "arn:aws:s3:::bucket/*"), "a string prefix, not inside");
            assert.ok(!arnPatternWithin("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket/*"));
            assert.ok(!arnPatternWithin("arn:*:s3:::bucket/*", "arn:aws:s3:::bucket/*"));
            assert.ok(!arnPatternWithin("arn:aws:S3:::bucket/*", "arn:aws:s3:::bucket/*"), "ARNs are case-sensitive in every field: S3 is not s3 (and names no resource)");
            assert.ok(!arnPatternWithin("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/*"), "the resource is case-sensitive");
            assert.ok(!arnPatternWithin("arn:aws:s3:::bucket/${aws:username}", "arn:aws:s3:::bucket/home"), "a policy variable stands for any value");
            assert.ok(arnPatternWithin("arn:aws:s3:::bucket/${aws:username}", "arn:aws:s3:::bucket/*"));
            assert.ok(arnPatternWithin("arn:aws:ssm:us-east-1:*:document/AWS-Run?hellScript", "arn:aws:ssm:us-east-1:*:document/AWS*"));
        });
        it("is sound: whatever a pattern it calls inside matches, the outer pattern matches too (generated)", () => {
            const pattern = fc.array(fc.constantFrom("a", "b", "/", "*", "?"), { maxLength: 6 }).map((c) => c.join(""));
            const text = fc.array(fc.constantFrom("a", "b", "/"), { maxLength: 8 }).map((c) => c.join(""));
            fc.assert(
                fc.property(pattern, pattern, fc.array(text, { minLength: 10, maxLength: 10 }), (inner, outer, strings) => {
                    if (!globWithin(inner, outer)) return;
                    for (const s of strings) if (wildcardRegExp(inner).test(s)) assert.ok(wildcardRegExp(outer).test(s), `${s} matches ${inner} but not ${outer}`);
                }),
                { numRuns: 3000, seed: 20261201 },
            );
        });
    });
});

function parsed(exception: Record<string, unknown>) {
    const p = parsePolicy(s3Policy(exception));
    assert.ok(p.kind === "document");
    return p.statements[1];
}
