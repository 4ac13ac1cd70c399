/**
 * Detective controls under mocks: the organization-only audit bus, the evaluator and its
 * Config-rule sibling bundled with esbuild, one forwarder per governed account built by
 * the unit that first deploys into it; and the bundle itself, run end to end.
 */
import { DescribeVpcEndpointServicesCommand } from "@aws-sdk/client-ec2";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { PublishCommand } from "@aws-sdk/client-sns";
import { mockGovernanceClients } from "./sdk-mocks";
import * as assert from "assert";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import { bundleLambda, governanceEventPattern, inspectorProfilesConfig } from "../../components/detective-controls";
import { buildDetectiveControls, buildGovernanceForUnit, governedAccountsOfUnit } from "../../program/privatelink";
import { contextFor, record } from "../support/recording-mocks";
import { policyOf, prodLike } from "./definitions";

const T = {
    bus: "aws:cloudwatch/eventBus:EventBus",
    busPolicy: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    fn: "aws:lambda/function:Function",
    configRule: "aws:cfg/rule:Rule",
    role: "aws:iam/role:Role",
};

describe("privatelink detective controls (unit all)", () => {
    const definition = prodLike();
    let run: Awaited<ReturnType<typeof record>>;
    before(async () => {
        run = await record(() => buildDetectiveControls(contextFor(definition, { singleGraph: true })));
    });

    it("admits only the organization to the audit bus", () => {
        const buses = run.mocks.ofType(T.bus);
        assert.deepStrictEqual(buses.map((b) => b.inputs.name), ["prod-privatelink-governance"]);
        const policy = policyOf(run.mocks.ofType(T.busPolicy)[0]);
        assert.deepStrictEqual(policy.Statement, [
            {
                Sid: "OrganizationForwardsGovernanceEvents",
                Effect: "Allow",
                Principal: "*",
                Action: "events:PutEvents",
                Resource: "arn:aws:events:us-east-1:100000000003:event-bus/prod-privatelink-governance",
                Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
            },
        ]);
    });

    it("forwards the three governed calls from every governed account to the audit bus", () => {
        const rules = run.mocks.ofType(T.rule);
        for (const rule of rules) assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern), governanceEventPattern());
        assert.deepStrictEqual((governanceEventPattern() as any).detail.eventName, ["CreateVpcEndpoint", "AcceptVpcEndpointConnections", "ModifyVpcEndpointServicePermissions"]);
        const forwarders = run.mocks.ofType(T.target).filter((t) => t.inputs.roleArn !== undefined);
        // management, network, security, payments-prod, orders-prod, research (two spokes, one account)
        assert.strictEqual(forwarders.length, 6);
        for (const f of forwarders) assert.strictEqual(f.inputs.arn, "arn:aws:events:us-east-1:100000000003:event-bus/prod-privatelink-governance");
        const central = run.mocks.ofType(T.target).filter((t) => t.inputs.roleArn === undefined);
        assert.deepStrictEqual(central.map((t) => t.inputs.arn), ["arn:aws:mock:us-east-1:111111111111:prod-governance-evaluator"]);
    });

    it("deploys the evaluator with the exact allow list, the trusted accounts and an inspector profile per governed account", () => {
        const evaluator = run.mocks.ofType(T.fn).find((f) => f.inputs.name === "prod-privatelink-governance-evaluator")!;
        const env = evaluator.inputs.environment.variables;
        assert.deepStrictEqual(JSON.parse(env.APPROVED_SERVICE_NAMES), ["com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890"]);
        assert.deepStrictEqual(JSON.parse(env.TRUSTED_ACCOUNTS), ["464622532012"]);
        assert.strictEqual(env.TOPIC_ARN, "arn:aws:sns:us-east-1:100000000003:prod-privatelink-governance");
        const evaluatorPolicy = policyOf(run.mocks.named("prod-governance-evaluator-policy"));
        const assume = evaluatorPolicy.Statement.find((s: any) => s.Action === "sts:AssumeRole");
        assert.strictEqual(assume.Resource.length, 6);
        assert.ok(assume.Resource.includes("arn:aws:iam::400000000001:role/prod-pl-gov-inspector"));
    });

    it("lets only the evaluator's role assume an inspector, which may only read PrivateLink", () => {
        const inspector = run.mocks.ofType(T.role).find((r) => r.name === "prod-governance-orders-prod-inspector-role")!;
        const trust = policyOf(inspector, "assumeRolePolicy");
        assert.deepStrictEqual(trust.Statement[0].Principal, { AWS: "arn:aws:iam::100000000003:root" });
        assert.deepStrictEqual(trust.Statement[0].Condition, { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::100000000003:role/prod-pl-gov-evaluator" } });
        const policy = policyOf(run.mocks.named("prod-governance-orders-prod-inspector-policy"));
        assert.deepStrictEqual(policy.Statement[0].Action, ["ec2:DescribeVpcEndpointServices", "ec2:DescribeVpcEndpointConnections"]);
    });

    it("puts a Config custom rule on the account's endpoint services in every governed account", () => {
        const rules = run.mocks.ofType(T.configRule);
        assert.strictEqual(rules.length, 6);
        for (const r of rules) {
            assert.strictEqual(r.inputs.source.owner, "CUSTOM_LAMBDA");
            assert.deepStrictEqual(r.inputs.scope.complianceResourceTypes, ["AWS::EC2::VPCEndpointService"]);
            assert.deepStrictEqual(r.inputs.source.sourceDetails.map((d: any) => d.messageType).sort(), ["ConfigurationItemChangeNotification", "ScheduledNotification"]);
        }
    });
});

describe("privatelink governance per unit", () => {
    const definition = prodLike();

    it("each account's forwarder belongs to the first unit deploying into it", () => {
        assert.deepStrictEqual(governedAccountsOfUnit(definition, "org"), ["management"]);
        assert.deepStrictEqual(governedAccountsOfUnit(definition, "network"), ["network"]);
        assert.deepStrictEqual(governedAccountsOfUnit(definition, "security"), ["security"]);
        assert.deepStrictEqual(governedAccountsOfUnit(definition, "research"), ["research"]);
        assert.deepStrictEqual(governedAccountsOfUnit(definition, "research-scratch"), []);
        assert.deepStrictEqual(governedAccountsOfUnit(prodLike({ security: undefined }), "research"), []);
    });

    it("a spoke stack builds its account's forwarder and nothing of the audit side", async () => {
        const { mocks } = await record(() => buildGovernanceForUnit(contextFor(definition, { singleGraph: false }), "orders-prod"));
        assert.strictEqual(mocks.ofType(T.bus).length, 0);
        assert.strictEqual(mocks.ofType(T.configRule).length, 1);
        assert.strictEqual(mocks.ofType(T.target).length, 1);
    });

    it("the security stack builds the audit side and the security account's own forwarder", async () => {
        const { mocks } = await record(() => buildDetectiveControls(contextFor(definition, { singleGraph: false })));
        assert.strictEqual(mocks.ofType(T.bus).length, 1);
        assert.strictEqual(mocks.ofType(T.configRule).length, 1);
    });

    it("a definition without a security account builds no governance", async () => {
        const { mocks } = await record(() => buildDetectiveControls(contextFor(prodLike({ security: undefined }), { singleGraph: true })));
        assert.deepStrictEqual(mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"), []);
    });
});

describe("privatelink Lambda bundles", () => {
    const sdk = mockGovernanceClients();

    /** Loads a bundle as the Lambda runtime would, resolving the (external) AWS SDK from node_modules. */
    function load(code: string): { handler(event: unknown): Promise<unknown> } {
        const mod = { exports: {} as Record<string, unknown> };
        const requireFromRoot = createRequire(path.resolve(__dirname, "..", "..", "index.ts"));
        new Function("module", "exports", "require", "__dirname", code)(mod, mod.exports, requireFromRoot, "/var/task");
        return mod.exports as never;
    }

    it("bundles the evaluator into one file that keeps the SDK external and flags an unapproved third-party service", async () => {
        const code = bundleLambda("governance/handler.ts");
        assert.ok(!code.includes("class EC2Client"), "the AWS SDK must not be bundled");
        assert.match(code, /require\("@aws-sdk\/client-ec2"\)/);
        sdk.ec2.on(DescribeVpcEndpointServicesCommand).resolves({ ServiceDetails: [{ ServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0badc0ffee1234567", Owner: "999988887777" }] });
        sdk.orgs.on(ListAccountsCommand).resolves({ Accounts: [{ Id: "200000000002" }] });
        sdk.sns.on(PublishCommand).resolves({ MessageId: "1" });
        const saved = { ...process.env };
        Object.assign(process.env, { TOPIC_ARN: "arn:aws:sns:us-east-1:100000000003:t", APPROVED_SERVICE_NAMES: "[]", TRUSTED_ACCOUNTS: "[]", AWS_REGION: "us-east-1" });
        const log = console.log;
        console.log = () => undefined;
        try {
            const event = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "create-vpc-endpoint-third-party.json"), "utf8"));
            const findings = (await load(code).handler(event)) as { verdict: string }[];
            assert.deepStrictEqual(findings.map((f) => f.verdict), ["violation"]);
            assert.strictEqual(sdk.sns.commandCalls(PublishCommand).length, 1);
        } finally {
            console.log = log;
            process.env = saved;
        }
    });

    it("bundles the Config rule function", () => {
        const code = bundleLambda("config-rule/handler.ts");
        assert.strictEqual(typeof load(code).handler, "function");
    });

    it("writes one assume-role profile per governed account for the SDK's own role chaining", () => {
        assert.strictEqual(
            inspectorProfilesConfig({ "200000000002": "arn:aws:iam::200000000002:role/prod-pl-gov-inspector" }),
            "[profile inspector-200000000002]\nrole_arn = arn:aws:iam::200000000002:role/prod-pl-gov-inspector\ncredential_source = Environment\nrole_session_name = privatelink-governance\n",
        );
    });
});
