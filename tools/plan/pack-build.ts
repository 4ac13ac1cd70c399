/**
 * Prepares a TypeScript policy pack for a fast start. `run-policy-pack` registers ts-node
 * with full type checking, which costs 20-30 s per start for the landing-zone pack on
 * these machines — the same cost `pulumi preview --policy-pack` pays. The pack's types
 * are checked by `npm test` (tsc), so the offline plan runs a transpiled copy instead:
 * same sources, same runner, same protocol, no type check.
 *
 * The copy lives in `node_modules/.cache/landing-zone-plan/<hash>/` next to the project's
 * dependencies (so the pack's imports resolve), keyed by the hash of every pack file:
 * any change to the pack produces a new copy, never a stale one.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as TypeScript from "typescript";

const skipped = new Set(["node_modules", "bin", ".git"]);

function packFiles(dir: string, base = dir, out: string[] = []): string[] {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (skipped.has(entry.name)) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) packFiles(full, base, out);
        else if (entry.isFile()) out.push(path.relative(base, full));
    }
    return out;
}

/** The directory of the node_modules a pack resolves its packages from (nearest ancestor). */
function nodeModulesRoot(dir: string): string | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "node_modules"))) return d;
        if (path.dirname(d) === d) return undefined;
    }
}

/**
 * Returns the directory to start: the pack itself when its entry point is JavaScript,
 * otherwise a transpiled copy (created once per content hash).
 */
export function preparePack(packDir: string): string {
    const dir = path.resolve(packDir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { main?: string };
    const main = pkg.main ?? "index.js";
    if (!main.endsWith(".ts")) return dir;
    const root = nodeModulesRoot(dir);
    if (!root) return dir;

    const files = packFiles(dir);
    const hash = createHash("sha1");
    // TypeScript itself is loaded only to build a copy (0.2 s); its version is read from its package.json.
    hash.update((require("typescript/package.json") as { version: string }).version);
    for (const f of files) hash.update(f).update("\0").update(fs.readFileSync(path.join(dir, f))).update("\0");
    const target = path.join(root, "node_modules", ".cache", "landing-zone-plan", `${path.basename(dir)}-${hash.digest("hex").slice(0, 16)}`);
    if (fs.existsSync(path.join(target, "package.json"))) return target;

    const ts = require("typescript") as typeof TypeScript;
    const tsconfig = ts.readConfigFile(path.join(dir, "tsconfig.json"), ts.sys.readFile);
    const { options } = ts.convertCompilerOptionsFromJson(tsconfig.config?.compilerOptions ?? {}, dir);
    const compilerOptions: TypeScript.CompilerOptions = { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true, noEmit: false, outDir: undefined };
    // Build beside the final place and rename, so a concurrent start never sees half a copy.
    const staging = `${target}.${process.pid}.tmp`;
    fs.rmSync(staging, { recursive: true, force: true });
    for (const f of files) {
        const from = path.join(dir, f);
        const to = path.join(staging, f.endsWith(".ts") && !f.endsWith(".d.ts") ? f.replace(/\.ts$/, ".js") : f);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        if (f.endsWith(".ts") && !f.endsWith(".d.ts")) {
            const out = ts.transpileModule(fs.readFileSync(from, "utf8"), { compilerOptions, fileName: from });
            fs.writeFileSync(to, out.outputText);
        } else {
            fs.copyFileSync(from, to);
        }
    }
    fs.writeFileSync(path.join(staging, "package.json"), JSON.stringify({ ...pkg, main: main.replace(/\.ts$/, ".js") }, null, 2));
    // No tsconfig.json in the copy: run-policy-pack then loads plain JavaScript.
    fs.rmSync(path.join(staging, "tsconfig.json"), { force: true });
    try {
        fs.renameSync(staging, target);
    } catch {
        // Another process finished the same copy first.
        fs.rmSync(staging, { recursive: true, force: true });
    }
    pruneOldCopies(target);
    return target;
}

/** Removes copies of earlier versions of the same pack (older than an hour, so none is in use). */
function pruneOldCopies(current: string): void {
    const parent = path.dirname(current);
    const prefix = path.basename(current).replace(/[0-9a-f]{16}$/, "");
    const cutoff = Date.now() - 3600_000;
    for (const name of fs.readdirSync(parent)) {
        const full = path.join(parent, name);
        if (full === current || !name.startsWith(prefix)) continue;
        try {
            if (fs.statSync(full).mtimeMs < cutoff) fs.rmSync(full, { recursive: true, force: true });
        } catch {
            // Removed by another process meanwhile.
        }
    }
}
