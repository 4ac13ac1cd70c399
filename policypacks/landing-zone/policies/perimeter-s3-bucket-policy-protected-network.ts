/**
 * The policies of protected buckets (`perimeter.protectedBuckets`) keep the data inside the
 * perimeter, judged from IAM semantics (lib/perimeter-questions.ts):
 *
 * - no Allow statement lets an identity outside the organization, or an anonymous caller, in:
 *   a condition the caller chooses (aws:SecureTransport, a request tag) restricts nothing, and
 *   NotPrincipal admits everyone it does not name;
 * - no request by an ordinary identity of the environment from outside the expected networks
 *   (the internet beyond the corporate ranges, or a VPC endpoint of someone else) escapes every
 *   Deny: a perimeter Deny narrowed by an extra ANDed condition (only plain HTTP, say), a
 *   wildcard network value (`vpce-*`) or a foreign organization or account is a gap;
 * - a statement holding a value unknown during preview decides nothing now: the known
 *   statements are judged, and only what depends on the unknown part is an advisory note.
 *
 * Every way to set a bucket's policy is judged (lib/modifiers.ts): `aws.s3.BucketPolicy` and the
 * `policy` input of `aws.s3.Bucket` / `aws.s3.BucketV2`. So is every ACL set on a protected bucket
 * or its objects (canned `acl`, `grants`, `accessControlPolicy`, access-log `targetGrants`): a grant
 * to AllUsers or AuthenticatedUsers is public whatever the policy denies (lib/s3-acls.ts). The
 * bucket is matched by name, directly or through the `bucket` input's dependency on a bucket of
 * the stack.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { configSchema } from "../lib/config";
import { modifierTypes } from "../lib/modifiers";
import { judgeAcl } from "../lib/s3-acls";
import { allowAdmitsOutsider, bucketNetworkGap } from "../lib/perimeter-questions";
import { duplicateKeyProblem, parsePolicy, statementLabel } from "../lib/policy-document";
import { Findings, stackCheck } from "../lib/rule";
import { StackIndex, StackNode } from "../lib/stack-index";
import { PackConfig } from "../lib/config";
import { T } from "../lib/types";
import { Unknown, isUnknown, str } from "../lib/values";

const bucketTypes: ReadonlySet<string> = new Set([T.bucket, T.bucketV2]);

function bucketName(index: StackIndex, node: StackNode, property = "bucket"): string | Unknown | undefined {
    if (bucketTypes.has(node.type)) return str(node.props["bucket"]) ?? (node.props["bucketPrefix"] !== undefined ? new Unknown(`${node.name}.bucket (from bucketPrefix)`) : undefined);
    const direct = str(node.props[property]);
    if (typeof direct === "string") return direct;
    for (const bucket of index.related(node, property, bucketTypes)) {
        const name = str(bucket.props["bucket"]);
        if (name !== undefined) return name;
    }
    return direct;
}

async function judgePolicy(value: unknown, label: string, bucket: string, config: PackConfig, findings: Findings): Promise<void> {
    const policy = parsePolicy(value);
    if (policy.kind === "unknown") {
        findings.undecided(`${label} (${policy.unknown.path})`);
        return;
    }
    if (policy.kind !== "document") {
        findings.violation(`${label} is ${policy.kind === "absent" ? "empty" : policy.error}; set the perimeter bucket policy.`);
        return;
    }
    for (const d of policy.duplicates) findings.violation(duplicateKeyProblem(label, d));
    for (const s of policy.statements) {
        if (s.effect !== "Allow") continue;
        const verdict = await allowAdmitsOutsider(s, policy.statements, config);
        if (verdict.kind === "violation") {
            findings.violation(`${label}: ${statementLabel(s)} ${verdict.reason} (public or outside access); remove it, or limit it with aws:PrincipalOrgID or named principals of trusted accounts.`);
        } else if (verdict.kind === "undecided") findings.undecided(`${label}: ${statementLabel(s)}: ${verdict.reason}`);
    }
    const gap = await bucketNetworkGap(policy.statements, bucket, config);
    for (const note of gap.notes ?? []) findings.undecided(`${label}: ${note}`);
    if (gap.kind === "violation") {
        findings.violation(
            `${label} does not keep requests from outside the expected networks out: ${gap.reason}. Deny s3:* on arn:aws:s3:::${bucket} and arn:aws:s3:::${bucket}/* for Principal "*" ` +
                `unless the request comes from the corporate CIDRs (NotIpAddressIfExists aws:SourceIp) or the environment's endpoints (StringNotEqualsIfExists aws:VpceOrgID / aws:SourceVpce, no wildcards), with no other condition narrowing it.`,
        );
    } else if (gap.kind === "undecided") findings.undecided(`${label}: ${gap.reason}`);
}

export const perimeterS3BucketPolicyProtectedNetwork: StackValidationPolicy = {
    name: "perimeter-s3-bucket-policy-protected-network",
    description: "Bucket policies of protected buckets deny access from outside the environment's endpoints and corporate networks and grant nothing to outsiders or the public; no ACL opens them.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Use the perimeter library's bucket policy: a Deny of s3:* on the bucket and its objects for Principal \"*\" unless the request " +
        "comes through the environment's VPC endpoints (aws:SourceVpce / aws:VpceOrgID) or from perimeter.corporateCidrs (aws:SourceIp), with no " +
        "other condition ANDed to it; remove Allow statements that admit callers outside the organization.",
    configSchema: configSchema("protectedBuckets", "corporateCidrs", "organizationId", "accountIds", "trustedAccountIds"),
    validateStack: stackCheck(undefined, async ({ index, config, findingsFor }) => {
        const protectedBuckets = config.protectedBuckets ?? [];
        if (protectedBuckets.length === 0) return;
        // Every resource type that can set a bucket's policy (lib/modifiers.ts).
        const sources = index.ofType(...modifierTypes("bucketPolicy")).filter((n) => n.type === T.bucketPolicy || n.props["policy"] !== undefined);
        for (const node of sources) {
            const findings = findingsFor(node.urn);
            const bucket = bucketName(index, node);
            if (isUnknown(bucket)) {
                findings.undecided(`bucket of ${node.type === T.bucketPolicy ? "bucket policy" : "bucket"} ${node.name} (${bucket.path}), so whether it is protected`);
                continue;
            }
            if (bucket === undefined || !protectedBuckets.includes(bucket)) continue;
            const label = node.type === T.bucketPolicy ? `bucket policy ${node.name} of protected bucket ${bucket}` : `policy input of protected bucket ${bucket} (${node.name})`;
            await judgePolicy(node.props["policy"], label, bucket, config, findings);
        }
        // ACL grants open a bucket or its objects whatever the policy says (lib/s3-acls.ts).
        const aclSetters = index.ofType(...modifierTypes("bucketAcl")).filter((n) => ["acl", "grants", "accessControlPolicy", "targetGrants"].some((k) => n.props[k] !== undefined));
        for (const node of aclSetters) {
            const findings = findingsFor(node.urn);
            const logging = node.type === T.bucketLogging || node.type === T.bucketLoggingV2;
            const bucket = bucketName(index, node, logging ? "targetBucket" : "bucket");
            if (isUnknown(bucket)) {
                findings.undecided(`bucket of ${node.name} (${bucket.path}), so whether its ACL opens a protected bucket`);
                continue;
            }
            if (bucket === undefined || !protectedBuckets.includes(bucket)) continue;
            const what = bucketTypes.has(node.type) ? "protected bucket" : logging ? "access logs written to protected bucket" : node.type === T.bucketAcl || node.type === T.bucketAclV2 ? "ACL of protected bucket" : "object of protected bucket";
            const verdict = judgeAcl(node.props, `${node.name} (${what} ${bucket})`);
            for (const v of verdict.violations) {
                findings.violation(`${v}: an ACL grant opens the data whatever the bucket policy denies; remove it (keep Object Ownership BucketOwnerEnforced, which disables ACLs, and Block Public Access on).`);
            }
            for (const u of verdict.undecided) findings.undecided(u);
        }
    }),
};
