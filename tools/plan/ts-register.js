/**
 * `node -r ./tools/plan/ts-register.js <file.ts>`: loads the project's TypeScript files the
 * way `ts-node --transpile-only` does (TypeScript's `transpileModule` with the project's
 * tsconfig options, no type check: `npm test` type-checks with tsc), compiling each file
 * once. The JavaScript is kept in `node_modules/.cache/landing-zone-plan/ts/`, keyed by the
 * hash of everything that decides it: this loader's own text, the TypeScript version, the
 * text of tsconfig.json, the file's path and the file's text. Any change gives a new key,
 * so a stale file is never loaded.
 *
 * Every npm script, mocha, and every process the tools and tests start load TypeScript
 * through this file. Why: ts-node transpiles every file on every start (1.2 s of CPU for
 * `npm run plan`, 2-3 s in each plan worker), and `typescript` itself takes 0.2 s to load.
 * Here a start whose files are all cached never loads `typescript` at all: it reads the
 * file, hashes it, and reads the cached JavaScript.
 *
 * Plain JavaScript because it is what makes TypeScript loadable.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
const cacheDir = path.join(root, "node_modules", ".cache", "landing-zone-plan", "ts");
const tsconfigFile = path.join(root, "tsconfig.json");

function readOr(file, fallback) {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return fallback;
    }
}

// What decides the output besides the file itself. tsconfig.json is keyed by its text (it
// has no `extends`), TypeScript by its version, the options below by this file's text.
const baseKey = crypto
    .createHash("sha256")
    .update(readOr(__filename, ""))
    .update("\0")
    .update(JSON.parse(readOr(require.resolve("typescript/package.json", { paths: [root] }), "{}")).version || "?")
    .update("\0")
    .update(readOr(tsconfigFile, ""))
    .digest();

let compiler;

/** TypeScript and the options, loaded on the first cache miss only. */
function load() {
    if (compiler) return compiler;
    const ts = require("typescript");
    const read = ts.readConfigFile(tsconfigFile, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(read.config || {}, ts.sys, root);
    // As ts-node --transpile-only: emit JavaScript (noEmit only means "tsc checks").
    const options = { ...parsed.options, noEmit: false, declaration: false, sourceMap: false, inlineSourceMap: false, inlineSources: false, module: ts.ModuleKind.CommonJS };
    compiler = { ts, options };
    return compiler;
}

function transpile(source, filename) {
    const key = crypto.createHash("sha256").update(baseKey).update(filename).update("\0").update(source).digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        /* not cached yet */
    }
    const { ts, options } = load();
    const output = ts.transpileModule(source, { compilerOptions: options, fileName: filename, reportDiagnostics: false }).outputText;
    try {
        fs.mkdirSync(cacheDir, { recursive: true });
        // Write then rename: a concurrent reader never sees half a file.
        const temporary = `${cached}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, output);
        fs.renameSync(temporary, cached);
    } catch {
        /* a read-only tree: transpile every time */
    }
    return output;
}

require.extensions[".ts"] = function (module, filename) {
    module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};

/** For tools that start processes: the node arguments that load TypeScript through this file. */
module.exports = { execArgv: ["-r", __filename] };
