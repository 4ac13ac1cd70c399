/**
 * Turns zod's shape issues into diagnostics a person can act on: which key, where in the
 * file, what was found and what would be right ("unknown key \"cidrs\" — did you mean
 * \"cidr\"?", "expected a number, got the string \"abc\"", "missing required key ...").
 */
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { Quota, quotas } from "../aws/quotas";
import { Diagnostic } from "./diagnostics";
import { Locate, Path, describeValue, formatPath, valueAt } from "./locate";

type Issue = z.core.$ZodIssue;
// zod's internal schema definition (`_zod.def`): enough of it to walk from a path to a schema.
type AnySchema = z.core.$ZodType;
interface Def {
    type: string;
    innerType?: AnySchema;
    in?: AnySchema;
    shape?: Record<string, AnySchema>;
    element?: AnySchema;
    valueType?: AnySchema;
    options?: AnySchema[];
}

const defOf = (schema: AnySchema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/default/prefault/nullable/pipe wrappers. */
function unwrap(schema: AnySchema): AnySchema {
    let current = schema;
    for (let i = 0; i < 20; i++) {
        const def = defOf(current);
        const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
        if (!inner) return current;
        current = inner;
    }
    return current;
}

/** The schemas that can stand at a path (several when a union is on the way). */
export function schemasAt(root: AnySchema, path: Path): AnySchema[] {
    let current = [unwrap(root)];
    for (const segment of path) {
        const next: AnySchema[] = [];
        for (const schema of current) {
            const def = defOf(schema);
            if (def.type === "union") {
                for (const option of def.options ?? []) next.push(...schemasAt(option, [segment]));
                continue;
            }
            if (def.type === "object" && typeof segment === "string" && def.shape?.[segment]) next.push(unwrap(def.shape[segment]));
            else if (def.type === "array" && def.element) next.push(unwrap(def.element));
            else if (def.type === "record" && def.valueType) next.push(unwrap(def.valueType));
        }
        current = next;
    }
    return current;
}

/** Keys a map at `path` may hold. */
export function allowedKeysAt(root: AnySchema, path: Path): string[] {
    const keys = new Set<string>();
    const visit = (schema: AnySchema): void => {
        const def = defOf(schema);
        if (def.type === "object") Object.keys(def.shape ?? {}).forEach((k) => keys.add(k));
        if (def.type === "union") (def.options ?? []).forEach((o) => visit(unwrap(o)));
    };
    schemasAt(root, path).forEach(visit);
    return [...keys];
}

/** The closest of `candidates` to `word`, when it is close enough to be a likely typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
    if (candidates.length === 0) return undefined;
    const lower = word.toLowerCase();
    const exactCase = candidates.find((c) => c.toLowerCase() === lower);
    if (exactCase) return exactCase;
    // Two neighbouring letters swapped ("prdo" for "prod") is one slip, though Levenshtein counts two.
    const swapped = candidates.find((c) => isOneSwap(lower, c.toLowerCase()));
    if (swapped) return swapped;
    const best = closest(lower, [...candidates]);
    const d = distance(lower, best.toLowerCase());
    const limit = Math.max(1, Math.min(3, Math.floor(Math.max(word.length, best.length) / 3)));
    if (d <= limit) return best;
    // A prefix or plural ("service" for "services", "az" for "availabilityZones" is not).
    if (best.startsWith(lower) || lower.startsWith(best)) return best;
    return undefined;
}

/** `a` is `b` with two neighbouring characters swapped. */
function isOneSwap(a: string, b: string): boolean {
    if (a.length !== b.length || a === b) return false;
    const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

const expectedNames: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "a string",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    record: "a mapping",
};

const isDefaultMessage = (message: string) => /^Invalid (input|option|key)|^Too (small|big)|^Unrecognized key/.test(message);

export interface ShapeContext {
    file: string;
    raw: unknown;
    locate: Locate;
    schema: AnySchema;
}

/** Maps every zod issue to one or more diagnostics. */
export function shapeDiagnostics(issues: readonly Issue[], ctx: ShapeContext, prefix: Path = []): Diagnostic[] {
    // A misspelt key ("regoin") also makes the real key ("region") missing. The
    // "did you mean" of the unknown key says both: drop the separate "missing" error.
    const suggested = new Set<string>();
    for (const issue of issues) {
        if (issue.code !== "unrecognized_keys") continue;
        const path: Path = [...prefix, ...(issue.path as PathKey[])];
        const allowed = allowedKeysAt(ctx.schema, path);
        const present = valueAt(ctx.raw, path);
        for (const key of issue.keys) {
            const hint = suggest(key, allowed);
            if (hint !== undefined && (present === null || typeof present !== "object" || !(hint in present))) suggested.add(formatPath([...path, hint]));
        }
    }
    return issues.flatMap((issue) => mapIssue(issue, ctx, prefix)).filter((d) => !(suggested.has(d.path) && d.message.startsWith("missing required key")));
}

function diagnostic(ctx: ShapeContext, path: Path, message: string, part: "key" | "value" = "value"): Diagnostic {
    const { line, col } = ctx.locate(path, part);
    return { file: ctx.file, line, col, path: formatPath(path), message, severity: "error" };
}

function quoteList(values: readonly unknown[]): string {
    return values.map((v) => JSON.stringify(v)).join(", ");
}

function mapIssue(issue: Issue, ctx: ShapeContext, prefix: Path): Diagnostic[] {
    const path: Path = [...prefix, ...(issue.path as PathKey[])];
    const value = valueAt(ctx.raw, path);
    switch (issue.code) {
        case "unrecognized_keys": {
            const allowed = allowedKeysAt(ctx.schema, path);
            return issue.keys.map((key) => {
                // A quota AWS does not let you raise is no typo: say so, and what the check uses instead.
                const fixed = path[path.length - 1] === "quotas" ? (quotas as Record<string, Quota | undefined>)[key] : undefined;
                if (fixed && !fixed.adjustable) {
                    return diagnostic(
                        ctx,
                        [...path, key],
                        `"${key}" is a quota AWS does not let you raise (${fixed.source}: ${fixed.value.toLocaleString("en-US")}, ${fixed.url}): validation always uses AWS's value; remove the key` +
                            (allowed.length ? ` (the quotas you may record here: ${allowed.join(", ")})` : ""),
                        "key",
                    );
                }
                // A key allowed here (by another branch of a union) is no typo of itself.
                const hint = allowed.includes(key) ? undefined : suggest(key, allowed);
                const help = hint ? ` — did you mean "${hint}"?` : allowed.length ? `; allowed keys here: ${allowed.join(", ")}` : "";
                return diagnostic(ctx, [...path, key], `unknown key "${key}"${help}`, "key");
            });
        }
        case "invalid_type": {
            if (value === undefined) {
                const key = path[path.length - 1];
                if (typeof key === "number") return [diagnostic(ctx, path, `missing list item ${key}`)];
                return [diagnostic(ctx, path, `missing required key "${String(key)}"`)];
            }
            const expected = expectedNames[issue.expected] ?? issue.expected;
            const base = isDefaultMessage(issue.message) ? `expected ${expected}` : issue.message;
            if (value === null) return [diagnostic(ctx, path, `no value given; ${base}`)];
            let hint = "";
            if (issue.expected === "string" && typeof value === "number") hint = " (put the value in quotes to make it a string)";
            if (issue.expected === "number" && typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) hint = " (remove the quotes to make it a number)";
            if (issue.expected === "array" && value !== null && typeof value === "object") hint = " (write each item on its own line starting with \"- \")";
            if (issue.expected === "array" && (typeof value === "string" || typeof value === "number")) {
                const items = String(value).split(",").map((v) => v.trim()).filter((v) => v !== "");
                hint = ` (a list is written in brackets, [${items.join(", ")}], or one "- item" per line)`;
            }
            return [diagnostic(ctx, path, `${base}, got ${describeValue(value)}${hint}`)];
        }
        case "invalid_value": {
            const hint = typeof value === "string" ? suggest(value, issue.values.map(String)) : undefined;
            const shown = value === undefined ? "" : `, got ${describeValue(value)}`;
            return [
                diagnostic(ctx, path, `expected one of ${quoteList(issue.values)}${shown}${hint ? ` — did you mean "${hint}"?` : ""}`),
            ];
        }
        case "invalid_format": {
            const shown = typeof value === "string" ? ` (got "${value}")` : "";
            const base = isDefaultMessage(issue.message) ? `invalid ${issue.format}` : issue.message;
            return [diagnostic(ctx, path, `${base}${shown}`)];
        }
        case "too_small":
        case "too_big": {
            const small = issue.code === "too_small";
            const limit = String(issue.code === "too_small" ? issue.minimum : issue.maximum);
            let message: string;
            if (!isDefaultMessage(issue.message)) message = issue.message;
            else if (issue.origin === "array") message = `needs ${small ? "at least" : "at most"} ${limit} item${limit === "1" ? "" : "s"}`;
            else if (issue.origin === "string") message = `must be ${small ? "at least" : "at most"} ${limit} characters long`;
            else message = `must be ${small ? "at least" : "at most"} ${limit}`;
            const shown = typeof value === "number" ? `, got ${value}` : Array.isArray(value) ? `, got ${value.length}` : "";
            return [diagnostic(ctx, path, `${message}${shown}`)];
        }
        case "invalid_key": {
            // A record key failed its format (e.g. an account name with capitals). zod then
            // skips the value: check it too, so one run reports both.
            const key = path[path.length - 1];
            const reasons = issue.issues.map((i) => (isDefaultMessage(i.message) ? "invalid name" : i.message));
            const out = [diagnostic(ctx, path, `invalid name "${String(key)}": ${[...new Set(reasons)].join("; ")}`, "key")];
            const valueSchema = schemasAt(ctx.schema, path)[0];
            if (valueSchema && value !== undefined) {
                const checked = (valueSchema as z.ZodType).safeParse(value);
                if (!checked.success) out.push(...shapeDiagnostics(checked.error.issues, ctx, path));
            }
            return out;
        }
        case "invalid_union": {
            const branches = issue.errors;
            // Every branch rejects the type at this very node: say what would be accepted.
            const rootTypes = branches.map((b) => (b.length === 1 && b[0].code === "invalid_type" && b[0].path.length === 0 ? b[0] : undefined));
            if (rootTypes.every((t) => t !== undefined) && value !== undefined) {
                const expected = [...new Set(rootTypes.map((t) => expectedNames[(t as { expected: string }).expected] ?? "?"))];
                return [diagnostic(ctx, path, `expected ${expected.join(" or ")}, got ${describeValue(value)}`)];
            }
            if (value === undefined) return [diagnostic(ctx, path, `missing required key "${String(path[path.length - 1])}"`)];
            // Keys of two or more alternatives together (a VPN and a Direct Connect gateway): one
            // error that says to choose, not each branch's complaint about the other's key.
            const alternatives = alternativesGiven(ctx, path, value);
            if (alternatives.length > 1) {
                return [diagnostic(ctx, path, `give only one of ${alternatives.map((k) => `"${k}"`).join(", ")}: they are alternatives (${formatPath(path)} takes either one or the other)`, "key")];
            }
            // Otherwise report the branch the user most likely meant: fewest unknown keys, then fewest issues.
            const score = (b: readonly Issue[]) =>
                b.reduce((n, i) => n + (i.code === "unrecognized_keys" ? i.keys.length * 100 : 1), 0);
            const best = [...branches].sort((a, b) => score(a) - score(b))[0] ?? [];
            return shapeDiagnostics(best, ctx, path);
        }
        default: {
            const shown = typeof value === "number" || typeof value === "string" ? `, got ${describeValue(value)}` : "";
            return [diagnostic(ctx, path, `${issue.message}${shown}`)];
        }
    }
}

/**
 * For a union of mappings at `path` whose branches have disjoint keys: the keys of `value`
 * that each belong to a different branch (one per branch touched).
 */
function alternativesGiven(ctx: ShapeContext, path: Path, value: unknown): string[] {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
    const present = Object.keys(value);
    const touched: string[] = [];
    for (const schema of schemasAt(ctx.schema, path)) {
        const def = defOf(schema);
        if (def.type !== "union") continue;
        for (const option of def.options ?? []) {
            const optionDef = defOf(unwrap(option));
            if (optionDef.type !== "object") return [];
            const keys = Object.keys(optionDef.shape ?? {});
            const given = present.filter((k) => keys.includes(k));
            if (given.length > 0) touched.push(given[0]);
        }
    }
    return [...new Set(touched)];
}

type PathKey = string | number;
