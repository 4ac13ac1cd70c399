/**
 * IAM policy documents as resources carry them: a JSON string (or, for some inputs, an object).
 * Parsed once into a normalised list of statements the rules can reason about.
 */
import { Unknown, isUnknown } from "./values";

export interface Statement {
    /** Position in the document, for messages (`Statement[2]`). */
    index: number;
    sid?: string;
    effect?: string;
    /** `"*"`, or principal type → values; undefined when absent. */
    principal?: "*" | Record<string, string[]>;
    notPrincipal?: "*" | Record<string, string[]>;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    /** operator → condition key → values (booleans and numbers as strings). */
    condition?: Record<string, Record<string, string[]>>;
    /** The statement as written. */
    raw: Record<string, unknown>;
    /**
     * Values of the statement unknown during preview (a document passed as an object with an
     * output in it). `entries` are condition entries whose values are unknown; `elements` other
     * elements (Effect, Action, Resource, Principal...) that are.
     */
    unknown?: { entries: { operator: string; key: string; path: string }[]; elements: string[] };
}

export type ParsedPolicy =
    | { kind: "absent" }
    | { kind: "unknown"; unknown: Unknown }
    | { kind: "invalid"; error: string }
    | {
          kind: "document";
          document: Record<string, unknown>;
          statements: Statement[];
          text: string;
          /**
           * Keys written twice: the same key twice in one JSON object (JSON.parse keeps the last;
           * AWS documents no rule, so either reading may be the one enforced), and a condition
           * key twice in one operator in different case (keys are case-insensitive). IAM Access
           * Analyzer reports both as errors
           * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-duplicate-keys-with-different-case).
           */
          duplicates: string[];
      };

function strings(value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    const list = Array.isArray(value) ? value : [value];
    return list.filter((v) => !isUnknown(v)).map((v) => String(v));
}

function principalOf(value: unknown): "*" | Record<string, string[]> | undefined {
    if (value === undefined || value === null || isUnknown(value)) return undefined;
    if (value === "*") return "*";
    if (typeof value === "object" && !Array.isArray(value)) {
        const out: Record<string, string[]> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = strings(v) ?? [];
        return out;
    }
    return { AWS: strings(value) ?? [] };
}

function conditionOf(value: unknown): Record<string, Record<string, string[]>> | undefined {
    if (value === undefined || value === null || typeof value !== "object" || Array.isArray(value) || isUnknown(value)) return undefined;
    const out: Record<string, Record<string, string[]>> = {};
    for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
        out[operator] = {};
        if (block && typeof block === "object" && !Array.isArray(block) && !isUnknown(block)) {
            for (const [key, v] of Object.entries(block as Record<string, unknown>)) out[operator][key] = strings(v) ?? [];
        }
    }
    return out;
}

/** The first unknown value inside `value`, if any. */
export function findUnknown(value: unknown): Unknown | undefined {
    if (isUnknown(value)) return value;
    if (Array.isArray(value)) {
        for (const v of value) {
            const u = findUnknown(v);
            if (u) return u;
        }
    } else if (value && typeof value === "object") {
        for (const v of Object.values(value)) {
            const u = findUnknown(v);
            if (u) return u;
        }
    }
    return undefined;
}

/**
 * Parsed documents by their text. The same document reaches several rules (an endpoint's
 * policy is read by four), and environments repeat one document on many resources (the
 * perimeter policy of a service on every endpoint), so each text is parsed once. Keyed by the
 * full text, so a changed document is always parsed anew; bounded, oldest entries dropped.
 * Entries are deep-frozen: rules share them and must not change them.
 */
const parsedByText = new Map<string, ParsedPolicy>();
const maxCachedDocuments = 1024;

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
    }
    return value;
}

export function parsePolicy(value: unknown): ParsedPolicy {
    if (typeof value !== "string" || value === "") return parsePolicyValue(value);
    let parsed = parsedByText.get(value);
    if (!parsed) {
        parsed = deepFreeze(parsePolicyValue(value));
        if (parsedByText.size >= maxCachedDocuments) parsedByText.delete(parsedByText.keys().next().value as string);
        parsedByText.set(value, parsed);
    }
    return parsed;
}

function parsePolicyValue(value: unknown): ParsedPolicy {
    if (value === undefined || value === null || value === "") return { kind: "absent" };
    // A string holding an unknown is unknown as a whole; an object may hold unknowns in places,
    // and its known statements are still judged (see Statement.unknown).
    if (isUnknown(value) || typeof value === "string") {
        const unknown = findUnknown(value);
        if (unknown) return { kind: "unknown", unknown };
    }
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const statementsValue = (value as Record<string, unknown>)["Statement"];
        if (isUnknown(statementsValue)) return { kind: "unknown", unknown: statementsValue };
    }
    let document: unknown;
    let text: string;
    if (typeof value === "string") {
        text = value;
        try {
            document = JSON.parse(value);
        } catch (e) {
            return { kind: "invalid", error: `not valid JSON (${(e as Error).message})` };
        }
    } else {
        document = value;
        text = JSON.stringify(value);
    }
    if (!document || typeof document !== "object" || Array.isArray(document)) return { kind: "invalid", error: "the document is not a JSON object" };
    const doc = document as Record<string, unknown>;
    const rawStatements = doc["Statement"] === undefined ? [] : Array.isArray(doc["Statement"]) ? doc["Statement"] : [doc["Statement"]];
    const statements: Statement[] = rawStatements.map((raw, index) => {
        const s = (raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
        return {
            index,
            sid: typeof s["Sid"] === "string" ? (s["Sid"] as string) : undefined,
            effect: typeof s["Effect"] === "string" ? (s["Effect"] as string) : undefined,
            principal: principalOf(s["Principal"]),
            notPrincipal: principalOf(s["NotPrincipal"]),
            actions: strings(s["Action"]),
            notActions: strings(s["NotAction"]),
            resources: strings(s["Resource"]),
            notResources: strings(s["NotResource"]),
            condition: conditionOf(s["Condition"]),
            raw: s,
            unknown: unknownParts(s),
        };
    });
    const duplicates = typeof value === "string" ? duplicateJsonKeys(value) : [];
    for (const st of statements) {
        for (const [operator, block] of Object.entries(st.condition ?? {})) {
            const seen = new Map<string, string>();
            for (const key of Object.keys(block)) {
                const first = seen.get(key.toLowerCase());
                if (first !== undefined) duplicates.push(`${statementLabel(st)} Condition.${operator} names ${first} and ${key} (condition keys are case-insensitive)`);
                else seen.set(key.toLowerCase(), key);
            }
        }
    }
    return { kind: "document", document: doc, statements, text, duplicates };
}

/**
 * Keys that appear twice in one object of a JSON text (already known to be valid JSON), with
 * where: `Statement[0]: "Condition" twice`. A small scanner, since JSON.parse keeps only the last.
 */
export function duplicateJsonKeys(text: string): string[] {
    const out: string[] = [];
    type Frame = { kind: "object"; keys: Set<string>; path: string; pendingKey?: string } | { kind: "array"; index: number; path: string };
    const stack: Frame[] = [];
    let i = 0;
    const childPath = (): string => {
        const top = stack[stack.length - 1];
        if (!top) return "";
        if (top.kind === "array") return `${top.path}[${top.index}]`;
        return top.path ? `${top.path}.${top.pendingKey ?? ""}` : (top.pendingKey ?? "");
    };
    const readString = (): string => {
        let j = i + 1;
        let raw = "";
        while (j < text.length && text[j] !== '"') {
            if (text[j] === "\\") {
                raw += text.slice(j, j + 2);
                j += 2;
            } else raw += text[j++];
        }
        i = j + 1;
        return JSON.parse(`"${raw}"`) as string;
    };
    while (i < text.length) {
        const c = text[i];
        const top = stack[stack.length - 1];
        if (c === "{" || c === "[") {
            const path = childPath();
            stack.push(c === "{" ? { kind: "object", keys: new Set(), path } : { kind: "array", index: 0, path });
            i++;
        } else if (c === "}" || c === "]") {
            stack.pop();
            i++;
        } else if (c === ",") {
            if (top?.kind === "array") top.index++;
            else if (top?.kind === "object") top.pendingKey = undefined;
            i++;
        } else if (c === '"') {
            const str = readString();
            if (top?.kind === "object" && top.pendingKey === undefined) {
                // A string in key position: the next significant character is ':'.
                if (top.keys.has(str)) out.push(`${top.path ? `${top.path}: ` : ""}"${str}" twice in one object`);
                top.keys.add(str);
                top.pendingKey = str;
            }
        } else i++;
    }
    return out;
}

/** Where a statement holds values unknown during preview, or undefined when it holds none. */
function unknownParts(s: Record<string, unknown>): Statement["unknown"] {
    const entries: { operator: string; key: string; path: string }[] = [];
    const elements: string[] = [];
    for (const [element, value] of Object.entries(s)) {
        if (element === "Condition" && value && typeof value === "object" && !isUnknown(value)) {
            for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
                if (isUnknown(block)) {
                    elements.push(`Condition.${operator}`);
                    continue;
                }
                for (const [key, v] of Object.entries((block ?? {}) as Record<string, unknown>)) {
                    const u = findUnknown(v);
                    if (u) entries.push({ operator, key, path: u.path });
                }
            }
        } else if (findUnknown(value)) elements.push(element);
    }
    return entries.length || elements.length ? { entries, elements } : undefined;
}

/** `Statement[2] ("Sid")` for messages. */
export function statementLabel(s: Statement): string {
    return s.sid ? `Statement[${s.index}] ("${s.sid}")` : `Statement[${s.index}]`;
}

const minifiedLengths = new WeakMap<object, number>();

/** The document without insignificant white space, as AWS Organizations measures it. */
export function minifiedLength(document: Record<string, unknown>): number {
    let length = minifiedLengths.get(document);
    if (length === undefined) {
        length = JSON.stringify(document).length;
        minifiedLengths.set(document, length);
    }
    return length;
}

/** True when the principal is everyone (`"*"` or `{"AWS": "*"}`). */
export function isAnyPrincipal(p: Statement["principal"]): boolean {
    return p === "*" || (p !== undefined && (p["AWS"] ?? []).includes("*"));
}

/** Condition entries of a statement as (operator, key, values), keys in their written case. */
export function conditionEntries(s: Statement): { operator: string; key: string; values: string[] }[] {
    const out: { operator: string; key: string; values: string[] }[] = [];
    for (const [operator, block] of Object.entries(s.condition ?? {})) {
        for (const [key, values] of Object.entries(block)) out.push({ operator, key, values });
    }
    return out;
}

/** The message for a key written twice (ParsedPolicy `duplicates`), for rules that judge documents. */
export function duplicateKeyProblem(where: string, duplicate: string): string {
    return (
        `${where}: ${duplicate}; AWS documents no rule for which one applies (IAM Access Analyzer reports it as an error), ` +
        `so the more permissive reading must be assumed: write each key once.`
    );
}
