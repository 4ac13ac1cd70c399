/**
 * The shipped Pulumi stack files (`Pulumi.<stack>.yaml`) match what `npm run stacks`
 * generates from the definitions, so none drifts. (That each one plans and passes the
 * pack is shipped-stacks.process.test.ts.)
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { stackFilesFor } from "../../tools/stacks";

const root = path.resolve(__dirname, "..", "..");

describe("shipped stack files", () => {
    it("match what `npm run stacks` generates from each definition with per-unit stacks", () => {
        for (const env of ["prod"]) {
            const { definition } = loadDefinitionFile(path.join(root, "stacks", `${env}.yaml`));
            assert.ok(definition, `stacks/${env}.yaml loads`);
            for (const [name, text] of stackFilesFor(definition)) {
                const file = path.join(root, name);
                assert.ok(fs.existsSync(file), `${name} is missing: run npm run stacks -- --definition stacks/${env}.yaml`);
                assert.strictEqual(fs.readFileSync(file, "utf8"), text, `${name} differs from the generated one`);
            }
        }
    });
});
