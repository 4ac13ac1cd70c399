/**
 * `npm run --silent changed-stacks -- [--base <git ref>] <changed file>...`
 *
 * Which Pulumi stacks a pull request affects, as one JSON object the GitHub workflow reads
 * with `jq`:
 *
 * ```jsonc
 * {
 *   // stacks to plan and preview: they exist in the new definitions
 *   "plan":    [{ "stack": "prod-network", "environment": "prod", "unit": "network",
 *                 "definition": "stacks/prod.yaml", "stackFile": true }],
 *   // stacks whose unit is gone (a removed spoke, a deleted definition): to be destroyed,
 *   // never planned — the program would refuse a unit its definition does not have
 *   "destroy": [{ "stack": "prod-research-scratch", "environment": "prod", "unit": "research-scratch",
 *                 "definition": "stacks/prod.yaml", "stackFile": true, "reason": "..." }],
 *   // environments whose whole set of stacks is affected, for the review summary
 *   "environments": [{ "environment": "prod", "definition": "stacks/prod.yaml", "change": "modified" }]
 * }
 * ```
 *
 * - A changed definition `stacks/<env>.yaml` affects every stack of that environment: the
 *   stack files that select it, and — for units that have none yet, as in a definition
 *   that has no stack files at all — the stacks `npm run stacks` would create
 *   (`stackFile: false`: plan them with `--definition <file> --unit <unit>`).
 * - A changed stack file `Pulumi.<stack>.yaml` affects that stack.
 * - A change to the program, the pack, the AWS facts or the lockfile affects every stack
 *   of every definition. Docs and tests alone affect none.
 * - Units that the earlier definition had (with `--base`: the definitions and stack files
 *   at that git ref) or that a stack file still selects, but the new definition lacks, are
 *   listed under `destroy`.
 *
 * Exit 2, with every problem as `file:line:col path: message`, when a changed definition
 * does not validate: there is nothing sound to plan. An earlier definition that does not
 * validate (say the schema changed in the same pull request) is read through its stack
 * files only.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Diagnostic, formatDiagnostics } from "../definition/diagnostics";
import { Definition } from "../definition/schema";
import { stackName, unitsOf } from "../definition/units";
import { loadDefinitionText } from "../program/load";
import { readSelection } from "./stacks";
import { CliIo, parseCommandLine, stdio } from "./cli";

const projectRoot = path.resolve(__dirname, "..");

export interface StackEntry {
    stack: string;
    environment: string;
    unit: string;
    /** The definition file the stack deploys, relative to the project root. */
    definition: string;
    /** True when `Pulumi.<stack>.yaml` exists in the new tree. */
    stackFile: boolean;
    /** Why the stack is listed under `destroy`. */
    reason?: string;
}

export interface EnvironmentChange {
    environment: string;
    definition: string;
    /** `added`, `modified` or `deleted` definition; `program` when only the code changed. */
    change: "added" | "modified" | "deleted" | "program";
}

export interface ChangedStacks {
    plan: StackEntry[];
    destroy: StackEntry[];
    environments: EnvironmentChange[];
}

/** The files of a tree that decide its stacks: definitions and stack files, by relative path. */
export interface Tree {
    /** `stacks/<env>.yaml` → text. */
    definitions: Map<string, string>;
    /** `Pulumi.<stack>.yaml` → text. */
    stackFiles: Map<string, string>;
}

/** Paths whose change affects every stack. */
export const programPaths = [
    /^index\.ts$/,
    /^program\//,
    /^components\//,
    /^perimeter\//,
    /^network\//,
    /^definition\//,
    /^aws\//,
    /^lambda\//,
    /^policypacks\//,
    /^package(-lock)?\.json$/,
    /^Pulumi\.yaml$/,
];

const definitionPath = /^stacks\/([^/]+)\.ya?ml$/;
const stackFilePath = /^Pulumi\.(.+)\.yaml$/;

export class DefinitionErrors extends Error {
    constructor(readonly diagnostics: Diagnostic[]) {
        super(formatDiagnostics(diagnostics));
    }
}

interface LoadedTree {
    tree: Tree;
    definitions: Map<string, Definition>;
    /** Definitions that did not load, with their problems. */
    invalid: Map<string, Diagnostic[]>;
}

function loadTree(tree: Tree, root: string): LoadedTree {
    const definitions = new Map<string, Definition>();
    const invalid = new Map<string, Diagnostic[]>();
    for (const [rel, text] of tree.definitions) {
        const loaded = loadDefinitionText(text, path.join(root, rel));
        const errors = loaded.diagnostics.filter((d) => d.severity === "error");
        if (loaded.definition && errors.length === 0) definitions.set(rel, loaded.definition);
        else invalid.set(rel, errors.length ? errors : loaded.diagnostics);
    }
    return { tree, definitions, invalid };
}

/** The stack files of a tree that select the definition `rel` (environment `env`): stack → unit. */
function stacksSelecting(tree: Tree, rel: string, env: string): Map<string, string> {
    const found = new Map<string, string>();
    for (const [file, text] of tree.stackFiles) {
        const stack = stackFilePath.exec(file)?.[1];
        if (!stack) continue;
        const sel = readSelection(text);
        const selected = path.posix.normalize(sel.definition ?? `stacks/${env}.yaml`);
        if (sel.environment === env && selected === rel) found.set(stack, sel.unit ?? "all");
    }
    return found;
}

const envOfPath = (rel: string): string => definitionPath.exec(rel)![1];

/**
 * The stacks a set of changed paths (relative to the project root) affects, given the new
 * tree and, optionally, the tree at the pull request's base. Throws DefinitionErrors when
 * a definition to be planned does not validate.
 */
export function changedStacks(changed: string[], head: Tree, base?: Tree, root = projectRoot): ChangedStacks {
    const now = loadTree(head, root);
    const before = base ? loadTree(base, root) : undefined;
    const plan = new Map<string, StackEntry>();
    const destroy = new Map<string, StackEntry>();
    const environments = new Map<string, EnvironmentChange>();

    const program = changed.some((f) => programPaths.some((re) => re.test(f)));
    const wholeEnvironments = new Set<string>(); // definition paths
    if (program) for (const rel of head.definitions.keys()) wholeEnvironments.add(rel);
    for (const f of changed) if (definitionPath.test(f)) wholeEnvironments.add(f);

    const problems: Diagnostic[] = [];
    const definitionOf = (rel: string): Definition | undefined => {
        const d = now.definitions.get(rel);
        if (!d && now.invalid.has(rel)) problems.push(...now.invalid.get(rel)!);
        return d;
    };

    const addDestroy = (rel: string, env: string, stack: string, unit: string, reason: string): void => {
        if (!plan.has(stack)) destroy.set(stack, { stack, environment: env, unit, definition: rel, stackFile: head.stackFiles.has(`Pulumi.${stack}.yaml`), reason });
    };

    for (const rel of [...wholeEnvironments].sort()) {
        const env = envOfPath(rel);
        const inHead = head.definitions.has(rel);
        const inBase = base?.definitions.has(rel);
        const change: EnvironmentChange["change"] = !inHead ? "deleted" : !changed.includes(rel) ? "program" : base && !inBase ? "added" : "modified";
        environments.set(rel, { environment: env, definition: rel, change });

        // Units the environment had: the earlier definition's, and those its stack files select.
        const earlier = new Map<string, string>(); // stack → unit
        const earlierDefinition = before?.definitions.get(rel);
        if (earlierDefinition) for (const unit of unitsOf(earlierDefinition)) earlier.set(stackName(env, unit), unit);
        if (base) for (const [stack, unit] of stacksSelecting(base, rel, env)) earlier.set(stack, unit);
        const selecting = stacksSelecting(head, rel, env);
        for (const [stack, unit] of selecting) earlier.set(stack, unit);

        if (!inHead) {
            for (const [stack, unit] of earlier) addDestroy(rel, env, stack, unit, `${rel} was deleted`);
            continue;
        }
        const definition = definitionOf(rel);
        if (!definition) continue;
        const units = unitsOf(definition);
        const allStacks = [...selecting].filter(([, unit]) => unit === "all");
        if (allStacks.length > 0) {
            for (const [stack] of allStacks) plan.set(stack, { stack, environment: env, unit: "all", definition: rel, stackFile: true });
        } else {
            for (const unit of units) {
                const canonical = stackName(env, unit);
                const withFile = [...selecting].filter(([, u]) => u === unit).map(([s]) => s);
                for (const stack of withFile.length ? withFile : [canonical]) plan.set(stack, { stack, environment: env, unit, definition: rel, stackFile: withFile.length > 0 });
            }
        }
        for (const [stack, unit] of earlier) {
            if (unit !== "all" && !units.includes(unit)) addDestroy(rel, env, stack, unit, `unit "${unit}" is no longer in ${rel}`);
        }
    }

    // Stack files changed on their own.
    for (const f of changed) {
        const stack = stackFilePath.exec(f)?.[1];
        if (!stack || f === "Pulumi.yaml" || plan.has(stack) || destroy.has(stack)) continue;
        const text = head.stackFiles.get(f) ?? base?.stackFiles.get(f);
        let sel = text !== undefined ? readSelection(text) : {};
        if (sel.environment === undefined) {
            // A deleted file we cannot read: its name says which environment it was.
            const env = [...head.definitions.keys()].map(envOfPath).find((e) => stack.startsWith(`${e}-`));
            if (env) sel = { environment: env, unit: stack.slice(env.length + 1) };
        }
        if (sel.environment === undefined) continue;
        const rel = path.posix.normalize(sel.definition ?? `stacks/${sel.environment}.yaml`);
        const unit = sel.unit ?? "all";
        if (!head.definitions.has(rel)) {
            addDestroy(rel, sel.environment, stack, unit, `its definition ${rel} does not exist`);
            continue;
        }
        const definition = definitionOf(rel);
        if (!definition) continue;
        if (unit === "all" || unitsOf(definition).includes(unit)) {
            plan.set(stack, { stack, environment: sel.environment, unit, definition: rel, stackFile: head.stackFiles.has(f) });
        } else {
            addDestroy(rel, sel.environment, stack, unit, `unit "${unit}" is not in ${rel}`);
        }
    }

    if (problems.length > 0) throw new DefinitionErrors(problems);
    const order = (entries: Map<string, StackEntry>, definitions: Map<string, Definition>): StackEntry[] =>
        [...entries.values()].sort((a, b) => {
            const d = a.definition.localeCompare(b.definition);
            if (d !== 0) return d;
            const units = definitions.get(a.definition) ? unitsOf(definitions.get(a.definition)!) : [];
            const rank = (u: string) => (u === "all" ? -1 : units.includes(u) ? units.indexOf(u) : units.length);
            return rank(a.unit) - rank(b.unit) || a.stack.localeCompare(b.stack);
        });
    return {
        plan: order(plan, now.definitions),
        destroy: order(destroy, before?.definitions ?? new Map()),
        environments: [...environments.values()],
    };
}

/** The definitions and stack files of the working tree under `root`. */
export function workingTree(root = projectRoot): Tree {
    const definitions = new Map<string, string>();
    const stacksDir = path.join(root, "stacks");
    if (fs.existsSync(stacksDir)) {
        for (const f of fs.readdirSync(stacksDir)) if (definitionPath.test(`stacks/${f}`)) definitions.set(`stacks/${f}`, fs.readFileSync(path.join(stacksDir, f), "utf8"));
    }
    const stackFiles = new Map<string, string>();
    for (const f of fs.readdirSync(root)) if (stackFilePath.test(f) && f !== "Pulumi.yaml") stackFiles.set(f, fs.readFileSync(path.join(root, f), "utf8"));
    return { definitions, stackFiles };
}

/** The definitions and stack files at a git ref (e.g. the pull request's base). */
export function gitTree(ref: string, root = projectRoot): Tree {
    const git = (...args: string[]): string => execFileSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
    const names = git("ls-tree", "--name-only", ref, "--", "stacks/", ".")
        .split("\n")
        .filter((n) => definitionPath.test(n) || (stackFilePath.test(n) && n !== "Pulumi.yaml"));
    const definitions = new Map<string, string>();
    const stackFiles = new Map<string, string>();
    for (const n of names) (definitionPath.test(n) ? definitions : stackFiles).set(n, git("show", `${ref}:${n}`));
    return { definitions, stackFiles };
}

const usage = "usage: npm run --silent changed-stacks -- [--base <git ref>] <changed file>...";

export function main(argv: string[], root = projectRoot, io: CliIo = stdio): number {
    const args = parseCommandLine(argv, { usage, options: { base: { type: "string" } }, positionals: true }, io);
    if ("exitCode" in args) return args.exitCode;
    let base: Tree | undefined;
    if (args.values.base !== undefined) {
        try {
            base = gitTree(args.values.base, root);
        } catch (e) {
            io.err(`--base ${args.values.base}: not a git ref this checkout has (${(e as Error).message.split("\n")[0]}); fetch it first (actions/checkout with fetch-depth: 0)`);
            return 2;
        }
    }
    try {
        io.out(JSON.stringify(changedStacks(args.positionals, workingTree(root), base, root)));
        return 0;
    } catch (e) {
        if (e instanceof DefinitionErrors) {
            io.err(e.message);
            return 2;
        }
        throw e;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
