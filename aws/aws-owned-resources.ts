/**
 * AWS-owned resources that workloads reach through our endpoints. They belong to no account
 * of ours (their ARNs name an AWS account, or none), so a resource perimeter that forgets
 * them breaks image pulls, patching, Session Manager and model invocation.
 *
 * Main source: aws-samples/data-perimeter-policy-examples, `service_owned_resources.md` and
 * `vpc_endpoint_policies/s3_endpoint_policy.json` (statement AllowRequestsToAWSOwnedResources)
 * at commit 8e0d3c5179a45dca414d4ea1f3a7b544aba02009 (2026-03-18):
 * https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/service_owned_resources.md
 * Each entry also names the service's own page.
 *
 * Who makes the request matters:
 * - `our-principals`: our identities call with their own credentials (an EKS node pulling an
 *   add-on image, Run Command reading AWS-RunShellScript, an application invoking a
 *   foundation model). The exception keeps the identity condition.
 * - `unauthenticated` / `aws-presigned`: the request carries no identity of ours — it is
 *   unauthenticated (Amazon Linux repositories: "Amazon EC2 makes an unauthenticated call to
 *   Amazon S3") or signed by an AWS-owned account through a presigned URL (ECR image layers:
 *   "signed using a presigned URL, which is created by an Amazon ECR account"). An identity
 *   condition would deny it; AWS's own S3 endpoint policy example lists these buckets with
 *   no condition. The statement is limited to the listed buckets and actions.
 *
 * Keyed by the IAM prefix of the request (`via`): the S3 entries go into the S3 gateway and
 * interface endpoint policies, the ECR entries into ecr.api/ecr.dkr, and so on. `neededBy`
 * says which catalog services' use needs the resource ("always": any workload, e.g. an EC2
 * instance patching Amazon Linux, whatever endpoints the environment has — S3 traffic always
 * goes through the gateway endpoint).
 *
 * Some AWS accounts behind these resources differ per Region and AWS publishes them as a
 * table (EKS add-on registries, CodeArtifact asset buckets). For a Region the table lacks, or
 * a resource whose account AWS does not publish (Glue Studio transforms, SageMaker pre-built
 * images), `resources` is undefined and `template` gives the documented form: the user adds
 * an exception (`perimeter.exceptions`) and `npm run validate` warns until one covers it.
 */

export type OwnedResourceCaller = "our-principals" | "unauthenticated" | "aws-presigned";

/** True when the requests carry no identity of ours (the exception can have no identity condition). */
export function admitsAnyCaller(entry: AwsOwnedResource): boolean {
    return entry.callers !== "our-principals";
}

export interface AwsOwnedResource {
    /** Statement id (alphanumeric). */
    sid: string;
    /** What needs it, and where AWS documents it. */
    reason: string;
    /** IAM prefix of the requests: the endpoints carrying it get the exception. */
    via: string;
    /** Catalog services whose use needs it, or "always". */
    neededBy: string[] | "always";
    callers: OwnedResourceCaller;
    actions: string[];
    /** The ARNs in a Region and partition; undefined when AWS publishes none for that Region. */
    resources(region: string, partition: string): string[] | undefined;
    /** The documented ARN form, with `<placeholders>` for what AWS does not publish. */
    template(region: string, partition: string): string[];
    /**
     * One request as AWS's documentation shows it (the action, and the resource ARN exactly as
     * AWS writes it — no account where AWS writes none), for the Region; undefined where AWS
     * publishes no resource for it. The scenario engine sends it through our endpoint and
     * expects it to pass: it is written from the page, not from `resources`, so a pattern
     * that misses what AWS really requests fails.
     */
    example(region: string, partition: string): { action: string; resource: string } | undefined;
}

const s3Objects = (partition: string, buckets: string[]) => buckets.map((b) => `arn:${partition}:s3:::${b}/*`);
const same = (f: (region: string, partition: string) => string[]) => ({ resources: f, template: f });

/**
 * EKS add-on image registries by Region (account, and the Region in the registry's host name).
 * "View Amazon container image registries for Amazon EKS add-ons":
 * https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html
 * (awsdocs/amazon-eks-user-guide latest/ug/workloads/add-ons-images.adoc, commit
 * 1cc6ebb4a163f7f42689fdb6860cc4e93a03d24e). The page lists ap-east-2's registry under the
 * host name of ap-east-1; both are kept as published.
 */
export const eksAddonRegistries: Record<string, { account: string; hostRegion: string }> = {
    "af-south-1": { account: "877085696533", hostRegion: "af-south-1" },
    "ap-east-1": { account: "800184023465", hostRegion: "ap-east-1" },
    "ap-east-2": { account: "533267051163", hostRegion: "ap-east-1" },
    "ap-southeast-3": { account: "296578399912", hostRegion: "ap-southeast-3" },
    "ap-south-2": { account: "900889452093", hostRegion: "ap-south-2" },
    "ap-southeast-4": { account: "491585149902", hostRegion: "ap-southeast-4" },
    "ap-southeast-6": { account: "333609536671", hostRegion: "ap-southeast-6" },
    "ap-south-1": { account: "602401143452", hostRegion: "ap-south-1" },
    "ap-northeast-3": { account: "602401143452", hostRegion: "ap-northeast-3" },
    "ap-northeast-2": { account: "602401143452", hostRegion: "ap-northeast-2" },
    "ap-southeast-1": { account: "602401143452", hostRegion: "ap-southeast-1" },
    "ap-southeast-2": { account: "602401143452", hostRegion: "ap-southeast-2" },
    "ap-southeast-7": { account: "121268973566", hostRegion: "ap-southeast-7" },
    "ap-northeast-1": { account: "602401143452", hostRegion: "ap-northeast-1" },
    "cn-north-1": { account: "918309763551", hostRegion: "cn-north-1" },
    "cn-northwest-1": { account: "961992271922", hostRegion: "cn-northwest-1" },
    "eu-central-1": { account: "602401143452", hostRegion: "eu-central-1" },
    "eu-west-1": { account: "602401143452", hostRegion: "eu-west-1" },
    "eu-west-2": { account: "602401143452", hostRegion: "eu-west-2" },
    "eu-south-1": { account: "590381155156", hostRegion: "eu-south-1" },
    "eu-west-3": { account: "602401143452", hostRegion: "eu-west-3" },
    "eu-south-2": { account: "455263428931", hostRegion: "eu-south-2" },
    "eu-north-1": { account: "602401143452", hostRegion: "eu-north-1" },
    "eu-central-2": { account: "900612956339", hostRegion: "eu-central-2" },
    "il-central-1": { account: "066635153087", hostRegion: "il-central-1" },
    "mx-central-1": { account: "730335286997", hostRegion: "mx-central-1" },
    "me-south-1": { account: "558608220178", hostRegion: "me-south-1" },
    "me-central-1": { account: "759879836304", hostRegion: "me-central-1" },
    "us-east-1": { account: "602401143452", hostRegion: "us-east-1" },
    "us-east-2": { account: "602401143452", hostRegion: "us-east-2" },
    "us-west-1": { account: "602401143452", hostRegion: "us-west-1" },
    "us-west-2": { account: "602401143452", hostRegion: "us-west-2" },
    "ca-central-1": { account: "602401143452", hostRegion: "ca-central-1" },
    "ca-west-1": { account: "761377655185", hostRegion: "ca-west-1" },
    "sa-east-1": { account: "602401143452", hostRegion: "sa-east-1" },
    "us-gov-east-1": { account: "151742754352", hostRegion: "us-gov-east-1" },
    "us-gov-west-1": { account: "013241004608", hostRegion: "us-gov-west-1" },
};

/**
 * CodeArtifact package-asset buckets by Region, as far as the page's table was readable
 * here: "Minimum Amazon S3 bucket permissions for AWS CodeArtifact",
 * https://docs.aws.amazon.com/codeartifact/latest/ug/create-s3-gateway-endpoint.html
 * Regions not listed fall back to the documented form (a user exception; validation warns).
 */
export const codeArtifactAssetBuckets: Record<string, string> = {
    "us-east-1": "assets-193858265520-us-east-1",
    "us-east-2": "assets-250872398865-us-east-2",
    "us-west-2": "assets-787052242323-us-west-2",
    "eu-west-1": "assets-438097961670-eu-west-1",
    "eu-west-2": "assets-247805302724-eu-west-2",
    "eu-west-3": "assets-762466490029-eu-west-3",
    "eu-north-1": "assets-611884512288-eu-north-1",
    "eu-south-1": "assets-484130244270-eu-south-1",
    "eu-central-1": "assets-769407342218-eu-central-1",
    "ap-northeast-1": "assets-660291247815-ap-northeast-1",
};

export const awsOwnedResources: AwsOwnedResource[] = [
    // ---- S3: buckets AWS services and agents read through the S3 gateway/interface endpoints ----
    {
        sid: "EcrImageLayers",
        reason:
            "ECR serves image layers from an AWS-owned bucket through a URL presigned by an ECR account; every image pull from a VPC reads it. " +
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms",
        via: "s3",
        neededBy: "always",
        callers: "aws-presigned",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, [`prod-${region}-starport-layer-bucket`])),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::prod-${region}-starport-layer-bucket/sha256:4ca545ee6d5db5c1170386eeb39b2ffe3bd46e5d4a73a9acb8e2ff1c4b8b9b0d` }),
    },
    {
        sid: "AmazonLinuxRepositories",
        reason:
            "yum/dnf on Amazon Linux 2 and 2023 read the Region's repository buckets with unauthenticated requests. " +
            "https://docs.aws.amazon.com/linux/al2/ug/al2-live-patching.html and https://repost.aws/knowledge-center/ec2-al1-al2-update-yum-without-internet",
        via: "s3",
        neededBy: "always",
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) =>
            s3Objects(partition, [
                `packages.${region}.amazonaws.com`,
                `repo.${region}.amazonaws.com`,
                `amazonlinux.${region}.amazonaws.com`,
                `amazonlinux-2-repos-${region}`,
                `al2023-repos-${region}-de612dc2`,
                `al2023-${region}`,
            ]),
        ),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::al2023-repos-${region}-de612dc2/core/mirrors/latest/x86_64/mirror.list` }),
    },
    {
        sid: "SystemsManagerBuckets",
        reason:
            "SSM Agent, Patch Manager, Distributor and Session Manager download from AWS-owned buckets (the agent ships on Amazon Linux and Windows AMIs). " +
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html",
        via: "s3",
        neededBy: "always",
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) =>
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
                "ssm-document-categories",
            ]),
        ),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::amazon-ssm-${region}/latest/linux_amd64/amazon-ssm-agent.rpm` }),
    },
    {
        sid: "AwsToolDownloads",
        reason:
            "The AWS CLI and the Session Manager plugin install from AWS-owned buckets (public, unauthenticated downloads). AWS's S3 endpoint policy lists them in " +
            "AllowRequestsToAWSOwnedResources with no condition: https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/vpc_endpoint_policies/s3_endpoint_policy.json " +
            "lines 106 (session-manager-downloads/*) and 111 (aws-cli/*, commit 8e0d3c5 \"Added aws-cli bucket to S3 vpce policy\"); " +
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/install-plugin-linux.html",
        via: "s3",
        neededBy: "always",
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((_region, partition) => s3Objects(partition, ["aws-cli", "session-manager-downloads"])),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::session-manager-downloads/plugin/latest/linux_64bit/session-manager-plugin.rpm` }),
    },
    {
        sid: "CloudWatchAgent",
        reason: "The CloudWatch agent is installed and updated from AWS-owned buckets. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Agent-commandline-fleet.html",
        via: "s3",
        neededBy: ["logs", "monitoring"],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, [`amazoncloudwatch-agent-${region}`, "amazoncloudwatch-agent"])),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::amazoncloudwatch-agent-${region}/amazon_linux/amd64/latest/amazon-cloudwatch-agent.rpm` }),
    },
    {
        sid: "CodeDeployAgent",
        reason: "The CodeDeploy agent installs and updates from the Region's AWS-owned bucket. https://docs.aws.amazon.com/codedeploy/latest/userguide/codedeploy-agent-operations-install.html",
        via: "s3",
        neededBy: ["codedeploy", "codedeploy-commands-secure"],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, [`aws-codedeploy-${region}`])),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::aws-codedeploy-${region}/latest/install` }),
    },
    {
        sid: "ImageBuilderComponents",
        reason: "EC2 Image Builder's AWSTOE downloads managed components from public AWS-owned buckets. https://docs.aws.amazon.com/imagebuilder/latest/userguide/security-iam-data-perimeter.html",
        via: "s3",
        neededBy: ["imagebuilder"],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) => [`arn:${partition}:s3:::ec2imagebuilder-toe-${region}-prod/*`, `arn:${partition}:s3:::ec2imagebuilder-managed-resources-${region}-prod/components/*`]),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::ec2imagebuilder-toe-${region}-prod/latest/linux/amd64/awstoe` }),
    },
    {
        sid: "CloudFormationSignals",
        reason:
            "Custom resources and wait conditions answer CloudFormation through presigned URLs to AWS-owned buckets. " +
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/vpc-interface-endpoints.html",
        via: "s3",
        neededBy: ["cloudformation"],
        callers: "aws-presigned",
        actions: ["s3:PutObject", "s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, [`cloudformation-waitcondition-${region}`, `cloudformation-custom-resource-response-${region.replace(/-/g, "")}`])),
        example: (region, partition) => ({ action: "s3:PutObject", resource: `arn:${partition}:s3:::cloudformation-waitcondition-${region}/arn%3Aaws%3Acloudformation%3A${region}%3A123456789012%3Astack/app/1/AppWaitHandle` }),
    },
    {
        sid: "LambdaDeploymentPackages",
        reason: "GetFunction returns a URL presigned by Lambda to AWS-owned buckets that hold deployment packages. https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html",
        via: "s3",
        neededBy: ["lambda"],
        callers: "aws-presigned",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, ["prod-04-2014-tasks", `awslambda-${region}-tasks`])),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::awslambda-${region}-tasks/snapshots/123456789012/orders-handler-0a1b2c3d` }),
    },
    {
        sid: "CodeArtifactAssets",
        reason:
            "CodeArtifact redirects package downloads to URLs presigned for the Region's AWS-owned asset bucket. " +
            "https://docs.aws.amazon.com/codeartifact/latest/ug/create-s3-gateway-endpoint.html",
        via: "s3",
        neededBy: ["codeartifact.api", "codeartifact.repositories"],
        callers: "aws-presigned",
        actions: ["s3:GetObject"],
        resources: (region, partition) => (codeArtifactAssetBuckets[region] ? s3Objects(partition, [codeArtifactAssetBuckets[region]]) : undefined),
        template: (region, partition) => [`arn:${partition}:s3:::assets-<CodeArtifact-account>-${region}/*`],
        example: (region, partition) => (codeArtifactAssetBuckets[region] ? { action: "s3:GetObject", resource: `arn:${partition}:s3:::${codeArtifactAssetBuckets[region]}/npm/lodash/-/lodash-4.17.21.tgz` } : undefined),
    },
    // ---- The rest of AWS's own AllowRequestsToAWSOwnedResources statement (s3_endpoint_policy.json),
    // which lists these buckets for s3:GetObject with no identity condition. `neededBy` names the
    // catalog services that need them where the catalog has one; [] where it has none (Elastic
    // Beanstalk, Application Migration Service, Elastic Disaster Recovery, Nitro Enclaves): the
    // generated policies then leave them out, and the policy pack still accepts AWS's statement.
    {
        sid: "EmrRepositories",
        reason:
            "EMR cluster instances in private subnets install packages from the Region's EMR repository bucket. AWS's S3 endpoint policy lists it in " +
            "AllowRequestsToAWSOwnedResources with no identity condition: https://github.com/aws-samples/data-perimeter-policy-examples/blob/031eaa58dd6659374ebda5eefa0e4e5d801b3fa5/vpc_endpoint_policies/s3_endpoint_policy.json; " +
            "https://docs.aws.amazon.com/emr/latest/ManagementGuide/private-subnet-iampolicy.html",
        via: "s3",
        neededBy: ["elasticmapreduce"],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, [`repo.${region}.emr.amazonaws.com`])),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::repo.${region}.emr.amazonaws.com/emr-7.0.0/repodata/repomd.xml` }),
    },
    {
        sid: "ElasticBeanstalkAppInfo",
        reason:
            "Elastic Beanstalk environments read the Region's AWS-owned appinfo bucket; AWS's S3 endpoint policy lists it in AllowRequestsToAWSOwnedResources " +
            "with no identity condition: https://github.com/aws-samples/data-perimeter-policy-examples/blob/031eaa58dd6659374ebda5eefa0e4e5d801b3fa5/vpc_endpoint_policies/s3_endpoint_policy.json; " +
            "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc-vpce.policy.html",
        via: "s3",
        neededBy: [],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, [`prod.${region}.appinfo.src`])),
        // AWS documents no object key for it: the example names an object of the bucket.
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::prod.${region}.appinfo.src/object` }),
    },
    {
        sid: "ApplicationMigrationServiceAgents",
        reason:
            "AWS Application Migration Service (MGN) replication agents and servers download their software and hashes from the Region's AWS-owned buckets; " +
            "AWS's S3 endpoint policy lists them in AllowRequestsToAWSOwnedResources with no identity condition: https://github.com/aws-samples/data-perimeter-policy-examples/blob/031eaa58dd6659374ebda5eefa0e4e5d801b3fa5/vpc_endpoint_policies/s3_endpoint_policy.json",
        via: "s3",
        neededBy: [],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) =>
            s3Objects(partition, [
                `aws-mgn-clients-${region}`,
                `aws-mgn-clients-hashes-${region}`,
                `aws-mgn-internal-${region}`,
                `aws-mgn-internal-hashes-${region}`,
                `aws-application-migration-service-${region}`,
                `aws-application-migration-service-hashes-${region}`,
            ]),
        ),
        // The agent installer's download URL (MGN: installing the AWS Replication Agent on Linux).
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::aws-application-migration-service-${region}/latest/linux/aws-replication-installer-init` }),
    },
    {
        sid: "ElasticDisasterRecoveryAgents",
        reason:
            "AWS Elastic Disaster Recovery (DRS) replication agents and servers download their software and hashes from the Region's AWS-owned buckets; " +
            "AWS's S3 endpoint policy lists them in AllowRequestsToAWSOwnedResources with no identity condition: https://github.com/aws-samples/data-perimeter-policy-examples/blob/031eaa58dd6659374ebda5eefa0e4e5d801b3fa5/vpc_endpoint_policies/s3_endpoint_policy.json",
        via: "s3",
        neededBy: [],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) =>
            s3Objects(partition, [
                `aws-drs-clients-${region}`,
                `aws-drs-clients-hashes-${region}`,
                `aws-drs-internal-${region}`,
                `aws-drs-internal-hashes-${region}`,
                `aws-elastic-disaster-recovery-${region}`,
                `aws-elastic-disaster-recovery-hashes-${region}`,
            ]),
        ),
        // The agent installer's download URL (DRS: installing the AWS Replication Agent on Linux).
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::aws-elastic-disaster-recovery-${region}/latest/linux/aws-replication-installer-init` }),
    },
    {
        sid: "NitroEnclavesCertificates",
        reason:
            "ACM for Nitro Enclaves places a certificate bundle in the Region's AWS-owned bucket for the associated role to read (a role of ours: the request does " +
            "carry our identity, but AWS's S3 endpoint policy lists the bucket in AllowRequestsToAWSOwnedResources with no identity condition, so it is kept with " +
            "the entries that admit any caller): https://github.com/aws-samples/data-perimeter-policy-examples/blob/031eaa58dd6659374ebda5eefa0e4e5d801b3fa5/vpc_endpoint_policies/s3_endpoint_policy.json; " +
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateEnclaveCertificateIamRole.html",
        via: "s3",
        neededBy: [],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, [`aws-ec2-enclave-certificate-${region}-prod`])),
        // GetAssociatedEnclaveCertificateIamRoles returns the bucket and key; the example names an object of the bucket.
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::aws-ec2-enclave-certificate-${region}-prod/object` }),
    },
    {
        sid: "SageMakerJumpStart",
        reason: "SageMaker JumpStart reads pretrained models from an AWS-owned bucket. https://docs.aws.amazon.com/sagemaker/latest/dg/jumpstart-deploy.html",
        via: "s3",
        neededBy: ["sagemaker.api", "sagemaker.runtime"],
        callers: "our-principals",
        actions: ["s3:GetObject", "s3:ListBucket"],
        ...same((region, partition) => [`arn:${partition}:s3:::jumpstart-cache-prod-${region}`, `arn:${partition}:s3:::jumpstart-cache-prod-${region}/*`]),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::jumpstart-cache-prod-${region}/models-manifest.json` }),
    },
    {
        sid: "AthenaExamples",
        reason: "Athena's getting-started data lives in an AWS-owned bucket. https://docs.aws.amazon.com/athena/latest/ug/getting-started.html",
        via: "s3",
        neededBy: ["athena"],
        callers: "our-principals",
        actions: ["s3:GetObject", "s3:ListBucket"],
        ...same((region, partition) => [`arn:${partition}:s3:::athena-examples-${region}`, `arn:${partition}:s3:::athena-examples-${region}/*`]),
        example: (region, partition) => ({ action: "s3:GetObject", resource: `arn:${partition}:s3:::athena-examples-${region}/cloudfront/plaintext/2014-07-05.us-west-2.a.gz` }),
    },
    {
        sid: "GlueStudioTransforms",
        reason:
            "Glue Studio's visual transforms live in a bucket of a Glue service account that differs per Region and is not published. " +
            "https://docs.aws.amazon.com/glue/latest/dg/getting-started-min-privs-job.html",
        via: "s3",
        neededBy: ["glue"],
        callers: "our-principals",
        actions: ["s3:GetObject"],
        resources: () => undefined,
        template: (region, partition) => [`arn:${partition}:s3:::aws-glue-studio-transforms-<Glue-account>-prod-${region}/*`],
        example: () => undefined,
    },

    // ---- ECR: AWS-owned registries -------------------------------------------------------
    {
        sid: "EksAddonImages",
        reason:
            "EKS nodes pull add-on images (VPC CNI, kube-proxy, CoreDNS, EBS CSI ...) with their node role from the Region's EKS registry account. " +
            "https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html",
        via: "ecr",
        neededBy: ["ecr.api", "ecr.dkr", "eks"],
        callers: "our-principals",
        actions: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        resources: (region, partition) => {
            const registry = eksAddonRegistries[region];
            return registry ? [`arn:${partition}:ecr:${registry.hostRegion}:${registry.account}:repository/*`] : undefined;
        },
        template: (region, partition) => [`arn:${partition}:ecr:${region}:<EKS-registry-account>:repository/*`],
        example: (region, partition) => {
            const registry = eksAddonRegistries[region];
            return registry ? { action: "ecr:BatchGetImage", resource: `arn:${partition}:ecr:${registry.hostRegion}:${registry.account}:repository/eks/coredns` } : undefined;
        },
    },
    {
        sid: "SageMakerPrebuiltImages",
        reason:
            "SageMaker pre-built containers live in ECR registries of AWS accounts that differ per Region and framework. " +
            "https://docs.aws.amazon.com/sagemaker/latest/dg-ecr-paths/sagemaker-algo-docker-registry-paths.html",
        via: "ecr",
        neededBy: ["sagemaker.api", "sagemaker.runtime"],
        callers: "our-principals",
        actions: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        resources: () => undefined,
        template: (region, partition) => [`arn:${partition}:ecr:${region}:<SageMaker-registry-account>:repository/*`],
        example: () => undefined,
    },

    // ---- Systems Manager ---------------------------------------------------------------
    {
        sid: "PublicSsmDocuments",
        reason:
            "AWS-owned documents and runbooks (AWS-RunShellScript, AWS-GatherSoftwareInventory, AWSSupport-*, AmazonCloudWatch-*): Run Command, State Manager " +
            "associations, Session Manager, Change Manager and Automation read and run them. Actions and ARNs as AWS's SSM endpoint policy writes them " +
            "(AllowRequestsByOrgsIdentitiesToAWSResources, https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/vpc_endpoint_policies/ssm_endpoint_policy.json " +
            "lines 33-46: ssm:Describe*, ssm:List*, ssm:Get*, SendCommand, CreateAssociation, StartSession, StartChangeRequestExecution, StartAutomationExecution on " +
            "arn:aws:ssm:<region>::document/* and arn:aws:ssm:*::automation-definition/*). The ARNs have no account; `*:document/AWS*` and `*:document/Amazon*` also " +
            "cover a request that names one, and are safe because customers cannot create documents whose names start with aws or amazon. " +
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents.html",
        via: "ssm",
        neededBy: ["ssm"],
        callers: "our-principals",
        actions: [
            "ssm:Describe*",
            "ssm:List*",
            "ssm:Get*",
            "ssm:SendCommand",
            "ssm:CreateAssociation",
            "ssm:StartSession",
            "ssm:StartChangeRequestExecution",
            "ssm:StartAutomationExecution",
        ],
        ...same((region, partition) => [
            `arn:${partition}:ssm:${region}::document/*`,
            `arn:${partition}:ssm:${region}:*:document/AWS*`,
            `arn:${partition}:ssm:${region}:*:document/Amazon*`,
            `arn:${partition}:ssm:*::automation-definition/*`,
            `arn:${partition}:ssm:${region}:*:automation-definition/AWS*`,
        ]),
        example: (region, partition) => ({ action: "ssm:SendCommand", resource: `arn:${partition}:ssm:${region}::document/AWS-RunShellScript` }),
    },
    {
        sid: "PublicSsmParameters",
        reason:
            "Public parameters (latest AMI ids, Region and service metadata) have no account of ours in their ARN; the /aws prefix is reserved " +
            "(customers cannot create parameters starting with aws), so `*` for the account is safe. " +
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters.html",
        via: "ssm",
        neededBy: ["ssm"],
        callers: "our-principals",
        actions: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
        ...same((region, partition) => [`arn:${partition}:ssm:${region}:*:parameter/aws/*`]),
        example: (region, partition) => ({ action: "ssm:GetParameter", resource: `arn:${partition}:ssm:${region}::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64` }),
    },

    // ---- Lambda, CloudFormation, Image Builder: AWS-owned resources of their own APIs ----
    {
        sid: "AwsLambdaLayers",
        reason:
            "Lambda extensions AWS publishes as layers (CloudWatch Lambda Insights, the AWS AppConfig agent, the Parameters and Secrets extension) live in AWS accounts that " +
            "differ per extension and Region; AWS's Lambda endpoint policy leaves the account to fill (arn:aws:lambda:*:<service-account-id>:layer:*, " +
            "https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/vpc_endpoint_policies/lambda_endpoint_policy.json line 35; service_owned_resources.md, \"AWS Lambda layer\"). " +
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versions.html",
        via: "lambda",
        neededBy: ["lambda"],
        callers: "our-principals",
        actions: ["lambda:GetLayerVersion"],
        resources: () => undefined,
        template: (region, partition) => [`arn:${partition}:lambda:${region}:<layer-publisher-account>:layer:*`],
        example: () => undefined,
    },
    {
        sid: "AwsCloudFormationTransforms",
        reason:
            "CloudFormation's own transforms (AWS::Serverless, AWS::Include, AWS::LanguageExtensions) are owned by the `aws` account; creating a change set of a " +
            "template that uses one is authorized on the transform. AWS's CloudFormation endpoint policy: cloudformation:CreateChangeSet on " +
            "arn:aws:cloudformation:<region>:aws:transform/* (https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/vpc_endpoint_policies/cloudformation_endpoint_policy.json lines 34-37). " +
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-reference.html",
        via: "cloudformation",
        neededBy: ["cloudformation"],
        callers: "our-principals",
        actions: ["cloudformation:CreateChangeSet"],
        ...same((region, partition) => [`arn:${partition}:cloudformation:${region}:aws:transform/*`]),
        example: (region, partition) => ({ action: "cloudformation:CreateChangeSet", resource: `arn:${partition}:cloudformation:${region}:aws:transform/Serverless-2016-10-31` }),
    },
    {
        sid: "ImageBuilderManagedResources",
        reason:
            "EC2 Image Builder's managed components and images are owned by the `aws` account; AWSTOE on the build instance reads them with its instance profile. " +
            "AWS's Image Builder endpoint policy: imagebuilder:GetComponent and imagebuilder:GetImage on arn:aws:imagebuilder:<region>:aws:component/* and :aws:image/* " +
            "(https://github.com/aws-samples/data-perimeter-policy-examples/blob/8e0d3c5179a45dca414d4ea1f3a7b544aba02009/vpc_endpoint_policies/imagebuilder_endpoint_policy.json lines 34-39). " +
            "https://docs.aws.amazon.com/imagebuilder/latest/userguide/use-managed-components.html",
        via: "imagebuilder",
        neededBy: ["imagebuilder"],
        callers: "our-principals",
        actions: ["imagebuilder:GetComponent", "imagebuilder:GetImage"],
        ...same((region, partition) => [`arn:${partition}:imagebuilder:${region}:aws:component/*`, `arn:${partition}:imagebuilder:${region}:aws:image/*`]),
        example: (region, partition) => ({ action: "imagebuilder:GetComponent", resource: `arn:${partition}:imagebuilder:${region}:aws:component/update-linux/1.0.2/1` }),
    },

    // ---- EC2 ---------------------------------------------------------------------------
    {
        sid: "PublicImages",
        reason: "Amazon-owned and public AMIs (and their snapshots) have no account in their ARN. https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharing-amis.html",
        via: "ec2",
        neededBy: ["ec2"],
        callers: "our-principals",
        actions: ["ec2:RunInstances", "ec2:CopyImage"],
        ...same((region, partition) => [`arn:${partition}:ec2:${region}::image/*`, `arn:${partition}:ec2:${region}::snapshot/*`]),
        example: (region, partition) => ({ action: "ec2:RunInstances", resource: `arn:${partition}:ec2:${region}::image/ami-0abcdef1234567890` }),
    },
    {
        sid: "AwsManagedPrefixLists",
        reason: "AWS-managed prefix lists are owned by the `aws` account. https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html",
        via: "ec2",
        neededBy: ["ec2"],
        callers: "our-principals",
        actions: ["ec2:GetManagedPrefixListEntries", "ec2:GetManagedPrefixListAssociations"],
        ...same((region, partition) => [`arn:${partition}:ec2:${region}:aws:prefix-list/*`]),
        example: (region, partition) => ({ action: "ec2:GetManagedPrefixListEntries", resource: `arn:${partition}:ec2:${region}:aws:prefix-list/pl-63a5400a` }),
    },

    // ---- Bedrock -----------------------------------------------------------------------
    {
        sid: "BedrockFoundationModels",
        reason:
            "Foundation models have no account in their ARN (arn:<partition>:bedrock:<region>::foundation-model/<id>); a cross-Region inference profile routes " +
            "the call to the model in another Region, and IAM evaluates the model there too, so every Region is allowed. " +
            "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrock.html and https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html",
        via: "bedrock",
        neededBy: ["bedrock", "bedrock-runtime", "bedrock-agent", "bedrock-agent-runtime"],
        callers: "our-principals",
        actions: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:GetFoundationModel", "bedrock:CreateModelInvocationJob"],
        ...same((_region, partition) => [`arn:${partition}:bedrock:*::foundation-model/*`]),
        example: (region, partition) => ({ action: "bedrock:InvokeModel", resource: `arn:${partition}:bedrock:${region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0` }),
    },

    // ---- IAM (global: reached over the internet, kept for completeness) ----------------------
    {
        sid: "AwsManagedPolicies",
        reason: "AWS-managed policies are owned by the `aws` account. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies",
        via: "iam",
        neededBy: ["iam"],
        callers: "our-principals",
        actions: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListEntitiesForPolicy"],
        ...same((_region, partition) => [`arn:${partition}:iam::aws:policy/*`]),
        example: (region, partition) => ({ action: "iam:GetPolicy", resource: `arn:${partition}:iam::aws:policy/ReadOnlyAccess` }),
    },
];

/**
 * Resource types AWS's own policies use for AWS-owned resources that the Service
 * Authorization Reference does not list for the action (so a checker built on the reference
 * alone would call the statement one that never matches). Each with where AWS uses it.
 */
export const resourceTypesMissingFromReference: { action: string; name: string; arn: string; source: string }[] = [
    {
        action: "cloudformation:CreateChangeSet",
        name: "transform",
        arn: "arn:${Partition}:cloudformation:${Region}:${Account}:transform/${TransformName}",
        source:
            "aws-samples/data-perimeter-policy-examples vpc_endpoint_policies/cloudformation_endpoint_policy.json lines 34-37 (cloudformation:CreateChangeSet on " +
            "arn:aws:cloudformation:<region>:aws:transform/*); https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html",
    },
];

/** True when an entry applies to an environment whose endpoints serve `services` (catalog names). */
export function neededFor(entry: AwsOwnedResource, services: string[]): boolean {
    return entry.neededBy === "always" || entry.neededBy.some((s) => services.includes(s));
}
