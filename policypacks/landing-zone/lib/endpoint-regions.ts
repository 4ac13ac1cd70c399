/**
 * Where a VPC endpoint is, and which Region's service it reaches. AWS PrivateLink connects an
 * interface or gateway endpoint only to a service of the endpoint's own Region
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-limitations.html), unless the
 * endpoint names another Region in `serviceRegion` (cross-Region PrivateLink), which only some
 * AWS services support
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html).
 */
import { awsServiceShortName } from "./aws-names";
import { StackNode } from "./stack-index";
import { Unknown, isUnknown, plainProps, str } from "./values";

/**
 * AWS services an interface endpoint may reach in another Region through `serviceRegion`, by
 * the short name in `com.amazonaws.<region>.<service>`, as AWS lists them on
 * https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html
 * (the Region-less IAM and Route 53 names, `com.amazonaws.iam` and `com.amazonaws.route53`, have
 * no Region to compare and are left out). A service not listed here is judged same-Region only.
 */
export const crossRegionAwsServices: readonly string[] = ["s3", "ecr.api", "ecr.dkr", "kms", "kms-fips", "ecs", "lambda", "kinesis-firehose", "kinesisanalytics", "kinesisanalytics-fips"];

/** The Region of `com.amazonaws.<region>.<service>`; undefined for Region-less and other names. */
export function awsServiceRegion(serviceName: string): string | undefined {
    if (awsServiceShortName(serviceName) === undefined) return undefined;
    return /^com\.amazonaws\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\./.exec(serviceName)?.[1];
}

/** Does AWS let an interface endpoint reach this AWS service in another Region (`serviceRegion`)? */
export function supportsCrossRegion(serviceName: string): boolean {
    const short = awsServiceShortName(serviceName);
    return short !== undefined && awsServiceRegion(serviceName) !== undefined && crossRegionAwsServices.includes(short);
}

/**
 * The endpoint's own Region: its resource-level `region` input (AWS provider v7) when set, else
 * its provider's `region` input (the policy engine names each resource's provider with its
 * inputs). `Unknown` when either is computed during preview, undefined when neither says (a
 * provider configured from the environment, AWS_REGION, carries no `region` input).
 */
export function endpointRegion(endpoint: StackNode): string | Unknown | undefined {
    const own = str(endpoint.props["region"]);
    if (isUnknown(own) || (typeof own === "string" && own !== "")) return own;
    const provider = endpoint.resource.provider;
    if (!provider) return undefined;
    const fromProvider = str(plainProps(provider.props)["region"]);
    return isUnknown(fromProvider) || (typeof fromProvider === "string" && fromProvider !== "") ? fromProvider : undefined;
}

/** The endpoint's `serviceRegion` (cross-Region PrivateLink): undefined when unset. */
export function endpointServiceRegion(endpoint: StackNode): string | Unknown | undefined {
    const value = str(endpoint.props["serviceRegion"]);
    return value === "" ? undefined : value;
}
