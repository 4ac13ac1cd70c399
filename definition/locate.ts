/**
 * Positions and paths inside a parsed YAML document: turns a path such as
 * `["spokes", 2, "cidr"]` into the 1-based line and column of that key (or its value),
 * so every diagnostic points at the text the user has to change.
 */
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair } from "yaml";

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Which part of a map entry to point at: the key (unknown or misplaced keys) or the value (wrong values). */
export type LocatePart = "key" | "value";

export interface Position {
    line: number;
    col: number;
}

/** Finds the position of a path in the definition file. Never throws. */
export type Locate = (path: Path, part?: LocatePart) => Position;

/** `spokes[2].cidr`, `network.transitGateway.domains.prod.reaches[0]`. */
export function formatPath(path: Path): string {
    let out = "";
    for (const segment of path) {
        if (typeof segment === "number") out += `[${segment}]`;
        else out += out === "" ? segment : `.${segment}`;
    }
    return out;
}

function keyText(pair: Pair): string | undefined {
    const key = pair.key;
    if (isScalar(key)) return String(key.value);
    if (key === null || key === undefined) return undefined;
    return String(key);
}

/**
 * Builds a `Locate` for a document. A path that does not exist (a missing key) resolves
 * to the deepest node that does: the parent map, where the key should be added.
 */
export function locator(doc: Document, lineCounter: LineCounter): Locate {
    const at = (offset: number | undefined): Position => {
        if (offset === undefined) return { line: 1, col: 1 };
        const { line, col } = lineCounter.linePos(offset);
        return { line, col };
    };
    return (path, part = "value") => {
        let node: unknown = doc.contents;
        // Position of the deepest thing found so far (where a missing key belongs).
        let position = at((doc.contents as Node | null)?.range?.[0] ?? 0);
        for (let i = 0; i < path.length; i++) {
            const segment = path[i];
            const last = i === path.length - 1;
            if (isMap(node)) {
                const pair = node.items.find((p) => isPair(p) && keyText(p) === String(segment));
                if (!pair) return position;
                const keyNode = pair.key as Node | null;
                const valueNode = pair.value as Node | null;
                const keyPos = at(keyNode?.range?.[0]);
                if (last) {
                    if (part === "key" || !valueNode?.range) return keyPos;
                    return at(valueNode.range[0]);
                }
                position = keyPos;
                node = valueNode;
            } else if (isSeq(node) && typeof segment === "number") {
                const item = node.items[segment] as Node | undefined;
                if (!item?.range) return position;
                position = at(item.range[0]);
                if (last) return position;
                node = item;
            } else {
                return position;
            }
        }
        return position;
    };
}

/** The value at a path of a plain JS object, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
    let node: unknown = root;
    for (const segment of path) {
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<string, unknown>)[segment as string];
    }
    return node;
}

/** Describes a value the way a user reads it: `the string "abc"`, `a list`, `an empty value`. */
export function describeValue(value: unknown): string {
    if (value === null || value === undefined) return "an empty value";
    if (typeof value === "string") return `the string "${value}"`;
    if (typeof value === "number") return `the number ${value}`;
    if (typeof value === "boolean") return `${value} (a boolean)`;
    if (Array.isArray(value)) return "a list";
    if (value instanceof Date) return `a date (write it in quotes to keep it a string)`;
    return "a mapping";
}
