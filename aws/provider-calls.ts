/**
 * The IAM actions the AWS provider calls for each resource type the network admin role
 * manages (perimeter.networkAdminRole: program/privatelink-provider.ts `networkAdminOpts`), per
 * operation — create, read, update, delete — and the calls every resource of a service
 * makes on top (default tags) or the provider makes once (its credential check).
 *
 * Where it comes from. `@pulumi/aws` is a bridge over terraform-provider-aws: each
 * resource's create, read, update and delete is the Terraform resource's Go code
 * (pulumi/pulumi-aws builds `provider/` on its `upstream` submodule of
 * hashicorp/terraform-provider-aws). Each entry names the Go file of the resource and the
 * API calls it makes, read in hashicorp/terraform-provider-aws under `internal/service/`,
 * the release line @pulumi/aws {@link providerCallsReadFrom} builds on. The API call
 * `conn.CreateLoadBalancer(...)` is authorized as the IAM action
 * `elasticloadbalancing:CreateLoadBalancer` (the Service Authorization Reference names
 * actions after API operations:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 *
 * What the code paths add beyond each resource's own API call:
 * - reads: every create and update ends with the resource's read (`return append(diags,
 *   resourceXRead(...))`), so a create needs the read's actions too; `pulumi refresh` and
 *   every later `pulumi up` read again.
 * - waits: creates and deletes poll Describe calls until a state (waitVPCEndpointServiceAvailable,
 *   waitLoadBalancerActive, waitForNLBNetworkInterfacesToDetach ...).
 * - tags: the provider's default tags (`defaultTags` of the network admin provider) make
 *   every taggable resource a tagged one: tag-on-create inside the create call and, in
 *   partitions without it, a separate tagging call; tag changes on update; the tag list on
 *   read ({@link taggingCalls}).
 * - the credential check: the provider calls STS GetCallerIdentity when it configures
 *   ({@link providerWideCalls}).
 * - the first load balancer of an account makes Elastic Load Balancing create its
 *   service-linked role, which the caller must be allowed to
 *   ({@link serviceLinkedRoles}).
 *
 * Pessimism. Where a code path depends on values (a field the program does not set today,
 * an attribute a later provider version reads), the mutation is listed anyway when a change
 * of the program's inputs could reach it. Reads are listed exactly too, never by prefix: a
 * prefix such as `ec2:Describe*` would also grant ec2:DescribeInstanceAttribute and
 * ec2:DescribeLaunchTemplateVersions, which return instances' user data. A read a provider
 * version adds is caught by the version pin below, not by a broad grant.
 *
 * A provider upgrade may add calls: test/perimeter/network-admin-policy.test.ts pins
 * {@link providerCallsReadFrom} to package.json's `@pulumi/aws` and fails when it changes,
 * asking for the sources to be read again.
 */

/** The provider version this table was read for, and the upstream it builds on. */
export const providerCallsReadFrom = {
    /** package.json's exact `@pulumi/aws`. */
    pulumiAws: "7.48.0",
    /**
     * The hashicorp/terraform-provider-aws release @pulumi/aws 7.48.0 builds on (its
     * `upstream` submodule; each upgrade is a pull request "Upgrade terraform-provider-aws to
     * vX": https://github.com/pulumi/pulumi-aws/pulls?q=%22Upgrade+terraform-provider-aws%22).
     * Where this table was written, pulumi/pulumi-aws at tag v7.48.0 could not be checked out;
     * the pairing 7.48.0 ↔ v6.66.0 is the one pulumi-proserv/pulumi-tool-import's catalog
     * records (`importids`: PulumiVersion v7.48.0, Version v6.66.0). The Go files were read
     * as a public-source index holds them on the v6 line, not from the tag's tree. Confirm
     * both when reading again: `git -C pulumi-aws ls-tree v7.48.0 upstream` gives the commit.
     */
    terraformProviderAws: "v6.66.0",
    /** Where each `file` of the table lives at that release. */
    sourceBase: "https://github.com/hashicorp/terraform-provider-aws/blob/v6.66.0/",
} as const;

export type ProviderOperation = "create" | "read" | "update" | "delete";

export const providerOperations: readonly ProviderOperation[] = ["create", "read", "update", "delete"];

/** The AWS services (IAM prefixes) of the resource types below. */
export type ProviderService = "ec2" | "elasticloadbalancing" | "sns";

export interface ResourceTypeCalls {
    /** Pulumi type token. */
    type: string;
    /** The Terraform resource @pulumi/aws bridges. */
    terraformResource: string;
    /** IAM prefix of its API. */
    service: ProviderService;
    /** The Go file of the resource, relative to {@link providerCallsReadFrom}.sourceBase. */
    file: string;
    /** Whether the resource is taggable (`@Tags` in its file): the default-tags path applies. */
    tagged: boolean;
    /**
     * The ARN (Service Authorization Reference template) its tagging calls authorize on, when
     * the reference names it for them: EC2 authorizes ec2:CreateTags and ec2:DeleteTags on the
     * resource tagged (on creation too), so the policy can limit them to this type instead of
     * every EC2 resource of the account. Absent: the tagging calls are granted on `*` (ELB's
     * reference lists only the Classic Load Balancer type for AddTags; an SNS topic's ARN is
     * any topic).
     */
    taggedResourceArn?: string;
    /** IAM actions of each operation, from the file's Create/Read/Update/Delete functions and what they call. */
    calls: Record<ProviderOperation, string[]>;
    /** How the file's code paths reach those calls. */
    notes: string;
}

/** The resource types the network admin role manages, with the calls their files make. */
export const resourceTypeCalls: Record<string, ResourceTypeCalls> = {
    "aws:lb/loadBalancer:LoadBalancer": {
        type: "aws:lb/loadBalancer:LoadBalancer",
        terraformResource: "aws_lb",
        service: "elasticloadbalancing",
        file: "internal/service/elbv2/load_balancer.go",
        tagged: true,
        calls: {
            create: [
                "elasticloadbalancing:CreateLoadBalancer",
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:DescribeLoadBalancers",
            ],
            read: [
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeCapacityReservation",
            ],
            update: [
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:SetSubnets",
                "elasticloadbalancing:DescribeLoadBalancers",
            ],
            delete: ["elasticloadbalancing:DeleteLoadBalancer", "ec2:DescribeNetworkInterfaces"],
        },
        notes:
            "create: CreateLoadBalancer, then ModifyLoadBalancerAttributes (cross-zone load balancing and the attributes of its type), waitLoadBalancerActive (DescribeLoadBalancers), then read. " +
            "read: findLoadBalancerByARN (DescribeLoadBalancers), findLoadBalancerAttributesByARN (DescribeLoadBalancerAttributes), findCapacityReservationByARN (DescribeCapacityReservation, for network and application load balancers). " +
            "update: ModifyLoadBalancerAttributes, SetSubnets (a change of subnets), then waitLoadBalancerActive. " +
            "SetSecurityGroups and SetIpAddressType are left out: resourceLoadBalancerUpdate calls them only when security_groups (or enforce_security_group_inbound_rules_on_private_link_traffic) or ip_address_type change, which the program never sets " +
            "(components/endpoint-service.ts creates the Network Load Balancer without security groups, and one created without them cannot get any: https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html). " +
            "delete: DeleteLoadBalancer, then waitForNLBNetworkInterfacesToDetach polls EC2 DescribeNetworkInterfaces. " +
            "ModifyCapacityReservation and ModifyIpPools are left out: only minimum_load_balancer_capacity and ipam_pools reach them, which the program never sets.",
    },
    "aws:lb/targetGroup:TargetGroup": {
        type: "aws:lb/targetGroup:TargetGroup",
        terraformResource: "aws_lb_target_group",
        service: "elasticloadbalancing",
        file: "internal/service/elbv2/target_group.go",
        tagged: true,
        calls: {
            create: ["elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DescribeTargetGroups"],
            read: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes"],
            update: ["elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes"],
            delete: ["elasticloadbalancing:DeleteTargetGroup"],
        },
        notes:
            "create: CreateTargetGroup, ModifyTargetGroupAttributes (the attributes of its target type), then read. read: findTargetGroupByARN (DescribeTargetGroups, paginated), findTargetGroupAttributesByARN (DescribeTargetGroupAttributes). " +
            "update: ModifyTargetGroup (health check), ModifyTargetGroupAttributes. delete: DeleteTargetGroup, retried while a listener still uses it.",
    },
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": {
        type: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
        terraformResource: "aws_lb_target_group_attachment",
        service: "elasticloadbalancing",
        file: "internal/service/elbv2/target_group_attachment.go",
        tagged: false,
        calls: {
            create: ["elasticloadbalancing:RegisterTargets"],
            read: ["elasticloadbalancing:DescribeTargetHealth"],
            // Every argument forces replacement: there is no Update function.
            update: [],
            delete: ["elasticloadbalancing:DeregisterTargets"],
        },
        notes: "create: RegisterTargets (retried on InvalidTarget). read: findTargetHealthDescription (DescribeTargetHealth). No Update function (every argument is ForceNew). delete: DeregisterTargets.",
    },
    "aws:lb/listener:Listener": {
        type: "aws:lb/listener:Listener",
        terraformResource: "aws_lb_listener",
        service: "elasticloadbalancing",
        file: "internal/service/elbv2/listener.go",
        tagged: true,
        calls: {
            create: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:DescribeListeners"],
            read: ["elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerAttributes"],
            update: ["elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes"],
            delete: ["elasticloadbalancing:DeleteListener"],
        },
        notes:
            "create: CreateListener, then modifyListenerAttributes (ModifyListenerAttributes) for the attributes of its protocol, then read. read: DescribeListeners, DescribeListenerAttributes. " +
            "update: ModifyListener, ModifyListenerAttributes. delete: DeleteListener. ModifyListenerAttributes on create is listed pessimistically: whether it is called depends on the protocol's attributes.",
    },
    "aws:ec2/vpcEndpointService:VpcEndpointService": {
        type: "aws:ec2/vpcEndpointService:VpcEndpointService",
        terraformResource: "aws_vpc_endpoint_service",
        service: "ec2",
        file: "internal/service/ec2/vpc_endpoint_service.go",
        tagged: true,
        taggedResourceArn: "arn:${Partition}:ec2:${Region}:${Account}:vpc-endpoint-service/${VpcEndpointServiceId}",
        calls: {
            create: [
                "ec2:CreateVpcEndpointServiceConfiguration",
                "vpce:AllowMultiRegion",
                "ec2:DescribeVpcEndpointServiceConfigurations",
                "ec2:ModifyVpcEndpointServicePermissions",
            ],
            read: ["ec2:DescribeVpcEndpointServiceConfigurations", "ec2:DescribeVpcEndpointServicePermissions"],
            update: [
                "ec2:ModifyVpcEndpointServiceConfiguration",
                "vpce:AllowMultiRegion",
                "ec2:DescribeVpcEndpointServiceConfigurations",
                "ec2:ModifyVpcEndpointServicePermissions",
            ],
            delete: ["ec2:DeleteVpcEndpointServiceConfigurations", "ec2:DescribeVpcEndpointServiceConfigurations"],
        },
        notes:
            "create: CreateVpcEndpointServiceConfiguration (with TagSpecifications), waitVPCEndpointServiceAvailable (DescribeVpcEndpointServiceConfigurations), ModifyVpcEndpointServicePermissions (allowed_principals), then read. " +
            "read: findVPCEndpointServiceConfigurationByID (tags come with it), findVPCEndpointServicePermissionsByServiceID. " +
            "update: ModifyVpcEndpointServiceConfiguration (acceptance, load balancers, private DNS name, supported Regions) and its wait, ModifyVpcEndpointServicePermissions. " +
            "delete: DeleteVpcEndpointServiceConfigurations, waitVPCEndpointServiceDeleted. " +
            "vpce:AllowMultiRegion is no API call but a permission-only action, \"to manage multi-region VPC endpoints and VPC endpoint service configurations\" " +
            "(https://docs.aws.amazon.com/service-authorization/latest/reference/list_vpce.html): the program sets SupportedRegions on create and update whenever a " +
            "consumer or the failover is in another Region, so it is listed with both (pessimistically also for a service without them).",
    },
    "aws:ec2/vpcEndpointConnectionNotification:VpcEndpointConnectionNotification": {
        type: "aws:ec2/vpcEndpointConnectionNotification:VpcEndpointConnectionNotification",
        terraformResource: "aws_vpc_endpoint_connection_notification",
        service: "ec2",
        file: "internal/service/ec2/vpc_endpoint_connection_notification.go",
        tagged: false,
        calls: {
            create: ["ec2:CreateVpcEndpointConnectionNotification"],
            read: ["ec2:DescribeVpcEndpointConnectionNotifications"],
            update: ["ec2:ModifyVpcEndpointConnectionNotification"],
            delete: ["ec2:DeleteVpcEndpointConnectionNotifications"],
        },
        notes: "create: CreateVpcEndpointConnectionNotification, then read (findVPCEndpointConnectionNotificationByID: DescribeVpcEndpointConnectionNotifications). update: ModifyVpcEndpointConnectionNotification. delete: DeleteVpcEndpointConnectionNotifications. Not taggable.",
    },
    "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": {
        type: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
        terraformResource: "aws_vpc_endpoint_connection_accepter",
        service: "ec2",
        file: "internal/service/ec2/vpc_endpoint_connection_accepter.go",
        tagged: false,
        calls: {
            create: ["ec2:AcceptVpcEndpointConnections", "ec2:DescribeVpcEndpointConnections"],
            read: ["ec2:DescribeVpcEndpointConnections"],
            // Both arguments force replacement: there is no Update function.
            update: [],
            delete: ["ec2:RejectVpcEndpointConnections"],
        },
        notes: "create: AcceptVpcEndpointConnections, waitVPCEndpointConnectionAccepted (DescribeVpcEndpointConnections), then read. No Update function. delete: RejectVpcEndpointConnections (deleting the accepter rejects the connection).",
    },
    "aws:sns/topic:Topic": {
        type: "aws:sns/topic:Topic",
        terraformResource: "aws_sns_topic",
        service: "sns",
        file: "internal/service/sns/topic.go",
        tagged: true,
        calls: {
            create: ["sns:CreateTopic", "sns:SetTopicAttributes", "sns:GetTopicAttributes"],
            read: ["sns:GetTopicAttributes"],
            update: ["sns:SetTopicAttributes", "sns:GetTopicAttributes"],
            delete: ["sns:DeleteTopic"],
        },
        notes:
            "create: CreateTopic (tags on create; retried without them where the partition refuses, then createTags), putTopicAttributes (SetTopicAttributes per attribute), then read (findTopicAttributesByARN: GetTopicAttributes). " +
            "update: putTopicAttributes, then read. delete: DeleteTopic.",
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        type: "aws:sns/topicPolicy:TopicPolicy",
        terraformResource: "aws_sns_topic_policy",
        service: "sns",
        file: "internal/service/sns/topic_policy.go",
        tagged: false,
        calls: {
            create: ["sns:SetTopicAttributes", "sns:GetTopicAttributes"],
            read: ["sns:GetTopicAttributes"],
            update: ["sns:SetTopicAttributes", "sns:GetTopicAttributes"],
            delete: ["sns:SetTopicAttributes"],
        },
        notes: "create and update (resourceTopicPolicyUpsert): SetTopicAttributes (Policy), then read (GetTopicAttributes). delete: SetTopicAttributes back to the default topic policy (a topic policy cannot be removed).",
    },
};

/**
 * The default-tags path per service: what a taggable resource calls on top of its own
 * calls because the provider's `defaultTags` tag every resource. Tag-on-create is
 * authorized as the tagging action too — EC2 (ec2:CreateTags, with the `ec2:CreateAction`
 * key: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html),
 * Elastic Load Balancing ("additional authorization is required on the
 * elasticloadbalancing:AddTags action":
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/tagging-resources-during-creation.html),
 * SNS (sns:TagResource, read pessimistically: the provider also calls it itself where a
 * partition refuses tags on CreateTopic) — and where a partition refuses tag-on-create the
 * provider tags in a second call; update adds and
 * removes tags; read lists them (the `@Tags` transparent tagging of each file, through the
 * service's `tags_gen.go`).
 */
export const taggingCalls: Record<ProviderService, { file: string; create: string[]; read: string[]; update: string[] }> = {
    ec2: { file: "internal/service/ec2/tags_gen.go", create: ["ec2:CreateTags"], read: ["ec2:DescribeTags"], update: ["ec2:CreateTags", "ec2:DeleteTags"] },
    elasticloadbalancing: {
        file: "internal/service/elbv2/tags_gen.go",
        create: ["elasticloadbalancing:AddTags"],
        read: ["elasticloadbalancing:DescribeTags"],
        update: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
    },
    sns: { file: "internal/service/sns/tags_gen.go", create: ["sns:TagResource"], read: ["sns:ListTagsForResource"], update: ["sns:TagResource", "sns:UntagResource"] },
};

/**
 * What the provider calls once, whatever it manages: it confirms its credentials and learns
 * the account with STS GetCallerIdentity when it configures (`internal/conns/config.go`,
 * through hashicorp/aws-sdk-go-base). AWS: "No permissions are required to perform this
 * operation" — listed so the table is complete, harmless to grant.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export const providerWideCalls = {
    file: "internal/conns/config.go",
    credentialCheck: ["sts:GetCallerIdentity"],
} as const;

/**
 * Service-linked roles an AWS service creates with the caller's permissions the first
 * time the account uses it. Elastic Load Balancing: "you must have the
 * iam:CreateServiceLinkedRole permission" for the first load balancer, unless the role
 * already exists, and the permission can be limited to its service with the
 * `iam:AWSServiceName` condition key.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-service-linked-roles.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions
 */
export const serviceLinkedRoles: { awsServiceName: string; roleName: string; action: "iam:CreateServiceLinkedRole"; triggeredBy: string[]; source: string }[] = [
    {
        awsServiceName: "elasticloadbalancing.amazonaws.com",
        roleName: "AWSServiceRoleForElasticLoadBalancing",
        action: "iam:CreateServiceLinkedRole",
        triggeredBy: ["aws:lb/loadBalancer:LoadBalancer"],
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-service-linked-roles.html",
    },
];

/**
 * Calls an operator makes through the network admin role, not the provider: with a service's
 * `privateDnsName`, the owner must start domain verification once its TXT record is in place
 * (ec2:StartVpcEndpointServicePrivateDnsVerification: "the service provider must ... verify
 * the domain", https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html), and
 * the perimeter SCP lets only the network admin role administer endpoint services
 * (aws/vpc-endpoint-service-actions.ts `endpointServiceAdministrationActions`). The provider
 * never calls it (`vpc_endpoint_service.go` only reads the verification state).
 */
export const privateDnsVerificationCall = {
    action: "ec2:StartVpcEndpointServicePrivateDnsVerification",
    /** The endpoint service it authorizes on (Service Authorization Reference, required resource type). */
    resourceArn: "arn:${Partition}:ec2:${Region}:${Account}:vpc-endpoint-service/${VpcEndpointServiceId}",
    source: "https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html",
} as const;

/** Every IAM action one operation of `type` calls: its own, the default-tags path, the credential check and service-linked roles. */
export function actionsOf(type: string, operation: ProviderOperation): string[] {
    const entry = resourceTypeCalls[type];
    if (!entry) throw new Error(`no provider calls recorded for ${type}: add it to aws/provider-calls.ts from its terraform-provider-aws source`);
    const own = (op: ProviderOperation): string[] => [...entry.calls[op], ...(entry.tagged && op !== "delete" ? taggingCalls[entry.service][op] : [])];
    const out = new Set<string>(own(operation));
    // Every create and update ends with the resource's read.
    if (operation === "create" || operation === "update") for (const a of own("read")) out.add(a);
    for (const a of providerWideCalls.credentialCheck) out.add(a);
    if (operation === "create") for (const slr of serviceLinkedRoles) if (slr.triggeredBy.includes(type)) out.add(slr.action);
    return [...out].sort();
}
