import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { affectedStacks } from "../../tools/changed-stacks";
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

describe("changed-stacks", () => {
    const stacks = new Map([
        ["dev", "dev"],
        ["prod-network", "prod"],
        ["prod-payments", "prod"],
    ]);

    it("maps a changed definition to every stack of its environment", () => {
        assert.deepStrictEqual(affectedStacks(["stacks/prod.yaml"], stacks), ["prod-network", "prod-payments"]);
    });

    it("maps a changed stack file to that stack only", () => {
        assert.deepStrictEqual(affectedStacks(["Pulumi.prod-payments.yaml"], stacks), ["prod-payments"]);
    });

    it("treats a program or pack change as affecting every stack", () => {
        assert.deepStrictEqual(affectedStacks(["components/spoke-vpc.ts"], stacks), ["dev", "prod-network", "prod-payments"]);
        assert.deepStrictEqual(affectedStacks(["policypacks/landing-zone/index.ts"], stacks).length, 3);
    });

    it("ignores docs and tests", () => {
        assert.deepStrictEqual(affectedStacks(["README.md", "test/network/layout.test.ts"], stacks), []);
    });
});
