/**
 * `npm run bench -- --interactive [--stack dev] [--runs 5]`: how long the interactive plan
 * takes next to the least any plan must do, loading the SDK — both measured in the same
 * run, round after round, so both see the same machine (others' tests included).
 *
 * Each round runs, one after the other, in fresh processes from the project root:
 * - the floor: `node -e 'require("@pulumi/pulumi"); require("@pulumi/aws")'`;
 * - the plan as a user types it: `npm run plan -- --stack <stack>`;
 * - the plan's own process, without npm's start: `node -r ./tools/plan/ts-register.js tools/plan/cli.ts --stack <stack>`.
 * Before the rounds, one plan runs untimed (it fills the transpile cache and the pack's
 * copy if a change emptied them; its time is reported). The ratio is the median plan over
 * the median floor. Target: at most 2.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..");

/** The most `npm run plan` may take, as a multiple of loading the SDK. */
export const INTERACTIVE_TARGET = 2;

export interface InteractiveFigures {
    stack: string;
    /** Resources the plan reported. */
    resources?: number;
    /** Seconds, one per round. */
    sdkLoad: number[];
    npmPlan: number[];
    planProcess: number[];
    /** Seconds of the untimed first plan. */
    warmUp: number;
    /** 1-minute load average before and after the rounds (other processes on the machine). */
    load: [number, number];
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Command {
    label: string;
    file: string;
    args: string[];
}

/** Runs a command to completion; returns its wall seconds, or throws with its output when it fails. */
function timed(command: Command, accept: (status: number | null) => boolean): { seconds: number; stderr: string } {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(command.file, command.args, { cwd: root, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.error || !accept(r.status)) throw new Error(`${command.label} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}):\n${r.stderr}`);
    return { seconds, stderr: r.stderr };
}

/** npm as this process was started by (`npm run bench`), or the one on the PATH. */
function npm(args: string[]): { file: string; args: string[] } {
    const cli = process.env.npm_execpath;
    return cli && /\.c?js$/.test(cli) ? { file: process.execPath, args: [cli, ...args] } : { file: process.platform === "win32" ? "npm.cmd" : "npm", args };
}

export function measureInteractive(options: { stack: string; runs: number; progress: (m: string) => void }): InteractiveFigures {
    const sdkLoad: Command = { label: `node -e 'require("@pulumi/pulumi"); require("@pulumi/aws")'`, file: process.execPath, args: ["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws")'] };
    const npmPlan: Command = { label: `npm run plan -- --stack ${options.stack}`, ...npm(["run", "-s", "plan", "--", "--stack", options.stack]) };
    const planProcess: Command = {
        label: `node -r ./tools/plan/ts-register.js tools/plan/cli.ts --stack ${options.stack}`,
        file: process.execPath,
        args: ["-r", path.join(root, "tools", "plan", "ts-register.js"), path.join(root, "tools", "plan", "cli.ts"), "--stack", options.stack],
    };
    // 0: clean, 1: a mandatory rule is violated — both are complete plans.
    const planned = (status: number | null): boolean => status === 0 || status === 1;
    const load0 = os.loadavg()[0];
    options.progress(`warm-up: ${npmPlan.label}`);
    const warm = timed(npmPlan, planned);
    const resources = Number(/\[plan\] (\d+) resources planned/.exec(warm.stderr)?.[1]) || undefined;
    const figures: InteractiveFigures = { stack: options.stack, resources, sdkLoad: [], npmPlan: [], planProcess: [], warmUp: warm.seconds, load: [load0, 0] };
    for (let round = 1; round <= options.runs; round++) {
        figures.sdkLoad.push(timed(sdkLoad, (s) => s === 0).seconds);
        figures.npmPlan.push(timed(npmPlan, planned).seconds);
        figures.planProcess.push(timed(planProcess, planned).seconds);
        options.progress(`round ${round}/${options.runs}: SDK load ${figures.sdkLoad[round - 1].toFixed(2)} s, npm run plan ${figures.npmPlan[round - 1].toFixed(2)} s, plan process ${figures.planProcess[round - 1].toFixed(2)} s`);
    }
    figures.load[1] = os.loadavg()[0];
    return figures;
}

/** The report: every run, the medians, and the ratio against its target. */
export function interactiveReport(f: InteractiveFigures): string[] {
    const runs = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join("  ");
    const ratio = median(f.npmPlan) / median(f.sdkLoad);
    const rows: [string, number[]][] = [
        [`node loading @pulumi/pulumi + @pulumi/aws`, f.sdkLoad],
        [`npm run plan -- --stack ${f.stack}`, f.npmPlan],
        [`the plan's process alone (no npm)`, f.planProcess],
    ];
    return [
        `Interactive plan of stack ${f.stack}${f.resources !== undefined ? ` (${f.resources} resources)` : ""}: ${f.sdkLoad.length} rounds, each command in turn in a fresh process; ${os.cpus().length} CPUs, node ${process.version}, load average ${f.load[0].toFixed(1)} → ${f.load[1].toFixed(1)}`,
        "",
        `${"wall seconds".padEnd(44)}${"median".padStart(8)}   runs`,
        ...rows.map(([label, xs]) => `${label.padEnd(44)}${median(xs).toFixed(2).padStart(8)}   ${runs(xs)}`),
        "",
        `ratio npm run plan ÷ loading the SDK (medians): ${ratio.toFixed(2)} — target ≤ ${INTERACTIVE_TARGET}: ${ratio <= INTERACTIVE_TARGET ? "met" : "NOT met"}`,
        `ratio of the plan's process alone: ${(median(f.planProcess) / median(f.sdkLoad)).toFixed(2)}`,
        `untimed first plan before the rounds: ${f.warmUp.toFixed(2)} s (fills the transpile cache and the pack's copy when a change emptied them)`,
    ];
}
