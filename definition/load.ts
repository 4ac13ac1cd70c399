/**
 * Loads a definition file: YAML syntax → shape (zod) → semantics (validate.ts), every
 * problem located at its line and column. One run reports every problem; nothing here
 * throws for bad input.
 */
import * as fs from "fs";
import * as path from "path";
import { LineCounter, isScalar, parseDocument, visit } from "yaml";
import { Diagnostic, formatDiagnostics } from "./diagnostics";
import { Locate, formatPath, locator } from "./locate";
import { Definition, definitionSchema } from "./schema";
import { shapeDiagnostics } from "./shape-issues";
import { validateDefinition } from "./validate";

export { formatDiagnostics };

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
export function loadDefinitionFile(file: string): LoadResult {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
        return { diagnostics: [{ file, line: 0, col: 0, path: "", message: `cannot read the definition: ${reason}`, severity: "error" }] };
    }
    return loadDefinitionText(text, file);
}

/** Checks definition text as if it were the file `file` (whose base name must equal `environment`). */
export function loadDefinitionText(text: string, file: string): LoadResult {
    try {
        return check(text, file);
    } catch (e) {
        // A bug in a check must not surface as a stack trace to the user.
        return {
            diagnostics: [
                { file, line: 0, col: 0, path: "", message: `internal error while checking the definition: ${(e as Error).message}`, severity: "error" },
            ],
        };
    }
}

function check(text: string, file: string): LoadResult {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, strict: true, logLevel: "error" });
    const diagnostics: Diagnostic[] = [];
    const at = (offset: number) => lineCounter.linePos(offset);

    for (const error of doc.errors) {
        const { line, col } = at(error.pos[0]);
        const message =
            error.code === "DUPLICATE_KEY"
                ? `duplicate key "${(/^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0] ?? "").trim()}": a key may appear only once in a mapping (the later value would silently win)`
                : error.message.split("\n")[0];
        diagnostics.push({ file, line, col, path: "", message: `YAML: ${message}`, severity: "error" });
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

    const raw: unknown = doc.toJS({ maxAliasCount: 100 });
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
        diagnostics.push(...shapeDiagnostics(parsed.error.issues, { file, raw, locate, schema: definitionSchema }));
    }

    // environment must equal the file's base name: stacks/<env>.yaml, stack <env>-<unit>.
    const environment = (raw as Record<string, unknown>).environment;
    const expected = path.basename(file).replace(/\.ya?ml$/i, "");
    if (typeof environment === "string" && environment !== expected) {
        const { line, col } = locate(["environment"]);
        diagnostics.push({
            file, line, col, path: formatPath(["environment"]),
            message: `environment is "${environment}" but the file is named ${path.basename(file)}; they must match (rename the file to ${environment}.yaml or set environment: ${expected})`,
            severity: "error",
        });
    }

    // Semantic checks run even when the shape is wrong elsewhere, on the parsed data
    // when available (defaults applied) and defensively on the raw object otherwise.
    diagnostics.push(...validateDefinition(parsed.success ? parsed.data : raw, locate, file));

    const unique = dedupe(diagnostics).sort(byPosition);
    const hasErrors = unique.some((d) => d.severity === "error");
    return parsed.success && !hasErrors ? { definition: parsed.data, diagnostics: unique } : { diagnostics: unique };
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
