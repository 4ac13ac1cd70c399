/**
 * A throw-away Pulumi project for the deploy tests: the project file, a definition and its
 * generated stack files in a temporary directory, and the recorded fake `pulumi`
 * (fixtures/fake-pulumi/pulumi) first on PATH, with its scenario and its record of calls.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { Definition } from "../../definition/schema";
import { stackFilesFor } from "../../tools/stacks";
import { main } from "../../tools/deploy/cli";

const repo = path.resolve(__dirname, "..", "..");
export const fakeBin = path.join(__dirname, "fixtures", "fake-pulumi");

/** One invocation of the fake CLI, as it recorded it. */
export interface Call {
    command: string;
    argv: string[];
    cwd: string;
    env: Record<string, string>;
    stack?: string;
    start: number;
    end: number;
    code: number;
    configFile?: { path: string; config: Record<string, unknown> };
}

export interface Scenario {
    version?: string;
    delayMs?: number;
    delays?: Record<string, number>;
    existing?: string[];
    plans?: Record<string, { op: string; type: string; name: string; retainOnDelete?: boolean; tags?: Record<string, string> }[]>;
    fail?: { command: string; stack: string; times?: number; message: string }[];
    outputs?: Record<string, Record<string, unknown>>;
}

export class FakeProject {
    readonly dir: string;
    readonly fake: string;
    readonly definitionFile: string;
    readonly definition: Definition;

    /** A project deploying `definitionSource` (copied as stacks/<env>.yaml), with every stack file. */
    constructor(definitionSource: string) {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-project-"));
        this.fake = path.join(this.dir, ".fake-pulumi");
        fs.mkdirSync(this.fake);
        fs.mkdirSync(path.join(this.dir, "stacks"));
        fs.copyFileSync(path.join(repo, "Pulumi.yaml"), path.join(this.dir, "Pulumi.yaml"));
        const loaded = loadDefinitionFile(definitionSource);
        if (!loaded.definition) throw new Error(`${definitionSource} does not load`);
        this.definition = loaded.definition;
        this.definitionFile = path.join(this.dir, "stacks", `${this.definition.environment}.yaml`);
        fs.copyFileSync(definitionSource, this.definitionFile);
        for (const [file, text] of stackFilesFor(this.definition)) fs.writeFileSync(path.join(this.dir, file), text);
        this.scenario({});
    }

    scenario(s: Scenario): void {
        fs.writeFileSync(path.join(this.fake, "scenario.json"), JSON.stringify(s));
    }

    /** Writes another file into the project. */
    write(rel: string, text: string): string {
        const file = path.join(this.dir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        return file;
    }

    calls(): Call[] {
        const file = path.join(this.fake, "calls.jsonl");
        if (!fs.existsSync(file)) return [];
        return fs
            .readFileSync(file, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Call);
    }

    /** Forgets the calls recorded so far. */
    clearCalls(): void {
        fs.rmSync(path.join(this.fake, "calls.jsonl"), { force: true });
    }

    /** Runs `npm run deploy -- <args>` in-process with the fake CLI first on PATH. */
    async deploy(args: string[], options: { path?: string } = {}): Promise<{ code: number; out: string[]; err: string[] }> {
        const saved = { PATH: process.env.PATH, FAKE_PULUMI_DIR: process.env.FAKE_PULUMI_DIR };
        process.env.PATH = options.path ?? `${fakeBin}${path.delimiter}${process.env.PATH}`;
        process.env.FAKE_PULUMI_DIR = this.fake;
        const out: string[] = [];
        const err: string[] = [];
        try {
            const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { projectDir: this.dir });
            return { code, out, err };
        } finally {
            process.env.PATH = saved.PATH;
            if (saved.FAKE_PULUMI_DIR === undefined) delete process.env.FAKE_PULUMI_DIR;
            else process.env.FAKE_PULUMI_DIR = saved.FAKE_PULUMI_DIR;
        }
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** The value of `--name` in an argv. */
export function flagOf(argv: string[], name: string): string | undefined {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
}

/** The most operations of `calls` running at the same time. */
export function maxOverlap(calls: Call[]): number {
    const points = calls.flatMap((c) => [
        { t: c.start, d: 1 },
        { t: c.end, d: -1 },
    ]);
    points.sort((a, b) => a.t - b.t || a.d - b.d);
    let now = 0;
    let max = 0;
    for (const p of points) {
        now += p.d;
        max = Math.max(max, now);
    }
    return max;
}

/**
 * A change of a unit-`all` environment: the fake project of `<dir>/<env>.yaml` with one stack
 * file, `Pulumi.<env>.yaml` selecting unit `all` (the per-unit stack files removed), and
 * `<dir>/from/<env>.yaml` written as the definition deployed before (the change's `--from`).
 */
export function oneStackChange(project: (source: string) => FakeProject, dir: string, env: string): { p: FakeProject; earlier: string } {
    const p = project(path.join(dir, `${env}.yaml`));
    for (const f of fs.readdirSync(p.dir).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) fs.rmSync(path.join(p.dir, f));
    p.write(`Pulumi.${env}.yaml`, `config:\n  landing-zone:environment: ${env}\n  landing-zone:unit: all\n`);
    const earlier = p.write(`deployed/${env}.yaml`, fs.readFileSync(path.join(dir, "from", `${env}.yaml`), "utf8"));
    return { p, earlier };
}

/**
 * Inside a `describe`: a function that makes a FakeProject from a definition file, each
 * removed after the test that made it.
 */
export function fakeProjects(): (source: string) => FakeProject {
    let projects: FakeProject[] = [];
    afterEach(() => {
        for (const p of projects) p.remove();
        projects = [];
    });
    return (source: string): FakeProject => {
        const p = new FakeProject(source);
        projects.push(p);
        return p;
    };
}
