/**
 * PrivateLink detective controls, the pure part: fixed names, EventBridge patterns and
 * the policy documents of the audit side (security account) and of every governed
 * account. Every ARN is built from known values (names are fixed per environment), so the
 * documents are plain JSON the policy pack reads in preview and per-account stacks point
 * at each other without StackReferences.
 */
import { complianceChangeEvent } from "../aws/config-rule-events";
import { alarmPublisherPrincipal, cloudTrailApiCallDetailType, eventBridgePrincipal, lambdaFailureEvent } from "../aws/event-delivery";
import { governedEventNames } from "../aws/vpc-endpoint-service-actions";
import { PolicyDocument, PolicyStatement } from "../perimeter/types";
import { PhysicalNameKind, physicalNameLimits } from "../aws/quotas";

// The names are pure functions of the environment and the account's owner unit, so the
// perimeter scenarios can name the very roles the program creates: they live in the
// definition layer and are re-exported here for the components.
import { forwarderNames, governanceNames } from "../definition/governance-names";
export { forwarderNames, governanceNames, ownerTag } from "../definition/governance-names";
export type { ForwarderNames, GovernanceNames } from "../definition/governance-names";

/** What kind of AWS name each governance name is, for its length limit (aws/quotas.ts). */
const governanceNameKinds: Record<string, PhysicalNameKind> = {
    bus: "eventBus",
    topic: "snsTopic",
    keyAlias: "kmsAlias",
    evaluatorFunction: "lambdaFunction",
    evaluatorRole: "iamRole",
    inspectorRole: "iamRole",
    forwarderRole: "iamRole",
    configFunction: "lambdaFunction",
    configRole: "iamRole",
    configRule: "configRule",
    undeliveredQueue: "sqsQueue",
    failedQueue: "sqsQueue",
    undeliveredAlarm: "cloudWatchAlarm",
    failedAlarm: "cloudWatchAlarm",
    forwardCallsRule: "eventBridgeRule",
    forwardComplianceRule: "eventBridgeRule",
    forwardRuleFailuresRule: "eventBridgeRule",
    evaluateRule: "eventBridgeRule",
    complianceAlertRule: "eventBridgeRule",
    ruleFailuresRule: "eventBridgeRule",
};

/**
 * The detective controls' physical names that would exceed AWS's limit for an environment
 * named `environment` whose governed accounts are owned by `owners` (each owner's forwarder
 * names carry its tag), longest first.
 */
export function governanceNamesTooLong(environment: string, owners: readonly string[]): { name: string; kind: PhysicalNameKind; limit: number }[] {
    const names = new Map<string, PhysicalNameKind>();
    const add = (set: Record<string, string>) => {
        for (const [key, value] of Object.entries(set)) {
            const kind = governanceNameKinds[key];
            if (kind) names.set(value, kind);
        }
    };
    add(governanceNames(environment) as unknown as Record<string, string>);
    for (const owner of owners) add(forwarderNames(environment, owner));
    return [...names]
        .map(([name, kind]) => ({ name, kind, limit: physicalNameLimits[kind].value }))
        .filter((n) => n.name.length > n.limit)
        .sort((a, b) => b.name.length - b.limit - (a.name.length - a.limit));
}

/** ARNs of the fixed-name resources, from account, Region and partition. */
export const arns = {
    bus: (p: string, region: string, account: string, name: string) => `arn:${p}:events:${region}:${account}:event-bus/${name}`,
    defaultBus: (p: string, region: string, account: string) => `arn:${p}:events:${region}:${account}:event-bus/default`,
    /** A rule on the default bus (`rule/<name>`) or on a custom bus (`rule/<bus>/<name>`). */
    rule: (p: string, region: string, account: string, name: string, bus?: string) => `arn:${p}:events:${region}:${account}:rule/${bus ? `${bus}/` : ""}${name}`,
    topic: (p: string, region: string, account: string, name: string) => `arn:${p}:sns:${region}:${account}:${name}`,
    queue: (p: string, region: string, account: string, name: string) => `arn:${p}:sqs:${region}:${account}:${name}`,
    role: (p: string, account: string, name: string) => `arn:${p}:iam::${account}:role/${name}`,
    function: (p: string, region: string, account: string, name: string) => `arn:${p}:lambda:${region}:${account}:function:${name}`,
    logGroup: (p: string, region: string, account: string, functionName: string) => `arn:${p}:logs:${region}:${account}:log-group:/aws/lambda/${functionName}:*`,
};

// ---- event patterns -------------------------------------------------------------------

/** EventBridge pattern of the governed PrivateLink calls, as CloudTrail delivers them. */
export function governanceEventPattern(): object {
    return {
        source: ["aws.ec2"],
        "detail-type": [cloudTrailApiCallDetailType],
        detail: { eventSource: ["ec2.amazonaws.com"], eventName: [...governedEventNames] },
    };
}

/**
 * The endpoint-service Config rule's NON_COMPLIANT results: of the rule of this name, or
 * (`{ prefix }`, the audit bus) of every governed account's rule, whichever unit owns it.
 */
export function compliancePattern(configRuleName: string | { prefix: string }): object {
    return {
        source: [complianceChangeEvent.source],
        "detail-type": [complianceChangeEvent.detailType],
        detail: { configRuleName: [configRuleName], newEvaluationResult: { complianceType: ["NON_COMPLIANT"] } },
    };
}

/** Failed invocations of the Config rule's function, as its on-failure destination (the default bus) receives them. */
export function ruleFailurePattern(functionArnPrefix?: string): object {
    return {
        source: [lambdaFailureEvent.source],
        "detail-type": [lambdaFailureEvent.detailType],
        ...(functionArnPrefix ? { resources: [{ prefix: functionArnPrefix }] } : {}),
    };
}

/** The SNS message of a compliance alert, from the Config event's fields (EventBridge input transformer). */
export function complianceAlertTransformer(): { inputPaths: Record<string, string>; inputTemplate: string } {
    return {
        inputPaths: {
            account: "$.detail.awsAccountId",
            region: "$.detail.awsRegion",
            resource: "$.detail.resourceId",
            rule: "$.detail.configRuleName",
            annotation: "$.detail.newEvaluationResult.annotation",
        },
        inputTemplate:
            '"PrivateLink Config rule <rule>: endpoint service <resource> in account <account>, Region <region> is NON_COMPLIANT: <annotation>. ' +
            'An annotation starting COULD NOT DECIDE means the rule could not read the service; see README, Alerts."',
    };
}

// ---- policy documents -------------------------------------------------------------------

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

export function serviceAssumeRolePolicy(service: string, accountId: string): PolicyDocument {
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

/**
 * What the inspector may read: endpoint services as the account sees them, its services'
 * connections, and its connection notifications (whose a changed notification is). The
 * test harness's fake AWS refuses the evaluator any other call through this role.
 */
export function inspectorPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadPrivateLink",
                Effect: "Allow",
                Action: ["ec2:DescribeVpcEndpointServices", "ec2:DescribeVpcEndpointConnections", "ec2:DescribeVpcEndpointConnectionNotifications"],
                Resource: "*",
            },
        ],
    };
}

export function forwarderPolicy(busArn: string): PolicyDocument {
    return { Version: "2012-10-17", Statement: [{ Sid: "ForwardToAuditBus", Effect: "Allow", Action: "events:PutEvents", Resource: busArn }] };
}

function logsStatement(partition: string, regions: string[], accountId: string, functionName: string): PolicyStatement {
    const resources = regions.map((r) => arns.logGroup(partition, r, accountId, functionName));
    return { Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: resources.length === 1 ? resources[0] : resources };
}

/** SNS with a customer managed key: the publisher needs the key too. Named by alias, so the ARN need not be known. */
function topicKeyStatement(partition: string, region: string, accountId: string, keyAlias: string): PolicyStatement {
    return {
        Sid: "EncryptAlerts",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: `arn:${partition}:kms:${region}:${accountId}:key/*`,
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": keyAlias } },
    };
}

export function evaluatorPolicy(p: {
    partition: string;
    region: string;
    accountId: string;
    topicArn: string;
    keyAlias: string;
    failedQueueArn: string;
    inspectorRoleArns: string[];
    functionName: string;
    readOrganization: boolean;
}): PolicyDocument {
    const statements: PolicyStatement[] = [logsStatement(p.partition, [p.region], p.accountId, p.functionName)];
    if (p.readOrganization) statements.push({ Sid: "ReadOrganizationAccounts", Effect: "Allow", Action: "organizations:ListAccounts", Resource: "*" });
    statements.push(
        { Sid: "Notify", Effect: "Allow", Action: "sns:Publish", Resource: p.topicArn },
        topicKeyStatement(p.partition, p.region, p.accountId, p.keyAlias),
        { Sid: "RecordFailedInvocations", Effect: "Allow", Action: "sqs:SendMessage", Resource: p.failedQueueArn },
    );
    if (p.inspectorRoleArns.length > 0) {
        statements.push({ Sid: "AssumeInspectors", Effect: "Allow", Action: "sts:AssumeRole", Resource: [...p.inspectorRoleArns].sort() });
    }
    return { Version: "2012-10-17", Statement: statements };
}

export function configRuleFunctionPolicy(partition: string, regions: string[], accountId: string, functionName: string): PolicyDocument {
    const buses = regions.map((r) => arns.defaultBus(partition, r, accountId));
    return {
        Version: "2012-10-17",
        Statement: [
            logsStatement(partition, regions, accountId, functionName),
            {
                Sid: "ReadOwnEndpointServices",
                Effect: "Allow",
                Action: ["ec2:DescribeVpcEndpointServiceConfigurations", "ec2:DescribeVpcEndpointConnectionNotifications", "ec2:DescribeVpcEndpointServicePermissions"],
                Resource: "*",
            },
            {
                Sid: "ReportToConfig",
                Effect: "Allow",
                Action: ["config:PutEvaluations", "config:GetResourceConfigHistory", "config:GetComplianceDetailsByConfigRule"],
                Resource: "*",
            },
            // The on-failure destination is the account's default bus in the function's Region.
            { Sid: "RecordFailedInvocations", Effect: "Allow", Action: "events:PutEvents", Resource: buses.length === 1 ? buses[0] : buses },
        ],
    };
}

/**
 * Key policy of the alert topic's key: the account administers it (IAM policies grant
 * its use, as for the evaluator), and CloudWatch alarms and EventBridge rules may encrypt
 * the messages they publish, as AWS documents for service event sources.
 */
export function alertKeyPolicy(partition: string, accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
            {
                Sid: "AlarmsAndRulesPublishAlerts",
                Effect: "Allow",
                Principal: { Service: [alarmPublisherPrincipal, eventBridgePrincipal] },
                Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                Resource: "*",
            },
        ],
    };
}

/** Who may publish to the alert topic besides the account's own identities: its alarms and rules. */
export function alertTopicPolicy(topicArn: string, accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AlarmsAndRulesPublish",
                Effect: "Allow",
                Principal: { Service: [alarmPublisherPrincipal, eventBridgePrincipal] },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    };
}

/**
 * The dead-letter queue of a Region: EventBridge may send it the events that the
 * governance rules of the governed accounts (and the audit bus's own rules) could not
 * deliver. EventBridge requires the queue in the rule's Region; another account's rule
 * needs this resource policy.
 */
export function undeliveredQueuePolicy(queueArn: string, partition: string, region: string, environment: string, governedAccountIds: string[]): PolicyDocument {
    const sources = [...new Set(governedAccountIds)].sort().map((id) => `arn:${partition}:events:${region}:${id}:rule/${environment}-privatelink-*`);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "GovernanceRulesDeadLetters",
                Effect: "Allow",
                Principal: { Service: eventBridgePrincipal },
                Action: "sqs:SendMessage",
                Resource: queueArn,
                Condition: { ArnLike: { "aws:SourceArn": sources.length === 1 ? sources[0] : sources } },
            },
        ],
    };
}

/** The failed-evaluations queue: the audit bus's rule forwards Config-rule failure records to it. */
export function failedQueuePolicy(queueArn: string, ruleArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "RuleFailureRecords",
                Effect: "Allow",
                Principal: { Service: eventBridgePrincipal },
                Action: "sqs:SendMessage",
                Resource: queueArn,
                Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
            },
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
