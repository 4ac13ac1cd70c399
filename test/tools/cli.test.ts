/**
 * tools/cli.ts, in-process: what every CLI does with its command line (the processes
 * themselves: cli-args.process.test.ts).
 */
import * as assert from "assert";
import { CommandLine, parseCommandLine } from "../../tools/cli";

const spec = {
    usage: "usage: x --definition <file> [--json] [--step <s>]...",
    options: { definition: { type: "string" }, json: { type: "boolean" }, step: { type: "string", multiple: true } },
    problems: (v) => (v.definition === undefined ? ["give --definition <file>"] : []),
} satisfies CommandLine<{ definition: { type: "string" }; json: { type: "boolean" }; step: { type: "string"; multiple: true } }>;

function run(argv: string[], positionals = false) {
    const out: string[] = [];
    const err: string[] = [];
    const parsed = parseCommandLine(argv, { ...spec, positionals }, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { parsed, out: out.join("\n"), err: err.join("\n") };
}

describe("tools/cli.ts: one way to read a command line", () => {
    it("gives the values and positionals of a good command line, and prints nothing", () => {
        const r = run(["--definition", "d.yaml", "--json", "--step", "a", "--step=b"]);
        assert.deepStrictEqual(r.parsed, { values: { definition: "d.yaml", json: true, step: ["a", "b"] }, positionals: [] });
        assert.strictEqual(r.out + r.err, "");
        assert.deepStrictEqual(run(["--definition", "d", "f1", "--", "--f2"], true).parsed, { values: { definition: "d" }, positionals: ["f1", "--f2"] });
    });

    it("--help and -h print the usage to out and end the command with 0, whatever else is on the line", () => {
        for (const argv of [["--help"], ["-h"], ["--bogus", "--help"]]) {
            const r = run(argv);
            assert.deepStrictEqual(r.parsed, { exitCode: 0 }, argv.join(" "));
            assert.strictEqual(r.out, spec.usage);
            assert.strictEqual(r.err, "");
        }
    });

    it("names every problem of the command line in one message, one error line each, then the usage; exit 2", () => {
        const r = run(["--defintion", "d.yaml", "--json=yes", "stray", "-x", "--step"]);
        assert.deepStrictEqual(r.parsed, { exitCode: 2 });
        assert.strictEqual(r.out, "");
        assert.strictEqual(
            r.err,
            [
                "error: unknown option --defintion; did you mean --definition?",
                '--json takes no value (got "yes")',
                'unexpected argument "stray"',
                "unknown option -x",
                "--step needs a value",
                "give --definition <file>",
            ]
                .map((l, i) => (i === 0 ? l : `error: ${l}`))
                .concat(spec.usage)
                .join("\n"),
        );
    });

    it("a value that is the next option is not taken as this option's value", () => {
        const r = run(["--definition", "--json"]);
        assert.deepStrictEqual(r.parsed, { exitCode: 2 });
        assert.match(r.err, /^error: --definition needs a value, not the option --json\nerror: give --definition <file>\nusage: /);
        // An empty value is none.
        for (const argv of [["--definition="], ["--definition", ""]]) assert.match(run(argv).err, /^error: --definition needs a value\nerror: give --definition <file>\n/, argv.join(" "));
        // Given inline, a value may start with a dash.
        assert.deepStrictEqual(run(["--definition=-odd.yaml"]).parsed, { values: { definition: "-odd.yaml" }, positionals: [] });
    });
});
