/**
 * Packing statements into as few documents as a size limit allows, and measuring them
 * as AWS does (the limits themselves: aws/quotas.ts `policySizeLimits`).
 */
import { policySizeLimits } from "../aws/quotas";
import { PolicyDocument, PolicyStatement } from "./types";

export type DocumentKind = keyof typeof policySizeLimits;

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
