// PLACEHOLDER (owned by the definition helper): parses without positions or semantic checks.
import * as fs from "fs";
import * as YAML from "yaml";
import { Diagnostic, formatDiagnostics } from "./diagnostics";
import { Definition, definitionSchema } from "./schema";

export { formatDiagnostics };

export function loadDefinitionFile(file: string): { definition?: Definition; diagnostics: Diagnostic[] } {
    const parsed = definitionSchema.safeParse(YAML.parse(fs.readFileSync(file, "utf8")));
    if (parsed.success) return { definition: parsed.data, diagnostics: [] };
    return { diagnostics: parsed.error.issues.map((i) => ({ file, line: 0, col: 0, path: i.path.join("."), message: i.message, severity: "error" })) };
}
