/**
 * S3 access control lists: a bucket or an object can be opened to the public, or to any AWS
 * account, by an ACL grant as well as by a policy. A protected bucket's perimeter policy does not
 * stop a grant (ACLs are evaluated alongside the bucket policy), so every ACL a program sets on a
 * protected bucket or its objects is judged here (lib/modifiers.ts, `bucketAcl`).
 *
 * Pessimistic on purpose: a public grant is a violation even when S3 Object Ownership
 * (BucketOwnerEnforced disables ACLs) or Block Public Access (IgnorePublicAcls) would neutralise
 * it today. Those settings live on other resources, can be changed apart from the grant, and
 * the grant states the intent to open the data.
 */
import { Unknown, isUnknown, list, record, str } from "./values";

/**
 * Canned ACLs and whom they grant beyond the owner
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl).
 * `outside`: the grant reaches callers outside the environment.
 */
export const cannedAcls: Record<string, { grants: string; outside: boolean }> = {
    private: { grants: "the owner only", outside: false },
    "public-read": { grants: "the AllUsers group READ (anyone on the internet)", outside: true },
    "public-read-write": { grants: "the AllUsers group READ and WRITE (anyone on the internet)", outside: true },
    "authenticated-read": { grants: "the AuthenticatedUsers group READ (any AWS account)", outside: true },
    "aws-exec-read": { grants: "Amazon EC2 READ of AMI bundles (AWS itself)", outside: false },
    "bucket-owner-read": { grants: "the bucket owner READ", outside: false },
    "bucket-owner-full-control": { grants: "the bucket owner FULL_CONTROL", outside: false },
    "log-delivery-write": { grants: "the S3 LogDelivery group WRITE and READ_ACP (AWS's log delivery)", outside: false },
};

/**
 * Amazon S3 predefined groups
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups).
 */
const publicGroups: Record<string, string> = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "the AllUsers group (anyone on the internet)",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "the AuthenticatedUsers group (any AWS account)",
};
const awsGroups = new Set(["http://acs.amazonaws.com/groups/s3/LogDelivery"]);

export interface AclVerdict {
    violations: string[];
    undecided: string[];
}

/** One grant as the provider's inputs carry it: `{type, uri, id, email(Address)}` (flat or under `grantee`). */
function judgeGrant(grant: unknown, where: string, owner: string | undefined, out: AclVerdict): void {
    const g = record(grant);
    if (isUnknown(g)) return void out.undecided.push(`${where} (${g.path})`);
    if (!g) return;
    const grantee = record(g["grantee"]);
    if (isUnknown(grantee)) return void out.undecided.push(`${where} grantee (${grantee.path})`);
    const who = grantee ?? g;
    const type = str(who["type"]);
    const uri = str(who["uri"]);
    const id = str(who["id"]);
    const email = str(who["email"] ?? who["emailAddress"]);
    const unknown = [type, uri, id, email].find(isUnknown) as Unknown | undefined;
    if (unknown) return void out.undecided.push(`${where} (${unknown.path})`);
    if (type === "Group" || (typeof uri === "string" && uri.length > 0)) {
        if (typeof uri === "string" && publicGroups[uri]) out.violations.push(`${where} grants ${publicGroups[uri]}`);
        else if (!(typeof uri === "string" && awsGroups.has(uri))) out.violations.push(`${where} grants the group ${uri ?? "(no uri)"}, not one of S3's predefined groups the perimeter accepts`);
        return;
    }
    if (type === "CanonicalUser" && typeof id === "string" && owner !== undefined && id === owner) return;
    if (type === "CanonicalUser" || type === "AmazonCustomerByEmail") {
        out.undecided.push(`${where} grants ${type} ${id ?? email ?? ""}, which the pack cannot tell to be an account of the environment (canonical user ids and e-mail addresses are not in its config)`);
        return;
    }
    out.undecided.push(`${where} grants a grantee of type ${type ?? "(none)"}`);
}

/**
 * Judges the ACL inputs of one modifier: a canned `acl`, a `grants` list (Bucket, BucketV2,
 * ObjectCopy), an `accessControlPolicy` (BucketAcl, BucketAclV2) or `targetGrants` (BucketLogging).
 */
export function judgeAcl(props: Record<string, unknown>, label: string): AclVerdict {
    const out: AclVerdict = { violations: [], undecided: [] };
    const acl = str(props["acl"]);
    if (isUnknown(acl)) out.undecided.push(`canned ACL of ${label} (${acl.path})`);
    else if (typeof acl === "string") {
        const canned = cannedAcls[acl];
        if (!canned) out.violations.push(`${label} sets canned ACL "${acl}", which is not one of S3's canned ACLs`);
        else if (canned.outside) out.violations.push(`${label} sets canned ACL "${acl}", which grants ${canned.grants}`);
    }
    const acp = record(props["accessControlPolicy"]);
    if (isUnknown(acp)) out.undecided.push(`accessControlPolicy of ${label} (${acp.path})`);
    const ownerRecord = acp && !isUnknown(acp) ? record(acp["owner"]) : undefined;
    const ownerId = ownerRecord && !isUnknown(ownerRecord) ? str(ownerRecord["id"]) : undefined;
    const owner = typeof ownerId === "string" ? ownerId : undefined;
    const lists: [unknown, string][] = [
        [props["grants"], "grants"],
        [props["targetGrants"], "targetGrants"],
        [acp && !isUnknown(acp) ? acp["grants"] : undefined, "accessControlPolicy.grants"],
    ];
    for (const [value, name] of lists) {
        if (value === undefined) continue;
        const grants = list(value);
        if (isUnknown(grants)) {
            out.undecided.push(`${name} of ${label} (${grants.path})`);
            continue;
        }
        grants.forEach((g, i) => judgeGrant(g, `${label} ${name}[${i}]`, owner, out));
    }
    return out;
}
