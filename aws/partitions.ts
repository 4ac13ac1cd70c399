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
