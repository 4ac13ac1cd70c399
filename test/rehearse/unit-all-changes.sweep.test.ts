/**
 * Held out: every change fixture (fixtures/changes and fixtures/review-s3, written for the
 * per-unit waves, and fixtures/unit-all, written for this: `<case>/<env>.yaml` and
 * `<case>/from/<env>.yaml`; drop one in) must rehearse as one unit-`all` stack too — the runs `npm run deploy` plans for it (one, or two
 * when the change must delete first: program/change-order/single-stack-delete-first.ts deleteFirstOf), every step ok, no
 * finding, converged, destroyed. A long sweep (`npm run test:sweep`): some ninety rehearsals (~48 CPU-s).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { deleteFirstOf } from "../../program/change-order/single-stack-delete-first";
import { InputError, rehearse } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { explain } from "./support/changes";

const fixtures = path.join(__dirname, "fixtures");
const cases = ["changes", "review-s3", "unit-all"].flatMap((group) =>
    fs
        .readdirSync(path.join(fixtures, group))
        .filter((c) => fs.existsSync(path.join(fixtures, group, c, "from")))
        .map((c) => {
            const dir = path.join(fixtures, group, c);
            const file = fs.readdirSync(dir).find((f) => f.endsWith(".yaml"))!;
            return { name: `${group}/${c}`, definitionFile: path.join(dir, file), fromFile: path.join(dir, "from", file) };
        }),
);

/** What the unit-all cases delete first (a case without an entry is rehearsed, not pinned). */
const expectedFirst: Record<string, string[]> = {
    // domain apps removed with its spokes (alpha's owner and consumer); a new spoke of shared takes one-a's CIDR
    "unit-all/remove-domain-reuse-cidr": ["spoke:one-a"],
    // alpha's owner renamed, CIDR kept: alpha goes with it in the first run, comes back with one-b
    "unit-all/owner-renamed": ["spoke:one-a"],
    // endpoints to distributed and alpha's consumer renamed in one change (the per-unit waves cannot order it)
    "unit-all/mode-and-rename": ["spoke:two-a", "endpoint:ssm", "endpoint:kms"],
    "review-s3/rename": ["spoke:two-s"],
    "review-s3/endpoints-mode": ["endpoint:ssm", "endpoint:kms"],
    "review-s3/remove-spoke": [],
    "changes/review2-swap-cidrs": ["spoke:b-api", "spoke:b-web"],
};

/** Cases that fail as one stack, and why (review-unit-all: test/rehearse/review-unit-all.sweep.test.ts). */
const failing: Record<string, string> = {
};

/** Cases every change planner refuses before anything runs (a located InputError), and why. */
const refused: Record<string, RegExp> = {
    // the hub's new CIDR overlaps its old one (tgw-propagation-overlapping-cidr): definition/hub-cidr-change.ts
    "unit-all/rv-hub-cidr-grow": /network\.hub\.cidr: .*overlaps it/,
};

describe("every change fixture rehearses as one unit-all stack (held out)", function () {
    this.timeout(600_000);
    it("finds the fixtures", () => assert.ok(cases.length >= 60 && Object.keys(expectedFirst).every((k) => cases.some((c) => c.name === k)), `${cases.length}`));
    for (const c of cases) {
        (failing[c.name] ? it.skip : it)(failing[c.name] ? `${c.name} — SKIPPED: ${failing[c.name]}` : c.name, async () => {
            if (refused[c.name]) {
                await assert.rejects(rehearse({ definitionFile: c.definitionFile, fromFile: c.fromFile, singleStack: true, destroy: true }), (e: unknown) => e instanceof InputError && refused[c.name].test(e.message));
                return;
            }
            const first = deleteFirstOf(loadDefinitionFile(c.definitionFile).definition!, loadDefinitionFile(c.fromFile).definition!);
            if (expectedFirst[c.name]) assert.deepEqual(first.map((d) => d.item).sort(), [...expectedFirst[c.name]].sort());
            const r = await rehearsal({ definitionFile: c.definitionFile, fromFile: c.fromFile, singleStack: true, destroy: true });
            assert.deepEqual(r.findings.map((f) => `${f.rule}: ${f.message.slice(0, 300)}`), [], explain(r));
            assert.ok(r.steps.every((s) => s.outcome === "ok") && r.converged && r.final.resources === 0, explain(r));
            assert.equal(r.steps.filter((s) => s.stage === "change").length, first.length > 0 ? 2 : 1, "runs of the change");
        });
    }
});
