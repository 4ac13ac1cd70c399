import { Locate, Path, formatPath } from "./locate";

/** A problem found in a definition, located in its file. */
export interface Diagnostic {
    file: string;
    /** 1-based line and column of the offending key or value (0 when the file itself is the problem). */
    line: number;
    col: number;
    /** Dotted path of the key, e.g. `spokes[2].cidr`. */
    path: string;
    message: string;
    severity: "error" | "warning";
}

/** `<file>:<line>:<col> <path>: <message>`, one line per diagnostic. */
export function formatDiagnostics(diagnostics: Diagnostic[]): string {
    return diagnostics
        .map((d) => `${d.file}:${d.line}:${d.col} ${d.severity === "warning" ? "warning: " : ""}${d.path || "(file)"}: ${d.message}`)
        .join("\n");
}

/** A diagnostic at `path` of the definition file `file`, located through `locate`. */
export function diagnosticAt(locate: Locate, file: string, path: Path, severity: Diagnostic["severity"], message: string): Diagnostic {
    const { line, col } = locate(path);
    return { file, line, col, path: formatPath(path), message, severity };
}
