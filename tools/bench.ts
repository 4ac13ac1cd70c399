/**
 * `npm run bench -- --spokes N --services S [--unit <unit>] [--policy]`
 *   Plans a synthetic valid definition of N spokes and S centralized services offline and
 *   prints the resource count, wall time, peak memory and milliseconds per resource
 *   (with `--policy`, also the policy pack's evaluation through the Analyzer protocol).
 *
 * `npm run bench -- --spokes N --services S --unit each [--policy] [--workers K]`
 *   Plans every unit of the definition as its own stack (org, network, security, each
 *   spoke — as the per-account stacks deploy), in K worker processes (default: the
 *   number of CPUs), each judged by the pack; wall time covers starting the workers and
 *   packs, every plan and every judgement.
 *
 *   `--cpu-prof <dir>` (either form) writes a V8 CPU profile of every process that plans or
 *   judges into `<dir>`: the planners' with node's `--cpu-prof`, the packs' through a
 *   preloaded inspector profiler (they are stopped with SIGTERM), unit `all`'s from this
 *   process. Open them in Chrome DevTools or aggregate them by function.
 *
 * `npm run bench -- --interactive [--stack dev] [--runs 5]`
 *   The interactive plan (`npm run plan -- --stack dev`) next to node loading the SDK, in
 *   the same run, median of each, and their ratio (bench-interactive.ts).
 *
 * `npm run bench -- --rehearse --spokes N --services S` (or `--rehearse --scale [--sizes 10,100,1000]`)
 *   Times a fresh offline rehearsal (tools/rehearse) of the synthetic environment: every
 *   stack deployed wave by wave under the mock runtime against the simulated state backend
 *   and AWS, then a convergence `up` of every stack; prints wall time, steps, resources and
 *   peak memory (with `--scale`: each size in a fresh process, and the growth per spoke).
 *
 * `npm run bench -- --scale [--sizes 10,100,1000] [--services 50] [--unit each|all] [--baselines bare,aws]`
 *   The scaling report: each size planned and judged in fresh processes (every unit,
 *   by default), next to the stock Pulumi mock runtime registering the same number of
 *   plain resources in a fresh process, with the ratio of milliseconds per resource and
 *   a line per target saying whether it is met. Two stock workloads, each under ts-node
 *   and under our transpiled loader (see `StockWorkload`): `bare` CustomResources and
 *   plain `aws` resources. At 1,000 spokes the `aws` one under ts-node alone takes about
 *   8 minutes and 9 GB.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import type * as PulumiTypes from "@pulumi/pulumi";
import { CliValues, parseCommandLine, refuse, stdio } from "./cli";

const usage = `usage:
  npm run bench -- --interactive [--stack dev] [--runs 5]
  npm run bench -- --spokes <N> --services <S> [--regions <R>] [--unit all|each|<unit>] [--policy] [--workers <K>] [--cpu-prof <dir>]
  npm run bench -- --rehearse --spokes <N> [--services <S>]
  npm run bench -- --rehearse --scale [--sizes 10,100,1000] [--services <S>]
  npm run bench -- --scale [--sizes 10,100,1000] [--services 50] [--unit each|all] [--workers <K>] [--baselines bare,aws]`;

/** What a timed rehearsal reports (also the JSON a child prints with --report-json). */
export interface RehearsalFigures {
    spokes: number;
    services: number;
    stacks: number;
    steps: number;
    resources: number;
    totalMs: number;
    peakBytes: number;
    /** 0 when the rehearsal passed (every step ok, converged). */
    exitCode: number;
}

/** Limits of the rehearsal at 1,000 spokes: 5 minutes and 4 GB per process on 2 cores. */
const REHEARSAL_TARGETS = { wallMs: 5 * 60_000, peakBytes: 4 * 1024 ** 3 };

/** A fresh rehearsal (deploy + convergence) of the synthetic definition, in this process. */
export async function measureRehearsal(spokes: number, services: number, progress: (m: string) => void): Promise<RehearsalFigures> {
    const { syntheticDefinition } = await import("./plan/synthetic");
    const { rehearse, exitCodeOf } = await import("./rehearse/rehearse");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landing-zone-bench-"));
    const file = path.join(dir, "bench.yaml");
    fs.writeFileSync(file, YAML.stringify(syntheticDefinition({ spokes, services })));
    try {
        progress(`rehearsing ${spokes} spokes × ${services} services (fresh deploy, then a convergence up of every stack)...`);
        const t0 = Date.now();
        let steps = 0;
        const result = await rehearse({
            definitionFile: file,
            progress: () => {
                steps++;
                if (steps % 250 === 0) progress(`${steps} steps, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
            },
        });
        const totalMs = Date.now() - t0;
        return {
            spokes,
            services,
            stacks: new Set(result.steps.map((s) => s.stack)).size,
            steps: result.steps.length,
            resources: result.final.resources,
            totalMs,
            peakBytes: process.resourceUsage().maxRSS * 1024,
            exitCode: exitCodeOf(result),
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The rehearsal report: one line per size, the growth per spoke, and the targets at the largest size. */
export function rehearsalReport(rows: RehearsalFigures[]): string[] {
    const lines = [
        `Rehearsal: synthetic definitions, fresh deploy + convergence, every stack's program under the mock runtime; ${os.cpus().length} CPUs, node ${process.version}`,
        "",
        "spokes stacks  steps resources  wall s  ms/spoke     peak  passed",
    ];
    for (const r of rows) {
        lines.push(
            [
                String(r.spokes).padStart(6),
                String(r.stacks).padStart(6),
                String(r.steps).padStart(6),
                String(r.resources).padStart(9),
                (r.totalMs / 1000).toFixed(1).padStart(7),
                (r.totalMs / r.spokes).toFixed(0).padStart(9),
                mb(r.peakBytes).padStart(8),
                (r.exitCode === 0 ? "yes" : "NO").padStart(7),
            ].join(" "),
        );
    }
    const largest = rows[rows.length - 1];
    if (largest) {
        const verdict = (ok: boolean): string => (ok ? "met" : "NOT met");
        lines.push("", `targets (at ${largest.spokes} spokes × ${largest.services} services):`);
        lines.push(`  wall time under 5 minutes: ${(largest.totalMs / 1000).toFixed(1)} s — ${verdict(largest.totalMs < REHEARSAL_TARGETS.wallMs)}`);
        lines.push(`  peak memory under 4 GB: ${mb(largest.peakBytes)} — ${verdict(largest.peakBytes < REHEARSAL_TARGETS.peakBytes)}`);
        for (let i = 1; i < rows.length; i++) {
            const growth = rows[i].totalMs / rows[i].spokes / (rows[i - 1].totalMs / rows[i - 1].spokes);
            lines.push(`  time per spoke at ${rows[i].spokes} ÷ at ${rows[i - 1].spokes}: ${growth.toFixed(2)}× (1.00× is linear)`);
        }
    }
    return lines;
}

/** Node flags of the planning processes (see ParallelPlanOptions.nodeFlags). */
const PLAN_NODE_FLAGS = ["--max-semi-space-size=64"];

/** What one measured run reports (also the JSON a child process prints with --report-json). */
export interface BenchFigures {
    spokes: number;
    services: number;
    unit: string;
    resources: number;
    planMs: number;
    policyMs?: number;
    totalMs: number;
    /** Peak resident memory of the planning process, bytes. */
    planPeakBytes: number;
    /** Peak resident memory of the policy pack's process, bytes (Linux). */
    packPeakBytes?: number;
    mandatory?: number;
    msPerResource: number;
    /** `--unit each`: how many units (stacks) were planned. */
    units?: number;
    /** `--unit each`: worker processes. */
    workers?: number;
    /** Peak memory of every process involved (`--unit each`), bytes. */
    processes?: { role: string; peakBytes?: number; cpuSeconds?: number }[];
}

/**
 * What the stock mock runtime registers in the baselines, `count` resources in one stack:
 * - `bare`: `pulumi.CustomResource`s of a made-up type with two string inputs and no
 *   declared outputs — the least work the SDK can do per resource, a lower bound.
 * - `aws`: plain AWS resources, the four commonest types of a network stack in turn
 *   (`aws.ec2.Vpc`, `Subnet`, `RouteTable`, `Route`) with literal inputs and no program
 *   logic around them. Their classes declare their outputs, so the SDK makes an Output
 *   (and its promises, each with a captured stack) per output property: this is the
 *   6-7 ms and 250-350 KB per resource commonly measured for the stock runtime. Still less than our plan's resources
 *   carry (policy documents, tags, route lists).
 */
export type StockWorkload = "bare" | "aws";
const STOCK_WORKLOADS: StockWorkload[] = ["bare", "aws"];

/** Figures of the stock mock runtime registering plain resources (or why it could not). */
export interface StockFigures {
    workload: StockWorkload;
    resources: number;
    ms: number;
    peakBytes: number;
    /** Set when the stock process failed (e.g. ran out of memory): the other figures are 0. */
    failed?: string;
}

const mb = (bytes: number | undefined): string => (bytes === undefined ? "n/a" : `${(bytes / 1048576).toFixed(0)} MB`);

/**
 * Makes every policy pack process started from now on (they inherit this environment) write
 * a CPU profile into `dir` when it is stopped: `--cpu-prof` is not allowed in NODE_OPTIONS and
 * the packs end with SIGTERM, so a preload runs V8's profiler through the inspector (only in
 * processes that run the pack launcher) and writes `pack-<pid>.cpuprofile` on SIGTERM.
 */
function profilePackProcesses(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    const preload = path.join(dir, "profile-pack-until-sigterm.js");
    fs.writeFileSync(
        preload,
        [
            'if (process.argv.some((a) => a.includes("run-policy-pack"))) {',
            '    const inspector = require("inspector");',
            "    const session = new inspector.Session();",
            "    session.connect();",
            '    session.post("Profiler.enable", () => session.post("Profiler.start"));',
            '    process.on("SIGTERM", () => session.post("Profiler.stop", (err, res) => {',
            `        if (!err) require("fs").writeFileSync(${JSON.stringify(dir)} + "/pack-" + process.pid + ".cpuprofile", JSON.stringify(res.profile));`,
            "        process.exit(0);",
            "    }));",
            "}",
            "",
        ].join("\n"),
    );
    process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS ?? "", `--require=${JSON.stringify(preload)}`].join(" ").trim();
}

/** Starts V8's profiler in this process; the returned function stops it and writes the profile. */
async function profileThisProcess(): Promise<(file: string) => Promise<void>> {
    const inspector = await import("inspector");
    const session = new inspector.Session();
    session.connect();
    const post = (method: string): Promise<unknown> => new Promise((resolve, reject) => session.post(method, (err, res) => (err ? reject(err) : resolve(res))));
    await post("Profiler.enable");
    await post("Profiler.start");
    return async (file) => {
        const { profile } = (await post("Profiler.stop")) as { profile: unknown };
        fs.writeFileSync(file, JSON.stringify(profile));
        session.disconnect();
    };
}

/** Plans (and optionally judges) a synthetic definition in this process. */
export async function measure(spokes: number, services: number, unit: string, policy: boolean, progress: (m: string) => void, regions = 1, profileDir?: string): Promise<BenchFigures> {
    const { syntheticDefinition } = await import("./plan/synthetic");
    const { planProgram } = await import("./plan/run");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landing-zone-bench-"));
    const file = path.join(dir, "bench.yaml");
    fs.writeFileSync(file, YAML.stringify(syntheticDefinition({ spokes, services, regions })));
    try {
        const t0 = Date.now();
        progress(`planning ${spokes} spokes × ${services} services (unit ${unit})...`);
        if (profileDir) profilePackProcesses(profileDir);
        const stopProfile = profileDir ? await profileThisProcess() : undefined;
        const plan = await planProgram({ definitionFile: file, unit });
        const planMs = Date.now() - t0;
        if (stopProfile) await stopProfile(path.join(profileDir!, `plan-${process.pid}.cpuprofile`));
        progress(`${plan.summary.resources} resources planned in ${(planMs / 1000).toFixed(1)} s`);
        let policyMs: number | undefined;
        let packPeakBytes: number | undefined;
        let mandatory: number | undefined;
        if (policy) {
            const { runPolicyPack } = await import("./plan/analyzer");
            const { policyConfigFor } = await import("./policy-config");
            const { loadForPlan } = await import("./plan/run");
            const t1 = Date.now();
            const run = await runPolicyPack(plan, {
                packDir: path.resolve(__dirname, "..", "policypacks", "landing-zone"),
                config: policyConfigFor(loadForPlan(file).definition),
                onProgress: (done, total) => progress(`analyzed ${done}/${total}`),
            });
            policyMs = Date.now() - t1;
            packPeakBytes = run.packPeakMemoryBytes;
            mandatory = run.violations.filter((v) => v.level === "mandatory").length;
            progress(`policy pack: ${(policyMs / 1000).toFixed(1)} s (start ${run.timings.startMs} ms, Analyze ${run.timings.analyzeMs} ms, AnalyzeStack ${run.timings.analyzeStackMs} ms)`);
        }
        const totalMs = Date.now() - t0;
        return {
            spokes,
            services,
            unit,
            resources: plan.summary.resources,
            planMs,
            policyMs,
            totalMs,
            planPeakBytes: process.resourceUsage().maxRSS * 1024,
            packPeakBytes,
            mandatory,
            msPerResource: totalMs / Math.max(1, plan.summary.resources),
            // CPU seconds steadier than wall time on a shared machine (this process: generating the definition, planning, and driving the pack when judged).
            processes: [
                { role: "plan process", peakBytes: process.resourceUsage().maxRSS * 1024, cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 },
                ...(packPeakBytes !== undefined ? [{ role: "policy pack", peakBytes: packPeakBytes }] : []),
            ],
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Plans every unit of a synthetic definition as its own stack in `workers` processes and,
 * with `policy`, judges each plan with the pack (one pack process per worker).
 */
export async function measureUnits(spokes: number, services: number, policy: boolean, workers: number, progress: (m: string) => void, regions = 1, profileDir?: string): Promise<BenchFigures> {
    const { syntheticDefinition } = await import("./plan/synthetic");
    const { loadForPlan } = await import("./plan/run");
    const { createDefinitionCache } = await import("./plan/definition-cache");
    const { planUnitsInParallel } = await import("./plan/parallel");
    const { unitsOf } = await import("../definition/units");
    const { policyConfigFor } = await import("./policy-config");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landing-zone-bench-"));
    const file = path.join(dir, "bench.yaml");
    fs.writeFileSync(file, YAML.stringify(syntheticDefinition({ spokes, services, regions })));
    try {
        const loadDefinition = createDefinitionCache();
        const { definition } = loadForPlan(file, loadDefinition);
        const units = unitsOf(definition);
        if (profileDir) profilePackProcesses(profileDir);
        progress(`planning ${units.length} units (${spokes} spokes × ${services} services) in ${workers} processes${policy ? ", each plan judged by the pack" : ""}...`);
        const t0 = Date.now();
        const run = await planUnitsInParallel({
            definitionFile: file,
            definition: loadDefinition.loaded(file),
            units,
            workers,
            nodeFlags: profileDir ? [...PLAN_NODE_FLAGS, "--cpu-prof", `--cpu-prof-dir=${profileDir}`] : PLAN_NODE_FLAGS,
            pack: policy ? { packDir: path.resolve(__dirname, "..", "policypacks", "landing-zone"), config: policyConfigFor(definition) } : undefined,
            onProgress: progress,
        });
        const totalMs = Date.now() - t0;
        const resources = run.units.reduce((sum, u) => sum + u.summary.resources, 0);
        const planners = run.processes.filter((p) => p.role === "planner").map((p) => p.peakBytes ?? 0);
        const packs = run.processes.filter((p) => p.role === "policy pack").map((p) => p.peakBytes ?? 0);
        progress(`${resources} resources in ${units.length} stacks planned${policy ? " and judged" : ""} in ${(totalMs / 1000).toFixed(1)} s`);
        return {
            spokes,
            services,
            unit: "each",
            units: units.length,
            workers,
            resources,
            planMs: run.units.reduce((sum, u) => sum + u.planMs, 0),
            policyMs: policy ? run.units.reduce((sum, u) => sum + (u.judgeMs ?? 0), 0) : undefined,
            totalMs,
            planPeakBytes: Math.max(...planners),
            packPeakBytes: packs.length > 0 ? Math.max(...packs) : undefined,
            mandatory: policy ? run.units.reduce((sum, u) => sum + u.violations.filter((v) => v.level === "mandatory").length, 0) : undefined,
            msPerResource: totalMs / Math.max(1, resources),
            processes: [{ role: "orchestrator", peakBytes: process.resourceUsage().maxRSS * 1024, cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 }, ...run.processes],
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * The baseline: the stock mock runtime (no changes to the SDK's settings) registering
 * `count` plain resources (see StockWorkload). Returns wall milliseconds from the first
 * registration to the last (process start and module loading left out, which only flatters
 * the baseline) and peak memory.
 */
export async function measureStock(count: number, workload: StockWorkload): Promise<StockFigures> {
    const pulumi = await import("@pulumi/pulumi");
    const { waitForRPCs } = await import("./plan/sdk-internals");
    await pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
        "bench",
        "stock",
        true,
        "organization",
    );
    class Plain extends pulumi.CustomResource {
        constructor(name: string, args: Record<string, PulumiTypes.Input<string>>) {
            super("bench:index:Plain", name, args);
        }
    }
    const aws = workload === "aws" ? await import("@pulumi/aws") : undefined;
    const register = (i: number): void => {
        if (!aws) {
            new Plain(`plain-${i}`, { cidr: "10.0.0.0/16", name: `plain-${i}` });
            return;
        }
        switch (i % 4) {
            case 0:
                new aws.ec2.Vpc(`vpc-${i}`, { cidrBlock: "10.0.0.0/16", tags: { Name: `vpc-${i}` } });
                break;
            case 1:
                new aws.ec2.Subnet(`subnet-${i}`, { vpcId: "vpc-0123456789abcdef0", cidrBlock: "10.0.0.0/24", availabilityZoneId: "use1-az1" });
                break;
            case 2:
                new aws.ec2.RouteTable(`rtb-${i}`, { vpcId: "vpc-0123456789abcdef0" });
                break;
            default:
                new aws.ec2.Route(`route-${i}`, { routeTableId: "rtb-0123456789abcdef0", destinationCidrBlock: "10.0.0.0/8", transitGatewayId: "tgw-0123456789abcdef0" });
        }
    };
    const t0 = Date.now();
    await pulumi.runtime.runInPulumiStack(async () => {
        for (let i = 0; i < count; i++) register(i);
        return {};
    });
    await waitForRPCs();
    return { workload, resources: count, ms: Date.now() - t0, peakBytes: process.resourceUsage().maxRSS * 1024 };
}

/**
 * Old-space limit of the stock processes, MB: at 1,000 spokes the `aws` workload needs about
 * 9 GB, past Node's default limit (about 4 GB), and would die before giving a figure.
 */
const STOCK_HEAP_MB = Math.max(4096, Math.min(20480, Math.floor((os.totalmem() / 1048576) * 0.8)));

/**
 * How a child process loads TypeScript. `transpiled`: plain JavaScript from the transpile
 * cache (ts-register.js), what the plan's processes use. `ts-node`: ts-node with its
 * source-map support, as the Pulumi CLI runs a TypeScript program and as mocha runs
 * mock-based tests — there every stack trace the SDK captures is mapped through source
 * maps, which is most of the stock runtime's cost per resource.
 */
type Loader = "transpiled" | "ts-node";

function child(args: string[], nodeFlags: string[] = [], loader: Loader = "transpiled"): unknown {
    const register = loader === "transpiled" ? path.join(__dirname, "plan", "ts-register.js") : "ts-node/register";
    const result = spawnSync(process.execPath, [...nodeFlags, "-r", register, __filename, ...args, "--report-json"], {
        encoding: "utf8",
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`bench ${args.join(" ")} failed (${result.signal ?? `exit ${result.status}`})`);
    return JSON.parse(result.stdout.trim().split("\n").pop() ?? "null");
}

/** One stock baseline in a fresh process; a failure (out of memory) is reported, not thrown. */
function stockChild(count: number, workload: StockWorkload, loader: Loader): StockFigures {
    try {
        return child(["--stock", String(count), "--stock-workload", workload], [`--max-old-space-size=${STOCK_HEAP_MB}`], loader) as StockFigures;
    } catch (err) {
        return { workload, resources: count, ms: 0, peakBytes: 0, failed: (err as Error).message };
    }
}

/** Limits of the performance targets (docs/performance.md, the targets table). */
const TARGETS = { wallMs: 90_000, peakBytes: 4 * 1024 ** 3, stockRatio: 3, growth: 1.5 };

/** One stock baseline of a size: a workload under a loader. */
export interface StockRun {
    loader: Loader;
    figures: StockFigures;
}

/** One size of the scaling report: our figures and the stock runtime's baselines. */
export interface ScaleRow {
    figures: BenchFigures;
    stock: StockRun[];
}

/** The scaling report's lines: our table, the stock baselines, per-process memory, and a line per target. */
export function scaleReport(rows: ScaleRow[], services: number, unit: string, workers: number): string[] {
    const per = (s: StockFigures): number => s.ms / Math.max(1, s.resources);
    const label = (run: StockRun): string => `${run.figures.workload}, ${run.loader}`;
    const lines = [
        `Scaling report: synthetic definitions, ${services} services; ${unit === "each" ? `every unit planned as its own stack in ${workers} worker processes, each plan` : `unit ${unit} planned in one process,`} judged by the policy pack through the Analyzer protocol; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), ${mb(os.totalmem())} RAM, node ${process.version}`,
        "ours: wall = plan + policy evaluation, from starting the first process to the last judgement; ms/res = wall / resources",
        "",
        "spokes stacks resources  wall s  ms/res  plan Σ s  judge Σ s  mandatory",
    ];
    for (const { figures: f } of rows) {
        lines.push(
            [
                String(f.spokes).padStart(6),
                String(f.units ?? 1).padStart(6),
                String(f.resources).padStart(9),
                (f.totalMs / 1000).toFixed(1).padStart(7),
                f.msPerResource.toFixed(2).padStart(7),
                (f.planMs / 1000).toFixed(1).padStart(9),
                ((f.policyMs ?? 0) / 1000).toFixed(1).padStart(10),
                String(f.mandatory ?? "-").padStart(10),
            ].join(" "),
        );
    }
    lines.push(
        "plan Σ / judge Σ: time of each unit's plan / judgement, summed over units (they overlap: planners and packs share the CPUs)",
        "",
        "stock: a fresh process, pulumi.runtime.setMocks + the same number of resources in one stack, no policy pack, timed from the",
        "first registration to the last; bare = CustomResources with 2 inputs and no outputs (a lower bound), aws = plain",
        "aws.ec2 Vpc/Subnet/RouteTable/Route with literal inputs; under ts-node (how Pulumi runs TypeScript programs and mocha",
        "runs mock tests) and under our transpiled loader. ratio = stock ms/res ÷ ours",
        "",
        "spokes  baseline              wall s  ms/res     peak   ratio",
    );
    for (const { figures: f, stock } of rows) {
        for (const run of stock) {
            const s = run.figures;
            lines.push(
                s.failed
                    ? `${String(f.spokes).padStart(6)}  ${label(run).padEnd(20)}  failed: ${s.failed}`
                    : [
                          String(f.spokes).padStart(6),
                          "",
                          label(run).padEnd(20),
                          (s.ms / 1000).toFixed(1).padStart(7),
                          per(s).toFixed(2).padStart(7),
                          mb(s.peakBytes).padStart(8),
                          `${(per(s) / f.msPerResource).toFixed(2)}×`.padStart(7),
                      ].join(" "),
            );
        }
    }
    lines.push("", "peak memory (and CPU seconds) of every process:");
    for (const { figures: f } of rows) {
        const processes = f.processes ?? [{ role: "planner", peakBytes: f.planPeakBytes }, ...(f.packPeakBytes !== undefined ? [{ role: "policy pack", peakBytes: f.packPeakBytes }] : [])];
        lines.push(`  ${String(f.spokes).padStart(5)} spokes: ${processes.map((p) => `${p.role} ${mb(p.peakBytes)}${"cpuSeconds" in p && p.cpuSeconds !== undefined ? ` (${p.cpuSeconds.toFixed(1)} s)` : ""}`).join(", ")}`);
    }
    const largest = rows[rows.length - 1];
    const previous = rows.length >= 2 ? rows[rows.length - 2] : undefined;
    if (largest) {
        const f = largest.figures;
        const peak = Math.max(...(f.processes ?? []).map((p) => p.peakBytes ?? 0), f.planPeakBytes, f.packPeakBytes ?? 0);
        const verdict = (ok: boolean): string => (ok ? "met" : "NOT met");
        lines.push("", `targets (at ${f.spokes} spokes × ${f.services} services):`);
        lines.push(`  wall time under ${TARGETS.wallMs / 1000} s: ${(f.totalMs / 1000).toFixed(1)} s — ${verdict(f.totalMs < TARGETS.wallMs)}`);
        lines.push(`  peak memory under 4 GB in every process: largest ${mb(peak)} — ${verdict(peak < TARGETS.peakBytes)}`);
        for (const run of largest.stock) {
            const what = `ms per resource at least ${TARGETS.stockRatio}× lower than the stock mock runtime (${label(run)})`;
            if (run.figures.failed) {
                lines.push(`  ${what}: the stock run failed (${run.figures.failed}) — not measured`);
                continue;
            }
            const ratio = per(run.figures) / f.msPerResource;
            lines.push(`  ${what}: ${ratio.toFixed(2)}× — ${verdict(ratio >= TARGETS.stockRatio)}`);
        }
        if (previous) {
            const growth = f.msPerResource / previous.figures.msPerResource;
            lines.push(`  time per resource at ${f.spokes} spokes within ${TARGETS.growth}× of ${previous.figures.spokes} spokes: ${growth.toFixed(2)}× — ${verdict(growth <= TARGETS.growth)}`);
        }
        lines.push("  pack median evaluation per resource under 0.5 ms: not measured here — the pack's own benchmark (tools/bench-pack.ts) reports it");
    }
    return lines;
}

const benchOptions = {
    spokes: { type: "string" },
    services: { type: "string", default: "50" },
    regions: { type: "string", default: "1" },
    unit: { type: "string" },
    policy: { type: "boolean", default: false },
    scale: { type: "boolean", default: false },
    interactive: { type: "boolean", default: false },
    stack: { type: "string", default: "dev" },
    runs: { type: "string", default: "5" },
    sizes: { type: "string", default: "10,100,1000" },
    workers: { type: "string" },
    stock: { type: "string" },
    "stock-workload": { type: "string", default: "bare" },
    baselines: { type: "string", default: STOCK_WORKLOADS.join(",") },
    "report-json": { type: "boolean", default: false },
    rehearse: { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
} as const;

/** Every problem of the command line, for the mode it asks for, before any (minutes-long) measurement starts. */
function benchProblems(v: Partial<CliValues<typeof benchOptions>>): string[] {
    const whole = (text: string | undefined, min: number) => text !== undefined && text.trim() !== "" && Number.isInteger(Number(text)) && Number(text) >= min;
    const sizesOk = (v.sizes ?? "").split(",").every((n) => whole(n, 1));
    if (v.interactive) return whole(v.runs, 1) ? [] : ["--runs takes a whole number, 1 or more (5 gives a median of 5)"];
    if (v.stock !== undefined) return (STOCK_WORKLOADS as string[]).includes(v["stock-workload"] ?? "") ? [] : [`--stock-workload takes ${STOCK_WORKLOADS.join(" or ")}`];
    if (v.rehearse) {
        if (v.scale) return sizesOk && whole(v.services, 0) ? [] : ["--sizes takes whole numbers, e.g. 10,100,1000; --services a whole number"];
        return v.spokes === undefined ? ["give --spokes <N> (or --scale)"] : [];
    }
    const problems: string[] = [];
    if (v.workers !== undefined && !whole(v.workers, 1)) problems.push("--workers must be a whole number, 1 or more");
    if (v.scale) {
        const unknown = (v.baselines ?? "").split(",").filter((b) => b && !(STOCK_WORKLOADS as string[]).includes(b));
        if (unknown.length > 0) problems.push(`--baselines takes ${STOCK_WORKLOADS.join(", ")}, not ${unknown.join(", ")}`);
        if (!sizesOk) problems.push("--sizes takes whole numbers, e.g. 10,100,1000");
    } else if (v.spokes === undefined) problems.push("give --spokes <N> (or --scale)");
    return problems;
}

async function main(argv: string[]): Promise<number> {
    const args = parseCommandLine(argv, { usage, options: benchOptions, problems: benchProblems }, stdio);
    if ("exitCode" in args) return args.exitCode;
    const values = args.values;
    const progress = (m: string): void => {
        process.stderr.write(`[bench] ${m}\n`);
    };
    const services = Number(values.services);

    if (values.interactive) {
        const runs = Number(values.runs);
        const { interactiveReport, measureInteractive } = await import("./bench-interactive");
        const { listStacks } = await import("./plan/stack-file");
        if (!listStacks(path.resolve(__dirname, "..")).includes(values.stack)) return refuse(stdio, usage, [`--stack ${values.stack}: no Pulumi.${values.stack}.yaml in the project`]);
        const figures = measureInteractive({ stack: values.stack, runs, progress });
        process.stdout.write(`${interactiveReport(figures).join("\n")}\n`);
        return 0;
    }

    if (values.stock !== undefined) {
        const figures = await measureStock(Number(values.stock), values["stock-workload"] as StockWorkload);
        process.stdout.write(`${JSON.stringify(figures)}\n`);
        return 0;
    }

    if (values.rehearse) {
        if (values.scale) {
            const sizes = values.sizes.split(",").map(Number);
            const rows: RehearsalFigures[] = [];
            for (const n of sizes) {
                rows.push(child(["--rehearse", "--spokes", String(n), "--services", String(services)], PLAN_NODE_FLAGS) as RehearsalFigures);
                progress(`${n} spokes: ${(rows[rows.length - 1].totalMs / 1000).toFixed(1)} s`);
            }
            process.stdout.write(`${rehearsalReport(rows).join("\n")}\n`);
            return rows.every((r) => r.exitCode === 0) ? 0 : 1;
        }
        let figures: RehearsalFigures;
        try {
            // Measured in a fresh process with the planners' loader and flags (this one runs under ts-node).
            figures = values["report-json"]
                ? await measureRehearsal(Number(values.spokes), services, progress)
                : (child(["--rehearse", "--spokes", String(values.spokes), "--services", String(services)], PLAN_NODE_FLAGS) as RehearsalFigures);
        } catch (err) {
            process.stderr.write(`error: ${(err as Error).message}\n`);
            return 2;
        }
        if (values["report-json"]) {
            process.stdout.write(`${JSON.stringify(figures)}\n`);
            return 0;
        }
        process.stdout.write(`${rehearsalReport([figures]).join("\n")}\n`);
        return figures.exitCode === 0 ? 0 : 1;
    }

    const workers = values.workers !== undefined ? Number(values.workers) : os.cpus().length;

    if (values.scale) {
        const unit = values.unit ?? "each";
        const sizes = values.sizes.split(",").map(Number);
        const baselines = values.baselines.split(",").filter(Boolean);
        const rows: ScaleRow[] = [];
        for (const n of sizes) {
            const figures = child(["--spokes", String(n), "--services", String(services), "--unit", unit, "--workers", String(workers), "--policy"], PLAN_NODE_FLAGS) as BenchFigures;
            const stock: StockRun[] = [];
            for (const workload of baselines as StockWorkload[]) {
                for (const loader of ["ts-node", "transpiled"] as const) {
                    progress(`stock mock runtime (${workload}, ${loader}): ${figures.resources} resources in a fresh process...`);
                    const run = { loader, figures: stockChild(figures.resources, workload, loader) };
                    progress(`stock (${workload}, ${loader}): ${run.figures.failed ?? `${(run.figures.ms / 1000).toFixed(1)} s`}`);
                    stock.push(run);
                }
            }
            rows.push({ figures, stock });
        }
        process.stdout.write(`${scaleReport(rows, services, unit, workers).join("\n")}\n`);
        return 0;
    }

    // Spokes spread over this many Regions, each with a hub (tools/plan/synthetic.ts).
    const regions = Number(values.regions);
    let figures: BenchFigures;
    try {
        const profileDir = values["cpu-prof"] !== undefined ? path.resolve(values["cpu-prof"]) : undefined;
        figures =
            values.unit === "each"
                ? await measureUnits(Number(values.spokes), services, values.policy, workers, progress, regions, profileDir)
                : await measure(Number(values.spokes), services, values.unit ?? "all", values.policy, progress, regions, profileDir);
        if (profileDir) progress(`CPU profiles in ${profileDir}`);
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
    if (values["report-json"]) {
        process.stdout.write(`${JSON.stringify(figures)}\n`);
        return 0;
    }
    const lines = [
        `spokes ${figures.spokes}, services ${figures.services}${regions > 1 ? `, regions ${regions}` : ""}, unit ${figures.unit}${figures.units !== undefined ? ` (${figures.units} stacks, ${figures.workers} workers)` : ""}`,
        `resources:        ${figures.resources}`,
        figures.units !== undefined ? `plan time:        ${(figures.planMs / 1000).toFixed(2)} s (each unit's plan, summed; units overlap)` : `plan wall time:   ${(figures.planMs / 1000).toFixed(2)} s`,
        ...(figures.policyMs !== undefined
            ? [`policy pack:      ${(figures.policyMs / 1000).toFixed(2)} s${figures.units !== undefined ? " (summed over units)" : ""} (${figures.mandatory} mandatory violations)`]
            : []),
        `total wall time:  ${(figures.totalMs / 1000).toFixed(2)} s (${figures.msPerResource.toFixed(2)} ms per resource)`,
        figures.processes
            ? `peak memory:      ${figures.processes.map((p) => `${mb(p.peakBytes)} (${p.role}${p.cpuSeconds !== undefined ? `, ${p.cpuSeconds.toFixed(1)} CPU s` : ""})`).join(", ")}`
            : `peak memory:      ${mb(figures.planPeakBytes)} (plan process)${figures.packPeakBytes !== undefined ? `, ${mb(figures.packPeakBytes)} (policy pack process)` : ""}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (err) => {
            process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exitCode = 2;
        },
    );
}
