/**
 * `node -r ./tools/plan/ts-register.js <file.ts>`: loads the project's TypeScript files the
 * way `ts-node --transpile-only` does (TypeScript's `transpileModule` with the project's
 * tsconfig options, no type check: `npm test` type-checks with tsc), compiling each file
 * once. The JavaScript is kept in `node_modules/.cache/landing-zone-plan/ts/`, keyed by the
 * hash of everything that decides it: this loader's own text, the TypeScript version, the
 * text of tsconfig.json, the file's path and the file's text. Any change gives a new key,
 * so a stale file is never loaded. A second key, by the file's path, size, modification
 * time and inode, finds it without reading and hashing the source (see `transpile`).
 * Entries not used for two weeks, and the least recently used beyond 200 MB, are removed
 * (see `prune`).
 *
 * Every npm script, mocha, and every process the tools and tests start load TypeScript
 * through this file. Why: ts-node transpiles every file on every start (1.2 s of CPU for
 * `npm run plan`, 2-3 s in each plan worker), and `typescript` itself takes 0.2 s to load.
 * Here a start whose files are all cached never loads `typescript` at all: it stats each
 * file and reads its cached JavaScript.
 *
 * Plain JavaScript because it is what makes TypeScript loadable.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
// LZ_TS_CACHE_DIR: another place for it (the loader's tests use a directory of their own).
const cacheDir = process.env.LZ_TS_CACHE_DIR || path.join(root, "node_modules", ".cache", "landing-zone-plan", "ts");
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

/** Writes `text` to `file` through a temporary file and a rename: a concurrent reader never sees half a file. */
function writeAtomically(file, text) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
}

function sha256(...parts) {
    const hash = crypto.createHash("sha256").update(baseKey);
    for (const part of parts) hash.update(String(part)).update("\0");
    return hash.digest("hex");
}

/**
 * The JavaScript of `filename`. First by the file's path, size and modification time (a
 * `stat`, as make does): most starts change no file, and this spares reading and hashing
 * every source (121 files, 1 MB, for `npm run plan`). Any difference in those falls back
 * to the key by content, so an edit, a checkout or a touched file is never served stale.
 */
function transpile(filename) {
    let quick;
    let stat;
    const quickKey = (s) => sha256("stat", filename, s.size, s.mtimeMs, s.ino);
    try {
        stat = fs.statSync(filename);
        quick = path.join(cacheDir, `${quickKey(stat)}.js`);
        return fs.readFileSync(quick, "utf8");
    } catch {
        /* not seen with this size and time yet */
    }
    const source = fs.readFileSync(filename, "utf8");
    const cached = path.join(cacheDir, `${sha256(filename, source)}.js`);
    let output;
    try {
        output = fs.readFileSync(cached, "utf8");
    } catch {
        const { ts, options } = load();
        output = ts.transpileModule(source, { compilerOptions: options, fileName: filename, reportDiagnostics: false }).outputText;
    }
    try {
        fs.mkdirSync(cacheDir, { recursive: true });
        if (!fs.existsSync(cached)) writeAtomically(cached, output);
        // Only if the file did not change while it was read, and not within the last seconds
        // (a file system with coarse times could give a second edit the same time).
        if (quick && quickKey(fs.statSync(filename)) === quickKey(stat) && Date.now() - stat.mtimeMs > 3000) writeAtomically(quick, output);
        prune();
    } catch {
        /* a read-only tree: transpile every time */
    }
    return output;
}

/** Entries unused for this long are removed, and the oldest beyond the size cap. */
const PRUNE_AFTER_DAYS = 14;
const PRUNE_ABOVE_BYTES = 200 * 1024 * 1024;

/**
 * Keeps the cache from growing without bound (every edit of a file adds an entry): at most
 * once a day, and only when this start added an entry, removes the entries not read for
 * PRUNE_AFTER_DAYS (by access time, or modification time where the file system does not
 * keep access times), then the least recently used beyond PRUNE_ABOVE_BYTES. A removed
 * entry that is still needed is transpiled again on its next use.
 */
let pruned = false;
function prune() {
    if (pruned) return;
    pruned = true;
    const marker = path.join(cacheDir, ".pruned");
    const now = Date.now();
    try {
        if (now - fs.statSync(marker).mtimeMs < 24 * 3600_000) return;
    } catch {
        /* never pruned */
    }
    fs.writeFileSync(marker, "");
    const entries = [];
    for (const name of fs.readdirSync(cacheDir)) {
        if (!name.endsWith(".js")) continue;
        try {
            const stat = fs.statSync(path.join(cacheDir, name));
            entries.push({ name, used: Math.max(stat.atimeMs, stat.mtimeMs), size: stat.size });
        } catch {
            /* removed meanwhile */
        }
    }
    entries.sort((a, b) => b.used - a.used);
    let total = 0;
    for (const entry of entries) {
        total += entry.size;
        if (now - entry.used > PRUNE_AFTER_DAYS * 24 * 3600_000 || total > PRUNE_ABOVE_BYTES) fs.rmSync(path.join(cacheDir, entry.name), { force: true });
    }
}

require.extensions[".ts"] = function (module, filename) {
    module._compile(transpile(filename), filename);
};

/** For tools that start processes: the node arguments that load TypeScript through this file. */
module.exports = { execArgv: ["-r", __filename] };
