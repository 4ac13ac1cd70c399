/**
 * The service catalog against AWS's own endpoint rules: every hostname the AWS SDK for
 * JavaScript v3 sends a catalogued service's requests to must be covered by the DNS names
 * the catalog gives that service (the private DNS a central endpoint answers, and the
 * zones hosted-zones mode creates), or the entry must say why not (`notCovered`).
 *
 * The hostnames are not written down here: each client named in the catalog's
 * `sdkClients` sends every one of its operations, in us-east-1 and eu-west-1, through
 * its real middleware stack (endpoint rules, context parameters such as a stream ARN or
 * an account id, host prefixes such as `data-`), and a middleware at the build step
 * records the request's hostname and stops it before it is signed or sent. Each
 * operation is sent twice: with an empty input, and with every endpoint context
 * parameter filled (a Kinesis stream ARN, an S3 bucket, an account id), since those pick
 * account-specific hosts. Standard endpoints only: the catalog claims no FIPS or
 * dual-stack names (AWS's `-fips` endpoint services are separate services it does not
 * carry), so none are resolved.
 */
import * as assert from "assert";
import { catalogRows, serviceCatalog, ServiceCatalogEntry } from "../../aws/service-catalog";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const REGIONS = ["us-east-1", "eu-west-1"];
const ACCOUNT = "111122223333";

type Ctor = (new (...args: any[]) => any) & { getEndpointParameterInstructions?: () => Record<string, { type: string; name?: string }> };

/** Thrown by the capturing middleware: the request's hostname, before signing. */
class Captured extends Error {
    constructor(readonly host: string) {
        super(`captured ${host}`);
    }
}

/** A sample value for an endpoint context parameter, so account- and resource-specific rules fire. */
function sample(param: string, arnService: string, region: string): string {
    if (/arn$/i.test(param)) return `arn:aws:${arnService}:${region}:${ACCOUNT}:stream/example`;
    if (param === "AccountId") return ACCOUNT;
    if (param === "Bucket") return "amzn-s3-demo-bucket";
    return "example";
}

/**
 * Inputs for the few operations whose request cannot be built from an empty input
 * (a presigned copy needs its source Region).
 */
const fixedInputs: Record<string, (region: string) => Record<string, unknown>> = {
    "ec2:CopySnapshotCommand": (region) => ({ SourceRegion: region, SourceSnapshotId: "snap-0123456789abcdef0" }),
};

/** Operations whose request the SDK cannot build offline, and why; their hosts come from the client's other operations. */
const unbuildable: Record<string, string> = {
    "bedrock-runtime:InvokeModelWithBidirectionalStreamCommand": "a bidirectional event stream needs a live HTTP/2 input stream",
    "polly:StartSpeechSynthesisStreamCommand": "a bidirectional event stream needs a live HTTP/2 input stream",
};

interface Resolution {
    /** hostname → operations that resolved to it */
    hosts: Map<string, string[]>;
    /** operations whose request could not be built, with the SDK's message */
    failures: string[];
}

async function sendOne(client: any, Command: Ctor, input: Record<string, unknown>): Promise<string | Error> {
    let current = { ...input };
    for (let attempt = 0; attempt < 8; attempt++) {
        try {
            await client.send(new Command(current));
            return new Error("the request was not captured");
        } catch (e) {
            if (e instanceof Captured) return e.host;
            const message = (e as Error).message ?? String(e);
            // Path and host labels must be set before the request can be built.
            const label = /(\w+) in input must be a string as hostLabel/.exec(message) ?? /input HTTP label: (\w+)/.exec(message);
            if (label) {
                current = { ...current, [label[1]]: "example" };
                continue;
            }
            const list = /Expected a non-null value for (\w+)/.exec(message);
            if (list) {
                current = { ...current, [list[1]]: [] };
                continue;
            }
            const required = /^(\w+) is required but not set/.exec(message);
            const instruction = required ? Command.getEndpointParameterInstructions?.()[required[1]] : undefined;
            if (instruction?.type === "contextParams" && instruction.name) {
                current = { ...current, [instruction.name]: instruction.name === "AccountId" ? ACCOUNT : "example" };
                continue;
            }
            return e as Error;
        }
    }
    return new Error("could not build the request");
}

async function resolveClient(clientName: string, region: string, arnService: string): Promise<Resolution> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(`@aws-sdk/client-${clientName}`) as Record<string, unknown>;
    const [, Client] = Object.entries(mod).find(([k, v]) => /Client$/.test(k) && !k.startsWith("_") && typeof v === "function") as [string, Ctor];
    const commands = Object.entries(mod).filter(([k, v]) => /Command$/.test(k) && typeof v === "function" && typeof (v as Ctor).getEndpointParameterInstructions === "function") as [string, Ctor][];
    const result: Resolution = { hosts: new Map(), failures: [] };
    // With and without an account id in the credentials: DynamoDB picks account endpoints from it.
    for (const credentials of [{ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "example", accountId: ACCOUNT }, { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "example" }]) {
        // Standard endpoints whatever the machine's AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT say.
        const client = new Client({ region, credentials, maxAttempts: 1, useFipsEndpoint: false, useDualstackEndpoint: false });
        client.middlewareStack.add(
            () => async (args: { request: { hostname: string } }) => {
                throw new Captured(args.request.hostname);
            },
            { step: "build", priority: "low", name: "landingZoneCaptureHost" },
        );
        for (const [name, Command] of commands) {
            const key = `${clientName}:${name}`;
            if (unbuildable[key]) continue;
            const instructions = Command.getEndpointParameterInstructions!();
            const context = Object.entries(instructions).filter(([, i]) => i.type === "contextParams" && i.name);
            const inputs = [fixedInputs[key]?.(region) ?? {}];
            if (context.length > 0) inputs.push({ ...inputs[0], ...Object.fromEntries(context.map(([param, i]) => [i.name!, sample(param, arnService, region)])) });
            let resolved = false;
            const errors: string[] = [];
            for (const input of inputs) {
                const outcome = await sendOne(client, Command, input);
                if (typeof outcome === "string") {
                    resolved = true;
                    result.hosts.set(outcome, [...(result.hosts.get(outcome) ?? []), name]);
                } else errors.push(outcome.message);
            }
            if (!resolved) result.failures.push(`${key} (${region}): ${errors.join("; ")}`);
        }
        client.destroy?.();
    }
    return result;
}

/** Whether a zone with these records answers for `host`. */
function zoneCovers(zone: { zone: string; records: string[] }, host: string): boolean {
    if (host === zone.zone) return zone.records.includes("");
    return host.endsWith(`.${zone.zone}`) && zone.records.includes("*");
}

/** A `notCovered` host pattern as a regular expression for one Region. */
function hostPattern(host: string, region: string): RegExp {
    const escaped = host
        .split(/(\{region\}|\{account\}|\*)/)
        .map((part) => (part === "{region}" ? region.replace(/-/g, "\\-") : part === "{account}" ? "\\d{12}" : part === "*" ? "[a-z0-9-]+" : part.replace(/[.]/g, "\\.")))
        .join("");
    return new RegExp(`^${escaped}$`);
}

describe("service catalog against the AWS SDK's endpoint rules", function () {
    // Loading ~85 clients and building every operation's request takes a while on a shared machine.
    this.timeout(600_000);

    const clients = [...new Set(catalogRows.flatMap((r) => r.sdkClients ?? []))].sort();
    const entriesOf = (client: string): ServiceCatalogEntry[] => Object.values(serviceCatalog).filter((e) => e.sdkClients.includes(client));
    const resolutions = new Map<string, Resolution>();

    before(async () => {
        for (const client of clients) {
            for (const region of REGIONS) {
                resolutions.set(`${client} ${region}`, await resolveClient(client, region, entriesOf(client)[0].iamPrefixes[0]));
            }
        }
    });

    it("says for every entry which SDK client calls it, or why none does", () => {
        for (const row of catalogRows) {
            assert.ok((row.sdkClients?.length ?? 0) > 0 !== (row.noSdkClient !== undefined), `${row.name}: give sdkClients or noSdkClient, exactly one`);
        }
    });

    it("builds a request for every operation of every client, in both Regions", () => {
        const failures = [...resolutions.values()].flatMap((r) => r.failures);
        assert.deepStrictEqual(failures, []);
        for (const [key, r] of resolutions) assert.ok(r.hosts.size > 0, `${key}: no hostname resolved`);
    });

    it("covers every hostname with the DNS names of the client's entries, or says why not", () => {
        const uncovered: string[] = [];
        for (const client of clients) {
            const entries = entriesOf(client);
            for (const region of REGIONS) {
                for (const [host, operations] of resolutions.get(`${client} ${region}`)!.hosts) {
                    const covered = entries.some((e) => e.dnsZones(region).some((z) => zoneCovers(z, host)));
                    const explained = entries.some((e) => e.notCovered.some((n) => hostPattern(n.host, region).test(host)));
                    if (!covered && !explained) {
                        uncovered.push(`${region} @aws-sdk/client-${client}: ${host} (${operations.slice(0, 3).join(", ")}${operations.length > 3 ? ", ..." : ""}) is in no zone of ${entries.map((e) => e.name).join(", ")}`);
                    }
                }
            }
        }
        assert.deepStrictEqual(uncovered, []);
    });

    it("gives every entry at least one hostname its SDK client really calls, in each Region", () => {
        for (const entry of Object.values(serviceCatalog).filter((e) => e.sdkClients.length > 0)) {
            for (const region of REGIONS) {
                const hosts = entry.sdkClients.flatMap((c) => [...resolutions.get(`${c} ${region}`)!.hosts.keys()]);
                // Where every hostname is one the entry explains away (the SDK builds health.<region>
                // for a Region AWS runs no Health API in), there is nothing live to hold.
                if (hosts.every((h) => entry.notCovered.some((n) => hostPattern(n.host, region).test(h)))) continue;
                assert.ok(
                    hosts.some((h) => entry.dnsZones(region).some((z) => zoneCovers(z, h))),
                    `${entry.name} (${region}): none of its zones (${entry.dnsZones(region).map((z) => z.zone).join(", ")}) holds a hostname of ${entry.sdkClients.join(", ")}: ${hosts.join(", ")}`,
                );
            }
        }
    });

    it("keeps no stale notCovered reason: each matches a hostname the SDK resolves and no zone covers", () => {
        for (const entry of Object.values(serviceCatalog)) {
            for (const n of entry.notCovered) {
                assert.ok(n.reason.length > 20, `${entry.name}: ${n.host} needs a reason`);
                const matched = REGIONS.some((region) =>
                    entry.sdkClients.some((c) =>
                        [...resolutions.get(`${c} ${region}`)!.hosts.keys()].some((h) => hostPattern(n.host, region).test(h) && !entriesOf(c).some((e) => e.dnsZones(region).some((z) => zoneCovers(z, h)))),
                    ),
                );
                assert.ok(matched, `${entry.name}: notCovered ${n.host} matches no uncovered hostname the SDK resolves; remove it`);
            }
        }
    });

    it("resolves the account-specific Kinesis hosts into kinesis-streams' zones", () => {
        // The case the adopter found: stream-ARN calls go to <account>.data-kinesis / control-kinesis.
        const hosts = [...resolutions.get("kinesis eu-west-1")!.hosts.keys()];
        assert.ok(hosts.includes(`${ACCOUNT}.data-kinesis.eu-west-1.amazonaws.com`), hosts.join(", "));
        assert.ok(hosts.includes(`${ACCOUNT}.control-kinesis.eu-west-1.amazonaws.com`), hosts.join(", "));
        for (const host of hosts) assert.ok(serviceCatalog["kinesis-streams"].dnsZones("eu-west-1").some((z) => zoneCovers(z, host)), host);
    });
});
