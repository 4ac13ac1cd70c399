/**
 * How the AWS resources the landing zone uses live and die, as data: which states a
 * resource starts in, what must exist before it can be created, what blocks its
 * deletion, what its deletion takes with it, which input changes replace it, and which
 * resources hurt beyond their own stack when deleted. The offline rehearsal
 * (tools/rehearse) decides what each `pulumi up` and `pulumi destroy` does from these
 * rules; the deploy waves (program/stack-graph.ts) order the stacks by them.
 *
 * Each rule cites the AWS page or the provider source (hashicorp/terraform-provider-aws,
 * which @pulumi/aws v7 bridges) it comes from. `certainty`:
 *  - `documented`: AWS's documentation says so;
 *  - `provider-source`: the provider's code does it (the file and function are named);
 *  - `pessimistic`: AWS does not say; the rule takes the reading under which more can go
 *    wrong, and the landing zone is designed to work under it (and so under the other).
 *
 * Types are Pulumi type tokens of @pulumi/aws.
 */

import { prerequisites } from "./prerequisites";
import { maxControlPoliciesPerTarget, quotas } from "./quotas";
import { zoneAssociationFact } from "./route53-zone-associations";

export type Certainty = "documented" | "provider-source" | "pessimistic";

/** What every rule carries: what it says, where that comes from, how sure it is. */
export interface LifecycleFact {
    /** Stable id, quoted in messages (`[tgw-route-needs-available-attachment]`). */
    id: string;
    /** The rule in one sentence, in AWS's words where possible. */
    statement: string;
    /** The AWS page, or the provider file and function. */
    source: string;
    certainty: Certainty;
}

// ---- the resource types the rules name ------------------------------------------------------

export const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    route: "aws:ec2/route:Route",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    natGateway: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    vpcEndpointService: "aws:ec2/vpcEndpointService:VpcEndpointService",
    vpcEndpointConnectionAccepter: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
    vpcEndpointConnectionNotification: "aws:ec2/vpcEndpointConnectionNotification:VpcEndpointConnectionNotification",
    vpcEndpointPrivateDns: "aws:vpc/endpointPrivateDns:EndpointPrivateDns",
    flowLog: "aws:ec2/flowLog:FlowLog",
    customerGateway: "aws:ec2/customerGateway:CustomerGateway",
    vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
    transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
    tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    tgwVpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    tgwVpcAttachmentAccepter: "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
    tgwRouteTableAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    tgwRouteTablePropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    tgwPeeringAttachment: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    tgwPeeringAttachmentAccepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
    ramResourceShare: "aws:ram/resourceShare:ResourceShare",
    ramResourceAssociation: "aws:ram/resourceAssociation:ResourceAssociation",
    ramPrincipalAssociation: "aws:ram/principalAssociation:PrincipalAssociation",
    ramSharingWithOrganization: "aws:ram/sharingWithOrganization:SharingWithOrganization",
    orgPolicy: "aws:organizations/policy:Policy",
    orgPolicyAttachment: "aws:organizations/policyAttachment:PolicyAttachment",
    profile: "aws:route53/profilesProfile:ProfilesProfile",
    profileAssociation: "aws:route53/profilesAssociation:ProfilesAssociation",
    profileResourceAssociation: "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation",
    zone: "aws:route53/zone:Zone",
    record: "aws:route53/record:Record",
    zoneAssociation: "aws:route53/zoneAssociation:ZoneAssociation",
    vpcAssociationAuthorization: "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
    resolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
    resolverRule: "aws:route53/resolverRule:ResolverRule",
    resolverRuleAssociation: "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    targetGroupAttachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    listener: "aws:lb/listener:Listener",
    snsTopic: "aws:sns/topic:Topic",
    snsTopicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    snsTopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
    iamRole: "aws:iam/role:Role",
    iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    eventBus: "aws:cloudwatch/eventBus:EventBus",
    eventBusPolicy: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    lambdaFunction: "aws:lambda/function:Function",
    lambdaPermission: "aws:lambda/permission:Permission",
    configRule: "aws:cfg/rule:Rule",
    sqsQueue: "aws:sqs/queue:Queue",
    sqsQueuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    s3BucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    s3BucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    s3BucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    s3BucketOwnershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    dxGateway: "aws:directconnect/gateway:Gateway",
    dxGatewayAssociation: "aws:directconnect/gatewayAssociation:GatewayAssociation",
    stackSet: "aws:cloudformation/stackSet:StackSet",
    stackSetInstance: "aws:cloudformation/stackSetInstance:StackSetInstance",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    arcCluster: "aws:route53recoverycontrol/cluster:Cluster",
    arcControlPanel: "aws:route53recoverycontrol/controlPanel:ControlPanel",
    arcRoutingControl: "aws:route53recoverycontrol/routingControl:RoutingControl",
} as const;

const TGW_DOCS = "https://docs.aws.amazon.com/vpc/latest/tgw";
const EC2_API = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference";
const PROVIDER = "hashicorp/terraform-provider-aws";

// ---- states a resource is created in ----------------------------------------------------------

/** A state a freshly created object is in, and when. */
export interface CreateState extends LifecycleFact {
    type: string;
    /** The state, and the condition (interpreted by the rehearsal) under which it applies. */
    state: "pendingAcceptance";
    when: "cross-account-attachment-without-auto-accept" | "endpoint-to-service-requiring-acceptance" | "always";
    /** What moves it on: the resource type whose creation accepts it. */
    acceptedBy: string;
}

export const createStates: CreateState[] = [
    {
        id: "tgw-peering-attachment-pending-acceptance",
        type: T.tgwPeeringAttachment,
        state: "pendingAcceptance",
        when: "always",
        acceptedBy: T.tgwPeeringAttachmentAccepter,
        statement:
            "A transit gateway peering attachment stays pendingAcceptance until the owner of the peer transit gateway accepts it, in the peer Region — in the same account too (the accepter side accepts or rejects every peering request); the provider's create waits for available OR pendingAcceptance, the accepter's create for available",
        source: `${TGW_DOCS}/tgw-peering.html; ${TGW_DOCS}/tgw-peering-create.html; ${PROVIDER} internal/service/ec2/wait.go waitTransitGatewayPeeringAttachmentCreated (targets available, pendingAcceptance), waitTransitGatewayPeeringAttachmentAccepted (target available)`,
        certainty: "provider-source",
    },
    {
        id: "tgw-attachment-pending-acceptance",
        type: T.tgwVpcAttachment,
        state: "pendingAcceptance",
        when: "cross-account-attachment-without-auto-accept",
        acceptedBy: T.tgwVpcAttachmentAccepter,
        statement:
            "A VPC attachment from another account to a shared transit gateway whose auto-accept-shared-attachments is disabled stays pendingAcceptance until the transit gateway owner accepts it; the provider's create waits for available OR pendingAcceptance, so `pulumi up` reports it created while it is still pending",
        source: `${TGW_DOCS}/tgw-transit-gateways.html (Auto accept shared attachments); ${PROVIDER} internal/service/ec2/wait.go waitTransitGatewayVPCAttachmentCreated (targets available, pendingAcceptance)`,
        certainty: "provider-source",
    },
    {
        id: "endpoint-pending-acceptance",
        type: T.vpcEndpoint,
        state: "pendingAcceptance",
        when: "endpoint-to-service-requiring-acceptance",
        acceptedBy: T.vpcEndpointConnectionAccepter,
        statement:
            "An interface endpoint to an endpoint service with acceptance required stays pendingAcceptance until the service owner accepts the connection; the provider's create waits for available OR pendingAcceptance",
        source: `https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html (Accept or reject connection requests); ${PROVIDER} internal/service/ec2/wait.go waitVPCEndpointAvailable (targets available, pendingAcceptance)`,
        certainty: "provider-source",
    },
];

// ---- what must exist before a resource can be created ------------------------------------------

/**
 * A precondition of creating (or replacing) a resource. `check` names how the rehearsal
 * tests it; `input` is the input that points at what must exist.
 */
export interface CreateRequirement extends LifecycleFact {
    type: string;
    input: string;
    check:
        | "referenced-state"
        | "referenced-exists"
        | "vpc-attached-to-transit-gateway"
        | "shared-with-account"
        | "zone-association-authorized"
        | "endpoint-service-allows-account"
        | "endpoint-service-region"
        | "private-dns-after-acceptance"
        | "private-dns-name-free"
        | "zone-name-free-in-vpc"
        | "vpc-not-associated-with-zone"
        | "private-dns-on-accepted-endpoint"
        | "org-sharing-enabled"
        | "policy-type-enabled"
        | "s3-destination-admits-account"
        | "asn-differs-from-associated-gateway"
        | "one-per-key"
        | "one-per-pair"
        | "cidr-propagated-once"
        | "name-unique"
        | "policies-per-target";
    /** `referenced-state`: the states the referenced object must be in. */
    states?: string[];
    /** `one-per-key`: the live objects of this type that would conflict share this input's value. */
    /**
     * `one-per-pair`: the other end of the pair; two live objects of this type conflict when
     * `input` and `pairWith` name the same two things, in either order (a peering requested from
     * either transit gateway of a pair).
     */
    pairWith?: string;
    /**
     * `name-unique`: where the name (`input`) must be unique — per `account` (IAM is global)
     * or per account and `region` — and, within that, per value of `within` (an EventBridge
     * rule's bus; `default` when unset).
     */
    scope?: "account" | "region";
    within?: { input: string; default: string };
    /**
     * `one-per-key`: the key is unique per parent: the value of `attr` on the object `input`
     * names (a route table's transit gateway), so two objects conflict only under one parent.
     */
    perParentOf?: { input: string; attr: string };
}

export const createRequirements: CreateRequirement[] = [
    {
        id: "event-target-needs-bus",
        type: T.eventTarget,
        input: "arn",
        check: "referenced-exists",
        statement:
            "An EventBridge rule can target another account's event bus once that bus exists and its policy admits the sender; the rehearsal takes the pessimistic reading that the target is refused before",
        source: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html; pessimistic",
        certainty: "pessimistic",
    },
    {
        id: "tgw-accept-needs-pending-attachment",
        type: T.tgwVpcAttachmentAccepter,
        input: "transitGatewayAttachmentId",
        check: "referenced-state",
        states: ["pendingAcceptance"],
        statement: "AcceptTransitGatewayVpcAttachment: the VPC attachment must be in the pendingAcceptance state",
        source: `${EC2_API}/API_AcceptTransitGatewayVpcAttachment.html`,
        certainty: "documented",
    },
    {
        id: "tgw-peering-needs-peer-transit-gateway",
        type: T.tgwPeeringAttachment,
        input: "peerTransitGatewayId",
        check: "referenced-exists",
        statement: "CreateTransitGatewayPeeringAttachment names the peer transit gateway (PeerTransitGatewayId, PeerRegion, PeerAccountId): it must exist before the requester asks",
        source: `${EC2_API}/API_CreateTransitGatewayPeeringAttachment.html`,
        certainty: "documented",
    },
    {
        id: "tgw-peering-accept-needs-pending-attachment",
        type: T.tgwPeeringAttachmentAccepter,
        input: "transitGatewayAttachmentId",
        check: "referenced-state",
        states: ["pendingAcceptance"],
        statement: "AcceptTransitGatewayPeeringAttachment accepts a peering attachment request that is pendingAcceptance, from the accepter transit gateway's Region",
        source: `${EC2_API}/API_AcceptTransitGatewayPeeringAttachment.html; ${TGW_DOCS}/tgw-peering-accept-reject.html`,
        certainty: "documented",
    },
    {
        id: "tgw-association-needs-available-attachment",
        type: T.tgwRouteTableAssociation,
        input: "transitGatewayAttachmentId",
        check: "referenced-state",
        states: ["available"],
        statement: "A transit gateway route table association needs the attachment to exist and be available (a pendingAcceptance attachment cannot be associated)",
        source: `${TGW_DOCS}/tgw-route-tables.html (Associate a transit gateway route table); pessimistic for pendingAcceptance`,
        certainty: "pessimistic",
    },
    {
        id: "tgw-propagation-needs-available-attachment",
        type: T.tgwRouteTablePropagation,
        input: "transitGatewayAttachmentId",
        check: "referenced-state",
        states: ["available"],
        statement: "A route table propagation needs the attachment to exist and be available",
        source: `${TGW_DOCS}/tgw-route-tables.html (Enable route propagation); pessimistic for pendingAcceptance`,
        certainty: "pessimistic",
    },
    {
        id: "tgw-static-route-needs-available-attachment",
        type: T.tgwRoute,
        input: "transitGatewayAttachmentId",
        check: "referenced-state",
        states: ["available"],
        statement: "A transit gateway static route to an attachment needs that attachment available",
        source: `https://github.com/hashicorp/terraform-provider-aws/issues/14228 (routes can only be created once the attachment is available); pessimistic for VPN and Direct Connect attachments`,
        certainty: "pessimistic",
    },
    {
        id: "tgw-route-needs-available-attachment",
        type: T.route,
        input: "transitGatewayId",
        check: "vpc-attached-to-transit-gateway",
        statement:
            "CreateRoute to a transit gateway fails (InvalidTransitGatewayID.NotFound) until the route table's VPC has an available attachment to it; the provider retries that error only for the create timeout (5 minutes), so a route to a pendingAcceptance attachment fails the update",
        source: `${PROVIDER} internal/service/ec2/vpc_route.go resourceRouteCreate (RetryWhenAWSErrCodeEquals errCodeInvalidTransitGatewayIDNotFound); https://github.com/hashicorp/terraform-provider-aws/issues/10025 (the error on a shared transit gateway)`,
        certainty: "pessimistic",
    },
    {
        id: "tgw-attachment-needs-share",
        type: T.tgwVpcAttachment,
        input: "transitGatewayId",
        check: "shared-with-account",
        statement: "A VPC in another account can attach only to a transit gateway shared with it through AWS RAM (resource share with the transit gateway and a principal covering the account)",
        source: `${TGW_DOCS}/tgw-transit-gateways.html (Sharing a transit gateway); https://docs.aws.amazon.com/ram/latest/userguide/shareable.html`,
        certainty: "documented",
    },
    {
        id: "profile-association-needs-share",
        type: T.profileAssociation,
        input: "profileId",
        check: "shared-with-account",
        statement: "A VPC of another account can associate only with a Route 53 Profile shared with it through AWS RAM",
        source: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/profiles-sharing.html",
        certainty: "documented",
    },
    {
        id: "resolver-rule-association-needs-share",
        type: T.resolverRuleAssociation,
        input: "resolverRuleId",
        check: "shared-with-account",
        statement: "A VPC of another account can associate only with a Resolver rule shared with it through AWS RAM",
        source: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-rules-managing-sharing.html",
        certainty: "documented",
    },
    {
        id: "zone-association-needs-authorization",
        type: T.zoneAssociation,
        input: "zoneId",
        check: "zone-association-authorized",
        statement:
            "Associating a VPC of another account with a private hosted zone needs the zone owner's CreateVPCAssociationAuthorization for that VPC first",
        source: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-associate-vpcs-different-accounts.html",
        certainty: "documented",
    },
    {
        id: "endpoint-needs-allowed-principal",
        type: T.vpcEndpoint,
        input: "serviceName",
        check: "endpoint-service-allows-account",
        statement:
            "An interface endpoint to an endpoint service needs the service to exist and to allow the consumer's account: by default an endpoint service is available to no consumer. AWS names no exception for the service owner's own account, so the rehearsal requires the allowed principal there too (pessimistic; the program allows every consumer's account, its own included)",
        source:
            "https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html (Manage permissions: \"By default, your endpoint service is not available to service consumers\"); " +
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServicePermissions.html (no same-account exception stated); pessimistic for the owner's own account",
        certainty: "pessimistic",
    },
    {
        id: "endpoint-needs-service-in-its-region",
        type: T.vpcEndpoint,
        input: "serviceName",
        check: "endpoint-service-region",
        statement:
            "An interface endpoint connects to the endpoint service of its own Region, or — with a service Region (`service_region`) — of that Region, and then only when the service is cross-Region enabled for the endpoint's Region (one of its supported Regions). " +
            "An endpoint service's name carries its Region (com.amazonaws.vpce.<region>.vpce-svc-<id>): an endpoint naming a service of another Region than its service Region, or a service that does not support the endpoint's Region, is refused",
        source:
            "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-share-your-services.html#endpoint-service-cross-region (cross-Region access: the provider enables the Regions its consumers connect from); " +
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServiceConfiguration.html (AddSupportedRegion.N, RemoveSupportedRegion.N); " +
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html (ServiceRegion: the Region where the service is hosted); " +
            "https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html (service names, com.amazonaws.vpce.<region>.vpce-svc-<id>); " +
            "https://aws.amazon.com/blogs/networking-and-content-delivery/introducing-cross-region-connectivity-for-aws-privatelink/",
        certainty: "documented",
    },
    {
        id: "private-dns-needs-accepted-connection",
        type: T.vpcEndpoint,
        input: "privateDnsEnabled",
        check: "private-dns-after-acceptance",
        statement:
            "Private DNS cannot be enabled on an interface endpoint whose connection is still pendingAcceptance; create the endpoint with private DNS off and enable it (aws.vpc.EndpointPrivateDns) once the owner accepted",
        source:
            "https://github.com/hashicorp/terraform-provider-aws/pull/37628 (aws_vpc_endpoint_private_dns, for enabling private DNS after an aws_vpc_endpoint_connection_accepter); " +
            "https://github.com/crossplane-contrib/provider-aws/issues/1363 (\"VPCEndpoint can't enable private dns before it is accepted\"); " +
            "https://github.com/terraform-aws-modules/terraform-aws-vpc/issues/1285 (PrivateLink: create with private_dns_enabled = false, accepted by the provider, then true); " +
            "AWS's PrivateLink pages do not say it: pessimistic",
        certainty: "pessimistic",
    },
    {
        id: "endpoint-private-dns-needs-accepted-connection",
        type: T.vpcEndpointPrivateDns,
        input: "privateDnsEnabled",
        check: "private-dns-on-accepted-endpoint",
        statement:
            "EndpointPrivateDns turning private DNS on (ModifyVpcEndpoint PrivateDnsEnabled) needs the endpoint's connection accepted: it fails while the endpoint is pendingAcceptance",
        source:
            `${PROVIDER} internal/service/ec2/vpc_endpoint_private_dns.go (Create and Update call ModifyVpcEndpoint; Delete is a no-op); ` +
            "https://github.com/hashicorp/terraform-provider-aws/pull/37628 (the resource depends_on the connection accepter); pessimistic, as private-dns-needs-accepted-connection",
        certainty: "pessimistic",
    },
    {
        id: "private-dns-name-conflicts-with-zone",
        type: T.vpcEndpoint,
        input: "privateDnsEnabled",
        check: "private-dns-name-free",
        statement:
            "An interface endpoint's private DNS is a private hosted zone associated with its VPC (PrivateDnsEnabled: \"Indicates whether to associate a private hosted zone with the specified VPC\"), and a VPC cannot be associated with two private hosted zones of the same name: private DNS is refused (\"private-dns-enabled cannot be set because there is already a conflicting DNS domain for <name> in the VPC\") while the VPC is associated with a private hosted zone of one of the service's names, another endpoint's private DNS included",
        source:
            `${EC2_API}/API_CreateVpcEndpoint.html (PrivateDnsEnabled); https://docs.aws.amazon.com/Route53/latest/APIReference/API_AssociateVPCWithHostedZone.html (ConflictingDomainExists: \"The VPC that you specified is already associated with another hosted zone that has the same name\"); ` +
            "https://github.com/hashicorp/terraform-provider-aws/issues/17269, https://github.com/hashicorp/terraform-provider-aws/issues/17535 (the error)",
        certainty: "documented",
    },
    {
        id: "endpoint-private-dns-name-conflicts-with-zone",
        type: T.vpcEndpointPrivateDns,
        input: "privateDnsEnabled",
        check: "private-dns-name-free",
        statement:
            "Turning private DNS on for an existing interface endpoint (ModifyVpcEndpoint PrivateDnsEnabled) is refused the same way while its VPC is associated with a private hosted zone of one of the service's names",
        source: `${EC2_API}/API_ModifyVpcEndpoint.html (PrivateDnsEnabled: \"Indicates whether a private hosted zone is associated with the VPC\"); as private-dns-name-conflicts-with-zone`,
        certainty: "documented",
    },
    {
        id: "zone-association-conflicts-with-same-name",
        type: T.zoneAssociation,
        input: "vpcId",
        check: "zone-name-free-in-vpc",
        statement:
            "AssociateVPCWithHostedZone fails (ConflictingDomainExists) when \"the VPC that you specified is already associated with another hosted zone that has the same name\" — an interface endpoint's private DNS zone for that name included",
        source:
            "https://docs.aws.amazon.com/Route53/latest/APIReference/API_AssociateVPCWithHostedZone.html (Errors, ConflictingDomainExists); https://github.com/hashicorp/terraform-provider-aws/issues/37783 (refused by an endpoint's private DNS)",
        certainty: "documented",
    },
    {
        id: "zone-association-already-associated",
        type: T.zoneAssociation,
        input: "vpcId",
        check: "vpc-not-associated-with-zone",
        statement: zoneAssociationFact("zone-association-create-does-not-adopt").statement,
        source: zoneAssociationFact("zone-association-create-does-not-adopt").source,
        certainty: "pessimistic",
    },
    {
        id: "zone-create-conflicts-with-same-name",
        type: T.zone,
        input: "vpcs",
        check: "zone-name-free-in-vpc",
        statement:
            "CreateHostedZone of a private zone fails (ConflictingDomainExists) when \"a hosted zone with the specified name already exists and is already associated with the Amazon VPC that you specified\" — an interface endpoint's private DNS zone for that name included",
        source:
            "https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateHostedZone.html (Errors, ConflictingDomainExists); https://github.com/hashicorp/terraform-provider-aws/issues/37783 (\"The VPC ... has already been associated with the hosted zone ... with the same domain name\", an endpoint's private DNS)",
        certainty: "documented",
    },
    {
        id: "org-principal-needs-org-sharing",
        type: T.ramPrincipalAssociation,
        input: "principal",
        check: "org-sharing-enabled",
        statement:
            "Sharing with an organization or an OU needs sharing with AWS Organizations enabled in RAM (EnableSharingWithAwsOrganization, from the management account)",
        source: "https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs",
        certainty: "documented",
    },
    {
        id: "policy-attachment-needs-policy-type",
        type: T.orgPolicyAttachment,
        input: "policyId",
        check: "policy-type-enabled",
        statement: "A service or resource control policy can be attached only once its policy type is enabled in the organization's root (PolicyTypeNotEnabledException)",
        source: "https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html (PolicyTypeNotEnabledException); https://docs.aws.amazon.com/organizations/latest/userguide/enable-policy-type.html",
        certainty: "documented",
    },
    {
        id: "org-policies-per-target",
        type: T.orgPolicyAttachment,
        input: "targetId",
        check: "policies-per-target",
        statement: `At most ${maxControlPoliciesPerTarget} policies of one type (SCPs, or RCPs) attached to a root, OU or account, the AWS-managed FullAWSAccess / RCPFullAWSAccess included: AttachPolicy beyond that fails (ConstraintViolationException POLICY_NUMBER_LIMIT_EXCEEDED), so a new policy cannot be attached to a full target before an old one is detached`,
        source: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html (Maximum number of policies attached to a root, OU, or account); https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html (ConstraintViolationException: POLICY_NUMBER_LIMIT_EXCEEDED)",
        certainty: "documented",
    },
    {
        id: "flow-log-s3-needs-bucket-policy",
        type: T.flowLog,
        input: "logDestination",
        check: "s3-destination-admits-account",
        statement:
            "A flow log to an S3 bucket of another account needs the bucket, and a bucket policy granting delivery.logs.amazonaws.com s3:PutObject for the flow log's account (aws:SourceAccount): \"the bucket owner must add this policy to the bucket, specifying the AWS account ID of the flow log creator, or flow log creation fails\"",
        source: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html",
        certainty: "documented",
    },
    {
        id: "dx-association-needs-distinct-asn",
        type: T.dxGatewayAssociation,
        input: "dxGatewayId",
        check: "asn-differs-from-associated-gateway",
        statement:
            "The ASN used by the transit gateway and the Direct Connect gateway must be different: with the same ASN (e.g. the default 64512 for both) the association request fails",
        source: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-transit-vif-for-gateway.html",
        certainty: "documented",
    },
    {
        id: "one-route-table-per-attachment",
        type: T.tgwRouteTableAssociation,
        input: "transitGatewayAttachmentId",
        check: "one-per-key",
        perParentOf: { input: "transitGatewayRouteTableId", attr: "transitGatewayId" },
        statement:
            "Each transit gateway attachment is associated with exactly one route table of a transit gateway (a peering attachment has one on each of its two transit gateways): associating an attachment that is already associated there fails (Resource.AlreadyAssociated) until the old association is removed",
        source: `${TGW_DOCS}/how-transit-gateways-work.html (Route tables: each attachment is associated with exactly one route table); ${TGW_DOCS}/tgw-peering.html (each side associates the peering attachment with a route table of its own transit gateway); https://github.com/hashicorp/terraform-provider-aws/pull/31452`,
        certainty: "documented",
    },
    {
        id: "tgw-propagation-overlapping-cidr",
        type: T.tgwRouteTablePropagation,
        input: "transitGatewayAttachmentId",
        check: "cidr-propagated-once",
        statement:
            "\"If you attach a VPC with a CIDR range that overlaps the CIDR range of a VPC that is already attached, the new VPC CIDR range is not propagated\": while another attachment propagates an overlapping CIDR into the route table, the new attachment's propagation adds no route (pessimistic: it is not re-propagated when the first one goes, so the new VPC stays silently unreachable)",
        source:
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTransitGatewayVpcAttachment.html (description); pessimistic for a route table other than the default propagation one and for a later re-propagation",
        certainty: "pessimistic",
    },
    {
        id: "one-peering-between-two-transit-gateways",
        type: T.tgwPeeringAttachment,
        input: "peerTransitGatewayId",
        check: "one-per-pair",
        pairWith: "transitGatewayId",
        statement: `Peering attachments between two transit gateways: ${quotas.tgwPeeringAttachmentsBetweenTransitGateways.value}, not adjustable: CreateTransitGatewayPeeringAttachment between two transit gateways that already have a peering attachment (requested from either side, in any state until it is deleted) fails, so a peering cannot be created before the old one between the same pair is deleted (pessimistic for an attachment still deleting)`,
        source: `${quotas.tgwPeeringAttachmentsBetweenTransitGateways.url} (${quotas.tgwPeeringAttachmentsBetweenTransitGateways.source}); ${EC2_API}/API_CreateTransitGatewayPeeringAttachment.html; pessimistic for a deleting attachment`,
        certainty: "documented",
    },
    {
        id: "one-profile-per-vpc",
        type: T.profileAssociation,
        input: "resourceId",
        check: "one-per-key",
        statement: "A VPC can be associated with one Route 53 Profile",
        source: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html (Profiles: Profiles per VPC, 1)",
        certainty: "documented",
    },
    // Physical names the program sets explicitly: a second object of the same name in the same
    // account (and Region, for regional services) is refused, or — worse — silently takes the
    // first one over (PutRule, PutConfigRule and CreateTopic create OR update). The pessimistic
    // reading for those: a second stack "creating" an existing name is a conflict, since the
    // first stack's later delete deletes what the second one relies on.
    {
        id: "iam-role-name-unique",
        type: T.iamRole,
        input: "name",
        check: "name-unique",
        scope: "account",
        statement: "CreateRole with the name of a role that already exists in the account fails (EntityAlreadyExists: the request attempted to create a resource that already exists); IAM names are account-wide, not per Region",
        source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Errors: EntityAlreadyExists); https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (names must be unique within the account)",
        certainty: "documented",
    },
    {
        id: "lambda-function-name-unique",
        type: T.lambdaFunction,
        input: "name",
        check: "name-unique",
        scope: "region",
        statement: "CreateFunction with the name of a function that already exists in the account and Region fails (ResourceConflictException: the resource already exists)",
        source: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (Errors: ResourceConflictException)",
        certainty: "documented",
    },
    {
        id: "event-rule-name-unique",
        type: T.eventRule,
        input: "name",
        check: "name-unique",
        scope: "region",
        within: { input: "eventBusName", default: "default" },
        statement:
            "PutRule creates or updates the specified rule: with the name of a rule that already exists on the bus it REPLACES that rule with what it specifies — a second stack takes the first stack's rule over, and the first stack's delete later deletes it (pessimistic: a conflict)",
        source: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html (Creates or updates the specified rule; If you are updating an existing rule, the rule is replaced)",
        certainty: "pessimistic",
    },
    {
        id: "event-bus-name-unique",
        type: T.eventBus,
        input: "name",
        check: "name-unique",
        scope: "region",
        statement: "CreateEventBus with the name of a bus that already exists in the account and Region fails (ResourceAlreadyExistsException)",
        source: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html (Errors: ResourceAlreadyExistsException)",
        certainty: "documented",
    },
    {
        id: "log-group-name-unique",
        type: T.logGroup,
        input: "name",
        check: "name-unique",
        scope: "region",
        statement: "CreateLogGroup with the name of a log group that already exists in the account and Region fails (ResourceAlreadyExistsException)",
        source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (Errors: ResourceAlreadyExistsException; log group names must be unique within a Region for an AWS account)",
        certainty: "documented",
    },
    {
        id: "sqs-queue-name-unique",
        type: T.sqsQueue,
        input: "name",
        check: "name-unique",
        scope: "region",
        statement:
            "CreateQueue with the name of an existing queue returns that queue when every attribute matches, and fails (QueueAlreadyExists / QueueNameExists) when one differs: either way a second stack does not get a queue of its own (pessimistic: a conflict)",
        source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (If you provide the name of an existing queue ...)",
        certainty: "pessimistic",
    },
    {
        id: "sns-topic-name-unique",
        type: T.snsTopic,
        input: "name",
        check: "name-unique",
        scope: "region",
        statement:
            "CreateTopic is idempotent: with the name of a topic the account already owns in the Region it returns that topic's ARN without creating a new one — a second stack shares the first one's topic and its delete deletes it (pessimistic: a conflict)",
        source: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (This action is idempotent ...)",
        certainty: "pessimistic",
    },
    {
        id: "config-rule-name-unique",
        type: T.configRule,
        input: "name",
        check: "name-unique",
        scope: "region",
        statement:
            "PutConfigRule adds or updates a rule: with the name of a rule that already exists in the account and Region it updates that rule — a second stack takes the first stack's rule over (pessimistic: a conflict)",
        source: "https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigRule.html (Adds or updates an Config rule ...)",
        certainty: "pessimistic",
    },
    {
        id: "one-route-table-per-subnet",
        type: T.routeTableAssociation,
        input: "subnetId",
        check: "one-per-key",
        statement: "A subnet is associated with one route table at a time",
        source: "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html (Subnet route tables)",
        certainty: "documented",
    },
];

// ---- what blocks a deletion ------------------------------------------------------------------------

/** `blocked` cannot be deleted while a live object of type `by` refers to it through input `via`. */
export interface DeleteBlocker extends LifecycleFact {
    blocked: string;
    by: string;
    /** Input of `by` that holds the blocked object's id, ARN or name (a list is searched). */
    via: string;
}

export const deleteBlockers: DeleteBlocker[] = [
    {
        id: "tgw-delete-blocked-by-attachments",
        blocked: T.transitGateway,
        by: T.tgwVpcAttachment,
        via: "transitGatewayId",
        statement: "You can't delete a transit gateway with existing attachments",
        source: `${TGW_DOCS}/delete-tgw.html`,
        certainty: "documented",
    },
    {
        id: "tgw-delete-blocked-by-peering-attachment",
        blocked: T.transitGateway,
        by: T.tgwPeeringAttachment,
        via: "peerTransitGatewayId",
        statement: "You can't delete a transit gateway with existing attachments: a peering attachment is one on both transit gateways, the requester's and the peer's",
        source: `${TGW_DOCS}/delete-tgw.html; ${TGW_DOCS}/tgw-peering.html`,
        certainty: "documented",
    },
    {
        id: "tgw-delete-blocked-by-own-peering-attachment",
        blocked: T.transitGateway,
        by: T.tgwPeeringAttachment,
        via: "transitGatewayId",
        statement: "You can't delete a transit gateway with existing attachments: the requester's own peering attachment is one",
        source: `${TGW_DOCS}/delete-tgw.html`,
        certainty: "documented",
    },
    {
        id: "tgw-peering-delete-blocked-by-association",
        blocked: T.tgwPeeringAttachment,
        by: T.tgwRouteTableAssociation,
        via: "transitGatewayAttachmentId",
        statement:
            "A peering attachment still associated with a route table (on either side) is not deleted: AWS documents no precondition for DeleteTransitGatewayPeeringAttachment, so the rehearsal takes the pessimistic reading, as for VPC attachments, and each Region's network stack drops its association (detach run) before the requester's stack deletes the attachment",
        source: `${EC2_API}/API_DeleteTransitGatewayPeeringAttachment.html (no precondition stated); pessimistic`,
        certainty: "pessimistic",
    },
    {
        id: "tgw-delete-blocked-by-vpn",
        blocked: T.transitGateway,
        by: T.vpnConnection,
        via: "transitGatewayId",
        statement: "You can't delete a transit gateway with existing attachments (a VPN connection is one)",
        source: `${TGW_DOCS}/delete-tgw.html`,
        certainty: "documented",
    },
    {
        id: "tgw-route-table-delete-blocked-by-associations",
        blocked: T.tgwRouteTable,
        by: T.tgwRouteTableAssociation,
        via: "transitGatewayRouteTableId",
        statement: "Before you can delete a transit gateway route table, you must disassociate all attachments from it",
        source: `${EC2_API}/API_DeleteTransitGatewayRouteTable.html`,
        certainty: "documented",
    },
    {
        id: "tgw-attachment-delete-blocked-by-association",
        blocked: T.tgwVpcAttachment,
        by: T.tgwRouteTableAssociation,
        via: "transitGatewayAttachmentId",
        statement:
            "An attachment still associated with a route table is not deleted: AWS documents no precondition for DeleteTransitGatewayVpcAttachment, so the rehearsal takes the pessimistic reading and the network stack disassociates (detaches) a spoke before the spoke's stack deletes its attachment",
        source: `${EC2_API}/API_DeleteTransitGatewayVpcAttachment.html (no precondition stated); pessimistic`,
        certainty: "pessimistic",
    },
    {
        id: "tgw-attachment-delete-blocked-by-propagation",
        blocked: T.tgwVpcAttachment,
        by: T.tgwRouteTablePropagation,
        via: "transitGatewayAttachmentId",
        statement: "An attachment still propagating into a route table is not deleted (pessimistic, as for associations)",
        source: `${EC2_API}/API_DeleteTransitGatewayVpcAttachment.html (no precondition stated); pessimistic`,
        certainty: "pessimistic",
    },
    {
        id: "profile-delete-blocked-by-vpc-associations",
        blocked: T.profile,
        by: T.profileAssociation,
        via: "profileId",
        statement: "Before you can delete a Route 53 Profile, you must first disassociate it from all VPCs",
        source: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53profiles_DeleteProfile.html",
        certainty: "documented",
    },
    {
        id: "profile-delete-blocked-by-resource-associations",
        blocked: T.profile,
        by: T.profileResourceAssociation,
        via: "profileId",
        statement: "Before you delete a Route 53 Profile, you must dissociate all resources from it",
        source: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/profiles-disassociate-resources.html",
        certainty: "documented",
    },
    {
        id: "endpoint-service-delete-blocked-by-connections",
        blocked: T.vpcEndpointService,
        by: T.vpcEndpoint,
        via: "serviceName",
        statement:
            "Before you can delete an endpoint service configuration, you must reject any Available or PendingAcceptance interface endpoint connections that are attached to the service",
        source: `${EC2_API}/API_DeleteVpcEndpointServiceConfigurations.html`,
        certainty: "documented",
    },
    {
        id: "resolver-rule-delete-blocked-by-associations",
        blocked: T.resolverRule,
        by: T.resolverRuleAssociation,
        via: "resolverRuleId",
        statement: "Before you can delete a Resolver rule, you must disassociate it from all the VPCs that you associated the Resolver rule with",
        source: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DeleteResolverRule.html",
        certainty: "documented",
    },
    {
        id: "zone-delete-blocked-by-records",
        blocked: T.zone,
        by: T.record,
        via: "zoneId",
        statement: "A hosted zone that still holds records other than its SOA and NS records cannot be deleted (HostedZoneNotEmpty)",
        source: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHostedZone.html",
        certainty: "documented",
    },
    {
        id: "zone-delete-blocked-by-vpc-associations",
        blocked: T.zone,
        by: T.zoneAssociation,
        via: "zoneId",
        statement:
            "A private hosted zone still associated with VPCs of other accounts is not deleted: the rehearsal takes the pessimistic reading and deletes those associations first",
        source: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHostedZone.html (names no such case); pessimistic",
        certainty: "pessimistic",
    },
    {
        id: "policy-delete-blocked-by-attachments",
        blocked: T.orgPolicy,
        by: T.orgPolicyAttachment,
        via: "policyId",
        statement: "Before you delete a policy, you must first detach it from all OUs, roots and accounts",
        source: "https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeletePolicy.html",
        certainty: "documented",
    },
    {
        id: "tgw-delete-blocked-by-dx-association",
        blocked: T.transitGateway,
        by: T.dxGatewayAssociation,
        via: "associatedGatewayId",
        statement: "You can't delete a transit gateway with existing attachments (a Direct Connect gateway association is one)",
        source: `${TGW_DOCS}/delete-tgw.html`,
        certainty: "documented",
    },
    {
        id: "dx-gateway-delete-blocked-by-associations",
        blocked: T.dxGateway,
        by: T.dxGatewayAssociation,
        via: "dxGatewayId",
        statement: "You must disassociate the virtual private gateways and transit gateways attached to a Direct Connect gateway before you can delete it",
        source: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/delete-dx-gateway.html",
        certainty: "documented",
    },
    {
        id: "stack-set-delete-blocked-by-instances",
        blocked: T.stackSet,
        by: T.stackSetInstance,
        via: "stackSetName",
        statement: "A StackSet that still has stack instances cannot be deleted (StackSetNotEmptyException): delete its stack instances first",
        source: "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStackSet.html",
        certainty: "documented",
    },
    ...(
        [
            [T.subnet, "vpcId"],
            [T.routeTable, "vpcId"],
            [T.securityGroup, "vpcId"],
            [T.internetGateway, "vpcId"],
            [T.tgwVpcAttachment, "vpcId"],
            [T.vpcEndpoint, "vpcId"],
            [T.profileAssociation, "resourceId"],
            [T.zoneAssociation, "vpcId"],
        ] as const
    ).map(
        ([by, via]): DeleteBlocker => ({
            id: `vpc-delete-blocked-by-${by.split(":").pop()!.toLowerCase()}`,
            blocked: T.vpc,
            by,
            via,
            statement: "You must delete or detach every resource in a VPC (subnets, route tables, security groups, gateways, attachments, endpoints, DNS associations) before you can delete it (DependencyViolation)",
            source: "https://docs.aws.amazon.com/vpc/latest/userguide/delete-vpc.html (pessimistic for the Route 53 associations)",
            certainty: by === T.profileAssociation || by === T.zoneAssociation ? "pessimistic" : "documented",
        }),
    ),
    {
        // The association a private hosted zone was created with (its `vpcs`) is an
        // association like any other: pessimistically it blocks the VPC's deletion too.
        id: "vpc-delete-blocked-by-zone",
        blocked: T.vpc,
        by: T.zone,
        via: "vpcs",
        statement: zoneAssociationFact("vpc-deleted-while-zone-associated").statement,
        source: zoneAssociationFact("vpc-deleted-while-zone-associated").source,
        certainty: "pessimistic",
    },
    ...(
        [
            [T.vpcEndpoint, "subnetIds"],
            [T.tgwVpcAttachment, "subnetIds"],
            [T.natGateway, "subnetId"],
            [T.loadBalancer, "subnets"],
        ] as const
    ).map(
        ([by, via]): DeleteBlocker => ({
            id: `subnet-delete-blocked-by-${by.split(":").pop()!.toLowerCase()}`,
            blocked: T.subnet,
            by,
            via,
            statement: "A subnet with network interfaces in it cannot be deleted (DependencyViolation)",
            source: `${EC2_API}/API_DeleteSubnet.html`,
            certainty: "documented",
        }),
    ),
    {
        id: "route-table-delete-blocked-by-subnet-associations",
        blocked: T.routeTable,
        by: T.routeTableAssociation,
        via: "routeTableId",
        statement: "You must disassociate the route table from any subnets before you can delete it",
        source: `${EC2_API}/API_DeleteRouteTable.html`,
        certainty: "documented",
    },
    {
        id: "security-group-delete-blocked-by-endpoints",
        blocked: T.securityGroup,
        by: T.vpcEndpoint,
        via: "securityGroupIds",
        statement: "A security group used by a network interface cannot be deleted (DependencyViolation)",
        source: `${EC2_API}/API_DeleteSecurityGroup.html`,
        certainty: "documented",
    },
    {
        id: "resolver-endpoint-delete-blocked-by-rules",
        blocked: T.resolverEndpoint,
        by: T.resolverRule,
        via: "resolverEndpointId",
        statement: "An outbound Resolver endpoint that forwarding rules still use is not deleted (pessimistic; the rules are deleted first)",
        source: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DeleteResolverEndpoint.html; pessimistic",
        certainty: "pessimistic",
    },
    {
        id: "load-balancer-delete-blocked-by-endpoint-service",
        blocked: T.loadBalancer,
        by: T.vpcEndpointService,
        via: "networkLoadBalancerArns",
        statement: "A Network Load Balancer an endpoint service uses is not deleted (pessimistic; the service is deleted first)",
        source: "https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html; pessimistic",
        certainty: "pessimistic",
    },
];

// ---- what a deletion takes with it ---------------------------------------------------------------

export interface DeleteEffect extends LifecycleFact {
    type: string;
    effect: "deletes-referenced-attachment" | "disables-organization-sharing" | "rejects-endpoint-connection";
    /** Input naming what is affected. */
    input?: string;
}

export const deleteEffects: DeleteEffect[] = [
    {
        id: "accepter-delete-deletes-attachment",
        type: T.tgwVpcAttachmentAccepter,
        effect: "deletes-referenced-attachment",
        input: "transitGatewayAttachmentId",
        statement:
            "Deleting a VpcAttachmentAccepter deletes the attachment itself (DeleteTransitGatewayVpcAttachment): the spoke loses its live connection to the transit gateway",
        source: `${PROVIDER} internal/service/ec2/transitgateway_vpc_attachment_accepter.go resourceTransitGatewayVPCAttachmentAccepterDelete`,
        certainty: "provider-source",
    },
    {
        id: "tgw-peering-accepter-delete-deletes-attachment",
        type: T.tgwPeeringAttachmentAccepter,
        effect: "deletes-referenced-attachment",
        input: "transitGatewayAttachmentId",
        statement:
            "Deleting a PeeringAttachmentAccepter deletes the peering attachment itself (DeleteTransitGatewayPeeringAttachment): both Regions lose the peering. The accepter's stack therefore only forgets it (retainOnDelete) and the requester's stack deletes the attachment",
        source: `${PROVIDER} internal/service/ec2/transitgateway_peering_attachment_accepter.go resourceTransitGatewayPeeringAttachmentAccepterDelete`,
        certainty: "provider-source",
    },
    {
        id: "org-sharing-delete-disables-trusted-access",
        type: T.ramSharingWithOrganization,
        effect: "disables-organization-sharing",
        statement:
            "Deleting SharingWithOrganization disables RAM's trusted access in AWS Organizations (DisableAWSServiceAccess for ram.amazonaws.com) and deletes RAM's service-linked role: every share with the organization or its OUs, ours and others', stops reaching its principals",
        source: `${PROVIDER} internal/service/ram/sharing_with_organization.go resourceSharingWithOrganizationDelete; https://docs.aws.amazon.com/ram/latest/userguide/security-disable-sharing-with-orgs.html`,
        certainty: "provider-source",
    },
    {
        id: "connection-accepter-delete-rejects-connection",
        type: T.vpcEndpointConnectionAccepter,
        effect: "rejects-endpoint-connection",
        input: "vpcEndpointId",
        statement: "Deleting a VpcEndpointConnectionAccepter rejects the consumer's live endpoint connection (RejectVpcEndpointConnections)",
        source: `${PROVIDER} internal/service/ec2/vpc_endpoint_connection_accepter.go resourceVPCEndpointConnectionAccepterDelete`,
        certainty: "provider-source",
    },
];

// ---- which input changes replace a resource --------------------------------------------------------

/**
 * Inputs whose change replaces the resource (ForceNew in the provider's schema). `all`:
 * the resource has no update function, so every input change replaces it. Tags never do.
 * A type that is not listed is treated pessimistically: any change other than tags replaces it.
 */
export interface Replacement {
    forceNew: "all" | string[];
    /** Changes that replace the resource only in some cases: the provider's CustomizeDiff. */
    conditional?: ConditionalForceNew[];
    source: string;
}

/** A change of `input` that replaces the resource when `when` holds (and `onlyIf` matches the new inputs). */
export interface ConditionalForceNew {
    input: string;
    /** `not-grown`: the list changes without getting longer (an item removed or swapped); `emptiness-changes`: it becomes empty, or stops being empty. */
    when: "not-grown" | "emptiness-changes";
    onlyIf?: { input: string; equals: string };
    source: string;
}

const schemaOf = (file: string, note = "schema ForceNew"): string => `${PROVIDER} internal/service/${file} (${note})`;

export const replacements: Record<string, Replacement> = {
    [T.vpc]: { forceNew: ["cidrBlock", "instanceTenancy", "ipv4IpamPoolId"], source: schemaOf("ec2/vpc_.go") },
    [T.subnet]: { forceNew: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"], source: schemaOf("ec2/vpc_subnet.go") },
    [T.routeTable]: { forceNew: ["vpcId"], source: schemaOf("ec2/vpc_route_table.go") },
    [T.routeTableAssociation]: { forceNew: ["subnetId", "gatewayId"], source: schemaOf("ec2/vpc_route_table_association.go") },
    [T.route]: { forceNew: ["routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"], source: schemaOf("ec2/vpc_route.go") },
    [T.securityGroup]: { forceNew: ["name", "namePrefix", "description", "vpcId"], source: schemaOf("ec2/vpc_security_group.go") },
    [T.internetGateway]: { forceNew: [], source: schemaOf("ec2/vpc_internet_gateway.go", "vpc_id is updated by detach and attach") },
    [T.natGateway]: { forceNew: ["allocationId", "subnetId", "connectivityType", "privateIp"], source: schemaOf("ec2/vpc_nat_gateway.go") },
    [T.eip]: { forceNew: ["domain", "publicIpv4Pool", "networkBorderGroup"], source: schemaOf("ec2/eip.go") },
    [T.vpcEndpoint]: { forceNew: ["vpcId", "serviceName", "vpcEndpointType", "serviceRegion", "resourceConfigurationArn", "serviceNetworkArn"], source: schemaOf("ec2/vpc_endpoint.go") },
    [T.vpcEndpointService]: { forceNew: [], source: schemaOf("ec2/vpc_endpoint_service.go", "every argument updatable") },
    [T.vpcEndpointConnectionNotification]: { forceNew: ["vpcEndpointServiceId", "vpcEndpointId"], source: schemaOf("ec2/vpc_endpoint_connection_notification.go") },
    [T.vpcEndpointConnectionAccepter]: { forceNew: "all", source: schemaOf("ec2/vpc_endpoint_connection_accepter.go", "no update function") },
    [T.vpcEndpointPrivateDns]: { forceNew: ["vpcEndpointId"], source: schemaOf("ec2/vpc_endpoint_private_dns.go", "vpc_endpoint_id RequiresReplace; private_dns_enabled updated in place") },
    [T.flowLog]: { forceNew: "all", source: schemaOf("ec2/vpc_flow_log.go", "every argument but tags ForceNew") },
    [T.customerGateway]: { forceNew: ["bgpAsn", "ipAddress", "type", "certificateArn", "deviceName"], source: schemaOf("ec2/vpnsite_customer_gateway.go") },
    [T.vpnConnection]: { forceNew: ["type", "staticRoutesOnly", "enableAcceleration"], source: schemaOf("ec2/vpnsite_connection.go", "gateways updatable through ModifyVpnConnection") },
    [T.transitGateway]: { forceNew: ["amazonSideAsn"], source: schemaOf("ec2/transitgateway_.go") },
    [T.tgwRouteTable]: { forceNew: ["transitGatewayId"], source: schemaOf("ec2/transitgateway_route_table.go") },
    [T.tgwRoute]: { forceNew: "all", source: schemaOf("ec2/transitgateway_route.go", "resourceTransitGatewayRoute has no update function") },
    [T.tgwVpcAttachment]: { forceNew: ["transitGatewayId", "vpcId"], source: schemaOf("ec2/transitgateway_vpc_attachment.go") },
    [T.tgwVpcAttachmentAccepter]: { forceNew: ["transitGatewayAttachmentId"], source: schemaOf("ec2/transitgateway_vpc_attachment_accepter.go") },
    [T.tgwRouteTableAssociation]: { forceNew: "all", source: schemaOf("ec2/transitgateway_route_table_association.go", "no update function") },
    [T.tgwRouteTablePropagation]: { forceNew: "all", source: schemaOf("ec2/transitgateway_route_table_propagation.go", "no update function") },
    [T.ramResourceShare]: { forceNew: [], source: schemaOf("ram/resource_share.go") },
    [T.ramResourceAssociation]: { forceNew: "all", source: schemaOf("ram/resource_association.go", "no update function") },
    [T.ramPrincipalAssociation]: { forceNew: "all", source: schemaOf("ram/principal_association.go", "no update function") },
    [T.ramSharingWithOrganization]: { forceNew: "all", source: schemaOf("ram/sharing_with_organization.go", "no update function") },
    [T.orgPolicy]: { forceNew: ["type"], source: schemaOf("organizations/policy.go") },
    [T.orgPolicyAttachment]: { forceNew: ["policyId", "targetId"], source: schemaOf("organizations/policy_attachment.go") },
    [T.profile]: { forceNew: ["name"], source: schemaOf("route53profiles/profile.go", "RequiresReplace") },
    [T.profileAssociation]: { forceNew: ["name", "profileId", "resourceId"], source: schemaOf("route53profiles/association.go", "RequiresReplace") },
    [T.profileResourceAssociation]: { forceNew: ["name", "profileId", "resourceArn"], source: schemaOf("route53profiles/resource_association.go", "RequiresReplace") },
    [T.zone]: { forceNew: ["name", "delegationSetId"], source: schemaOf("route53/zone.go") },
    [T.record]: { forceNew: ["zoneId", "name", "setIdentifier"], source: schemaOf("route53/record.go") },
    [T.zoneAssociation]: { forceNew: "all", source: schemaOf("route53/zone_association.go", "no update function") },
    [T.vpcAssociationAuthorization]: { forceNew: "all", source: schemaOf("route53/vpc_association_authorization.go", "no update function") },
    [T.resolverEndpoint]: { forceNew: ["direction", "securityGroupIds", "resolverEndpointType"], source: schemaOf("route53resolver/endpoint.go") },
    [T.resolverRule]: { forceNew: ["domainName", "ruleType"], source: schemaOf("route53resolver/rule.go") },
    [T.resolverRuleAssociation]: { forceNew: "all", source: schemaOf("route53resolver/rule_association.go", "no update function") },
    [T.loadBalancer]: {
        forceNew: ["name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"],
        conditional: [
            {
                input: "subnets",
                when: "not-grown",
                onlyIf: { input: "loadBalancerType", equals: "network" },
                source: `${PROVIDER} internal/service/elbv2/load_balancer.go customizeDiffLoadBalancerNLB ("In-place increase in number of subnets only": a Network Load Balancer whose subnets are removed or swapped is replaced)`,
            },
            {
                input: "subnetMappings",
                when: "not-grown",
                onlyIf: { input: "loadBalancerType", equals: "network" },
                source: `${PROVIDER} internal/service/elbv2/load_balancer.go customizeDiffLoadBalancerNLB (subnet mappings removed or changed: ForceNew)`,
            },
            {
                input: "securityGroups",
                when: "emptiness-changes",
                onlyIf: { input: "loadBalancerType", equals: "network" },
                source: `${PROVIDER} internal/service/elbv2/load_balancer.go customizeDiffLoadBalancerNLB (security groups added where none were, or all removed: ForceNew)`,
            },
        ],
        source: schemaOf("elbv2/load_balancer.go"),
    },
    [T.targetGroup]: { forceNew: ["name", "namePrefix", "port", "protocol", "targetType", "vpcId"], source: schemaOf("elbv2/target_group.go") },
    [T.targetGroupAttachment]: { forceNew: "all", source: schemaOf("elbv2/target_group_attachment.go", "no update function") },
    [T.listener]: { forceNew: ["loadBalancerArn"], source: schemaOf("elbv2/listener.go") },
    [T.snsTopic]: { forceNew: ["name", "namePrefix", "fifoTopic"], source: schemaOf("sns/topic.go") },
    [T.snsTopicPolicy]: { forceNew: ["arn"], source: schemaOf("sns/topic_policy.go") },
    [T.iamRole]: { forceNew: ["name", "namePrefix", "path"], source: schemaOf("iam/role.go") },
    [T.iamRolePolicy]: { forceNew: ["name", "namePrefix", "role"], source: schemaOf("iam/role_policy.go") },
    [T.logGroup]: { forceNew: ["name", "namePrefix", "logGroupClass"], source: schemaOf("logs/group.go") },
    [T.bucketPolicy]: { forceNew: ["bucket"], source: schemaOf("s3/bucket_policy.go") },
    [T.s3Bucket]: { forceNew: ["bucket", "bucketPrefix", "objectLockEnabled"], source: schemaOf("s3/bucket.go") },
    [T.s3BucketVersioning]: { forceNew: ["bucket", "expectedBucketOwner"], source: schemaOf("s3/bucket_versioning.go") },
    [T.s3BucketEncryption]: { forceNew: ["bucket", "expectedBucketOwner"], source: schemaOf("s3/bucket_server_side_encryption_configuration.go") },
    [T.s3BucketLifecycle]: { forceNew: ["bucket", "expectedBucketOwner"], source: schemaOf("s3/bucket_lifecycle_configuration.go", "RequiresReplace") },
    [T.s3BucketPublicAccessBlock]: { forceNew: ["bucket"], source: schemaOf("s3/bucket_public_access_block.go") },
    [T.s3BucketOwnershipControls]: { forceNew: ["bucket"], source: schemaOf("s3/bucket_ownership_controls.go") },
    [T.dxGateway]: { forceNew: ["amazonSideAsn"], source: schemaOf("directconnect/gateway.go") },
    [T.dxGatewayAssociation]: {
        forceNew: ["dxGatewayId", "associatedGatewayId", "associatedGatewayOwnerAccountId", "proposalId"],
        source: schemaOf("directconnect/gateway_association.go", "allowed_prefixes updatable"),
    },
    [T.stackSet]: { forceNew: ["name", "permissionModel"], source: schemaOf("cloudformation/stack_set.go", "template and parameters updatable") },
    [T.stackSetInstance]: { forceNew: ["stackSetName", "accountId", "deploymentTargets", "stackSetInstanceRegion", "callAs"], source: schemaOf("cloudformation/stack_set_instance.go") },
    [T.iamRolePolicyAttachment]: { forceNew: "all", source: schemaOf("iam/role_policy_attachment.go", "no update function") },
    // Policies kept on another resource: an update puts the new document (PutPermission,
    // SetQueueAttributes); a replace would create the new one and then delete the old, which
    // removes the resource's whole policy (RemovePermission RemoveAllPermissions; the queue's
    // Policy attribute set empty).
    [T.eventBusPolicy]: { forceNew: ["eventBusName"], source: schemaOf("events/bus_policy.go", "policy updated by resourceBusPolicyPut; Delete calls RemovePermission with RemoveAllPermissions") },
    [T.sqsQueuePolicy]: { forceNew: ["queueUrl"], source: schemaOf("sqs/queue_policy.go", "queue_url ForceNew; policy updated in place by queueAttributeHandler.Upsert") },
    [T.eventRule]: { forceNew: ["name", "namePrefix", "eventBusName"], source: schemaOf("events/rule.go", "event_pattern, description, role_arn, state updated by PutRule") },
    [T.eventTarget]: { forceNew: ["rule", "targetId", "eventBusName"], source: schemaOf("events/target.go", "arn, role_arn, input, dead_letter_config updated by PutTargets") },
    [T.lambdaFunction]: { forceNew: ["name", "packageType"], source: schemaOf("lambda/function.go", "function_name and package_type ForceNew; code, role, environment updated by UpdateFunctionCode / UpdateFunctionConfiguration") },
    [T.eventBus]: { forceNew: ["name", "eventSourceName"], source: schemaOf("events/bus.go") },
    [T.sqsQueue]: { forceNew: ["name", "namePrefix", "fifoQueue"], source: schemaOf("sqs/queue.go", "name and fifo_queue ForceNew; attributes updated by SetQueueAttributes") },
    [T.configRule]: { forceNew: ["name"], source: schemaOf("configservice/config_rule.go", "everything but name updated by PutConfigRule") },
};

// ---- deletions that hurt beyond the stack -------------------------------------------------------

/**
 * Resources whose deletion reaches beyond their own stack: other stacks (or the whole
 * organization) rely on them. The rehearsal reports every such delete; the landing zone
 * keeps them with `retainOnDelete` (a delete then forgets them), or orders the stacks so
 * the users go first.
 */
export interface Protective {
    type: string;
    why: string;
    /** The rule that makes it so. */
    rule: string;
}

export const protective: Protective[] = [
    { type: T.ramSharingWithOrganization, why: "RAM sharing with the whole organization", rule: "org-sharing-delete-disables-trusted-access" },
    { type: T.tgwVpcAttachmentAccepter, why: "a spoke's live attachment", rule: "accepter-delete-deletes-attachment" },
    { type: T.tgwPeeringAttachmentAccepter, why: "the live peering between two Regions", rule: "tgw-peering-accepter-delete-deletes-attachment" },
    { type: T.vpcEndpointConnectionAccepter, why: "a consumer's live endpoint connection", rule: "connection-accepter-delete-rejects-connection" },
];

// ---- sub-resources a parent holds exactly one of ---------------------------------------------------

/**
 * A sub-resource its parent holds ONE of, whoever writes it: writing it replaces what the
 * parent held (another stack's included), and deleting it removes what the parent holds
 * (another stack's included). Two stacks managing it for one parent overwrite each other,
 * and the first one's delete leaves the parent with none — a hand-off from one writer to
 * another must never delete. The rehearsal keeps one slot per parent (tools/rehearse/aws-sim.ts).
 */
export interface Singleton extends LifecycleFact {
    type: string;
    /** The input naming the parent (its value keys the slot). */
    parent: string;
    /** What the parent is, for messages. */
    parentKind: string;
}

export const singletons: Singleton[] = [
    {
        id: "bucket-policy-one-per-bucket",
        type: T.bucketPolicy,
        parent: "bucket",
        parentKind: "S3 bucket",
        statement:
            "A bucket has one bucket policy: PutBucketPolicy (the provider's create AND update) replaces the bucket's policy whoever wrote it (\"If a policy already exists for the specified bucket, the new policy will replace the existing policy\"), and DeleteBucketPolicy (the provider's delete, by bucket name) deletes the policy of the bucket whoever wrote it — a stack that deletes a policy another stack has since put leaves the bucket with none, and without a refresh the other stack still believes its policy is there",
        source:
            "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html (\"Applies an Amazon S3 bucket policy to an Amazon S3 bucket\"); " +
            "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html (\"uses the policy subresource to delete the policy of a specified bucket\"); " +
            "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/services/s3/model/SetBucketPolicyRequest.html (\"Only one policy can be specified per-bucket\"); " +
            "AWS SDK for .NET API reference (v1), AmazonS3Client.PutBucketPolicy remarks (\"If a policy already exists for the specified bucket, the new policy will replace the existing policy\"); " +
            `${PROVIDER} internal/service/s3/bucket_policy.go (Create and Update are resourceBucketPolicyPut: PutBucketPolicy, the id is the bucket name; resourceBucketPolicyDelete: DeleteBucketPolicy with that bucket name)`,
        certainty: "documented",
    },
];

/** The singleton rule of a type, if it has one. */
export function singletonOf(type: string): Singleton | undefined {
    return singletons.find((s) => s.type === type);
}

// ---- the configuration of a bucket kept after its stack is gone ----------------------------------

/**
 * What deleting one of an S3 bucket's configuration sub-resources does to the bucket. A
 * bucket the landing zone keeps when its stack is destroyed (`retainOnDelete`: the log
 * archive) must keep these too, or it outlives its stack without them: every one is written
 * with `retainOnDelete` beside the bucket (components/log-archive.ts), so a destroy only
 * forgets it. The policy is also a one-per-parent slot (`bucket-policy-one-per-bucket`).
 */
export interface KeptBucketConfiguration extends LifecycleFact {
    type: string;
    /** What the bucket is left with after the provider's delete. */
    leaves: string;
}

export const keptBucketConfiguration: KeptBucketConfiguration[] = [
    {
        id: "bucket-policy-delete-removes-it",
        type: T.bucketPolicy,
        leaves: "no bucket policy: none of its Denies (TLS only, our identities, expected networks) and no log-delivery grants",
        statement: "The provider's delete of a BucketPolicy is DeleteBucketPolicy by bucket name, which deletes the bucket's policy",
        source: `https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html; ${PROVIDER} internal/service/s3/bucket_policy.go resourceBucketPolicyDelete`,
        certainty: "documented",
    },
    {
        id: "public-access-block-delete-removes-it",
        type: T.s3BucketPublicAccessBlock,
        leaves: "no bucket-level public access block: only the account's, if any, stops a public policy or ACL",
        statement: "The provider's delete of a BucketPublicAccessBlock is DeletePublicAccessBlock, which removes the bucket's PublicAccessBlock configuration",
        source: `https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeletePublicAccessBlock.html; ${PROVIDER} internal/service/s3/bucket_public_access_block.go resourceBucketPublicAccessBlockDelete`,
        certainty: "documented",
    },
    {
        id: "ownership-controls-delete-removes-them",
        type: T.s3BucketOwnershipControls,
        leaves: "no Object Ownership setting: ACLs are no longer disabled by it",
        statement: "The provider's delete of BucketOwnershipControls is DeleteBucketOwnershipControls, which removes the bucket's OwnershipControls",
        source: `https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketOwnershipControls.html; ${PROVIDER} internal/service/s3/bucket_ownership_controls.go resourceBucketOwnershipControlsDelete`,
        certainty: "documented",
    },
    {
        id: "lifecycle-delete-stops-expiry",
        type: T.s3BucketLifecycle,
        leaves: "no lifecycle rules: \"Your objects never expire\", so the logs are kept (and billed) forever",
        statement:
            "The provider's delete of a BucketLifecycleConfiguration is DeleteBucketLifecycle: \"Amazon S3 removes all the lifecycle configuration rules ... Your objects never expire, and Amazon S3 no longer automatically deletes any objects on the basis of rules contained in the deleted lifecycle configuration\"",
        source: `https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketLifecycle.html; ${PROVIDER} internal/service/s3/bucket_lifecycle_configuration.go (Delete: DeleteBucketLifecycle)`,
        certainty: "documented",
    },
    {
        id: "versioning-delete-suspends-it",
        type: T.s3BucketVersioning,
        leaves: "versioning suspended: an overwritten or deleted log object is no longer kept as a noncurrent version",
        statement: "\"Deleting this resource will either suspend versioning on the associated S3 bucket or simply remove the resource from state if the associated S3 bucket is unversioned\"",
        source: `https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketversioning/; ${PROVIDER} internal/service/s3/bucket_versioning.go resourceBucketVersioningDelete`,
        certainty: "provider-source",
    },
    {
        id: "encryption-delete-resets-to-sse-s3",
        type: T.s3BucketEncryption,
        leaves: "default encryption reset to SSE-S3 (what the log archive uses: harmless today, kept so a future SSE-KMS setting would not be lost)",
        statement: "The provider's delete of a BucketServerSideEncryptionConfiguration is DeleteBucketEncryption, which \"resets the default encryption for the bucket as server-side encryption with Amazon S3 managed keys (SSE-S3)\"",
        source: `https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketEncryption.html; ${PROVIDER} internal/service/s3/bucket_server_side_encryption_configuration.go (Delete: DeleteBucketEncryption)`,
        certainty: "documented",
    },
];

/** The kept-bucket rule of a configuration type, if it is one. */
export function keptBucketConfigurationOf(type: string): KeptBucketConfiguration | undefined {
    return keptBucketConfiguration.find((k) => k.type === type);
}

// ---- the organization before the first deploy -------------------------------------------------------

/**
 * The organization the rehearsal starts from: the policy types the perimeter attaches are
 * enabled in the root, as the first-deploy prerequisites require (aws/prerequisites.ts,
 * checked by `npm run preflight`; no Pulumi resource enables a policy type short of
 * managing the whole `aws.organizations.Organization`). RAM sharing with the organization
 * starts disabled — the pessimistic start: the org stack enables it itself.
 */
export const organizationPrerequisites = {
    policyTypesEnabled: ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] as const,
    /**
     * The AWS-managed policy of each type is attached to the root, every OU and every account
     * once the type is enabled (FullAWSAccess: "the default FullAWSAccess policy", which a
     * deny-list SCP strategy leaves attached — DetachPolicy; RCPFullAWSAccess: attached to
     * every root, OU and account, and it cannot be detached). Each takes one of the slots
     * `org-policies-per-target` counts; the landing zone never detaches FullAWSAccess.
     */
    managedPolicyAttachedEverywhere: { SERVICE_CONTROL_POLICY: "FullAWSAccess", RESOURCE_CONTROL_POLICY: "RCPFullAWSAccess" } as const,
    managedPolicySource:
        "https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html (the default FullAWSAccess policy); https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html (RCPFullAWSAccess)",
    ramSharingEnabled: false,
    statement: `${prerequisites["scp-policy-type"].title}; ${prerequisites["rcp-policy-type"].title}`,
    source: [...prerequisites["scp-policy-type"].sources, ...prerequisites["rcp-policy-type"].sources].join("; "),
};

// ---- what a stack's providers need before its first resource -------------------------------------

/**
 * Preconditions of a stack's credentials rather than of one resource: the deploy waves order
 * the stacks by them (program/unit-registry.ts). The simulated AWS does not model the roles a
 * StackSet creates in member accounts, so the rehearsal follows the order but cannot catch a
 * wrong one.
 */
export const accessRequirements: LifecycleFact[] = [
    {
        id: "assume-role-needs-role",
        statement:
            "A provider for another account assumes deployment.roleName there (sts:AssumeRole), which fails until the role exists and trusts the caller: the bootstrap stack, whose StackSet creates the role in every account of its OUs, runs before every other stack",
        source: "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html; https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html",
        certainty: "documented",
    },
];

// ---- what a delete is refused for, besides what refers to the object ---------------------------

/**
 * Deleting an aws.route53.ZoneAssociation disassociates its VPC from the zone, which AWS
 * refuses for the zone's last VPC (however that VPC was associated).
 */
export const zoneLastVpcRule: LifecycleFact = {
    id: "zone-last-vpc-cannot-be-disassociated",
    statement: zoneAssociationFact("last-vpc-cannot-be-disassociated").statement,
    source: zoneAssociationFact("last-vpc-cannot-be-disassociated").source,
    certainty: "documented",
};

/**
 * Pulumi's `import` adopts an existing cloud resource: the engine reads it by the given id and
 * fails the step when it does not exist or when the program's inputs differ from what it read
 * ("inputs to import do not match the existing resource").
 */
export const importRule: LifecycleFact = {
    id: "pulumi-import",
    statement: "An imported resource must exist, and the program's inputs must match what the provider reads of it, or the import step fails",
    source: "https://www.pulumi.com/docs/iac/concepts/options/import/",
    certainty: "documented",
};

/** Every rule with an id, for messages and documentation. */
export function lifecycleRules(): LifecycleFact[] {
    return [...createStates, ...createRequirements, ...deleteBlockers, ...deleteEffects, ...singletons, ...keptBucketConfiguration, ...accessRequirements, zoneLastVpcRule, importRule];
}

/** The rule with this id. */
export function lifecycleRule(id: string): LifecycleFact {
    const rule = lifecycleRules().find((r) => r.id === id);
    if (!rule) throw new Error(`no lifecycle rule "${id}" in aws/lifecycle.ts`);
    return rule;
}
