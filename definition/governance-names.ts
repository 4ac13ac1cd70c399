/**
 * Fixed physical names of the PrivateLink detective controls of an environment (IAM roles,
 * Lambda functions, EventBridge rules, queues): pure functions of the environment's name and
 * of the unit that owns an account's forwarder, so the components that create them
 * (components/detective-controls.ts) and the perimeter scenarios that act as those roles
 * (perimeter/scenarios.ts) name the same roles.
 */
import { createHash } from "crypto";

/** Fixed names of the governance resources of an environment (IAM role names stay under 64 characters). */
export function governanceNames(environment: string) {
    return {
        bus: `${environment}-privatelink-governance`,
        topic: `${environment}-privatelink-governance`,
        keyAlias: `alias/${environment}-privatelink-governance`,
        evaluatorFunction: `${environment}-privatelink-governance-evaluator`,
        evaluatorRole: `${environment}-pl-gov-evaluator`,
        inspectorRole: `${environment}-pl-gov-inspector`,
        forwarderRole: `${environment}-pl-gov-forwarder`,
        configFunction: `${environment}-privatelink-endpoint-service-rule`,
        configRole: `${environment}-pl-gov-config-rule`,
        configRule: `${environment}-privatelink-endpoint-services`,
        /** Dead-letter queue of every EventBridge target in a Region (security account). */
        undeliveredQueue: `${environment}-privatelink-undelivered`,
        /** Lambda invocations that failed every attempt (security account, home Region). */
        failedQueue: `${environment}-privatelink-failed-evaluations`,
        undeliveredAlarm: `${environment}-privatelink-undelivered-events`,
        failedAlarm: `${environment}-privatelink-failed-evaluations`,
        /** Rules on each governed account's default bus, in each governed Region. */
        forwardCallsRule: `${environment}-privatelink-governed-calls`,
        forwardComplianceRule: `${environment}-privatelink-config-compliance`,
        forwardRuleFailuresRule: `${environment}-privatelink-config-rule-failures`,
        /** Rules on the audit bus. */
        evaluateRule: `${environment}-privatelink-evaluate`,
        complianceAlertRule: `${environment}-privatelink-compliance-alerts`,
        ruleFailuresRule: `${environment}-privatelink-rule-failures`,
    };
}

export type GovernanceNames = ReturnType<typeof governanceNames>;

/**
 * A short, stable tag of the unit (stack) that owns an account's forwarder: 8 hex digits of
 * its SHA-256, so the longest names stay within IAM's, Lambda's and EventBridge's 64
 * characters whatever the unit is called.
 */
export function ownerTag(owner: string): string {
    return createHash("sha256").update(owner).digest("hex").slice(0, 8);
}

/**
 * Names of a governed account's side (roles, Config rule function and rule, forwarding
 * rules). They carry the tag of the unit that owns the account's forwarder: IAM role names
 * are unique per account and Lambda function, EventBridge rule and Config rule names per
 * account and Region (aws/lifecycle.ts `*-name-unique`), so when the owner changes (the
 * account's first unit is removed) the new owner creates its own set while the old owner's
 * still exists, and the old owner's destroy deletes only its own. Until then both forward:
 * the audit side sees those events twice (the evaluator's alerts are per event, so a
 * duplicate alert at worst). Without an owner: the bare names.
 */
export function forwarderNames(environment: string, owner?: string) {
    const base = governanceNames(environment);
    const tag = owner === undefined ? "" : `-${ownerTag(owner)}`;
    return {
        forwarderRole: `${base.forwarderRole}${tag}`,
        inspectorRole: `${base.inspectorRole}${tag}`,
        configRole: `${base.configRole}${tag}`,
        configFunction: `${base.configFunction}${tag}`,
        configRule: `${base.configRule}${tag}`,
        forwardCallsRule: `${base.forwardCallsRule}${tag}`,
        forwardComplianceRule: `${base.forwardComplianceRule}${tag}`,
        forwardRuleFailuresRule: `${base.forwardRuleFailuresRule}${tag}`,
    };
}

export type ForwarderNames = ReturnType<typeof forwarderNames>;
