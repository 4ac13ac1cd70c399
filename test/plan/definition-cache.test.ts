/**
 * The definition cache that makes planning every unit fast (tools/plan/definition-cache.ts)
 * must never hand out a stale or shared-and-changed definition.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { createDefinitionCache } from "../../tools/plan/definition-cache";

const dev = path.resolve(__dirname, "..", "..", "stacks", "dev.yaml");

describe("plan: definition cache", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-defcache-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("loads a changed file afresh, and hands out definitions no run can change", async () => {
        const file = path.join(dir, "dev.yaml");
        const text = fs.readFileSync(dev, "utf8");
        fs.writeFileSync(file, text);
        const load = createDefinitionCache();
        const first = load(file).definition!;
        assert.strictEqual(load(file).definition, first, "the same text is loaded once");
        assert.ok(Object.isFrozen(first) && Object.isFrozen(first.spokes[0]));
        assert.throws(() => {
            (first.spokes as unknown[]).push({});
        }, TypeError);
        const changed = text.replace(/^region: .*$/m, "region: eu-west-1");
        assert.notStrictEqual(changed, text, "the fixture has a region line to change");
        fs.writeFileSync(file, changed);
        assert.strictEqual(load(file).definition!.region, "eu-west-1");
        // The loader tells what it holds: the bytes it read and their load.
        assert.strictEqual(load.loaded(file)!.result.definition!.region, "eu-west-1");
        assert.ok(Buffer.from(load.loaded(file)!.bytes).equals(fs.readFileSync(file)));
        fs.writeFileSync(file, "environment: [");
        assert.ok(load(file).diagnostics.some((d) => d.severity === "error"));
        // The definition module's own loader is untouched: its results are not frozen.
        fs.writeFileSync(file, text);
        assert.ok(!Object.isFrozen(loadDefinitionFile(file).definition));
    });

    it("starts from another process's load, and loads afresh once the file's bytes differ from it", () => {
        const file = path.join(dir, "dev.yaml");
        const text = fs.readFileSync(dev, "utf8");
        fs.writeFileSync(file, text);
        // A seed whose result is not what loading the file gives (eu-west-1): a hit returns
        // the seed, so the cache really used it and did not validate again.
        const seeded = loadDefinitionFile(file);
        (seeded.definition as { region: string }).region = "eu-west-1";
        const load = createDefinitionCache({ file, bytes: Buffer.from(text), result: seeded });
        assert.strictEqual(load(file).definition!.region, "eu-west-1");
        assert.ok(Object.isFrozen(load(file).definition), "a seed is frozen like any cached load");
        // One byte more (a trailing newline) and the seed no longer applies.
        fs.writeFileSync(file, `${text}\n`);
        assert.notStrictEqual(load(file).definition!.region, "eu-west-1");
        // A seed for another file is never used for this one.
        const other = createDefinitionCache({ file: path.join(dir, "other.yaml"), bytes: Buffer.from(`${text}\n`), result: seeded });
        assert.notStrictEqual(other(file).definition!.region, "eu-west-1");
    });
});
