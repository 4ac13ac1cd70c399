/**
 * `npm run test:unit` lists its test files in an order (the long rehearsal files first, so
 * mocha's two workers end together) instead of one glob. The list must still be every test
 * file that `npm test` runs except the `*.process.test.ts` ones (they start processes) and the
 * `*.sweep.test.ts` ones (long held-out equivalence sweeps: `npm run test:sweep`), each once: in
 * `--parallel` mode a file matched by two globs runs twice.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports */
const collectFiles = require("mocha/lib/cli/collect-files") as (opts: { ignore: string[]; extension: string[]; file: string[]; recursive: boolean; sort: boolean; spec: string[] }) => { files: string[] };

const root = path.resolve(__dirname, "..", "..");
const scripts = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<string, string>;

/** The quoted globs and the `--ignore` globs of an npm script that runs mocha. */
function mochaArgs(script: string): { spec: string[]; ignore: string[] } {
    const words = [...script.matchAll(/"([^"]+)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
    assert.strictEqual(words[0], "mocha", script);
    const spec: string[] = [];
    const ignore: string[] = [];
    for (let i = 1; i < words.length; i++) {
        if (words[i] === "--ignore") ignore.push(words[++i]);
        else if (words[i] === "--jobs") i++;
        else if (!words[i].startsWith("--")) spec.push(words[i]);
    }
    return { spec, ignore };
}

function files(script: string): string[] {
    const { spec, ignore } = mochaArgs(script);
    const cwd = process.cwd();
    process.chdir(root);
    try {
        return collectFiles({ ignore, extension: ["ts"], file: [], recursive: false, sort: false, spec }).files.map((f) => path.relative(root, f));
    } finally {
        process.chdir(cwd);
    }
}

describe("npm test scripts", () => {
    it("test:unit runs every test file of npm test but the *.process.test.ts and *.sweep.test.ts ones, each once, the rehearsal files first", () => {
        const unit = files(scripts["test:unit"]);
        const all = files(scripts.test.replace(/^.*&&\s*/, ""));
        assert.deepStrictEqual(unit.filter((f, i) => unit.indexOf(f) !== i), [], "a file listed twice runs twice in --parallel");
        assert.deepStrictEqual([...unit].sort(), all.filter((f) => !f.endsWith(".process.test.ts") && !f.endsWith(".sweep.test.ts")).sort());
        assert.ok(unit.findIndex((f) => f.startsWith("test/rehearse/")) === 0, unit.slice(0, 3).join(", "));
    });
    it("test:sweep runs exactly the *.sweep.test.ts files, which npm test runs too", () => {
        const sweep = files(scripts["test:sweep"]);
        const all = files(scripts.test.replace(/^.*&&\s*/, ""));
        assert.ok(sweep.length > 0, "there are sweeps");
        assert.deepStrictEqual([...sweep].sort(), all.filter((f) => f.endsWith(".sweep.test.ts")).sort());
    });
});
