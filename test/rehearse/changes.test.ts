/**
 * The held-out changes (test/rehearse/fixtures/changes/<case>/: `from/<env>.yaml` deployed
 * first, `<env>.yaml` applied as the change): each applies without touching what it should
 * not and destroys exactly the removed units (test/rehearse/support/changes.ts
 * `assertChangeApplied`). Drop a change into that folder to have it checked here; the
 * reviews' changes (`rv-`, `review2-`) are checked in their own files, the changes to
 * accounts (`ACCOUNT_CHANGES`) in account-changes.test.ts.
 */
import * as assert from "assert";
import { ACCOUNT_CHANGES, assertChangeApplied, changeCases, rehearseChange } from "./support/changes";

describe("the rehearsal (npm run rehearse): held-out changes", function () {
    this.timeout(180_000);

    describe("held-out changes (test/rehearse/fixtures/changes)", () => {
        const cases = changeCases();
        it("include adding, removing and moving a spoke and adding a service", () => {
            for (const c of ["add-spoke", "remove-spoke", "move-spoke", "add-service"]) assert.ok(cases.includes(c), c);
        });
        // The reviews' cases (`rv-`, `review2-`) get the same checks in the files that judge them
        // case by case (review-expectations*.test.ts, review2*.test.ts), the changes to accounts
        // in account-changes.test.ts; every other change here.
        for (const c of cases.filter((c) => !c.startsWith("rv-") && !c.startsWith("review2-") && !ACCOUNT_CHANGES.includes(c))) {
            it(c, async () => assertChangeApplied(c, await rehearseChange(c)));
        }
    });
});
