/**
 * Every multi-Region definition the repository holds — stacks/global.yaml, the same with a
 * third Region, and the held-out two- and three-Region definitions (test/network/regions-held-out/,
 * test/review-peering/held-out/, and the folder LZ_REGIONS_HELD_OUT names) — is judged by the
 * policy pack stack by stack, as a pull request's preview would be (`npm run plan --
 * --markdown`: every stack of the definition planned and judged): no mandatory finding. The
 * plan tests judge routes and resources; this one is where the pack's verdict on them is
 * checked, so a design the pack refuses cannot pass the plan tests alone.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { runScript } from "../support/processes";

const root = path.resolve(__dirname, "..", "..");
const heldOut = [
    path.join(__dirname, "regions-held-out"),
    path.join(root, "test", "review-peering", "held-out"),
    ...(process.env.LZ_REGIONS_HELD_OUT ? [path.resolve(process.env.LZ_REGIONS_HELD_OUT)] : []),
].flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => path.join(dir, f)) : []));

describe("multi-Region definitions, judged by the policy pack stack by stack", function () {
    this.timeout(300_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-regions-pack-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** stacks/global.yaml with a third hub Region and no spoke in it. */
    const threeRegions = (): string => {
        const raw = YAML.parse(fs.readFileSync(path.join(root, "stacks", "global.yaml"), "utf8")) as Record<string, any>;
        raw.network.regions["ap-southeast-2"] = { hub: { cidr: "10.128.0.0/20", availabilityZones: 2 }, transitGateway: { asn: 64530 } };
        const file = path.join(dir, "three", "global.yaml");
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, YAML.stringify(raw));
        return file;
    };

    const cases: [string, () => string][] = [
        ["stacks/global.yaml", () => path.join(root, "stacks", "global.yaml")],
        ["stacks/global.yaml with a third Region", threeRegions],
        ...heldOut.map((f): [string, () => string] => [path.relative(root, f), () => f]),
    ];
    for (const [name, fileOf] of cases) {
        it(`${name}: every stack planned and judged, no mandatory finding`, () => {
            const summary = path.join(dir, `${path.basename(name)}.md`);
            const r = runScript(path.join(root, "tools", "plan", "cli.ts"), ["--definition", fileOf(), "--markdown", summary], { cwd: root });
            assert.strictEqual(r.status, 0, `${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
            assert.match(fs.readFileSync(summary, "utf8"), /\| \*\*Policy\*\* \| 0 mandatory/);
        });
    }
});
