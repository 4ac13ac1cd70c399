import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../definition/cli";
import { base, edit } from "./helpers";

function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run validate (definition/cli.ts)", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-cli-"));
    });
    after(() => fs.rmSync(dir, { recursive: true }));

    it("exits 0 for valid files", () => {
        const r = run(["stacks/dev.yaml", "stacks/prod.yaml"]);
        assert.strictEqual(r.code, 0);
        assert.match(r.out, /stacks\/dev\.yaml: valid/);
        assert.strictEqual(r.err, "");
    });

    it("exits 2 and prints file:line:col path: message for every problem", () => {
        const file = path.join(dir, "tt.yaml");
        fs.writeFileSync(file, edit(edit(base, "cidr: 10.1.0.0/16", "cidr: 10.1.0.1/16"), "    domain: apps\n  - name: app-b", "    domian: apps\n  - name: app-b"));
        const r = run([file]);
        assert.strictEqual(r.code, 2);
        const lines = r.err.split("\n");
        assert.ok(lines.includes(`${file}:21:11 spokes[0].cidr: 10.1.0.1/16 is not a network address (host bits are set); did you mean 10.1.0.0/16?`), r.err);
        assert.ok(lines.includes(`${file}:22:5 spokes[0].domian: unknown key "domian" — did you mean "domain"?`), r.err);
        assert.ok(lines.includes(`${file}: 3 errors`), r.err);
    });

    it("exits 2 on a bad command line", () => {
        assert.strictEqual(run([]).code, 2);
        assert.match(run(["--nope"]).err, /Unknown option '--nope'/);
    });

    it("runs as a process without a stack trace on broken input", function () {
        this.timeout(60000);
        const file = path.join(dir, "broken.yaml");
        fs.writeFileSync(file, "environment: [\n");
        const r = spawnSync(process.execPath, ["-r", "ts-node/register", path.join(__dirname, "..", "..", "definition", "cli.ts"), file, path.join(dir, "missing.yaml")], {
            encoding: "utf8",
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        });
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /broken\.yaml:\d+:\d+ \(file\): YAML: /);
        assert.match(r.stderr, /missing\.yaml:0:0 \(file\): cannot read the definition: no such file/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });
});
