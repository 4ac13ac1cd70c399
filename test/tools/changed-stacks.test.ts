/**
 * `npm run changed-stacks`: what a pull request plans and what it destroys. A changed
 * definition is never "nothing to plan", even before it has stack files; a unit that is
 * gone is listed to be destroyed, not planned.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ChangedStacks, changedStacks, DefinitionErrors, Tree } from "../../tools/changed-stacks";
import { readStackFiles } from "../../tools/stacks";
import { withoutSpoke, withSpoke } from "../support/definition-edits";

const repo = path.resolve(__dirname, "..", "..");
const read = (rel: string) => fs.readFileSync(path.join(repo, rel), "utf8");
const prodText = read("stacks/prod.yaml");
const devText = read("stacks/dev.yaml");
const prodFiles = () => new Map([...readStackFiles(repo)].filter(([n]) => n.startsWith("Pulumi.prod-")));
const prodStacks = [...prodFiles().keys()].map((f) => f.replace(/^Pulumi\.(.+)\.yaml$/, "$1"));

const tree = (definitions: Record<string, string>, stackFiles: Map<string, string>): Tree => ({
    definitions: new Map(Object.entries(definitions).map(([env, text]) => [`stacks/${env}.yaml`, text])),
    stackFiles,
});
const stacks = (entries: ChangedStacks["plan"]) => entries.map((e) => e.stack).sort();

describe("changed-stacks", () => {
    it("a changed definition plans every stack that selects it, each with its stack file", () => {
        const result = changedStacks(["stacks/prod.yaml"], tree({ prod: prodText, dev: devText }, prodFiles()));
        assert.deepStrictEqual(stacks(result.plan), [...prodStacks].sort());
        assert.ok(result.plan.every((e) => e.stackFile && e.environment === "prod" && e.definition === "stacks/prod.yaml"));
        assert.strictEqual(result.plan[0].unit, "org", "in deployment order");
        assert.deepStrictEqual(result.destroy, []);
        assert.deepStrictEqual(result.environments, [{ environment: "prod", definition: "stacks/prod.yaml", change: "modified" }]);
    });

    it("a new definition without any stack file plans the stacks `npm run stacks` would create, never nothing", () => {
        const newEnv = prodText.replace("environment: prod ", "environment: acme ");
        const result = changedStacks(["stacks/acme.yaml"], tree({ acme: newEnv, prod: prodText }, prodFiles()), tree({ prod: prodText }, prodFiles()));
        assert.ok(result.plan.length >= 10);
        assert.deepStrictEqual(
            result.plan.map((e) => [e.stack, e.unit, e.stackFile]),
            prodStacks.map((s) => s.replace(/^prod-/, "acme-")).map((s) => [s, s.slice("acme-".length), false]).sort((a, b) => result.plan.findIndex((e) => e.stack === a[0]) - result.plan.findIndex((e) => e.stack === b[0])),
        );
        assert.deepStrictEqual(result.environments, [{ environment: "acme", definition: "stacks/acme.yaml", change: "added" }]);
    });

    it("a removed spoke whose stack file is still there: destroy, not plan", () => {
        const result = changedStacks(["stacks/prod.yaml"], tree({ prod: withoutSpoke(prodText, "research-scratch") }, prodFiles()));
        assert.ok(!stacks(result.plan).includes("prod-research-scratch"));
        assert.strictEqual(result.plan.length, prodStacks.length - 1);
        assert.deepStrictEqual(result.destroy, [
            { stack: "prod-research-scratch", environment: "prod", unit: "research-scratch", definition: "stacks/prod.yaml", stackFile: true, reason: 'unit "research-scratch" is no longer in stacks/prod.yaml' },
        ]);
    });

    it("a removed spoke whose stack file was deleted too: found from the base definition, or from the deleted file's name", () => {
        const files = prodFiles();
        files.delete("Pulumi.prod-research-scratch.yaml");
        const head = tree({ prod: withoutSpoke(prodText, "research-scratch") }, files);
        const changed = ["stacks/prod.yaml", "Pulumi.prod-research-scratch.yaml"];
        const withBase = changedStacks(changed, head, tree({ prod: prodText }, prodFiles()));
        assert.deepStrictEqual(withBase.destroy.map((e) => [e.stack, e.stackFile]), [["prod-research-scratch", false]]);
        const withoutBase = changedStacks(changed, head);
        assert.deepStrictEqual(withoutBase.destroy.map((e) => e.stack), ["prod-research-scratch"]);
        // Only the base knows a spoke whose stack file never existed.
        const neverFiled = changedStacks(["stacks/prod.yaml"], tree({ prod: withoutSpoke(withoutSpoke(prodText, "research-scratch"), "research") }, files), tree({ prod: prodText }, files));
        assert.deepStrictEqual(neverFiled.destroy.map((e) => e.stack), ["prod-research", "prod-research-scratch"]);
    });

    it("an added spoke is planned although it has no stack file yet", () => {
        const grown = withSpoke(prodText, { name: "ledger", account: "ledger", cidr: "10.19.0.0/16", domain: "prod" }, "200000000009");
        const result = changedStacks(["stacks/prod.yaml"], tree({ prod: grown }, prodFiles()));
        assert.deepStrictEqual(result.plan.find((e) => e.stack === "prod-ledger"), { stack: "prod-ledger", environment: "prod", unit: "ledger", definition: "stacks/prod.yaml", stackFile: false });
        assert.strictEqual(result.plan.length, prodStacks.length + 1);
    });

    it("a deleted definition destroys every stack it had", () => {
        const result = changedStacks(["stacks/prod.yaml"], tree({ dev: devText }, prodFiles()), tree({ prod: prodText, dev: devText }, prodFiles()));
        assert.deepStrictEqual(result.plan, []);
        assert.deepStrictEqual(stacks(result.destroy), [...prodStacks].sort());
        assert.deepStrictEqual(result.environments, [{ environment: "prod", definition: "stacks/prod.yaml", change: "deleted" }]);
    });

    it("a program or pack change plans every stack of every definition; docs and tests plan nothing", () => {
        const files = new Map([...prodFiles(), ["Pulumi.dev.yaml", read("Pulumi.dev.yaml")]]);
        const head = tree({ prod: prodText, dev: devText }, files);
        for (const changed of ["components/spoke-vpc.ts", "policypacks/landing-zone/index.ts", "aws/prices.ts", "package-lock.json"]) {
            const result = changedStacks([changed], head);
            assert.deepStrictEqual(stacks(result.plan), ["dev", ...prodStacks].sort(), changed);
            assert.deepStrictEqual(result.environments.map((e) => e.change), ["program", "program"]);
        }
        assert.deepStrictEqual(changedStacks(["README.md", "test/network/layout.test.ts", "docs/performance.md"], head), { plan: [], destroy: [], environments: [] });
    });

    it("a stack file changed on its own plans that stack only; one selecting a unit that is gone is to be destroyed", () => {
        const files = prodFiles();
        const result = changedStacks(["Pulumi.prod-orders-prod.yaml"], tree({ prod: prodText }, files));
        assert.deepStrictEqual(stacks(result.plan), ["prod-orders-prod"]);
        files.set("Pulumi.prod-ghost.yaml", files.get("Pulumi.prod-orders-prod.yaml")!.replace("unit: orders-prod", "unit: ghost"));
        const ghost = changedStacks(["Pulumi.prod-ghost.yaml"], tree({ prod: prodText }, files));
        assert.deepStrictEqual(ghost.plan, []);
        assert.deepStrictEqual(ghost.destroy.map((e) => [e.stack, e.reason]), [["prod-ghost", 'unit "ghost" is not in stacks/prod.yaml']]);
    });

    it("a changed definition that does not validate is an error with every problem located, not an empty list", () => {
        const broken = prodText.replace("cidr: 10.16.0.0/16", "cidr: 10.16.0.0/33").replace("domain: nonprod\n", "domain: nonesuch\n");
        assert.throws(
            () => changedStacks(["stacks/prod.yaml"], tree({ prod: broken }, prodFiles())),
            (err: unknown) => {
                assert.ok(err instanceof DefinitionErrors);
                assert.match(err.message, /prod\.yaml:\d+:\d+ spokes\[0\]\.cidr/);
                assert.match(err.message, /prod\.yaml:\d+:\d+ spokes\[3\]\.domain/);
                return true;
            },
        );
    });

    it("an earlier definition that no longer validates is read through its stack files", () => {
        const oldSchema = prodText.replace("environment: prod ", "environment: prod\nlegacyKey: true ");
        const files = prodFiles();
        const result = changedStacks(["stacks/prod.yaml", "definition/schema.ts"], tree({ prod: withoutSpoke(prodText, "research-scratch") }, new Map([...files].filter(([n]) => n !== "Pulumi.prod-research-scratch.yaml"))), tree({ prod: oldSchema }, files));
        assert.deepStrictEqual(result.destroy.map((e) => e.stack), ["prod-research-scratch"]);
    });
});
