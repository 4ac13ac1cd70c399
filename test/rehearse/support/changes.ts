/**
 * The held-out changes (test/rehearse/fixtures/changes/<case>/: `from/<env>.yaml` deployed
 * first, `<env>.yaml` applied as the change), each rehearsed once per mocha run
 * (test/support/rehearsals.ts: shared by the files and worker processes that check it) —
 * the generic checks every change gets (`assertChangeApplied`) and the reviews'
 * case-by-case expectations judge the same rehearsal.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { unitsOf } from "../../../definition/units";
import { spokesMovingAccountOrRegion } from "../../../program/change-order/spoke-moves";
import { loadDefinitionFile } from "../../../program/load";
import { exitCodeOf } from "../../../tools/rehearse/rehearse";
import { rehearsal } from "../../support/rehearsals";
import { RehearsalResult } from "../../../tools/rehearse/model";

export const changesDir = path.join(__dirname, "..", "fixtures", "changes");

const yamlIn = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => path.join(dir, f)) : []);

/**
 * The held-out changes to the organization's accounts, checked in account-changes.test.ts
 * (a change dropped in that is not listed is checked in changes.test.ts).
 */
export const ACCOUNT_CHANGES: readonly string[] = ["log-archive-added", "log-archive-admits-new-account", "log-archive-removed", "remove-account-first-unit", "move-spoke-account-same-cidr"];

/**
 * The second review's changes checked in review2-lifecycle.test.ts (joining an organization,
 * accounts removed and moved, a whole life); review2.sweep.test.ts checks every other `review2-` change.
 */
export const REVIEW2_LIFECYCLE_CHANGES: readonly string[] = ["review2-organization-on", "review2-remove-bucket-account", "review2-move-owner-account", "review2-add-then-destroy"];

/** The names of the held-out changes. */
export function changeCases(): string[] {
    return fs.existsSync(changesDir) ? fs.readdirSync(changesDir).filter((c) => fs.statSync(path.join(changesDir, c)).isDirectory()) : [];
}

/** The environment of change `name` (its definition file's name: `<env>.yaml`). */
export function changeEnvironment(name: string): string {
    return path.basename(changeFiles(name).to, ".yaml");
}

/** The earlier and the new definition file of change `name`. */
export function changeFiles(name: string): { from: string; to: string } {
    const [to] = yamlIn(path.join(changesDir, name));
    const [from] = yamlIn(path.join(changesDir, name, "from"));
    return { from, to };
}

/** The rehearsal of change `name`, computed once per run (test/support/rehearsals.ts). */
export function rehearseChange(name: string): Promise<RehearsalResult> {
    const { from, to } = changeFiles(name);
    return rehearsal({ definitionFile: to, fromFile: from });
}

export function explain(result: RehearsalResult): string {
    return [...result.findings.map((f) => `[${f.rule}] ${f.message.slice(0, 600)}`), ...result.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`)].join("\n");
}

/**
 * What every change must do: every step ok, converged (the rehearsal itself fails a step
 * that deletes or replaces a resource of a spoke, domain or service the change did not
 * touch), and exactly the removed units' stacks destroyed — and those of spokes moved to
 * another account or Region, which are destroyed and deployed again.
 */
export function assertChangeApplied(name: string, result: RehearsalResult): void {
    assert.strictEqual(exitCodeOf(result), 0, explain(result));
    assert.ok(result.converged);
    assert.ok(result.steps.every((s) => s.outcome === "ok"));
    const { from, to } = changeFiles(name);
    const before = loadDefinitionFile(from).definition!;
    const after = loadDefinitionFile(to).definition!;
    const removed = [...unitsOf(before).filter((u) => !unitsOf(after).includes(u)), ...spokesMovingAccountOrRegion(after, before)].map((u) => `${after.environment}-${u}`);
    assert.deepStrictEqual(result.steps.filter((s) => s.stage === "change" && s.operation === "destroy").map((s) => s.stack).sort(), removed.sort());
}
