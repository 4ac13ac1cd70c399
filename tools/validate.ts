/**
 * `npm run validate -- <file>...`: checks definition files (every check of the project:
 * definition, network, perimeter; program/load.ts) and prints every problem as
 * `<file>:<line>:<col> <path>: <message>`. Exit 0 when clean (warnings allowed), 2 when
 * any file has an error or the command line is wrong. Never prints a stack trace.
 */
import { formatDiagnostics } from "../definition/diagnostics";
import { loadDefinitionFile } from "../program/load";
import { parseCommandLine } from "./cli";

const usage = "usage: npm run validate -- [--quiet] <stacks/env.yaml>...";

/** Runs the command; returns the exit code. Output goes through the two writers (tests pass their own). */
export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
    const args = parseCommandLine(
        argv,
        {
            usage,
            options: { quiet: { type: "boolean", short: "q" } },
            positionals: true,
            problems: (_, files) => (files.length === 0 ? ["no definition file given"] : []),
        },
        { out, err },
    );
    if ("exitCode" in args) return args.exitCode;
    const files = args.positionals;
    const quiet = args.values.quiet ?? false;
    let failed = false;
    for (const file of files) {
        const { diagnostics } = loadDefinitionFile(file);
        const errors = diagnostics.filter((d) => d.severity === "error").length;
        const warnings = diagnostics.length - errors;
        if (diagnostics.length > 0) (errors > 0 ? err : out)(formatDiagnostics(diagnostics));
        if (errors > 0) failed = true;
        if (!quiet || errors > 0) {
            const summary = errors > 0 ? `${file}: ${errors} error${errors === 1 ? "" : "s"}` : `${file}: valid`;
            (errors > 0 ? err : out)(warnings > 0 ? `${summary}, ${warnings} warning${warnings === 1 ? "" : "s"}` : summary);
        }
    }
    return failed ? 2 : 0;
}

if (require.main === module) {
    try {
        process.exitCode = main(process.argv.slice(2));
    } catch (e) {
        console.error(`validate: ${(e as Error).message}`);
        process.exitCode = 2;
    }
}
