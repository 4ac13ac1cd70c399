import * as assert from "assert";
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
