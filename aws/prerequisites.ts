/**
 * What must exist in an AWS organization before the landing zone's first deploy, how
 * AWS lets a program read it, and the exact command (or console step) that puts it in
 * place. `npm run preflight` (tools/preflight.ts) checks each one with live credentials.
 *
 * Placeholders in commands: {account} {region} {rootId} {roleName} {trustedAccount}
 * {partition} {securityAccount} {recorderRoleArn} {bucket} {environment} {networkAdminRole}.
 */

export type PrerequisiteId =
    | "organization-all-features"
    | "stacksets-trusted-access"
    | "scp-policy-type"
    | "rcp-policy-type"
    | "ram-organization-sharing"
    | "security-delegated-administrator"
    | "deploy-role"
    | "config-recorder"
    | "config-delivery-channel"
    | "cloudtrail-management-events"
    | "network-admin-role"
    | "organizational-units-exist"
    | "bootstrap-ous-cover-accounts";

export interface Prerequisite {
    id: PrerequisiteId;
    title: string;
    /** Why the landing zone needs it (what fails without it). */
    why: string;
    /** The account it is checked in. */
    where: "management account" | "security account" | "every account of the definition" | "every governed account" | "every account that owns an endpoint service";
    /** The API calls that read it. */
    check: string;
    /** The AWS CLI command(s) that fix it, run with credentials of `where`. */
    command: string;
    /** The same in the console. */
    console: string;
    /** AWS pages that document the requirement, the check and the fix. */
    sources: string[];
}

export const prerequisites: Record<PrerequisiteId, Prerequisite> = {
    "organization-all-features": {
        id: "organization-all-features",
        title: "AWS Organizations with all features enabled",
        why: "SCPs, RCPs, trusted access for StackSets and RAM, and delegated administrators exist only in an organization with all features; an organization with consolidated billing only has none of them",
        where: "management account",
        check: "organizations DescribeOrganization: FeatureSet is ALL",
        command:
            "aws organizations enable-all-features (then every invited member account accepts the handshake: aws organizations accept-handshake --handshake-id <id>, or in its console; accounts created by Organizations approve it themselves)",
        console: "AWS Organizations console (management account) → Settings → Begin process to enable all features; each invited member account accepts",
        sources: [
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html",
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnableAllFeatures.html",
            "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html",
        ],
    },
    "stacksets-trusted-access": {
        id: "stacksets-trusted-access",
        title: "Trusted access between CloudFormation StackSets and AWS Organizations",
        why: "the bootstrap unit rolls the deploy role out with a service-managed StackSet, which CloudFormation refuses to create until trusted access with Organizations is activated from the management account",
        where: "management account",
        // Activating it registers this principal, which Organizations lists (aws/deploy-roles.ts stackSetsTrustedAccess).
        check: "organizations ListAWSServiceAccessForOrganization (every page): member.org.stacksets.cloudformation.amazonaws.com has trusted access",
        command: "aws cloudformation activate-organizations-access",
        console: "CloudFormation console (management account) → StackSets → Activate trusted access",
        sources: [
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ActivateOrganizationsAccess.html",
            "https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-cloudformation.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html",
        ],
    },
    "scp-policy-type": {
        id: "scp-policy-type",
        title: "Service control policies enabled on the organization root",
        why: "the org unit creates and attaches the perimeter SCPs; CreatePolicy/AttachPolicy fail while the policy type is disabled",
        where: "management account",
        check: "organizations ListRoots: the root's PolicyTypes has SERVICE_CONTROL_POLICY with Status ENABLED",
        command: "aws organizations enable-policy-type --root-id {rootId} --policy-type SERVICE_CONTROL_POLICY",
        console: "AWS Organizations console → Policies → Service control policies → Enable service control policies",
        sources: [
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html",
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html",
            "https://docs.aws.amazon.com/organizations/latest/userguide/enable-policy-type.html",
        ],
    },
    "rcp-policy-type": {
        id: "rcp-policy-type",
        title: "Resource control policies enabled on the organization root",
        why: "the org unit creates and attaches the perimeter RCPs; they are refused while the policy type is disabled",
        where: "management account",
        check: "organizations ListRoots: the root's PolicyTypes has RESOURCE_CONTROL_POLICY with Status ENABLED",
        command: "aws organizations enable-policy-type --root-id {rootId} --policy-type RESOURCE_CONTROL_POLICY",
        console: "AWS Organizations console → Policies → Resource control policies → Enable resource control policies",
        sources: [
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html",
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html",
            "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html",
        ],
    },
    "ram-organization-sharing": {
        id: "ram-organization-sharing",
        title: "AWS RAM sharing with the organization enabled",
        why: "the transit gateway and the Route 53 Profile are shared with the organization or its OUs through RAM; until sharing is enabled RAM can share only with individual accounts",
        where: "management account",
        // RAM has no read call for this setting; enabling it enables RAM's trusted access,
        // which Organizations lists.
        check: "organizations ListAWSServiceAccessForOrganization (every page): ram.amazonaws.com has trusted access",
        command: "aws ram enable-sharing-with-aws-organization",
        console: "AWS RAM console → Settings → Enable sharing with AWS Organizations → Save settings",
        sources: [
            "https://docs.aws.amazon.com/ram/latest/APIReference/API_EnableSharingWithAwsOrganization.html",
            "https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs",
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAWSServiceAccessForOrganization.html",
        ],
    },
    "security-delegated-administrator": {
        id: "security-delegated-administrator",
        title: "The security account is a delegated administrator",
        why: "the governance evaluator in the security account reads every page of organizations ListAccounts, which only the management account or a delegated administrator may call",
        where: "management account",
        check: "organizations ListDelegatedAdministrators (every page): the security account is listed",
        command:
            "aws organizations enable-aws-service-access --service-principal config.amazonaws.com && " +
            "aws organizations register-delegated-administrator --account-id {securityAccount} --service-principal config.amazonaws.com",
        console:
            "AWS Organizations console (management account) → Services → AWS Config → Enable trusted access; then run the register-delegated-administrator command above from the management account (any service's delegation lets the account call ListAccounts; AWS Config suits a security account)",
        sources: [
            "https://docs.aws.amazon.com/organizations/latest/APIReference/action-reference.html",
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html",
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html",
            "https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-CLI.html",
        ],
    },
    "deploy-role": {
        id: "deploy-role",
        title: "The deploy role (deployment.roleName) can be assumed",
        why: "every stack whose account is not the caller's assumes this role through its provider; a role that is missing or does not trust the caller stops the deploy at the first resource",
        where: "every account of the definition",
        check: "sts AssumeRole arn:{partition}:iam::{account}:role/{roleName} from the caller's credentials",
        // The same role the bootstrap unit's StackSet creates (program/bootstrap.ts): trusted by
        // deployment.trustedAccount, AdministratorAccess, tagged with the environment.
        command:
            "aws iam create-role --role-name {roleName} --tags Key=landing-zone:environment,Value={environment} --assume-role-policy-document " +
            "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TrustedAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:{partition}:iam::{trustedAccount}:root\"},\"Action\":\"sts:AssumeRole\"}]}' && " +
            "aws iam attach-role-policy --role-name {roleName} --policy-arn arn:{partition}:iam::aws:policy/AdministratorAccess",
        console:
            "IAM console in account {account} → Roles → Create role → AWS account → Another AWS account {trustedAccount} → AdministratorAccess → name {roleName}, tag landing-zone:environment={environment}",
        sources: [
            "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html",
            "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html",
        ],
    },
    "config-recorder": {
        id: "config-recorder",
        title: "An AWS Config recorder recording endpoint services continuously",
        why: "the governance Config rule evaluates AWS::EC2::VPCEndpointService configuration items when they change; without a recorder that records them continuously, the rule never runs or runs a day late",
        where: "every governed account",
        check:
            "config DescribeConfigurationRecorders: a recorder whose recording group covers AWS::EC2::VPCEndpointService (allSupported, listed, or not excluded) with CONTINUOUS recording for it; DescribeConfigurationRecorderStatus: recording is true",
        // Recorder first, then the delivery channel, then start (configOrder): put-delivery-channel
        // needs a recorder, and start-configuration-recorder needs a delivery channel.
        command:
            "(aws iam create-service-linked-role --aws-service-name config.amazonaws.com || true) && " +
            "aws configservice put-configuration-recorder --region {region} --configuration-recorder name=default,roleARN={recorderRoleArn} " +
            "--recording-group 'allSupported=true,includeGlobalResourceTypes=false,recordingStrategy={useOnly=ALL_SUPPORTED_RESOURCE_TYPES}' " +
            "--recording-mode recordingFrequency=CONTINUOUS",
        console: "AWS Config console ({region}) → Get started (or Settings) → Record all resource types, continuous recording → Save",
        sources: [
            "https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorders.html",
            "https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html",
            "https://docs.aws.amazon.com/config/latest/developerguide/gs-cli-prereq.html",
            "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
            "https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html",
            "https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingMode.html",
        ],
    },
    "config-delivery-channel": {
        id: "config-delivery-channel",
        title: "An AWS Config delivery channel",
        why: "AWS Config does not start recording without a delivery channel",
        where: "every governed account",
        check: "config DescribeDeliveryChannels: at least one delivery channel",
        // After the recorder (put-delivery-channel needs one), and the recorder starts only once it exists.
        command:
            "aws configservice put-delivery-channel --region {region} --delivery-channel name=default,s3BucketName={bucket} && " +
            "aws configservice start-configuration-recorder --region {region} --configuration-recorder-name default",
        console: "AWS Config console ({region}) → Settings → Delivery method → choose an S3 bucket",
        sources: [
            "https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeDeliveryChannels.html",
            "https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html",
            "https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigurationRecorder.html",
            "https://docs.aws.amazon.com/config/latest/developerguide/gs-cli-prereq.html",
        ],
    },
    "cloudtrail-management-events": {
        id: "cloudtrail-management-events",
        title: "A CloudTrail trail logging management events in the environment's Region",
        why: 'EventBridge delivers "AWS API Call via CloudTrail" events, which the governance forwarder sends to the audit bus, only from a trail that is logging management (write) events',
        where: "every governed account",
        check:
            "cloudtrail DescribeTrails (with shadow and organization trails): a multi-Region trail, or one whose home Region is the environment's; GetTrailStatus: IsLogging; GetEventSelectors: management events that include writes",
        command:
            "aws cloudtrail create-trail --region {region} --name landing-zone-management-events --s3-bucket-name {bucket} --is-multi-region-trail && " +
            "aws cloudtrail start-logging --region {region} --name landing-zone-management-events",
        console: "CloudTrail console ({region}) → Trails → Create trail (all Regions, management events: Read and Write), or an organization trail from the management account",
        sources: [
            "https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-cloudtrail.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail-by-using-the-aws-cli-create-trail.html",
        ],
    },
    "network-admin-role": {
        id: "network-admin-role",
        title: "The network admin role (perimeter.networkAdminRole) exists with no IAM path",
        why: "the perimeter SCP exempts arn:{partition}:iam::*:role/{networkAdminRole} from its endpoint-service Deny, and the program assumes that ARN in each endpoint service's owner account; a role under a path (role/team/{networkAdminRole}) has another ARN, so the SCP denies it and the assume fails",
        where: "every account that owns an endpoint service",
        check:
            "iam GetRole {networkAdminRole} (with the deploy role's credentials): the role exists and its Path is /; with --least-privilege also " +
            "ListAttachedRolePolicies (every page: AdministratorAccess attached is over-broad) and GetRolePolicy (the inline policy is the generated one)",
        command:
            "aws iam create-role --role-name {networkAdminRole} --path / --assume-role-policy-document " +
            "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:{partition}:iam::{account}:role/{roleName}\"},\"Action\":\"sts:AssumeRole\"}]}' && " +
            "aws iam attach-role-policy --role-name {networkAdminRole} --policy-arn arn:{partition}:iam::aws:policy/AdministratorAccess " +
            "(a role with a path cannot be moved: delete it and create it again without --path)",
        console: "IAM console in account {account} → Roles → Create role → AWS account → This account → name {networkAdminRole} (the console creates roles with path /)",
        sources: [
            "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns (a role's path is part of its ARN)",
            "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
        ],
    },
    "organizational-units-exist": {
        id: "organizational-units-exist",
        title: "Every OU of organization.units is in the organization",
        why: "the SCPs and RCPs attach to, the RAM shares name, and the bootstrap StackSet deploys to these OU ids; an id of another organization, or of an OU since deleted, fails AttachPolicy, the share and the stack instances at the first deploy",
        where: "management account",
        check:
            "organizations ListRoots, then ListOrganizationalUnitsForParent (every page) from the root down, every level (OUs nest at most five levels below the root): each OU id of organization.units is found",
        command: "aws organizations list-organizational-units-for-parent --parent-id <root or OU id> (find the OU's id and correct organization.units in the definition)",
        console: "AWS Organizations console (management account) → AWS accounts → the OU → its ID (ou-...) → correct organization.units",
        sources: [
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html",
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListOrganizationalUnitsForParent.html",
            "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html (OU maximum nesting in a root: five levels of OUs deep under a root)",
        ],
    },
    "bootstrap-ous-cover-accounts": {
        id: "bootstrap-ous-cover-accounts",
        title: "The bootstrap OUs do not nest in one another, and every account of the definition but the management account is in one of them (or in an OU nested in one)",
        why:
            "the bootstrap StackSet deploys the deploy and preview roles to the accounts of each target OU and of the OUs nested in it: an account in no target OU gets no deploy role (every stack there fails to assume it), and an account under two nested target OUs gets the roles from two stack instances, the second of which fails because the role exists. StackSets never deploy to the management account (the bootstrap stack makes its roles directly)",
        where: "management account",
        check:
            "organizations ListOrganizationalUnitsForParent (every page, every level below the root): no bootstrap OU lies inside another; ListAccountsForParent (every page) of each bootstrap OU and every OU nested in it: each account of the definition but the management account is found",
        command:
            "list only the outer OU in deployment.bootstrap.organizationalUnits (it reaches the nested OU's accounts), and add the OU of each account left out (or move the account: aws organizations move-account --account-id <account> --source-parent-id <its OU> --destination-parent-id <a bootstrap OU>)",
        console: "AWS Organizations console (management account) → AWS accounts: the account's OU; correct deployment.bootstrap.organizationalUnits, or Actions → Move the account",
        sources: [
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListOrganizationalUnitsForParent.html",
            "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsForParent.html",
            "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html (OU maximum nesting in a root: five levels of OUs deep under a root)",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html (StackSets doesn't deploy stack instances to the organization management account)",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html",
        ],
    },
};

/**
 * How deep AWS Organizations nests OUs: "OU maximum nesting in a root — five levels of OUs
 * deep under a root" (the Organizations quotas page); CreateOrganizationalUnit: "For service
 * control policies, the limit is five". The preflight walks that many levels below the root
 * and no more (a deeper answer is not AWS's, and is reported rather than followed).
 */
export const organizationalUnitMaxDepth = {
    value: 5,
    sources: [
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
        "https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html",
    ],
} as const;

/**
 * The order AWS Config accepts its set-up in: a configuration recorder, then a delivery
 * channel ("you must create a configuration recorder before you can create a delivery
 * channel"), then start the recorder ("you must have created at least one delivery channel").
 */
export const configOrder = {
    steps: ["put-configuration-recorder", "put-delivery-channel", "start-configuration-recorder"],
    start: "aws configservice start-configuration-recorder --region {region} --configuration-recorder-name default",
    sources: ["https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html", "https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigurationRecorder.html"],
} as const;

/**
 * The network admin role's fixes with its least-privilege policy instead of
 * AdministratorAccess (`npm run preflight -- --least-privilege`; the policy document comes
 * from perimeter/network-admin-policy.ts, written to {policyFile}). An inline policy
 * (PutRolePolicy) so the document lives and is replaced with the role; it is added before
 * AdministratorAccess is detached, so the role never lacks permissions in between.
 * Read with ListAttachedRolePolicies (is AdministratorAccess attached?) and GetRolePolicy
 * (is the inline policy the generated one? its document comes back URL-encoded).
 */
export const networkAdminLeastPrivilege = {
    create:
        "aws iam create-role --role-name {networkAdminRole} --path / --assume-role-policy-document " +
        "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:{partition}:iam::{account}:role/{roleName}\"},\"Action\":\"sts:AssumeRole\"}]}' && " +
        "aws iam put-role-policy --role-name {networkAdminRole} --policy-name {policyName} --policy-document file://{policyFile} " +
        "(a role with a path cannot be moved: delete it and create it again without --path)",
    narrow:
        "aws iam put-role-policy --role-name {networkAdminRole} --policy-name {policyName} --policy-document file://{policyFile} && " +
        "aws iam detach-role-policy --role-name {networkAdminRole} --policy-arn arn:{partition}:iam::aws:policy/AdministratorAccess",
    update: "aws iam put-role-policy --role-name {networkAdminRole} --policy-name {policyName} --policy-document file://{policyFile}",
    /** The AWS managed policy the default fix attaches, by name. */
    administratorAccess: "AdministratorAccess",
    sources: [
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html",
        "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html",
    ],
} as const;

/** Trusted-access principal that activating StackSets' organization access registers. */
export const stackSetsServicePrincipal = "member.org.stacksets.cloudformation.amazonaws.com";

/** The resource type the governance Config rule evaluates (components/detective-controls.ts). */
export const governanceConfigResourceType = "AWS::EC2::VPCEndpointService";

/** Trusted-access service principal that AWS RAM's organization sharing enables. */
export const ramServicePrincipal = "ram.amazonaws.com";

/** A command or console text with its placeholders filled. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
    return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
