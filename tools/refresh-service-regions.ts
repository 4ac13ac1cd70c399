/**
 * `npm run refresh:service-regions -- --endpoints <botocore/data/endpoints.json>` regenerates
 * aws/service-availability.json (which Regions offer each catalogued service: aws/service-regions.ts)
 * from AWS's published endpoint metadata, botocore's `endpoints.json`
 * (https://github.com/boto/botocore/blob/develop/botocore/data/endpoints.json). No Python is
 * needed: the file is plain JSON (take it from a botocore checkout, wheel or installed package).
 *
 * What is kept and what is recomputed:
 *  - the rows (catalog short name → endpoint prefix, and the `partial` rows read from named
 *    endpoints such as `bedrock (bedrock-runtime-<region> endpoints)`) are the table's own,
 *    chosen by hand and documented in aws/service-regions.ts: they are read from the current
 *    table, never guessed;
 *  - `partitionRegions`: the Regions of partition `aws`;
 *  - each row's `regions`: the Regions of partition `aws` with a non-deprecated endpoint of its
 *    prefix (for a partial row, a non-deprecated `<name>-<region>` endpoint);
 *  - `botocoreVersion`: `--botocore-version`, else `__version__` of the botocore package the
 *    file sits in (`<botocore>/data/endpoints.json` → `<botocore>/__init__.py`).
 * Output is deterministic: rows sorted by service name, Regions sorted, one row per line.
 *
 * Options: `--table <file>` (default aws/service-availability.json; read for its rows, then
 * rewritten), `--check` (write nothing; exit 1 when the table would change).
 * Exit codes: 0 written (or unchanged), 1 `--check` found a difference, 2 bad arguments or
 * input (every problem listed; nothing written).
 */
import * as fs from "fs";
import * as path from "path";
import { lineIo, parseCommandLine, refuse } from "./cli";

const defaultTable = path.resolve(__dirname, "..", "aws", "service-availability.json");
const PARTITION = "aws";
const SOURCE = `botocore/data/endpoints.json, partition ${PARTITION}`;
/** A partial row's prefix: `<service> (<name>-<region> endpoints)`. */
const NAMED_ENDPOINTS = /^(\S+) \((\S+)-<region> endpoints\)$/;

export interface ServiceRow {
    endpointPrefix: string;
    partial?: boolean;
    regions: string[];
}

export interface ServiceAvailabilityTable {
    source: string;
    botocoreVersion: string;
    partitionRegions: string[];
    services: Record<string, ServiceRow>;
}

interface BotocoreEndpoint {
    deprecated?: boolean;
}

interface BotocorePartition {
    partition: string;
    regions?: Record<string, unknown>;
    services?: Record<string, { endpoints?: Record<string, BotocoreEndpoint> }>;
}

function rec(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The table regenerated from `endpoints` (botocore's endpoints.json, parsed) for the rows of
 * `current`. Returns every problem instead when the file lacks what a row needs (a prefix it no
 * longer has would otherwise read as "offered nowhere").
 */
export function regenerate(endpoints: unknown, current: Pick<ServiceAvailabilityTable, "services">, botocoreVersion: string): { table: ServiceAvailabilityTable } | { problems: string[] } {
    const problems: string[] = [];
    const partitions = rec(endpoints)?.partitions;
    const aws = Array.isArray(partitions) ? (partitions as BotocorePartition[]).find((p) => rec(p)?.partition === PARTITION) : undefined;
    if (!aws || !rec(aws.regions) || !rec(aws.services)) return { problems: [`no partition "${PARTITION}" with regions and services in the endpoints file (expected botocore/data/endpoints.json: { "partitions": [{ "partition": "aws", "regions": {...}, "services": {...} }] })`] };
    const regions = Object.keys(aws.regions!).sort();
    const regionSet = new Set(regions);
    const services = aws.services!;
    const live = (endpointsOf: Record<string, BotocoreEndpoint>, name: (region: string) => string): string[] =>
        regions.filter((r) => {
            const e = endpointsOf[name(r)];
            return e !== undefined && rec(e)?.deprecated !== true;
        });
    const out: Record<string, ServiceRow> = {};
    for (const service of Object.keys(current.services).sort()) {
        const row = current.services[service];
        const named = NAMED_ENDPOINTS.exec(row.endpointPrefix);
        const prefix = named ? named[1] : row.endpointPrefix;
        const endpointsOf = rec(services[prefix]?.endpoints) as Record<string, BotocoreEndpoint> | undefined;
        if (!endpointsOf) {
            problems.push(`services.${service}: endpoint prefix "${prefix}" is not in partition "${PARTITION}" of the endpoints file; fix the row's endpointPrefix in the table (aws/service-regions.ts says how rows are chosen) or remove the row`);
            continue;
        }
        const found = named ? live(endpointsOf, (r) => `${named[2]}-${r}`) : live(endpointsOf, (r) => r);
        if (named && row.partial !== true) problems.push(`services.${service}: a row read from named endpoints (${row.endpointPrefix}) must be "partial": true`);
        out[service] = { endpointPrefix: row.endpointPrefix, ...(row.partial ? { partial: true } : {}), regions: found.filter((r) => regionSet.has(r)) };
    }
    if (problems.length > 0) return { problems };
    return { table: { source: SOURCE, botocoreVersion, partitionRegions: regions, services: out } };
}

/** A JSON array of strings on one line, `["a", "b"]`. */
function inlineList(values: readonly string[]): string {
    return `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

/** The table as written: one key per line at the top, one service per line. */
export function formatTable(table: ServiceAvailabilityTable): string {
    const rows = Object.entries(table.services).map(([name, row]) => {
        const fields = [`"endpointPrefix": ${JSON.stringify(row.endpointPrefix)}`, ...(row.partial ? [`"partial": true`] : []), `"regions": ${inlineList(row.regions)}`];
        return `  ${JSON.stringify(name)}: {${fields.join(", ")}}`;
    });
    return [
        "{",
        ` "source": ${JSON.stringify(table.source)},`,
        ` "botocoreVersion": ${JSON.stringify(table.botocoreVersion)},`,
        ` "partitionRegions": ${inlineList(table.partitionRegions)},`,
        ` "services": {`,
        rows.join(",\n"),
        " }",
        "}",
        "",
    ].join("\n");
}

/** `__version__` of the botocore package an endpoints.json sits in (`<botocore>/data/endpoints.json`). */
export function botocoreVersionNextTo(endpointsFile: string): string | undefined {
    const init = path.join(path.dirname(endpointsFile), "..", "__init__.py");
    if (!fs.existsSync(init)) return undefined;
    return /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(fs.readFileSync(init, "utf8"))?.[1];
}

const usage = `usage: npm run refresh:service-regions -- --endpoints <botocore/data/endpoints.json> [--botocore-version <x.y.z>] [--table aws/service-availability.json] [--check]`;

/** CLI entry; returns the exit code. */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
    const io = lineIo(out, err);
    const parsed = parseCommandLine(
        argv,
        {
            usage,
            options: { endpoints: { type: "string" }, "botocore-version": { type: "string" }, table: { type: "string" }, check: { type: "boolean" } },
        },
        io,
    );
    if ("exitCode" in parsed) return parsed.exitCode;
    const args = parsed;
    // The command line's problems are reported with the files' (a missing --endpoints with an unreadable table), in one message.
    const problems: string[] = [];
    const endpointsFile = args.values.endpoints;
    const tableFile = path.resolve(args.values.table ?? defaultTable);
    if (endpointsFile === undefined) problems.push("--endpoints is required: the path of botocore's data/endpoints.json");
    let endpoints: unknown;
    if (endpointsFile !== undefined) {
        try {
            endpoints = JSON.parse(fs.readFileSync(endpointsFile, "utf8"));
        } catch (e) {
            problems.push(`${endpointsFile}: cannot be read as JSON (${(e as Error).message})`);
        }
    }
    let current: ServiceAvailabilityTable | undefined;
    try {
        current = JSON.parse(fs.readFileSync(tableFile, "utf8")) as ServiceAvailabilityTable;
        if (!rec(current?.services)) problems.push(`${tableFile}: has no "services" object`);
    } catch (e) {
        problems.push(`${tableFile}: cannot be read as JSON (${(e as Error).message})`);
    }
    const version = args.values["botocore-version"] ?? (endpointsFile !== undefined ? botocoreVersionNextTo(endpointsFile) : undefined);
    if (endpointsFile !== undefined && version === undefined) problems.push(`the botocore version of ${endpointsFile} is not known (no botocore __init__.py next to its data folder): pass --botocore-version <x.y.z>`);
    else if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version)) problems.push(`--botocore-version ${version}: expected a version such as 1.43.11`);
    if (problems.length === 0) {
        const result = regenerate(endpoints, current!, version!);
        if ("problems" in result) problems.push(...result.problems.map((p) => `${endpointsFile}: ${p}`));
        else {
            const text = formatTable(result.table);
            const before = fs.readFileSync(tableFile, "utf8");
            if (text === before) {
                out(`${path.relative(process.cwd(), tableFile)} is up to date (botocore ${version})\n`);
                return 0;
            }
            if (args.values.check) {
                err(`${path.relative(process.cwd(), tableFile)} differs from what botocore ${version}'s endpoints.json gives; run without --check to rewrite it\n`);
                return 1;
            }
            fs.writeFileSync(tableFile, text);
            out(`${path.relative(process.cwd(), tableFile)} rewritten from botocore ${version} (${Object.keys(result.table.services).length} services, ${result.table.partitionRegions.length} Regions)\n`);
            return 0;
        }
    }
    return refuse(io, usage, problems);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
