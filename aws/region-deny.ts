/**
 * Actions a Region-deny guardrail must leave alone: global services whose single endpoint
 * lives in one Region (us-east-1 mostly), so their requests name that Region whatever
 * Region the caller works in.
 *
 * Source: AWS Organizations, "Deny access to AWS based on the requested AWS Region"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html),
 * whose policy is published as aws-samples/service-control-policy-examples
 * `Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region.json`, commit
 * d6e8a431236018567f8983c082060e312f3461c2 (2025-10-29; unchanged at the repository's head
 * 35a50b0948bda5ebeb05ef4c6fc5df4f48cd0682, 2026-04-09):
 * https://github.com/aws-samples/service-control-policy-examples/blob/35a50b0948bda5ebeb05ef4c6fc5df4f48cd0682/Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region.json
 * The NotAction list below is that file's, verbatim. AWS's notes: "This example might not
 * include all of the latest global AWS services or operations", and KMS and ACM are listed
 * because global services such as CloudFront use them in us-east-1. The same folder has a
 * variant for Amazon Bedrock cross-Region inference (`...-with-Bedrock-CRIS.json`), which
 * routes inference to Regions outside the list.
 */
export const regionDenyExemptActions: readonly string[] = [
    "a4b:*",
    "acm:*",
    "aws-marketplace-management:*",
    "aws-marketplace:*",
    "aws-portal:*",
    "budgets:*",
    "ce:*",
    "chime:*",
    "cloudfront:*",
    "config:*",
    "cur:*",
    "directconnect:*",
    "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways",
    "ec2:DescribeVpnGateways",
    "fms:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "importexport:*",
    "kms:*",
    "mobileanalytics:*",
    "networkmanager:*",
    "organizations:*",
    "pricing:*",
    "route53:*",
    "route53domains:*",
    "route53-recovery-cluster:*",
    "route53-recovery-control-config:*",
    "route53-recovery-readiness:*",
    "s3:GetAccountPublic*",
    "s3:ListAllMyBuckets",
    "s3:ListMultiRegionAccessPoints",
    "s3:PutAccountPublic*",
    "shield:*",
    "sts:*",
    "support:*",
    "trustedadvisor:*",
    "waf-regional:*",
    "waf:*",
    "wafv2:*",
    "wellarchitected:*",
];

/** Where the list comes from (docs, `npm run perimeter`). */
export const regionDenySource = {
    repository: "aws-samples/service-control-policy-examples",
    path: "Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region.json",
    commit: "d6e8a431236018567f8983c082060e312f3461c2",
    url: "https://github.com/aws-samples/service-control-policy-examples/blob/35a50b0948bda5ebeb05ef4c6fc5df4f48cd0682/Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region.json",
};

/**
 * Bedrock inference actions that cross-Region inference profiles route to other Regions
 * (the CRIS variant of the same sample carves them out of the Region deny).
 */
export const crossRegionInferenceActions: readonly string[] = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:CreateModelInvocationJob"];
