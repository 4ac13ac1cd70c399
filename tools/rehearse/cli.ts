/**
 * `npm run rehearse -- --definition <file> [--from <earlier definition>] [--destroy] [--json <out>]`
 *
 * The offline rehearsal (rehearse.ts): deploys the environment's stacks wave by wave
 * against a simulated state backend and a simulated AWS, checks that a final `up` of
 * every stack plans no change, and with `--destroy` tears everything down. With `--from`
 * it first deploys the earlier definition, then applies the new one as a change.
 *
 * Prints a table of steps; `--json <out>` writes the documented JSON. Exit codes: 0 every
 * step ok and converged (or everything destroyed), 1 otherwise, 2 invalid input.
 */
import * as fs from "fs";
import { parseCommandLine } from "../cli";
import { RehearsalResult } from "./model";
import { InputError, exitCodeOf, rehearse } from "./rehearse";

export const usage = `usage: npm run rehearse -- --definition <file> [--from <earlier definition>] [--destroy] [--single-stack] [--json <out>]
  --definition <file>  the environment (stacks/<env>.yaml)
  --from <file>        deploy this earlier definition first, then apply --definition as a change
  --destroy            tear everything down at the end
  --single-stack       one stack for the whole environment (unit all) instead of one per unit
  --json <out>         write { steps, converged, final, findings } as JSON
  --quiet              print the summary only, not every step
exit codes: 0 every step ok and converged (or everything destroyed), 1 otherwise, 2 invalid input`;

interface Io {
    out(line: string): void;
    err(line: string): void;
}

const stdio: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

/** The `--json` document. */
export function rehearsalJson(result: RehearsalResult): Record<string, unknown> {
    return {
        environment: result.environment,
        mode: result.mode,
        steps: result.steps.map((s) => ({
            stack: s.stack,
            operation: s.operation,
            pass: s.pass,
            wave: s.wave,
            stage: s.stage,
            creates: s.creates,
            updates: s.updates,
            replaces: s.replaces,
            deletes: s.deletes,
            created: s.created,
            updated: s.updated,
            replaced: s.replaced,
            retained: s.retained,
            outcome: s.outcome,
            ...(s.message !== undefined ? { message: s.message } : {}),
            ...(s.config !== undefined ? { config: s.config } : {}),
        })),
        converged: result.converged,
        final: result.final,
        findings: result.findings,
    };
}

/** The summary lines after the table. */
export function summary(result: RehearsalResult, code: number): string[] {
    const lines = [
        "",
        `${result.environment} (${result.mode}): ${result.steps.length} steps, ${result.steps.filter((s) => s.outcome !== "ok").length} not ok; ` +
            `converged: ${result.converged ? "yes" : "no"}; resources left in state: ${result.final.resources}`,
    ];
    const retained = Object.entries(result.final.retainedInAws);
    if (retained.length > 0) lines.push(`left in AWS on purpose (retainOnDelete): ${retained.map(([t, n]) => `${n} ${t.split(":").pop()}`).join(", ")}`);
    const pending = result.final.pendingAcceptance;
    if (pending.length > 0) {
        lines.push(
            `note: ${pending.length} interface endpoint connection(s) still wait for their endpoint service owner's acceptance (no connection is accepted by the program); they pass no traffic until accepted: ` +
                [...new Set(pending.map((p) => p.stack))].join(", "),
        );
    }
    if (result.findings.length > 0) {
        lines.push(`${result.findings.length} finding(s):`);
        for (const f of result.findings) lines.push(`  - [${f.rule}] ${f.message}`);
    }
    lines.push(code === 0 ? "rehearsal passed" : "rehearsal FAILED");
    return lines;
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
    const args = parseCommandLine(
        argv,
        {
            usage,
            options: {
                definition: { type: "string" },
                from: { type: "string" },
                destroy: { type: "boolean" },
                "single-stack": { type: "boolean" },
                json: { type: "string" },
                quiet: { type: "boolean", short: "q" },
            },
            problems: (v) => (v.definition === undefined ? ["give --definition <file>"] : []),
        },
        io,
    );
    if ("exitCode" in args) return args.exitCode;
    const values = args.values as typeof args.values & { definition: string };
    let result: RehearsalResult;
    try {
        result = await rehearse({
            definitionFile: values.definition,
            fromFile: values.from,
            destroy: values.destroy,
            singleStack: values["single-stack"],
            progress: values.quiet ? undefined : io.out,
        });
    } catch (e) {
        if (e instanceof InputError) {
            io.err(e.message);
            return 2;
        }
        throw e;
    }
    const code = exitCodeOf(result);
    if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(rehearsalJson(result), null, 2)}\n`);
    for (const line of summary(result, code)) (code === 0 ? io.out : io.err)(line);
    return code;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (err) => {
            process.stderr.write(`rehearse: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exitCode = 2;
        },
    );
}
