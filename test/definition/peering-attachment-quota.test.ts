/**
 * "Peering attachments per transit gateway" (aws/quotas.ts `tgwPeeringAttachments`, adjustable)
 * and "pending peering attachments per transit gateway" (`tgwPendingPeeringAttachments`) hold
 * per transit gateway, so validation counts each Region's peerings from the peering planner
 * (definition/regions.ts `planPeerings`): a peering is one attachment on the requester's transit
 * gateway and one on the accepter's. The program plans a full mesh (one per other Region); a
 * planner injected here, as test/definition/peering-pair-quota.test.ts does, shows that a plan
 * which does not peer every pair (a partial mesh) is counted as planned, Region by Region.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { quotas } from "../../aws/quotas";
import { Diagnostic } from "../../definition/diagnostics";
import { loadDefinitionText } from "../../definition/load";
import { PeeringPlanner, checkQuotas } from "../../definition/checks/quotas";
import { planPeerings } from "../../definition/regions";
import { at, base, edit } from "./helpers";

const HOME = "us-east-1";
const OTHERS = ["eu-west-1", "ap-southeast-2", "us-west-2"];
const REGIONS = [HOME, ...OTHERS];

/** `base` (home us-east-1) with a hub in each of OTHERS and the given raised quotas. */
function fourRegions(raised: Record<string, number>): string {
    const regions = OTHERS.map((r, i) => `    ${r}:\n      hub:\n        cidr: 10.${8 + 8 * i}.0.0/21\n      transitGateway:\n        asn: ${64513 + i}\n`).join("");
    const withRegions = edit(base, "  endpoints:\n    services: [ssm, kms]\n", `  endpoints:\n    services: [ssm, kms]\n  regions:\n${regions}`);
    const quotaLines = Object.entries(raised).map(([k, v]) => `  ${k}: ${v}\n`).join("");
    return edit(withRegions, "spokes:\n", `quotas:\n${quotaLines}spokes:\n`);
}

const pathOf = (region: string) => (region === HOME ? "network" : `network.regions.${region}`);

/** The diagnostics checkQuotas reports with `plan` as its planner, in the loader's run (keys located in `text`). */
function quotaDiagnostics(text: string, plan: PeeringPlanner): Diagnostic[] {
    let reported: Diagnostic[] = [];
    loadDefinitionText(text, "tt.yaml", {
        areas: [
            (c) => {
                const before = c.diagnostics.length;
                checkQuotas(c, plan);
                reported = c.diagnostics.slice(before);
            },
        ],
    });
    return reported;
}

const peeringMessages = (ds: Diagnostic[]) => ds.filter((d) => /peering attachments/.test(d.message));

/** Peering attachments on each Region's transit gateway under a plan: one per peering it requests or accepts. */
function perTransitGateway(plan: ReturnType<PeeringPlanner>): Map<string, number> {
    const counts = new Map(REGIONS.map((r) => [r, 0]));
    for (const p of plan) for (const end of [p.requester, p.accepter]) counts.set(end, (counts.get(end) ?? 0) + 1);
    return counts;
}

/** Hub and spoke between Regions: home peers with every other Region, the others not with each other. */
const star: PeeringPlanner = (regions) => regions.slice(1).map((accepter) => ({ requester: regions[0], accepter }));

describe("peering attachments per transit gateway are counted from the peering planner", () => {
    it("the quotas are adjustable Transit Gateway quotas (the definition may record a raised value)", () => {
        assert.strictEqual(quotas.tgwPeeringAttachments.adjustable, true);
        assert.strictEqual(quotas.tgwPendingPeeringAttachments.adjustable, true);
        assert.strictEqual(quotas.tgwPeeringAttachments.url, "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html");
    });

    it("the program's full mesh: every transit gateway has one peering per other Region", () => {
        const text = fourRegions({ tgwPeeringAttachments: OTHERS.length - 1 });
        const errors = peeringMessages(quotaDiagnostics(text, planPeerings));
        const expected = perTransitGateway(planPeerings(REGIONS));
        assert.deepStrictEqual([...expected.values()], REGIONS.map(() => REGIONS.length - 1));
        assert.deepStrictEqual(errors.map((d) => d.path).sort(), REGIONS.map(pathOf).sort());
        for (const d of errors) {
            assert.match(d.message, new RegExp(`would have ${REGIONS.length - 1} peering attachments \\(one per peered Region\\), more than ${OTHERS.length - 1} `));
            assert.strictEqual(d.severity, "error");
        }
        // Each at its Region's key.
        assert.strictEqual(errors.find((d) => d.path === pathOf("ap-southeast-2"))!.line, at(text, "    ap-southeast-2:").line);
    });

    it("a partial mesh (home peers with each Region, the others not with each other) is counted per transit gateway", () => {
        const calls: (readonly string[])[] = [];
        const spy: PeeringPlanner = (regions) => (calls.push([...regions]), star(regions));
        const errors = peeringMessages(quotaDiagnostics(fourRegions({ tgwPeeringAttachments: 1 }), spy));
        // The planner is asked for the definition's Regions, home first, in definition order.
        assert.deepStrictEqual(calls, [REGIONS]);
        // Home has one peering per other Region (3 > 1); each other Region has only its peering home (1).
        assert.deepStrictEqual(errors.map((d) => `${d.path}: ${d.severity}`), ["network: error"]);
        assert.match(errors[0].message, new RegExp(`the home Region's \\(${HOME}\\) transit gateway would have ${OTHERS.length} peering attachments`));
    });

    it("pending peering attachments follow the plan too: only the transit gateways above the pending quota are warned", () => {
        const warnings = peeringMessages(quotaDiagnostics(fourRegions({ tgwPendingPeeringAttachments: 1 }), star));
        assert.deepStrictEqual(warnings.map((d) => `${d.path}: ${d.severity}`), ["network: warning"]);
        assert.match(warnings[0].message, new RegExp(`requests or accepts ${OTHERS.length} peering attachments, more than 1 may be pending at once`));
    });

    it("any set of peerings: exactly the transit gateways with more peerings than the quota are reported", () => {
        const pairs = planPeerings(REGIONS);
        fc.assert(
            fc.property(fc.subarray(pairs.map((_p, i) => i)), fc.integer({ min: 1, max: REGIONS.length - 1 }), (chosen, quota) => {
                // The planner picks pairs by position in the list it is given, so it plans from its input.
                const planner: PeeringPlanner = (regions) => planPeerings(regions).filter((_p, i) => chosen.includes(i));
                const errors = peeringMessages(quotaDiagnostics(fourRegions({ tgwPeeringAttachments: quota }), planner)).filter((d) => d.severity === "error");
                const counts = perTransitGateway(planner(REGIONS));
                const over = REGIONS.filter((r) => counts.get(r)! > quota);
                assert.deepStrictEqual(errors.map((d) => d.path).sort(), over.map(pathOf).sort());
                for (const r of over) assert.match(errors.find((d) => d.path === pathOf(r))!.message, new RegExp(`would have ${counts.get(r)} peering attachments`));
            }),
            { numRuns: 25, seed: 20261127 },
        );
    });
});
