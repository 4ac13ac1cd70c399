import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { renderReference } from "../../tools/definition-reference";

const root = path.resolve(__dirname, "..", "..");

describe("generated project files", () => {
    it("docs/definition-reference.md is up to date with definition/schema.ts (npm run reference)", () => {
        const committed = fs.readFileSync(path.join(root, "docs", "definition-reference.md"), "utf8");
        assert.strictEqual(committed, renderReference());
    });

    it("the reference documents every top-level key of the definition", () => {
        const text = renderReference();
        for (const key of ["environment", "region", "organization", "accounts", "network", "spokes", "perimeter"]) {
            assert.match(text, new RegExp("\\| `" + key + "` \\|"), `reference lacks ${key}`);
        }
    });
});

describe("the repository stands alone", () => {
    // Built from pieces so this file does not match itself.
    const outside = new RegExp(["/wor" + "k/", "facts" + "\\.md", "shared" + "/reference", "issue" + " #?[0-9]"].join("|"));

    it("no tracked file refers to a path or file outside the repository, or to an issue number", () => {
        const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
            .split("\0")
            .filter((f) => f !== "" && f !== "package-lock.json" && fs.existsSync(path.join(root, f)));
        assert.ok(files.length > 100, `git ls-files listed only ${files.length} files`);
        const hits: string[] = [];
        for (const file of files) {
            const text = fs.readFileSync(path.join(root, file), "utf8");
            text.split("\n").forEach((line, i) => {
                if (outside.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
            });
        }
        assert.deepStrictEqual(hits, []);
    });

    it("the pattern catches what it is meant to", () => {
        for (const line of ["see /wor" + "k/shared/x", "as in facts" + ".md", "(issue" + " #8)", "issue" + " 12"]) assert.match(line, outside);
        assert.doesNotMatch("an issue with the key", outside);
    });
});
