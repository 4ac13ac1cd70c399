/**
 * The offline plan (unit all) of environments whose endpoint services fail over to a
 * second Region: stacks/prod.yaml with a failover Region added to payments-api, and every
 * definition under fixtures/definitions/<case>/<env>.yaml (drop one in to check it too).
 *
 * Expectations come from the definition file itself, read as plain YAML: the Regions are
 * `region` and every `endpointServices[].failover.region`; the watched accounts are the
 * ones a stack deploys into (management with an organization, the network, security and
 * spoke accounts). For each account and Region the plan must hold the forwarding rule of
 * the governed calls with a dead-letter queue, and the Config rule subscribed to change
 * and oversized-change notifications whose function has an on-failure destination; every
 * queue must have an alarm in its own account and Region.
 *
 * A definition without `security` has no detective controls (they need the security
 * account: program/index.ts builds them only with one), so the checks of the detective
 * controls are skipped for it, each titled with that reason; instead its plan must hold no
 * detective controls at all. Whether or not it has `security`, every endpoint service must
 * be planned in its own Region and in its failover Region (resource-level `region`).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { changeTriggerMessageTypes } from "../../aws/config-rule-events";
import { callerAccountId } from "../../tools/plan/mocks";
import { PlannedResource } from "../../analysis/plan-records";
import { PlanResult } from "../../tools/plan/model";
import { loadForPlan, planProgram } from "../../tools/plan/run";

const root = path.resolve(__dirname, "..", "..");

/** stacks/prod.yaml with a failover Region for payments-api, written where the loader can read it as prod.yaml. */
function prodWithFailover(): string {
    const doc = YAML.parse(fs.readFileSync(path.join(root, "stacks", "prod.yaml"), "utf8"));
    const service = doc.endpointServices.find((s: { name: string }) => s.name === "payments-api");
    service.failover = {
        region: "us-west-2",
        zone: "payments.example.internal",
        provider: { vpcId: "vpc-0a0a0a0a0a0a0a0a1", subnetIds: ["subnet-0a0a0a0a0a0a0a0a1", "subnet-0a0a0a0a0a0a0a0a2"], targets: ["10.116.0.10"] },
        consumers: [{ spoke: "orders-prod", vpcId: "vpc-0b0b0b0b0b0b0b0b1", subnetIds: ["subnet-0b0b0b0b0b0b0b0b1"], cidr: "10.117.0.0/16" }],
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "governance-plan-"));
    const file = path.join(dir, "prod.yaml");
    fs.writeFileSync(file, YAML.stringify(doc));
    return file;
}

/** Definitions under fixtures/definitions/<case>/ and under the folders in GOVERNANCE_DEFINITIONS (path-delimited). */
function heldOutDefinitions(): string[] {
    const dirs = [path.join(__dirname, "fixtures", "definitions"), ...(process.env.GOVERNANCE_DEFINITIONS ?? "").split(path.delimiter).filter((d) => d.trim() !== "")];
    return dirs.flatMap((dir) => definitionsIn(path.resolve(dir)));
}

function definitionsIn(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => fs.readdirSync(path.join(dir, d.name)).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, d.name, f)));
}

/** What the definition file says, without the program's help. */
function expectationsOf(file: string): {
    home: string;
    regions: string[];
    accounts: string[];
    configRule: boolean;
    /** The security account's id; undefined when the definition has no `security` (no detective controls). */
    security?: string;
    /** Each endpoint service with failover: its name, its own Region and the failover Region. */
    failovers: { name: string; primary: string; failover: string }[];
} {
    const doc = YAML.parse(fs.readFileSync(file, "utf8"));
    const regions = [doc.region, ...(doc.endpointServices ?? []).map((s: any) => s.failover?.region).filter(Boolean)];
    const security = doc.security?.account as string | undefined;
    const logical = new Set<string>([doc.network.account, ...(security !== undefined ? [security] : []), ...(doc.spokes ?? []).map((s: any) => s.account)]);
    if (doc.organization) logical.add("management");
    const spokeRegion = (name: string) => (doc.spokes ?? []).find((s: any) => s.name === name)?.region ?? doc.region;
    return {
        home: doc.region,
        regions: [...new Set<string>(regions)],
        accounts: [...new Set([...logical].map((name) => String(doc.accounts[name])))].sort(),
        configRule: doc.security?.configRule !== false,
        security: security !== undefined ? String(doc.accounts[security]) : undefined,
        failovers: (doc.endpointServices ?? []).filter((s: any) => s.failover).map((s: any) => ({ name: s.name, primary: spokeRegion(s.spoke), failover: s.failover.region })),
    };
}

/** Why a check is skipped for a definition without `security`. */
const NO_SECURITY = "skipped: the definition has no `security`, and the detective controls are built only with a security account";

interface Located {
    r: PlannedResource;
    account: string;
    region: string;
}

/** Each resource with the account (its provider's pinned account, or the caller's) and Region (resource-level, else its provider's, else the home Region) it lands in. */
function locate(plan: PlanResult, file: string, home: string): Located[] {
    const { definition } = loadForPlan(file);
    // Provider inputs reach the engine as JSON strings.
    const pinned = (value: unknown): string => String((typeof value === "string" ? JSON.parse(value) : value)?.[0]);
    const providers = new Map(plan.resources.filter((r) => r.type === "pulumi:providers:aws").map((p) => [p.urn, pinned(p.inputs.allowedAccountIds)]));
    const providerRegions = new Map(plan.resources.filter((r) => r.type === "pulumi:providers:aws" && typeof r.inputs.region === "string").map((p) => [p.urn, p.inputs.region as string]));
    return plan.resources.map((r) => ({
        r,
        account: (r.provider !== undefined ? providers.get(r.provider) : undefined) ?? callerAccountId(definition),
        region: typeof r.inputs.region === "string" ? r.inputs.region : ((r.provider !== undefined ? providerRegions.get(r.provider) : undefined) ?? home),
    }));
}

function patternOf(r: PlannedResource): any {
    return typeof r.inputs.eventPattern === "string" ? JSON.parse(r.inputs.eventPattern) : {};
}

describe("the plan of environments with a failover Region watches both Regions", function () {
    this.timeout(300000);
    const files = [{ label: "stacks/prod.yaml + payments-api failover to us-west-2", file: prodWithFailover() }, ...heldOutDefinitions().map((f) => ({ label: path.relative(root, f), file: f }))];

    for (const { label, file } of files) {
        describe(label, () => {
            const want = expectationsOf(file);
            let located: Located[];
            before(async () => {
                const { definition } = loadForPlan(file);
                const plan = await planProgram({ definitionFile: file, unit: "all", definition });
                located = locate(plan, file, want.home);
            });
            const ofType = (type: string) => located.filter((l) => l.r.type === type);

            /** A check of the detective controls: run with `security`, skipped (saying why) without. */
            const withSecurity = (title: string, fn: (this: Mocha.Context) => void) => (want.security !== undefined ? it(title, fn) : it.skip(`${title} — ${NO_SECURITY}`, fn));

            it(`uses more than one Region (${want.regions.join(", ")})`, () => assert.ok(want.regions.length >= 2));

            it("plans each endpoint service in its own Region and in its failover Region", () => {
                const services = ofType("aws:ec2/vpcEndpointService:VpcEndpointService");
                for (const f of want.failovers) {
                    const regions = services.filter((l) => l.r.name === `${f.name}-service` || l.r.name === `${f.name}-${f.failover}-service`).map((l) => l.region).sort();
                    assert.deepStrictEqual(regions, [f.primary, f.failover].sort(), `${f.name}: ${regions.join(", ")}`);
                }
            });

            if (want.security === undefined) {
                it("builds no detective controls (no security account to send them to)", () => {
                    const governed = ofType("aws:cloudwatch/eventRule:EventRule").filter((l) => (patternOf(l.r).detail?.eventName ?? []).includes("CreateVpcEndpoint"));
                    assert.deepStrictEqual(governed.map((l) => l.r.name), []);
                    assert.deepStrictEqual(ofType("aws:cloudwatch/eventBus:EventBus").map((l) => l.r.name), []);
                    assert.deepStrictEqual(ofType("aws:cfg/rule:Rule").map((l) => l.r.name), []);
                });
            }

            withSecurity("forwards the governed calls from every account in every Region, with retries and a dead-letter queue in the rule's Region", () => {
                const queues = ofType("aws:sqs/queue:Queue").map((q) => `arn:aws:sqs:${q.region}:${q.account}:${q.r.inputs.name}`);
                const missing: string[] = [];
                for (const account of want.accounts) {
                    for (const region of want.regions) {
                        const rule = ofType("aws:cloudwatch/eventRule:EventRule").find(
                            (l) => l.account === account && l.region === region && l.r.inputs.eventBusName === undefined && (patternOf(l.r).detail?.eventName ?? []).includes("CreateVpcEndpoint"),
                        );
                        if (!rule) {
                            missing.push(`no forwarding rule for ${account} in ${region}`);
                            continue;
                        }
                        const target = ofType("aws:cloudwatch/eventTarget:EventTarget").find((l) => l.account === account && l.region === region && l.r.inputs.rule === rule.r.inputs.name);
                        const dlq = (target?.r.inputs.deadLetterConfig as { arn?: string } | undefined)?.arn;
                        if (!target || !target.r.inputs.retryPolicy) missing.push(`${account} ${region}: the forwarding target has no retry policy`);
                        else if (!dlq || !dlq.startsWith(`arn:aws:sqs:${region}:`) || !queues.includes(dlq)) missing.push(`${account} ${region}: dead-letter queue ${dlq} is not a planned queue in ${region}`);
                    }
                }
                assert.deepStrictEqual(missing, []);
            });

            withSecurity("puts the Config rule, subscribed to change and oversized-change notifications, in every account and Region, each function with an on-failure destination", function () {
                if (!want.configRule) this.skip();
                const missing: string[] = [];
                for (const account of want.accounts) {
                    for (const region of want.regions) {
                        const rule = ofType("aws:cfg/rule:Rule").find((l) => l.account === account && l.region === region);
                        const types = ((rule?.r.inputs.source as any)?.sourceDetails ?? []).map((d: any) => d.messageType);
                        for (const t of changeTriggerMessageTypes) if (!types.includes(t)) missing.push(`${account} ${region}: Config rule lacks ${t}`);
                        const async = ofType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").find((l) => l.account === account && l.region === region && (l.r.inputs.destinationConfig as any)?.onFailure?.destination);
                        if (!async) missing.push(`${account} ${region}: no Lambda on-failure destination`);
                    }
                }
                assert.deepStrictEqual(missing, []);
            });

            withSecurity("keeps one audit bus and evaluator, in the home Region, with an on-failure destination and a dead-letter queue", () => {
                const buses = ofType("aws:cloudwatch/eventBus:EventBus");
                assert.deepStrictEqual(buses.map((b) => `${b.account}/${b.region}`), [`${want.security}/${want.home}`]);
                const evaluatorTarget = ofType("aws:cloudwatch/eventTarget:EventTarget").find((l) => l.r.inputs.eventBusName !== undefined && String(l.r.inputs.rule).endsWith("-evaluate"));
                assert.ok((evaluatorTarget?.r.inputs.deadLetterConfig as any)?.arn, "the evaluator's target has no dead-letter queue");
                const onFailure = ofType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").filter((l) => l.account === want.security && l.region === want.home);
                assert.ok(onFailure.length >= 1);
            });

            withSecurity("alarms on every queue in its own account and Region, to a topic of that Region", () => {
                const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
                const topics = ofType("aws:sns/topic:Topic");
                const problems: string[] = [];
                for (const q of ofType("aws:sqs/queue:Queue")) {
                    const alarm = alarms.find((a) => a.account === q.account && a.region === q.region && (a.r.inputs.dimensions as any)?.QueueName === q.r.inputs.name);
                    if (!alarm) problems.push(`no alarm on ${q.r.inputs.name} in ${q.account} ${q.region}`);
                    else if (!topics.some((t) => t.account === q.account && t.region === q.region)) problems.push(`no topic for the alarm in ${q.account} ${q.region}`);
                }
                for (const region of want.regions) if (!ofType("aws:sqs/queue:Queue").some((q) => q.region === region)) problems.push(`no dead-letter queue in ${region}`);
                assert.deepStrictEqual(problems, []);
            });
        });
    }
});
