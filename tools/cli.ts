/**
 * The command line of every CLI of the project, read one way (`util.parseArgs`):
 *
 * - `-h`/`--help` prints the usage to stdout; the command exits 0 and does nothing else.
 * - Every problem of the command line — an unknown option, an option without its value, a
 *   value given to a flag, an argument where none is taken, and whatever the command's own
 *   `problems` finds (a missing or conflicting option, a malformed value) — is printed in
 *   one message on stderr, one `error: ` line each, followed by the usage; exit code 2. No
 *   stack trace, nothing started.
 *
 * Every line written goes through the command's `out`/`err` writers, each of which ends
 * what it writes with one newline.
 */
import { parseArgs } from "util";

/** Line writers: each call writes one line (or lines) and its trailing newline. */
export interface CliIo {
    out(line: string): void;
    err(line: string): void;
}

/** stdout and stderr as line writers. */
export const stdio: CliIo = {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
};

/** Writers that take text as it is (`process.stdout.write`-like) as line writers. */
export function lineIo(out: (text: string) => void, err: (text: string) => void): CliIo {
    return { out: (line) => out(`${line}\n`), err: (line) => err(`${line}\n`) };
}

interface OptionConfig {
    type: "string" | "boolean";
    short?: string;
    multiple?: boolean;
    default?: string | boolean | string[] | boolean[];
}
type Options = Record<string, OptionConfig>;

const help = { help: { type: "boolean", short: "h" } } as const;

/** What `util.parseArgs` gives for these options (strict, so every value has its option's type). */
export type CliValues<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof help; strict: true; allowPositionals: true }>>["values"];

export interface CommandLine<O extends Options> {
    /** The usage text, starting `usage:` (printed by --help, and after every problem). */
    usage: string;
    /** The options; `-h`/`--help` is added. */
    options: O;
    /** Takes positional arguments (files). @default false */
    positionals?: boolean;
    /**
     * Every problem of the values that is the command line's (a missing option, options
     * that do not go together, a malformed value), worded for the user; [] when none. Runs
     * even when parsing found problems, on the options that parsed, so one run names all.
     */
    problems?: (values: Partial<CliValues<O>>, positionals: string[]) => string[];
}

/** The parsed command line, or the exit code when the command is done (help printed: 0, refused: 2). */
export type Parsed<O extends Options> = { values: CliValues<O>; positionals: string[] } | { exitCode: 0 | 2 };

/** Refuses the command line: `problems` (one `error: ` line each), then the usage, in one message on `io.err`; exit code 2. */
export function refuse(io: CliIo, usage: string, problems: readonly string[]): 2 {
    io.err([...problems.map((p) => `error: ${p}`), usage].join("\n"));
    return 2;
}

/** Reads `argv` against `spec`: prints the usage or every problem itself (see the module comment). */
export function parseCommandLine<O extends Options>(argv: string[], spec: CommandLine<O>, io: CliIo): Parsed<O> {
    const options: Options = { ...spec.options, ...help };
    const { values, positionals, tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
    const problems: string[] = [];
    const known = Object.keys(options);
    const bad = new Set<string>();
    let afterUnknown = false;
    for (const token of tokens) {
        if (token.kind === "option") {
            const option = options[token.name] as OptionConfig | undefined;
            afterUnknown = false;
            if (!option) {
                problems.push(`unknown option ${token.rawName}${hint(token.name, known)}`);
                bad.add(token.name);
                afterUnknown = true;
            } else if (option.type === "string" && (!token.value || (!token.inlineValue && token.value.startsWith("-")))) {
                // (A value that looks like an option is the next option, not this one's value; an empty one is none.)
                problems.push(`${token.rawName} needs a value${token.value ? `, not the option ${token.value}` : ""}`);
                bad.add(token.name);
            } else if (option.type === "boolean" && token.value !== undefined) {
                problems.push(`${token.rawName} takes no value (got "${token.value}")`);
                bad.add(token.name);
            }
        } else if (token.kind === "positional") {
            // The word after an unknown option is most likely its value: the option is the problem.
            if (!spec.positionals && !afterUnknown) problems.push(`unexpected argument "${token.value}"`);
            afterUnknown = false;
        }
    }
    if (values.help === true && !bad.has("help")) {
        io.out(spec.usage);
        return { exitCode: 0 };
    }
    const good = Object.fromEntries(Object.entries(values).filter(([k]) => !bad.has(k))) as Partial<CliValues<O>>;
    problems.push(...(spec.problems?.(good, spec.positionals ? positionals : []) ?? []));
    if (problems.length > 0) return { exitCode: refuse(io, spec.usage, problems) };
    return { values: good as CliValues<O>, positionals: spec.positionals ? positionals : [] };
}

/** "; did you mean --x?" for a misspelt option. */
function hint(name: string, known: string[]): string {
    // Loaded only for a misspelling: the CLIs start without the definition modules.
    const { suggest } = require("../definition/shape-issues") as typeof import("../definition/shape-issues");
    const close = suggest(name, known);
    return close ? `; did you mean --${close}?` : "";
}
