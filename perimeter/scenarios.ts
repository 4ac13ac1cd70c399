/**
 * Perimeter scenarios: requests a real environment sees, each with the verdict the
 * perimeter promises. Data only — no evaluator here. `tools/perimeter.ts` (and the tests
 * through it) turns each scenario into a full request context and evaluates it with an
 * independent IAM evaluator against the documents generated for a definition.
 *
 * A scenario says who calls (an IAM role ARN or an AWS service principal), what action on
 * which resource, and from where (one of our endpoints, an IP address, or AWS's own
 * network for service principals). The evaluator derives the rest of the request
 * context the way AWS populates it (principal and resource account and organization,
 * endpoint owner, Region, TLS ...); `context` adds or overrides keys.
 *
 * The same shape is accepted from a YAML/JSON file (`npm run perimeter -- --scenarios f`),
 * so scenarios can be written independently of this table.
 */
import { Definition } from "../definition/schema";
import { trustOf } from "./trust";
import { PolicyDocument } from "./types";

export type ScenarioOrigin =
    /** Through one of our VPC endpoints: a catalog service name (`ssm`, `s3`) or `gateway:s3` / `gateway:dynamodb`. */
    | { endpoint: string; /** Account owning the endpoint. @default network account (interface), caller's account (gateway) */ endpointAccount?: string }
    /** From a public IP address (corporate egress, home, attacker). */
    | { ip: string }
    /** From AWS's own network (AWS service principals, roles assumed by AWS services). */
    | { awsNetwork: true };

export interface Scenario {
    id: string;
    description: string;
    expect: "allowed" | "denied";
    /** IAM role ARN (`arn:aws:iam::<account>:role/<name>`) or AWS service principal (`logs.amazonaws.com`). */
    principal: string;
    /** Tags on the calling role. */
    principalTags?: Record<string, string>;
    /** Organization of the caller when it is not one of the definition's accounts. */
    principalOrgId?: string;
    action: string;
    /** Resource ARN (`*` for actions that name no resource). */
    resource: string;
    /** Account that owns the resource. @default the ARN's account (required for S3 ARNs, which carry none) */
    resourceAccount?: string;
    /** Organization of the resource when it is not one of the definition's accounts. */
    resourceOrgId?: string;
    from: ScenarioOrigin;
    /** Extra or overriding request context keys (`ec2:VpceServiceName`, `aws:SourceAccount` ...). */
    context?: Record<string, string | string[]>;
    /** The resource's own policy (a bucket's grants, a role's trust policy). */
    resourcePolicy?: PolicyDocument;
}

/** An account id outside the organization and the trusted list. */
export const OUTSIDE_ACCOUNT = "999988887777";
export const OUTSIDE_ORG = "o-outsider0001";
/** Stands for the AWS-owned accounts behind ECR layers, Amazon Linux and SSM buckets. */
export const AWS_OWNED_ACCOUNT = "777766665555";

const allow = (sid: string, principal: PolicyDocument["Statement"][number]["Principal"], action: string | string[], resource: string | string[], condition?: PolicyDocument["Statement"][number]["Condition"]): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [{ Sid: sid, Effect: "Allow", Principal: principal, Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});

/**
 * The scenarios for a definition: every account, organization, bucket and service name
 * comes from it, so the same table runs against any environment. Organization-only
 * scenarios (SCPs, RCPs, RAM) are left out of single-account environments.
 */
export function perimeterScenarios(definition: Definition): Scenario[] {
    const trust = trustOf(definition);
    const region = definition.region;
    const p = trust.partition;
    const org = trust.orgId;
    const accounts = definition.accounts;
    const networkAccount = accounts[definition.network.account];
    // The caller: a workload role in the first spoke's account.
    const firstSpoke = definition.spokes[0];
    const workloadAccount = firstSpoke ? accounts[firstSpoke.account] : networkAccount;
    const otherAccount = Object.values(accounts).find((a) => a !== workloadAccount && a !== accounts.management) ?? workloadAccount;
    const app = `arn:${p}:iam::${workloadAccount}:role/app-workload`;
    const admin = `arn:${p}:iam::${workloadAccount}:role/${trust.networkAdminRole}`;
    const outsider = `arn:${p}:iam::${OUTSIDE_ACCOUNT}:role/exfiltration`;
    const services = definition.network.endpoints.services;
    const hasGatewayS3 = definition.spokes.some((s) => s.gatewayEndpoints.includes("s3"));
    const hasGatewayDynamo = definition.spokes.some((s) => s.gatewayEndpoints.includes("dynamodb"));
    const gatewaySpoke = definition.spokes.find((s) => s.gatewayEndpoints.includes("s3"));
    const gatewayCaller = gatewaySpoke ? `arn:${p}:iam::${accounts[gatewaySpoke.account]}:role/app-workload` : app;
    const gatewayAccount = gatewaySpoke ? accounts[gatewaySpoke.account] : workloadAccount;
    const s3Bucket = (account: string) => `arn:${p}:s3:::${definition.environment}-${account}-app-data`;
    const corporateIp = trust.corporateCidrs.length > 0 ? trust.corporateCidrs[0].replace(/\.0\/\d+$/, ".25") : undefined;
    const internetIp = "192.0.2.77"; // TEST-NET-1: never a corporate range in a shipped definition
    // The default key policy: the account's IAM policies decide.
    const keyPolicy = (account: string) => allow("AccountIam", { AWS: `arn:${p}:iam::${account}:root` }, "kms:*", "*");
    const s: Scenario[] = [];

    if (hasGatewayS3) {
        s.push(
            {
                id: "org-identity-org-bucket-via-s3-gateway",
                description: "A workload reads its own account's bucket through the spoke's S3 gateway endpoint",
                expect: "allowed",
                principal: gatewayCaller,
                action: "s3:GetObject",
                resource: `${s3Bucket(gatewayAccount)}/reports/2026-11.csv`,
                resourceAccount: gatewayAccount,
                from: { endpoint: "gateway:s3" },
            },
            {
                id: "org-identity-outside-bucket-via-s3-gateway",
                description: "A workload uploads to a bucket outside the organization (open to the world) through the S3 gateway endpoint",
                expect: "denied",
                principal: gatewayCaller,
                action: "s3:PutObject",
                resource: `arn:${p}:s3:::exfil-drop-bucket/dump.tar`,
                resourceAccount: OUTSIDE_ACCOUNT,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "gateway:s3" },
                resourcePolicy: allow("OpenDrop", "*", "s3:PutObject", `arn:${p}:s3:::exfil-drop-bucket/*`),
            },
            {
                id: "ecr-layer-pull-via-s3-gateway",
                description: "An image pull fetches layers from ECR's AWS-owned layer bucket through the S3 gateway endpoint",
                expect: "allowed",
                principal: gatewayCaller,
                action: "s3:GetObject",
                resource: `arn:${p}:s3:::prod-${region}-starport-layer-bucket/sha256/0f3a`,
                resourceAccount: AWS_OWNED_ACCOUNT,
                from: { endpoint: "gateway:s3" },
                resourcePolicy: allow("EcrLayers", "*", "s3:GetObject", `arn:${p}:s3:::prod-${region}-starport-layer-bucket/*`),
            },
            {
                id: "amazon-linux-repo-via-s3-gateway",
                description: "dnf on Amazon Linux 2023 reads the Region's AWS-owned repository bucket",
                expect: "allowed",
                principal: gatewayCaller,
                action: "s3:GetObject",
                resource: `arn:${p}:s3:::al2023-repos-${region}-de612dc2/core/mirrors/latest/x86_64/mirror.list`,
                resourceAccount: AWS_OWNED_ACCOUNT,
                from: { endpoint: "gateway:s3" },
                resourcePolicy: allow("Repos", "*", "s3:GetObject", `arn:${p}:s3:::al2023-repos-${region}-de612dc2/*`),
            },
            {
                id: "ssm-agent-bucket-via-s3-gateway",
                description: "SSM Agent downloads a plugin from the AWS-owned amazon-ssm bucket",
                expect: "allowed",
                principal: gatewayCaller,
                action: "s3:GetObject",
                resource: `arn:${p}:s3:::amazon-ssm-${region}/latest/linux_amd64/amazon-ssm-agent.rpm`,
                resourceAccount: AWS_OWNED_ACCOUNT,
                from: { endpoint: "gateway:s3" },
                resourcePolicy: allow("Agent", "*", "s3:GetObject", `arn:${p}:s3:::amazon-ssm-${region}/*`),
            },
            {
                id: "aws-owned-bucket-not-on-the-list",
                description: "Writing to an AWS-owned-looking bucket that is not a documented exception is still refused",
                expect: "denied",
                principal: gatewayCaller,
                action: "s3:PutObject",
                resource: `arn:${p}:s3:::prod-${region}-starport-layer-bucket/upload`,
                resourceAccount: AWS_OWNED_ACCOUNT,
                from: { endpoint: "gateway:s3" },
                resourcePolicy: allow("Open", "*", "s3:PutObject", `arn:${p}:s3:::prod-${region}-starport-layer-bucket/*`),
            },
            {
                id: "outside-identity-via-s3-gateway",
                description: "Stolen outside credentials used from inside our VPC to read the attacker's own bucket",
                expect: "denied",
                principal: outsider,
                principalOrgId: OUTSIDE_ORG,
                action: "s3:GetObject",
                resource: `arn:${p}:s3:::attacker-tools/payload.sh`,
                resourceAccount: OUTSIDE_ACCOUNT,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "gateway:s3", endpointAccount: gatewayAccount },
            },
        );
        if (trust.trustedAccounts.length > 0) {
            const vendor = trust.trustedAccounts[0];
            s.push({
                id: "org-identity-trusted-vendor-bucket-via-s3-gateway",
                description: "A workload reads the trusted vendor's bucket (which grants it) through the S3 gateway endpoint",
                expect: "allowed",
                principal: gatewayCaller,
                action: "s3:GetObject",
                resource: `arn:${p}:s3:::vendor-${vendor}-feeds/daily.json`,
                resourceAccount: vendor,
                resourceOrgId: "o-vendororg001",
                from: { endpoint: "gateway:s3" },
                resourcePolicy: allow("Customers", { AWS: `arn:${p}:iam::${gatewayAccount}:root` }, "s3:GetObject", `arn:${p}:s3:::vendor-${vendor}-feeds/*`),
            });
        }
    }

    if (hasGatewayDynamo) {
        const dynamoSpoke = definition.spokes.find((sp) => sp.gatewayEndpoints.includes("dynamodb"))!;
        const dynamoAccount = accounts[dynamoSpoke.account];
        const caller = `arn:${p}:iam::${dynamoAccount}:role/app-workload`;
        s.push(
            {
                id: "org-identity-org-table-via-dynamodb-gateway",
                description: "A workload queries its own table through the DynamoDB gateway endpoint",
                expect: "allowed",
                principal: caller,
                action: "dynamodb:Query",
                resource: `arn:${p}:dynamodb:${region}:${dynamoAccount}:table/orders`,
                from: { endpoint: "gateway:dynamodb" },
            },
            {
                id: "org-identity-outside-table-via-dynamodb-gateway",
                description: "A workload writes into a table of an outside account (granted by its resource policy) through the gateway endpoint",
                expect: "denied",
                principal: caller,
                action: "dynamodb:PutItem",
                resource: `arn:${p}:dynamodb:${region}:${OUTSIDE_ACCOUNT}:table/collector`,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "gateway:dynamodb" },
                resourcePolicy: allow("Open", "*", "dynamodb:PutItem", `arn:${p}:dynamodb:${region}:${OUTSIDE_ACCOUNT}:table/collector`),
            },
        );
    }

    if (services.includes("ssm")) {
        s.push(
            {
                id: "public-ssm-document-via-ssm-endpoint",
                description: "Run Command reads the AWS-owned AWS-RunShellScript document through the central SSM endpoint",
                expect: "allowed",
                principal: app,
                action: "ssm:GetDocument",
                resource: `arn:${p}:ssm:${region}:${AWS_OWNED_ACCOUNT}:document/AWS-RunShellScript`,
                resourceAccount: AWS_OWNED_ACCOUNT,
                from: { endpoint: "ssm" },
                // AWS shares its documents with every account.
                resourcePolicy: allow("Public", "*", "ssm:GetDocument", `arn:${p}:ssm:${region}:${AWS_OWNED_ACCOUNT}:document/*`),
            },
            {
                id: "public-ssm-parameter-via-ssm-endpoint",
                description: "A launch template resolves the latest Amazon Linux AMI from a public parameter",
                expect: "allowed",
                principal: app,
                action: "ssm:GetParameter",
                resource: `arn:${p}:ssm:${region}:${AWS_OWNED_ACCOUNT}:parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`,
                resourceAccount: AWS_OWNED_ACCOUNT,
                from: { endpoint: "ssm" },
                resourcePolicy: allow("Public", "*", "ssm:GetParameter", `arn:${p}:ssm:${region}:${AWS_OWNED_ACCOUNT}:parameter/aws/service/*`),
            },
            {
                id: "org-parameter-via-ssm-endpoint",
                description: "A workload reads its own parameter through the central SSM endpoint",
                expect: "allowed",
                principal: app,
                action: "ssm:GetParameter",
                resource: `arn:${p}:ssm:${region}:${workloadAccount}:parameter/app/config`,
                from: { endpoint: "ssm" },
            },
            {
                id: "outside-parameter-via-ssm-endpoint",
                description: "A workload reads a parameter of an outside account (shared with it) through our SSM endpoint",
                expect: "denied",
                principal: app,
                action: "ssm:GetParameter",
                resource: `arn:${p}:ssm:${region}:${OUTSIDE_ACCOUNT}:parameter/c2/config`,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "ssm" },
                resourcePolicy: allow("Shared", "*", "ssm:GetParameter", `arn:${p}:ssm:${region}:${OUTSIDE_ACCOUNT}:parameter/c2/config`),
            },
        );
    }
    if (services.includes("ssmmessages")) {
        s.push({
            id: "session-manager-channel-via-ssmmessages-endpoint",
            description: "The SSM Agent opens its Session Manager control channel (a request naming no resource)",
            expect: "allowed",
            principal: app,
            action: "ssmmessages:CreateControlChannel",
            resource: "*",
            resourceAccount: workloadAccount,
            from: { endpoint: "ssmmessages" },
        });
    }
    if (services.includes("kms")) {
        const key = `arn:${p}:kms:${region}:${workloadAccount}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        s.push(
            {
                id: "org-key-via-kms-endpoint",
                description: "A workload decrypts with its own KMS key through the central KMS endpoint",
                expect: "allowed",
                principal: app,
                action: "kms:Decrypt",
                resource: key,
                from: { endpoint: "kms" },
                resourcePolicy: keyPolicy(workloadAccount),
            },
            {
                id: "outside-identity-via-kms-endpoint",
                description: "Outside credentials used through our KMS endpoint against the outsider's own key",
                expect: "denied",
                principal: outsider,
                principalOrgId: OUTSIDE_ORG,
                action: "kms:Encrypt",
                resource: `arn:${p}:kms:${region}:${OUTSIDE_ACCOUNT}:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "kms", endpointAccount: networkAccount },
                resourcePolicy: keyPolicy(OUTSIDE_ACCOUNT),
            },
        );
    }
    if (services.includes("secretsmanager")) {
        s.push({
            id: "org-secret-via-secretsmanager-endpoint",
            description: "A workload reads its own secret through the central Secrets Manager endpoint",
            expect: "allowed",
            principal: app,
            action: "secretsmanager:GetSecretValue",
            resource: `arn:${p}:secretsmanager:${region}:${workloadAccount}:secret:db-password-AbCdEf`,
            from: { endpoint: "secretsmanager" },
        });
    }
    if (services.includes("sts") && org) {
        s.push({
            id: "org-identity-assumes-org-role-via-sts-endpoint",
            description: "A workload assumes a role in another account of the organization through the central STS endpoint",
            expect: "allowed",
            principal: app,
            action: "sts:AssumeRole",
            resource: `arn:${p}:iam::${otherAccount}:role/reader`,
            from: { endpoint: "sts" },
            resourcePolicy: allow("Org", "*", "sts:AssumeRole", `arn:${p}:iam::${otherAccount}:role/reader`, { StringEquals: { "aws:PrincipalOrgID": org } }),
        });
    }
    if (services.includes("execute-api")) {
        s.push(
            {
                id: "org-private-api-via-execute-api-endpoint",
                description: "A client invokes a private API of an organization account through the central execute-api endpoint",
                expect: "allowed",
                principal: app,
                action: "execute-api:Invoke",
                resource: `arn:${p}:execute-api:${region}:${otherAccount}:a1b2c3d4e5/prod/GET/orders`,
                from: { endpoint: "execute-api" },
                resourcePolicy: allow("Callers", "*", "execute-api:Invoke", `arn:${p}:execute-api:${region}:${otherAccount}:a1b2c3d4e5/*`),
            },
            {
                id: "outside-identity-invokes-org-api-via-execute-api-endpoint",
                description: "Outside credentials used from inside our network to invoke an organization API whose policy admits anyone",
                expect: "denied",
                principal: outsider,
                principalOrgId: OUTSIDE_ORG,
                action: "execute-api:Invoke",
                resource: `arn:${p}:execute-api:${region}:${otherAccount}:a1b2c3d4e5/prod/GET/orders`,
                from: { endpoint: "execute-api", endpointAccount: networkAccount },
                resourcePolicy: allow("Anyone", "*", "execute-api:Invoke", `arn:${p}:execute-api:${region}:${otherAccount}:a1b2c3d4e5/*`),
            },
            {
                id: "outside-private-api-via-execute-api-endpoint",
                description: "A client invokes someone else's private API through our execute-api endpoint",
                expect: "denied",
                principal: app,
                action: "execute-api:Invoke",
                resource: `arn:${p}:execute-api:${region}:${OUTSIDE_ACCOUNT}:zz9yy8xx7w/prod/POST/upload`,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "execute-api" },
                resourcePolicy: allow("Anyone", "*", "execute-api:Invoke", `arn:${p}:execute-api:${region}:${OUTSIDE_ACCOUNT}:zz9yy8xx7w/*`),
            },
        );
    }

    // Protected buckets: the bucket policy alone holds the line.
    for (const bucket of definition.perimeter.protectedBuckets.slice(0, 1)) {
        const bucketAccount = accounts[bucket.account];
        const caller = `arn:${p}:iam::${bucketAccount}:role/app-workload`;
        const object = `arn:${p}:s3:::${bucket.name}/ledger/2026/11/30.parquet`;
        s.push(
            {
                id: "protected-bucket-via-org-endpoint-allowed",
                description: `The owner account's workload reads ${bucket.name} through its S3 gateway endpoint`,
                expect: "allowed",
                principal: caller,
                action: "s3:GetObject",
                resource: object,
                resourceAccount: bucketAccount,
                from: { endpoint: "gateway:s3" },
            },
            {
                id: "protected-bucket-from-internet-denied",
                description: `The owner account's workload reads ${bucket.name} from the internet`,
                expect: "denied",
                principal: caller,
                action: "s3:GetObject",
                resource: object,
                resourceAccount: bucketAccount,
                from: { ip: internetIp },
            },
            {
                id: "protected-bucket-insecure-transport-denied",
                description: `A plain-HTTP request to ${bucket.name}, even through our endpoint`,
                expect: "denied",
                principal: caller,
                action: "s3:GetObject",
                resource: object,
                resourceAccount: bucketAccount,
                from: { endpoint: "gateway:s3" },
                context: { "aws:SecureTransport": "false" },
            },
        );
    }

    if (!org) return s;

    // ---- organization only: SCPs, RCPs, RAM ---------------------------------------
    const orgBucketObject = `${s3Bucket(workloadAccount)}/exports/customers.csv`;
    const keyArn = `arn:${p}:kms:${region}:${workloadAccount}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    s.push(
        {
            id: "org-identity-from-internet-denied",
            description: "Valid workload credentials used from an unexpected network (a laptop at home) to read an organization bucket",
            expect: "denied",
            principal: app,
            action: "s3:GetObject",
            resource: orgBucketObject,
            resourceAccount: workloadAccount,
            from: { ip: internetIp },
        },
        {
            id: "org-identity-from-internet-kms-denied",
            description: "Valid workload credentials used from the internet to decrypt with an organization key",
            expect: "denied",
            principal: app,
            action: "kms:Decrypt",
            resource: keyArn,
            from: { ip: internetIp },
            resourcePolicy: keyPolicy(workloadAccount),
        },
        {
            id: "break-glass-from-internet-allowed",
            description: "The same call by a role carrying the break-glass tag is let through",
            expect: "allowed",
            principal: `arn:${p}:iam::${workloadAccount}:role/break-glass`,
            principalTags: { [trust.breakGlassTag]: "true" },
            action: "s3:GetObject",
            resource: orgBucketObject,
            resourceAccount: workloadAccount,
            from: { ip: internetIp },
        },
        {
            id: "break-glass-tag-wrong-value-denied",
            description: "A break-glass tag with a value other than \"true\" does not exempt",
            expect: "denied",
            principal: `arn:${p}:iam::${workloadAccount}:role/break-glass`,
            principalTags: { [trust.breakGlassTag]: "yes" },
            action: "s3:GetObject",
            resource: orgBucketObject,
            resourceAccount: workloadAccount,
            from: { ip: internetIp },
        },
        {
            id: "service-principal-writes-logs-to-org-bucket",
            description: "The log delivery service writes flow logs for an organization account into an organization bucket",
            expect: "allowed",
            principal: "delivery.logs.amazonaws.com",
            action: "s3:PutObject",
            resource: `${s3Bucket(otherAccount)}/AWSLogs/${networkAccount}/vpcflowlogs/log.gz`,
            resourceAccount: otherAccount,
            from: { awsNetwork: true },
            context: { "aws:SourceAccount": networkAccount, "aws:SourceOrgID": org, "aws:SourceArn": `arn:${p}:logs:${region}:${networkAccount}:*` },
            resourcePolicy: allow("LogDelivery", { Service: "delivery.logs.amazonaws.com" }, "s3:PutObject", `${s3Bucket(otherAccount)}/AWSLogs/*`),
        },
        {
            id: "service-principal-for-other-org-denied",
            description: "The log delivery service acting for an outside account cannot write into an organization bucket (confused deputy)",
            expect: "denied",
            principal: "delivery.logs.amazonaws.com",
            action: "s3:PutObject",
            resource: `${s3Bucket(otherAccount)}/AWSLogs/${OUTSIDE_ACCOUNT}/vpcflowlogs/log.gz`,
            resourceAccount: otherAccount,
            from: { awsNetwork: true },
            context: { "aws:SourceAccount": OUTSIDE_ACCOUNT, "aws:SourceOrgID": OUTSIDE_ORG },
            resourcePolicy: allow("LogDelivery", { Service: "delivery.logs.amazonaws.com" }, "s3:PutObject", `${s3Bucket(otherAccount)}/AWSLogs/*`),
        },
        {
            id: "aws-service-on-behalf-of-org-identity",
            description: "An AWS service calls KMS with a workload's forward-access session (aws:ViaAWSService) from AWS's network",
            expect: "allowed",
            principal: app,
            action: "kms:GenerateDataKey",
            resource: keyArn,
            from: { awsNetwork: true },
            context: { "aws:ViaAWSService": "true", "aws:CalledVia": `s3.amazonaws.com` },
            resourcePolicy: keyPolicy(workloadAccount),
        },
        {
            id: "outside-identity-reads-org-bucket-denied",
            description: "An outside identity reads an organization bucket whose policy (by mistake) is public",
            expect: "denied",
            principal: outsider,
            principalOrgId: OUTSIDE_ORG,
            action: "s3:GetObject",
            resource: orgBucketObject,
            resourceAccount: workloadAccount,
            from: { ip: internetIp },
            resourcePolicy: allow("Mistake", "*", "s3:GetObject", `${s3Bucket(workloadAccount)}/*`),
        },
        {
            id: "outside-identity-assumes-org-role-denied",
            description: "An outside identity assumes an organization role whose trust policy (by mistake) names its account",
            expect: "denied",
            principal: outsider,
            principalOrgId: OUTSIDE_ORG,
            action: "sts:AssumeRole",
            resource: `arn:${p}:iam::${workloadAccount}:role/legacy-integration`,
            from: { ip: internetIp },
            resourcePolicy: allow("Mistake", { AWS: `arn:${p}:iam::${OUTSIDE_ACCOUNT}:root` }, "sts:AssumeRole", `arn:${p}:iam::${workloadAccount}:role/legacy-integration`),
        },
        {
            id: "endpoint-to-unapproved-third-party-denied",
            description: "A workload creates an endpoint to a third-party service that is not approved",
            expect: "denied",
            principal: app,
            action: "ec2:CreateVpcEndpoint",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint/vpce-0new0000000000001`,
            from: { endpoint: "ec2", endpointAccount: networkAccount },
            context: { "ec2:VpceServiceName": `com.amazonaws.vpce.${region}.vpce-svc-0badbadbadbadbad0`, "ec2:VpceServiceOwner": OUTSIDE_ACCOUNT },
        },
        {
            id: "endpoint-to-aws-service-allowed",
            description: "A workload creates an interface endpoint to an AWS service",
            expect: "allowed",
            principal: app,
            action: "ec2:CreateVpcEndpoint",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint/vpce-0new0000000000002`,
            from: { endpoint: "ec2", endpointAccount: networkAccount },
            context: { "ec2:VpceServiceName": `com.amazonaws.${region}.sqs`, "ec2:VpceServiceOwner": "amazon" },
        },
        {
            id: "endpoint-to-org-owned-service-allowed",
            description: "A workload creates an endpoint to a PrivateLink service published by another organization account",
            expect: "allowed",
            principal: app,
            action: "ec2:CreateVpcEndpoint",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint/vpce-0new0000000000003`,
            from: { endpoint: "ec2", endpointAccount: networkAccount },
            context: { "ec2:VpceServiceName": `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef0`, "ec2:VpceServiceOwner": otherAccount },
        },
        {
            id: "workload-modifies-endpoint-service-permissions-denied",
            description: "A workload role adds a principal to an endpoint service's allow list",
            expect: "denied",
            principal: app,
            action: "ec2:ModifyVpcEndpointServicePermissions",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
            from: { ip: corporateIp ?? internetIp },
        },
        {
            id: "network-admin-modifies-endpoint-service-permissions-allowed",
            description: "The network admin role changes an endpoint service's allow list",
            expect: "allowed",
            principal: admin,
            action: "ec2:ModifyVpcEndpointServicePermissions",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
            from: { ip: corporateIp ?? internetIp },
        },
        {
            id: "workload-accepts-endpoint-connection-denied",
            description: "A workload role accepts a connection request to its endpoint service",
            expect: "denied",
            principal: app,
            action: "ec2:AcceptVpcEndpointConnections",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
            from: { ip: corporateIp ?? internetIp },
        },
        {
            id: "network-admin-accepts-endpoint-connection-allowed",
            description: "The network admin role accepts a connection request",
            expect: "allowed",
            principal: admin,
            action: "ec2:AcceptVpcEndpointConnections",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
            from: { ip: corporateIp ?? internetIp },
        },
        {
            id: "workload-creates-endpoint-service-denied",
            description: "A workload role publishes its own endpoint service",
            expect: "denied",
            principal: app,
            action: "ec2:CreateVpcEndpointServiceConfiguration",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0fedcba9876543210`,
            from: { ip: corporateIp ?? internetIp },
        },
        {
            id: "ram-share-outside-org-denied",
            description: "A workload creates a RAM share that allows external principals",
            expect: "denied",
            principal: app,
            action: "ram:CreateResourceShare",
            resource: "*",
            resourceAccount: workloadAccount,
            from: { ip: corporateIp ?? internetIp },
            context: { "ram:RequestedAllowsExternalPrincipals": "true" },
        },
        {
            id: "ram-share-inside-org-allowed",
            description: "A workload creates a RAM share limited to the organization",
            expect: "allowed",
            principal: app,
            action: "ram:CreateResourceShare",
            resource: "*",
            resourceAccount: workloadAccount,
            from: { ip: corporateIp ?? internetIp },
            context: { "ram:RequestedAllowsExternalPrincipals": "false" },
        },
        {
            id: "ram-associate-to-external-share-denied",
            description: "A workload adds resources to an existing share that admits external principals",
            expect: "denied",
            principal: app,
            action: "ram:AssociateResourceShare",
            resource: `arn:${p}:ram:${region}:${workloadAccount}:resource-share/7ab63972-b505-7e2a-420d-6f5d3EXAMPLE`,
            from: { ip: corporateIp ?? internetIp },
            context: { "ram:AllowsExternalPrincipals": "true" },
        },
    );
    if (trust.approvedEndpointServices.length > 0) {
        s.push({
            id: "endpoint-to-approved-third-party-allowed",
            description: "A workload creates an endpoint to an approved third-party PrivateLink service",
            expect: "allowed",
            principal: app,
            action: "ec2:CreateVpcEndpoint",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint/vpce-0new0000000000004`,
            from: { endpoint: "ec2", endpointAccount: networkAccount },
            context: { "ec2:VpceServiceName": trust.approvedEndpointServices[0], "ec2:VpceServiceOwner": OUTSIDE_ACCOUNT },
        });
    }
    if (corporateIp) {
        s.push({
            id: "org-identity-from-corporate-network-allowed",
            description: "A developer on the corporate network reads an organization bucket over the internet",
            expect: "allowed",
            principal: app,
            action: "s3:GetObject",
            resource: orgBucketObject,
            resourceAccount: workloadAccount,
            from: { ip: corporateIp },
        });
    }
    if (services.includes("logs")) {
        const logGroup = `arn:${p}:logs:${region}:${workloadAccount}:log-group:/landing-zone/vpc-flow-logs:log-stream:eni-0a1b`;
        s.push(
            {
                id: "flow-logs-role-with-exclusion-tag-allowed",
                description: "The flow-logs delivery role, assumed by the service and tagged with the perimeter exclusion tag, writes log events from AWS's network",
                expect: "allowed",
                principal: `arn:${p}:iam::${workloadAccount}:role/flow-logs-delivery`,
                principalTags: { [trust.breakGlassTag]: "true" },
                action: "logs:PutLogEvents",
                resource: logGroup,
                from: { awsNetwork: true },
            },
            {
                id: "flow-logs-role-without-exclusion-tag-denied",
                description: "A role assumed by an AWS service but not tagged is held to the network perimeter like any other",
                expect: "denied",
                principal: `arn:${p}:iam::${workloadAccount}:role/flow-logs-delivery`,
                action: "logs:PutLogEvents",
                resource: logGroup,
                from: { awsNetwork: true },
            },
        );
    }
    if (trust.trustedAccounts.length > 0) {
        const vendor = trust.trustedAccounts[0];
        s.push({
            id: "trusted-vendor-reads-org-bucket-from-its-network",
            description: "The trusted third party reads an organization bucket that grants it, from its own network",
            expect: "allowed",
            principal: `arn:${p}:iam::${vendor}:role/telemetry-reader`,
            principalOrgId: "o-vendororg001",
            action: "s3:GetObject",
            resource: `${s3Bucket(otherAccount)}/telemetry/metrics.json`,
            resourceAccount: otherAccount,
            from: { ip: "198.18.10.20" },
            resourcePolicy: allow("Vendor", { AWS: `arn:${p}:iam::${vendor}:root` }, "s3:GetObject", `${s3Bucket(otherAccount)}/telemetry/*`),
        });
    }

    return s;
}
