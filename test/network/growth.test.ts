/**
 * What one more spoke costs the network stack, counted under the mock runtime: the
 * network unit of stacks/prod.yaml is planned with and without one extra spoke, and the
 * difference in resources it would create equals `spokeGrowth` — the formula the README
 * and the plan state (accepter when cross-account, association, a propagation per domain
 * that reaches the spoke's domain, a blackhole per domain that does not, unless a summary
 * block covers the spoke).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlannedResource } from "../../analysis/plan-records";
import { Definition } from "../../definition/schema";
import { spokeGrowth } from "../../network/domains";
import { loadDefinitionText } from "../../program/load";
import { planDefinition } from "../../tools/plan/run";
import { reachabilitySection } from "../../tools/plan/render";

const prodText = fs.readFileSync(path.resolve(__dirname, "../../stacks/prod.yaml"), "utf8");

function load(edit: (raw: Record<string, any>) => void): Definition {
    const raw = YAML.parse(prodText) as Record<string, any>;
    edit(raw);
    const loaded = loadDefinitionText(YAML.stringify(raw), "prod.yaml");
    assert.deepStrictEqual(loaded.diagnostics.filter((d) => d.severity === "error"), []);
    return loaded.definition!;
}

/** Resources the network stack would create (StackReferences are read, not created), by type. */
async function created(definition: Definition): Promise<PlannedResource[]> {
    return (await planDefinition(definition, "network")).resources.filter((r) => r.custom && !r.read);
}

const byType = (resources: PlannedResource[]) => {
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type.split(":").pop()!] = (counts[r.type.split(":").pop()!] ?? 0) + 1;
    return counts;
};

function diff(before: PlannedResource[], after: PlannedResource[]): Record<string, number> {
    const a = byType(before);
    const b = byType(after);
    return Object.fromEntries(Object.keys(b).filter((k) => b[k] !== (a[k] ?? 0)).map((k) => [k, b[k] - (a[k] ?? 0)]).sort());
}

describe("network stack growth per spoke (prod, mock runtime)", function () {
    this.timeout(180000);

    const cases: { label: string; domain: string; cidr: string; account: string; sharedSummary?: string; expected: number }[] = [
        // prod: reached by shared and onprem; its summary covers the spoke: accepter + association + 2 propagations.
        { label: "prod (summary)", domain: "prod", cidr: "10.19.0.0/16", account: "data-prod", expected: 4 },
        // isolated: reached by shared only; summary: accepter + association + 1 propagation.
        { label: "isolated (summary)", domain: "isolated", cidr: "10.48.32.0/20", account: "research", expected: 3 },
        // shared, no summary: reached by prod, nonprod, isolated, onprem; shared does not reach itself: its own table blackholes the spoke.
        { label: "shared (no summary)", domain: "shared", cidr: "10.8.0.0/16", account: "research", expected: 7 },
        // shared with a summary block covering the hub and the spoke: the blackhole is the summary's.
        { label: "shared (summary)", domain: "shared", cidr: "10.8.0.0/16", account: "research", sharedSummary: "10.0.0.0/12", expected: 6 },
        // A spoke in the network's own account is attached by its own stack: no accepter here.
        { label: "shared, network's own account", domain: "shared", cidr: "10.8.0.0/16", account: "network", sharedSummary: "10.0.0.0/12", expected: 5 },
    ];
    for (const c of cases) {
        it(`${c.label}: +${c.expected}, as spokeGrowth says`, async () => {
            const summary = (raw: Record<string, any>) => {
                if (c.sharedSummary) raw.network.transitGateway.domains.shared.cidrs = [c.sharedSummary];
            };
            const base = load(summary);
            const grown = load((raw) => {
                summary(raw);
                raw.spokes.push({ name: "newcomer", account: c.account, cidr: c.cidr, domain: c.domain });
            });
            const growth = spokeGrowth(grown, c.domain, { account: c.account, cidr: c.cidr });
            const counted = diff(await created(base), await created(grown));
            assert.deepStrictEqual(
                counted,
                Object.fromEntries(
                    Object.entries({
                        RouteTableAssociation: growth.association,
                        RouteTablePropagation: growth.propagations.length,
                        Route: growth.blackholes.length,
                        VpcAttachmentAccepter: growth.accepter,
                    }).filter(([, n]) => n > 0),
                ),
            );
            assert.strictEqual(growth.total, c.expected);
            assert.strictEqual(Object.values(counted).reduce((x, y) => x + y, 0), c.expected);
        });
    }

    it("the plan states the growth per spoke of each domain", async () => {
        const definition = load(() => undefined);
        const section = reachabilitySection((await planDefinition(definition, "network")).resources, definition, "network");
        const text = section.lines.join("\n");
        assert.match(text, /Each spoke added to a domain adds to the network stack: 1 association, 1 propagation per domain that reaches it, 1 blackhole per domain that does not \(none when a summary block of the domain covers the spoke\), and 1 accepter when its VPC is in another account:/);
        assert.match(text, /^ {2}prod: \+4 \(\+3 in the network's own account\)$/m);
        assert.match(text, /^ {2}shared: \+7 \(\+6 in the network's own account\); a summary block \(network\.transitGateway\.domains\.shared\.cidrs\) would save 1$/m);
    });
});
