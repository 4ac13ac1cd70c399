/**
 * PrivateLink governance detective controls.
 *
 *  - GovernanceAudit (security account): in the home Region, a custom EventBridge bus
 *    whose policy admits only the organization, the evaluator Lambda behind it, the
 *    routing of Config-rule results and failures; in every governed Region, the alert
 *    topic (with its own key, so alarms and rules may publish to it), the dead-letter
 *    queue of that Region's EventBridge targets and its alarm.
 *  - GovernanceForwarder (every governed account): in every governed Region, rules on the
 *    default bus forwarding the governed PrivateLink calls, the Config rule's NON_COMPLIANT
 *    results and its function's failures to the audit bus (cross-account and, outside the
 *    home Region, cross-Region), and the AWS Config custom rule on the account's endpoint
 *    services; once per account, the read-only inspector role the evaluator assumes.
 *
 * Nothing is lost: every EventBridge target has a retry policy and a dead-letter queue
 * (in the security account, in the rule's Region, as EventBridge requires); every Lambda
 * has an on-failure destination; every queue has an alarm on the alert topic of its
 * Region. An alarm only ever notifies a topic of its own account and Region; what crosses
 * accounts or Regions travels through EventBridge, which supports both.
 *
 * Why the preventive SCPs are not enough: there is no condition key for acceptance, an
 * auto-accepted connection leaves no AcceptVpcEndpointConnections event, and the
 * management account is outside every SCP.
 *
 * Real-deploy prerequisites (outside this program): a CloudTrail trail logging management
 * events in each governed account and Region (EventBridge receives "AWS API Call via
 * CloudTrail" only then); an AWS Config recorder recording AWS::EC2::VPCEndpointService in
 * each governed account and Region (for the Config rule); the security account registered
 * as an AWS Organizations delegated administrator that may call ListAccounts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";
import * as path from "path";
import { changeTriggerMessageTypes, endpointServiceResourceType, messageTypes } from "../aws/config-rule-events";
import { eventBridgeRetry, lambdaAsync, sqsMaxRetentionSeconds } from "../aws/event-delivery";
import {
    alertKeyPolicy,
    alertTopicPolicy,
    arns,
    auditBusPolicy,
    complianceAlertTransformer,
    compliancePattern,
    configRuleFunctionPolicy,
    evaluatorPolicy,
    failedQueuePolicy,
    forwarderNames,
    forwarderPolicy,
    governanceEventPattern,
    governanceNames,
    inspectorPolicy,
    inspectorProfilesConfig,
    inspectorTrustPolicy,
    ruleFailurePattern,
    serviceAssumeRolePolicy,
    undeliveredQueuePolicy,
} from "./governance-documents";

export * from "./governance-documents";

// ---- Lambda bundles ----------------------------------------------------------------

/** Lambda runtime of the governance functions; its bundled AWS SDK v3 provides the clients. */
export const lambdaRuntime = "nodejs22.x";

const bundles = new Map<string, string>();

/**
 * Bundles a Lambda entry (TypeScript under lambda/) into one CommonJS file with esbuild.
 * The AWS SDK stays external: the Node.js runtime ships it, which keeps the code a few
 * kilobytes instead of megabytes per function and per account. The AWS facts the code
 * reads (aws/) are inlined. One bundle per entry per process: the sources do not change
 * while a program runs.
 */
export function bundleLambda(entry: string): string {
    let code = bundles.get(entry);
    if (code === undefined) {
        const result = buildSync({
            entryPoints: [path.resolve(__dirname, "..", "lambda", entry)],
            bundle: true,
            platform: "node",
            target: "node22",
            format: "cjs",
            external: ["@aws-sdk/*"],
            write: false,
            legalComments: "none",
            logLevel: "silent",
        });
        code = result.outputFiles[0].text;
        bundles.set(entry, code);
    }
    return code;
}

// ---- shared pieces ---------------------------------------------------------------------

/**
 * The governed Regions with the home Region first. Children in the home Region keep the
 * provider's Region (and their historical names); the others name theirs and set the
 * resource-level `region` of @pulumi/aws v7, so one provider per account serves them all.
 */
function regionsOf(home: string, regions: string[] | undefined): string[] {
    return [home, ...[...new Set(regions ?? [])].filter((r) => r !== home).sort()];
}

function regional(home: string, region: string): { region?: string } {
    return region === home ? {} : { region };
}

function regionalName(name: string, home: string, region: string, suffix: string): string {
    return region === home ? `${name}-${suffix}` : `${name}-${region}-${suffix}`;
}

/** An alarm on a queue that should stay empty: any message is an event or evaluation that did not go through. */
function queueAlarm(
    name: string,
    args: { alarmName: string; queueName: string; topicArn: pulumi.Input<string>; description: string; region: string; home: string; tags: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
        name,
        {
            ...regional(args.home, args.region),
            name: args.alarmName,
            alarmDescription: args.description,
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: args.queueName },
            statistic: "Maximum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [args.topicArn],
            tags: args.tags,
        },
        opts,
    );
}

function deadLetterQueue(
    name: string,
    args: { queueName: string; region: string; home: string; tags: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): aws.sqs.Queue {
    return new aws.sqs.Queue(
        name,
        { ...regional(args.home, args.region), name: args.queueName, messageRetentionSeconds: sqsMaxRetentionSeconds, sqsManagedSseEnabled: true, tags: args.tags },
        opts,
    );
}

// ---- the audit side ------------------------------------------------------------------

export interface GovernanceAuditArgs {
    /** Environment name: prefixes every fixed name. */
    environment: string;
    /** Security account id (owner of the bus, the evaluator, the topics and the queues). */
    accountId: string;
    /** The home Region: the audit bus and the evaluator live there. */
    region: string;
    /**
     * Every Region the environment uses (endpoint services, endpoints, later hubs): each
     * gets an alert topic and a dead-letter queue with its alarm, for the forwarders there.
     * @default [region]
     */
    regions?: string[];
    /** `aws`, `aws-us-gov` or `aws-cn`. @default "aws" */
    partition?: string;
    /** Organization whose accounts may put events on the bus. @default none: `governedAccountIds` only, and they are the evaluator's members */
    organizationId?: string;
    /** Accounts that forward events: they get an inspector profile and may dead-letter into the queues. */
    governedAccountIds: string[];
    /**
     * The unit that owns each governed account's forwarder (account id → unit), as given to
     * its GovernanceForwarder `owner`: the inspector role assumed there carries its tag.
     * @default {}: the bare names
     */
    forwarderOwners?: Record<string, string>;
    /** Third-party endpoint service names consumers may use (exact names). @default [] */
    approvedServiceNames?: string[];
    /** Third-party accounts trusted as consumers, principals and resource owners. @default [] */
    trustedAccounts?: string[];
    /** The only role allowed to administer endpoint services. @default "NetworkAdmin" */
    networkAdminRole?: string;
    /** E-mail addresses subscribed to the alert topic of every Region. @default [] */
    alertEmails?: string[];
    /** Days to keep the evaluator's logs. @default 365 */
    logRetentionDays?: number;
    /** Tags for every child that takes them. @default {} */
    tags?: Record<string, string>;
}

/** The audit side: organization-only bus → evaluator Lambda → alert topics; queues and alarms for what fails. */
export class GovernanceAudit extends pulumi.ComponentResource {
    public readonly busArn: pulumi.Output<string>;
    /** The home Region's alert topic. */
    public readonly topicArn: pulumi.Output<string>;
    public readonly evaluatorArn: pulumi.Output<string>;
    /** Alert topic ARN by Region. */
    public readonly topicArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: GovernanceAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:GovernanceAudit", name, {}, opts);
        const child = { parent: this };
        const p = args.partition ?? "aws";
        const home = args.region;
        const account = args.accountId;
        const names = governanceNames(args.environment);
        const tags = args.tags ?? {};
        const regions = regionsOf(home, args.regions);
        const topicArn = (r: string) => arns.topic(p, r, account, names.topic);
        const busArn = arns.bus(p, home, account, names.bus);
        const failedQueueArn = arns.queue(p, home, account, names.failedQueue);
        const undeliveredArn = (r: string) => arns.queue(p, r, account, names.undeliveredQueue);
        const inspectors: Record<string, string> = {};
        for (const id of args.governedAccountIds) inspectors[id] = arns.role(p, id, forwarderNames(args.environment, args.forwarderOwners?.[id]).inspectorRole);

        // Per Region: the alert topic (own key: alarms and rules cannot use the AWS managed
        // key), the dead-letter queue of the Region's EventBridge targets, and its alarm.
        const topics: Record<string, aws.sns.Topic> = {};
        for (const r of regions) {
            const inRegion = regional(home, r);
            const key = new aws.kms.Key(
                regionalName(name, home, r, "alerts-key"),
                { ...inRegion, description: `Encrypts the ${args.environment} PrivateLink governance alerts`, enableKeyRotation: true, policy: JSON.stringify(alertKeyPolicy(p, account)), tags },
                child,
            );
            new aws.kms.Alias(regionalName(name, home, r, "alerts-key-alias"), { ...inRegion, name: names.keyAlias, targetKeyId: key.keyId }, child);
            const topic = new aws.sns.Topic(regionalName(name, home, r, "topic"), { ...inRegion, name: names.topic, kmsMasterKeyId: key.arn, tags }, child);
            new aws.sns.TopicPolicy(regionalName(name, home, r, "topic-policy"), { ...inRegion, arn: topic.arn, policy: JSON.stringify(alertTopicPolicy(topicArn(r), account)) }, child);
            (args.alertEmails ?? []).forEach(
                (email, i) => new aws.sns.TopicSubscription(regionalName(name, home, r, `alert-${i}`), { ...inRegion, topic: topic.arn, protocol: "email", endpoint: email }, child),
            );
            topics[r] = topic;

            const queue = deadLetterQueue(regionalName(name, home, r, "undelivered"), { queueName: names.undeliveredQueue, region: r, home, tags }, child);
            new aws.sqs.QueuePolicy(
                regionalName(name, home, r, "undelivered-policy"),
                { ...inRegion, queueUrl: queue.url, policy: JSON.stringify(undeliveredQueuePolicy(undeliveredArn(r), p, r, args.environment, [account, ...args.governedAccountIds])) },
                child,
            );
            queueAlarm(
                regionalName(name, home, r, "undelivered-alarm"),
                {
                    alarmName: names.undeliveredAlarm,
                    queueName: names.undeliveredQueue,
                    topicArn: topic.arn,
                    region: r,
                    home,
                    tags,
                    description: `PrivateLink governance events in ${r} that EventBridge could not deliver after its retries; they are in ${names.undeliveredQueue} for 14 days. Replay them (README, "Replaying").`,
                },
                { parent: this, dependsOn: [topic] },
            );
        }

        const bus = new aws.cloudwatch.EventBus(`${name}-bus`, { name: names.bus, tags }, child);
        new aws.cloudwatch.EventBusPolicy(
            `${name}-bus-policy`,
            { eventBusName: bus.name, policy: JSON.stringify(auditBusPolicy(busArn, args.organizationId, args.governedAccountIds, p)) },
            child,
        );

        // Lambda invocations that failed every attempt: the evaluator's (its on-failure
        // destination) and the Config rules' (forwarded from the governed accounts).
        const failed = deadLetterQueue(`${name}-failed`, { queueName: names.failedQueue, region: home, home, tags }, child);
        const ruleFailuresRuleArn = arns.rule(p, home, account, names.ruleFailuresRule, names.bus);
        new aws.sqs.QueuePolicy(`${name}-failed-policy`, { queueUrl: failed.url, policy: JSON.stringify(failedQueuePolicy(failedQueueArn, ruleFailuresRuleArn)) }, child);
        queueAlarm(
            `${name}-failed-alarm`,
            {
                alarmName: names.failedAlarm,
                queueName: names.failedQueue,
                topicArn: topics[home].arn,
                region: home,
                home,
                tags,
                description: `PrivateLink governance evaluations that failed every attempt (the evaluator, or a Config rule in a governed account); the records are in ${names.failedQueue} for 14 days. Replay them (README, "Replaying").`,
            },
            { parent: this, dependsOn: [topics[home]] },
        );

        const role = new aws.iam.Role(`${name}-evaluator-role`, { name: names.evaluatorRole, assumeRolePolicy: JSON.stringify(serviceAssumeRolePolicy("lambda.amazonaws.com", account)), tags }, child);
        new aws.iam.RolePolicy(
            `${name}-evaluator-policy`,
            {
                role: role.name,
                policy: JSON.stringify(
                    evaluatorPolicy({
                        partition: p,
                        region: home,
                        accountId: account,
                        topicArn: topicArn(home),
                        keyAlias: names.keyAlias,
                        failedQueueArn,
                        inspectorRoleArns: Object.values(inspectors),
                        functionName: names.evaluatorFunction,
                        readOrganization: args.organizationId !== undefined,
                    }),
                ),
            },
            child,
        );
        const logs = new aws.cloudwatch.LogGroup(`${name}-evaluator-logs`, { name: `/aws/lambda/${names.evaluatorFunction}`, retentionInDays: args.logRetentionDays ?? 365, tags }, child);
        const evaluator = new aws.lambda.Function(
            `${name}-evaluator`,
            {
                name: names.evaluatorFunction,
                description: "Judges PrivateLink calls by the owner of what they connect to, an exact allow list, every page of the organization's accounts and the caller; fails closed",
                runtime: lambdaRuntime,
                handler: "index.handler",
                role: role.arn,
                // Room for retried lookups (shared/retry.ts: at most 3 s of waiting per call).
                timeout: 120,
                memorySize: 256,
                code: new pulumi.asset.AssetArchive({
                    "index.js": new pulumi.asset.StringAsset(bundleLambda("governance/handler.ts")),
                    "aws-config": new pulumi.asset.StringAsset(inspectorProfilesConfig(inspectors)),
                }),
                environment: {
                    variables: {
                        TOPIC_ARN: topicArn(home),
                        APPROVED_SERVICE_NAMES: JSON.stringify([...new Set(args.approvedServiceNames ?? [])].sort()),
                        TRUSTED_ACCOUNTS: JSON.stringify([...new Set(args.trustedAccounts ?? [])].sort()),
                        NETWORK_ADMIN_ROLE: args.networkAdminRole ?? "NetworkAdmin",
                        // Without an organization, membership is the environment's accounts.
                        ...(args.organizationId ? {} : { MEMBER_ACCOUNTS: JSON.stringify([...new Set([account, ...args.governedAccountIds])].sort()) }),
                        AWS_CONFIG_FILE: "/var/task/aws-config",
                    },
                },
                tags,
            },
            { parent: this, dependsOn: [logs] },
        );
        new aws.lambda.FunctionEventInvokeConfig(
            `${name}-evaluator-async`,
            {
                functionName: evaluator.name,
                maximumRetryAttempts: lambdaAsync.maxRetryAttempts,
                maximumEventAgeInSeconds: lambdaAsync.maxEventAgeSeconds,
                destinationConfig: { onFailure: { destination: failed.arn } },
            },
            child,
        );

        // Audit bus rules: governed calls → evaluator; Config results → alert; Config-rule failures → queue.
        const dlq = { deadLetterConfig: { arn: undeliveredArn(home) }, retryPolicy: { maximumRetryAttempts: eventBridgeRetry.maxAttempts, maximumEventAgeInSeconds: eventBridgeRetry.maxEventAgeSeconds } };
        const evaluate = new aws.cloudwatch.EventRule(
            `${name}-rule`,
            { name: names.evaluateRule, eventBusName: bus.name, description: "Governed PrivateLink calls from the organization", eventPattern: JSON.stringify(governanceEventPattern()), tags },
            child,
        );
        const permission = new aws.lambda.Permission(
            `${name}-invoke`,
            { function: evaluator.name, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: evaluate.arn },
            child,
        );
        new aws.cloudwatch.EventTarget(`${name}-target`, { rule: evaluate.name, eventBusName: bus.name, arn: evaluator.arn, ...dlq }, { parent: this, dependsOn: [permission] });

        const compliance = new aws.cloudwatch.EventRule(
            `${name}-compliance-rule`,
            {
                name: names.complianceAlertRule,
                eventBusName: bus.name,
                description: "NON_COMPLIANT endpoint services found by the Config rule in a governed account",
                // Every governed account's rule, whichever unit owns it (forwarderNames).
                eventPattern: JSON.stringify(compliancePattern({ prefix: names.configRule })),
                tags,
            },
            child,
        );
        new aws.cloudwatch.EventTarget(
            `${name}-compliance-target`,
            { rule: compliance.name, eventBusName: bus.name, arn: topics[home].arn, inputTransformer: complianceAlertTransformer(), ...dlq },
            child,
        );
        const ruleFailures = new aws.cloudwatch.EventRule(
            `${name}-rule-failures-rule`,
            { name: names.ruleFailuresRule, eventBusName: bus.name, description: "Config rule invocations that failed every attempt in a governed account", eventPattern: JSON.stringify(ruleFailurePattern()), tags },
            child,
        );
        new aws.cloudwatch.EventTarget(`${name}-rule-failures-target`, { rule: ruleFailures.name, eventBusName: bus.name, arn: failed.arn, ...dlq }, child);

        this.busArn = bus.arn;
        this.topicArn = topics[home].arn;
        this.evaluatorArn = evaluator.arn;
        this.topicArns = Object.fromEntries(Object.entries(topics).map(([r, t]) => [r, t.arn]));
        this.registerOutputs({ busArn: this.busArn, topicArn: this.topicArn, evaluatorArn: this.evaluatorArn, topicArns: this.topicArns });
    }
}

// ---- a governed account's side ---------------------------------------------------------

export interface GovernanceForwarderArgs {
    /** Environment name: prefixes every fixed name. */
    environment: string;
    /** The governed account's id. */
    accountId: string;
    /** The home Region (the audit bus's). */
    region: string;
    /**
     * Every Region the environment uses: each gets the forwarding rules and the Config rule.
     * @default [region]
     */
    regions?: string[];
    /** `aws`, `aws-us-gov` or `aws-cn`. @default "aws" */
    partition?: string;
    /**
     * The Region of the provider in `opts`: resources of every other Region name theirs
     * (resource-level `region`). A stack of a spoke in another hub Region than the home Region
     * deploys with that Region's provider. @default region
     */
    providerRegion?: string;
    /** Security account id (owner of the audit bus and the evaluator). */
    securityAccountId: string;
    /** Deploy the AWS Config rule for the account's endpoint services. @default true */
    configRule?: boolean;
    /** Days to keep the Config rule function's logs. @default 365 */
    logRetentionDays?: number;
    /** Tags for every child that takes them. @default {} */
    tags?: Record<string, string>;
    /**
     * The unit (stack) that owns this account's forwarder: the physical names carry its tag
     * (forwarderNames), so a stack taking the account over creates its own set instead of
     * colliding with the old owner's. @default none: the bare names
     */
    owner?: string;
}

/** A governed account's side: forwarding rules and Config rule in every governed Region, inspector role once. */
export class GovernanceForwarder extends pulumi.ComponentResource {
    /** ARN of the home Region's governed-calls forwarding rule. */
    public readonly ruleArn: pulumi.Output<string>;

    constructor(name: string, args: GovernanceForwarderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:GovernanceForwarder", name, {}, opts);
        const child = { parent: this };
        const p = args.partition ?? "aws";
        const home = args.region;
        const account = args.accountId;
        const names = { ...governanceNames(args.environment), ...forwarderNames(args.environment, args.owner) };
        const tags = args.tags ?? {};
        const regions = regionsOf(home, args.regions);
        const withConfigRule = args.configRule ?? true;
        const busArn = arns.bus(p, home, args.securityAccountId, names.bus);
        const evaluatorRoleArn = arns.role(p, args.securityAccountId, names.evaluatorRole);

        // Account-wide (IAM is global).
        const forwarderRole = new aws.iam.Role(
            `${name}-forwarder-role`,
            { name: names.forwarderRole, assumeRolePolicy: JSON.stringify(serviceAssumeRolePolicy("events.amazonaws.com", account)), tags },
            child,
        );
        new aws.iam.RolePolicy(`${name}-forwarder-policy`, { role: forwarderRole.name, policy: JSON.stringify(forwarderPolicy(busArn)) }, child);
        const inspector = new aws.iam.Role(
            `${name}-inspector-role`,
            { name: names.inspectorRole, assumeRolePolicy: JSON.stringify(inspectorTrustPolicy(p, args.securityAccountId, evaluatorRoleArn)), tags },
            child,
        );
        new aws.iam.RolePolicy(`${name}-inspector-policy`, { role: inspector.name, policy: JSON.stringify(inspectorPolicy()) }, child);
        let configRole: aws.iam.Role | undefined;
        if (withConfigRule) {
            configRole = new aws.iam.Role(
                `${name}-config-role`,
                { name: names.configRole, assumeRolePolicy: JSON.stringify(serviceAssumeRolePolicy("lambda.amazonaws.com", account)), tags },
                child,
            );
            new aws.iam.RolePolicy(`${name}-config-policy`, { role: configRole.name, policy: JSON.stringify(configRuleFunctionPolicy(p, regions, account, names.configFunction)) }, child);
        }

        let homeRule: aws.cloudwatch.EventRule | undefined;
        for (const r of regions) {
            // (Names stay after the home Region: they, hence the URNs, do not depend on the provider.)
            const inRegion = regional(args.providerRegion ?? home, r);
            // Every target: EventBridge's full retry window, then the security account's
            // dead-letter queue of this Region (EventBridge requires the rule's Region).
            const delivery = {
                roleArn: forwarderRole.arn,
                deadLetterConfig: { arn: arns.queue(p, r, args.securityAccountId, names.undeliveredQueue) },
                retryPolicy: { maximumRetryAttempts: eventBridgeRetry.maxAttempts, maximumEventAgeInSeconds: eventBridgeRetry.maxEventAgeSeconds },
            };
            const forward = (suffix: string, ruleName: string, description: string, pattern: object): aws.cloudwatch.EventRule => {
                const rule = new aws.cloudwatch.EventRule(regionalName(name, home, r, `${suffix}rule`), { ...inRegion, name: ruleName, description, eventPattern: JSON.stringify(pattern), tags }, child);
                new aws.cloudwatch.EventTarget(regionalName(name, home, r, `${suffix}target`), { ...inRegion, rule: rule.name, arn: busArn, ...delivery }, child);
                return rule;
            };
            const calls = forward("", names.forwardCallsRule, "Forward governed PrivateLink calls to the audit bus", governanceEventPattern());
            if (r === home) homeRule = calls;
            if (!withConfigRule || !configRole) continue;

            forward("compliance-", names.forwardComplianceRule, "Forward the endpoint-service Config rule's NON_COMPLIANT results to the audit bus", compliancePattern(names.configRule));
            forward(
                "rule-failures-",
                names.forwardRuleFailuresRule,
                "Forward the endpoint-service Config rule's failed invocations to the audit bus",
                ruleFailurePattern(arns.function(p, r, account, names.configFunction)),
            );
            const logs = new aws.cloudwatch.LogGroup(
                regionalName(name, home, r, "config-logs"),
                { ...inRegion, name: `/aws/lambda/${names.configFunction}`, retentionInDays: args.logRetentionDays ?? 365, tags },
                child,
            );
            const fn = new aws.lambda.Function(
                regionalName(name, home, r, "config-function"),
                {
                    ...inRegion,
                    name: names.configFunction,
                    description: "AWS Config rule: every owned endpoint service requires acceptance, has a connection notification and does not admit everyone",
                    runtime: lambdaRuntime,
                    handler: "index.handler",
                    role: configRole.arn,
                    timeout: 300,
                    memorySize: 256,
                    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleLambda("config-rule/handler.ts")) }),
                    tags,
                },
                { parent: this, dependsOn: [logs] },
            );
            // AWS Config invokes the function asynchronously: after Lambda's retries the
            // record goes to the default bus, whose rule above forwards it to the audit bus.
            new aws.lambda.FunctionEventInvokeConfig(
                regionalName(name, home, r, "config-async"),
                {
                    ...inRegion,
                    functionName: fn.name,
                    maximumRetryAttempts: lambdaAsync.maxRetryAttempts,
                    maximumEventAgeInSeconds: lambdaAsync.maxEventAgeSeconds,
                    destinationConfig: { onFailure: { destination: arns.defaultBus(p, r, account) } },
                },
                child,
            );
            const permission = new aws.lambda.Permission(
                regionalName(name, home, r, "config-invoke"),
                { ...inRegion, function: fn.name, action: "lambda:InvokeFunction", principal: "config.amazonaws.com", sourceAccount: account },
                child,
            );
            new aws.cfg.Rule(
                regionalName(name, home, r, "config-rule"),
                {
                    ...inRegion,
                    name: names.configRule,
                    description: "VPC endpoint services require acceptance, notify on connections and never admit every account",
                    source: {
                        owner: "CUSTOM_LAMBDA",
                        sourceIdentifier: fn.arn,
                        sourceDetails: [
                            // Daily, for what a change event misses (a notification deleted after the service, a missed delete).
                            { eventSource: "aws.config", messageType: messageTypes.scheduled, maximumExecutionFrequency: "TwentyFour_Hours" },
                            // AWS: subscribe to both, or oversized items never reach the rule.
                            ...changeTriggerMessageTypes.map((messageType) => ({ eventSource: "aws.config", messageType })),
                        ],
                    },
                    scope: { complianceResourceTypes: [endpointServiceResourceType] },
                    tags,
                },
                { parent: this, dependsOn: [permission] },
            );
        }

        this.ruleArn = homeRule!.arn;
        this.registerOutputs({ ruleArn: this.ruleArn });
    }
}
