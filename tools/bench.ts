/**
 * `npm run bench -- --spokes N --services S [--unit <unit>] [--policy]`
 *   Plans a synthetic valid definition of N spokes and S centralized services offline and
 *   prints the resource count, wall time, peak memory and milliseconds per resource
 *   (with `--policy`, also the policy pack's evaluation through the Analyzer protocol).
 *
 * `npm run bench -- --scale [--sizes 10,100,1000] [--services 50]`
 *   The scaling report: each size planned and judged in fresh processes, next to the
 *   stock Pulumi mock runtime registering the same number of plain resources, with the
 *   ratio of milliseconds per resource.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import * as YAML from "yaml";
import type * as PulumiTypes from "@pulumi/pulumi";

const usage = `usage:
  npm run bench -- --spokes <N> --services <S> [--unit all] [--policy]
  npm run bench -- --scale [--sizes 10,100,1000] [--services 50]`;

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
}

const mb = (bytes: number | undefined): string => (bytes === undefined ? "n/a" : `${(bytes / 1048576).toFixed(0)} MB`);

/** Plans (and optionally judges) a synthetic definition in this process. */
export async function measure(spokes: number, services: number, unit: string, policy: boolean, progress: (m: string) => void): Promise<BenchFigures> {
    const { syntheticDefinition } = await import("./plan/synthetic");
    const { planProgram } = await import("./plan/run");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landing-zone-bench-"));
    const file = path.join(dir, "bench.yaml");
    fs.writeFileSync(file, YAML.stringify(syntheticDefinition({ spokes, services })));
    try {
        const t0 = Date.now();
        progress(`planning ${spokes} spokes × ${services} services (unit ${unit})...`);
        const plan = await planProgram({ definitionFile: file, unit });
        const planMs = Date.now() - t0;
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
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * The baseline: the stock mock runtime (no changes to the SDK's settings) registering
 * `count` plain resources with two inputs each. Returns wall milliseconds and peak memory.
 */
export async function measureStock(count: number): Promise<{ resources: number; ms: number; peakBytes: number }> {
    const pulumi = await import("@pulumi/pulumi");
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
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
    const t0 = Date.now();
    await pulumi.runtime.runInPulumiStack(async () => {
        for (let i = 0; i < count; i++) new Plain(`plain-${i}`, { cidr: "10.0.0.0/16", name: `plain-${i}` });
        return {};
    });
    await settings.waitForRPCs();
    return { resources: count, ms: Date.now() - t0, peakBytes: process.resourceUsage().maxRSS * 1024 };
}

function child(args: string[]): unknown {
    const result = spawnSync(process.execPath, ["-r", "ts-node/register", __filename, ...args, "--report-json"], {
        encoding: "utf8",
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`bench ${args.join(" ")} failed (exit ${result.status})`);
    return JSON.parse(result.stdout.trim().split("\n").pop() ?? "null");
}

async function main(argv: string[]): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                spokes: { type: "string" },
                services: { type: "string", default: "50" },
                unit: { type: "string", default: "all" },
                policy: { type: "boolean", default: false },
                scale: { type: "boolean", default: false },
                sizes: { type: "string", default: "10,100,1000" },
                stock: { type: "string" },
                "report-json": { type: "boolean", default: false },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n${usage}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${usage}\n`);
        return 0;
    }
    const progress = (m: string): void => {
        process.stderr.write(`[bench] ${m}\n`);
    };
    const services = Number(values.services);

    if (values.stock !== undefined) {
        const figures = await measureStock(Number(values.stock));
        process.stdout.write(`${JSON.stringify(figures)}\n`);
        return 0;
    }

    if (values.scale) {
        const sizes = values.sizes.split(",").map(Number);
        const rows: { figures: BenchFigures; stock: { resources: number; ms: number; peakBytes: number } }[] = [];
        for (const n of sizes) {
            const figures = child(["--spokes", String(n), "--services", String(services), "--unit", values.unit, "--policy"]) as BenchFigures;
            progress(`stock mock runtime: ${figures.resources} plain resources...`);
            const stock = child(["--stock", String(figures.resources)]) as { resources: number; ms: number; peakBytes: number };
            rows.push({ figures, stock });
        }
        const lines = [
            `Scaling report: synthetic definitions, ${services} services, unit ${values.unit}, plan + policy pack (Analyzer protocol); ${os.cpus().length} CPUs`,
            "",
            "spokes  resources   plan s  policy s  total s  ms/res  plan peak  pack peak  mandatory |  stock s  stock ms/res  stock peak  stock/ours",
        ];
        for (const { figures: f, stock: s } of rows) {
            const stockPer = s.ms / Math.max(1, s.resources);
            lines.push(
                [
                    String(f.spokes).padStart(6),
                    String(f.resources).padStart(10),
                    (f.planMs / 1000).toFixed(1).padStart(8),
                    ((f.policyMs ?? 0) / 1000).toFixed(1).padStart(9),
                    (f.totalMs / 1000).toFixed(1).padStart(8),
                    f.msPerResource.toFixed(2).padStart(7),
                    mb(f.planPeakBytes).padStart(10),
                    mb(f.packPeakBytes).padStart(10),
                    String(f.mandatory ?? "-").padStart(10),
                    "|",
                    (s.ms / 1000).toFixed(1).padStart(8),
                    stockPer.toFixed(2).padStart(13),
                    mb(s.peakBytes).padStart(11),
                    `${(stockPer / f.msPerResource).toFixed(2)}×`.padStart(11),
                ].join(" "),
            );
        }
        if (rows.length >= 2) {
            const [a, b] = rows.slice(-2);
            lines.push("", `growth of ms/resource from ${a.figures.spokes} to ${b.figures.spokes} spokes: ${(b.figures.msPerResource / a.figures.msPerResource).toFixed(2)}× (linear = 1.00×)`);
        }
        process.stdout.write(`${lines.join("\n")}\n`);
        return 0;
    }

    if (values.spokes === undefined) {
        process.stderr.write(`error: give --spokes <N> (or --scale)\n${usage}\n`);
        return 2;
    }
    let figures: BenchFigures;
    try {
        figures = await measure(Number(values.spokes), services, values.unit, values.policy, progress);
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
    if (values["report-json"]) {
        process.stdout.write(`${JSON.stringify(figures)}\n`);
        return 0;
    }
    const lines = [
        `spokes ${figures.spokes}, services ${figures.services}, unit ${figures.unit}`,
        `resources:        ${figures.resources}`,
        `plan wall time:   ${(figures.planMs / 1000).toFixed(2)} s`,
        ...(figures.policyMs !== undefined ? [`policy pack:      ${(figures.policyMs / 1000).toFixed(2)} s (${figures.mandatory} mandatory violations)`] : []),
        `total wall time:  ${(figures.totalMs / 1000).toFixed(2)} s (${figures.msPerResource.toFixed(2)} ms per resource)`,
        `peak memory:      ${mb(figures.planPeakBytes)} (plan process)${figures.packPeakBytes !== undefined ? `, ${mb(figures.packPeakBytes)} (policy pack process)` : ""}`,
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
