/**
 * `npm run refresh:service-regions` regenerates aws/service-availability.json from botocore's
 * endpoints.json: a small recorded excerpt (test/tools/fixtures/service-regions/) shaped like the
 * real file, and the expectations read off it by its own rules (aws/service-regions.ts): a Region
 * offers a row's service when partition `aws` has a non-deprecated endpoint of its prefix there
 * (for a partial row, a `<name>-<region>` endpoint); a global service has none.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatTable, main, regenerate } from "../../tools/refresh-service-regions";

const fixtures = path.join(__dirname, "fixtures", "service-regions");
const endpointsFile = path.join(fixtures, "botocore", "data", "endpoints.json");

function run(args: string[]): { code: number; out: string; err: string } {
    let out = "";
    let err = "";
    const code = main(args, (s) => (out += s), (s) => (err += s));
    return { code, out, err };
}

function scratchTable(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-service-regions-"));
    const file = path.join(dir, "service-availability.json");
    fs.copyFileSync(path.join(fixtures, "service-availability.json"), file);
    return file;
}

describe("refresh:service-regions (aws/service-availability.json from botocore's endpoints.json)", () => {
    it("recomputes every row's Regions and the partition's Regions, sorted, with the botocore version next to the file", () => {
        const table = scratchTable();
        const r = run(["--endpoints", endpointsFile, "--table", table]);
        assert.strictEqual(r.code, 0, r.err);
        const written = JSON.parse(fs.readFileSync(table, "utf8"));
        assert.strictEqual(written.botocoreVersion, "9.8.7", "from botocore/__init__.py");
        assert.strictEqual(written.source, "botocore/data/endpoints.json, partition aws");
        // Partition aws only (us-gov-west-1 is another partition), sorted.
        assert.deepStrictEqual(written.partitionRegions, ["ap-southeast-2", "eu-west-1", "us-east-1"]);
        assert.deepStrictEqual(Object.keys(written.services), ["bedrock-runtime", "iam", "ssm", "ssmmessages"], "rows sorted by service");
        // ap-southeast-2's ssm endpoint is deprecated, fips-us-east-1 is no Region.
        assert.deepStrictEqual(written.services.ssm, { endpointPrefix: "ssm", regions: ["eu-west-1", "us-east-1"] });
        assert.deepStrictEqual(written.services.ssmmessages.regions, ["eu-west-1", "us-east-1"], "read under ssm, as the row says");
        assert.deepStrictEqual(written.services.iam.regions, [], "a global service has no Regional endpoint");
        // Partial: only the bedrock-runtime-<region> endpoints, not bedrock's own; a deprecated one does not count.
        assert.deepStrictEqual(written.services["bedrock-runtime"], { endpointPrefix: "bedrock (bedrock-runtime-<region> endpoints)", partial: true, regions: ["us-east-1"] });
    });

    it("is deterministic: a second run finds the table up to date, and --check agrees", () => {
        const table = scratchTable();
        assert.strictEqual(run(["--endpoints", endpointsFile, "--table", table]).code, 0);
        const first = fs.readFileSync(table, "utf8");
        const again = run(["--endpoints", endpointsFile, "--table", table]);
        assert.strictEqual(again.code, 0);
        assert.match(again.out, /up to date \(botocore 9\.8\.7\)/);
        assert.strictEqual(fs.readFileSync(table, "utf8"), first);
        assert.strictEqual(run(["--endpoints", endpointsFile, "--table", table, "--check"]).code, 0);
    });

    it("--check reports a stale table without writing it; --botocore-version overrides the version found", () => {
        const table = scratchTable();
        const before = fs.readFileSync(table, "utf8");
        const r = run(["--endpoints", endpointsFile, "--table", table, "--check"]);
        assert.strictEqual(r.code, 1);
        assert.strictEqual(fs.readFileSync(table, "utf8"), before);
        assert.strictEqual(run(["--endpoints", endpointsFile, "--table", table, "--botocore-version", "1.2.3"]).code, 0);
        assert.strictEqual(JSON.parse(fs.readFileSync(table, "utf8")).botocoreVersion, "1.2.3");
    });

    it("the shipped table is in the tool's own format and order, so a refresh diff shows only what AWS changed", () => {
        const shipped = path.join(__dirname, "..", "..", "aws", "service-availability.json");
        const text = fs.readFileSync(shipped, "utf8");
        const table = JSON.parse(text);
        assert.match(table.botocoreVersion, /^\d+\.\d+\.\d+$/);
        assert.strictEqual(formatTable(table), text);
        for (const row of Object.values(table.services) as { regions: string[] }[]) assert.deepStrictEqual(row.regions, [...row.regions].sort());
    });

    it("refuses bad input with every problem listed, exit 2, and writes nothing", () => {
        const table = scratchTable();
        const before = fs.readFileSync(table, "utf8");
        const noVersion = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lz-endpoints-")), "endpoints.json");
        fs.copyFileSync(endpointsFile, noVersion);
        const r = run(["--endpoints", noVersion, "--table", table]);
        assert.strictEqual(r.code, 2);
        assert.match(r.err, /botocore version .* is not known .*--botocore-version/);
        assert.strictEqual(run([]).code, 2);
        assert.strictEqual(run(["--endpoints", path.join(fixtures, "missing.json"), "--table", table]).code, 2);
        // A prefix the file does not have would read as "offered nowhere": refused, naming the row.
        const missing = regenerate(JSON.parse(fs.readFileSync(endpointsFile, "utf8")), { services: { kms: { endpointPrefix: "kms", regions: [] }, ssm: { endpointPrefix: "ssm", regions: [] }, sts: { endpointPrefix: "sts", regions: [] } } }, "1.0.0");
        assert.ok("problems" in missing);
        assert.deepStrictEqual(missing.problems.map((p) => p.split(":")[0]), ["services.kms", "services.sts"]);
        assert.strictEqual(fs.readFileSync(table, "utf8"), before);
    });
});
