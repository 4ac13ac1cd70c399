/**
 * `npm run changed-stacks -- --base <ref>` on a real git history: the base tree is read
 * with git, the result is the JSON the workflow reads.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/changed-stacks";
import { withoutSpoke } from "../support/definition-edits";

const repo = path.resolve(__dirname, "..", "..");

describe("changed-stacks --base (git)", () => {
    let root: string;
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });
    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "changed-stacks-git-"));
        fs.mkdirSync(path.join(root, "stacks"));
        fs.copyFileSync(path.join(repo, "stacks", "prod.yaml"), path.join(root, "stacks", "prod.yaml"));
        for (const f of fs.readdirSync(repo).filter((n) => /^Pulumi\.prod-.+\.yaml$/.test(n))) fs.copyFileSync(path.join(repo, f), path.join(root, f));
        git("init", "-q", "-b", "main");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base");
        // The pull request removes a spoke and its stack file.
        const def = path.join(root, "stacks", "prod.yaml");
        fs.writeFileSync(def, withoutSpoke(fs.readFileSync(def, "utf8"), "research-scratch"));
        fs.rmSync(path.join(root, "Pulumi.prod-research-scratch.yaml"));
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("prints plan, destroy and environments as one JSON object", () => {
        const out: string[] = [];
        const changed = git("diff", "--name-only", "main").trim().split("\n");
        assert.deepStrictEqual(changed.sort(), ["Pulumi.prod-research-scratch.yaml", "stacks/prod.yaml"]);
        assert.strictEqual(main(["--base", "main", ...changed], root, { out: (s) => out.push(s), err: (s) => assert.fail(s) }), 0);
        const result = JSON.parse(out.join("\n"));
        assert.deepStrictEqual(Object.keys(result), ["plan", "destroy", "environments"]);
        assert.ok(result.plan.length >= 9 && !result.plan.some((e: { stack: string }) => e.stack === "prod-research-scratch"));
        assert.deepStrictEqual(result.destroy, [
            { stack: "prod-research-scratch", environment: "prod", unit: "research-scratch", definition: "stacks/prod.yaml", stackFile: false, reason: 'unit "research-scratch" is no longer in stacks/prod.yaml' },
        ]);
    });

    it("an unknown base ref exits 2 and says what to do", () => {
        const err: string[] = [];
        assert.strictEqual(main(["--base", "origin/nope", "stacks/prod.yaml"], root, { out: () => undefined, err: (s) => err.push(s) }), 2);
        assert.match(err.join("\n"), /--base origin\/nope: not a git ref .*fetch-depth: 0/);
    });
});
