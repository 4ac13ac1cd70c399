/**
 * How EventBridge, Lambda, SNS and SQS deliver (or drop) events, for the detective
 * controls' "nothing lost" path.
 *
 * Sources:
 * - EventBridge retry policy and dead-letter queues ("By default, EventBridge retries
 *   sending the event for 24 hours and up to 185 times"; "The Amazon SQS queue you use
 *   must be in the same Region in which you create the rule"; a queue in another account
 *   needs a resource-based policy; DLQ messages carry the event):
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 * - Cross-Region and cross-account event bus targets (the GovCloud and China Regions are
 *   not supported destinations):
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 * - Lambda asynchronous invocation (0-2 retries, events kept up to 6 hours, on-failure
 *   destinations; an EventBridge destination gets `source` "lambda" and `detail-type`
 *   "Lambda Function Invocation Result - Failure", the record as `detail`):
 *   https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
 *   https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 * - EventBridge invokes Lambda targets asynchronously:
 *   https://docs.aws.amazon.com/lambda/latest/dg/with-eventbridge.html
 * - Event sources from AWS services (CloudWatch alarms, EventBridge) publish to an
 *   encrypted SNS topic only with a customer managed key whose policy lets the service
 *   principal use it:
 *   https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 * - SQS message retention is at most 14 days:
 *   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
 * - PutEvents rejects entries whose `Source` starts with `aws.` (those are AWS services'
 *   own events), so a CloudTrail event cannot be re-put on a bus: replay invokes the
 *   evaluator directly:
 *   https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html
 * - SNS Publish: "Subjects must be UTF-8 text with no line breaks or control characters,
 *   and less than 100 characters long" (earlier revisions of the page: "ASCII text that
 *   begins with a letter, number, or punctuation mark"); a message "can be at most 256 KiB
 *   in size (262,144 bytes, not 262,144 characters)" by default, UTF-8; a request that
 *   breaks either fails with `InvalidParameter`:
 *   https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */

/** EventBridge retry policy ranges; the maxima are also the documented defaults of a rule target. */
export const eventBridgeRetry = { maxAttempts: 185, maxEventAgeSeconds: 86400 } as const;

/** Lambda asynchronous invocation limits. */
export const lambdaAsync = { maxRetryAttempts: 2, maxEventAgeSeconds: 21600 } as const;

/** The EventBridge event Lambda sends to an event bus destination when an invocation fails all attempts. */
export const lambdaFailureEvent = { source: "lambda", detailType: "Lambda Function Invocation Result - Failure" } as const;

/** The EventBridge event shape of a CloudTrail-recorded API call. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html */
export const cloudTrailApiCallDetailType = "AWS API Call via CloudTrail";

/** Regions that cannot receive events from another Region's rule. */
export const unsupportedCrossRegionDestinations: readonly string[] = ["us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1"];

/** Longest SQS message retention, in seconds (14 days): the replay window of a dead-letter queue. */
export const sqsMaxRetentionSeconds = 1209600;

/** Service principals that publish alarms and rule targets to an SNS topic. */
export const alarmPublisherPrincipal = "cloudwatch.amazonaws.com";
export const eventBridgePrincipal = "events.amazonaws.com";

/**
 * What SNS Publish accepts (API_Publish). Pessimistic reading of both revisions of the
 * page: a subject of printable ASCII only (0x20-0x7E) that does not begin with a space, at
 * most 99 characters ("less than 100"); a message of at most 262,144 UTF-8 bytes (the
 * default MaximumMessageSize; a topic may allow more, never less), not empty.
 */
export const snsPublishLimits = {
    maxSubjectLength: 99,
    subjectPattern: /^[!-~][ -~]*$/,
    maxMessageBytes: 262144,
} as const;
