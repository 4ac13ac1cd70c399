/**
 * The log archive bucket's policy: the perimeter statements of a protected bucket
 * (bucket-policies.ts, with the bucket treated as one: TLS only, our identities, expected
 * networks) followed by the log delivery grants AWS documents for flow logs to S3
 * (aws/flow-log-delivery.ts): only `delivery.logs.amazonaws.com`, only for the log
 * deliveries of the environment's accounts whose VPCs send flow logs there, only under
 * each account's own `AWSLogs/aws-account-id=<account>/` prefixes.
 *
 * The perimeter's Denies leave AWS service principals alone (aws:PrincipalIsAWSService),
 * so they do not cut the delivery off; test/perimeter/log-archive.test.ts proves it with an
 * independent evaluator, SCPs and RCPs included. Pure, built from known values.
 */
import { policySizeLimits } from "../aws/quotas";
import { flowLogDeliveryStatements } from "../aws/flow-log-delivery";
import { partitionOf } from "../aws/partitions";
import { Diagnostic, diagnosticAt } from "../definition/diagnostics";
import { Locate } from "../definition/locate";
import { flowLogObjectArns, flowLogSourceAccounts, logArchiveBucketName } from "../definition/log-archive";
import { Definition } from "../definition/schema";
import { bucketPolicy } from "./bucket-policies";
import { minifiedSize } from "./size";
import { PolicyDocument, PolicyStatement } from "./types";

/** The definition with the log archive's bucket among the protected buckets (its perimeter statements are a protected bucket's). */
function withArchiveProtected(definition: Definition, bucket: string): Definition {
    const account = definition.logArchive!.account;
    return { ...definition, perimeter: { ...definition.perimeter, protectedBuckets: [...definition.perimeter.protectedBuckets, { name: bucket, account, statements: [] }] } };
}

/** The log delivery statements alone (as AWS documents them, for the environment's accounts). */
export function logDeliveryStatements(definition: Definition): PolicyStatement[] {
    const bucket = logArchiveBucketName(definition);
    const accounts = flowLogSourceAccounts(definition);
    if (bucket === undefined || accounts.length === 0) return [];
    return flowLogDeliveryStatements({
        partition: partitionOf(definition.region),
        region: definition.region,
        bucket,
        objectArns: flowLogObjectArns(definition),
        sourceAccounts: accounts,
    }) as PolicyStatement[];
}

/** The whole policy of the log archive bucket; undefined without a log archive. */
export function logArchiveBucketPolicy(definition: Definition): PolicyDocument | undefined {
    const bucket = logArchiveBucketName(definition);
    if (bucket === undefined) return undefined;
    const perimeter = bucketPolicy(withArchiveProtected(definition, bucket), bucket);
    return { Version: "2012-10-17", Statement: [...perimeter.Statement, ...logDeliveryStatements(definition)] };
}

/** The policy fits S3's bucket policy limit (aws/quotas.ts); a definition whose policy cannot is invalid. Composed in program/load.ts. */
export function validateLogArchivePolicy(definition: Definition, locate: Locate, file: string): Diagnostic[] {
    const policy = logArchiveBucketPolicy(definition);
    if (!policy) return [];
    const size = minifiedSize(policy);
    if (size <= policySizeLimits.bucket) return [];
    return [
        diagnosticAt(
            locate,
            file,
            ["logArchive"],
            "error",
            `the log archive's bucket policy would be ${size} characters minified, over S3's ${policySizeLimits.bucket}: it grants the log delivery of ${flowLogSourceAccounts(definition).length} accounts one by one. ` +
                `Split the environment, or send some VPCs' flow logs to CloudWatch (network.flowLogs.destination: cloudwatch)`,
        ),
    ];
}
