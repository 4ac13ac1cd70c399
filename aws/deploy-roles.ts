/**
 * Rolling the deploy and preview roles out to an organization with a service-managed
 * CloudFormation StackSet: what AWS requires first, where StackSets do not deploy, which
 * role names already exist, and the managed policies the roles use. Read by
 * definition/checks/deployment.ts, components/deploy-roles.ts, program/bootstrap.ts and
 * the README's Bootstrap section.
 */

export const stackSetSources = {
    trustedAccess: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html",
    activateApi: "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ActivateOrganizationsAccess.html",
    callAs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html (CallAs: SELF from the management account)",
    managementAccount: "https://docs.aws.amazon.com/controltower/latest/userguide/cfct-root-ou.html (stack sets deployed to the organization's OUs reach every account but the management account)",
    capabilities: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html#using-iam-capabilities (CAPABILITY_NAMED_IAM for named IAM resources)",
    organizationAccountAccessRole: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html",
    jobFunctionPolicies: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
    roleTags: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag",
} as const;

/**
 * Before a StackSet with service-managed permissions: all features enabled in AWS
 * Organizations, and trusted access between StackSets and Organizations activated from the
 * management account (trustedAccess). Activating it registers this service principal.
 */
export const stackSetsTrustedAccess = {
    servicePrincipal: "member.org.stacksets.cloudformation.amazonaws.com",
    command: "aws cloudformation activate-organizations-access",
    console: "CloudFormation console (management account) → StackSets → Activate trusted access",
} as const;

/**
 * A service-managed StackSet never deploys a stack instance to the organization's
 * management account, even when it sits under a target OU (managementAccount): roles the
 * management account needs are made there directly.
 */
export const stackSetsSkipManagementAccount = true;

/**
 * AWS Organizations creates `OrganizationAccountAccessRole` in every account it creates
 * (trusting the management account, with AdministratorAccess); invited accounts do not have
 * it (organizationAccountAccessRole). A StackSet cannot create a role that exists (the
 * stack instance fails with AlreadyExists), so the roles it rolls out need names of their own.
 */
export const organizationCreatedRole = "OrganizationAccountAccessRole";

/** AWS managed policies the roles use, by partition-free path. */
export const managedPolicies = {
    /** The deploy role: the landing zone creates IAM roles, RAM shares, SCPs, Lambda functions, ... */
    deploy: "policy/AdministratorAccess",
    /** The preview role: metadata reads across AWS services, no data reads (jobFunctionPolicies: View-only user). */
    preview: "policy/job-function/ViewOnlyAccess",
} as const;

/** The ARN of an AWS managed policy in a partition. */
export function managedPolicyArn(partition: string, path: string): string {
    return `arn:${partition}:iam::aws:${path}`;
}

/**
 * What `pulumi preview` of the landing zone reads from AWS beyond the state backend: the
 * provider's `sts:GetCallerIdentity` (needs no permission) and the program's data sources —
 * `aws.getAvailabilityZones` (ec2:DescribeAvailabilityZones, network unit). ViewOnlyAccess
 * holds ec2:Describe*; the preview role lists the calls explicitly so a narrower view-only
 * policy in a partition still lets the preview run.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html ("No permissions are required")
 */
export const previewReads: readonly string[] = ["ec2:DescribeAvailabilityZones"];
