/**
 * `npm run bench-pack -- [--spokes N] [--services S] [--definition stacks/prod.yaml] [--unit all] [--pack <dir>]
 *                        [--repeat 3] [--type-check] [--in-process-only] [--cpu-prof <dir>]`
 *
 * How long the landing-zone policy pack takes per resource on a large plan. Plans the prod
 * definition (default) or a synthetic one of N spokes and S services (`--spokes`), then
 * measures three layers, so a regression can be placed:
 *
 * 1. The pack as the Pulumi CLI runs it (run-policy-pack, gRPC Analyzer protocol,
 *    tools/plan/analyzer.ts): the first pass (what one preview sees: cold JIT, empty caches),
 *    then warm passes — Analyze one call at a time (median and p95 per resource), Analyze 32
 *    in flight as the offline plan sends it, AnalyzeStack total / resources, the protocol's
 *    floor (Analyze of a resource no rule applies to), and the pack process's CPU time per
 *    resource (not inflated by other work on a busy machine, unlike wall time).
 * 2. The policy server's own handlers (@pulumi/policy `makeAnalyzeRpcFun`,
 *    `makeAnalyzeStackRpcFun`) called in this process with the same requests, set up as the
 *    pack's entry point sets up its process: the pack's evaluation time including the
 *    server's own work, without sockets.
 * 3. The rules alone: properties deserialized beforehand as the server would, then each
 *    rule's validation, with a per-rule breakdown.
 *
 * Prints figures; it is a measuring tool, not a test. `--cpu-prof <dir>` writes a V8 CPU
 * profile of the pack's process (open it in Chrome DevTools or VS Code); profile layers 2
 * and 3 with `node --cpu-prof -r ./tools/plan/ts-register.js tools/bench-pack.ts --in-process-only`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import type { Policies, Policy, PolicyResource, ReportViolation, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PolicyAnalyzer, analyzeRequest, analyzeStackRequest, resolvePolicyConfig } from "./plan/analyzer";
import { PlannedResource } from "../analysis/plan-records";
import { PlanResult } from "./plan/model";
import { loadForPlan, planProgram } from "./plan/run";
import { policyInProcess, protocol } from "./plan/sdk-internals";
import { toWire } from "./plan/wire";
import { policyConfigFor } from "./policy-config";
import { parseCommandLine, stdio } from "./cli";

/* eslint-disable @typescript-eslint/no-explicit-any */
// The same generated modules the pack's policy server uses (Struct instanceof checks), and
// @pulumi/policy's own handlers, through the seam (plan/sdk-internals.ts).
const { Struct } = protocol();
const policyServer = policyInProcess();
const { deserializeProperties, unknownCheckingProxy, getPulumiType } = policyServer;

const defaultPackDir = path.resolve(__dirname, "..", "policypacks", "landing-zone");

/** A version of the pack: its directory and its rules, loaded into this process for layers 2 and 3. */
interface Pack {
    dir: string;
    policies: Policies;
    /** What the pack's entry point sets up in its own process before serving (see its index.ts). */
    setUpServerProcess(): void;
}

/**
 * Loads the pack in `dir` (default: this repository's). Another directory lets an older
 * version be measured next to the current one (e.g. `git archive` of a commit's pack).
 */
function loadPack(dir: string): Pack {
    const policies = (require(path.join(dir, "policies")) as { policies: Policies }).policies;
    let setUp: (() => unknown) | undefined;
    const sharing = path.join(dir, "lib", "shared-deserialization.ts");
    if (fs.existsSync(sharing)) setUp = (require(sharing) as { shareDeserializedProperties(): boolean }).shareDeserializedProperties;
    return { dir, policies, setUpServerProcess: () => setUp?.() };
}

const usage = `usage: npm run bench-pack -- [--spokes N] [--services S] [--definition stacks/prod.yaml] [--unit all] [--pack <dir>]
                              [--repeat 3] [--type-check] [--in-process-only] [--cpu-prof <dir>]

  --spokes N, --services S   plan a synthetic definition (tools/plan/synthetic.ts) instead of --definition
  --pack <dir>               measure the pack in <dir> (e.g. an older version) instead of policypacks/landing-zone
  --repeat R                 measured passes (after one warm-up pass)
  --type-check               start the pack from its sources with type checking, as the Pulumi CLI does
  --in-process-only          skip the pack process (layers 2 and 3 only)
  --cpu-prof <dir>           write a CPU profile of the pack process into <dir> (pack-<pid>.cpuprofile)`;

// ---- statistics ------------------------------------------------------------------------------

function quantile(sorted: number[], q: number): number {
    if (sorted.length === 0) return NaN;
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface Distribution {
    count: number;
    median: number;
    p95: number;
    mean: number;
    total: number;
}

/** Median (nearest rank), p95 and mean of milliseconds samples. */
export function distribution(samples: number[]): Distribution {
    const sorted = [...samples].sort((a, b) => a - b);
    const total = samples.reduce((s, x) => s + x, 0);
    return { count: samples.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), mean: total / Math.max(1, samples.length), total };
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** CPU milliseconds (user + system) this process has used. */
const selfCpuMs = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
};

/**
 * CPU milliseconds (user + system) another process has used, from /proc (Linux; USER_HZ is
 * 100 there). CPU time, unlike wall time, is not inflated by other work on a busy machine.
 */
function processCpuMs(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return undefined;
    }
}
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(3));
const mb = (bytes: number | undefined): string => (bytes === undefined ? "n/a" : `${(bytes / 1048576).toFixed(0)} MB`);

// ---- the pack's rules with the environment's config ------------------------------------------

type ResolvedConfig = ReturnType<typeof resolvePolicyConfig>;

/**
 * The pack's policies as the server would run them after Configure: each with its configured
 * enforcement level and `getConfig()` returning its configured properties. (The server keeps
 * Configure's result in a module variable only its gRPC service can set.)
 */
function configuredPolicies(policies: Policies, resolved: ResolvedConfig): Policy[] {
    const withConfig = <F extends (args: any, report: ReportViolation) => unknown>(fn: F, properties: Record<string, unknown>): F => {
        const wrapped = ((args: any, report: ReportViolation) => fn({ ...args, getConfig: () => properties }, report)) as unknown as F;
        const type = getPulumiType(fn);
        if (type) (wrapped as unknown as { __pulumiType: string }).__pulumiType = type;
        return wrapped;
    };
    return policies.map((p) => {
        const c = resolved[p.name];
        const properties = c?.properties ?? {};
        const level = c?.enforcementLevel ?? p.enforcementLevel;
        if ("validateResource" in p && p.validateResource) {
            const v = p.validateResource;
            const validateResource = Array.isArray(v) ? v.map((f) => withConfig(f, properties)) : withConfig(v as ResourceValidation, properties);
            return { ...p, enforcementLevel: level, validateResource } as ResourceValidationPolicy;
        }
        const s = p as StackValidationPolicy;
        return { ...s, enforcementLevel: level, validateStack: withConfig(s.validateStack, properties) };
    });
}

function call(handler: ReturnType<typeof policyServer.makeAnalyzeRpcFun>, request: unknown): Promise<any> {
    return new Promise((resolve, reject) => {
        handler({ request }, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

function countMandatory(response: any): number {
    return response.getDiagnosticsList().filter((d: any) => d.getEnforcementlevel() === 1).length;
}

// ---- layers -------------------------------------------------------------------------------------

interface ProtocolFigures {
    startMs: number;
    /** The first pass: what one `pulumi preview` sees (cold JIT, the rules' lazy caches empty). */
    coldAnalyze: Distribution;
    coldAnalyzeStackMs: number;
    /** CPU milliseconds of the pack process: first Analyze pass, one warm pass (mean), first and warm AnalyzeStack. */
    cpu?: { coldAnalyze: number; analyze: number; coldAnalyzeStack: number; analyzeStack: number };
    analyze: Distribution;
    pipelinedMs: number;
    analyzeStack: Distribution;
    floor: Distribution;
    mandatory: number;
    packPeakBytes?: number;
}

async function measureProtocol(pack: Pack, plan: PlanResult, config: Record<string, unknown>, repeat: number, typeCheck: boolean, progress: (m: string) => void): Promise<ProtocolFigures> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const analyzed = plan.resources.filter((r) => !r.read);
    const t0 = now();
    const analyzer = await PolicyAnalyzer.start(pack.dir, { typeCheck });
    const startMs = now() - t0;
    progress(`pack started in ${(startMs / 1000).toFixed(1)} s${typeCheck ? " (sources, type-checked)" : " (transpiled copy)"}`);
    try {
        const info = await analyzer.getAnalyzerInfo();
        await analyzer.configure(resolvePolicyConfig(info, config));
        await analyzer.configureStack({ stack: plan.stack, project: "landing-zone", organization: "organization", dryRun: true });
        const parentOf = (r: PlannedResource) => r.parent ?? plan.stackUrn;
        // PolicyAnalyzer keeps its child process private; its pid is only read here, for /proc.
        const pid = (analyzer as unknown as { child: { pid?: number } }).child.pid;
        const cpu: number[] = [processCpuMs(pid) ?? NaN];
        // The first pass is what a preview sees: it pays the JIT and the rules' lazy caches.
        const coldSamples: number[] = [];
        for (const r of analyzed) {
            const t = now();
            await analyzer.analyze(r, r.provider ? byUrn.get(r.provider) : undefined, parentOf(r));
            coldSamples.push(now() - t);
        }
        cpu.push(processCpuMs(pid) ?? NaN);
        const tc = now();
        await analyzer.analyzeStack(plan.resources, plan.stackUrn, byUrn);
        const coldAnalyzeStackMs = now() - tc;
        cpu.push(processCpuMs(pid) ?? NaN);

        const samples: number[] = [];
        let mandatory = 0;
        for (let pass = 0; pass < repeat; pass++) {
            for (const r of analyzed) {
                const t = now();
                const vs = await analyzer.analyze(r, r.provider ? byUrn.get(r.provider) : undefined, parentOf(r));
                samples.push(now() - t);
                if (pass === 0) mandatory += vs.filter((v) => v.level === "mandatory").length;
            }
        }
        cpu.push(processCpuMs(pid) ?? NaN);
        let next = 0;
        const t1 = now();
        const worker = async (): Promise<void> => {
            while (next < analyzed.length) {
                const r = analyzed[next++];
                await analyzer.analyze(r, r.provider ? byUrn.get(r.provider) : undefined, parentOf(r));
            }
        };
        await Promise.all(Array.from({ length: Math.min(32, analyzed.length) }, worker));
        const pipelinedMs = now() - t1;

        const stackSamples: number[] = [];
        cpu.push(processCpuMs(pid) ?? NaN);
        for (let pass = 0; pass < repeat; pass++) {
            const t = now();
            const vs = await analyzer.analyzeStack(plan.resources, plan.stackUrn, byUrn);
            stackSamples.push(now() - t);
            if (pass === 0) mandatory += vs.filter((v) => v.level === "mandatory").length;
        }
        cpu.push(processCpuMs(pid) ?? NaN);

        const nothing: PlannedResource = { urn: `${plan.stackUrn ?? "urn:pulumi:bench::landing-zone::pulumi:pulumi:Stack::s"}$bench:index:Nothing::floor`, type: "bench:index:Nothing", name: "floor", custom: true, inputs: {}, dependencies: {} };
        const floorSamples: number[] = [];
        for (let i = 0; i < 300; i++) {
            const t = now();
            await analyzer.analyze(nothing, undefined, plan.stackUrn);
            if (i >= 50) floorSamples.push(now() - t);
        }
        return {
            startMs,
            coldAnalyze: distribution(coldSamples),
            coldAnalyzeStackMs,
            cpu: cpu.some(Number.isNaN)
                ? undefined
                : { coldAnalyze: cpu[1] - cpu[0], coldAnalyzeStack: cpu[2] - cpu[1], analyze: (cpu[3] - cpu[2]) / repeat, analyzeStack: (cpu[5] - cpu[4]) / repeat },
            analyze: distribution(samples),
            pipelinedMs,
            analyzeStack: distribution(stackSamples),
            floor: distribution(floorSamples),
            mandatory,
            packPeakBytes: analyzer.peakMemoryBytes(),
        };
    } finally {
        analyzer.close();
    }
}

interface InProcessFigures {
    coldAnalyze: Distribution;
    coldAnalyzeStackMs: number;
    /** CPU milliseconds of this process: first Analyze pass, one warm pass (mean), first and warm AnalyzeStack. */
    cpu: { coldAnalyze: number; analyze: number; coldAnalyzeStack: number; analyzeStack: number };
    analyze: Distribution;
    analyzeStack: Distribution;
    mandatory: number;
}

async function measureServerHandlers(pack: Pack, plan: PlanResult, resolved: ResolvedConfig, repeat: number): Promise<InProcessFigures> {
    pack.setUpServerProcess();
    const configured = configuredPolicies(pack.policies, resolved);
    const analyze = policyServer.makeAnalyzeRpcFun("landing-zone", "0.0.0", "advisory", configured);
    const analyzeStack = policyServer.makeAnalyzeStackRpcFun("landing-zone", "0.0.0", "advisory", configured);
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const requests = plan.resources.filter((r) => !r.read).map((r) => analyzeRequest(r, r.provider ? byUrn.get(r.provider) : undefined, r.parent ?? plan.stackUrn));
    const stackRequest = analyzeStackRequest(plan.resources, plan.stackUrn, byUrn);
    const cpu: number[] = [selfCpuMs()];
    const coldSamples: number[] = [];
    for (const req of requests) {
        const t = now();
        await call(analyze, req);
        coldSamples.push(now() - t);
    }
    cpu.push(selfCpuMs());
    const tc = now();
    await call(analyzeStack, stackRequest);
    const coldAnalyzeStackMs = now() - tc;
    cpu.push(selfCpuMs());
    const samples: number[] = [];
    let mandatory = 0;
    for (let pass = 0; pass < repeat; pass++) {
        for (const req of requests) {
            const t = now();
            const res = await call(analyze, req);
            samples.push(now() - t);
            if (pass === 0) mandatory += countMandatory(res);
        }
    }
    cpu.push(selfCpuMs());
    const stackSamples: number[] = [];
    for (let pass = 0; pass < repeat; pass++) {
        const t = now();
        const res = await call(analyzeStack, stackRequest);
        stackSamples.push(now() - t);
        if (pass === 0) mandatory += countMandatory(res);
    }
    cpu.push(selfCpuMs());
    const cpuFigures = { coldAnalyze: cpu[1] - cpu[0], coldAnalyzeStack: cpu[2] - cpu[1], analyze: (cpu[3] - cpu[2]) / repeat, analyzeStack: (cpu[4] - cpu[3]) / repeat };
    return { coldAnalyze: distribution(coldSamples), coldAnalyzeStackMs, cpu: cpuFigures, analyze: distribution(samples), analyzeStack: distribution(stackSamples), mandatory };
}

interface RuleFigures {
    analyze: Distribution;
    stackMs: number;
    byRule: { name: string; kind: "resource" | "stack"; ms: number }[];
}

/** Resources for a stack rule, deserialized and linked as makeAnalyzeStackRpcFun does. */
function stackResources(plan: PlanResult): PolicyResource[] {
    const out = plan.resources.map((r) => {
        const props = unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(toWire({ ...r.inputs, ...(r.outputs ?? {}) })), false));
        return { type: r.type, props, urn: r.urn, name: r.name, opts: {}, dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined } as unknown as PolicyResource;
    });
    const byUrn = new Map(out.map((r) => [r.urn, r]));
    plan.resources.forEach((r, i) => {
        const resource = out[i];
        if (r.parent) resource.parent = byUrn.get(r.parent);
        const deps = r.dependsOn ?? [...new Set(Object.values(r.dependencies).flat())];
        resource.dependencies = deps.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
        for (const [key, urns] of Object.entries(r.dependencies)) {
            resource.propertyDependencies[key] = urns.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
        }
    });
    return out;
}

async function measureRules(pack: Pack, plan: PlanResult, resolved: ResolvedConfig, repeat: number): Promise<RuleFigures> {
    const configured = configuredPolicies(pack.policies, resolved);
    const report = (() => undefined) as unknown as ReportViolation;
    const analyzed = plan.resources.filter((r) => !r.read);
    const byRule = new Map<string, { kind: "resource" | "stack"; ms: number }>();
    const add = (name: string, kind: "resource" | "stack", t: number) => {
        const e = byRule.get(name) ?? { kind, ms: 0 };
        e.ms += t;
        byRule.set(name, e);
    };
    const resourcePolicies = configured.filter((p): p is ResourceValidationPolicy => "validateResource" in p && p.validateResource !== undefined);
    const stackPolicies = configured.filter((p): p is StackValidationPolicy => "validateStack" in p);
    const samples: number[] = [];
    for (let pass = 0; pass <= repeat; pass++) {
        // Each pass gets freshly deserialized properties, as every request does (rules cache nothing across requests).
        const argsList = analyzed.map((r) => ({
            type: r.type,
            props: unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(toWire(r.inputs)), false)),
            urn: r.urn,
            name: r.name,
            opts: {},
            stackTags: new Map(),
            isType: () => false,
            asType: () => undefined,
            notApplicable: (): never => {
                throw new Error("not applicable");
            },
            getConfig: () => ({}),
        }));
        for (const args of argsList) {
            const t = now();
            for (const p of resourcePolicies) {
                const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource as ResourceValidation];
                for (const v of validations) {
                    const type = getPulumiType(v);
                    if (type && type !== args.type) continue;
                    const tr = now();
                    await v(args as never, report);
                    if (pass > 0) add(p.name, "resource", now() - tr);
                }
            }
            if (pass > 0) samples.push(now() - t);
        }
    }
    let stackMs = 0;
    for (let pass = 0; pass <= repeat; pass++) {
        // One fresh set of resources per rule, as the server deserializes them per rule.
        const sets = stackPolicies.map(() => stackResources(plan));
        for (let i = 0; i < stackPolicies.length; i++) {
            const p = stackPolicies[i];
            const t = now();
            await p.validateStack({ resources: sets[i], getConfig: () => ({}) as never, stackTags: new Map(), notApplicable: (): never => { throw new Error("not applicable"); } }, report);
            if (pass > 0) {
                add(p.name, "stack", now() - t);
                stackMs += now() - t;
            }
        }
    }
    return {
        analyze: distribution(samples),
        stackMs: stackMs / repeat,
        byRule: [...byRule.entries()].map(([name, e]) => ({ name, kind: e.kind, ms: e.ms / repeat })).sort((a, b) => b.ms - a.ms),
    };
}

/**
 * Makes the pack process (started by PolicyAnalyzer with this process's environment) write a
 * CPU profile. `--cpu-prof` is not allowed in NODE_OPTIONS and the pack is stopped with
 * SIGTERM, so a preloaded script runs the V8 profiler through the inspector and writes the
 * profile when SIGTERM arrives.
 */
function profilePackProcess(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    const preload = path.join(dir, "profile-until-sigterm.js");
    fs.writeFileSync(
        preload,
        [
            'const inspector = require("inspector");',
            'const session = new inspector.Session();',
            "session.connect();",
            'session.post("Profiler.enable", () => session.post("Profiler.start"));',
            'process.on("SIGTERM", () => session.post("Profiler.stop", (err, res) => {',
            `    if (!err) require("fs").writeFileSync(${JSON.stringify(dir)} + "/pack-" + process.pid + ".cpuprofile", JSON.stringify(res.profile));`,
            "    process.exit(0);",
            "}));",
            "",
        ].join("\n"),
    );
    process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS ?? "", `--require=${JSON.stringify(preload)}`].join(" ").trim();
}

// ---- main ---------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<number> {
    const args = parseCommandLine(
        argv,
        {
            usage,
            options: {
                spokes: { type: "string" },
                services: { type: "string", default: "50" },
                definition: { type: "string", default: path.join("stacks", "prod.yaml") },
                pack: { type: "string" },
                unit: { type: "string", default: "all" },
                repeat: { type: "string", default: "3" },
                "type-check": { type: "boolean", default: false },
                "in-process-only": { type: "boolean", default: false },
                "cpu-prof": { type: "string" },
            },
            problems: (v) => (v.repeat !== undefined && Number.isInteger(Number(v.repeat)) && Number(v.repeat) >= 1 ? [] : [`--repeat must be a whole number ≥ 1, got "${v.repeat}"`]),
        },
        stdio,
    );
    if ("exitCode" in args) return args.exitCode;
    const values = args.values;
    const repeat = Number(values.repeat);
    const progress = (m: string): void => {
        process.stderr.write(`[bench-pack] ${m}\n`);
    };

    let file = path.resolve(values.definition);
    let tmp: string | undefined;
    let label = path.relative(process.cwd(), file);
    if (values.spokes !== undefined) {
        const { syntheticDefinition } = await import("./plan/synthetic");
        const spokes = Number(values.spokes);
        const services = Number(values.services);
        const definition = syntheticDefinition({ spokes, services });
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "landing-zone-bench-pack-"));
        file = path.join(tmp, "bench.yaml");
        fs.writeFileSync(file, YAML.stringify(definition));
        label = `synthetic ${spokes} spokes × ${services} services`;
    }
    try {
        progress(`planning ${label}, unit ${values.unit}...`);
        const tp = now();
        const plan = await planProgram({ definitionFile: file, unit: values.unit });
        const analyzed = plan.resources.filter((r) => !r.read).length;
        progress(`${plan.resources.length} resources planned in ${((now() - tp) / 1000).toFixed(1)} s`);
        const config = policyConfigFor(loadForPlan(file).definition);
        const pack = loadPack(values.pack ? path.resolve(values.pack) : defaultPackDir);
        const { policies } = pack;
        const resourceRules = policies.filter((p) => "validateResource" in p).length;
        const lines: string[] = [
            `landing-zone policy pack${pack.dir === defaultPackDir ? "" : ` (${path.relative(process.cwd(), pack.dir)})`} — ${label}, unit ${values.unit}: ${plan.resources.length} resources (${analyzed} analyzed), ` +
                `${policies.length} rules (${resourceRules} resource, ${policies.length - resourceRules} stack); ${repeat} measured pass(es) after a warm-up; ${os.cpus().length} CPUs`,
            "",
        ];
        const n = plan.resources.length;

        if (!values["in-process-only"]) {
            if (values["cpu-prof"]) profilePackProcess(path.resolve(values["cpu-prof"]));
            progress("through the Analyzer protocol...");
            const p = await measureProtocol(pack, plan, config, repeat, values["type-check"], progress);
            lines.push(
                `1. Pack process, gRPC Analyzer protocol (start ${(p.startMs / 1000).toFixed(1)} s${values["type-check"] ? ", sources type-checked" : ", transpiled copy"}; peak memory ${mb(p.packPeakBytes)})`,
                `   first pass (what one preview sees):`,
                `   Analyze, one call at a time     median ${ms(p.coldAnalyze.median)} ms   p95 ${ms(p.coldAnalyze.p95)} ms   total ${ms(p.coldAnalyze.total)} ms`,
                `   AnalyzeStack                    ${ms(p.coldAnalyzeStackMs)} ms for ${n} = ${ms(p.coldAnalyzeStackMs / n)} ms per resource`,
                `   warm (${repeat} more passes):`,
                `   Analyze, one call at a time     median ${ms(p.analyze.median)} ms   p95 ${ms(p.analyze.p95)} ms   mean ${ms(p.analyze.mean)} ms per resource`,
                `   Analyze, 32 in flight           ${ms(p.pipelinedMs)} ms for ${analyzed} = ${ms(p.pipelinedMs / analyzed)} ms per resource`,
                `   AnalyzeStack                    median ${ms(p.analyzeStack.median)} ms for ${n} = ${ms(p.analyzeStack.median / n)} ms per resource`,
                `   protocol floor (Analyze, no rule applies)  median ${ms(p.floor.median)} ms   p95 ${ms(p.floor.p95)} ms`,
                ...(p.cpu
                    ? [
                          `   pack process CPU per resource   Analyze ${ms(p.cpu.coldAnalyze / analyzed)} ms first pass, ${ms(p.cpu.analyze / analyzed)} ms warm;` +
                              ` AnalyzeStack ${ms(p.cpu.coldAnalyzeStack / n)} ms first, ${ms(p.cpu.analyzeStack / n)} ms warm (10 ms ticks)`,
                      ]
                    : []),
                `   mandatory violations: ${p.mandatory}`,
                "",
            );
        }

        progress("policy server handlers in process...");
        const resolved = resolvePolicyConfig(
            {
                name: "landing-zone",
                version: "0.0.0",
                policies: policies.map((p) => ({ name: p.name, description: p.description, enforcementLevel: p.enforcementLevel ?? "advisory", type: "validateResource" in p ? "resource" : "stack" })),
                initialConfig: {},
            },
            config,
        );
        const h = await measureServerHandlers(pack, plan, resolved, repeat);
        lines.push(
            "2. Policy server handlers in this process (deserialization per rule + rules, no transport)",
            `   first pass:`,
            `   Analyze                         median ${ms(h.coldAnalyze.median)} ms   p95 ${ms(h.coldAnalyze.p95)} ms   total ${ms(h.coldAnalyze.total)} ms`,
            `   AnalyzeStack                    ${ms(h.coldAnalyzeStackMs)} ms for ${n} = ${ms(h.coldAnalyzeStackMs / n)} ms per resource`,
            `   warm (${repeat} more passes):`,
            `   Analyze                         median ${ms(h.analyze.median)} ms   p95 ${ms(h.analyze.p95)} ms   mean ${ms(h.analyze.mean)} ms per resource`,
            `   AnalyzeStack                    median ${ms(h.analyzeStack.median)} ms for ${n} = ${ms(h.analyzeStack.median / n)} ms per resource`,
            `   CPU per resource                Analyze ${ms(h.cpu.coldAnalyze / analyzed)} ms first pass, ${ms(h.cpu.analyze / analyzed)} ms warm;` +
                ` AnalyzeStack ${ms(h.cpu.coldAnalyzeStack / n)} ms first, ${ms(h.cpu.analyzeStack / n)} ms warm`,
            `   mandatory violations: ${h.mandatory}`,
            "",
        );

        progress("rules alone...");
        const r = await measureRules(pack, plan, resolved, repeat);
        lines.push(
            "3. Rules alone (properties deserialized beforehand)",
            `   resource rules                  median ${ms(r.analyze.median)} ms   p95 ${ms(r.analyze.p95)} ms   total ${ms(r.analyze.total / repeat)} ms per pass`,
            `   stack rules                     ${ms(r.stackMs)} ms = ${ms(r.stackMs / n)} ms per resource`,
            `   in-process rule time            ${ms((r.analyze.total / repeat + r.stackMs) / n)} ms per resource`,
            "   by rule (ms per pass):",
            ...r.byRule.map((b) => `     ${ms(b.ms).padStart(8)}  ${b.kind.padEnd(8)} ${b.name}`),
        );
        process.stdout.write(`${lines.join("\n")}\n`);
        return 0;
    } finally {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (err) => {
            process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
            process.exitCode = 2;
        },
    );
}
