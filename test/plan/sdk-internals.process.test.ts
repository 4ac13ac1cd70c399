/**
 * The seam's hooks that act while modules load (tools/plan/sdk-internals.ts), each in a
 * fresh node process: which files node compiles shows what was loaded. Each test has a
 * control without the hook, so it fails if the SDK stops loading the module (the hook is
 * moot: re-check it) as well as when the hook no longer defers it. And what was deferred
 * still works when something uses it.
 *
 * Also the launcher hook (`policyPackLauncher`): the pack's process is started with it.
 */
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { preparePack } from "../../tools/plan/pack-build";
import { policyPackLauncher } from "../../tools/plan/sdk-internals";

const root = path.resolve(__dirname, "..", "..");
const tsRegister = path.join(root, "tools", "plan", "ts-register.js");
const seam = path.join(root, "tools", "plan", "sdk-internals.ts");
const preload = path.join(root, "tools", "plan", "pack-preload.ts");

/** A preload that records every file node compiles, written to `out` at exit or on SIGTERM. */
function recorder(dir: string, out: string): string {
    const file = path.join(dir, "record-compiles.js");
    fs.writeFileSync(
        file,
        `const Module = require("module");
const fs = require("fs");
const compiled = [];
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) { compiled.push(filename); return compile.call(this, content, filename); };
const write = () => fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify(compiled));
process.on("exit", write);
process.on("SIGTERM", () => process.exit(0));
`,
    );
    return file;
}

const loaded = (compiled: string[], pattern: RegExp): boolean => compiled.some((f) => pattern.test(f.split(path.sep).join("/")));
const TYPESCRIPT = /\/typescript\/lib\/typescript\.js$/;
const ARBORIST = /\/@npmcli\/arborist\/lib\//;
const TS_NODE = /\/ts-node\/dist\/index\.js$/;
const NORMALIZE = /\/normalize-package-data\/lib\/normalize\.js$/;
const AUTOMATION = /\/@pulumi\/pulumi\/automation\/index\.js$/;
const PROVIDER = /\/@pulumi\/pulumi\/provider\/index\.js$/;
const OTEL = /\/@opentelemetry\/api\/build\/src\/index\.js$/;
const JS_YAML = /\/js-yaml\/index\.js$/;
const DEFERRED = [TYPESCRIPT, ARBORIST, NORMALIZE, AUTOMATION, PROVIDER, OTEL];

describe("plan: the seam's load-time hooks, in fresh processes", function () {
    this.timeout(120000);
    let dir: string;
    before(() => {
        // Inside the project (its scripts resolve the project's packages), outside node_modules (ts-node skips those).
        dir = fs.mkdtempSync(path.join(__dirname, "fixtures", "seam-"));
        // Transpile the seam and the preload now: a cache miss loads TypeScript (to transpile), which the tests below look for.
        const warm = spawnSync(process.execPath, ["-r", tsRegister, "-e", `require(${JSON.stringify(seam)}); require(${JSON.stringify(preload)})`], { cwd: root, encoding: "utf8" });
        assert.strictEqual(warm.status, 0, warm.stderr);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Runs `body` (JavaScript) in a fresh node with the recorder; returns its stdout and the compiled files. */
    function fresh(body: string): { stdout: string; compiled: string[] } {
        const out = path.join(dir, `compiled-${Math.random().toString(36).slice(2)}.json`);
        const script = path.join(dir, `script-${Math.random().toString(36).slice(2)}.js`);
        fs.writeFileSync(script, `require(${JSON.stringify(tsRegister)});\nconst seam = require(${JSON.stringify(seam)});\n${body}\n`);
        const r = spawnSync(process.execPath, ["-r", recorder(dir, out), script], { cwd: root, encoding: "utf8" });
        assert.strictEqual(r.status, 0, r.stderr);
        return { stdout: r.stdout, compiled: JSON.parse(fs.readFileSync(out, "utf8")) as string[] };
    }

    it("deferUnusedSdkModules: the SDK loads without TypeScript, arborist, normalize-package-data, the Automation API and provider hosting, and what uses them still works", () => {
        const control = fresh(`require("@pulumi/pulumi");`);
        assert.deepStrictEqual(DEFERRED.filter((p) => !loaded(control.compiled, p)), [], "without the hook the SDK loads them all (control)");

        const hooked = fresh(`
seam.deferUnusedSdkModules();
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.serializeFunction(() => 42).then((f) => console.log("serialized:" + f.exportName));`);
        assert.match(hooked.stdout, /^serialized:handler$/m, "serializeFunction works, loading TypeScript when it needs it");
        assert.ok(loaded(hooked.compiled, TYPESCRIPT), "TypeScript was loaded once serializeFunction used it");

        const onlyLoad = fresh(`seam.deferUnusedSdkModules(); require("@pulumi/pulumi"); require("@pulumi/aws");`);
        assert.deepStrictEqual(DEFERRED.filter((p) => loaded(onlyLoad.compiled, p)), [], "none of them is loaded with the SDK");

        const apis = fresh(`
seam.deferUnusedSdkModules();
const pulumi = require("@pulumi/pulumi");
console.log("automation:" + typeof pulumi.automation.LocalWorkspace.create + " provider:" + typeof pulumi.provider.main);`);
        assert.match(apis.stdout, /^automation:function provider:function$/m);
        assert.ok(loaded(apis.compiled, AUTOMATION) && loaded(apis.compiled, PROVIDER), "the Automation API and provider hosting load once used");

        const arborist = fresh(`
seam.deferUnusedSdkModules();
require("@pulumi/pulumi");
const path = require("path");
const closureDir = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "runtime", "closure");
const { Arborist } = require(require.resolve("@npmcli/arborist", { paths: [closureDir] }));
console.log("arborist:" + typeof new Arborist({ path: "." }).loadActual);
// As codePaths.js imports it (TypeScript's __importDefault), then calls it.
const normalize = require(require.resolve("normalize-package-data", { paths: [closureDir] }));
const data = { name: "x", version: "1.0.0", repository: "github:o/r" };
(normalize && normalize.__esModule ? normalize : { default: normalize }).default(data);
console.log("normalized:" + data.repository.url);`);
        assert.match(arborist.stdout, /^arborist:function$/m);
        assert.match(arborist.stdout, /^normalized:git\+https:\/\/github\.com\/o\/r\.git$/m);
        assert.ok(loaded(arborist.compiled, ARBORIST) && loaded(arborist.compiled, NORMALIZE), "the real modules answer once used");

        // OpenTelemetry: the trace context settings.js injects into calls to an engine.
        const otel = fresh(`
seam.deferUnusedSdkModules();
require("@pulumi/pulumi");
const api = require(require.resolve("@opentelemetry/api", { paths: [require("path").dirname(require.resolve("@pulumi/pulumi/runtime/settings"))] }));
console.log("propagation:" + typeof api.propagation.inject + " context:" + typeof api.context.active);`);
        assert.match(otel.stdout, /^propagation:function context:function$/m);
        assert.ok(loaded(otel.compiled, OTEL), "OpenTelemetry loads once used");

        // js-yaml: runtime/manifest reads a package.yaml with it.
        const yamlDir = fs.mkdtempSync(path.join(dir, "manifest-"));
        fs.writeFileSync(path.join(yamlDir, "package.yaml"), "name: from-yaml\nversion: 1.2.3\n");
        const manifest = fresh(`
seam.deferUnusedSdkModules();
require("@pulumi/pulumi");
const { readPackageManifest } = require("@pulumi/pulumi/runtime/manifest");
console.log("manifest:" + readPackageManifest(${JSON.stringify(yamlDir)}).data.name);`);
        assert.match(manifest.stdout, /^manifest:from-yaml$/m, "a package.yaml is still read");
        assert.ok(loaded(manifest.compiled, JS_YAML), "js-yaml loads once used");
        const control2 = fresh(`require("@pulumi/pulumi/runtime/manifest");`);
        assert.ok(loaded(control2.compiled, JS_YAML), "without the hook runtime/manifest loads js-yaml (control)");
        const hooked2 = fresh(`seam.deferUnusedSdkModules(); require("@pulumi/pulumi/runtime/manifest");`);
        assert.ok(!loaded(hooked2.compiled, JS_YAML), "with the hook it does not");
    });

    it("deferLauncherTypeScript: the launcher's TypeScript registration, done only when a .ts file is required", () => {
        // What cmd/run-policy-pack/run.js does on every start.
        const launcher = `
const tsutils = require("@pulumi/pulumi/tsutils");
const semver = require(require.resolve("semver", { paths: [require("path").dirname(require.resolve("@pulumi/pulumi/package.json"))] }));
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const tsn = require(tsnodeRequire);
const ts = require(typescriptRequire);
if (!semver.parse(ts.version) || !tsn.VERSION) throw new Error("no versions");
tsn.register({ transpileOnly: true, skipProject: true, compilerOptions: { module: "commonjs" } });
console.log("registered");`;
        const control = fresh(launcher);
        assert.ok(loaded(control.compiled, TYPESCRIPT) && loaded(control.compiled, TS_NODE), "without the hook the launcher loads both (control)");

        const hooked = fresh(`seam.deferLauncherTypeScript();\n${launcher}`);
        assert.match(hooked.stdout, /^registered$/m);
        assert.ok(!loaded(hooked.compiled, TYPESCRIPT), "TypeScript is not loaded");
        assert.ok(!loaded(hooked.compiled, TS_NODE), "ts-node is not loaded");

        const file = path.join(dir, "answer.ts");
        fs.writeFileSync(file, "const answer: number = 42;\nexport = answer;\n");
        const used = fresh(`seam.deferLauncherTypeScript();\n${launcher}\nconsole.log("answer:" + require(${JSON.stringify(file)}));`);
        assert.match(used.stdout, /^answer:42$/m);
        assert.ok(loaded(used.compiled, TS_NODE) && loaded(used.compiled, TYPESCRIPT), "ts-node registers for real when a TypeScript file is required");
    });

    it("pack-preload.ts: the launcher starts the pack's copy without loading TypeScript, ts-node or the SDK modules it never uses; policyPackLauncher: it is the launcher", async () => {
        const copy = preparePack(path.join(root, "policypacks", "landing-zone"));
        const start = async (preload: string[]): Promise<string[]> => {
            const out = path.join(dir, `pack-${preload.length}.json`);
            const child = spawn(process.execPath, ["-r", recorder(dir, out), ...preload, policyPackLauncher(copy), "127.0.0.1:1", copy], { cwd: copy, stdio: ["ignore", "pipe", "pipe"] });
            let stderr = "";
            child.stderr!.on("data", (d) => (stderr += d));
            const port = await new Promise<string>((resolve, reject) => {
                let stdout = "";
                child.stdout!.on("data", (d) => {
                    stdout += d;
                    const m = /^(\d+)\s*$/m.exec(stdout);
                    if (m) resolve(m[1]);
                });
                child.on("exit", (code) => reject(new Error(`the pack exited (${code}) before printing its port: ${stderr}`)));
            });
            assert.ok(Number(port) > 0);
            await new Promise<void>((resolve) => {
                child.on("exit", () => resolve());
                child.kill("SIGTERM");
            });
            return JSON.parse(fs.readFileSync(out, "utf8")) as string[];
        };
        const control = await start([]);
        assert.ok(loaded(control, TYPESCRIPT) && loaded(control, TS_NODE) && loaded(control, ARBORIST), "the launcher loads all three without the preload (control)");
        const preloaded = await start(["-r", tsRegister, "-r", preload]);
        assert.ok(loaded(preloaded, /policies\/index\.js$/), "the pack's policies were loaded");
        assert.deepStrictEqual([TS_NODE, ...DEFERRED].filter((p) => loaded(preloaded, p)), [], "none of them with it");
    });
});
