/**
 * Review held-out cases (review-perimeter): contexts built from AWS's documentation, documents
 * from the plan JSON, evaluated by iam-simulate (independent.ts) and by the project's engine.
 * It plans every definition in a child process, so it lives in a *.process.test.ts file (npm test).
 *
 * KNOWN lists the cases whose verdict disagrees with AWS's documented behaviour (empty once the
 * review's findings were resolved); the test fails on any other disagreement, and on a KNOWN case
 * that no longer disagrees (so the list is kept honest).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runFile } from "./independent";

/**
 * Cases whose verdict still disagrees with AWS's documented behaviour. Empty: every finding of
 * the review was fixed (an ordinary expectation now) or decided correct as designed — those
 * cases carry a `decision:` with the AWS source and the reason (cases/*.cases.yaml).
 */
const KNOWN: Record<string, string> = {};

const dir = path.join(__dirname, "cases");
describe("review-perimeter: held-out cases (independent evaluator and engine)", function () {
    this.timeout(600000);
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".cases.yaml"))) {
        it(f, async () => {
            const rows = await runFile(path.join(dir, f), { quiet: true });
            const wrong = rows
                .filter((r: any) => r.independent !== r.expect || (r.engine !== undefined && r.engine !== r.expect))
                .map((r: any) => `${r.env}/${r.id}`);
            const unexpected = wrong.filter((id: string) => !KNOWN[id]);
            const env = rows[0]?.env;
            const fixed = Object.keys(KNOWN).filter((id) => id.startsWith(`${env}/`) && !wrong.includes(id));
            assert.deepStrictEqual({ unexpected, fixed }, { unexpected: [], fixed: [] });
        });
    }
});
