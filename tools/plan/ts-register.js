/**
 * `node -r ./tools/plan/ts-register.js`: loads the project's TypeScript files the way
 * `ts-node --transpile-only` does (TypeScript's transpileModule, the project's
 * tsconfig options), keeping each transpiled file in
 * `node_modules/.cache/landing-zone-plan/ts/`, keyed by the hash of the TypeScript
 * version, the options, the file's path and its text: any change gives a new key, so a
 * stale file is never loaded.
 *
 * Why: every plan worker process (parallel.ts) otherwise spends 2-3 s of CPU
 * transpiling the program and the SDK glue with ts-node before it plans anything; with
 * two workers and a 2-core machine that is several seconds of a plan's wall time.
 *
 * Plain JavaScript because it is what makes TypeScript loadable.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const root = path.resolve(__dirname, "..", "..");
const cacheDir = path.join(root, "node_modules", ".cache", "landing-zone-plan", "ts");

function compilerOptions() {
    const file = path.join(root, "tsconfig.json");
    const read = ts.readConfigFile(file, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(read.config || {}, ts.sys, root);
    // As ts-node --transpile-only: emit JavaScript (noEmit only means "tsc checks").
    return { ...parsed.options, noEmit: false, declaration: false, sourceMap: false, inlineSourceMap: false, inlineSources: false, module: ts.ModuleKind.CommonJS };
}

const options = compilerOptions();
const optionsKey = `${ts.version}\n${JSON.stringify(options)}`;

function transpile(source, filename) {
    const key = crypto.createHash("sha256").update(optionsKey).update("\0").update(filename).update("\0").update(source).digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        /* not cached yet */
    }
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
