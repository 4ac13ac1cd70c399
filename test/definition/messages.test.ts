/**
 * Messages an adopter found repetitive or missing, each fed the input that produced it:
 * one misspelt route domain is one error (however many places name it, and with no echo
 * in the checks that follow the reference); `network.dns.shareWith` is warned about
 * where it shares nothing; a Region of an unsupported partition, or one AWS does not
 * list, is named; `npm run plan -- --unit` suggests the unit meant.
 */
import * as assert from "assert";
import * as path from "path";
import { Definition } from "../../definition/schema";
import { LoadResult } from "../../program/load";
import { main as planMain } from "../../tools/plan/cli";
import { planDefinition } from "../../tools/plan/run";
import { at, base, edit, errors, expectDiagnostic, load, orgBase } from "./helpers";

const oo = (text: string) => load(text, "oo.yaml");
/** Every diagnostic, errors and warnings, as `line:col path: message`. */
const all = (r: LoadResult) => r.diagnostics.map((d) => `${d.line}:${d.col} ${d.severity} ${d.path}: ${d.message}`);

describe("messages: one misspelt route domain, one error", () => {
    it("a misspelt declaration that every reference disagrees with: one error at the declaration, listing the references", () => {
        // orgBase declares `prod`, referred to by shared, onprem, prod itself and both spokes.
        const text = edit(orgBase, "      prod:\n        reaches: [shared, prod, onprem]", "      prd:\n        reaches: [shared, prod, onprem]");
        const result = oo(text);
        assert.deepStrictEqual(all(result).length, 1, all(result).join("\n"));
        const d = expectDiagnostic(result, {
            file: "oo.yaml",
            path: "network.transitGateway.domains.prd",
            message: /^domain "prd" is referred to nowhere, but "prod" is referred to 5 times without being declared \(line \d+ network\.transitGateway\.domains\.shared\.reaches\[0\], .*spokes\[1\]\.domain\): rename this domain to "prod", or fix the references$/,
            ...at(text, "prd:"),
        });
        assert.strictEqual(d.severity, "error");
    });

    it("the same misspelling in several references: one error at the first, naming the other lines", () => {
        const text = base.replace(/domain: apps\n/g, "domain: aps\n");
        const result = load(text);
        assert.deepStrictEqual(all(result).length, 1, all(result).join("\n"));
        expectDiagnostic(result, {
            path: "spokes[0].domain",
            message: `domain "aps" is not defined in network.transitGateway.domains — did you mean "apps"? (also referred to at line ${at(text, "aps", 2).line})`,
            ...at(text, "aps"),
        });
    });

    it("a spoke in a misspelt domain gets no summary-block error on top (it is checked as the domain meant)", () => {
        // shop's CIDR lies in prod's summary: as domain "prd" it would also be "captured by another domain's summary".
        const text = edit(orgBase, "    cidr: 10.17.0.0/16\n    domain: prod", "    cidr: 10.17.0.0/16\n    domain: prd");
        assert.deepStrictEqual(errors(oo(text)).map((d) => d.path), ["spokes[1].domain"]);
    });

    it("a misspelt reach: one error, and no 'no route back' warning echoing it", () => {
        const text = edit(base, "reaches: [apps]", "reaches: [aps]");
        assert.deepStrictEqual(all(load(text)), [`${at(text, "aps").line}:${at(text, "aps").col} error network.transitGateway.domains.shared.reaches[0]: domain "aps" is not defined in network.transitGateway.domains — did you mean "apps"?`]);
    });
});

describe("messages: network.dns.shareWith where it shares nothing", () => {
    const withShareWith = (text: string) => edit(text, "  dns:\n", "  dns:\n    shareWith: [workloads]\n");
    const noForwarding = (text: string) => edit(text, "      forwardedDomains:\n        - domain: corp.example.com\n          targetIps: [172.16.0.10]\n", "");
    const shareWithWarning = (r: LoadResult) => r.diagnostics.filter((d) => d.path === "network.dns.shareWith" && d.severity === "warning");

    it("warns in hosted-zones mode without forwarded domains, at the key", () => {
        const text = withShareWith(noForwarding(edit(orgBase, "  dns:\n", "  dns:\n    sharing: hosted-zones\n")));
        const [warning] = shareWithWarning(oo(text));
        assert.ok(warning, all(oo(text)).join("\n"));
        assert.match(warning.message, /^has no effect, these OUs receive nothing: in hosted-zones mode .*forwardedDomains is empty/);
        assert.strictEqual(warning.line, at(text, "shareWith: [workloads]", 2).line);
    });

    it("warns with distributed endpoints and no forwarded domains (no Profile is built)", () => {
        const text = withShareWith(noForwarding(edit(orgBase, "  endpoints:\n", "  endpoints:\n    mode: distributed\n")));
        assert.match(shareWithWarning(oo(text))[0]?.message ?? "", /no Route 53 Profile is built/);
    });

    it("stays quiet wherever something is shared: the Profile (centralized), or forwarding rules", () => {
        assert.deepStrictEqual(shareWithWarning(oo(withShareWith(noForwarding(orgBase)))), []);
        assert.deepStrictEqual(shareWithWarning(oo(withShareWith(edit(orgBase, "  dns:\n", "  dns:\n    sharing: hosted-zones\n")))), []);
        assert.deepStrictEqual(shareWithWarning(oo(withShareWith(edit(orgBase, "  endpoints:\n", "  endpoints:\n    mode: distributed\n")))), []);
    });

    it("warns exactly when the planned network unit shares nothing with the OUs it names", async function () {
        this.timeout(240000);
        // The program is the judge: plan every mode × sharing × forwarding combination and look
        // for a RAM principal association to the dns.shareWith OU (the TGW is shared elsewhere).
        const text = edit(withShareWith(orgBase), "    workloads: ou-ab12-wrkld001\n", "    workloads: ou-ab12-wrkld001\n    dns-only: ou-ab12-dnsonly1\n");
        const dnsText = edit(text, "  dns:\n    shareWith: [workloads]", "  dns:\n    shareWith: [dns-only]");
        const seen = new Set<boolean>();
        for (const mode of ["centralized", "distributed"]) {
            for (const sharing of ["profile", "hosted-zones"]) {
                for (const forwarding of [true, false]) {
                    let variant = edit(edit(dnsText, "  endpoints:\n", `  endpoints:\n    mode: ${mode}\n`), "  dns:\n", `  dns:\n    sharing: ${sharing}\n`);
                    if (!forwarding) variant = noForwarding(variant);
                    const result = oo(variant);
                    assert.deepStrictEqual(errors(result), [], `${mode} ${sharing} ${forwarding}`);
                    const plan = await planDefinition(result.definition as Definition, "network");
                    const dnsOu = plan.resources.some((r) => r.type === "aws:ram/principalAssociation:PrincipalAssociation" && String(r.inputs.principal).endsWith("/ou-ab12-dnsonly1"));
                    assert.strictEqual(shareWithWarning(result).length === 1, !dnsOu, `${mode} ${sharing} forwarding=${forwarding}: shared=${dnsOu}`);
                    seen.add(dnsOu);
                }
            }
        }
        assert.deepStrictEqual([...seen].sort(), [false, true], "both outcomes occur among the combinations");
    });
});

describe("messages: the environment's Region", () => {
    it("rejects China Regions with the reason, at region", () => {
        const text = edit(base, "region: us-east-1", "region: cn-north-1");
        expectDiagnostic(load(text), { path: "region", message: /^cn-north-1 is a China Region \(partition aws-cn\), which this landing zone does not support: .*cn\.com\.amazonaws/, ...at(text, "cn-north-1") });
    });

    it("warns about a well-formed Region AWS does not list, with the closest", () => {
        const text = edit(base, "region: us-east-1", "region: us-east-7");
        const d = expectDiagnostic(load(text), { path: "region", severity: "warning", message: /^us-east-7 is not a Region this project knows \(aws\/regions\.ts\) — did you mean "us-east-1"\?/ });
        assert.ok(d);
    });
});

describe("messages: npm run plan -- --unit", () => {
    const run = async (args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await planMain(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
        return { code, out: out.join("\n"), err: err.join("\n") };
    };
    const prod = path.resolve(__dirname, "..", "..", "stacks", "prod.yaml");

    it("suggests the unit meant, lists the units and exits 2 before planning", async () => {
        const { code, err } = await run(["--definition", prod, "--unit", "netwrk"]);
        assert.strictEqual(code, 2);
        assert.match(err, /^error: --unit "netwrk" is not a unit of environment prod — did you mean "network"\? \(units: all, org, network, security, payments-prod/m);
        assert.doesNotMatch(err, /\[plan\] running the program/);
        const spoke = await run(["--definition", prod, "--unit", "paymnts-prod"]);
        assert.match(spoke.err, /did you mean "payments-prod"\?/);
    });

    it("names the units without a guess when nothing is close", async () => {
        const { code, err } = await run(["--definition", prod, "--unit", "zzzzzzzzzz"]);
        assert.strictEqual(code, 2);
        assert.match(err, /^error: --unit "zzzzzzzzzz" is not a unit of environment prod \(units: all, org, /m);
    });
});
