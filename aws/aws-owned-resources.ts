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
    },
    {
        sid: "CloudWatchAgent",
        reason: "The CloudWatch agent is installed and updated from AWS-owned buckets. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Agent-commandline-fleet.html",
        via: "s3",
        neededBy: ["logs", "monitoring"],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, [`amazoncloudwatch-agent-${region}`, "amazoncloudwatch-agent"])),
    },
    {
        sid: "CodeDeployAgent",
        reason: "The CodeDeploy agent installs and updates from the Region's AWS-owned bucket. https://docs.aws.amazon.com/codedeploy/latest/userguide/codedeploy-agent-operations-install.html",
        via: "s3",
        neededBy: ["codedeploy", "codedeploy-commands-secure"],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, [`aws-codedeploy-${region}`])),
    },
    {
        sid: "ImageBuilderComponents",
        reason: "EC2 Image Builder's AWSTOE downloads managed components from public AWS-owned buckets. https://docs.aws.amazon.com/imagebuilder/latest/userguide/security-iam-data-perimeter.html",
        via: "s3",
        neededBy: ["imagebuilder"],
        callers: "unauthenticated",
        actions: ["s3:GetObject"],
        ...same((region, partition) => [`arn:${partition}:s3:::ec2imagebuilder-toe-${region}-prod/*`, `arn:${partition}:s3:::ec2imagebuilder-managed-resources-${region}-prod/components/*`]),
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
    },
    {
        sid: "LambdaDeploymentPackages",
        reason: "GetFunction returns a URL presigned by Lambda to AWS-owned buckets that hold deployment packages. https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html",
        via: "s3",
        neededBy: ["lambda"],
        callers: "aws-presigned",
        actions: ["s3:GetObject"],
        ...same((region, partition) => s3Objects(partition, ["prod-04-2014-tasks", `awslambda-${region}-tasks`])),
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
    },
    {
        sid: "SageMakerJumpStart",
        reason: "SageMaker JumpStart reads pretrained models from an AWS-owned bucket. https://docs.aws.amazon.com/sagemaker/latest/dg/jumpstart-deploy.html",
        via: "s3",
        neededBy: ["sagemaker.api", "sagemaker.runtime"],
        callers: "our-principals",
        actions: ["s3:GetObject", "s3:ListBucket"],
        ...same((region, partition) => [`arn:${partition}:s3:::jumpstart-cache-prod-${region}`, `arn:${partition}:s3:::jumpstart-cache-prod-${region}/*`]),
    },
    {
        sid: "AthenaExamples",
        reason: "Athena's getting-started data lives in an AWS-owned bucket. https://docs.aws.amazon.com/athena/latest/ug/getting-started.html",
        via: "s3",
        neededBy: ["athena"],
        callers: "our-principals",
        actions: ["s3:GetObject", "s3:ListBucket"],
        ...same((region, partition) => [`arn:${partition}:s3:::athena-examples-${region}`, `arn:${partition}:s3:::athena-examples-${region}/*`]),
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
    },

    // ---- Systems Manager ---------------------------------------------------------------
    {
        sid: "PublicSsmDocuments",
        reason:
            "AWS-owned documents and runbooks (AWS-RunShellScript, AWS-StartSSHSession, AWSSupport-*, AmazonCloudWatch-*). AWS's sample writes their ARNs " +
            "with no account; `*` covers that and an AWS account alike, and is safe because customers cannot create documents whose names start with " +
            "aws or amazon. https://docs.aws.amazon.com/systems-manager/latest/userguide/documents.html",
        via: "ssm",
        neededBy: ["ssm"],
        callers: "our-principals",
        actions: ["ssm:GetDocument", "ssm:DescribeDocument", "ssm:SendCommand", "ssm:StartSession", "ssm:StartAutomationExecution"],
        ...same((region, partition) => [
            `arn:${partition}:ssm:${region}:*:document/AWS*`,
            `arn:${partition}:ssm:${region}:*:document/Amazon*`,
            `arn:${partition}:ssm:${region}:*:automation-definition/AWS*`,
        ]),
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
    },
    {
        sid: "AwsManagedPrefixLists",
        reason: "AWS-managed prefix lists are owned by the `aws` account. https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html",
        via: "ec2",
        neededBy: ["ec2"],
        callers: "our-principals",
        actions: ["ec2:GetManagedPrefixListEntries", "ec2:GetManagedPrefixListAssociations"],
        ...same((region, partition) => [`arn:${partition}:ec2:${region}:aws:prefix-list/*`]),
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
    },
];

/** True when an entry applies to an environment whose endpoints serve `services` (catalog names). */
export function neededFor(entry: AwsOwnedResource, services: string[]): boolean {
    return entry.neededBy === "always" || entry.neededBy.some((s) => services.includes(s));
}
