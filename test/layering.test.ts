/**
 * Imports follow the flow of data: a module imports only from its own folder and from
 * layers below it.
 *
 *   aws/ → definition/ → network/, perimeter/ → analysis/ → components/ → program/ → tools/
 *
 * `aws/` (sourced AWS facts) imports nothing of ours; `network/` and `perimeter/` are
 * siblings and do not import each other; `lambda/` is leaf runtime code bundled on its
 * own, so it imports nothing of ours outside `lambda/` but the AWS facts of `aws/`; `policypacks/landing-zone`
 * publishes alone, so it imports nothing outside itself (only tools and tests may import
 * it); each example under `examples/` is a Pulumi project of its own (an application
 * team's), so it imports nothing outside its own folder; `test/` may import anything. A new top-level folder must be given its layer here.
 *
 * Imports are read with TypeScript's own scanner (`ts.preProcessFile`): `import`,
 * `export ... from`, `import()` and `require()`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const root = path.resolve(__dirname, "..");

/** Layers, lowest first. A folder may import its own folder and the folders of lower layers. */
const layers: string[][] = [["aws"], ["definition"], ["network", "perimeter"], ["analysis"], ["components"], ["program"], ["tools"]];

/** Folders outside the layers, with their own rule. */
const PACK = "policypacks/landing-zone";
const LAMBDA = "lambda";
const EXAMPLES = "examples";
const TEST = "test";

/** Files at the repository root belong to the program layer (index.ts is the Pulumi entry). */
const ROOT_LAYER = "program";

export interface ImportViolation {
    file: string;
    specifier: string;
    reason: string;
}

/** The area of a repository-relative path: a layer folder, the pack, lambda, test, or the root. */
function areaOf(file: string): string {
    if (file === PACK || file.startsWith(`${PACK}/`)) return PACK;
    const first = file.split("/")[0];
    return file.includes("/") ? first : ROOT_LAYER;
}

function rankOf(area: string): number | undefined {
    const i = layers.findIndex((group) => group.includes(area));
    return i < 0 ? undefined : i;
}

/** Why `from` may not import `to` (both repository-relative), or undefined when it may. */
export function importProblem(from: string, to: string): string | undefined {
    const source = areaOf(from);
    const target = areaOf(to);
    if (source === TEST) return undefined;
    if (to.startsWith("..") || path.isAbsolute(to)) return "it leaves the repository";
    if (source === PACK) return target === PACK ? undefined : `${PACK} publishes alone and imports nothing outside itself`;
    // aws/ imports nothing, so the bundle inlines the AWS facts the Lambdas act on and stays self-contained.
    if (source === LAMBDA) return target === LAMBDA || target === "aws" ? undefined : "lambda/ is leaf runtime code bundled on its own; it imports nothing of ours outside lambda/ and aws/";
    if (source === EXAMPLES) {
        const project = from.split("/").slice(0, 2).join("/");
        return to.startsWith(`${project}/`) ? undefined : `${project} is a Pulumi project of its own; it imports nothing outside its folder`;
    }
    if (target === TEST) return "only tests import test/";
    if (target === PACK) return source === "tools" ? undefined : `only tools/ and test/ import ${PACK}`;
    if (target === LAMBDA) return undefined;
    const from_ = rankOf(source);
    const to_ = rankOf(target);
    if (from_ === undefined) return `${source}/ has no layer: give it one in test/layering.test.ts`;
    if (to_ === undefined) return `${target}/ has no layer: give it one in test/layering.test.ts`;
    if (source === target) return undefined;
    if (to_ > from_) return `${target}/ is a layer above ${source}/ (${layers.map((g) => g.join(", ")).join(" → ")})`;
    if (to_ === from_) return `${source}/ and ${target}/ are siblings in one layer and do not import each other`;
    return undefined;
}

/** Relative imports of a TypeScript source, as written. */
export function relativeImports(text: string): string[] {
    return ts
        .preProcessFile(text, true, true)
        .importedFiles.map((f) => f.fileName)
        .filter((name) => name.startsWith("./") || name.startsWith("../") || name === "." || name === "..");
}

/** Every violation among `files` (repository-relative path → source text). */
export function layeringViolations(files: Map<string, string>): ImportViolation[] {
    const violations: ImportViolation[] = [];
    for (const [file, text] of files) {
        for (const specifier of relativeImports(text)) {
            const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
            const reason = importProblem(file, target);
            if (reason) violations.push({ file, specifier, reason });
        }
    }
    return violations;
}

/** Every project .ts file (node_modules and build output left out), repository-relative. */
function projectFiles(): Map<string, string> {
    const files = new Map<string, string>();
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
            if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "dist" || entry.name === "bin") continue;
            const rel = dir ? `${dir}/${entry.name}` : entry.name;
            if (entry.isDirectory()) walk(rel);
            else if (entry.name.endsWith(".ts")) files.set(rel, fs.readFileSync(path.join(root, rel), "utf8"));
        }
    };
    walk("");
    return files;
}

describe("layering: imports follow the flow of data", () => {
    it("no module imports from a layer above it, lambda/ and the policy pack import nothing outside themselves", () => {
        const files = projectFiles();
        assert.ok(files.size > 100, `only ${files.size} .ts files found under ${root}`);
        const violations = layeringViolations(files);
        assert.deepStrictEqual(
            violations.map((v) => `${v.file} imports "${v.specifier}": ${v.reason}`),
            [],
        );
    });

    it("names the file and the import when a module reaches up, sideways or out", () => {
        const files = new Map([
            ["definition/validate.ts", 'import { accountOfUnit } from "../program/units";\nimport { x } from "./checks/context";'],
            ["perimeter/plan-check.ts", 'import type { PlannedResource } from "../tools/plan/model";'],
            ["network/domains.ts", 'export { trustOf } from "../perimeter/trust";'],
            ["analysis/cost.ts", 'const prices = require("../aws/prices");'],
            ["lambda/governance/handler.ts", 'import { quotas } from "../../aws/quotas";\nimport { definitionSchema } from "../../definition/schema";'],
            [`${PACK}/lib/cidr.ts`, 'import { aggregate } from "../../../definition/cidr";'],
            ["components/spoke-vpc.ts", 'import { rules } from "../policypacks/landing-zone/policies";'],
            ["tools/policy-config.ts", 'import { rules } from "../policypacks/landing-zone/policies";'],
            ["test/x.test.ts", 'import { main } from "../tools/plan/cli";'],
            ["docs/x.ts", 'import { quotas } from "../aws/quotas";'],
            ["examples/orders-settlement/index.ts", 'import { settlementWorkload } from "./settlement";\nimport { trustOf } from "../../perimeter/trust";'],
        ]);
        const found = layeringViolations(files).map((v) => `${v.file} ${v.specifier}`);
        assert.deepStrictEqual(found, [
            "definition/validate.ts ../program/units",
            "perimeter/plan-check.ts ../tools/plan/model",
            "network/domains.ts ../perimeter/trust",
            "lambda/governance/handler.ts ../../definition/schema",
            `${PACK}/lib/cidr.ts ../../../definition/cidr`,
            "components/spoke-vpc.ts ../policypacks/landing-zone/policies",
            "docs/x.ts ../aws/quotas",
            "examples/orders-settlement/index.ts ../../perimeter/trust",
        ]);
    });
});
