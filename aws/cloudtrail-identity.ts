/**
 * Who made an API call, as CloudTrail records it (`userIdentity`), and how a record shows
 * that AWS itself made a call or manages what it created.
 *
 * Sources:
 * - CloudTrail userIdentity element (types, `sessionContext.sessionIssuer`, `invokedBy`):
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 * - Service-linked roles live under the path `/aws-service-role/<service principal>/`:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 * - `requesterManaged` on a VPC endpoint: "Indicates whether the endpoint is being managed
 *   by its service":
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html
 */

/**
 * `userIdentity.type` values and what they mean for "who administered this endpoint
 * service". `role` types carry the role in `sessionContext.sessionIssuer.arn`; `aws`
 * types are AWS acting (a service account, or a service-linked role); the rest are
 * identities of the account that are not roles (the root user, IAM users, federated and
 * Identity Center users, another account).
 */
export const identityTypes = {
    AssumedRole: "role",
    Role: "role",
    Root: "root",
    IAMUser: "user",
    FederatedUser: "user",
    IdentityCenterUser: "user",
    Directory: "user",
    SAMLUser: "user",
    WebIdentityUser: "user",
    AWSAccount: "account",
    AWSService: "aws",
    Unknown: "unknown",
} as const satisfies Record<string, "role" | "root" | "user" | "account" | "aws" | "unknown">;

export type IdentityType = keyof typeof identityTypes;

/** A role ARN and its path and name: `arn:<partition>:iam::<account>:role/<path/><name>`. */
export const roleArnPattern = /^arn:aws[a-z-]*:iam::(\d{12}):role\/((?:[^/]+\/)*)([^/]+)$/;

/** The STS form of an assumed-role session: `arn:<partition>:sts::<account>:assumed-role/<role name>/<session>` (no path). */
export const assumedRoleArnPattern = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

/** The path every service-linked role has; AWS creates and uses these roles, not people. */
export const serviceLinkedRolePathPrefix = "aws-service-role/";

/**
 * `invokedBy` names the AWS service that made the request, e.g. `ec2.amazonaws.com`.
 * It also appears when a service makes calls with the caller's own credentials (forward
 * access sessions, e.g. `cloudformation.amazonaws.com`): then the identity is still the
 * caller's role and must be judged as such, so `invokedBy` alone never marks a call as AWS's.
 */
export const awsServicePrincipalPattern = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;

/** CreateVpcEndpoint response field that marks an endpoint an AWS service manages for the account. */
export const requesterManagedField = "requesterManaged";
