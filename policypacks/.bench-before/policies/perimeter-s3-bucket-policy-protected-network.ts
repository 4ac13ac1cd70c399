/**
 * Protected buckets (perimeter.protectedBuckets) carry a policy that denies every S3 request
 * from outside the expected networks — the environment's endpoints / VPCs or the corporate
 * CIDRs — and grants nothing to the public. The bucket is matched by name, directly or through
 * the `bucket` input's dependency on a Bucket of the stack.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { insideAny } from "../lib/cidr";
import { Statement, conditionEntries, isAnyPrincipal, isNegatedOperator, parsePolicy, statementLabel } from "../lib/policy-document";
import { Findings, stackCheck } from "../lib/rule";
import { StackIndex, StackNode } from "../lib/stack-index";
import { PackConfig, configSchema } from "../lib/config";
import { T } from "../lib/types";
import { Unknown, isUnknown, str } from "../lib/values";

const bucketTypes: ReadonlySet<string> = new Set([T.bucket, T.bucketV2]);
const networkKeys = new Set(["aws:sourceip", "aws:sourcevpce", "aws:sourcevpc", "aws:vpceorgid", "aws:vpceaccount", "aws:vpceorgpaths"]);

function bucketName(index: StackIndex, policy: StackNode): string | Unknown | undefined {
    const direct = str(policy.props["bucket"]);
    if (typeof direct === "string") return direct;
    for (const bucket of index.related(policy, "bucket", bucketTypes)) {
        const name = str(bucket.props["bucket"]);
        if (name !== undefined) return name;
    }
    return direct;
}

function wildcard(pattern: string): RegExp {
    return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}

function coversAllS3(s: Statement): boolean {
    return (s.actions ?? []).some((a) => a === "*" || a.toLowerCase() === "s3:*");
}

function coversBucket(s: Statement, bucket: string): boolean {
    const resources = s.resources ?? [];
    const bucketArn = `arn:aws:s3:::${bucket}`;
    const objectArn = `arn:aws:s3:::${bucket}/any-object`;
    const covers = (arn: string) => resources.some((r) => wildcard(r).test(arn));
    return covers(bucketArn) && covers(objectArn);
}

/** A negated condition on a network key: the statement denies requests from elsewhere. */
function networkConditions(s: Statement) {
    return conditionEntries(s).filter((e) => networkKeys.has(e.key.toLowerCase()) && isNegatedOperator(e.operator) && e.operator !== "Null");
}

function judgeValues(s: Statement, label: string, config: PackConfig, findings: Findings): void {
    for (const e of networkConditions(s)) {
        const key = e.key.toLowerCase();
        if (key === "aws:sourceip" && config.corporateCidrs) {
            const outside = e.values.filter((v) => !insideAny(v.includes("/") ? v : `${v}/32`, config.corporateCidrs ?? []));
            if (outside.length > 0) findings.violation(`${label}: ${statementLabel(s)} treats ${outside.join(", ")} as expected networks, outside perimeter.corporateCidrs; remove them.`);
        }
        if (key === "aws:vpceorgid" && config.organizationId && e.values.some((v) => v !== config.organizationId)) {
            findings.violation(`${label}: ${statementLabel(s)} trusts endpoints of organization(s) ${e.values.join(", ")}; only ${config.organizationId} is expected.`);
        }
        if (key === "aws:vpceaccount" && config.accountIds) {
            const outside = e.values.filter((v) => !config.accountIds?.includes(v));
            if (outside.length > 0) findings.violation(`${label}: ${statementLabel(s)} trusts endpoints of account(s) ${outside.join(", ")}, outside the environment; remove them.`);
        }
    }
}

export const perimeterS3BucketPolicyProtectedNetwork: StackValidationPolicy = {
    name: "perimeter-s3-bucket-policy-protected-network",
    description: "Bucket policies of protected buckets deny access from outside the environment's endpoints and corporate networks and grant nothing to the public.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Use the perimeter library's bucket policy: a Deny of s3:* on the bucket and its objects for Principal \"*\" unless the request " +
        "comes through the environment's VPC endpoints (aws:SourceVpce / aws:VpceOrgID) or from perimeter.corporateCidrs (aws:SourceIp); " +
        "remove unconditioned public Allow statements.",
    configSchema: configSchema("protectedBuckets", "corporateCidrs", "organizationId", "accountIds"),
    validateStack: stackCheck(T.bucketPolicy, ({ index, config, findingsFor }) => {
        const protectedBuckets = config.protectedBuckets ?? [];
        if (protectedBuckets.length === 0) return;
        for (const node of index.ofType(T.bucketPolicy)) {
            const findings = findingsFor(node.urn);
            const bucket = bucketName(index, node);
            if (isUnknown(bucket)) {
                findings.undecided(`bucket of bucket policy ${node.name} (${bucket.path}), so whether it is protected`);
                continue;
            }
            if (bucket === undefined || !protectedBuckets.includes(bucket)) continue;
            const label = `bucket policy ${node.name} of protected bucket ${bucket}`;
            const policy = parsePolicy(node.props["policy"]);
            if (policy.kind === "unknown") {
                findings.undecided(`policy of ${label} (${policy.unknown.path})`);
                continue;
            }
            if (policy.kind !== "document") {
                findings.violation(`${label} is ${policy.kind === "absent" ? "empty" : policy.error}; set the perimeter bucket policy.`);
                continue;
            }
            for (const s of policy.statements) {
                if (s.effect === "Allow" && isAnyPrincipal(s.principal) && conditionEntries(s).length === 0) {
                    findings.violation(`${label}: ${statementLabel(s)} allows everyone without a condition (public access); remove it or condition it on aws:PrincipalOrgID.`);
                }
            }
            const perimeter = policy.statements.filter((s) => s.effect === "Deny" && isAnyPrincipal(s.principal) && coversAllS3(s) && coversBucket(s, bucket) && networkConditions(s).length > 0);
            if (perimeter.length === 0) {
                findings.violation(
                    `${label} has no network-perimeter Deny: add a Deny of s3:* on arn:aws:s3:::${bucket} and arn:aws:s3:::${bucket}/* for Principal "*" ` +
                        `conditioned on NotIpAddress aws:SourceIp (corporate CIDRs) and StringNotEqualsIfExists aws:SourceVpce / aws:VpceOrgID (the environment's endpoints).`,
                );
            }
            for (const s of perimeter) judgeValues(s, label, config, findings);
        }
    }),
};
