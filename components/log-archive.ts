/**
 * LogArchiveBucket: the S3 bucket every VPC's flow log delivers to, in the log archive
 * account — versioned, encrypted with SSE-S3 (aws/flow-log-delivery.ts `logArchiveEncryption`
 * says why not SSE-KMS), owner-enforced (no ACLs), never public, expiring objects after the
 * retention, and with a policy built from known values (perimeter/log-archive-policy.ts) so
 * the pack judges it at preview.
 *
 * The bucket is kept when the stack is destroyed (`retainOnDelete`): a log archive outlives
 * the environment it recorded, and S3 refuses to delete a bucket that still holds objects
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html). So is every piece
 * of its configuration — policy, public access block, ownership, versioning, encryption,
 * lifecycle — because the provider's delete of each removes it from the bucket
 * (DeleteBucketPolicy, DeletePublicAccessBlock, ... : aws/lifecycle.ts
 * `keptBucketConfiguration`), which would leave the kept bucket without its policy and its
 * logs never expiring. A destroy (or a definition that drops `logArchive`) only forgets them:
 * the bucket stays as it was, its lifecycle rules go on expiring the logs; delete the bucket
 * yourself when the records may go.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface LogArchiveBucketArgs {
    /** Bucket name (global; derived from the definition so every stack knows the ARN at preview). */
    bucketName: string;
    /** The bucket policy, JSON (perimeter statements and the log delivery grants). */
    policy: pulumi.Input<string>;
    /** Days a log object is kept before it expires. */
    retentionDays: number;
    /**
     * Days a noncurrent (overwritten or deleted) version is kept.
     * @default 30
     */
    noncurrentVersionRetentionDays?: number;
    /**
     * Server-side encryption algorithm.
     * @default "AES256" (SSE-S3)
     */
    sseAlgorithm?: string;
    /**
     * Tags for every child that takes them.
     * @default {}
     */
    tags?: Record<string, string>;
}

export class LogArchiveBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;

    constructor(name: string, args: LogArchiveBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:logging:LogArchiveBucket", name, {}, opts);
        // Kept with the bucket: a delete only forgets (see above).
        const child = { parent: this, retainOnDelete: true };
        const tags = args.tags ?? {};

        const bucket = new aws.s3.Bucket(`${name}-bucket`, { bucket: args.bucketName, tags }, child);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );
        // ACLs off: the bucket owner owns every object. Log delivery still sends
        // bucket-owner-full-control, which S3 accepts with ACLs disabled
        // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html).
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: args.sseAlgorithm ?? "AES256" } }] },
            child,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "retention",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: args.retentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionRetentionDays ?? 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                    // Delete markers left once every version of an object has expired.
                    { id: "expired-delete-markers", status: "Enabled", filter: {}, expiration: { expiredObjectDeleteMarker: true } },
                ],
            },
            child,
        );
        // The public access block first: a policy is refused while S3 would still judge it public.
        new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy: args.policy }, { ...child, dependsOn: [publicAccess] });

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
