/**
 * AWS-owned resources that workloads legitimately reach through our endpoints. They
 * belong to no account of ours (so `aws:ResourceOrgID` never equals our organization),
 * and a resource perimeter that forgets them breaks image pulls, patching and Session
 * Manager. Each entry names where AWS documents it.
 *
 * Keyed by the IAM service prefix of the endpoint that carries the request: the S3
 * buckets go into the S3 (gateway and interface) endpoint policies, the SSM documents
 * and parameters into the SSM endpoint's policy, and so on.
 */

export interface AwsOwnedResourceException {
    /** Statement id (alphanumeric). */
    sid: string;
    /** Why the exception exists and where AWS documents it. */
    reason: string;
    actions: string[];
    /** Resource ARNs for a Region and partition. */
    resources(region: string, partition: string): string[];
}

const s3Objects = (partition: string, buckets: string[]) => buckets.map((b) => `arn:${partition}:s3:::${b}/*`);

export const awsOwnedResources: Record<string, AwsOwnedResourceException[]> = {
    s3: [
        {
            sid: "EcrImageLayers",
            reason:
                "ECR serves image layers from an AWS-owned bucket; pulls through a VPC need s3:GetObject on it. " +
                "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms",
            actions: ["s3:GetObject"],
            resources: (region, partition) => s3Objects(partition, [`prod-${region}-starport-layer-bucket`]),
        },
        {
            sid: "AmazonLinuxRepositories",
            reason:
                "yum/dnf on Amazon Linux 2 and 2023 read the Region's AWS-owned repository buckets. " +
                "https://repost.aws/knowledge-center/ec2-al1-al2-update-yum-without-internet",
            actions: ["s3:GetObject"],
            resources: (region, partition) =>
                s3Objects(partition, [
                    `amazonlinux.${region}.amazonaws.com`,
                    `amazonlinux-2-repos-${region}`,
                    `al2023-repos-${region}-de612dc2`,
                    `packages.${region}.amazonaws.com`,
                    `repo.${region}.amazonaws.com`,
                ]),
        },
        {
            sid: "SystemsManagerBuckets",
            reason:
                "SSM Agent, Patch Manager and Distributor download from AWS-owned buckets. " +
                "https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html",
            actions: ["s3:GetObject"],
            resources: (region, partition) =>
                s3Objects(partition, [
                    `aws-ssm-${region}`,
                    `amazon-ssm-${region}`,
                    `amazon-ssm-packages-${region}`,
                    `${region}-birdwatcher-prod`,
                    `aws-windows-downloads-${region}`,
                    `aws-ssm-distributor-file-${region}`,
                    `aws-ssm-document-attachments-${region}`,
                    `patch-baseline-snapshot-${region}`,
                    `aws-patchmanager-macos-${region}`,
                ]),
        },
    ],
    ssm: [
        {
            sid: "PublicSsmDocuments",
            reason:
                "AWS-owned documents (AWS-RunShellScript, AWS-StartSSHSession, AWSSupport-* runbooks, AmazonCloudWatch-*) belong to no account of ours. " +
                "Their ARNs are written with an empty or an AWS account; `*` covers both, and is safe because customers cannot create " +
                "documents whose names start with aws or amazon. https://docs.aws.amazon.com/systems-manager/latest/userguide/documents.html",
            actions: ["ssm:GetDocument", "ssm:DescribeDocument", "ssm:SendCommand", "ssm:StartSession", "ssm:StartAutomationExecution"],
            resources: (region, partition) => [
                `arn:${partition}:ssm:${region}:*:document/AWS*`,
                `arn:${partition}:ssm:${region}:*:document/Amazon*`,
                `arn:${partition}:ssm:${region}:*:automation-definition/AWS*`,
            ],
        },
        {
            sid: "PublicSsmParameters",
            reason:
                "Public parameters (latest AMI ids, Region and service metadata) live under /aws/service in no account of ours; " +
                "the /aws prefix is reserved, so `*` for the account is safe. " +
                "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters.html",
            actions: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
            resources: (region, partition) => [`arn:${partition}:ssm:${region}:*:parameter/aws/service/*`],
        },
    ],
    ec2: [
        {
            sid: "PublicImages",
            reason:
                "Amazon-owned and public AMIs (and their snapshots) are launched or copied from no account of ours. " +
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharing-amis.html",
            actions: ["ec2:RunInstances", "ec2:CopyImage"],
            resources: (region, partition) => [`arn:${partition}:ec2:${region}::image/*`, `arn:${partition}:ec2:${region}::snapshot/*`],
        },
    ],
    iam: [
        {
            sid: "AwsManagedPolicies",
            reason:
                "AWS-managed policies are owned by the `aws` account; reading or attaching them must work. " +
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies",
            actions: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListEntitiesForPolicy"],
            resources: (_region, partition) => [`arn:${partition}:iam::aws:policy/*`],
        },
    ],
};
