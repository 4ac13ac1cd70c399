/**
 * Loads a definition file: YAML syntax → shape (zod) → semantics (validate.ts, plus the
 * checks of the layers above that the caller passes), every problem located at its line
 * and column. One run reports every problem; nothing here throws for bad input.
 *
 * The program, the tools and the tests load through program/load.ts, which adds the
 * network's and the perimeter's checks; this module alone checks only what the
 * definition layer knows.
 */
import * as fs from "fs";
import * as path from "path";
import { Document, ErrorCode, LineCounter, YAMLError, isMap, isPair, isScalar, isSeq, parseDocument, visit } from "yaml";
import { Diagnostic, formatDiagnostics } from "./diagnostics";
import { Locate, formatPath, locator } from "./locate";
import { Definition, definitionSchema, name as environmentName } from "./schema";
import { shapeDiagnostics } from "./shape-issues";
import { AreaCheck } from "./checks/context";
import { validateDefinition } from "./validate";

export { formatDiagnostics };

/** Checks of the layers above, run in the same pass and reported with the definition's own. */
export interface DefinitionChecks {
    /** Area checks on the raw definition, sharing the definition checkers' context and error list. */
    areas?: readonly AreaCheck[];
    /**
     * Checks of a definition that passed every other check (e.g. that the documents it
     * generates fit their size limits); they run only when nothing else is wrong.
     */
    valid?: readonly ((definition: Definition, locate: Locate, file: string) => Diagnostic[])[];
}

export interface LoadResult {
    /** Present when the file has no errors (warnings allowed). */
    definition?: Definition;
    /** Errors and warnings, sorted by position. */
    diagnostics: Diagnostic[];
}

/** YAML problems that leave the document readable (the rest of the checks still run). */
const recoverableYamlErrors = new Set(["DUPLICATE_KEY"]);

function byPosition(a: Diagnostic, b: Diagnostic): number {
    return a.line - b.line || a.col - b.col || a.path.localeCompare(b.path);
}

/** Reads and checks a definition file. */
export function loadDefinitionFile(file: string, checks: DefinitionChecks = {}): LoadResult {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
        return { diagnostics: [{ file, line: 0, col: 0, path: "", message: `cannot read the definition: ${reason}`, severity: "error" }] };
    }
    return loadDefinitionText(text, file, checks);
}

/** Checks definition text as if it were the file `file` (whose base name must equal `environment`). */
export function loadDefinitionText(text: string, file: string, checks: DefinitionChecks = {}): LoadResult {
    try {
        return check(text, file, checks);
    } catch (e) {
        // A bug in a check must not surface as a stack trace to the user.
        return {
            diagnostics: [
                { file, line: 0, col: 0, path: "", message: `internal error while checking the definition: ${(e as Error).message}`, severity: "error" },
            ],
        };
    }
}

function check(text: string, file: string, checks: DefinitionChecks): LoadResult {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, {
        lineCounter,
        prettyErrors: false,
        strict: true,
        logLevel: "error",
        // `<<: *anchor` merges are how YAML users share values between items (spokes).
        merge: true,
    });
    const diagnostics: Diagnostic[] = [];
    const at = (offset: number) => lineCounter.linePos(offset);

    const keyPaths = keyPathsByOffset(doc);
    for (const error of syntaxErrors(doc.errors, at)) {
        const offset = errorOffset(error, text);
        const { line, col } = at(offset);
        // A duplicate key leaves the document readable: name the key by its path.
        const keyPath = error.code === "DUPLICATE_KEY" ? keyPaths.get(offset) ?? "" : "";
        // The structure around a syntax error has no reliable key path: quote the line
        // instead, tabs and all, so the user sees what the parser saw.
        const lineText = text.split(/\r?\n/)[line - 1]?.trimEnd() ?? "";
        const shown = keyPath === "" && lineText.trim() !== "" ? ` (line ${line}: ${JSON.stringify(lineText)})` : "";
        diagnostics.push({ file, line, col, path: keyPath, message: `YAML: ${yamlMessage(error, text)}${shown}`, severity: "error" });
    }
    for (const warning of doc.warnings) {
        const { line, col } = at(warning.pos[0]);
        diagnostics.push({ file, line, col, path: "", message: `YAML: ${warning.message.split("\n")[0]}`, severity: "warning" });
    }
    if (doc.errors.some((e) => !recoverableYamlErrors.has(e.code))) {
        // The structure is unreliable: shape errors would only echo the syntax error.
        return { diagnostics: diagnostics.sort(byPosition) };
    }

    // Keys must be plain names: `? [a, b]` keys would be stringified into nonsense.
    visit(doc, {
        Pair(_, pair) {
            if (pair.key !== null && !isScalar(pair.key)) {
                const offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
                const { line, col } = at(offset);
                diagnostics.push({ file, line, col, path: "", message: "a key must be a plain name, not a list or a mapping", severity: "error" });
            }
        },
    });

    // An alias must name an anchor set above it; otherwise toJS would throw.
    let unresolved = false;
    visit(doc, {
        Alias(_, alias) {
            if (alias.resolve(doc) !== undefined) return;
            const { line, col } = at(alias.range?.[0] ?? 0);
            diagnostics.push({
                file, line, col, path: "",
                message: `YAML: alias *${alias.source} has no anchor: write &${alias.source} on a value above this line (an anchor must come before its aliases)`,
                severity: "error",
            });
            unresolved = true;
        },
    });
    if (unresolved) return { diagnostics: diagnostics.sort(byPosition) };

    let raw: unknown;
    try {
        raw = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
        // Only the alias-count guard throws here (an alias expanding into a huge document).
        diagnostics.push({ file, line: 1, col: 1, path: "", message: `YAML: ${(e as Error).message}`, severity: "error" });
        return { diagnostics: diagnostics.sort(byPosition) };
    }
    const locate: Locate = locator(doc, lineCounter);
    if (raw === null || raw === undefined) {
        diagnostics.push({
            file, line: 1, col: 1, path: "",
            message: "the definition is empty; expected a mapping with environment, region, accounts, network and spokes",
            severity: "error",
        });
        return { diagnostics };
    }
    if (typeof raw !== "object" || Array.isArray(raw)) {
        diagnostics.push({
            file, line: 1, col: 1, path: "",
            message: `the definition must be a mapping (key: value lines) with environment, region, accounts, network and spokes, got ${Array.isArray(raw) ? "a list" : "a single value"}`,
            severity: "error",
        });
        return { diagnostics };
    }

    const parsed = definitionSchema.safeParse(raw);
    if (!parsed.success) {
        diagnostics.push(...anchorHints(doc, shapeDiagnostics(parsed.error.issues, { file, raw, locate, schema: definitionSchema })));
    }

    // environment must equal the file's base name: stacks/<env>.yaml, stack <env>-<unit>.
    const environment = (raw as Record<string, unknown>).environment;
    const expected = path.basename(file).replace(/\.ya?ml$/i, "");
    // An environment that is not a valid name is reported by the shape check; advising
    // to rename the file after it would be bad advice.
    if (typeof environment === "string" && environment !== expected && environmentName.safeParse(environment).success) {
        const { line, col } = locate(["environment"]);
        diagnostics.push({
            file, line, col, path: formatPath(["environment"]),
            message: `environment is "${environment}" but the file is named ${path.basename(file)}; they must match (rename the file to ${environment}.yaml or set environment: ${expected})`,
            severity: "error",
        });
    }

    // Semantic checks run even when the shape is wrong elsewhere, always on the raw
    // object: one code path whatever the shape check found, and the checks can tell a
    // key the user wrote from a default (validate.ts applies defaults itself).
    diagnostics.push(...validateDefinition(raw, locate, file, checks.areas));

    if (parsed.success && !diagnostics.some((d) => d.severity === "error")) {
        for (const valid of checks.valid ?? []) diagnostics.push(...valid(parsed.data, locate, file));
    }

    const unique = dedupe(diagnostics).sort(byPosition);
    const hasErrors = unique.some((d) => d.severity === "error");
    return parsed.success && !hasErrors ? { definition: parsed.data, diagnostics: unique } : { diagnostics: unique };
}

/** Offset of every plain key in the document → its path (`spokes[0].cidr`). */
function keyPathsByOffset(doc: Document): Map<number, string> {
    const paths = new Map<number, string>();
    visit(doc, {
        Pair(_, pair, ancestors) {
            if (!isScalar(pair.key) || !pair.key.range) return;
            const segments: (string | number)[] = [];
            ancestors.forEach((node, i) => {
                const next = ancestors[i + 1] ?? pair;
                if (isPair(node) && isScalar(node.key)) segments.push(String(node.key.value));
                else if (isSeq(node)) segments.push(node.items.indexOf(next as never));
            });
            segments.push(String(pair.key.value));
            paths.set(pair.key.range[0], formatPath(segments));
        },
    });
    return paths;
}

/**
 * A top-level block that only holds an anchor (`defaults: &spoke {...}`) is a habit from
 * other YAML files; the definition has no such key. Say where an anchor can live instead.
 */
function anchorHints(doc: Document, diagnostics: Diagnostic[]): Diagnostic[] {
    const anchored = new Map<string, string>();
    if (isMap(doc.contents)) {
        for (const pair of doc.contents.items) {
            const anchor = (pair.value as { anchor?: string } | null)?.anchor;
            if (isScalar(pair.key) && anchor) anchored.set(String(pair.key.value), anchor);
        }
    }
    return diagnostics.map((d) => {
        const anchor = anchored.get(d.path);
        if (anchor === undefined || !d.message.startsWith("unknown key")) return d;
        return {
            ...d,
            message: `${d.message}. To reuse values, put the anchor on a value the definition has (e.g. the first spoke: "- &${anchor}" before its keys) and merge it into the others with "<<: *${anchor}"`,
        };
    });
}

/** Implicit-key errors the parser raises while it recovers from an earlier error. */
const cascadeCodes = new Set<ErrorCode>(["BLOCK_AS_IMPLICIT_KEY", "MULTILINE_IMPLICIT_KEY"]);

/**
 * The errors worth showing. After a bad indent or a tab the parser misreads the next
 * line or two and reports "Nested mappings are not allowed in compact mappings" and
 * "Implicit keys need to be on a single line" there: echoes of the first error that
 * would send a newcomer after problems that are not in the file. One error per position.
 */
function syntaxErrors(errors: readonly YAMLError[], at: (offset: number) => { line: number; col: number }): YAMLError[] {
    const kept: YAMLError[] = [];
    const positions = new Set<string>();
    let previousLine: number | undefined;
    for (const error of [...errors].sort((a, b) => a.pos[0] - b.pos[0])) {
        const { line, col } = at(error.pos[0]);
        const cascade = previousLine !== undefined && cascadeCodes.has(error.code) && line - previousLine <= 1;
        const repeated = positions.has(`${line}:${col}`);
        if (error.code !== "DUPLICATE_KEY") previousLine = line;
        positions.add(`${line}:${col}`);
        if (!cascade && !repeated) kept.push(error);
    }
    return kept;
}

/**
 * Where to point for a syntax error. The parser notices an unclosed quote only at the end
 * of the file; the quote the user has to close is the last one of its kind before that
 * (the unclosed string holds no other).
 */
function errorOffset(error: YAMLError, text: string): number {
    const quote = /^Missing closing (["'])/.exec(error.message)?.[1];
    if (error.code === "MISSING_CHAR" && quote) {
        const opening = text.lastIndexOf(quote, error.pos[0] - 1);
        if (opening >= 0) return opening;
    }
    // An unclosed [list] or {mapping} is noticed at the next key: point at its opening.
    const flow = /^Flow (sequence|mapping)/.exec(error.message)?.[1];
    if (error.code === "BAD_INDENT" && flow) {
        const opening = text.lastIndexOf(flow === "sequence" ? "[" : "{", error.pos[0] - 1);
        if (opening >= 0) return opening;
    }
    return error.pos[0];
}

/** The parser's message in the words of someone editing the file. */
function yamlMessage(error: YAMLError, text: string): string {
    const original = error.message.split("\n")[0];
    switch (error.code) {
        case "DUPLICATE_KEY":
            return `duplicate key "${(/^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0] ?? "").trim()}": a key may appear only once in a mapping (the later value would silently win)`;
        case "TAB_AS_INDENT":
            return "a tab is used for indentation; YAML indents with spaces only (two per level)";
        case "BAD_INDENT":
            if (/^All mapping items/.test(original)) {
                return "this line is indented differently from the keys above it; the keys of one mapping must start in the same column (indent with spaces, two per level)";
            }
            if (/^Flow (sequence|mapping)/.test(original)) {
                return `this ${/^Flow sequence/.test(original) ? "list in [brackets] is not closed: add ] after its last item" : "mapping in {braces} is not closed: add } after its last entry"}`;
            }
            return original;
        case "MISSING_CHAR":
            if (/^Implicit map keys need to be followed by map values/.test(original)) {
                return "expected \"key: value\" — this line has no colon after its key (write a colon and a space after the key)";
            }
            if (/^Missing closing/.test(original)) return `a quoted value is not closed: add the closing ${original.includes("'") ? "'" : '"'}`;
            return original;
        case "BLOCK_AS_IMPLICIT_KEY":
        case "MULTILINE_IMPLICIT_KEY":
            return "a key cannot start here: either this line or the next is indented too deep, or a value contains \": \" (put such a value in quotes)";
        case "MULTIPLE_DOCS":
            return "the file holds more than one YAML document (a --- line after the first content); a definition is a single document: remove the --- line";
        default:
            return original;
    }
}

/** The shape check and a semantic check can both notice one thing; say it once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
    const seen = new Set<string>();
    return diagnostics.filter((d) => {
        const key = `${d.line}:${d.col}:${d.path}:${d.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}
