import { strict as assert } from "assert";
import { T } from "../../policypacks/landing-zone/lib/types";
import { endpointsVpcEndpointGatewayUnique } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-gateway-unique";
import { endpointsVpcEndpointNoPrivateDnsInSpoke } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-no-private-dns-in-spoke";
import { endpointsVpcEndpointPolicyRequired } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-policy-required";
import { endpointPolicyMaxCharacters, endpointsVpcEndpointPolicySize } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-policy-size";
import { endpointsVpcEndpointPolicyTrustedIdentities } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-policy-trusted-identities";
import { endpointsVpcEndpointSecurityGroupRestricted } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-security-group-restricted";
import { endpointsVpcEndpointServiceAllowed } from "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-service-allowed";
import { config, endpointSecurityGroup, fullAccessPolicy, gatewayEndpoint, interfaceEndpoint, orgEndpointPolicy, region } from "./fixtures";
import { StackFixture, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL, advisory, mandatory, runResource, runStack } from "./harness";

const endpoint = (props: Record<string, unknown>, name = "ep") => ({ type: T.vpcEndpoint, name, props });

describe("policy pack: endpoints", () => {
    describe("endpoints-vpc-endpoint-policy-required", () => {
        const rule = endpointsVpcEndpointPolicyRequired;
        it("passes interface and gateway endpoints with the organization policy", async () => {
            assert.deepEqual(await runStack(rule, [endpoint(interfaceEndpoint())], config), []);
            assert.deepEqual(await runStack(rule, [endpoint(gatewayEndpoint())], config), []);
        });
        it("flags an endpoint without a policy and says to set one", async () => {
            const r = mandatory(await runStack(rule, [endpoint(interfaceEndpoint({ policy: undefined }), "hub-ssm")], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /interface endpoint hub-ssm .*has no endpoint policy.*full-access.*set `policy`/);
        });
        it("flags the full-access policy", async () => {
            const r = mandatory(await runStack(rule, [endpoint(gatewayEndpoint({ policy: JSON.stringify(fullAccessPolicy) }))], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /full-access policy.*aws:PrincipalOrgID/);
        });
        it("flags a policy that is not JSON", async () => {
            const r = mandatory(await runStack(rule, [endpoint(interfaceEndpoint({ policy: "{not json" }))], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /not valid JSON/);
        });
        it("accepts no policy for full-access-only services and endpoints to endpoint services", async () => {
            assert.deepEqual(await runStack(rule, [endpoint(interfaceEndpoint({ serviceName: `com.amazonaws.${region}.eks`, policy: undefined }))], config), []);
            assert.deepEqual(await runStack(rule, [endpoint(interfaceEndpoint({ serviceName: `com.amazonaws.vpce.${region}.vpce-svc-0a1b2c3d4e5f67890`, policy: undefined }))], config), []);
        });
        it("notes, without failing, a policy unknown during preview", async () => {
            const r = await runStack(rule, [endpoint(interfaceEndpoint({ policy: UNKNOWN }))], config);
            assert.deepEqual(mandatory(r), []);
            assert.equal(advisory(r).length, 1);
            assert.match(advisory(r)[0].message, /^could not decide during preview: interface endpoint ep .*\(policy\)/);
        });
        it("a consumer endpoint to this stack's own endpoint service (unit all): no policy, name unknown — says what waits for the name and why that is expected", async () => {
            const fixtures: StackFixture[] = [
                { type: T.vpcEndpointService, name: "payments-api-service", props: { acceptanceRequired: true, networkLoadBalancerArns: [UNKNOWN] } },
                { type: T.vpcEndpoint, name: "payments-api-orders-prod-endpoint", props: interfaceEndpoint({ serviceName: UNKNOWN, policy: undefined, privateDnsEnabled: false }), deps: { serviceName: ["payments-api-service"] } },
            ];
            const r = await runStack(rule, fixtures, config);
            assert.deepEqual(mandatory(r), []);
            assert.equal(advisory(r).length, 1);
            assert.match(
                advisory(r)[0].message,
                /^could not decide during preview: whether interface endpoint payments-api-orders-prod-endpoint needs an endpoint policy: its serviceName is computed from VpcEndpointService payments-api-service of this stack, whose name AWS assigns when it creates the service .*unit all.*takes no custom policy \(EC2 accepts only the full-access policy there\), so none is missing$/,
            );
            // Of unknown origin, the note says so instead.
            const other = advisory(await runStack(rule, [endpoint(interfaceEndpoint({ serviceName: UNKNOWN, policy: undefined }), "c")], config));
            assert.match(other[0].message, /whether interface endpoint c needs an endpoint policy: its serviceName \(serviceName\) is unknown during preview and comes from no endpoint service/);
        });
        it("flags a standalone VpcEndpointPolicy without a document: the provider resets the endpoint to full access", async () => {
            const fixtures: StackFixture[] = [endpoint(interfaceEndpoint()), { type: T.vpcEndpointPolicy, name: "ep-policy", props: { vpcEndpointId: UNKNOWN }, deps: { vpcEndpointId: ["ep"] } }];
            const r = mandatory(await runStack(rule, fixtures, config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /VpcEndpointPolicy ep-policy .*has no policy document.*full-access policy \(its default\)/);
            assert.match(r[0].urn ?? "", /::ep$/);
            // The same standalone policy with the perimeter document passes.
            fixtures[1] = { ...fixtures[1], props: { vpcEndpointId: UNKNOWN, policy: JSON.stringify(orgEndpointPolicy()) } };
            assert.deepEqual(await runStack(rule, fixtures, config), []);
        });
        it("still judges the policy when only serviceName is unknown", async () => {
            const r = await runStack(rule, [endpoint(interfaceEndpoint({ serviceName: UNKNOWN, policy: JSON.stringify(fullAccessPolicy) }))], config);
            assert.equal(mandatory(r).length, 1);
        });
    });

    describe("endpoints-vpc-endpoint-policy-trusted-identities", () => {
        const rule = endpointsVpcEndpointPolicyTrustedIdentities;
        it("passes org-identity and AWS-service statements", async () => {
            assert.deepEqual(await runStack(rule, [endpoint(interfaceEndpoint())], config), []);
        });
        it("passes aws:PrincipalAccount of environment accounts and explicit trusted principals", async () => {
            const policy = {
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ["111111111111", "999999999999"] } } },
                    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "*", Resource: "*" },
                ],
            };
            assert.deepEqual(await runStack(rule, [endpoint(gatewayEndpoint({ policy: JSON.stringify(policy) }))], config), []);
        });
        it("flags an Allow with no identity restriction", async () => {
            const policy = { Version: "2012-10-17", Statement: [{ Sid: "Open", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::corp-data/*" }] };
            const r = mandatory(await runStack(rule, [endpoint(gatewayEndpoint({ policy: JSON.stringify(policy) }))], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /Statement\[0\] \("Open"\) lets arn:aws:iam::999988887777:role\/lz-outsider .* through .*aws:PrincipalOrgID = o-a1b2c3d4e5/);
        });
        it("flags another organization's id", async () => {
            const r = mandatory(await runStack(rule, [endpoint(interfaceEndpoint({ policy: JSON.stringify(orgEndpointPolicy("o-zzzzzzzzzz")) }))], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /organization o-zzzzzzzzzz\).*aws:principalorgid=o-zzzzzzzzzz/);
        });
        it("flags an account outside the environment", async () => {
            const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::333333333333:role/x" }, Action: "*", Resource: "*" }] };
            const r = mandatory(await runStack(rule, [endpoint(interfaceEndpoint({ policy: JSON.stringify(policy) }))], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /333333333333/);
        });
        it("flags a negated or IfExists identity condition (it admits outsiders)", async () => {
            const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }] };
            assert.equal(mandatory(await runStack(rule, [endpoint(interfaceEndpoint({ policy: JSON.stringify(policy) }))], config)).length, 1);
        });
        // Policy variables (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
        // a variable takes whatever value the request carries, and an outsider picks its request.
        const withStatement = (changed: Record<string, unknown>, extra: Record<string, unknown>[] = []) => {
            const base = orgEndpointPolicy() as { Statement: Record<string, unknown>[] };
            return JSON.stringify({ ...base, Statement: [{ ...base.Statement[0], ...changed }, base.Statement[1], ...extra] });
        };
        it("flags an identity condition compared with a variable the outsider controls (its own bucket's organization)", async () => {
            const policy = withStatement({ Condition: { StringEquals: { "aws:PrincipalOrgID": "${aws:ResourceOrgID}" } } });
            const r = mandatory(await runStack(rule, [endpoint(gatewayEndpoint({ policy }))], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /aws:resourceorgid=o-/);
        });
        it("flags a Deny that keeps outsiders out only through a variable they control", async () => {
            const policy = withStatement({ Condition: undefined }, [
                { Effect: "Deny", Principal: "*", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:ResourceOrgID": "${aws:PrincipalOrgID}" } } },
            ]);
            assert.equal(mandatory(await runStack(rule, [endpoint(gatewayEndpoint({ policy }))], config)).length, 1);
        });
        it("flags an Allow for any caller on a resource named by a variable (aws:username)", async () => {
            const base = orgEndpointPolicy() as { Statement: Record<string, unknown>[] };
            const policy = JSON.stringify({ ...base, Statement: [...base.Statement, { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::${aws:username}-home/*" }] });
            const r = mandatory(await runStack(rule, [endpoint(gatewayEndpoint({ policy }))], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /aws:username|Statement\[2\]/);
        });
        // Keys written twice (Access Analyzer: errors): either reading may be the one enforced.
        it("flags a statement with two Condition elements in its JSON text (JSON.parse keeps only the last)", async () => {
            const base = JSON.stringify(orgEndpointPolicy());
            const policy = base.replace('"Condition":{', '"Condition":{"Bool":{"aws:SecureTransport":"true"}},"Condition":{');
            assert.notEqual(policy, base);
            const r = mandatory(await runStack(rule, [endpoint(gatewayEndpoint({ policy }))], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /Statement\[0\]: "Condition" twice in one object.*write each key once/);
        });
        it("flags one condition key written twice in different case", async () => {
            const policy = withStatement({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "AWS:PRINCIPALORGID": "o-zz9zz9zz9z" } } });
            const r = mandatory(await runStack(rule, [endpoint(gatewayEndpoint({ policy }))], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /names aws:PrincipalOrgID and AWS:PRINCIPALORGID \(condition keys are case-insensitive\)/);
        });
        it("flags NotPrincipal with Allow", async () => {
            const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "*", Resource: "*" }] };
            const r = mandatory(await runStack(rule, [endpoint(interfaceEndpoint({ policy: JSON.stringify(policy) }))], config));
            assert.match(r[0].message, /lets .* through/);
        });
        it("flags aws:PrincipalOrgID when the environment has no organization", async () => {
            const sandbox = { accountIds: ["111111111111"] };
            const r = mandatory(await runStack(rule, [endpoint(interfaceEndpoint())], sandbox));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /organization o-a1b2c3d4e5\) through/);
        });
        it("without config: notes what it could not check instead of guessing", async () => {
            const r = await runStack(rule, [endpoint(interfaceEndpoint())], {});
            assert.deepEqual(mandatory(r), []);
            assert.equal(advisory(r).length, 1);
            assert.match(advisory(r)[0].message, /neither organizationId nor accountIds is configured.*policy-config/);
        });
    });

    describe("endpoints-vpc-endpoint-policy-size", () => {
        const rule = endpointsVpcEndpointPolicySize;
        const big = (pretty: boolean) => {
            const statements = Array.from({ length: 60 }, (_, i) => ({ Sid: `S${i}`, Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::bucket-number-${i}-with-a-rather-long-name/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }));
            return JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, pretty ? 8 : undefined);
        };
        it("passes a policy within 20,480 characters", async () => {
            assert.ok(big(false).length <= endpointPolicyMaxCharacters);
            assert.deepEqual(await runResource(rule, endpoint(gatewayEndpoint({ policy: big(false) })), config), []);
        });
        it("flags an indented policy over the limit and says minifying fixes it", async () => {
            assert.ok(big(true).length > endpointPolicyMaxCharacters);
            const r = mandatory(await runResource(rule, endpoint(gatewayEndpoint({ policy: big(true) })), config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /over the 20480 limit; minified it would be \d+/);
        });
    });

    describe("endpoints-vpc-endpoint-service-allowed", () => {
        const rule = endpointsVpcEndpointServiceAllowed;
        it("passes allowed AWS services and approved endpoint services", async () => {
            const r = await runStack(rule, [
                { type: T.vpcEndpoint, name: "ssm", props: interfaceEndpoint() },
                { type: T.vpcEndpoint, name: "vendor", props: interfaceEndpoint({ serviceName: `com.amazonaws.vpce.${region}.vpce-svc-0a1b2c3d4e5f67890`, privateDnsEnabled: false }) },
            ], config);
            assert.deepEqual(r, []);
        });
        it("flags an AWS service that is not allowed, naming the definition key", async () => {
            const r = mandatory(await runStack(rule, [{ type: T.vpcEndpoint, name: "sagemaker", props: interfaceEndpoint({ serviceName: `com.amazonaws.${region}.sagemaker.runtime` }) }], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /sagemaker\.runtime.*not in the environment's allowed services; add "sagemaker.runtime" to network.endpoints.services/);
            assert.match(r[0].urn ?? "", /sagemaker$/);
        });
        it("flags an unapproved third-party endpoint service", async () => {
            const r = mandatory(await runStack(rule, [{ type: T.vpcEndpoint, name: "x", props: interfaceEndpoint({ serviceName: `com.amazonaws.vpce.${region}.vpce-svc-0fffffffffffffff0` }) }], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /not approved; add it to perimeter.approvedEndpointServices/);
        });
        it("approves by provenance an unknown service name from this stack's endpoint service or the provider's stack", async () => {
            const fixtures: StackFixture[] = [
                { type: T.vpcEndpointService, name: "payments-svc", props: { acceptanceRequired: true, networkLoadBalancerArns: [UNKNOWN] } },
                { type: T.vpcEndpoint, name: "consumer-a", props: interfaceEndpoint({ serviceName: UNKNOWN }), deps: { serviceName: ["payments-svc"] } },
                { type: T.stackReference, name: "prod-payments-ref", props: publishing(`com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef1`) },
                { type: T.vpcEndpoint, name: "consumer-b", props: interfaceEndpoint({ serviceName: `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef1` }), deps: { serviceName: ["prod-payments-ref"] } },
            ];
            assert.deepEqual(await runStack(rule, fixtures, config), []);
        });
        // A known value computed from a trusted source may be anything apply() returned: it is the
        // organization's own only when the source publishes it.
        const publishing = (serviceName: string) => ({
            name: "organization/landing-zone/prod-payments",
            outputs: { endpointServices: { "payments-api": { serviceId: serviceName.split(".").pop(), serviceName } } },
        });
        const fromReference = (published: string, used: string): StackFixture[] => [
            { type: T.stackReference, name: "prod-payments-ref", props: publishing(published) },
            { type: T.vpcEndpoint, name: "c", props: interfaceEndpoint({ serviceName: used }), deps: { serviceName: ["prod-payments-ref"] } },
        ];
        it("approves a known service name the trusted stack publishes", async () => {
            const name = `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef1`;
            assert.deepEqual(await runStack(rule, fromReference(name, name), config), []);
        });
        it("flags a known service name computed from the trusted stack that it does not publish", async () => {
            const r = mandatory(await runStack(rule, fromReference(`com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef1`, `com.amazonaws.vpce.${region}.vpce-svc-0bad0bad0bad0bad0`), config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /vpce-svc-0bad0bad0bad0bad0, which is not approved.*not one that source publishes/);
        });
        it("flags a known service name computed from this stack's endpoint service that is not its name", async () => {
            const fixtures: StackFixture[] = [
                { type: T.vpcEndpointService, name: "payments-svc", props: { acceptanceRequired: true, networkLoadBalancerArns: [UNKNOWN], serviceName: `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef1` } },
                { type: T.vpcEndpoint, name: "c", props: interfaceEndpoint({ serviceName: `com.amazonaws.vpce.${region}.vpce-svc-0bad0bad0bad0bad0` }), deps: { serviceName: ["payments-svc"] } },
            ];
            assert.equal(mandatory(await runStack(rule, fixtures, config)).length, 1);
            fixtures[1].props = interfaceEndpoint({ serviceName: `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef1` });
            assert.deepEqual(await runStack(rule, fixtures, config), []);
        });
        it("does not approve a service name from a stack that publishes no endpoint service", async () => {
            const fixtures: StackFixture[] = [
                { type: T.stackReference, name: "other-ref", props: { name: "organization/landing-zone/prod-analytics" } },
                { type: T.vpcEndpoint, name: "c", props: interfaceEndpoint({ serviceName: `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef1` }), deps: { serviceName: ["other-ref"] } },
            ];
            assert.equal(mandatory(await runStack(rule, fixtures, config)).length, 1);
        });
        // A workload's own endpoint to a same-Region AWS service the hub does not centralize:
        // accepted when it meets the perimeter; each gap reported once, by the rule that owns it.
        describe("workload's own endpoints (acceptWorkloadServiceEndpoints)", () => {
            const accepting = { ...config, acceptWorkloadServiceEndpoints: true };
            const sqs = `com.amazonaws.${region}.sqs`;
            const vpc: StackFixture = { type: T.vpc, name: "vpc", props: { cidrBlock: "10.9.0.0/16" } };
            const group: StackFixture = { type: T.securityGroup, name: "sg", props: endpointSecurityGroup([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.9.0.0/16"] }]) };
            const ep = (overrides: Record<string, unknown> = {}): StackFixture => ({
                type: T.vpcEndpoint,
                name: "ep",
                props: interfaceEndpoint({ serviceName: sqs, privateDnsEnabled: false, vpcId: UNKNOWN, securityGroupIds: [UNKNOWN], ...overrides }),
                deps: { vpcId: ["vpc"], ...(overrides.securityGroupIds ? {} : { securityGroupIds: ["sg"] }) },
            });
            it("baseline: perimeter policy and a group limited to its VPC on 443 pass", async () => {
                assert.deepEqual(await runStack(rule, [vpc, group, ep()], accepting), []);
            });
            it("no groups, and a managed default group with no rules (it admits nothing): passes, as security-group-restricted agrees", async () => {
                const fixtures: StackFixture[] = [vpc, { type: T.defaultSecurityGroup, name: "default-sg", props: { vpcId: UNKNOWN, ingress: [], egress: [] }, deps: { vpcId: ["vpc"] } }, ep({ securityGroupIds: [] })];
                assert.deepEqual(await runStack(rule, fixtures, accepting), []);
                assert.deepEqual(await runStack(endpointsVpcEndpointSecurityGroupRestricted, fixtures, accepting), []);
            });
            it("an open group is reported once, by security-group-restricted (its advice fixes it), not here", async () => {
                const open: StackFixture = { ...group, props: endpointSecurityGroup([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]) };
                assert.deepEqual(mandatory(await runStack(rule, [vpc, open, ep()], accepting)), []);
                assert.equal(mandatory(await runStack(endpointsVpcEndpointSecurityGroupRestricted, [vpc, open, ep()], accepting)).length, 1);
            });
            it("a missing policy is reported once, by policy-required, not here", async () => {
                assert.deepEqual(mandatory(await runStack(rule, [vpc, group, ep({ policy: undefined })], accepting)), []);
                assert.equal(mandatory(await runStack(endpointsVpcEndpointPolicyRequired, [vpc, group, ep({ policy: undefined })], accepting)).length, 1);
            });
            it("flags a service that takes no restricting policy (no other rule reports that)", async () => {
                const eks = `com.amazonaws.${region}.eks`;
                const r = mandatory(await runStack(rule, [vpc, group, ep({ serviceName: eks })], { ...accepting, allowedServiceNames: [] }));
                assert.equal(r.length, 1);
                assert.match(r[0].message, /takes no endpoint policy that restricts callers/);
            });
            it("notes a policy unknown during preview", async () => {
                const r = await runStack(rule, [vpc, group, ep({ policy: UNKNOWN })], accepting);
                assert.deepEqual(mandatory(r), []);
                assert.match(advisory(r)[0].message, /whether interface endpoint ep .*meets the perimeter/);
            });
        });
        it("notes an unknown service name of unknown provenance", async () => {
            const r = await runStack(rule, [{ type: T.vpcEndpoint, name: "c", props: interfaceEndpoint({ serviceName: UNKNOWN }) }], config);
            assert.deepEqual(mandatory(r), []);
            assert.match(advisory(r)[0].message, /could not decide during preview: serviceName of interface endpoint c/);
        });
    });

    describe("endpoints-vpc-endpoint-security-group-restricted", () => {
        const rule = endpointsVpcEndpointSecurityGroupRestricted;
        const stack = (ingress?: Record<string, unknown>[], extra: StackFixture[] = [], ep: Record<string, unknown> = {}): StackFixture[] => [
            { type: T.securityGroup, name: "ssm-sg", props: endpointSecurityGroup(ingress) },
            { type: T.vpcEndpoint, name: "hub-ssm", props: interfaceEndpoint({ securityGroupIds: [UNKNOWN], ...ep }), deps: { securityGroupIds: ["ssm-sg"] } },
            ...extra,
        ];
        it("passes 443 from internal CIDRs, found through dependencies while ids are unknown", async () => {
            assert.deepEqual(await runStack(rule, stack(), config), []);
        });
        it("flags 0.0.0.0/0 and says what to admit", async () => {
            const r = mandatory(await runStack(rule, stack([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]), config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /interface endpoint hub-ssm .*security group ssm-sg ingress\[0\] admits 0\.0\.0\.0\/0 \(anywhere\); admit only the environment's internal CIDRs/);
        });
        it("passes a source that summarizes adjacent internal CIDRs, flags one that reaches past them", async () => {
            // 10.0.0.0/16 + 10.1.0.0/16 are adjacent: their summary 10.0.0.0/15 admits only internal addresses.
            assert.deepEqual(await runStack(rule, stack([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/15"] }]), config), []);
            const r = mandatory(await runStack(rule, stack([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/14"] }]), config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /10\.0\.0\.0\/14, which is outside/);
        });
        it("flags a CIDR outside the internal ranges", async () => {
            const r = mandatory(await runStack(rule, stack([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["172.16.0.0/12"] }]), config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /172\.16\.0\.0\/12, which is outside/);
        });
        it("flags another port, all protocols, IPv6 and prefix lists", async () => {
            const r = mandatory(
                await runStack(
                    rule,
                    stack([
                        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/16"] },
                        { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/16"] },
                        { protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] },
                        { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-123"] },
                    ]),
                    config,
                ),
            );
            assert.equal(r.length, 4);
            assert.match(r[0].message, /admits port 22; admit only port 443/);
            assert.match(r[1].message, /protocol "-1"/);
            assert.match(r[2].message, /IPv6 source ::\/0/);
            assert.match(r[3].message, /prefix list/);
        });
        it("judges hand-written standalone rules attached to the group", async () => {
            const extra: StackFixture[] = [
                { type: T.securityGroupIngressRule, name: "open-https", props: { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }, deps: { securityGroupId: ["ssm-sg"] } },
                { type: T.securityGroupRule, name: "ssh", props: { type: "ingress", securityGroupId: UNKNOWN, protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/16"] }, deps: { securityGroupId: ["ssm-sg"] } },
                { type: T.securityGroupRule, name: "egress", props: { type: "egress", securityGroupId: UNKNOWN, protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }, deps: { securityGroupId: ["ssm-sg"] } },
            ];
            const r = mandatory(await runStack(rule, stack(undefined, extra), config));
            assert.equal(r.length, 2);
            assert.match(r[0].message, /ingress rule open-https admits 0\.0\.0\.0\/0/);
            assert.match(r[1].message, /security group rule ssh admits port 22/);
        });
        it("admits the SMTP ports for email-smtp", async () => {
            const ingress = [{ protocol: "tcp", fromPort: 587, toPort: 587, cidrBlocks: ["10.0.0.0/16"] }];
            assert.deepEqual(await runStack(rule, stack(ingress, [], { serviceName: `com.amazonaws.${region}.email-smtp` }), config), []);
            assert.equal(mandatory(await runStack(rule, stack(ingress), config)).length, 1);
        });
        describe("the organization's own endpoint services on a port other than 443", () => {
            const on8443 = [{ protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: ["10.0.0.0/16"] }];
            const ported = { ...config, endpointServicePorts: { "organization/landing-zone/prod-payments": [8443] } };
            const fromStack = (stackName: string): StackFixture[] => [
                { type: T.stackReference, name: "ref", props: { name: stackName } },
                { type: T.securityGroup, name: "ssm-sg", props: endpointSecurityGroup(on8443) },
                {
                    type: T.vpcEndpoint,
                    name: "consumer",
                    props: interfaceEndpoint({ serviceName: `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef1`, securityGroupIds: [UNKNOWN], policy: undefined }),
                    deps: { serviceName: ["ref"], securityGroupIds: ["ssm-sg"] },
                },
            ];
            it("admits the port endpointServicePorts gives the publishing stack, and only for that stack", async () => {
                assert.deepEqual(await runStack(rule, fromStack("organization/landing-zone/prod-payments"), ported), []);
                const r = mandatory(await runStack(rule, fromStack("organization/landing-zone/prod-analytics"), ported));
                assert.equal(r.length, 1);
                assert.match(r[0].message, /admits port 8443; admit only port 443/);
                // Without the ports in the config (the finding the review made), 8443 is refused.
                assert.equal(mandatory(await runStack(rule, fromStack("organization/landing-zone/prod-payments"), config)).length, 1);
            });
            it("reads the port from the service's load balancer listener when the service is in this stack (unit all)", async () => {
                const stackOf = (listenerPort: number): StackFixture[] => [
                    { type: T.loadBalancer, name: "svc-nlb", props: { loadBalancerType: "network" } },
                    { type: T.lbListener, name: "svc-listener", props: { loadBalancerArn: UNKNOWN, port: listenerPort, protocol: "TCP" }, deps: { loadBalancerArn: ["svc-nlb"] } },
                    { type: T.vpcEndpointService, name: "svc", props: { networkLoadBalancerArns: [UNKNOWN], acceptanceRequired: true }, deps: { networkLoadBalancerArns: ["svc-nlb"] } },
                    { type: T.securityGroup, name: "ssm-sg", props: endpointSecurityGroup(on8443) },
                    { type: T.vpcEndpoint, name: "consumer", props: interfaceEndpoint({ serviceName: UNKNOWN, securityGroupIds: [UNKNOWN], policy: undefined }), deps: { serviceName: ["svc"], securityGroupIds: ["ssm-sg"] } },
                ];
                assert.deepEqual(mandatory(await runStack(rule, stackOf(8443), config)), []);
                const r = mandatory(await runStack(rule, stackOf(9443), config));
                assert.equal(r.length, 1);
                assert.match(r[0].message, /admits port 8443; admit only port 9443/);
            });
        });
        it("flags an interface endpoint with no security group (default group applies)", async () => {
            const r = mandatory(await runStack(rule, [{ type: T.vpcEndpoint, name: "e", props: interfaceEndpoint({ securityGroupIds: [] }) }], config));
            assert.match(r[0].message, /uses the VPC.s default security group/);
        });
        it("notes unknown CIDRs and unknown group ids instead of failing", async () => {
            let r = await runStack(rule, stack([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [UNKNOWN] }]), config);
            assert.deepEqual(mandatory(r), []);
            assert.match(advisory(r)[0].message, /could not decide during preview: security group ssm-sg ingress\[0\] source CIDR/);
            r = await runStack(rule, [{ type: T.vpcEndpoint, name: "e", props: interfaceEndpoint({ securityGroupIds: UNKNOWN_ARRAY }) }], config);
            assert.deepEqual(mandatory(r), []);
            assert.equal(advisory(r).length, 1);
        });
    });

    describe("endpoints-vpc-endpoint-gateway-unique", () => {
        const rule = endpointsVpcEndpointGatewayUnique;
        const vpc: StackFixture = { type: T.vpc, name: "spoke-vpc", props: { cidrBlock: "10.1.0.0/16" } };
        it("passes one S3 and one DynamoDB endpoint per VPC", async () => {
            const r = await runStack(rule, [
                vpc,
                { type: T.vpcEndpoint, name: "s3", props: gatewayEndpoint({ vpcId: UNKNOWN }), deps: { vpcId: ["spoke-vpc"] } },
                { type: T.vpcEndpoint, name: "ddb", props: gatewayEndpoint({ vpcId: UNKNOWN, serviceName: `com.amazonaws.${region}.dynamodb` }), deps: { vpcId: ["spoke-vpc"] } },
            ]);
            assert.deepEqual(r, []);
        });
        it("flags a second S3 gateway endpoint in the same VPC", async () => {
            const r = mandatory(await runStack(rule, [
                vpc,
                { type: T.vpcEndpoint, name: "s3", props: gatewayEndpoint({ vpcId: UNKNOWN }), deps: { vpcId: ["spoke-vpc"] } },
                { type: T.vpcEndpoint, name: "s3-again", props: gatewayEndpoint({ vpcId: UNKNOWN }), deps: { vpcId: ["spoke-vpc"] } },
            ]));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /s3-again is a second .*s3 gateway endpoint in VPC spoke-vpc \(the first is s3\); remove it/);
        });
    });

    describe("endpoints-vpc-endpoint-no-private-dns-in-spoke", () => {
        const rule = endpointsVpcEndpointNoPrivateDnsInSpoke;
        const vpc = (name: string, role: string): StackFixture => ({ type: T.vpc, name, props: { cidrBlock: "10.0.0.0/16", tags: { "landing-zone:role": role } } });
        const ep = (name: string, vpcName: string, overrides: Record<string, unknown> = {}): StackFixture => ({ type: T.vpcEndpoint, name, props: interfaceEndpoint({ vpcId: UNKNOWN, ...overrides }), deps: { vpcId: [vpcName] } });
        it("passes the hub's private-DNS endpoint and a spoke endpoint for a service that is not centralized", async () => {
            assert.deepEqual(await runStack(rule, [vpc("hub", "hub"), ep("hub-ssm", "hub"), vpc("spoke", "spoke"), ep("spoke-s3", "spoke", { serviceName: `com.amazonaws.${region}.s3` })], config), []);
        });
        it("flags a spoke's private-DNS endpoint for a centralized service", async () => {
            const r = mandatory(await runStack(rule, [vpc("spoke", "spoke"), ep("spoke-ssm", "spoke")], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /spoke-ssm enables private DNS \(privateDnsEnabled of spoke-ssm\) for com\.amazonaws\.us-east-1\.ssm, which the hub centralizes, in spoke VPC spoke; remove it/);
        });
        it("passes the same endpoint with private DNS off", async () => {
            assert.deepEqual(await runStack(rule, [vpc("spoke", "spoke"), ep("spoke-ssm", "spoke", { privateDnsEnabled: false })], config), []);
        });
        it("sees private DNS turned on apart from the endpoint (aws.vpc.EndpointPrivateDns, a modifier)", async () => {
            const dns = (enabled: unknown): StackFixture => ({ type: T.vpcEndpointPrivateDns, name: "spoke-ssm-dns", props: { vpcEndpointId: UNKNOWN, privateDnsEnabled: enabled }, deps: { vpcEndpointId: ["spoke-ssm"] } });
            const off = ep("spoke-ssm", "spoke", { privateDnsEnabled: undefined });
            const r = mandatory(await runStack(rule, [vpc("spoke", "spoke"), off, dns(true)], config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /spoke-ssm enables private DNS \(EndpointPrivateDns spoke-ssm-dns\)/);
            assert.deepEqual(await runStack(rule, [vpc("spoke", "spoke"), off, dns(false)], config), []);
            assert.deepEqual(mandatory(await runStack(rule, [vpc("spoke", "spoke"), off, dns(UNKNOWN_BOOL)], config)), []);
            assert.match(advisory(await runStack(rule, [vpc("spoke", "spoke"), off, dns(UNKNOWN_BOOL)], config))[0].message, /EndpointPrivateDns spoke-ssm-dns/);
        });
        it("a PrivateLink consumer of the organization's own service turning private DNS on is not a centralized service (its name unknown at preview)", async () => {
            const fixtures: StackFixture[] = [
                vpc("spoke", "spoke"),
                { type: T.vpcEndpointService, name: "payments-api-service", props: { acceptanceRequired: true, networkLoadBalancerArns: [UNKNOWN] } },
                { ...ep("consumer", "spoke", { serviceName: UNKNOWN, privateDnsEnabled: undefined, policy: undefined }), deps: { vpcId: ["spoke"], serviceName: ["payments-api-service"] } },
                { type: T.vpcEndpointPrivateDns, name: "consumer-dns", props: { vpcEndpointId: UNKNOWN, privateDnsEnabled: true }, deps: { vpcEndpointId: ["consumer"] } },
            ];
            assert.deepEqual(await runStack(rule, fixtures, config), []);
        });
        it("treats an awsx VPC component's tags as the VPC's", async () => {
            const r = mandatory(await runStack(rule, [{ type: T.awsxVpc, name: "spoke", props: { tags: { "landing-zone:role": "spoke" } } }, ep("e", "spoke")], config));
            assert.equal(r.length, 1);
        });
    });
});
