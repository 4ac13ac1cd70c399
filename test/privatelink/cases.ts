/**
 * The case folders of fixtures/cases (see its README.md): reading them, running one
 * against a bundled Lambda on the fake AWS, and comparing the outcome with expected.json.
 * Shared by cases.test.ts (each case as written) and throttling.test.ts (each case with a
 * fault injected at every call).
 */
import * as fs from "fs";
import * as path from "path";
import { FakeAws, Fault, World } from "./fake-aws";
import { LambdaHandler, lambdaEntries, loadBundledHandler, withEnvironment } from "./lambda-bundles";

export const casesDir = path.join(__dirname, "fixtures", "cases");

export interface ExpectedFinding {
    verdict: string;
    subject: string;
    rule?: string;
}

export interface ExpectedEvaluation {
    resourceType?: string;
    resourceId: string;
    complianceType: string;
    annotationIncludes?: string;
}

export interface Expected {
    description?: string;
    sources?: string[];
    /** Evaluator: the alert's kind, or null for no alert. */
    alert?: "VIOLATION" | "COULD NOT DECIDE" | "NEEDS REVIEW" | null;
    findings?: ExpectedFinding[];
    messageIncludes?: string[];
    /** Config rule: every evaluation reported, in any order. */
    evaluations?: ExpectedEvaluation[];
    /** The function fails (throws), so Lambda retries it and then uses the on-failure destination. */
    fails?: boolean;
    /** Exact number of calls per SDK operation. */
    calls?: Record<string, number>;
    /** Regions each call of an operation went to. */
    callRegions?: Record<string, string[]>;
    /** Accounts (inspector profiles) each call of an operation used. */
    callAccounts?: Record<string, string[]>;
}

export interface Case {
    name: string;
    event: unknown;
    expected: Expected;
    world: World;
    lambda: keyof typeof lambdaEntries;
}

function readJson(file: string): any {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new Error(`${path.relative(process.cwd(), file)}: ${(error as Error).message}`);
    }
}

/**
 * The case folders to run: fixtures/cases, and any folders named in GOVERNANCE_CASES
 * (separated by the platform's path delimiter), so cases kept outside the repository run
 * with the same harness. A folder's own world.json is the shared world of its cases.
 */
export function caseDirs(env: NodeJS.ProcessEnv = process.env): string[] {
    const extra = (env.GOVERNANCE_CASES ?? "").split(path.delimiter).filter((d) => d.trim() !== "");
    return [casesDir, ...extra.map((d) => path.resolve(d))];
}

/** Every case of every case directory (see `caseDirs`). */
export function readAllCases(): Case[] {
    const repository: World = readJson(path.join(casesDir, "world.json"));
    return caseDirs().flatMap((dir) =>
        dir === casesDir ? readCases(dir) : readCases(dir, repository).map((c) => ({ ...c, name: `${path.basename(dir)}/${c.name}` })),
    );
}

function mergeWorld(base: World, own: World): World {
    return { ...base, ...own, settings: { ...(base.settings ?? {}), ...(own.settings ?? {}) } };
}

/**
 * Every case folder of `dir` (one with an event.json). The world of a case is this
 * folder's world.json, under `dir`'s world.json, under `base` (for other directories,
 * fixtures/cases/world.json: a folder of extra cases need only say what differs).
 */
export function readCases(dir = casesDir, base: World = {}): Case[] {
    const shared = mergeWorld(base, fs.existsSync(path.join(dir, "world.json")) ? readJson(path.join(dir, "world.json")) : {});
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "event.json")))
        .map((d) => {
            const folder = path.join(dir, d.name);
            const event = readJson(path.join(folder, "event.json"));
            const world = mergeWorld(shared, fs.existsSync(path.join(folder, "world.json")) ? readJson(path.join(folder, "world.json")) : {});
            const lambda = event && typeof event === "object" && "invokingEvent" in event ? "configRule" : "evaluator";
            return { name: d.name, event, expected: readJson(path.join(folder, "expected.json")), world, lambda };
        });
}

export interface Outcome {
    returned?: any;
    error?: Error;
    published: { Subject?: string; Message?: string }[];
    evaluations: { ComplianceResourceType?: string; ComplianceResourceId?: string; ComplianceType?: string; Annotation?: string }[];
}

const handlers = new Map<string, LambdaHandler>();

/** Runs a case against the bundled Lambda (a cold start each time) on the fake AWS, with `extraFaults` added. */
export async function runCase(fake: FakeAws, c: Case, extraFaults: Fault[] = []): Promise<Outcome> {
    fake.reset({ ...c.world, faults: [...(c.world.faults ?? []), ...extraFaults] });
    const handler = loadBundledHandler(lambdaEntries[c.lambda]);
    handlers.set(c.name, handler);
    const settings = Object.fromEntries(Object.entries(c.world.settings ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    const outcome: Outcome = { published: [], evaluations: [] };
    await withEnvironment({ AWS_REGION: c.world.region ?? "us-east-1", GOVERNANCE_RETRY_BASE_MS: "1", ...settings }, async () => {
        try {
            outcome.returned = await handler(JSON.parse(JSON.stringify(c.event)));
        } catch (error) {
            outcome.error = error as Error;
        }
    });
    outcome.published = fake.calls("Publish").filter((call) => !call.failed).map((call) => call.input);
    outcome.evaluations = fake
        .calls("PutEvaluations")
        .filter((call) => !call.failed)
        .flatMap((call) => call.input.Evaluations ?? []);
    return outcome;
}

const verdictWords: Record<string, string> = { "needs review": "review", "could not decide": "undecided" };

/** The verdict names expected.json may use: the evaluator's own, or the alert's words. */
export function normalizeVerdict(v: string): string {
    return verdictWords[v.toLowerCase()] ?? v.toLowerCase();
}

/** Every difference between the outcome and expected.json, as readable lines (empty when the case passes). */
export function compare(c: Case, outcome: Outcome, fake: FakeAws): string[] {
    const e = c.expected;
    const problems: string[] = [];
    const failed = outcome.error !== undefined;
    if (e.fails !== undefined && e.fails !== failed) {
        problems.push(e.fails ? "expected the function to fail (on-failure path), it returned" : `expected the function to succeed, it failed: ${outcome.error?.message}`);
    } else if (e.fails === undefined && failed) {
        problems.push(`the function failed: ${outcome.error?.message}`);
    }
    if (c.lambda === "evaluator") {
        if (e.alert !== undefined) {
            const subjects = outcome.published.map((p) => p.Subject ?? "");
            if (e.alert === null && subjects.length > 0) problems.push(`expected no alert, got: ${subjects.join(" | ")}`);
            if (e.alert !== null && !subjects.some((s) => s.startsWith(`PrivateLink ${e.alert}:`))) {
                problems.push(`expected a "${e.alert}" alert, got: ${subjects.join(" | ") || "none"}`);
            }
            if (e.alert !== null && subjects.length !== 1) problems.push(`expected exactly one alert, got ${subjects.length}`);
        }
        for (const text of e.messageIncludes ?? []) {
            if (!outcome.published.some((p) => (p.Message ?? "").includes(text))) problems.push(`no alert message includes ${JSON.stringify(text)}`);
        }
        if (e.findings) {
            const got: { verdict: string; subject: string; rule?: string }[] = Array.isArray(outcome.returned) ? outcome.returned : [];
            const key = (f: { verdict: string; subject: string }) => `${normalizeVerdict(f.verdict)} ${f.subject}`;
            const want = e.findings.map(key).sort();
            const have = got.map(key).sort();
            if (JSON.stringify(want) !== JSON.stringify(have)) problems.push(`findings differ:\n    expected ${JSON.stringify(want)}\n    got      ${JSON.stringify(have)}`);
            for (const f of e.findings.filter((x) => x.rule)) {
                if (!got.some((g) => g.subject === f.subject && g.rule === f.rule)) problems.push(`no finding for ${f.subject} with rule ${f.rule} (got ${got.map((g) => `${g.subject}:${g.rule}`).join(", ")})`);
            }
        }
    }
    if (e.evaluations) {
        const key = (type: string | undefined, id: string | undefined, compliance: string | undefined) => `${type ?? "AWS::EC2::VPCEndpointService"} ${id} ${compliance}`;
        const want = e.evaluations.map((x) => key(x.resourceType, x.resourceId, x.complianceType)).sort();
        const have = outcome.evaluations.map((x) => key(x.ComplianceResourceType, x.ComplianceResourceId, x.ComplianceType)).sort();
        if (JSON.stringify(want) !== JSON.stringify(have)) problems.push(`evaluations differ:\n    expected ${JSON.stringify(want)}\n    got      ${JSON.stringify(have)}`);
        for (const x of e.evaluations.filter((y) => y.annotationIncludes)) {
            const match = outcome.evaluations.find((y) => y.ComplianceResourceId === x.resourceId && y.ComplianceType === x.complianceType);
            if (match && !(match.Annotation ?? "").includes(x.annotationIncludes!)) problems.push(`annotation of ${x.resourceId} is ${JSON.stringify(match.Annotation)}, expected it to include ${JSON.stringify(x.annotationIncludes)}`);
        }
    }
    // A request AWS would refuse is a bug whatever the case expects (even a case that expects the function to fail).
    for (const call of fake.log.filter((x) => x.refused)) problems.push(`AWS would refuse ${call.operation} #${call.call}: ${call.refused}`);
    for (const [operation, count] of Object.entries(e.calls ?? {})) {
        const n = fake.calls(operation).length;
        if (n !== count) problems.push(`expected ${count} ${operation} call(s), saw ${n}`);
    }
    for (const [operation, regions] of Object.entries(e.callRegions ?? {})) {
        const seen = [...new Set(fake.calls(operation).map((call) => call.region))];
        if (JSON.stringify(seen) !== JSON.stringify(regions)) problems.push(`${operation} went to ${JSON.stringify(seen)}, expected ${JSON.stringify(regions)}`);
    }
    for (const [operation, accounts] of Object.entries(e.callAccounts ?? {})) {
        const seen = [...new Set(fake.calls(operation).map((call) => call.account))];
        if (JSON.stringify(seen) !== JSON.stringify(accounts)) problems.push(`${operation} used accounts ${JSON.stringify(seen)}, expected ${JSON.stringify(accounts)}`);
    }
    return problems;
}
