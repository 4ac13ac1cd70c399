/**
 * `npm run waves -- --definition <file> [--from <earlier definition>] [--single-stack] [--json <out>]`
 *
 * Prints the deploy waves of an environment (program/stack-graph.ts) as JSON: which stacks
 * run in which wave (a wave's stacks can run in parallel), how many passes each needs,
 * and the waves that destroy it. With `--from`, the waves apply the change from the
 * earlier definition (stacks of removed units are destroyed in the right place). With
 * `--json <out>` the JSON goes to that file and a readable table to stdout.
 *
 *   { environment, waves: [{ stacks: [{ stack, unit, account, accountId, pass, operation,
 *     reason, phases, after, config? }] }], destroyWaves: [...] }
 *
 * Exit codes: 0 printed; 2 invalid arguments or definition (every problem, located).
 */
import * as fs from "fs";
import { formatDiagnostics } from "../definition/diagnostics";
import { ChangeRefused, locateChangeProblems } from "../definition/hub-cidr-change";
import { Definition } from "../definition/schema";
import { loadDefinitionFile } from "../program/load";
import { StackWaves, Wave, stackWaves } from "../program/stack-graph";
import { CliIo, parseCommandLine, stdio } from "./cli";

export const usage = `usage: npm run waves -- --definition <file> [--from <earlier definition>] [--single-stack] [--json <out>]
  --definition <file>  the environment (stacks/<env>.yaml)
  --from <file>        the definition deployed before: print the waves that apply the change
  --single-stack       one stack for the whole environment (unit all)
  --json <out>         write the JSON there and print a table instead
exit codes: 0 printed, 2 invalid arguments or definition`;

type Io = CliIo;

/** Loads every definition named, reporting every problem of every file; undefined when any has an error. */
export function loadDefinitions(files: string[], io: Io): Definition[] | undefined {
    const loaded: Definition[] = [];
    let failed = false;
    for (const file of files) {
        let result;
        try {
            result = loadDefinitionFile(file);
        } catch (e) {
            io.err(`${file}: ${(e as Error).message}`);
            failed = true;
            continue;
        }
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        if (errors.length > 0 || !result.definition) {
            io.err(formatDiagnostics(errors.length > 0 ? errors : result.diagnostics));
            failed = true;
            continue;
        }
        loaded.push(result.definition);
    }
    return failed ? undefined : loaded;
}

/** The waves as a readable table. */
export function wavesTable(waves: StackWaves): string[] {
    const section = (title: string, list: Wave[]): string[] => [
        title,
        ...list.flatMap((wave, i) => [
            `  wave ${i + 1}`,
            ...wave.stacks.map((s) => `    ${s.operation.padEnd(7)} ${`${s.stack} #${s.pass}`.padEnd(32)} ${s.config ? `[${Object.entries(s.config).map(([k, v]) => `${k}=${v}`).join(" ")}] ` : ""}${s.reason}`),
        ]),
    ];
    return [...section(`${waves.environment}: deploy`, waves.waves), ...section(`${waves.environment}: destroy`, waves.destroyWaves)];
}

export function main(argv: string[], io: Io = stdio): number {
    const args = parseCommandLine(
        argv,
        {
            usage,
            options: { definition: { type: "string" }, from: { type: "string" }, "single-stack": { type: "boolean" }, json: { type: "string" } },
            problems: (v) => (v.definition === undefined ? ["give --definition <file>"] : []),
        },
        io,
    );
    if ("exitCode" in args) return args.exitCode;
    const values = args.values as typeof args.values & { definition: string };
    const definitions = loadDefinitions([values.definition, ...(values.from ? [values.from] : [])], io);
    if (!definitions) return 2;
    const [definition, from] = definitions;
    let waves: StackWaves;
    try {
        waves = stackWaves(definition, { from, singleStack: values["single-stack"] });
    } catch (e) {
        io.err(e instanceof ChangeRefused ? formatDiagnostics(locateChangeProblems(values.definition, e.problems)) : `${values.definition}: ${(e as Error).message}`);
        return 2;
    }
    const json = JSON.stringify(waves, null, 2);
    if (values.json) {
        fs.writeFileSync(values.json, `${json}\n`);
        for (const line of wavesTable(waves)) io.out(line);
    } else {
        io.out(json);
    }
    return 0;
}

if (require.main === module) {
    try {
        process.exitCode = main(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`waves: ${(e as Error).message}\n`);
        process.exitCode = 2;
    }
}
