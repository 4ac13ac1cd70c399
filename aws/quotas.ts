/**
 * AWS default quotas the definition is checked against and the generators respect,
 * each with the AWS page that documents it (default values, read November 2026).
 * Adjustable quotas can be raised through Service Quotas; a definition records a raised
 * value under `quotas:` (see definition/checks/quotas.ts).
 *
 * The quotas a definition may raise hold per Region: "Unless otherwise noted, each quota is
 * Region-specific" (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html,
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html). The Route 53
 * page does not say so of the Profile quota; a Profile is a Regional resource, so it is read
 * the same way (the pessimistic reading: a raise granted in one Region is not assumed in
 * another). A raise granted in one Region only is recorded for that Region
 * (`network.regions.<region>.quotas`; definition/quotas.ts `quotasIn`).
 */
export interface Quota {
    value: number;
    /** Name of the quota and the page that documents it, quoted in messages. */
    source: string;
    adjustable: boolean;
    /** The AWS page that documents the quota. */
    url: string;
}

const PRIVATELINK_QUOTAS = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html";
const ROUTE53_QUOTAS = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html";
const TGW_QUOTAS = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html";
const VPC_SECURITY_GROUP_QUOTAS = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups";

export const quotas = {
    interfaceEndpointsPerVpc: {
        value: 50,
        source: "Amazon VPC quotas: interface VPC endpoints per VPC",
        adjustable: true,
        url: PRIVATELINK_QUOTAS,
    },
    vpcsPerProfile: {
        value: 1000,
        source: "Route 53 Profiles quotas: VPC associations per Profile",
        adjustable: true,
        url: ROUTE53_QUOTAS,
    },
    vpcsPerPrivateHostedZone: {
        value: 300,
        source: "Route 53 quotas: Amazon VPCs that you can associate with a private hosted zone, per hosted zone (Request a higher quota)",
        adjustable: true,
        url: ROUTE53_QUOTAS,
    },
    tgwAttachments: {
        value: 5000,
        source: "Transit Gateway quotas: attachments per transit gateway",
        adjustable: false,
        url: TGW_QUOTAS,
    },
    tgwPeeringAttachments: {
        value: 50,
        source: "Transit Gateway quotas: peering attachments per transit gateway",
        adjustable: true,
        url: TGW_QUOTAS,
    },
    /**
     * "Peering attachments between two transit gateways: 1", not adjustable: two Regions'
     * transit gateways have exactly one peering, which every route domain's traffic between
     * them shares (definition/regions.ts `regionPeerings` plans one per pair and refuses more).
     */
    tgwPeeringAttachmentsBetweenTransitGateways: {
        value: 1,
        source: "Transit Gateway quotas: peering attachments between two transit gateways",
        adjustable: false,
        url: TGW_QUOTAS,
    },
    tgwPendingPeeringAttachments: {
        value: 10,
        source: "Transit Gateway quotas: pending peering attachments per transit gateway",
        adjustable: true,
        url: TGW_QUOTAS,
    },
    tgwRouteTables: {
        value: 20,
        source: "Transit Gateway quotas: route tables per transit gateway",
        adjustable: true,
        url: TGW_QUOTAS,
    },
    tgwRoutes: {
        value: 10000,
        source: "Transit Gateway quotas: routes per transit gateway (all route tables together)",
        adjustable: true,
        url: TGW_QUOTAS,
    },
    /**
     * "Inbound or outbound rules per security group: 60", adjustable; enforced separately for
     * IPv4 and IPv6 rules, and each CIDR of each port is one rule. AWS grants a raise only while
     * this quota multiplied by the quota for security groups per network interface stays within
     * 1,000 (the same page), so a raise may lower how many security groups an ENI takes. Like
     * every quota it holds per account and Region: the interface endpoints' security groups sit
     * in the network account (centralized) or in each spoke's account (distributed).
     */
    securityGroupInboundRules: {
        value: 60,
        source: "Amazon VPC quotas: inbound rules per security group (IPv4; each CIDR of each port is one rule)",
        adjustable: true,
        url: VPC_SECURITY_GROUP_QUOTAS,
    },
} satisfies Record<string, Quota>;

/**
 * Inbound rules per security group, AWS's default (each CIDR of each port is one rule):
 * `quotas.securityGroupInboundRules`; a definition may record a raise (definition/quotas.ts `quotasIn`).
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups
 */
export const securityGroupInboundRules = quotas.securityGroupInboundRules.value;

/**
 * Maximum document sizes, in characters.
 * - SCP and RCP: 5,120. AWS Organizations counts the document as stored; we store it
 *   minified, so the minified length is what counts.
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * - VPC endpoint policy: 20,480 including white space, not adjustable.
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html
 * - S3 bucket policy: 20 KB. https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
 */
export const policySizeLimits = {
    scp: 5120,
    rcp: 5120,
    endpoint: 20480,
    bucket: 20480,
} as const;

/**
 * Inline policies of one IAM role: "Role policy size cannot exceed 10,240 characters" (the
 * aggregate of all its inline policies), and "IAM doesn't count white space when
 * calculating the size of a policy against these quotas" — so the minified length counts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const roleInlinePolicySizeLimit = 10240;

/**
 * At most 5 SCPs (and 5 RCPs) can be attached to one root, OU or account
 * ("Maximum number of policies attached to a root, OU, or account ... Service control
 * policies: 5; Resource control policies: 5"):
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const maxControlPoliciesPerTarget = 5;

/**
 * The default FullAWSAccess / RCPFullAWSAccess policy takes one of the 5 unless it is
 * detached: 4 are left for ours, less whatever the organization (or AWS Control Tower)
 * already attaches to the OU (`perimeter.existingPolicies`).
 */
export const maxAttachedControlPolicies = maxControlPoliciesPerTarget - 1;

/**
 * Weighted records Route 53 answers per record name and type: "up to 100 alternative
 * responses". https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/TutorialManagingOver100WRR.html
 */
export const weightedRecordsPerName = 100;

/**
 * Longest physical names AWS accepts for the fixed-name resources the program creates
 * (the detective controls name theirs after the environment; components/governance-documents.ts).
 */
export const physicalNameLimits = {
    iamRole: { value: 64, url: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html" },
    lambdaFunction: { value: 64, url: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html" },
    eventBridgeRule: { value: 64, url: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html" },
    eventBus: { value: 256, url: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html" },
    configRule: { value: 128, url: "https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html" },
    sqsQueue: { value: 80, url: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html" },
    snsTopic: { value: 256, url: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html" },
    cloudWatchAlarm: { value: 255, url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html" },
    kmsAlias: { value: 256, url: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html" },
} as const;

export type PhysicalNameKind = keyof typeof physicalNameLimits;
