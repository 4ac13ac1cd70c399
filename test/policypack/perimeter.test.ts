import { strict as assert } from "assert";
import { T } from "../../policypacks/landing-zone/lib/types";
import { isValidConditionOperator, perimeterOrganizationsPolicyGrammar } from "../../policypacks/landing-zone/policies/perimeter-organizations-policy-grammar";
import { perimeterOrganizationsPolicySize } from "../../policypacks/landing-zone/policies/perimeter-organizations-policy-size";
import { perimeterPolicyDenyStatementApplicable } from "../../policypacks/landing-zone/policies/perimeter-policy-deny-statement-applicable";
import { perimeterS3BucketPolicyProtectedNetwork } from "../../policypacks/landing-zone/policies/perimeter-s3-bucket-policy-protected-network";
import { ORG, config, interfaceEndpoint } from "./fixtures";
import { StackFixture, UNKNOWN, advisory, mandatory, runResource, runStack } from "./harness";

/** A PrivateLink-governance SCP in the shape the perimeter library produces. */
const governanceScp = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "DenyEndpointServiceChanges",
            Effect: "Deny",
            Action: ["ec2:ModifyVpcEndpointServicePermissions", "ec2:AcceptVpcEndpointConnections", "ec2:ModifyVpcEndpointServiceConfiguration"],
            Resource: "arn:aws:ec2:*:*:vpc-endpoint-service/*",
            Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/NetworkAdmin" } },
        },
        {
            Sid: "DenyUnapprovedEndpoints",
            Effect: "Deny",
            Action: "ec2:CreateVpcEndpoint",
            Resource: "arn:aws:ec2:*:*:vpc-endpoint/*",
            Condition: { StringNotEquals: { "ec2:VpceServiceOwner": ["amazon", "111111111111"], "ec2:VpceServiceName": ["com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890"] } },
        },
        { Sid: "DenyExternalSharing", Effect: "Deny", Action: ["ram:CreateResourceShare", "ram:UpdateResourceShare"], Resource: "*", Condition: { Bool: { "ram:RequestedAllowsExternalPrincipals": "true" } } },
    ],
};

const rcp = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "EnforceOrgIdentities",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:*", "sts:AssumeRole", "kms:*"],
            Resource: "*",
            Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": ORG }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
        },
    ],
};

const orgPolicy = (content: unknown, type = "SERVICE_CONTROL_POLICY", name = "scp") => ({
    type: T.organizationsPolicy,
    name,
    props: { name, type, content: typeof content === "string" ? content : JSON.stringify(content) },
});

describe("policy pack: perimeter", () => {
    describe("perimeter-organizations-policy-size", () => {
        const rule = perimeterOrganizationsPolicySize;
        it("passes a minified SCP within 5,120 characters", async () => assert.deepEqual(await runResource(rule, orgPolicy(governanceScp)), []));
        it("flags an SCP over the limit even minified and says to split it", async () => {
            const big = { Version: "2012-10-17", Statement: Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i}`, Effect: "Deny", Action: "s3:PutObject", Resource: `arn:aws:s3:::some-long-bucket-name-number-${i}/*`, Condition: { StringNotEquals: { "aws:PrincipalOrgID": ORG } } })) };
            const r = mandatory(await runResource(rule, orgPolicy(big)));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /SCP scp is \d+ characters minified, over the 5120 limit; split it/);
        });
        it("flags an indented document that only fits minified", async () => {
            const medium = { Version: "2012-10-17", Statement: Array.from({ length: 25 }, (_, i) => ({ Sid: `S${i}`, Effect: "Deny", Action: "s3:PutObject", Resource: `arn:aws:s3:::b-${i}/*` })) };
            assert.ok(JSON.stringify(medium).length <= 5120 && JSON.stringify(medium, null, 8).length > 5120);
            const r = mandatory(await runResource(rule, orgPolicy(JSON.stringify(medium, null, 8))));
            assert.match(r[0].message, /minified it is \d+: pass the document through JSON.stringify/);
        });
        it("ignores tag and backup policies", async () => assert.deepEqual(await runResource(rule, orgPolicy("x".repeat(9000), "TAG_POLICY")), []));
        it("notes unknown content", async () => {
            const r = await runResource(rule, { type: T.organizationsPolicy, name: "scp", props: { content: UNKNOWN } });
            assert.equal(advisory(r).length, 1);
            assert.deepEqual(mandatory(r), []);
        });
    });

    describe("perimeter-organizations-policy-grammar", () => {
        const rule = perimeterOrganizationsPolicyGrammar;
        it("passes a well-formed SCP and RCP", async () => {
            assert.deepEqual(await runResource(rule, orgPolicy(governanceScp)), []);
            assert.deepEqual(await runResource(rule, orgPolicy(rcp, "RESOURCE_CONTROL_POLICY", "rcp")), []);
        });
        it("flags a Principal in an SCP, a missing Resource, a bad Effect and a bad operator", async () => {
            const bad = { Version: "2012-10-17", Statement: [{ Sid: "Bad-Sid", Effect: "deny", Principal: "*", Action: "s3:*", Condition: { StringEqualz: { "aws:PrincipalOrgID": ORG } } }] };
            const messages = mandatory(await runResource(rule, orgPolicy(bad))).map((r) => r.message).join("\n");
            assert.match(messages, /element "Principal", which SCPs do not support/);
            assert.match(messages, /Sid "Bad-Sid"; a Sid may contain only letters and digits/);
            assert.match(messages, /Effect "deny"; use "Allow" or "Deny"/);
            assert.match(messages, /neither Resource nor NotResource/);
            assert.match(messages, /condition operator "StringEqualz"/);
        });
        it("flags RCP-specific mistakes: Allow, NotAction, a non-* principal, an uncovered service", async () => {
            const bad = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, NotAction: "ec2:*", Resource: "*" }, { Effect: "Deny", Principal: "*", Action: "ec2:CreateVpc", Resource: "*" }] };
            const messages = mandatory(await runResource(rule, orgPolicy(bad, "RESOURCE_CONTROL_POLICY", "rcp"))).map((r) => r.message).join("\n");
            assert.match(messages, /is an Allow; RCPs support only Deny/);
            assert.match(messages, /element "NotAction", which RCPs do not support/);
            assert.match(messages, /RCP statements must use "Principal": "\*"/);
            assert.match(messages, /service "ec2", which RCPs do not cover/);
        });
        it("flags a wrong Version and a non-JSON document", async () => {
            assert.match(mandatory(await runResource(rule, orgPolicy({ ...governanceScp, Version: "2008-10-17" })))[0].message, /set "Version": "2012-10-17"/);
            assert.match(mandatory(await runResource(rule, orgPolicy("{")))[0].message, /not valid JSON/);
        });
        it("knows IAM's condition operators", () => {
            for (const op of ["StringNotEqualsIfExists", "ForAnyValue:StringLike", "ForAllValues:StringEquals", "ArnNotLike", "Null", "BoolIfExists", "NotIpAddress"]) assert.ok(isValidConditionOperator(op), op);
            // Spelled otherwise, no operator: IAM rejects "stringEquals" (Invalid Condition type), lib/iam-semantics.ts.
            for (const op of ["NullIfExists", "StringEqualz", "ForSomeValue:StringEquals", "ForAllValue:StringEquals", "stringEquals", "forAnyValue:StringLike", "StringLikeifexists", "null"]) assert.ok(!isValidConditionOperator(op), op);
        });
    });

    describe("perimeter-policy-deny-statement-applicable", () => {
        const rule = perimeterPolicyDenyStatementApplicable;
        it("passes the governance SCP, the RCP and an endpoint policy", async () => {
            assert.deepEqual(await runResource(rule, orgPolicy(governanceScp)), []);
            assert.deepEqual(await runResource(rule, orgPolicy(rcp, "RESOURCE_CONTROL_POLICY")), []);
            assert.deepEqual(await runResource(rule, { type: T.vpcEndpoint, name: "ep", props: interfaceEndpoint() }), []);
        });
        it("flags the governance sample's bug: endpoint-service actions denied on vpc-endpoint/*", async () => {
            const sample = { Version: "2012-10-17", Statement: [{ ...governanceScp.Statement[0], Resource: "arn:aws:ec2:*:*:vpc-endpoint/*" }] };
            const r = mandatory(await runResource(rule, orgPolicy(sample)));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /Deny Statement\[0\] \("DenyEndpointServiceChanges"\) can never match: ec2:ModifyVpcEndpointServicePermissions authorizes on arn:aws:ec2:\*:\*:vpc-endpoint-service\/\*, which arn:aws:ec2:\*:\*:vpc-endpoint\/\* can never name/);
        });
        it("flags a condition key the actions never carry (positive operator: never matches)", async () => {
            const doc = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "ec2:VpceServiceName": "x" } } }] };
            const r = mandatory(await runResource(rule, orgPolicy(doc)));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /can never match: s3:GetObject requests never carry ec2:VpceServiceName/);
        });
        it("flags a negated condition on an absent key (always true: the Deny becomes unconditional)", async () => {
            const doc = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "ec2:ModifyVpcEndpointServicePermissions", Resource: "*", Condition: { StringNotEquals: { "ec2:VpceServiceOwner": "amazon" } } }] };
            const r = mandatory(await runResource(rule, orgPolicy(doc)));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /never applies to ec2:ModifyVpcEndpointServicePermissions.*always true/);
        });
        it("flags actions that do not exist", async () => {
            const doc = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: ["ec2:CreateVpcEndpoints"], Resource: "*" }] };
            assert.match(mandatory(await runResource(rule, orgPolicy(doc)))[0].message, /action "ec2:CreateVpcEndpoints" does not exist/);
        });
        // A compliant NotAction Deny, then one mutation each.
        const notActionDeny = (changes: Record<string, unknown>) => ({
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", NotAction: "s3:GetObject", Resource: "arn:aws:s3:::ledger/*", Condition: { StringNotEquals: { "aws:PrincipalAccount": "111111111111" } }, ...changes }],
        });
        it("passes a NotAction Deny whose Resource other actions of the service authorize on", async () => {
            assert.deepEqual(await runResource(rule, orgPolicy(notActionDeny({}))), []);
        });
        it('flags NotAction "*": it excludes every action, so the Deny matches none', async () => {
            const r = mandatory(await runResource(rule, orgPolicy(notActionDeny({ NotAction: "*", Resource: "*" }))));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /can never match: NotAction "\*" excludes every action/);
        });
        it("flags a NotAction Deny on an ARN no action of its service can name (an S3 object ARN with a Region)", async () => {
            const r = mandatory(await runResource(rule, orgPolicy(notActionDeny({ Resource: "arn:aws:s3:us-east-1::ledger/*" }))));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /can never match: .*arn:aws:s3:us-east-1::ledger\/\* can never name/);
        });
        it("flags a NotAction Deny whose condition key no remaining action carries", async () => {
            const r = mandatory(await runResource(rule, orgPolicy(notActionDeny({ Condition: { StringEquals: { "ec2:VpceServiceName": "x" } } }))));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /can never match: .*never carry ec2:VpceServiceName/);
        });
        it("flags an ARN whose service field is not lower case (ARNs are case-sensitive)", async () => {
            const doc = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:S3:::ledger/*" }] };
            const r = mandatory(await runResource(rule, orgPolicy(doc)));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /can never match: s3:GetObject authorizes on .*arn:aws:s3:::\*\/\*, which arn:aws:S3:::ledger\/\* can never name/);
        });
        it("flags a specific ARN on a wildcard-only action", async () => {
            const doc = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "ram:CreateResourceShare", Resource: "arn:aws:ram:*:*:resource-share/*" }] };
            assert.match(mandatory(await runResource(rule, { type: T.bucketPolicy, name: "bp", props: { bucket: "b", policy: JSON.stringify(doc) } }))[0].message, /supports only "Resource": "\*"/);
        });
    });

    describe("perimeter-s3-bucket-policy-protected-network", () => {
        const rule = perimeterS3BucketPolicyProtectedNetwork;
        const perimeterPolicy = (sourceIps = ["203.0.113.0/24"]) => ({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyOutsideExpectedNetworks",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: ["arn:aws:s3:::corp-data", "arn:aws:s3:::corp-data/*"],
                    Condition: { NotIpAddressIfExists: { "aws:SourceIp": sourceIps }, StringNotEqualsIfExists: { "aws:VpceOrgID": ORG }, BoolIfExists: { "aws:ViaAWSService": "false" } },
                },
            ],
        });
        const bp = (policy: unknown, bucket: unknown = "corp-data"): StackFixture => ({ type: T.bucketPolicy, name: "corp-data-policy", props: { bucket, policy: JSON.stringify(policy) } });
        it("passes a protected bucket with the network-perimeter Deny", async () => assert.deepEqual(await runStack(rule, [bp(perimeterPolicy())], config), []));
        it("flags a protected bucket without it, and says what to add", async () => {
            const r = mandatory(await runStack(rule, [bp({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::corp-data/*" }] })], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /protected bucket corp-data does not keep requests from outside the expected networks out: an identity of account 111111111111 calling from the internet can s3:\w+ arn:aws:s3:::corp-data.* Deny s3:\* on arn:aws:s3:::corp-data/);
        });
        it("flags a public Allow and a non-corporate source range", async () => {
            const policy = perimeterPolicy(["203.0.113.0/24", "198.51.100.0/24"]);
            (policy.Statement as unknown[]).push({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::corp-data/*" });
            const r = mandatory(await runStack(rule, [bp(policy)], config));
            assert.equal(r.length, 2);
            assert.match(r.map((x) => x.message).join("\n"), /Statement\[1\] lets .* through.*\(public or outside access\)/);
            assert.match(r.map((x) => x.message).join("\n"), /calling from the internet can .*aws:sourceip=198\.51\.100\./);
        });
        it("finds the bucket name through the bucket dependency, and ignores unprotected buckets", async () => {
            const bucket: StackFixture = { type: T.bucket, name: "data", props: { bucket: "corp-data" } };
            const r = mandatory(await runStack(rule, [bucket, { ...bp({ Version: "2012-10-17", Statement: [] }, UNKNOWN), deps: { bucket: ["data"] } }], config));
            assert.equal(r.length, 1);
            assert.deepEqual(await runStack(rule, [bp({ Version: "2012-10-17", Statement: [] }, "scratch")], config), []);
        });
        it("notes a bucket it cannot identify", async () => {
            const r = await runStack(rule, [bp(perimeterPolicy(), UNKNOWN)], config);
            assert.deepEqual(mandatory(r), []);
            assert.equal(advisory(r).length, 1);
        });

        // Principals the pack cannot place in an account
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
        for (const principal of [{ CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, { Federated: "cognito-identity.amazonaws.com" }]) {
            it(`flags an Allow to a ${Object.keys(principal)[0]} principal (it may be any account)`, async () => {
                const policy = perimeterPolicy();
                (policy.Statement as unknown[]).push({ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: "arn:aws:s3:::corp-data/*" });
                const r = mandatory(await runStack(rule, [bp(policy)], config));
                assert.equal(r.length, 1);
                assert.match(r[0].message, /Statement\[1\] lets .* through/);
            });
        }
        it("does not count a Deny on a CanonicalUser principal as keeping anyone out", async () => {
            const policy = perimeterPolicy();
            (policy.Statement[0] as Record<string, unknown>).Principal = { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" };
            assert.equal(mandatory(await runStack(rule, [bp(policy)], config)).length, 1);
        });

        // ACLs (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html): the
        // baseline is the compliant policy plus a private bucket; each case adds one ACL setter.
        describe("ACLs of protected buckets and their objects", () => {
            const bucket: StackFixture = { type: T.bucket, name: "data", props: { bucket: "corp-data" } };
            const withAcl = (extra: StackFixture) => runStack(rule, [bucket, bp(perimeterPolicy()), extra], config);
            const allUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
            it("baseline: a private canned ACL and the owner's own grant pass", async () => {
                assert.deepEqual(await withAcl({ type: T.bucketAcl, name: "acl", props: { bucket: "corp-data", acl: "private" } }), []);
                const owner = { id: "c0ffee", displayName: "owner" };
                const acp = { owner, grants: [{ grantee: { type: "CanonicalUser", id: "c0ffee" }, permission: "FULL_CONTROL" }] };
                assert.deepEqual(await withAcl({ type: T.bucketAclV2, name: "acl", props: { bucket: "corp-data", accessControlPolicy: acp } }), []);
                assert.deepEqual(await withAcl({ type: T.bucketLogging, name: "logs", props: { bucket: "other", targetBucket: "corp-data", targetPrefix: "l/", targetGrants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/s3/LogDelivery" }, permission: "WRITE" }] } }), []);
            });
            it("flags a standalone BucketAcl with a public canned ACL", async () => {
                const r = mandatory(await withAcl({ type: T.bucketAcl, name: "acl", props: { bucket: "corp-data", acl: "public-read" } }));
                assert.equal(r.length, 1);
                assert.match(r[0].message, /canned ACL "public-read", which grants the AllUsers group/);
                assert.match(r[0].urn ?? "", /::acl$/);
            });
            it("flags authenticated-read (any AWS account)", async () => {
                assert.equal(mandatory(await withAcl({ type: T.bucketAclV2, name: "acl", props: { bucket: "corp-data", acl: "authenticated-read" } })).length, 1);
            });
            it("flags the bucket's own grants input to AllUsers", async () => {
                const r = mandatory(await runStack(rule, [{ ...bucket, props: { bucket: "corp-data", grants: [{ type: "Group", uri: allUsers, permissions: ["READ"] }] } }, bp(perimeterPolicy())], config));
                assert.equal(r.length, 1);
                assert.match(r[0].message, /grants\[0\] grants the AllUsers group/);
            });
            it("flags an accessControlPolicy grant to AuthenticatedUsers, the bucket found through its dependency", async () => {
                const acp = { owner: { id: "c0ffee" }, grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, permission: "READ" }] };
                assert.equal(mandatory(await withAcl({ type: T.bucketAcl, name: "acl", props: { bucket: UNKNOWN, accessControlPolicy: acp }, deps: { bucket: ["data"] } })).length, 1);
            });
            it("flags a public object ACL in a protected bucket, and ignores one in another bucket", async () => {
                assert.equal(mandatory(await withAcl({ type: T.bucketObjectv2, name: "o", props: { bucket: "corp-data", key: "k", acl: "public-read" } })).length, 1);
                assert.deepEqual(await withAcl({ type: T.bucketObjectv2, name: "o", props: { bucket: "scratch", key: "k", acl: "public-read" } }), []);
            });
            it("notes a canonical-user grantee it cannot place", async () => {
                const r = await withAcl({ type: T.objectCopy, name: "copy", props: { bucket: "corp-data", key: "k", source: "a/b", grants: [{ type: "CanonicalUser", id: "beef", permissions: ["READ"] }] } });
                assert.deepEqual(mandatory(r), []);
                assert.match(advisory(r)[0].message, /CanonicalUser beef/);
            });
        });
    });
});
