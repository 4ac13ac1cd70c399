/**
 * The transpile cache (tools/plan/ts-register.js), in fresh processes with a cache directory
 * of their own: an edited file is transpiled again (found by size and time first, by content
 * after), an entry is reused without TypeScript, and entries unused for two weeks are pruned
 * when a start adds one.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const tsRegister = path.join(root, "tools", "plan", "ts-register.js");

describe("plan: the transpile cache", function () {
    this.timeout(60000);
    let dir: string;
    let cache: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(__dirname, "fixtures", "ts-cache-"));
        cache = path.join(dir, "cache");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Requires `file` in a fresh node; its stdout, and whether TypeScript was loaded. */
    function run(file: string): { stdout: string; typescript: boolean } {
        const probe = `require(${JSON.stringify(file)}); process.on("exit", () => console.log("typescript:" + Object.keys(require.cache).some((f) => /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/.test(f))));`;
        const r = spawnSync(process.execPath, ["-r", tsRegister, "-e", probe], { cwd: root, encoding: "utf8", env: { ...process.env, LZ_TS_CACHE_DIR: cache } });
        assert.strictEqual(r.status, 0, r.stderr);
        return { stdout: r.stdout, typescript: /typescript:true/.test(r.stdout) };
    }

    it("serves an unchanged file from the cache without TypeScript, and transpiles an edited one again", () => {
        const file = path.join(dir, "value.ts");
        fs.writeFileSync(file, 'const value: string = "one";\nconsole.log(value);\n');
        // Older than the few seconds in which a file is not yet keyed by its time.
        const old = new Date(Date.now() - 60_000);
        fs.utimesSync(file, old, old);
        const first = run(file);
        assert.match(first.stdout, /^one$/m);
        assert.ok(first.typescript, "a miss transpiles");
        const second = run(file);
        assert.match(second.stdout, /^one$/m);
        assert.ok(!second.typescript, "a hit does not load TypeScript");

        // Same size, new content, as an editor saves it (a new modification time).
        fs.writeFileSync(file, 'const value: string = "two";\nconsole.log(value);\n');
        assert.match(run(file).stdout, /^two$/m, "the edit is seen");
        // Back to the first content: served by content, without TypeScript.
        fs.writeFileSync(file, 'const value: string = "one";\nconsole.log(value);\n');
        const back = run(file);
        assert.match(back.stdout, /^one$/m);
        assert.ok(!back.typescript, "the same content is found by its hash");
    });

    it("a start that adds an entry prunes those not used for two weeks, at most once a day", () => {
        fs.mkdirSync(cache, { recursive: true });
        const stale = path.join(cache, "0".repeat(64) + ".js");
        const recent = path.join(cache, "1".repeat(64) + ".js");
        fs.writeFileSync(stale, "module.exports = 0;\n");
        fs.writeFileSync(recent, "module.exports = 1;\n");
        const monthAgo = new Date(Date.now() - 30 * 24 * 3600_000);
        fs.utimesSync(stale, monthAgo, monthAgo);
        fs.rmSync(path.join(cache, ".pruned"), { force: true });

        const file = path.join(dir, "fresh.ts");
        fs.writeFileSync(file, "console.log(1 as number);\n");
        run(file);
        assert.ok(!fs.existsSync(stale), "the entry unused for a month is removed");
        assert.ok(fs.existsSync(recent), "a recent entry stays");

        // Within a day of the last pruning, nothing is pruned.
        fs.writeFileSync(stale, "module.exports = 0;\n");
        fs.utimesSync(stale, monthAgo, monthAgo);
        fs.writeFileSync(file, "console.log(2 as number);\n");
        run(file);
        assert.ok(fs.existsSync(stale), "pruned at most once a day");
    });
});
