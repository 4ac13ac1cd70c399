/**
 * What AWS Config sends a custom Lambda rule, and what it accepts back.
 *
 * Sources:
 * - Example events (change-triggered, oversized, periodic) and their attributes:
 *   https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_example-events.html
 * - "If you use the AWS Config API or AWS CLI to create the rule, set the MessageType
 *   attribute to ConfigurationItemChangeNotification and
 *   OversizedConfigurationItemChangeNotification" (and the oversized item is read back
 *   with GetResourceConfigHistory; deleted resources evaluate to NOT_APPLICABLE):
 *   https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_nodejs-sample.html
 * - configurationItemStatus values:
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationItem.html
 * - PutEvaluations (at most 100 evaluations per call; ComplianceType of a custom rule;
 *   Annotation at most 256 characters; FailedEvaluations):
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_PutEvaluations.html
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_Evaluation.html
 * - Compliance change events on EventBridge:
 *   https://docs.aws.amazon.com/config/latest/developerguide/monitor-config-with-cloudwatchevents.html
 * - AWS Config invokes a rule's function asynchronously:
 *   https://docs.aws.amazon.com/lambda/latest/dg/lambda-services.html
 */

export const messageTypes = {
    change: "ConfigurationItemChangeNotification",
    oversizedChange: "OversizedConfigurationItemChangeNotification",
    scheduled: "ScheduledNotification",
} as const;

/** The trigger message types a change-triggered custom rule must subscribe to: both, per AWS. */
export const changeTriggerMessageTypes = [messageTypes.change, messageTypes.oversizedChange] as const;

/** configurationItemStatus values of a configuration item. */
export const configurationItemStatuses = ["OK", "ResourceDiscovered", "ResourceNotRecorded", "ResourceDeleted", "ResourceDeletedNotRecorded"] as const;

/**
 * Statuses of a resource that exists and is recorded, hence evaluable. Every other status
 * (deleted, not recorded) evaluates to NOT_APPLICABLE, as does an event whose
 * `eventLeftScope` is true.
 */
export const applicableStatuses: readonly string[] = ["OK", "ResourceDiscovered"];

/** Compliance types a custom rule may report with PutEvaluations (INSUFFICIENT_DATA is Config's own). */
export const complianceTypes = ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"] as const;
export type ComplianceType = (typeof complianceTypes)[number];

export const maxEvaluationsPerCall = 100;
export const maxAnnotationLength = 256;

/** A periodic evaluation about the account itself uses this resource type (the Node.js sample does). */
export const accountResourceType = "AWS::::Account";

/** The resource type of a VPC endpoint service in AWS Config. https://docs.aws.amazon.com/config/latest/developerguide/resource-config-reference.html */
export const endpointServiceResourceType = "AWS::EC2::VPCEndpointService";

/** EventBridge event AWS Config emits when a rule's evaluation of a resource changes. */
export const complianceChangeEvent = { source: "aws.config", detailType: "Config Rules Compliance Change" } as const;
