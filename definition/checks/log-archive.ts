/**
 * The log archive: its account exists, its bucket name fits S3's rules and is not a
 * protected bucket too, and flow logs are sent there only when there is one. Which keys
 * have no effect with the destination chosen is a warning.
 */
import { defaultLogArchiveBucketName } from "../log-archive";
import { CheckContext, list, rec, str } from "./context";

/** S3's longest bucket name (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const MAX_BUCKET_NAME = 63;

export function checkLogArchive(c: CheckContext): void {
    const { root, accounts, network, perimeter } = c;
    const archive = rec(root.logArchive);
    const flowLogs = rec(network?.flowLogs);
    const destination = str(flowLogs?.destination) ?? (archive ? "log-archive" : "cloudwatch");

    if (archive) {
        c.accountRef(["logArchive", "account"], archive.account, "log archive account");
        const account = str(archive.account);
        const environment = str(root.environment);
        const bucket = str(archive.bucketName);
        if (bucket === undefined && account !== undefined && typeof accounts[account] === "string" && environment !== undefined && c.region !== undefined) {
            const name = defaultLogArchiveBucketName(environment, accounts[account] as string, c.region);
            if (name.length > MAX_BUCKET_NAME) {
                c.error(
                    ["logArchive"],
                    `the default bucket name ${name} is ${name.length} characters, over S3's ${MAX_BUCKET_NAME}; set logArchive.bucketName (a globally unique name, e.g. with your organization's prefix)`,
                    "key",
                );
            }
        }
        const chosen = bucket ?? (account !== undefined && typeof accounts[account] === "string" && environment && c.region ? defaultLogArchiveBucketName(environment, accounts[account] as string, c.region) : undefined);
        list(perimeter?.protectedBuckets).forEach((item, i) => {
            if (chosen !== undefined && str(rec(item)?.name) === chosen) {
                c.error(
                    ["perimeter", "protectedBuckets", i, "name"],
                    `bucket ${chosen} is the log archive's bucket, whose policy the log-archive unit writes (with the same perimeter statements and the log delivery grants); remove it from protectedBuckets`,
                );
            }
        });
        if (destination === "cloudwatch" && flowLogs?.destination !== undefined) {
            c.warn(["network", "flowLogs", "destination"], `flow logs go to CloudWatch Logs, so the log archive's bucket receives none; remove this key to deliver them to the log archive`);
        }
    } else if (destination === "log-archive") {
        c.error(["network", "flowLogs", "destination"], `flow logs cannot go to the log archive: there is no logArchive section. Add logArchive: { account: <log archive account> }, or use destination: cloudwatch`);
    }
    if (destination === "cloudwatch") {
        for (const key of ["fileFormat", "hourlyPartitions"]) {
            if (flowLogs?.[key] !== undefined) c.warn(["network", "flowLogs", key], `${key} applies to flow logs delivered to the log archive; with destination cloudwatch it has no effect`, "key");
        }
    } else if (flowLogs?.retentionDays !== undefined) {
        c.warn(["network", "flowLogs", "retentionDays"], `retentionDays is CloudWatch Logs' retention; flow logs go to the log archive, which keeps them logArchive.retentionDays (${typeof archive?.retentionDays === "number" ? archive.retentionDays : 365} days)`, "key");
    }
}
