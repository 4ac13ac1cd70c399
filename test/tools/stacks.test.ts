/**
 * `npm run stacks`: stack files of units that no longer exist are named as stale, missing
 * and out-of-date ones as before; what Pulumi itself writes into a stack file (secrets
 * provider settings, other config keys) survives a rewrite and is not drift.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDefinitionText } from "../../program/load";
import { main, readStackFiles, stackFilesFor, stackFileStatuses } from "../../tools/stacks";
import { withoutSpoke } from "../support/definition-edits";

const repo = path.resolve(__dirname, "..", "..");
const prodText = fs.readFileSync(path.join(repo, "stacks", "prod.yaml"), "utf8");

/** A project root holding `stacks/<env>.yaml` and the given stack files. */
function project(definitions: Record<string, string>, stackFiles: Map<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.mkdirSync(path.join(root, "stacks"));
    for (const [env, text] of Object.entries(definitions)) fs.writeFileSync(path.join(root, "stacks", `${env}.yaml`), text);
    for (const [name, text] of stackFiles) fs.writeFileSync(path.join(root, name), text);
    return root;
}

function run(root: string, ...args: string[]): { code: number; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const cwd = process.cwd();
    process.chdir(root);
    try {
        const code = main(args, root, { out: (s) => out.push(s), err: (s) => err.push(s) });
        return { code, out, err };
    } finally {
        process.chdir(cwd);
    }
}

const shippedProdFiles = (): Map<string, string> => new Map([...readStackFiles(repo)].filter(([name]) => name.startsWith("Pulumi.prod-")));

describe("npm run stacks", () => {
    const roots: string[] = [];
    const make = (definitions: Record<string, string>, files: Map<string, string>): string => {
        const root = project(definitions, files);
        roots.push(root);
        return root;
    };
    after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

    it("the shipped prod stack files are all ok", () => {
        const definition = loadDefinitionText(prodText, path.join(repo, "stacks", "prod.yaml")).definition!;
        const statuses = stackFileStatuses(definition, { definitionFile: path.join(repo, "stacks", "prod.yaml"), root: repo, files: readStackFiles(repo) });
        assert.deepStrictEqual(statuses.filter((s) => s.status !== "ok"), []);
        assert.deepStrictEqual(statuses.map((s) => s.file), [...stackFilesFor(definition).keys()].sort());
    });

    it("--check fails on the stack file of a removed spoke, naming it, and says to destroy the stack first", () => {
        const root = make({ prod: withoutSpoke(prodText, "research-scratch") }, shippedProdFiles());
        const { code, out } = run(root, "--definition", "stacks/prod.yaml", "--check");
        assert.strictEqual(code, 1);
        assert.strictEqual(out.length, 1, out.join("\n"));
        assert.match(out[0], /^Pulumi\.prod-research-scratch\.yaml: stale: selects unit "research-scratch", which stacks\/prod\.yaml no longer has/);
        assert.match(out[0], /pulumi destroy -s prod-research-scratch/);
    });

    it("without --check a stale file is kept and reported (exit 1) until --prune deletes it", () => {
        const root = make({ prod: withoutSpoke(prodText, "research-scratch") }, shippedProdFiles());
        const kept = run(root, "--definition", "stacks/prod.yaml");
        assert.strictEqual(kept.code, 1);
        assert.ok(fs.existsSync(path.join(root, "Pulumi.prod-research-scratch.yaml")));
        const pruned = run(root, "--definition", "stacks/prod.yaml", "--prune");
        assert.strictEqual(pruned.code, 0, pruned.out.join("\n"));
        assert.ok(!fs.existsSync(path.join(root, "Pulumi.prod-research-scratch.yaml")));
        assert.ok(fs.existsSync(path.join(root, "Pulumi.prod-research.yaml")), "the other spoke of the account stays");
        assert.strictEqual(run(root, "--definition", "stacks/prod.yaml", "--check").code, 0);
    });

    it("a definition without stack files: --check names every missing one; writing creates them all", () => {
        const root = make({ prod: prodText }, new Map());
        const check = run(root, "--definition", "stacks/prod.yaml", "--check");
        assert.strictEqual(check.code, 1);
        const definition = loadDefinitionText(prodText, path.join(root, "stacks", "prod.yaml")).definition!;
        assert.deepStrictEqual(check.out.map((l) => l.split(":")[0]), [...stackFilesFor(definition).keys()].sort());
        assert.ok(check.out.every((l) => / missing: /.test(l)));
        assert.strictEqual(run(root, "--definition", "stacks/prod.yaml").code, 0);
        assert.deepStrictEqual(readStackFiles(root), stackFilesFor(definition));
    });

    it("keeps what Pulumi and the user added: secrets provider settings and other config keys are no drift, and survive a rewrite", () => {
        const files = shippedProdFiles();
        const withProvider = (text: string) =>
            text.replace("config:\n", "secretsprovider: awskms://alias/pulumi-state?region=us-east-1\nencryptedkey: AQICAHh0ZXN0\nconfig:\n  aws:skipMetadataApiCheck: \"false\"\n");
        files.set("Pulumi.prod-network.yaml", withProvider(files.get("Pulumi.prod-network.yaml")!));
        // An out-of-date one: selects the wrong unit, and has the same additions.
        files.set("Pulumi.prod-security.yaml", withProvider(files.get("Pulumi.prod-security.yaml")!).replace("landing-zone:unit: security", "landing-zone:unit: network"));
        const root = make({ prod: prodText }, files);
        const check = run(root, "--definition", "stacks/prod.yaml", "--check");
        assert.deepStrictEqual(check.out, [
            'Pulumi.prod-security.yaml: out-of-date: landing-zone:unit is "network", expected "security"; run npm run stacks -- --definition stacks/prod.yaml',
        ]);
        assert.strictEqual(run(root, "--definition", "stacks/prod.yaml").code, 0);
        const rewritten = fs.readFileSync(path.join(root, "Pulumi.prod-security.yaml"), "utf8");
        assert.match(rewritten, /^# Stack prod-security: /);
        assert.match(rewritten, /landing-zone:unit: security\n/);
        assert.match(rewritten, /secretsprovider: awskms:\/\/alias\/pulumi-state\?region=us-east-1\n/);
        assert.match(rewritten, /encryptedkey: AQICAHh0ZXN0\n/);
        assert.match(rewritten, /aws:skipMetadataApiCheck: "false"\n/);
        assert.strictEqual(run(root, "--definition", "stacks/prod.yaml", "--check").code, 0);
    });

    it("an environment deployed as one unit-all stack needs no per-unit files, and a per-unit file next to it is a conflict", () => {
        const devText = fs.readFileSync(path.join(repo, "stacks", "dev.yaml"), "utf8");
        const dev = new Map([["Pulumi.dev.yaml", fs.readFileSync(path.join(repo, "Pulumi.dev.yaml"), "utf8")]]);
        assert.strictEqual(run(make({ dev: devText }, dev), "--definition", "stacks/dev.yaml", "--check").code, 0);
        const definition = loadDefinitionText(devText, path.join(repo, "stacks", "dev.yaml")).definition!;
        const both = new Map([...dev, ["Pulumi.dev-network.yaml", stackFilesFor(definition).get("Pulumi.dev-network.yaml")!]]);
        const { code, out } = run(make({ dev: devText }, both), "--definition", "stacks/dev.yaml", "--check");
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(out.map((l) => l.split(": ").slice(0, 2).join(": ")), ["Pulumi.dev-network.yaml: conflict"]);
        assert.match(out[0], /stack dev already deploys every unit/);
    });

    it("stack files of other environments are left alone", () => {
        const files = shippedProdFiles();
        files.set("Pulumi.dev.yaml", fs.readFileSync(path.join(repo, "Pulumi.dev.yaml"), "utf8"));
        const root = make({ prod: withoutSpoke(prodText, "research-scratch") }, files);
        const { out } = run(root, "--definition", "stacks/prod.yaml", "--check");
        assert.ok(!out.some((l) => l.includes("Pulumi.dev.yaml")), out.join("\n"));
    });

    it("an invalid definition exits 2 with its problems located; bad arguments exit 2", () => {
        const root = make({ prod: prodText.replace("cidr: 10.16.0.0/16", "cidr: 10.16.0.0/33") }, new Map());
        const bad = run(root, "--definition", "stacks/prod.yaml", "--check");
        assert.strictEqual(bad.code, 2);
        assert.match(bad.err.join("\n"), /prod\.yaml:\d+:\d+ spokes\[0\]\.cidr/);
        assert.strictEqual(run(root, "--check").code, 2);
        assert.strictEqual(run(root, "--definition", "stacks/prod.yaml", "--check", "--prune").code, 2);
        assert.strictEqual(run(root, "--definition", "stacks/nope.yaml").code, 2);
    });
});
