/**
 * Bucket policies for `perimeter.protectedBuckets`: the perimeter written on the data
 * itself, so it holds in a single-account environment (no RCPs there) and against
 * anything an RCP does not cover.
 *
 * The policy is the bucket's whole policy: S3's PutBucketPolicy replaces the existing one
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html), and so does
 * `aws.s3.BucketPolicy`. The owner's own statements therefore come from the definition
 * (`protectedBuckets[].statements`) and are kept after the perimeter's; anything else the
 * bucket had is removed at the first deployment.
 *
 * The perimeter statements only deny. The network Deny never locks out the role that
 * deploys the policy: the Pulumi AWS provider reads, writes and deletes a bucket policy
 * with exactly s3:GetBucketPolicy, s3:PutBucketPolicy and s3:DeleteBucketPolicy
 * (terraform-provider-aws internal/service/s3/bucket_policy.go, resourceBucketPolicyPut /
 * resourceBucketPolicyRead / resourceBucketPolicyDelete), so that role may call those three
 * from anywhere, and nothing else from outside the expected networks.
 */
import { policySizeLimits } from "../aws/quotas";
import { perimeterBucketSids } from "../definition/checks/perimeter";
import { Definition } from "../definition/schema";
import { minifiedSize } from "./size";
import { bucketNetworkCondition } from "./network-perimeter";
import { oneOrMany, ourEndpointsKey, ourPrincipalsKey, Trust, trustOf } from "./trust";
import { PolicyDocument, PolicyStatement } from "./types";

export interface ProtectedBucketPolicy {
    bucket: string;
    /** Logical account (from `accounts`) that owns the bucket. */
    account: string;
    document: PolicyDocument;
}

/** What the deploying role needs to manage a bucket policy (and nothing more). */
export const bucketPolicyManagementActions = ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"];

/** Statement ids of the perimeter's own statements (the owner's statements may not reuse them; validation says so). */
export { perimeterBucketSids };

/** The role that writes the bucket's policy: `deployment.roleName` in the bucket's account. */
export function deployerRoleArn(trust: Trust, accountId: string): string {
    return `arn:${trust.partition}:iam::${accountId}:role/${trust.deploymentRole}`;
}

/** The policy of one protected bucket (owned by `accountId`), with the owner's `ownerStatements` after the perimeter's. */
export function bucketPolicy(definition: Definition, bucket: string, ownerStatements: PolicyStatement[] = []): PolicyDocument {
    const trust = trustOf(definition);
    const arn = `arn:${trust.partition}:s3:::${bucket}`;
    const resources = [arn, `${arn}/*`];
    const owner = definition.perimeter.protectedBuckets.find((b) => b.name === bucket);
    const accountId = owner ? definition.accounts[owner.account] : undefined;
    const [principalKey, principalValue] = ourPrincipalsKey(trust);
    const outsiders: Record<string, string | string[]> = { [principalKey]: principalValue };
    if (trust.trustedAccounts.length > 0) {
        // Without an organization the principal key is already aws:PrincipalAccount:
        // extend its list instead of repeating the key.
        if (principalKey === "aws:PrincipalAccount") {
            outsiders[principalKey] = [...trust.accountIds, ...trust.trustedAccounts];
        } else {
            outsiders["aws:PrincipalAccount"] = oneOrMany(trust.trustedAccounts);
        }
    }
    const deployer = accountId ? [deployerRoleArn(trust, accountId)] : [];
    const statements: PolicyStatement[] = [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: resources,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyIdentitiesOutsidePerimeter",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: resources,
            Condition: { StringNotEqualsIfExists: outsiders, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
        },
        {
            // Trusted third parties call from their own networks.
            Sid: "DenyOutsideExpectedNetworks",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: resources,
            // AWS services acting with the roles the owner lists call from AWS's networks (no VPC key, an AWS address).
            Condition: bucketNetworkCondition(trust, trust.trustedAccounts, [...deployer, ...(owner?.awsServiceRoles ?? [])]),
        },
    ];
    if (deployer.length > 0) {
        // The deploying role is exempt above only so that it can always manage this policy.
        const [endpointKey, endpointValue] = ourEndpointsKey(trust);
        const condition: NonNullable<PolicyStatement["Condition"]> = { ArnLike: { "aws:PrincipalArn": oneOrMany(deployer) } };
        if (trust.corporateCidrs.length > 0) condition.NotIpAddressIfExists = { "aws:SourceIp": oneOrMany(trust.corporateCidrs) };
        condition.StringNotEqualsIfExists = { [endpointKey]: endpointValue, [`aws:PrincipalTag/${trust.breakGlassTag}`]: "true" };
        condition.BoolIfExists = { "aws:ViaAWSService": "false" };
        statements.push({
            Sid: "DenyDeployerDataOutsideExpectedNetworks",
            Effect: "Deny",
            Principal: "*",
            NotAction: bucketPolicyManagementActions,
            Resource: resources,
            Condition: condition,
        });
    }
    return { Version: "2012-10-17", Statement: [...statements, ...ownerStatements] };
}

/**
 * One policy per protected bucket of the definition, the owner's statements included.
 * Throws when one exceeds the bucket policy size limit (aws/quotas.ts).
 */
export function protectedBucketPolicies(definition: Definition): ProtectedBucketPolicy[] {
    return definition.perimeter.protectedBuckets.map((b) => {
        const document = bucketPolicy(definition, b.name, b.statements as PolicyStatement[]);
        const size = minifiedSize(document);
        if (size > policySizeLimits.bucket) {
            throw new Error(`the policy of bucket ${b.name} is ${size} characters minified, over S3's ${policySizeLimits.bucket}-character limit; shorten its statements`);
        }
        return { bucket: b.name, account: b.account, document };
    });
}
