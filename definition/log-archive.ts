/**
 * The log archive as the definition decides it: whether flow logs go there, the bucket's
 * name and ARN (known at preview in every stack: derived from the definition, never read
 * from another stack), where each VPC's flow log writes, and which accounts deliver. Pure.
 */
import { accountKeyPrefix } from "../aws/flow-log-delivery";
import { partitionOf } from "../aws/partitions";
import { Definition } from "./schema";

/** Where flow logs deliver: `network.flowLogs.destination`, by default the log archive when there is one. */
export function flowLogDestinationOf(definition: Definition): "cloudwatch" | "log-archive" {
    return definition.network.flowLogs.destination ?? (definition.logArchive ? "log-archive" : "cloudwatch");
}

/** The default bucket name: `<environment>-vpc-flow-logs-<account id>-<region>` (S3 bucket names are global). */
export function defaultLogArchiveBucketName(environment: string, accountId: string, region: string): string {
    return `${environment}-vpc-flow-logs-${accountId}-${region}`;
}

/** The log archive bucket's name, or undefined without a log archive. */
export function logArchiveBucketName(definition: Definition): string | undefined {
    const archive = definition.logArchive;
    if (!archive) return undefined;
    return archive.bucketName ?? defaultLogArchiveBucketName(definition.environment, definition.accounts[archive.account] ?? archive.account, definition.region);
}

/** `arn:<partition>:s3:::<bucket>`. */
export function bucketArn(definition: Definition, bucket: string): string {
    return `arn:${partitionOf(definition.region)}:s3:::${bucket}`;
}

/**
 * The CloudWatch Logs group of one VPC's flow log when flow logs go to CloudWatch Logs
 * (`hub` or the spoke's name), in the VPC's own account and Region.
 */
export function cloudWatchFlowLogGroupName(environment: string, vpc: string): string {
    return `/landing-zone/${environment}/vpc-flow-logs/${vpc}`;
}

/** The folder (key prefix) of one VPC's flow logs: `vpc-flow-logs/<vpc>` (`hub` or the spoke's name). */
export function flowLogFolder(vpc: string): string {
    return `vpc-flow-logs/${vpc}`;
}

/**
 * Where a VPC's flow log delivers in the log archive: `arn:...:s3:::<bucket>/vpc-flow-logs/<vpc>/`.
 * AWS writes below it `AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=.../`
 * (Hive-compatible prefixes, aws/flow-log-delivery.ts), so each account and VPC has a prefix of its own.
 */
export function flowLogDestinationArn(definition: Definition, vpc: string): string | undefined {
    const bucket = logArchiveBucketName(definition);
    return bucket === undefined ? undefined : `${bucketArn(definition, bucket)}/${flowLogFolder(vpc)}/`;
}

/** Hive-compatible prefixes are always on: Athena and Glue read the partitions from the keys. */
export const HIVE_COMPATIBLE_PARTITIONS = true;

/** The VPCs whose flow logs the environment creates, with the logical account of each: the hub, then every spoke. */
export function flowLogVpcs(definition: Definition): { vpc: string; account: string }[] {
    return [{ vpc: "hub", account: definition.network.account }, ...definition.spokes.map((s) => ({ vpc: s.name, account: s.account }))];
}

/** The 12-digit ids of the accounts whose flow logs deliver to the log archive, sorted, without duplicates. */
export function flowLogSourceAccounts(definition: Definition): string[] {
    if (flowLogDestinationOf(definition) !== "log-archive") return [];
    return [...new Set(flowLogVpcs(definition).map((v) => definition.accounts[v.account] ?? v.account))].sort();
}

/** The object ARN patterns log delivery may write, one per source account: `<bucket>/vpc-flow-logs/*\/AWSLogs/aws-account-id=<id>/*`. */
export function flowLogObjectArns(definition: Definition): string[] {
    const bucket = logArchiveBucketName(definition);
    if (bucket === undefined) return [];
    return flowLogSourceAccounts(definition).map((id) => `${bucketArn(definition, bucket)}/${flowLogFolder("*")}/${accountKeyPrefix(id, HIVE_COMPATIBLE_PARTITIONS)}/*`);
}
