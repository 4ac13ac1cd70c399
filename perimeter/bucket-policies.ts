/**
 * Bucket policies for `perimeter.protectedBuckets`: the perimeter written on the data
 * itself, so it holds in a single-account environment (no RCPs there) and against
 * anything an RCP does not cover.
 *
 * The policy only denies. Access is still granted by the callers' identity policies
 * (same account); an owner who needs cross-account grants adds them here.
 */
import { Definition } from "../definition/schema";
import { outsideExpectedNetworks } from "./scps";
import { oneOrMany, ourPrincipalsKey, trustOf } from "./trust";
import { PolicyDocument } from "./types";

export interface ProtectedBucketPolicy {
    bucket: string;
    /** Logical account (from `accounts`) that owns the bucket. */
    account: string;
    document: PolicyDocument;
}

/** The policy of one protected bucket. */
export function bucketPolicy(definition: Definition, bucket: string): PolicyDocument {
    const trust = trustOf(definition);
    const arn = `arn:${trust.partition}:s3:::${bucket}`;
    const resources = [arn, `${arn}/*`];
    const [principalKey, principalValue] = ourPrincipalsKey(trust);
    const outsiders: Record<string, string | string[]> = { [principalKey]: principalValue };
    const trustedExempt: Record<string, string | string[]> = {};
    if (trust.trustedAccounts.length > 0) {
        // Without an organization the principal key is already aws:PrincipalAccount:
        // extend its list instead of repeating the key.
        if (principalKey === "aws:PrincipalAccount") {
            outsiders[principalKey] = [...trust.accountIds, ...trust.trustedAccounts];
        } else {
            outsiders["aws:PrincipalAccount"] = oneOrMany(trust.trustedAccounts);
        }
        trustedExempt["aws:PrincipalAccount"] = oneOrMany(trust.trustedAccounts);
    }
    return {
        Version: "2012-10-17",
        Statement: [
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
                Sid: "DenyOutsideExpectedNetworks",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: resources,
                Condition: outsideExpectedNetworks(trust, trustedExempt),
            },
        ],
    };
}

/** One policy per protected bucket of the definition. */
export function protectedBucketPolicies(definition: Definition): ProtectedBucketPolicy[] {
    return definition.perimeter.protectedBuckets.map((b) => ({ bucket: b.name, account: b.account, document: bucketPolicy(definition, b.name) }));
}
