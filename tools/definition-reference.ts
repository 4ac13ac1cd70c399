/**
 * `npm run reference` renders the definition reference (docs/definition-reference.md)
 * from the JSON Schema, which itself comes from definition/schema.ts: one source of
 * truth for types, editor completion and documentation. `--check` exits 1 when the
 * committed file is stale (a test runs it).
 */
import * as path from "path";
import { definitionJsonSchema } from "../definition/schema";
import { CliIo, stdio } from "./cli";
import { generatedFileCommand } from "./generated-file";

type JsonSchema = {
    type?: string | string[];
    description?: string;
    default?: unknown;
    enum?: unknown[];
    const?: unknown;
    properties?: Record<string, JsonSchema>;
    required?: string[];
    items?: JsonSchema;
    additionalProperties?: JsonSchema | boolean;
    anyOf?: JsonSchema[];
    oneOf?: JsonSchema[];
    pattern?: string;
    minimum?: number;
    maximum?: number;
};

const target = path.resolve(__dirname, "..", "docs", "definition-reference.md");

/** Enumerations longer than this are summarized (editors list the values with descriptions). */
const LISTED_VALUES = 8;

function typeOf(s: JsonSchema): string {
    const alternatives = s.anyOf ?? s.oneOf;
    // An enumeration with a pattern fallback (region): the enumeration says it.
    if (alternatives?.some((a) => a.enum && a.enum.length > LISTED_VALUES)) return `${typeOf(alternatives.find((a) => a.enum)!)}, or another well-formed code`;
    if (alternatives) return alternatives.map(typeOf).join(" \\| ");
    if (s.enum && s.enum.length > LISTED_VALUES) return `one of ${s.enum.length} names (editors list them)`;
    if (s.enum) return s.enum.map((e) => `\`${String(e)}\``).join(" \\| ");
    if (s.const !== undefined) return `\`${String(s.const)}\``;
    if (s.type === "array") return `list of ${s.items ? typeOf(s.items) : "values"}`;
    if (s.type === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object") {
        return `map of name → ${typeOf(s.additionalProperties)}`;
    }
    if (s.type === "object") return "map";
    return Array.isArray(s.type) ? s.type.join(" \\| ") : (s.type ?? "any");
}

function clean(text: string | undefined): string {
    return (text ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function rows(s: JsonSchema, prefix: string, out: string[]): void {
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) {
        for (const alt of alternatives) rows(alt, prefix, out);
        return;
    }
    if (s.type === "array" && s.items) {
        rows(s.items, `${prefix}[]`, out);
        return;
    }
    if (s.type === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object") {
        rows(s.additionalProperties, `${prefix}.<name>`, out);
        return;
    }
    for (const [key, child] of Object.entries(s.properties ?? {})) {
        const keyPath = prefix ? `${prefix}.${key}` : key;
        const required = (s.required ?? []).includes(key) && child.default === undefined;
        const dflt = child.default !== undefined ? `\`${JSON.stringify(child.default)}\`` : required ? "**required**" : "optional";
        out.push(`| \`${keyPath}\` | ${typeOf(child)} | ${dflt} | ${clean(child.description)} |`);
        rows(child, keyPath, out);
    }
}

/** The reference page, as Markdown. */
export function renderReference(): string {
    const schema = definitionJsonSchema() as JsonSchema;
    const out = [
        "# Definition reference",
        "",
        "<!-- Generated from definition/schema.ts by `npm run reference`; do not edit by hand. -->",
        "",
        "One YAML file per environment: `stacks/<environment>.yaml`. Start each file with",
        "`# yaml-language-server: $schema=../definition/landing-zone.schema.json` for completion",
        "and checks in editors. `npm run validate -- stacks/<env>.yaml` reports every problem at once.",
        "",
        "| key | type | default | meaning |",
        "|---|---|---|---|",
    ];
    rows(schema, "", out);
    return out.join("\n") + "\n";
}

/** Writes the file, or with --check says whether it is stale; returns the exit code. */
export function main(argv: string[], io: CliIo = stdio): number {
    return generatedFileCommand(argv, io, { script: "reference", target, render: renderReference });
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
