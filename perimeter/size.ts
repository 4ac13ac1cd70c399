/**
 * Policy size limits, and packing statements into as few documents as the limit allows.
 *
 * Limits (AWS, checked November 2026):
 * - SCP and RCP: 5,120 characters. AWS Organizations counts the document as stored; we
 *   store it minified, so the minified length is what counts.
 *   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * - VPC endpoint policy: 20,480 characters including white space, not adjustable.
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 * - S3 bucket policy: 20 KB. https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
 */
import { PolicyDocument, PolicyStatement } from "./types";

export type DocumentKind = "scp" | "rcp" | "endpoint" | "bucket";

export const sizeLimits: Record<DocumentKind, number> = {
    scp: 5120,
    rcp: 5120,
    endpoint: 20480,
    bucket: 20480,
};

/**
 * At most 5 SCPs (and 5 RCPs) can be attached to one OU or account, and the default
 * FullAWSAccess / RCPFullAWSAccess policy takes one of them unless it is detached.
 */
export const maxAttachedControlPolicies = 4;

/** The document as it is stored: JSON without white space. */
export function minify(document: PolicyDocument): string {
    return JSON.stringify(document);
}

export function minifiedSize(document: PolicyDocument): number {
    return minify(document).length;
}

function single(statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Splits a statement whose `Action` list makes it too large into statements with half
 * the actions each (same effect, resources and conditions, so the union means the same
 * thing). Anything else cannot be split without changing what the statement means — a
 * negated condition's allow list, for example, must stay whole — so it throws.
 */
function splitStatement(statement: PolicyStatement, limit: number): PolicyStatement[] {
    if (minifiedSize(single([statement])) <= limit) return [statement];
    const actions = statement.Action;
    if (!Array.isArray(actions) || actions.length < 2) {
        throw new Error(
            `statement ${statement.Sid ?? "(no Sid)"} alone is ${minifiedSize(single([statement]))} characters minified, over the ${limit}-character limit, ` +
                `and cannot be split without changing its meaning (only an Action list can be divided). Shorten its condition values or resources.`,
        );
    }
    const half = Math.ceil(actions.length / 2);
    const parts: PolicyStatement[] = [
        { ...statement, Sid: `${statement.Sid ?? "Part"}A`, Action: actions.slice(0, half) },
        { ...statement, Sid: `${statement.Sid ?? "Part"}B`, Action: actions.slice(half) },
    ];
    return parts.flatMap((p) => splitStatement(p, limit));
}

/**
 * Packs statements, in order, into as few documents as fit `limit` (first fit). A
 * statement too large on its own is split by its actions first.
 */
export function packStatements(statements: PolicyStatement[], limit: number): PolicyDocument[] {
    const pieces = statements.flatMap((s) => splitStatement(s, limit));
    const documents: PolicyStatement[][] = [];
    for (const piece of pieces) {
        const target = documents.find((d) => minifiedSize(single([...d, piece])) <= limit);
        if (target) target.push(piece);
        else documents.push([piece]);
    }
    return documents.map(single);
}
