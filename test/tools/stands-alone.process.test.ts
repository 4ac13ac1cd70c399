/**
 * The repository stands alone: no tracked file refers to a path or file outside it, or to
 * an issue number. (A process test: it asks git for the tracked files.)
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

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
