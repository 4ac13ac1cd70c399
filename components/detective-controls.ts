/**
 * PrivateLink governance detective controls.
 *
 *  - GovernanceAudit (security account): a custom EventBridge bus whose policy admits
 *    only the organization, a rule sending the governed calls to the evaluator Lambda,
 *    and an SNS topic for its findings.
 *  - GovernanceForwarder (every governed account): a rule on the default bus forwarding
 *    CreateVpcEndpoint, AcceptVpcEndpointConnections and ModifyVpcEndpointServicePermissions
 *    to the audit bus; the read-only inspector role the evaluator assumes to look up a
 *    service's owner or a connection's consumer; and the AWS Config custom rule that
 *    evaluates every endpoint service the account owns.
 *
 * Why the preventive SCPs are not enough: there is no condition key for acceptance, an
 * auto-accepted connection leaves no AcceptVpcEndpointConnections event, and the
 * management account is outside every SCP.
 *
 * Real-deploy prerequisites (outside this program): a CloudTrail trail logging management
 * events in each governed account and Region (EventBridge receives "AWS API Call via
 * CloudTrail" only then); an AWS Config recorder in each governed account (for the
 * Config rule); the security account registered as an AWS Organizations delegated
 * administrator that may call ListAccounts. Names of roles, bus and topic are fixed so
 * every ARN is known at program time: policies are plain JSON the pack reads in preview,
 * and per-account stacks reference each other without StackReferences.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";
import * as path from "path";
import { governedEventNames } from "../lambda/governance/cloudtrail";
import { PolicyDocument } from "../perimeter/types";

// ---- names and documents (pure) ----------------------------------------------------

/** Fixed names of the governance resources of an environment (IAM role names stay under 64 characters). */
export function governanceNames(environment: string) {
    return {
        bus: `${environment}-privatelink-governance`,
        topic: `${environment}-privatelink-governance`,
        evaluatorFunction: `${environment}-privatelink-governance-evaluator`,
        evaluatorRole: `${environment}-pl-gov-evaluator`,
        inspectorRole: `${environment}-pl-gov-inspector`,
        forwarderRole: `${environment}-pl-gov-forwarder`,
        configFunction: `${environment}-privatelink-endpoint-service-rule`,
        configRole: `${environment}-pl-gov-config-rule`,
        configRule: `${environment}-privatelink-endpoint-services`,
    };
}

/** EventBridge pattern of the governed PrivateLink calls, as CloudTrail delivers them. */
export function governanceEventPattern(): object {
    return {
        source: ["aws.ec2"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventSource: ["ec2.amazonaws.com"], eventName: [...governedEventNames] },
    };
}

/** Audit bus policy: PutEvents only by the organization's accounts (or, without one, the named accounts). */
export function auditBusPolicy(busArn: string, organizationId: string | undefined, accountIds: string[], partition: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            organizationId
                ? {
                      Sid: "OrganizationForwardsGovernanceEvents",
                      Effect: "Allow",
                      Principal: "*",
                      Action: "events:PutEvents",
                      Resource: busArn,
                      Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
                  }
                : {
                      Sid: "AccountsForwardGovernanceEvents",
                      Effect: "Allow",
                      Principal: { AWS: [...new Set(accountIds)].sort().map((id) => `arn:${partition}:iam::${id}:root`) },
                      Action: "events:PutEvents",
                      Resource: busArn,
                  },
        ],
    };
}

function assumeRolePolicy(service: string, accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": accountId } } }],
    };
}

/**
 * Trust of the inspector role: the security account, and in it only the evaluator's
 * role. The role is named through aws:PrincipalArn rather than as the principal itself,
 * so member accounts can deploy before the security account exists (IAM rejects a
 * trust policy naming a role that does not exist yet).
 */
export function inspectorTrustPolicy(partition: string, securityAccountId: string, evaluatorRoleArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${securityAccountId}:root` },
                Action: "sts:AssumeRole",
                Condition: { ArnEquals: { "aws:PrincipalArn": evaluatorRoleArn } },
            },
        ],
    };
}

/** What the inspector may read: endpoint services as the account sees them, and its services' connections. */
export function inspectorPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "ReadPrivateLink", Effect: "Allow", Action: ["ec2:DescribeVpcEndpointServices", "ec2:DescribeVpcEndpointConnections"], Resource: "*" }],
    };
}

export function forwarderPolicy(busArn: string): PolicyDocument {
    return { Version: "2012-10-17", Statement: [{ Sid: "ForwardToAuditBus", Effect: "Allow", Action: "events:PutEvents", Resource: busArn }] };
}

function logsStatement(partition: string, region: string, accountId: string, functionName: string) {
    return {
        Sid: "OwnLogs",
        Effect: "Allow" as const,
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/lambda/${functionName}:*`,
    };
}

export function evaluatorPolicy(p: { partition: string; region: string; accountId: string; topicArn: string; inspectorRoleArns: string[]; functionName: string }): PolicyDocument {
    const statements: PolicyDocument["Statement"] = [
        logsStatement(p.partition, p.region, p.accountId, p.functionName),
        { Sid: "ReadOrganizationAccounts", Effect: "Allow", Action: "organizations:ListAccounts", Resource: "*" },
        { Sid: "Notify", Effect: "Allow", Action: "sns:Publish", Resource: p.topicArn },
    ];
    if (p.inspectorRoleArns.length > 0) {
        statements.push({ Sid: "AssumeInspectors", Effect: "Allow", Action: "sts:AssumeRole", Resource: [...p.inspectorRoleArns].sort() });
    }
    return { Version: "2012-10-17", Statement: statements };
}

export function configRuleFunctionPolicy(partition: string, region: string, accountId: string, functionName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            logsStatement(partition, region, accountId, functionName),
            {
                Sid: "ReadOwnEndpointServices",
                Effect: "Allow",
                Action: ["ec2:DescribeVpcEndpointServiceConfigurations", "ec2:DescribeVpcEndpointConnectionNotifications", "ec2:DescribeVpcEndpointServicePermissions"],
                Resource: "*",
            },
            { Sid: "ReportToConfig", Effect: "Allow", Action: "config:PutEvaluations", Resource: "*" },
        ],
    };
}

/**
 * The shared-config file bundled with the evaluator: one profile per governed account
 * that assumes its inspector role with the function's own credentials. The SDK does the
 * role chaining (and refreshes the credentials) itself.
 */
export function inspectorProfilesConfig(inspectorRoleArns: Record<string, string>): string {
    return Object.entries(inspectorRoleArns)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([account, roleArn]) => `[profile inspector-${account}]\nrole_arn = ${roleArn}\ncredential_source = Environment\nrole_session_name = privatelink-governance\n`)
        .join("\n");
}

// ---- Lambda bundles ----------------------------------------------------------------

/** Lambda runtime of the governance functions; its bundled AWS SDK v3 provides the clients. */
export const lambdaRuntime = "nodejs22.x";

const bundles = new Map<string, string>();

/**
 * Bundles a Lambda entry (TypeScript under lambda/) into one CommonJS file with esbuild.
 * The AWS SDK stays external: the Node.js runtime ships it, which keeps the code a few
 * kilobytes instead of megabytes per function and per account. One bundle per entry per
 * process: the sources do not change while a program runs.
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

// ---- components --------------------------------------------------------------------

export interface GovernanceAuditArgs {
    /** Environment name: prefixes every fixed name. */
    environment: string;
    /** Security account id (owner of the bus, the evaluator and the topic). */
    accountId: string;
    region: string;
    /** `aws`, `aws-us-gov` or `aws-cn`. @default "aws" */
    partition?: string;
    /** Organization whose accounts may put events on the bus. @default none: `accountIds` only */
    organizationId?: string;
    /** Accounts that forward events: they get an inspector profile, and without an organization they are the bus's only principals. */
    governedAccountIds: string[];
    /** Third-party endpoint service names consumers may use (exact names). @default [] */
    approvedServiceNames?: string[];
    /** Third-party accounts trusted as consumers and principals. @default [] */
    trustedAccounts?: string[];
    /** E-mail addresses subscribed to the findings topic. @default [] */
    alertEmails?: string[];
    /** Days to keep the evaluator's logs. @default 365 */
    logRetentionDays?: number;
    /** Tags for every child that takes them. @default {} */
    tags?: Record<string, string>;
}

/** The audit side: organization-only bus → evaluator Lambda → SNS. */
export class GovernanceAudit extends pulumi.ComponentResource {
    public readonly busArn: pulumi.Output<string>;
    public readonly topicArn: pulumi.Output<string>;
    public readonly evaluatorArn: pulumi.Output<string>;

    constructor(name: string, args: GovernanceAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:GovernanceAudit", name, {}, opts);
        const child = { parent: this };
        const partition = args.partition ?? "aws";
        const names = governanceNames(args.environment);
        const tags = args.tags ?? {};
        const busArn = `arn:${partition}:events:${args.region}:${args.accountId}:event-bus/${names.bus}`;
        const topicArn = `arn:${partition}:sns:${args.region}:${args.accountId}:${names.topic}`;
        const inspectors: Record<string, string> = {};
        for (const id of args.governedAccountIds) inspectors[id] = `arn:${partition}:iam::${id}:role/${names.inspectorRole}`;

        const bus = new aws.cloudwatch.EventBus(`${name}-bus`, { name: names.bus, tags }, child);
        new aws.cloudwatch.EventBusPolicy(
            `${name}-bus-policy`,
            { eventBusName: bus.name, policy: JSON.stringify(auditBusPolicy(busArn, args.organizationId, args.governedAccountIds, partition)) },
            child,
        );

        const topic = new aws.sns.Topic(`${name}-topic`, { name: names.topic, kmsMasterKeyId: "alias/aws/sns", tags }, child);
        (args.alertEmails ?? []).forEach((email, i) => new aws.sns.TopicSubscription(`${name}-alert-${i}`, { topic: topic.arn, protocol: "email", endpoint: email }, child));

        const role = new aws.iam.Role(`${name}-evaluator-role`, { name: names.evaluatorRole, assumeRolePolicy: JSON.stringify(assumeRolePolicy("lambda.amazonaws.com", args.accountId)), tags }, child);
        new aws.iam.RolePolicy(
            `${name}-evaluator-policy`,
            {
                role: role.name,
                policy: JSON.stringify(
                    evaluatorPolicy({ partition, region: args.region, accountId: args.accountId, topicArn, inspectorRoleArns: Object.values(inspectors), functionName: names.evaluatorFunction }),
                ),
            },
            child,
        );
        const logs = new aws.cloudwatch.LogGroup(`${name}-evaluator-logs`, { name: `/aws/lambda/${names.evaluatorFunction}`, retentionInDays: args.logRetentionDays ?? 365, tags }, child);
        const evaluator = new aws.lambda.Function(
            `${name}-evaluator`,
            {
                name: names.evaluatorFunction,
                description: "Judges PrivateLink calls by the service owner, an exact allow list and every page of the organization's accounts",
                runtime: lambdaRuntime,
                handler: "index.handler",
                role: role.arn,
                timeout: 60,
                memorySize: 256,
                code: new pulumi.asset.AssetArchive({
                    "index.js": new pulumi.asset.StringAsset(bundleLambda("governance/handler.ts")),
                    "aws-config": new pulumi.asset.StringAsset(inspectorProfilesConfig(inspectors)),
                }),
                environment: {
                    variables: {
                        TOPIC_ARN: topicArn,
                        APPROVED_SERVICE_NAMES: JSON.stringify([...new Set(args.approvedServiceNames ?? [])].sort()),
                        TRUSTED_ACCOUNTS: JSON.stringify([...new Set(args.trustedAccounts ?? [])].sort()),
                        AWS_CONFIG_FILE: "/var/task/aws-config",
                    },
                },
                tags,
            },
            { parent: this, dependsOn: [logs] },
        );
        const rule = new aws.cloudwatch.EventRule(
            `${name}-rule`,
            { eventBusName: bus.name, description: "Governed PrivateLink calls from the organization", eventPattern: JSON.stringify(governanceEventPattern()), tags },
            child,
        );
        const permission = new aws.lambda.Permission(
            `${name}-invoke`,
            { function: evaluator.name, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: rule.arn },
            child,
        );
        new aws.cloudwatch.EventTarget(
            `${name}-target`,
            { rule: rule.name, eventBusName: bus.name, arn: evaluator.arn, retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 } },
            { parent: this, dependsOn: [permission] },
        );

        this.busArn = bus.arn;
        this.topicArn = topic.arn;
        this.evaluatorArn = evaluator.arn;
        this.registerOutputs({ busArn: this.busArn, topicArn: this.topicArn, evaluatorArn: this.evaluatorArn });
    }
}

export interface GovernanceForwarderArgs {
    /** Environment name: prefixes every fixed name. */
    environment: string;
    /** The governed account's id. */
    accountId: string;
    region: string;
    /** `aws`, `aws-us-gov` or `aws-cn`. @default "aws" */
    partition?: string;
    /** Security account id (owner of the audit bus and the evaluator). */
    securityAccountId: string;
    /** Deploy the AWS Config rule for the account's endpoint services. @default true */
    configRule?: boolean;
    /** Days to keep the Config rule function's logs. @default 365 */
    logRetentionDays?: number;
    /** Tags for every child that takes them. @default {} */
    tags?: Record<string, string>;
}

/** A governed account's side: forwarding rule, inspector role, Config rule. */
export class GovernanceForwarder extends pulumi.ComponentResource {
    public readonly ruleArn: pulumi.Output<string>;

    constructor(name: string, args: GovernanceForwarderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:privatelink:GovernanceForwarder", name, {}, opts);
        const child = { parent: this };
        const partition = args.partition ?? "aws";
        const names = governanceNames(args.environment);
        const tags = args.tags ?? {};
        const busArn = `arn:${partition}:events:${args.region}:${args.securityAccountId}:event-bus/${names.bus}`;
        const evaluatorRoleArn = `arn:${partition}:iam::${args.securityAccountId}:role/${names.evaluatorRole}`;

        const forwarderRole = new aws.iam.Role(
            `${name}-forwarder-role`,
            { name: names.forwarderRole, assumeRolePolicy: JSON.stringify(assumeRolePolicy("events.amazonaws.com", args.accountId)), tags },
            child,
        );
        new aws.iam.RolePolicy(`${name}-forwarder-policy`, { role: forwarderRole.name, policy: JSON.stringify(forwarderPolicy(busArn)) }, child);
        const rule = new aws.cloudwatch.EventRule(
            `${name}-rule`,
            { description: "Forward governed PrivateLink calls to the audit bus", eventPattern: JSON.stringify(governanceEventPattern()), tags },
            child,
        );
        new aws.cloudwatch.EventTarget(`${name}-target`, { rule: rule.name, arn: busArn, roleArn: forwarderRole.arn }, child);

        const inspector = new aws.iam.Role(
            `${name}-inspector-role`,
            { name: names.inspectorRole, assumeRolePolicy: JSON.stringify(inspectorTrustPolicy(partition, args.securityAccountId, evaluatorRoleArn)), tags },
            child,
        );
        new aws.iam.RolePolicy(`${name}-inspector-policy`, { role: inspector.name, policy: JSON.stringify(inspectorPolicy()) }, child);

        if (args.configRule ?? true) {
            const role = new aws.iam.Role(
                `${name}-config-role`,
                { name: names.configRole, assumeRolePolicy: JSON.stringify(assumeRolePolicy("lambda.amazonaws.com", args.accountId)), tags },
                child,
            );
            new aws.iam.RolePolicy(
                `${name}-config-policy`,
                { role: role.name, policy: JSON.stringify(configRuleFunctionPolicy(partition, args.region, args.accountId, names.configFunction)) },
                child,
            );
            const logs = new aws.cloudwatch.LogGroup(`${name}-config-logs`, { name: `/aws/lambda/${names.configFunction}`, retentionInDays: args.logRetentionDays ?? 365, tags }, child);
            const fn = new aws.lambda.Function(
                `${name}-config-function`,
                {
                    name: names.configFunction,
                    description: "AWS Config rule: every owned endpoint service requires acceptance and has a connection notification",
                    runtime: lambdaRuntime,
                    handler: "index.handler",
                    role: role.arn,
                    timeout: 120,
                    memorySize: 256,
                    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleLambda("config-rule/handler.ts")) }),
                    tags,
                },
                { parent: this, dependsOn: [logs] },
            );
            const permission = new aws.lambda.Permission(
                `${name}-config-invoke`,
                { function: fn.name, action: "lambda:InvokeFunction", principal: "config.amazonaws.com", sourceAccount: args.accountId },
                child,
            );
            new aws.cfg.Rule(
                `${name}-config-rule`,
                {
                    name: names.configRule,
                    description: "VPC endpoint services require acceptance, notify on connections and never admit every account",
                    source: {
                        owner: "CUSTOM_LAMBDA",
                        sourceIdentifier: fn.arn,
                        sourceDetails: [
                            // Daily, for what a change event misses (a notification deleted after the service).
                            { eventSource: "aws.config", messageType: "ScheduledNotification", maximumExecutionFrequency: "TwentyFour_Hours" },
                            { eventSource: "aws.config", messageType: "ConfigurationItemChangeNotification" },
                        ],
                    },
                    scope: { complianceResourceTypes: ["AWS::EC2::VPCEndpointService"] },
                    tags,
                },
                { parent: this, dependsOn: [permission] },
            );
        }

        this.ruleArn = rule.arn;
        this.registerOutputs({ ruleArn: this.ruleArn });
    }
}
