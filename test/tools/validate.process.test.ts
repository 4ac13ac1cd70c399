/**
 * `npm run validate` as a process: broken input gives file:line:col messages and exit
 * code 2, never a stack trace.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runScript } from "../support/processes";

describe("npm run validate (tools/validate.ts) as a process", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-cli-"));
    });
    after(() => fs.rmSync(dir, { recursive: true }));

    it("runs as a process without a stack trace on broken input", function () {
        this.timeout(60000);
        const file = path.join(dir, "broken.yaml");
        fs.writeFileSync(file, "environment: [\n");
        const r = runScript(path.join(__dirname, "..", "..", "tools", "validate.ts"), [file, path.join(dir, "missing.yaml")]);
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /broken\.yaml:\d+:\d+ \(file\): YAML: /);
        assert.match(r.stderr, /missing\.yaml:0:0 \(file\): cannot read the definition: no such file/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });
});
