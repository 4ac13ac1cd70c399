import * as assert from "assert";
import { resourcePatternMatchesType, wildcardPatternsIntersect } from "../../perimeter/arn-pattern";
import { checkPolicyDocument, parseOperator, PolicyFinding, satisfiedWhenKeyAbsent } from "../../perimeter/check";
import { checkPlannedDocuments, plannedDocuments } from "../../perimeter/plan-check";
import { serviceControlPolicies } from "../../perimeter/scps";
import { minify } from "../../perimeter/size";
import { PolicyDocument, PolicyStatement } from "../../perimeter/types";
import type { PlannedResource } from "../../analysis/plan-records";
import { shipped } from "./helpers";

const doc = (...statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

function errors(findings: PolicyFinding[]): string[] {
    return findings.filter((f) => f.severity === "error").map((f) => f.message);
}

function assertError(findings: PolicyFinding[], pattern: RegExp): void {
    const messages = errors(findings);
    assert.ok(messages.some((m) => pattern.test(m)), `no error matching ${pattern}; got:\n${messages.join("\n") || "(none)"}`);
}

const adminOnly: PolicyStatement = {
    Sid: "DenyEndpointServiceAdmin",
    Effect: "Deny",
    Action: ["ec2:ModifyVpcEndpointServicePermissions", "ec2:AcceptVpcEndpointConnections"],
    Resource: "arn:aws:ec2:*:*:vpc-endpoint-service/*",
    Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/NetworkAdmin" } },
};

describe("perimeter: checkPolicyDocument", function () {
    this.timeout(60000);

    describe("the Service Authorization Reference", () => {
        it("accepts a correct PrivateLink governance statement", async () => {
            assert.deepStrictEqual(await checkPolicyDocument(doc(adminOnly), "scp"), []);
        });

        it("catches a Deny on the wrong resource type (the public governance sample's vpc-endpoint/* bug)", async () => {
            const findings = await checkPolicyDocument(doc({ ...adminOnly, Resource: "arn:aws:ec2:*:*:vpc-endpoint/*" }), "scp");
            assertError(findings, /Deny of ec2:AcceptVpcEndpointConnections can never match: Resource arn:aws:ec2:\*:\*:vpc-endpoint\/\* matches none of .*vpc-endpoint-service/);
            assertError(findings, /Deny of ec2:ModifyVpcEndpointServicePermissions can never match/);
            assertError(findings, /the statement can never match any request/);
        });

        it("catches one dead action among live ones", async () => {
            const s: PolicyStatement = { Sid: "Mixed", Effect: "Deny", Action: ["ec2:ModifyVpcEndpoint", "ec2:AcceptVpcEndpointConnections"], Resource: "arn:aws:ec2:*:*:vpc-endpoint/*" };
            const messages = errors(await checkPolicyDocument(doc(s), "scp"));
            assert.strictEqual(messages.length, 1, messages.join("\n"));
            assert.match(messages[0], /ec2:AcceptVpcEndpointConnections can never match/);
        });

        it("catches an unknown action, an unknown service and a wildcard that matches nothing", async () => {
            const s: PolicyStatement = { Effect: "Deny", Action: ["ec2:CreateVpcEndpoints", "foo:Bar", "s3:Nope*"], Resource: "*" };
            const findings = await checkPolicyDocument(doc(s), "scp");
            assertError(findings, /action "ec2:CreateVpcEndpoints" does not exist/);
            assertError(findings, /service prefix "foo" does not exist/);
            assertError(findings, /action "s3:Nope\*" does not exist/);
        });

        it("catches a condition key the action never carries (positive operator: never matches)", async () => {
            const s: PolicyStatement = { Sid: "Ram", Effect: "Deny", Action: "ram:AssociateResourceShare", Resource: "*", Condition: { Bool: { "ram:RequestedAllowsExternalPrincipals": "true" } } };
            assertError(await checkPolicyDocument(doc(s), "scp"), /ram:AssociateResourceShare can never match: Bool on ram:RequestedAllowsExternalPrincipals/);
        });

        it("accepts the same key with IfExists (vacuously true when absent)", async () => {
            const s: PolicyStatement = { Sid: "Ram", Effect: "Deny", Action: "ram:AssociateResourceShare", Resource: "*", Condition: { BoolIfExists: { "ram:RequestedAllowsExternalPrincipals": "true" } } };
            assert.deepStrictEqual(errors(await checkPolicyDocument(doc(s), "scp")), []);
        });

        it("catches a negated condition on Resource \"*\" that denies every request on a resource type lacking the key", async () => {
            const s: PolicyStatement = { Sid: "Owner", Effect: "Deny", Action: "ec2:CreateVpcEndpoint", Resource: "*", Condition: { StringNotEquals: { "ec2:VpceServiceOwner": "amazon" } } };
            assertError(await checkPolicyDocument(doc(s), "scp"), /Deny of ec2:CreateVpcEndpoint matches every request on vpc \(StringNotEquals ec2:VpceServiceOwner\)/);
            const scoped = { ...s, Resource: "arn:aws:ec2:*:*:vpc-endpoint/*" };
            assert.deepStrictEqual(await checkPolicyDocument(doc(scoped), "scp"), []);
        });

        it("catches a specific ARN on a wildcard-only action", async () => {
            const s: PolicyStatement = { Effect: "Deny", Action: "ram:CreateResourceShare", Resource: "arn:aws:ram:*:*:resource-share/*" };
            assertError(await checkPolicyDocument(doc(s), "scp"), /ram:CreateResourceShare is wildcard-only/);
        });

        it("catches a condition key that does not exist at all", async () => {
            const s: PolicyStatement = { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpcID": "vpc-1" } } };
            assertError(await checkPolicyDocument(doc(s), "scp"), /condition key "aws:SourceVpcID" does not exist/);
        });

        it("takes global keys, tag keys and service keys with variables", async () => {
            const s: PolicyStatement = {
                Effect: "Deny",
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::b/*",
                Condition: { StringNotEqualsIfExists: { "aws:PrincipalTag/dp:exclude:network": "true", "aws:VpceOrgID": "o-a1b2c3d4e5" }, StringEquals: { "s3:ExistingObjectTag/class": "secret" } },
            };
            assert.deepStrictEqual(await checkPolicyDocument(doc(s), "scp"), []);
        });
    });

    describe("grammar per document kind", () => {
        const base: PolicyStatement = { Sid: "S", Effect: "Deny", Action: "s3:*", Resource: "*" };

        it("SCP: no Principal", async () => {
            assertError(await checkPolicyDocument(doc({ ...base, Principal: "*" }), "scp"), /service control policy cannot name a Principal/);
        });

        it("RCP: Deny only, Principal \"*\", no NotAction, services that support RCPs", async () => {
            assertError(await checkPolicyDocument(doc({ ...base, Effect: "Allow", Principal: "*" }), "rcp"), /must have Effect "Deny"/);
            assertError(await checkPolicyDocument(doc(base), "rcp"), /must have Principal "\*"/);
            assertError(await checkPolicyDocument(doc({ ...base, Principal: "*", Action: undefined, NotAction: "s3:*" }), "rcp"), /NotAction is not supported/);
            assertError(await checkPolicyDocument(doc({ ...base, Principal: "*", Action: "ec2:RunInstances" }), "rcp"), /resource control policies do not apply to service "ec2"/);
            assertError(await checkPolicyDocument(doc({ ...base, Principal: "*", Action: "*" }), "rcp"), /Action "\*" is not supported/);
        });

        it("endpoint policy: Principal required", async () => {
            assertError(await checkPolicyDocument(doc({ ...base, Effect: "Allow" }), "endpoint"), /needs a Principal/);
        });

        it("bucket policy: a principal, S3 actions and S3 resources", async () => {
            assertError(await checkPolicyDocument(doc(base), "bucket"), /exactly one of Principal and NotPrincipal/);
            assertError(await checkPolicyDocument(doc({ ...base, Principal: "*", Action: "kms:Decrypt" }), "bucket"), /accepts only s3 actions/);
            assertError(await checkPolicyDocument(doc({ ...base, Principal: "*", Resource: "arn:aws:kms:us-east-1:111111111111:key/x" }), "bucket"), /must be the bucket and its objects/);
        });

        it("every kind: Version, Effect, Action/Resource, Sids, operators, JSON", async () => {
            assertError(await checkPolicyDocument({ Statement: [base] }, "scp"), /Version must be "2012-10-17"/);
            assertError(await checkPolicyDocument(doc({ ...base, Effect: "Maybe" as "Allow" }), "scp"), /Effect must be "Allow" or "Deny"/);
            assertError(await checkPolicyDocument(doc({ ...base, Resource: undefined }), "scp"), /exactly one of Resource and NotResource/);
            assertError(await checkPolicyDocument(doc(base, base), "scp"), /duplicate Sid "S"/);
            assertError(await checkPolicyDocument(doc({ ...base, Sid: "has space" }), "scp"), /letters and digits only/);
            assertError(await checkPolicyDocument(doc({ ...base, Condition: { StringEqualz: { "aws:SourceIp": "x" } } }), "scp"), /unknown condition operator "StringEqualz"/);
            assertError(await checkPolicyDocument("{not json", "scp"), /not valid JSON/);
            assertError(await checkPolicyDocument(doc(), "scp"), /at least one statement/);
        });
    });

    describe("size limits", () => {
        it("catches an SCP over 5,120 characters, minified", async () => {
            const resources = Array.from({ length: 120 }, (_, i) => `arn:aws:s3:::some-rather-long-bucket-name-${i}/*`);
            const big = doc({ ...{ Sid: "Big", Effect: "Deny", Action: "s3:PutObject" }, Resource: resources });
            assert.ok(minify(big).length > 5120);
            assertError(await checkPolicyDocument(big, "scp"), /minified size \d+ characters exceeds the 5120-character limit of a service control policy/);
            // The same document fits an endpoint policy's 20,480.
            assert.deepStrictEqual(errors(await checkPolicyDocument({ ...big, Statement: [{ ...big.Statement[0], Principal: "*" }] }, "endpoint")), []);
        });

        it("measures minified size, not the indented text", async () => {
            const generated = serviceControlPolicies(shipped("prod"))[0].document;
            assert.deepStrictEqual(await checkPolicyDocument(JSON.stringify(generated, null, 8), "scp"), []);
        });
    });

    describe("condition semantics when the key is absent", () => {
        const absent = (op: string, v: unknown = "x") => satisfiedWhenKeyAbsent(parseOperator(op)!, v);
        it("positive operators fail, negated and IfExists pass, Null follows its value", () => {
            assert.strictEqual(absent("StringEquals"), false);
            assert.strictEqual(absent("Bool", "true"), false);
            assert.strictEqual(absent("StringNotEquals"), true);
            assert.strictEqual(absent("ArnNotLike"), true);
            assert.strictEqual(absent("StringEqualsIfExists"), true);
            assert.strictEqual(absent("Null", "true"), true);
            assert.strictEqual(absent("Null", "false"), false);
            assert.strictEqual(absent("ForAnyValue:StringEquals"), false);
            assert.strictEqual(absent("ForAllValues:StringEquals"), true);
            assert.strictEqual(parseOperator("NullIfExists"), undefined);
        });
    });

    describe("ARN patterns against resource-type formats", () => {
        it("never crosses a segment or a literal suffix", () => {
            const service = "arn:${Partition}:ec2:${Region}:${Account}:vpc-endpoint-service/${VpcEndpointServiceId}";
            const endpoint = "arn:${Partition}:ec2:${Region}:${Account}:vpc-endpoint/${VpcEndpointId}";
            assert.strictEqual(resourcePatternMatchesType("arn:aws:ec2:*:*:vpc-endpoint/*", service), false);
            assert.strictEqual(resourcePatternMatchesType("arn:aws:ec2:*:*:vpc-endpoint/*", endpoint), true);
            assert.strictEqual(resourcePatternMatchesType("arn:aws:ec2:*:*:vpc-endpoint*", service), true);
            assert.strictEqual(resourcePatternMatchesType("*", service), true);
            assert.strictEqual(resourcePatternMatchesType("arn:aws:s3:::bucket", "arn:${Partition}:s3:::${BucketName}/${ObjectName}"), false);
            assert.strictEqual(resourcePatternMatchesType("arn:aws:s3:::bucket/*", "arn:${Partition}:s3:::${BucketName}/${ObjectName}"), true);
            assert.strictEqual(resourcePatternMatchesType("arn:aws:ec2:us-east-1::image/*", "arn:${Partition}:ec2:${Region}::image/${ImageId}"), true);
            assert.strictEqual(resourcePatternMatchesType("arn:aws:iam::aws:policy/*", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"), false);
        });

        it("intersects two wildcard patterns", () => {
            assert.strictEqual(wildcardPatternsIntersect("a*c", "ab*"), true);
            assert.strictEqual(wildcardPatternsIntersect("a*c", "b*"), false);
            assert.strictEqual(wildcardPatternsIntersect("vpc-endpoint/*", "vpc-endpoint-service/*"), false);
            assert.strictEqual(wildcardPatternsIntersect("a?c", "abc"), true);
        });
    });
});

describe("perimeter: checkPlannedDocuments", function () {
    this.timeout(60000);
    const prod = shipped("prod");
    const scp = serviceControlPolicies(prod)[0];
    const resource = (name: string, type: string, inputs: Record<string, unknown>): PlannedResource => ({
        urn: `urn:pulumi:prod-all::landing-zone::${type}::${name}`,
        type,
        name,
        custom: true,
        inputs,
        dependencies: {},
    });
    const broken = JSON.stringify(doc({ ...adminOnly, Resource: "arn:aws:ec2:*:*:vpc-endpoint/*" }));
    const plan: PlannedResource[] = [
        resource("scp-ok", "aws:organizations/policy:Policy", { type: "SERVICE_CONTROL_POLICY", content: minify(scp.document) }),
        resource("scp-bad", "aws:organizations/policy:Policy", { type: "SERVICE_CONTROL_POLICY", content: broken }),
        resource("rcp-bad", "aws:organizations/policy:Policy", { type: "RESOURCE_CONTROL_POLICY", content: JSON.stringify(doc({ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" })) }),
        resource("tag-policy", "aws:organizations/policy:Policy", { type: "TAG_POLICY", content: "{\"tags\":{}}" }),
        resource("ep-unknown", "aws:ec2/vpcEndpoint:VpcEndpoint", { policy: "<unknown>", serviceName: "com.amazonaws.us-east-1.ssm" }),
        resource("ep-none", "aws:ec2/vpcEndpoint:VpcEndpoint", { serviceName: "com.amazonaws.us-east-1.eks" }),
        resource("ep-bad", "aws:ec2/vpcEndpoint:VpcEndpoint", { policy: JSON.stringify(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })) }),
        resource("bucket-obj", "aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: doc({ Effect: "Deny", Principal: "*", Action: "kms:Decrypt", Resource: "*" }) }),
        resource("bucket-partly-unknown", "aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: doc({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "<unknown>" }) }),
        resource("vpc", "aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/16" }),
    ];

    it("finds the known documents of each kind and skips unknown values and other policy types", () => {
        assert.deepStrictEqual(
            plannedDocuments(plan).map((d) => [d.name, d.kind]),
            [
                ["scp-ok", "scp"],
                ["scp-bad", "scp"],
                ["rcp-bad", "rcp"],
                ["ep-bad", "endpoint"],
                ["bucket-obj", "bucket"],
            ],
        );
    });

    it("reports each broken document with its resource's URN", async () => {
        const findings = await checkPlannedDocuments(plan);
        const by = (name: string) => findings.filter((f) => f.name === name);
        assert.deepStrictEqual(by("scp-ok"), []);
        assert.ok(by("scp-bad").some((f) => /can never match/.test(f.message) && f.urn.endsWith("::scp-bad")));
        assert.ok(by("rcp-bad").some((f) => /Effect "Deny"/.test(f.message)));
        assert.ok(by("ep-bad").some((f) => /needs a Principal/.test(f.message)));
        assert.ok(by("bucket-obj").some((f) => /only s3 actions/.test(f.message)));
    });
});
