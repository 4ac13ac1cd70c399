/**
 * Review (review-s3), held out: the rehearsal's program memo must never change a rehearsal's
 * result. Every case under fixtures/review-s3 (written for this review: add/remove a spoke,
 * a domain's reaches, a rename, a spoke moved to another Region, a changed service, endpoints
 * mode, endpoint services, perimeter config, and the same content under two file names) is
 * rehearsed in ONE process, in sequence, with one shared memo (so later rehearsals replay
 * recordings of earlier ones and module-level state is carried between them), fresh, as a
 * change (--from), per-unit and single-stack, with --destroy; each result, whole (steps with
 * their messages, findings, final), must equal the same rehearsal with the memo off.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ProgramMemo } from "../../tools/rehearse/program-memo";
import { rehearse } from "../../tools/rehearse/rehearse";

const dir = path.join(__dirname, "fixtures", "review-s3");
const cases = fs.readdirSync(dir).filter((c) => c !== "base" && fs.existsSync(path.join(dir, c, "from")));
const base = path.join(dir, "base", "rs3.yaml");

describe("review-s3: the program memo changes no rehearsal (held out)", function () {
    this.timeout(600_000);
    const memo = new ProgramMemo();
    const runs: { name: string; opts: Parameters<typeof rehearse>[0] }[] = [
        { name: "base fresh", opts: { definitionFile: base } },
        { name: "base fresh --destroy", opts: { definitionFile: base, destroy: true } },
    ];
    for (const c of cases) {
        const file = path.join(dir, c, "rs3.yaml");
        const from = path.join(dir, c, "from", "rs3.yaml");
        runs.push({ name: `${c} --from --destroy`, opts: { definitionFile: file, fromFile: from, destroy: true } });
        runs.push({ name: `${c} --from --single-stack`, opts: { definitionFile: file, fromFile: from, singleStack: true } });
        runs.push({ name: `${c} back again (--from the change)`, opts: { definitionFile: from, fromFile: file } });
    }
    for (const r of runs) {
        it(r.name, async () => {
            const on = await rehearse({ ...r.opts, memo });
            const off = await rehearse({ ...r.opts, memo: false });
            assert.equal(JSON.stringify(on, null, 1), JSON.stringify(off, null, 1));
        });
    }
    after(() => {
        // The comparison proves something only if the memo replayed.
        assert.ok(memo.stats.replays > 0, JSON.stringify(memo.stats));
    });
});
