/**
 * The command of a file generated from the project's sources (`npm run reference`,
 * `npm run services-doc`): writes the file, or with `--check` writes nothing and exits 1
 * when the committed file is not what the sources render (CI and a test run that).
 */
import * as fs from "fs";
import * as path from "path";
import { CliIo, parseCommandLine } from "./cli";

export interface GeneratedFile {
    /** The npm script, for the usage and the stale message. */
    script: string;
    /** The file it writes. */
    target: string;
    /** Its text, rendered from the sources. */
    render: () => string;
}

/** Runs the command; returns the exit code. */
export function generatedFileCommand(argv: string[], io: CliIo, file: GeneratedFile): number {
    const relative = path.relative(process.cwd(), file.target);
    const usage = `usage: npm run ${file.script} [-- --check]\n  --check   write nothing; exit 1 when ${path.relative(path.resolve(__dirname, ".."), file.target)} is not what it renders`;
    const args = parseCommandLine(argv, { usage, options: { check: { type: "boolean" } } }, io);
    if ("exitCode" in args) return args.exitCode;
    const text = file.render();
    if (args.values.check) {
        if ((fs.existsSync(file.target) ? fs.readFileSync(file.target, "utf8") : "") === text) return 0;
        io.err(`${relative} is stale: run npm run ${file.script}`);
        return 1;
    }
    fs.mkdirSync(path.dirname(file.target), { recursive: true });
    fs.writeFileSync(file.target, text);
    io.out(`wrote ${relative}`);
    return 0;
}
