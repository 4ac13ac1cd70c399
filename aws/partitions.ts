/**
 * The ARN partition of a Region: `aws-us-gov` for the AWS GovCloud (US) Regions
 * (us-gov-*), `aws-cn` for the China Regions (cn-*), `aws` for the rest.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html (the partition
 * element of an ARN) and https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
 */
export function partitionOf(region: string): string {
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("cn-")) return "aws-cn";
    return "aws";
}

/**
 * Why a partition cannot host this landing zone, or undefined when it can.
 *
 * aws-cn: service endpoints end in `amazonaws.com.cn`, and endpoint service names follow
 * no single rule: AWS Batch's is `cn.com.amazonaws.<region>.batch`
 * (https://docs.aws.amazon.com/batch/latest/userguide/vpc-endpoint-create.html, "In the
 * aws-cn partition, the format is different"), S3's keeps `com.amazonaws.<region>.s3`. The
 * service catalog (aws/service-catalog.ts), its DNS zones and the price table cover the
 * `com.amazonaws.<region>.<name>` / `amazonaws.com` partitions only, so rather than
 * generate endpoints that would not exist, validation rejects China Regions.
 */
export function unsupportedPartition(region: string): string | undefined {
    if (partitionOf(region) === "aws-cn") {
        return (
            `${region} is a China Region (partition aws-cn), which this landing zone does not support: ` +
            "its endpoint services are not all named com.amazonaws.<region>.<service> (AWS Batch's is cn.com.amazonaws.<region>.batch), " +
            "its DNS names end in amazonaws.com.cn, and the service catalog and price table cover the aws and aws-us-gov partitions only. " +
            "Use a Region of the aws or aws-us-gov partition"
        );
    }
    return undefined;
}
