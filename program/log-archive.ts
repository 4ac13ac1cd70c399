/**
 * The log-archive unit (log archive account): the flow-log bucket with its policy; and the
 * S3 destination every VPC's flow log uses when flow logs go there. The bucket's name and
 * ARN come from the definition alone (definition/log-archive.ts), so the network and spoke
 * stacks know them at preview without reading this stack.
 */
import { logArchiveEncryption } from "../aws/flow-log-delivery";
import { FlowLogS3Destination } from "../components/flow-logs";
import { LogArchiveBucket } from "../components/log-archive";
import { HIVE_COMPATIBLE_PARTITIONS, flowLogDestinationArn, flowLogDestinationOf, logArchiveBucketName } from "../definition/log-archive";
import { Definition } from "../definition/schema";
import { logArchiveBucketPolicy } from "../perimeter/log-archive-policy";
import { minify } from "../perimeter/size";
import { UnitContext } from "./context";

/**
 * Where the flow log of VPC `vpc` (`hub` or a spoke's name) delivers: the log archive's S3
 * destination, or undefined for CloudWatch Logs. In unit `all` it waits for the bucket
 * (`ctx.logArchive`).
 */
export function flowLogS3Destination(ctx: Pick<UnitContext, "definition" | "logArchive">, vpc: string): FlowLogS3Destination | undefined {
    const definition = ctx.definition;
    if (flowLogDestinationOf(definition) !== "log-archive") return undefined;
    const destinationArn = flowLogDestinationArn(definition, vpc);
    if (destinationArn === undefined) return undefined;
    const flowLogs = definition.network.flowLogs;
    return {
        destinationArn,
        fileFormat: flowLogs.fileFormat,
        hiveCompatiblePartitions: HIVE_COMPATIBLE_PARTITIONS,
        perHourPartition: flowLogs.hourlyPartitions,
        ...(ctx.logArchive ? { dependsOn: [ctx.logArchive] } : {}),
    };
}

/** The log archive's bucket (undefined without a log archive). */
export function buildLogArchive(ctx: UnitContext): LogArchiveBucket | undefined {
    const d = ctx.definition;
    const archive = d.logArchive;
    const bucketName = logArchiveBucketName(d);
    const policy = logArchiveBucketPolicy(d);
    if (!archive || bucketName === undefined || !policy) return undefined;
    return new LogArchiveBucket(
        `${ctx.environment}-log-archive`,
        {
            bucketName,
            policy: minify(policy),
            retentionDays: archive.retentionDays,
            noncurrentVersionRetentionDays: archive.noncurrentVersionRetentionDays,
            sseAlgorithm: logArchiveEncryption.sseAlgorithm,
            tags: { "landing-zone:environment": ctx.environment },
        },
        ctx.opts(archive.account),
    );
}
