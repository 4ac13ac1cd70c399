/**
 * tools/plan/stack-file.ts readStackFile: the config the plan hands the program is what the
 * Pulumi CLI hands it — scalars as text, a structured value (YAML list or map) as JSON text
 * (https://github.com/pulumi/pulumi/pull/3342), so `npm run plan -- --stack` no longer drops
 * a list silently (a `landing-zone:deleteFirst` list reaches the program, which refuses it
 * as a real `pulumi up` would).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackFile } from "../../tools/plan/stack-file";
import { deletedFirstOf } from "../../program/index";
import { loadDefinitionFile } from "../../program/load";

const stacksDir = path.resolve(__dirname, "..", "..", "stacks");

function project(stackFile: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lz-stack-file-"));
    fs.mkdirSync(path.join(root, "stacks"));
    fs.copyFileSync(path.join(stacksDir, "dev.yaml"), path.join(root, "stacks", "dev.yaml"));
    fs.writeFileSync(path.join(root, "Pulumi.dev.yaml"), stackFile);
    return root;
}

describe("stack file config (tools/plan/stack-file.ts)", () => {
    it("passes a structured value as JSON text, a scalar as its text, and leaves a secret out", () => {
        const root = project(
            [
                "config:",
                "  landing-zone:environment: dev",
                "  landing-zone:deleteFirst:",
                "    - spoke:a",
                "    - spoke:b",
                "  landing-zone:answer: 42",
                "  landing-zone:nested:",
                "    outer: { inner: [1, true] }",
                "  landing-zone:token:",
                "    secure: v1:abc",
                "",
            ].join("\n"),
        );
        try {
            const { config } = readStackFile(root, "dev");
            assert.equal(config["landing-zone:deleteFirst"], '["spoke:a","spoke:b"]');
            assert.deepEqual(JSON.parse(config["landing-zone:nested"]), { outer: { inner: [1, true] } });
            assert.equal(config["landing-zone:answer"], "42");
            assert.ok(!("landing-zone:token" in config));
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("a deleteFirst list reaches the program, which refuses it as a real pulumi up would (it was silently ignored)", () => {
        const root = project(["config:", "  landing-zone:environment: dev", "  landing-zone:deleteFirst: [spoke:x]", ""].join("\n"));
        try {
            const { config } = readStackFile(root, "dev");
            const definition = loadDefinitionFile(path.join(stacksDir, "dev.yaml")).definition!;
            assert.throws(() => deletedFirstOf(definition, "all", config["landing-zone:deleteFirst"]), /landing-zone:deleteFirst: "\["spoke:x"\]" is not spoke:<name> or endpoint:<name>/);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
