/**
 * Throttling and failure at every AWS call, for every case of fixtures/cases, against the
 * bundled Lambdas: each case is run once to see which calls it makes (every page of
 * ListAccounts, each EC2 lookup, Publish, PutEvaluations...), then once per call with that
 * call throttled once, and once per call with it failing from then on.
 *
 *  - throttled once: the outcome is the case's own (the call is retried with backoff);
 *  - failing for good: never silence. The evaluator still alerts, every subject it could
 *    not check is "could not decide", and every finding it made before is still in the
 *    alert; only when the alert itself cannot be published does it fail (→ Lambda retries,
 *    then the on-failure destination). The Config rule reports what it could not read as
 *    NON_COMPLIANT "COULD NOT DECIDE" and fails; the two reads it can do without are the
 *    oversized item (the summary has what it needs) and the earlier evaluations (stale
 *    results wait for the next daily run).
 */
import * as assert from "assert";
import { Case, Outcome, compare, normalizeVerdict, readAllCases, runCase } from "./cases";
import { FakeAws } from "./fake-aws";

function withoutCallCounts(c: Case): Case {
    const { calls: _calls, ...expected } = c.expected;
    return { ...c, expected };
}

function findingsOf(o: Outcome): { verdict: string; subject: string }[] {
    return Array.isArray(o.returned) ? o.returned : [];
}

/** What must hold when `operation` fails for good from call `call` on. */
function failClosedProblems(c: Case, baseline: Outcome, outcome: Outcome, operation: string): string[] {
    const problems: string[] = [];
    if (c.lambda === "evaluator") {
        if (operation === "Publish" || c.expected.fails) {
            if (!outcome.error) problems.push("the alert could not be published, yet the function succeeded (the event would be lost)");
            return problems;
        }
        if (outcome.error) problems.push(`the function failed instead of alerting: ${outcome.error.message}`);
        const now = findingsOf(outcome);
        for (const before of findingsOf(baseline)) {
            const after = now.find((f) => f.subject === before.subject);
            if (!after) problems.push(`the finding about ${before.subject} disappeared`);
            else if (after.verdict !== before.verdict && after.verdict !== "undecided") problems.push(`${before.subject}: ${before.verdict} became ${after.verdict}`);
        }
        if (!now.some((f) => normalizeVerdict(f.verdict) === "undecided")) problems.push("nothing is 'could not decide' although a lookup failed");
        const message = outcome.published.map((p) => p.Message ?? "").join("\n");
        if (!message.includes("COULD NOT DECIDE")) problems.push("no alert says COULD NOT DECIDE");
        for (const v of findingsOf(baseline).filter((f) => f.verdict === "violation")) {
            if (now.find((f) => f.subject === v.subject)?.verdict === "violation" && !message.includes(v.subject)) problems.push(`the violation about ${v.subject} is not in the alert`);
        }
        return problems;
    }
    const key = (e: Outcome["evaluations"][number]) => `${e.ComplianceResourceType} ${e.ComplianceResourceId} ${e.ComplianceType}`;
    if (operation === "GetResourceConfigHistory") {
        if (outcome.error) problems.push(`failed although the summary suffices: ${outcome.error.message}`);
        if (JSON.stringify(outcome.evaluations.map(key).sort()) !== JSON.stringify(baseline.evaluations.map(key).sort())) problems.push("evaluations changed");
        return problems;
    }
    if (operation === "GetComplianceDetailsByConfigRule") {
        if (outcome.error) problems.push(`failed on the stale-result cleanup: ${outcome.error.message}`);
        const before = new Set(baseline.evaluations.map(key));
        for (const e of outcome.evaluations) if (!before.has(key(e))) problems.push(`new evaluation ${key(e)}`);
        for (const e of baseline.evaluations) if (e.ComplianceType !== "NOT_APPLICABLE" && !outcome.evaluations.some((x) => key(x) === key(e))) problems.push(`lost ${key(e)}`);
        return problems;
    }
    if (!outcome.error) problems.push("the function succeeded although a read failed for good (nothing would reach the on-failure path)");
    for (const e of outcome.evaluations) {
        const same = baseline.evaluations.some((b) => key(b) === key(e));
        const undecided = e.ComplianceType === "NON_COMPLIANT" && (e.Annotation ?? "").startsWith("COULD NOT DECIDE");
        if (!same && !undecided) problems.push(`reported ${key(e)}, neither the case's own result nor COULD NOT DECIDE`);
    }
    return problems;
}

describe("privatelink governance under throttling at every call (bundled Lambdas)", function () {
    this.timeout(300000);
    const fake = FakeAws.forSuite();
    const cases = readAllCases();

    it("finds calls to fault in most cases", async () => {
        let faulted = 0;
        for (const c of cases) {
            await runCase(fake, c);
            if (fake.log.length > 0) faulted++;
        }
        assert.ok(faulted >= cases.length / 2, `only ${faulted} of ${cases.length} cases make AWS calls`);
    });

    for (const c of cases) {
        it(`${c.name}: same outcome when any call is throttled once; fails closed when any call keeps failing`, async () => {
            const baseline = await runCase(fake, c);
            const log = fake.log.filter((call) => !call.failed).map((call) => ({ operation: call.operation, call: call.call }));
            const problems: string[] = [];
            for (const { operation, call } of log) {
                const once = await runCase(fake, withoutCallCounts(c), [{ operation, call, times: 1 }]);
                const retried = fake.calls(operation).filter((x) => x.call === call && x.failed).length;
                for (const p of compare(withoutCallCounts(c), once, fake)) problems.push(`${operation} #${call} throttled once: ${p}`);
                if (retried !== 1) problems.push(`${operation} #${call}: the fault did not fire`);
                const always = await runCase(fake, c, [{ operation, call, times: "always" }]);
                for (const p of failClosedProblems(c, baseline, always, operation)) problems.push(`${operation} #${call} failing for good: ${p}`);
            }
            assert.deepStrictEqual(problems, []);
        });
    }
});
