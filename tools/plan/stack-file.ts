/**
 * Reads a Pulumi stack file (`Pulumi.<stack>.yaml`) the way the program would see its
 * config: `landing-zone:environment`, `landing-zone:unit` (default `all`) and the
 * optional `landing-zone:definition` (default `stacks/<environment>.yaml`). Problems are
 * reported as diagnostics with file, line and column.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { Diagnostic, formatDiagnostics } from "../../definition/diagnostics";
import { PlanError } from "./errors";

export interface StackSettings {
    stack: string;
    /** Path of the stack file that was read. */
    file: string;
    environment: string;
    unit: string;
    /** Definition file, resolved against the project root. */
    definitionFile: string;
    /**
     * Every config value of the stack (`namespace:key` → string), as the Pulumi CLI hands it
     * to the program: a scalar as its text, a structured value (a YAML list or map) as JSON
     * text (lists and maps in config, https://github.com/pulumi/pulumi/pull/3342: "available
     * to Pulumi programs as JSON strings"; `config.get` returns the JSON, `config.getObject`
     * parses it, https://www.pulumi.com/docs/iac/concepts/config/). Secrets (`{ secure: ... }`)
     * are left out: the plan cannot decrypt them (a secret nested in a structured value stays
     * ciphertext in its JSON).
     */
    config: Record<string, string>;
}

/** The `Pulumi.<name>.yaml` files of a project root (stack names). */
export function listStacks(projectRoot: string): string[] {
    return fs
        .readdirSync(projectRoot)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Reads `Pulumi.<stack>.yaml` under `projectRoot`; throws a PlanError (kind `definition`) naming file, line and key. */
export function readStackFile(projectRoot: string, stack: string): StackSettings {
    const file = path.join(projectRoot, `Pulumi.${stack}.yaml`);
    const shown = path.relative(process.cwd(), file) || file;
    if (!fs.existsSync(file)) {
        const known = listStacks(projectRoot);
        throw new PlanError(
            `${shown}:0:0 (file): no stack file for stack "${stack}"; stacks with a file: ${known.length ? known.join(", ") : "none"}`,
            "definition",
        );
    }
    const lineCounter = new YAML.LineCounter();
    const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"), { lineCounter });
    const problems: Diagnostic[] = [];
    const at = (node: { range?: [number, number, number] | null } | null | undefined): { line: number; col: number } => {
        const offset = node?.range?.[0];
        return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    };
    const problem = (node: Parameters<typeof at>[0], key: string, message: string): void => {
        problems.push({ file: shown, ...at(node), path: key, message, severity: "error" });
    };
    for (const err of doc.errors) {
        const [line, col] = err.linePos?.[0] ? [err.linePos[0].line, err.linePos[0].col] : [0, 0];
        problems.push({ file: shown, line, col, path: "(file)", message: err.message.split("\n")[0], severity: "error" });
    }
    if (problems.length > 0) throw new PlanError(formatDiagnostics(problems), "definition", problems);

    const configNode = doc.get("config", true) as YAML.YAMLMap | undefined;
    const config: Record<string, string> = {};
    if (configNode !== undefined && !YAML.isMap(configNode)) {
        problem(configNode as YAML.Node, "config", "expected a map of config keys (landing-zone:environment, landing-zone:unit)");
    } else if (configNode) {
        for (const pair of configNode.items) {
            const key = String(YAML.isScalar(pair.key) ? pair.key.value : pair.key);
            if (YAML.isScalar(pair.value) && pair.value.value !== null && typeof pair.value.value !== "object") config[key] = String(pair.value.value);
            else if ((YAML.isSeq(pair.value) || YAML.isMap(pair.value)) && !isSecret(pair.value)) config[key] = JSON.stringify(pair.value.toJSON());
        }
    }
    const node = (key: string): YAML.Node | undefined => (YAML.isMap(configNode) ? (configNode.get(key, true) as YAML.Node | undefined) : undefined);
    const environment = config["landing-zone:environment"];
    if (!environment) {
        problem(configNode ?? doc.contents, "config.landing-zone:environment", 'missing; set it to the environment whose definition (stacks/<env>.yaml) this stack deploys, e.g. "landing-zone:environment: dev"');
    } else if (!/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/.test(environment)) {
        problem(node("landing-zone:environment"), "config.landing-zone:environment", `"${environment}" is not an environment name (lower-case letters, digits and '-')`);
    }
    for (const key of ["landing-zone:unit", "landing-zone:definition"]) {
        const n = node(key);
        if (n !== undefined && !(YAML.isScalar(n) && typeof n.value === "string" && n.value !== "")) problem(n, `config.${key}`, "expected a non-empty string");
    }
    if (problems.length > 0) throw new PlanError(formatDiagnostics(problems), "definition", problems);
    const definitionFile = path.resolve(projectRoot, config["landing-zone:definition"] ?? path.join("stacks", `${environment}.yaml`));
    if (!fs.existsSync(definitionFile)) {
        const n = node("landing-zone:definition") ?? node("landing-zone:environment");
        problem(n, config["landing-zone:definition"] ? "config.landing-zone:definition" : "config.landing-zone:environment", `the definition ${path.relative(process.cwd(), definitionFile)} does not exist`);
        throw new PlanError(formatDiagnostics(problems), "definition", problems);
    }
    return { stack, file, environment: environment!, unit: config["landing-zone:unit"] ?? "all", definitionFile, config };
}

/** A Pulumi secret config value: a map whose only key is `secure` (ciphertext). */
function isSecret(node: YAML.YAMLMap | YAML.YAMLSeq): boolean {
    return YAML.isMap(node) && node.items.length === 1 && YAML.isScalar(node.items[0].key) && node.items[0].key.value === "secure";
}
