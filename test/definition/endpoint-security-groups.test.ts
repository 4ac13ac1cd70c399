/**
 * An interface endpoint security group holds one inbound rule per CIDR per port, and AWS
 * refuses rules beyond "Inbound or outbound rules per security group" (aws/quotas.ts
 * `quotas.securityGroupInboundRules`, adjustable;
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
 * The component merges adjacent ranges when the list does not fit; a definition whose merged
 * list still does not fit is refused by validation (definition/endpoint-security-groups.ts),
 * counted with the functions the component builds with. Every count here is derived from the
 * quota's value in aws/quotas.ts, never written down; the definitions go through the whole
 * loader (program/load.ts), no mocks, and the component is built under the recording mocks to
 * show it creates exactly the rules validation counted.
 *
 * Held-out inputs: drop a definition into `test/definition/endpoint-security-groups/` with a
 * first line `# expect: valid` or `# expect: <region> <port-set key> <rules>` (one line per
 * expected security group error); the last test loads each and compares.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { quotas } from "../../aws/quotas";
import { CentralEndpoints } from "../../components/central-endpoints";
import { endpointSecurityGroupPlans, portSetKey } from "../../definition/endpoint-security-groups";
import { LoadResult, loadDefinitionText } from "../../program/load";
import { record } from "../support/recording-mocks";
import { at } from "./helpers";

const QUOTA = quotas.securityGroupInboundRules.value;
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SMTP = "email-smtp";
const SMTP_PORTS = 5; // aws/service-catalog.ts: email-smtp admits 25, 465, 587, 2465, 2587

/**
 * `n` spoke CIDRs that no merge can collapse: /22 blocks every /21 from `first` (a gap
 * between each pair), so the rules are exactly one per spoke per port.
 */
function apart(n: number, first: number): string[] {
    return Array.from({ length: n }, (_v, i) => {
        const a = first + i * 2048;
        return `${[24, 16, 8, 0].map((s) => Math.floor(a / 2 ** s) % 256).join(".")}/22`;
    });
}
/** `n` adjacent /22 spoke CIDRs from `first`: they merge into a few blocks. */
function adjacent(n: number, first: number): string[] {
    return Array.from({ length: n }, (_v, i) => {
        const a = first + i * 1024;
        return `${[24, 16, 8, 0].map((s) => Math.floor(a / 2 ** s) % 256).join(".")}/22`;
    });
}
const ip = (text: string): number => text.split(".").reduce((n, o) => n * 256 + Number(o), 0);

interface Options {
    home: string[];
    /** Spokes in eu-west-1 (a second Region, with its own hub) when given. */
    eu?: string[];
    services?: string[];
    mode?: "centralized" | "distributed";
    quotas?: string;
    euQuotas?: string;
    euSummaries?: string;
    homeSummaries?: string[];
}

/** A definition: hub 10.0.0.0/21 at home (and 10.8.0.0/21 in eu-west-1), no on-premises ranges, the spokes given. */
function definition(o: Options): string {
    const services = `[${(o.services ?? ["ssm"]).join(", ")}]`;
    const spokes = [
        ...o.home.map((cidr, i) => `  - name: h${i}\n    account: sandbox\n    cidr: ${cidr}\n    domain: apps\n`),
        ...(o.eu ?? []).map((cidr, i) => `  - name: e${i}\n    account: sandbox\n    cidr: ${cidr}\n    domain: apps\n    region: eu-west-1\n`),
    ].join("");
    const regions = o.eu
        ? `  regions:\n    eu-west-1:\n      hub:\n        cidr: 10.8.0.0/21\n      transitGateway:\n        asn: 64513\n${o.euSummaries ?? ""}${o.euQuotas ?? ""}`
        : "";
    return `environment: tt
region: us-east-1
accounts:
  sandbox: "111111111111"
network:
  account: sandbox
  transitGateway:
    domains:
      shared:
        reaches: [apps]
      apps:
        reaches: [shared, apps]
${o.homeSummaries ? `        cidrs: [${o.homeSummaries.join(", ")}]\n` : ""}  hub:
    cidr: 10.0.0.0/21
    availabilityZones: 2
  endpoints:
    mode: ${o.mode ?? "centralized"}
    services: ${services}
${regions}spokes:
${spokes}${o.quotas ?? ""}`;
}

const load = (text: string): LoadResult => loadDefinitionText(text, "tt.yaml");
const errors = (r: LoadResult) => r.diagnostics.filter((d) => d.severity === "error");
const described = (r: LoadResult) => errors(r).map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`).join("\n");
const ruleErrors = (r: LoadResult) => errors(r).filter((d) => /inbound rules of/.test(d.message));

// The hub's CIDR is one rule per port: QUOTA - 1 spokes + the hub fill the quota exactly.
const HOME = ip("10.64.0.0");
const EU = ip("10.128.0.0");

describe("interface endpoint security groups fit AWS's inbound-rule quota (definition/endpoint-security-groups.ts)", () => {
    it(`exactly ${QUOTA} rules (the hub and ${QUOTA - 1} spokes that do not merge, one port) is valid`, () => {
        const r = load(definition({ home: apart(QUOTA - 1, HOME) }));
        assert.deepStrictEqual(errors(r), [], described(r));
        const plans = endpointSecurityGroupPlans(r.definition!);
        assert.deepStrictEqual(plans.map((p) => [p.region, portSetKey(p.ports), p.rules]), [["us-east-1", "443", QUOTA]]);
    });

    it(`one over (${QUOTA + 1} rules) is refused at network.hub, with the count, the quota, the summary key and the quota key`, () => {
        const text = definition({ home: apart(QUOTA, HOME) });
        const r = load(text);
        assert.strictEqual(r.definition, undefined);
        const found = ruleErrors(r);
        assert.strictEqual(found.length, 1, described(r));
        assert.strictEqual(errors(r).length, 1, described(r));
        const [d] = found;
        assert.strictEqual(d.path, "network.hub");
        assert.strictEqual(d.file, "tt.yaml");
        const key = at(text, "hub:\n    cidr: 10.0.0.0/21");
        assert.deepStrictEqual([d.line, d.col], [key.line, key.col]);
        assert.match(d.message, new RegExp(`^${QUOTA + 1} inbound rules of ${QUOTA} on the interface endpoint security group of port 443 in us-east-1's hub: ${QUOTA + 1} CIDRs × 1 port`));
        assert.ok(d.message.includes(quotas.securityGroupInboundRules.url), d.message);
        assert.ok(d.message.includes("network.transitGateway.domains.apps.cidrs"), d.message);
        assert.ok(d.message.includes("set quotas.securityGroupInboundRules"), d.message);
    });

    it("adjacent spokes merge as the component merges them: twice the quota of adjacent spokes is valid", () => {
        const r = load(definition({ home: adjacent(2 * QUOTA, HOME) }));
        assert.deepStrictEqual(errors(r), [], described(r));
        const [plan] = endpointSecurityGroupPlans(r.definition!);
        assert.ok(plan.rules < QUOTA, `${plan.rules} rules after the merge`);
    });

    it("the suggested fix works: a summary block for the domain makes the same spokes valid", () => {
        const r = load(definition({ home: apart(QUOTA, HOME), homeSummaries: ["10.64.0.0/10"] }));
        assert.deepStrictEqual(errors(r), [], described(r));
    });

    it(`a raised quota (quotas.securityGroupInboundRules: ${QUOTA + 1}) makes ${QUOTA + 1} rules valid`, async () => {
        const r = load(definition({ home: apart(QUOTA, HOME), quotas: `quotas:\n  securityGroupInboundRules: ${QUOTA + 1}\n` }));
        assert.deepStrictEqual(errors(r), [], described(r));
        const [plan] = endpointSecurityGroupPlans(r.definition!);
        assert.strictEqual(plan.rules, QUOTA + 1);
        assert.strictEqual(plan.quota.value, QUOTA + 1);
    });

    it("another Region's override is that Region's quota only; a Region's own override below its use is refused at the override", () => {
        // eu-west-1 raised: its QUOTA + 1 rules pass; home is not raised, and holds QUOTA - 1 spokes.
        const raised = load(definition({ home: apart(QUOTA - 1, HOME), eu: apart(QUOTA, EU), euQuotas: `      quotas:\n        securityGroupInboundRules: ${QUOTA + 1}\n` }));
        assert.deepStrictEqual(errors(raised), [], described(raised));
        // The same raise at eu-west-1 does not hold at home: home's QUOTA + 1 rules are refused there.
        const home = load(definition({ home: apart(QUOTA, HOME), eu: apart(2, EU), euQuotas: `      quotas:\n        securityGroupInboundRules: ${QUOTA + 1}\n` }));
        assert.deepStrictEqual(ruleErrors(home).map((d) => d.path), ["network.hub"], described(home));
        // A Region's override below what its security group needs: the error is at the key that set it.
        const text = definition({ home: apart(2, HOME), eu: apart(5, EU), euQuotas: "      quotas:\n        securityGroupInboundRules: 3\n" });
        const low = load(text);
        const [d] = ruleErrors(low);
        assert.strictEqual(ruleErrors(low).length, 1, described(low));
        assert.strictEqual(d.path, "network.regions.eu-west-1.quotas.securityGroupInboundRules");
        assert.strictEqual(d.line, at(text, "securityGroupInboundRules: 3").line);
        assert.match(d.message, /^6 inbound rules of 3 on the interface endpoint security group of port 443 in eu-west-1's hub/);
        assert.ok(d.message.includes("network.regions.eu-west-1.summaries.apps"), d.message);
    });

    it("every Region and every port set in one run: both hubs over, and the SMTP group over where 443 fits", () => {
        // SMTP: 5 ports per CIDR. Home: QUOTA spokes + hub, over on both groups; eu: enough CIDRs for SMTP to go over, 443 fits.
        const smtpOver = Math.floor(QUOTA / SMTP_PORTS) + 1; // CIDRs (hub included) whose 5 rules each exceed the quota
        const text = definition({ home: apart(QUOTA, HOME), eu: apart(smtpOver - 1, EU), services: ["ssm", SMTP] });
        const r = load(text);
        const found = ruleErrors(r).map((d) => d.message.replace(/:.*/s, ""));
        assert.deepStrictEqual(
            found.sort(),
            [
                `${QUOTA + 1} inbound rules of ${QUOTA} on the interface endpoint security group of port 443 in us-east-1's hub`,
                `${(QUOTA + 1) * SMTP_PORTS} inbound rules of ${QUOTA} on the interface endpoint security group of ports 25, 465, 587, 2465, 2587 in us-east-1's hub`,
                `${smtpOver * SMTP_PORTS} inbound rules of ${QUOTA} on the interface endpoint security group of ports 25, 465, 587, 2465, 2587 in eu-west-1's hub`,
            ].sort(),
            described(r),
        );
        assert.deepStrictEqual([...new Set(ruleErrors(r).map((d) => d.path))].sort(), ["network.hub", "network.regions.eu-west-1.hub"]);
    });

    it("distributed mode: each spoke's security groups admit the same CIDRs; a Region over is refused once, naming its spokes", () => {
        const ok = load(definition({ home: apart(QUOTA - 1, HOME), mode: "distributed" }));
        assert.deepStrictEqual(errors(ok), [], described(ok));
        const r = load(definition({ home: apart(QUOTA, HOME), eu: apart(QUOTA, EU), mode: "distributed" }));
        const found = ruleErrors(r);
        assert.deepStrictEqual(found.map((d) => d.path).sort(), ["network.hub", "network.regions.eu-west-1.hub"], described(r));
        assert.match(found.find((d) => d.path === "network.hub")!.message, new RegExp(`^${QUOTA + 1} inbound rules of ${QUOTA} on the interface endpoint security group of port 443 in each of us-east-1's ${QUOTA} spokes \\(distributed mode: h0, h1, h2, \\.\\.\\.\\)`));
    });

    for (const [what, options] of [
        ["default quota, merged", { home: adjacent(2 * QUOTA, HOME), services: ["ssm", SMTP] }],
        // Adjacent spokes that fit the raised quota unmerged: merging against AWS's default instead would differ.
        ["raised quota, adjacent spokes left unmerged", { home: adjacent(QUOTA, HOME), quotas: `quotas:\n  securityGroupInboundRules: ${QUOTA + 1}\n` }],
    ] as [string, Options][]) {
        it(`the component creates exactly the rules validation counted (${what})`, async () => {
            const r = load(definition(options));
            assert.deepStrictEqual(errors(r), [], described(r));
            const d = r.definition!;
            const plans = endpointSecurityGroupPlans(d);
            const { mocks } = await record(() => {
                new CentralEndpoints("e", { definition: d, vpcId: "vpc-hub", subnetIds: ["subnet-a"] });
            });
            const built = mocks.ofType(SG).map((g) => {
                const ingress = g.inputs.ingress as { fromPort: number; cidrBlocks: string[] }[];
                return [portSetKey(ingress.map((i) => i.fromPort)), ingress.reduce((n, i) => n + i.cidrBlocks.length, 0), ingress[0].cidrBlocks];
            });
            assert.deepStrictEqual(built.sort(), plans.map((p) => [portSetKey(p.ports), p.rules, p.cidrs]).sort());
        });
    }

    const folder = path.join(__dirname, "endpoint-security-groups");
    it(`held-out definitions in ${path.relative(path.join(__dirname, "..", ".."), folder)}/ get the security group errors their first line expects`, () => {
        const files = fs.readdirSync(folder).filter((f) => /\.ya?ml$/.test(f));
        assert.ok(files.length > 0, "no definitions");
        for (const file of files) {
            const text = fs.readFileSync(path.join(folder, file), "utf8");
            const expect = text.split("\n").filter((l) => l.startsWith("# expect: ")).map((l) => l.slice("# expect: ".length).trim());
            assert.ok(expect.length > 0, `${file}: no "# expect:" line`);
            const r = loadDefinitionText(text, file);
            const got = ruleErrors(r).map((d) => {
                const m = /^(\d+) inbound rules of \d+ on the interface endpoint security group of ports? ([\d, ]+) in (?:each of )?([a-z0-9-]+)'s/.exec(d.message);
                assert.ok(m, d.message);
                return `${m[3]} ${m[2].split(", ").join("-")} ${m[1]}`;
            });
            if (expect[0] === "valid") assert.deepStrictEqual(errors(r), [], `${file}: ${described(r)}`);
            else assert.deepStrictEqual(got.sort(), [...expect].sort(), `${file}: ${described(r)}`);
        }
    });
});
