/**
 * AWS quotas are per Region ("Unless otherwise noted, each quota is Region-specific":
 * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html). The top-level
 * `quotas` are the home Region's and every Region's default; `network.regions.<region>.quotas`
 * overrides them for that Region only (definition/quotas.ts `quotasIn`). The definitions here
 * go through the whole loader (shape check and every area check), no mocks.
 */
import * as assert from "assert";
import { quotas } from "../../aws/quotas";
import { quotasIn, raisableQuotas } from "../../definition/quotas";
import { quotasSchema, regionalNetworkSchema } from "../../definition/schema";
import { Diagnostic } from "../../definition/diagnostics";
import { at, base, edit, errors, load } from "./helpers";

const HOME = "us-east-1";
const OTHERS = ["eu-west-1", "ap-southeast-2", "us-west-2"];
const REGIONS = [HOME, ...OTHERS];
/** The program peers every pair of Regions: each transit gateway has one peering per other Region. */
const PEERINGS = REGIONS.length - 1;

/** `base` (home us-east-1) with a hub in each of OTHERS, the given top-level quotas and per-Region overrides. */
function fourRegions(top: Record<string, number>, overrides: Record<string, Record<string, unknown>> = {}): string {
    const regions = OTHERS.map((r, i) => {
        const own = overrides[r] ? `      quotas:\n${Object.entries(overrides[r]).map(([k, v]) => `        ${k}: ${v}\n`).join("")}` : "";
        return `    ${r}:\n      hub:\n        cidr: 10.${8 + 8 * i}.0.0/21\n      transitGateway:\n        asn: ${64513 + i}\n${own}`;
    }).join("");
    const withRegions = edit(base, "  endpoints:\n    services: [ssm, kms]\n", `  endpoints:\n    services: [ssm, kms]\n  regions:\n${regions}`);
    const quotaLines = Object.entries(top).map(([k, v]) => `  ${k}: ${v}\n`).join("");
    return quotaLines ? edit(withRegions, "spokes:\n", `quotas:\n${quotaLines}spokes:\n`) : withRegions;
}

const regionPath = (region: string) => (region === HOME ? "network" : `network.regions.${region}`);
const overridePath = (region: string, key: string) => `network.regions.${region}.quotas.${key}`;
/** The line of `key` under `region`'s override block in `text`. */
const overrideLine = (text: string, region: string, key: string) => {
    const from = text.indexOf(`    ${region}:\n`);
    const before = text.slice(0, text.indexOf(`        ${key}:`, from)).split("\n");
    return before.length;
};
const peeringErrors = (text: string): Diagnostic[] => errors(load(text)).filter((d) => /peering attachments \(one per peered Region\)/.test(d.message));

describe("quotas per Region: network.regions.<region>.quotas overrides the top-level quotas for that Region only", () => {
    it("the overridable keys are exactly the top-level quotas' keys, each an adjustable AWS quota", () => {
        assert.deepStrictEqual([...raisableQuotas].sort(), Object.keys(quotasSchema.shape).sort());
        assert.deepStrictEqual(Object.keys(regionalNetworkSchema.shape.quotas.unwrap().shape).sort(), Object.keys(quotasSchema.shape).sort());
        for (const key of raisableQuotas) assert.strictEqual(quotas[key].adjustable, true, key);
    });

    it("quotasIn: the Region's override, else the top-level value, else AWS's default; home reads only the top level", () => {
        const text = fourRegions({ tgwRouteTables: 30 }, { "eu-west-1": { tgwRouteTables: 40, tgwRoutes: 20000 } });
        const root = load(text).definition!;
        assert.ok(root, "the fixture is a valid definition");
        const eu = quotasIn(root, "eu-west-1");
        assert.strictEqual(eu.tgwRouteTables.value, 40);
        assert.deepStrictEqual(eu.tgwRouteTables.setBy, ["network", "regions", "eu-west-1", "quotas", "tgwRouteTables"]);
        assert.strictEqual(eu.tgwRoutes.value, 20000);
        assert.strictEqual(eu.tgwPeeringAttachments.value, quotas.tgwPeeringAttachments.value);
        assert.strictEqual(eu.tgwPeeringAttachments.setBy, undefined);
        const ap = quotasIn(root, "ap-southeast-2");
        assert.strictEqual(ap.tgwRouteTables.value, 30);
        assert.deepStrictEqual(ap.tgwRouteTables.setBy, ["quotas", "tgwRouteTables"]);
        assert.strictEqual(ap.tgwRoutes.value, quotas.tgwRoutes.value);
        for (const home of [quotasIn(root), quotasIn(root, HOME)]) {
            assert.strictEqual(home.tgwRouteTables.value, 30);
            assert.strictEqual(home.tgwRoutes.value, quotas.tgwRoutes.value);
        }
        // A quota AWS does not let you raise is AWS's in every Region.
        assert.strictEqual(eu.tgwAttachments.value, quotas.tgwAttachments.value);
    });

    it("an override raises only its Region: the other Regions keep the top-level value", () => {
        // Every transit gateway has PEERINGS peerings; the top level allows one fewer, eu-west-1's override enough.
        const text = fourRegions({ tgwPeeringAttachments: PEERINGS - 1 }, { "eu-west-1": { tgwPeeringAttachments: PEERINGS } });
        const reported = peeringErrors(text);
        assert.deepStrictEqual(reported.map((d) => d.path).sort(), REGIONS.filter((r) => r !== "eu-west-1").map(regionPath).sort());
        for (const d of reported) {
            assert.match(d.message, new RegExp(`more than ${PEERINGS - 1} .*raised in quotas\\.tgwPeeringAttachments`));
        }
        // The same raise at the top level alone clears every Region.
        assert.deepStrictEqual(peeringErrors(fourRegions({ tgwPeeringAttachments: PEERINGS })), []);
    });

    it("an override lower than the top level applies to its Region, and the error points at the override", () => {
        const text = fourRegions({ tgwPeeringAttachments: PEERINGS + 10 }, { "ap-southeast-2": { tgwPeeringAttachments: PEERINGS - 1 } });
        const reported = peeringErrors(text);
        assert.deepStrictEqual(reported.map((d) => d.path), [overridePath("ap-southeast-2", "tgwPeeringAttachments")]);
        const [d] = reported;
        assert.strictEqual(d.file, "tt.yaml");
        assert.strictEqual(d.line, overrideLine(text, "ap-southeast-2", "tgwPeeringAttachments"));
        assert.strictEqual(d.line, at(text, "        tgwPeeringAttachments:").line);
        assert.match(d.message, /^ap-southeast-2's transit gateway would have 3 peering attachments/);
        assert.match(d.message, new RegExp(`set in ${overridePath("ap-southeast-2", "tgwPeeringAttachments").replace(/\./g, "\\.")}`));
    });

    it("every per-Region transit gateway quota reads the Region's own value: route tables and routes too", () => {
        // Each Region's transit gateway has a route table per domain (shared, apps) and its peering table: 3.
        const cases: [string, number, RegExp][] = [
            ["tgwRouteTables", 2, /needs 3 route tables/],
            ["tgwRoutes", 1, /needs about [\d,]+ routes/],
        ];
        for (const [key, value, message] of cases) {
            const text = fourRegions({}, { "us-west-2": { [key]: value } });
            const reported = errors(load(text)).filter((d) => message.test(d.message));
            assert.deepStrictEqual(reported.map((d) => `${d.path}:${d.line}`), [`${overridePath("us-west-2", key)}:${overrideLine(text, "us-west-2", key)}`], key);
            assert.match(reported[0].message, /^us-west-2's transit gateway/);
        }
    });

    it("interface endpoints per VPC: each Region's hub (centralized) is checked against its Region's value", () => {
        // Every hub holds the home Region's services (ssm, kms: 2); the top level allows 1, eu-west-1's override 2.
        const text = fourRegions({ interfaceEndpointsPerVpc: 1 }, { "eu-west-1": { interfaceEndpointsPerVpc: 2 } });
        const reported = errors(load(text)).filter((d) => /hub VPC would hold 2 interface endpoints/.test(d.message));
        assert.deepStrictEqual(reported.map((d) => d.path).sort(), ["network.endpoints.services", ...OTHERS.filter((r) => r !== "eu-west-1").map(regionPath)].sort());
        // Lower than the top level: only that Region's hub, at the override.
        const lower = fourRegions({ interfaceEndpointsPerVpc: 100 }, { "us-west-2": { interfaceEndpointsPerVpc: 1 } });
        const only = errors(load(lower)).filter((d) => /interface endpoints/.test(d.message));
        assert.deepStrictEqual(only.map((d) => `${d.path}:${d.line}`), [`${overridePath("us-west-2", "interfaceEndpointsPerVpc")}:${overrideLine(lower, "us-west-2", "interfaceEndpointsPerVpc")}`]);
        assert.match(only[0].message, /^us-west-2's hub VPC would hold 2 interface endpoints, more than 1 /);
    });

    it("interface endpoints per VPC: a spoke in another Region (distributed mode) is checked against its Region's value", () => {
        const distributed = edit(fourRegions({}, { "eu-west-1": { interfaceEndpointsPerVpc: 1 } }), "    services: [ssm, kms]\n", "    mode: distributed\n    services: [ssm, kms]\n");
        const text = `${distributed}  - name: app-eu\n    account: sandbox\n    cidr: 10.40.0.0/16\n    domain: apps\n    region: eu-west-1\n`;
        const reported = errors(load(text)).filter((d) => /interface endpoints/.test(d.message));
        assert.deepStrictEqual(reported.map((d) => d.path), [overridePath("eu-west-1", "interfaceEndpointsPerVpc")]);
        assert.match(reported[0].message, /^spoke "app-eu" would hold 2 interface endpoints \(2 services in distributed mode \+ 0 PrivateLink consumer endpoints\), more than 1 /);
    });

    it("pending peering attachments: the warning of a Region with an override points at it", () => {
        const text = fourRegions({}, { "eu-west-1": { tgwPendingPeeringAttachments: 1 } });
        const warnings = load(text).diagnostics.filter((d) => /may be pending at once/.test(d.message));
        assert.deepStrictEqual(warnings.map((d) => `${d.severity} ${d.path}`), [`warning ${overridePath("eu-west-1", "tgwPendingPeeringAttachments")}`]);
    });

    it("an unknown key, a quota AWS does not let you raise, or a value below 1 under a Region's quotas is refused", () => {
        const text = fourRegions({}, { "eu-west-1": { tgwRouteTable: 30, tgwAttachments: 6000 }, "us-west-2": { tgwRoutes: 0 } });
        const result = load(text);
        assert.strictEqual(result.definition, undefined);
        const paths = errors(result).map((d) => d.path);
        for (const p of [overridePath("eu-west-1", "tgwRouteTable"), overridePath("eu-west-1", "tgwAttachments"), overridePath("us-west-2", "tgwRoutes")]) {
            assert.ok(paths.includes(p), `no error at ${p}; got ${paths.join(", ")}`);
        }
        const misspelt = errors(result).find((d) => d.path === overridePath("eu-west-1", "tgwRouteTable"))!;
        assert.strictEqual(misspelt.line, overrideLine(text, "eu-west-1", "tgwRouteTable"));
    });
});
