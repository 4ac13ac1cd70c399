/**
 * Every quota check reads its limit through definition/quotas.ts `quotasIn` (the effective
 * value: a Region's override, else the top-level `quotas`, else AWS's), so what a definition
 * may raise is decided in one place. Of the quotas the checks used to read from aws/quotas.ts
 * directly, two are ones AWS does not let you raise (aws/quotas.ts `adjustable: false`:
 * "Attachments per transit gateway | 5,000 | No",
 * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html; peering attachments
 * between two transit gateways, a quota of a pair of Regions, where the lower of the two
 * Regions' values holds) and one AWS does (VPCs associated with one private hosted zone:
 * "300 Request a higher quota", https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html).
 * Each case starts from a passing definition and overrides one quota below what the
 * definition uses: an override of a quota AWS does not let you raise is refused at its key and
 * the check keeps AWS's value (no quota error); an override of an adjustable one is the limit
 * the check applies (its error points at the override). At home and in another Region; the
 * definitions go through the whole loader, no mocks.
 */
import * as assert from "assert";
import { quotas } from "../../aws/quotas";
import { checkPeeringPairs } from "../../definition/checks/regions";
import { Diagnostic } from "../../definition/diagnostics";
import { loadDefinitionText } from "../../definition/load";
import { quotasIn } from "../../definition/quotas";
import { planPeerings } from "../../definition/regions";
import { at, base, edit, errors, load } from "./helpers";

const OTHER = "eu-west-1";

/** `base` (home us-east-1, 2 spokes) with a hub in OTHER and a spoke there; `sharing` for DNS. */
function twoRegions(sharing: "profile" | "hosted-zones", regionalQuotas = ""): string {
    const withRegion = edit(
        base,
        "  endpoints:\n    services: [ssm, kms]\n",
        `  endpoints:\n    services: [ssm, kms]\n  dns:\n    sharing: ${sharing}\n  regions:\n    ${OTHER}:\n      hub:\n        cidr: 10.8.0.0/21\n      transitGateway:\n        asn: 64513\n${regionalQuotas}`,
    );
    return `${withRegion}  - name: app-eu\n    account: sandbox\n    region: ${OTHER}\n    cidr: 10.3.0.0/16\n    domain: apps\n`;
}

/**
 * A witness in the same quotas block: an adjustable quota set below the 2 services, so the
 * quota checks of that Region demonstrably ran in the same run (its error is expected).
 */
const WITNESS_TOP = "  interfaceEndpointsPerVpc: 1\n";
const WITNESS_REGION = "        interfaceEndpointsPerVpc: 1\n";
const witnessPath = (region?: string) => (region ? `network.regions.${region}.quotas.interfaceEndpointsPerVpc` : "network.endpoints.services");

const oneRegionHostedZones = edit(base, "  endpoints:\n    services: [ssm, kms]\n", "  endpoints:\n    services: [ssm, kms]\n  dns:\n    sharing: hosted-zones\n");

/** The cases: a passing definition, the quota overridden below its use, where the override sits, the check's message. */
const cases: { check: string; key: keyof typeof quotas; passing: string; overridden: string; overridePath: string; region?: string; message: RegExp }[] = [
    {
        check: "attachments per transit gateway, one Region",
        key: "tgwAttachments",
        passing: base,
        overridden: `${base}quotas:\n  tgwAttachments: 2\n${WITNESS_TOP}`,
        overridePath: "quotas.tgwAttachments",
        message: /attachments \(spokes \+ hub \+ on-premises\)/,
    },
    {
        check: "VPCs per private hosted zone, one Region",
        key: "vpcsPerPrivateHostedZone",
        passing: oneRegionHostedZones,
        overridden: `${oneRegionHostedZones}quotas:\n  vpcsPerPrivateHostedZone: 2\n${WITNESS_TOP}`,
        overridePath: "quotas.vpcsPerPrivateHostedZone",
        message: /private hosted zone/,
    },
    {
        check: "attachments per transit gateway, each Region's",
        key: "tgwAttachments",
        passing: twoRegions("profile"),
        overridden: twoRegions("profile", `      quotas:\n        tgwAttachments: 2\n${WITNESS_REGION}`),
        overridePath: `network.regions.${OTHER}.quotas.tgwAttachments`,
        region: OTHER,
        message: /attachments \(spokes \+ hub \+ on-premises \+ peerings\)/,
    },
    {
        check: "VPCs per private hosted zone, each Region's",
        key: "vpcsPerPrivateHostedZone",
        passing: twoRegions("hosted-zones"),
        overridden: twoRegions("hosted-zones", `      quotas:\n        vpcsPerPrivateHostedZone: 1\n${WITNESS_REGION}`),
        overridePath: `network.regions.${OTHER}.quotas.vpcsPerPrivateHostedZone`,
        region: OTHER,
        message: /private hosted zone/,
    },
];

describe("quota checks read the effective quota (quotasIn); a quota AWS does not let you raise cannot be overridden", () => {
    for (const c of cases.filter((k) => quotas[k.key].adjustable)) {
        it(`${c.check}: an override of ${c.key} (adjustable) is the limit the check applies`, () => {
            assert.deepStrictEqual(errors(load(c.passing)), [], "the baseline passes");
            const overridden = load(c.overridden);
            const reported = errors(overridden);
            const described = reported.map((d) => `${d.path}: ${d.message}`).join("; ");
            // The override is taken, not refused: the check's own error (a Region's override is
            // where a Region's error points; a top-level one points at what is counted) and the witness.
            assert.strictEqual(reported.length, 2, described);
            assert.ok(reported.some((d) => d.path === witnessPath(c.region)), described);
            const check = reported.find((d) => d.path !== witnessPath(c.region))!;
            assert.match(check.message, c.message);
            assert.match(check.message, /more than 2 |more than 1 /);
            if (c.region) assert.strictEqual(check.path, c.overridePath);
            assert.ok(!reported.some((d) => /unknown key/.test(d.message)), described);
        });
    }
    for (const c of cases.filter((k) => !quotas[k.key].adjustable)) {
        it(`${c.check}: an override of ${c.key} is refused at its key and the check keeps AWS's ${quotas[c.key].value.toLocaleString("en-US")}`, () => {
            const passing = load(c.passing);
            assert.deepStrictEqual(errors(passing), [], "the baseline passes");
            const overridden = load(c.overridden);
            const reported = errors(overridden);
            // The refused key, on its line, and the witness: nothing else.
            assert.deepStrictEqual(
                reported.map((d) => d.path).sort(),
                [c.overridePath, witnessPath(c.region)].sort(),
                `expected the refused key and the witness; got ${reported.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
            );
            const refusal = reported.find((d) => d.path === c.overridePath)!;
            assert.strictEqual(refusal.line, at(c.overridden, `${c.key}:`).line);
            // Says why (not "unknown key"): AWS does not let you raise it, with AWS's value and page.
            assert.match(refusal.message, new RegExp(`^"${c.key}" is a quota AWS does not let you raise \\(.*${quotas[c.key].value.toLocaleString("en-US")}, ${quotas[c.key].url.replace(/[.]/g, "\\.")}\\): validation always uses AWS's value; remove the key`));
            assert.match(reported.find((d) => d.path === witnessPath(c.region))!.message, /would hold 2 interface endpoints, more than 1 /);
            assert.ok(!reported.some((d) => c.message.test(d.message)), "the check did not take the refused override as the limit");
            // The effective value the check reads is AWS's, in that Region.
            const raw = (load(c.passing).definition ?? {}) as Record<string, unknown>;
            const root = c.region
                ? { ...raw, network: { ...(raw.network as object), regions: { [c.region]: { quotas: { [c.key]: 1 } } } } }
                : { ...raw, quotas: { [c.key]: 1 } };
            assert.strictEqual(quotasIn(root, c.region)[c.key].value, quotas[c.key].value);
        });
    }

    it("peering attachments between two transit gateways: an override is refused at its key and the pair check keeps AWS's 1", () => {
        const key = "tgwPeeringAttachmentsBetweenTransitGateways";
        assert.strictEqual(quotas[key].adjustable, false);
        /** The pair check's diagnostics with a planner that peers every pair twice (one more than AWS allows). */
        const pairErrors = (text: string, twice: boolean): Diagnostic[] => {
            let reported: Diagnostic[] = [];
            loadDefinitionText(text, "tt.yaml", {
                areas: [
                    (c) => {
                        const before = c.diagnostics.length;
                        checkPeeringPairs(c, twice ? (regions) => [...planPeerings(regions), ...planPeerings(regions)] : planPeerings);
                        reported = c.diagnostics.slice(before);
                    },
                ],
            });
            return reported;
        };
        const passing = twoRegions("profile");
        assert.deepStrictEqual(pairErrors(passing, false), [], "the program's plan passes");
        assert.strictEqual(pairErrors(passing, true).length, 1, "two peerings between us-east-1 and eu-west-1 are refused");
        for (const overridden of [`${passing}quotas:\n  ${key}: 2\n`, twoRegions("profile", `      quotas:\n        ${key}: 2\n`)]) {
            const refused = errors(load(overridden));
            assert.strictEqual(refused.length, 1, refused.map((d) => `${d.path}: ${d.message}`).join("; "));
            assert.match(refused[0].path, new RegExp(`quotas\\.${key}$`));
            assert.strictEqual(refused[0].line, at(overridden, `${key}:`).line);
            const still = pairErrors(overridden, true);
            assert.strictEqual(still.length, 1, "the override of 2 is not taken");
            assert.match(still[0].message, new RegExp(`AWS allows ${quotas[key].value} between two transit gateways`));
        }
    });
});
