/**
 * Which AWS API errors are worth retrying, and the paging limits of the calls the
 * detective controls make.
 *
 * Sources:
 * - The AWS SDKs' retry behavior (throttling and transient errors are retried with
 *   exponential backoff and jitter; standard mode makes 3 attempts):
 *   https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 *   and the error codes the JavaScript SDK v3 classifies as throttling or transient
 *   (`@smithy/core`, retry/service-error-classification/constants.js, which the Lambda
 *   Node.js runtime's SDK uses).
 * - Amazon EC2 throttles with `RequestLimitExceeded`:
 *   https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
 * - AWS Organizations throttles with `TooManyRequestsException`; ListAccounts returns at
 *   most 20 accounts per page and may return fewer (even none) with a NextToken; only the
 *   management account or a delegated administrator may call it:
 *   https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * - Exponential backoff with full jitter:
 *   https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */

export const throttlingErrorCodes: readonly string[] = [
    "BandwidthLimitExceeded",
    "EC2ThrottledException",
    "LimitExceededException",
    "PriorRequestNotComplete",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ThrottledException",
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "TransactionInProgressException",
];

export const transientErrorCodes: readonly string[] = ["TimeoutError", "RequestTimeout", "RequestTimeoutException"];

/** HTTP status codes the SDK retries (429 is throttling; the 5xx are transient). */
export const retryableStatusCodes: readonly number[] = [429, 500, 502, 503, 504];

/** Node.js socket errors the SDK treats as transient. */
export const retryableNetworkCodes: readonly string[] = ["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"];

/** ListAccounts' page size limit. */
export const listAccountsMaxResults = 20;

/**
 * EC2's error when a request names an endpoint service that does not exist (any more):
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 */
export const endpointServiceNotFoundCodes: readonly string[] = ["InvalidVpcEndpointServiceId.NotFound", "InvalidVpcEndpointService.NotFound"];

/**
 * EC2's error when DescribeVpcEndpointServices names a service the caller cannot see
 * (it does not exist, or is not shared with the caller's account): "The Vpc Endpoint
 * Service '<name>' does not exist". https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 */
export const serviceNameNotFoundCodes: readonly string[] = ["InvalidServiceName"];
