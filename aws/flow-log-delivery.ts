/**
 * VPC flow logs delivered to Amazon S3: the bucket policy statements AWS documents, where
 * the objects land, which encryption a log-delivery bucket can use, and the destination
 * options. The log archive (perimeter/log-archive-policy.ts, components/log-archive.ts,
 * components/flow-logs.ts) is built from these entries; tests check the plan against them.
 *
 * Sources:
 *  - https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
 *    (the bucket policy, `my-s3-arn` with and without Hive-compatible prefixes, and: "the
 *    bucket owner must add this policy to the bucket, specifying the AWS account ID of the
 *    flow log creator, or flow log creation fails")
 *  - https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html (file format,
 *    Hive-compatible prefixes, hourly partitions, the folder structure)
 *  - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-infrastructure-S3
 *    (several source accounts in one statement: "for aws:SourceAccount, specify the list of
 *    account IDs for which logs are being delivered to this bucket. For aws:SourceArn,
 *    specify the list of ARNs ... arn:aws:logs:source-region:source-account-id:*"; SSE-KMS
 *    needs a customer managed key whose key policy admits the log delivery service; a bucket
 *    policy with NotAction or NotPrincipal makes the automatic policy update fail)
 */

/** The service principal that writes flow logs (and other vended logs) into S3. */
export const logDeliveryPrincipal = "delivery.logs.amazonaws.com";

/** The canned ACL every log object is written with; the bucket policy requires it. */
export const logDeliveryAcl = "bucket-owner-full-control";

export const flowLogDeliverySources = {
    permissions: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html",
    path: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html",
    vendedLogs: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-infrastructure-S3",
    pricing: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html (Pricing: data ingestion and archival charges for vended logs apply)",
} as const;

/**
 * The prefix of the objects one source account's flow logs write under a folder, after the
 * folder: `AWSLogs/<account>` (default) or `AWSLogs/aws-account-id=<account>` (Hive-compatible).
 * Below it AWS adds `vpcflowlogs/<region>/<yyyy>/<mm>/<dd>/[<hh>/]` (or the Hive `key=value`
 * form of the same), per flow-logs-s3-path.html.
 */
export function accountKeyPrefix(account: string, hiveCompatible: boolean): string {
    return hiveCompatible ? `AWSLogs/aws-account-id=${account}` : `AWSLogs/${account}`;
}

export interface DeliveryStatement {
    Sid: string;
    Effect: "Allow";
    Principal: { Service: string };
    Action: string | string[];
    Resource: string | string[];
    Condition: Record<string, Record<string, string | string[]>>;
}

export interface DeliveryPolicyInput {
    partition: string;
    region: string;
    bucket: string;
    /** Object ARN patterns the log delivery may write (`arn:<p>:s3:::<bucket>/<folder>/AWSLogs/<account>/*`). */
    objectArns: string[];
    /** The accounts whose flow logs deliver to the bucket. */
    sourceAccounts: string[];
}

const oneOrMany = (values: string[]): string | string[] => (values.length === 1 ? values[0] : values);

/**
 * The two statements AWS documents for flow logs to S3 (flow-logs-s3-permissions.html),
 * with several source accounts listed as the vended-logs page says: `AWSLogDeliveryWrite`
 * (PutObject on the log objects, with the owner-full-control ACL, only for the listed
 * accounts' log deliveries) and `AWSLogDeliveryAclCheck` (the bucket-level reads the
 * delivery makes before writing).
 */
export function flowLogDeliveryStatements(input: DeliveryPolicyInput): DeliveryStatement[] {
    const bucketArn = `arn:${input.partition}:s3:::${input.bucket}`;
    const accounts = [...input.sourceAccounts].sort();
    const sourceArns = accounts.map((a) => `arn:${input.partition}:logs:${input.region}:${a}:*`);
    return [
        {
            Sid: "AWSLogDeliveryWrite",
            Effect: "Allow",
            Principal: { Service: logDeliveryPrincipal },
            Action: "s3:PutObject",
            Resource: oneOrMany(input.objectArns),
            Condition: {
                StringEquals: { "aws:SourceAccount": oneOrMany(accounts), "s3:x-amz-acl": logDeliveryAcl },
                ArnLike: { "aws:SourceArn": oneOrMany(sourceArns) },
            },
        },
        {
            Sid: "AWSLogDeliveryAclCheck",
            Effect: "Allow",
            Principal: { Service: logDeliveryPrincipal },
            // As flow-logs-s3-permissions.html writes it today (the vended-logs page names
            // s3:GetBucketAcl and s3:ListBucket); the resource is the bucket, so no object is readable.
            Action: ["s3:Get*", "s3:List*"],
            Resource: bucketArn,
            Condition: {
                StringEquals: { "aws:SourceAccount": oneOrMany(accounts) },
                ArnLike: { "aws:SourceArn": oneOrMany(sourceArns) },
            },
        },
    ];
}

/**
 * Server-side encryption a log-delivery bucket can use. SSE-S3 needs nothing from the
 * delivery; SSE-KMS works only with a customer managed key whose key policy lets
 * delivery.logs.amazonaws.com generate data keys (the vended-logs page, "Amazon S3 bucket
 * server-side encryption"). The log archive uses SSE-S3: no key policy to keep in step with
 * the accounts, no KMS request per object, and nothing for the network perimeter on `kms`
 * to cut off.
 */
export const logArchiveEncryption = {
    sseAlgorithm: "AES256",
    why: "SSE-S3: the log delivery service writes to it with the bucket policy alone; SSE-KMS would need a customer managed key whose key policy admits delivery.logs.amazonaws.com (the AWS managed aws/s3 key cannot be given such a policy)",
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-SSE-KMS-S3",
} as const;

/** Flow log file formats (`destinationOptions.fileFormat`), per flow-logs-s3-path.html. */
export const flowLogFileFormats = {
    "plain-text": "Plain text, Gzip-compressed (AWS's default).",
    parquet: "Apache Parquet, Gzip-compressed: queries 10 to 100 times faster and about 20% less storage than plain text, except below about 100 KB per aggregation period; Parquet conversion is billed as vended-logs processing.",
} as const;
export type FlowLogFileFormat = keyof typeof flowLogFileFormats;
