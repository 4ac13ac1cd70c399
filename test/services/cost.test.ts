import * as assert from "assert";
import { compareModes, priceResources, withModes } from "../../analysis/cost";
import { FALLBACK_REGION, PriceSheet, isPrice, priceSheet, prices, pricesFor, regionalPriceItems } from "../../aws/prices";
import { PlannedResource, UNKNOWN } from "../../analysis/plan-records";
import { orgDefinition } from "./fixtures";

let n = 0;
function res(type: string, inputs: Record<string, unknown>, provider?: string): PlannedResource {
    n++;
    return { urn: `urn:pulumi:test::landing-zone::${type}::r${n}`, type, name: `r${n}`, custom: true, inputs, dependencies: {}, ...(provider ? { provider } : {}) };
}

function provider(name: string, account: string): PlannedResource {
    return { urn: `urn:pulumi:test::landing-zone::pulumi:providers:aws::${name}`, type: "pulumi:providers:aws", name, custom: true, inputs: { allowedAccountIds: [account] }, dependencies: {} };
}

const H = 730;

describe("services: cost report", () => {
    it("computes every line from the price table it is given, and names that table", () => {
        const network = provider("network-provider", "222222222222");
        const resources: PlannedResource[] = [network];
        for (let i = 0; i < 3; i++) resources.push(res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: [UNKNOWN, UNKNOWN] }));
        for (let i = 0; i < 2; i++) resources.push(res("aws:ec2transitgateway/vpcAttachment:VpcAttachment", {}));
        resources.push(res("aws:route53/resolverEndpoint:ResolverEndpoint", { direction: "INBOUND", ipAddresses: [{}, {}] }));
        for (let i = 0; i < 102; i++) resources.push(res("aws:route53/profilesAssociation:ProfilesAssociation", {}, network.urn));
        for (let i = 0; i < 30; i++) resources.push(res("aws:route53/zone:Zone", { name: `z${i}.example.com` }));
        resources.push(res("aws:ec2/natGateway:NatGateway", {}));

        // A table of other prices (each one distinct) must flow through unchanged: nothing is hard-wired.
        const table = { ...prices, version: "test-table", date: "2000-01", hoursPerMonth: 720 };
        const priceKeys = ["interfaceEndpointAzHour", "transitGatewayAttachmentHour", "resolverEniHour", "profileAccountHour", "profileExtraAssociationHour", "hostedZoneMonthFirst", "hostedZoneMonthAfter", "natGatewayHour"] as const;
        priceKeys.forEach((key, i) => (table[key] = prices[key] * (2 + i)));
        for (const [t, expectedVersion] of [[prices, prices.version], [table, "test-table"]] as const) {
            const report = priceResources(resources, { prices: t });
            assert.ok(report.prices.startsWith(expectedVersion), report.prices);
            // Every line's unit price is one of the table's prices, and its month is quantity × unit (× hours).
            const unitPrices = new Set(priceKeys.map((k) => t[k]));
            assert.strictEqual(report.lines.length, 8, report.lines.map((l) => l.item).join("; "));
            for (const l of report.lines) {
                assert.ok(unitPrices.has(l.unitUsd), `${l.item}: ${l.unitUsd} is not a price of the table`);
                const expected = l.quantity * l.unitUsd * (l.per === "hour" ? t.hoursPerMonth : 1);
                assert.ok(Math.abs(l.monthlyUsd - expected) < 0.006, `${l.item}: ${l.monthlyUsd} ≠ ${expected}`);
            }
            const sum = report.lines.reduce((acc, l) => acc + l.monthlyUsd, 0);
            assert.ok(Math.abs(report.monthlyUsd - sum) < 0.006);
            // The tiers and the included associations come from the table too.
            const tiers = report.lines.filter((l) => l.item.startsWith("Private hosted zones")).map((l) => l.quantity);
            assert.deepStrictEqual(tiers, [t.hostedZoneFirstTier, 30 - t.hostedZoneFirstTier]);
            assert.strictEqual(report.lines.find((l) => l.item.startsWith("Route 53 Profile associations beyond"))!.quantity, 102 - t.profileIncludedAssociations);
        }
    });

    it("prices every item against a hand calculation", () => {
        const network = provider("network-provider", "222222222222");
        const workload = provider("workload-provider", "333333333333");
        const big = provider("big-provider", "444444444444");
        const resources: PlannedResource[] = [network, workload, big];
        // 8 services × 3 AZs of interface endpoints, and one free gateway endpoint.
        for (let i = 0; i < 8; i++) resources.push(res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: [UNKNOWN, UNKNOWN, UNKNOWN] }));
        resources.push(res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Gateway", routeTableIds: [UNKNOWN] }));
        // 4 VPC attachments + a VPN on the TGW; an accepter is the same attachment (not billed twice).
        for (let i = 0; i < 4; i++) resources.push(res("aws:ec2transitgateway/vpcAttachment:VpcAttachment", {}));
        resources.push(res("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter", {}));
        resources.push(res("aws:ec2/vpnConnection:VpnConnection", { transitGatewayId: UNKNOWN, type: "ipsec.1" }));
        // Resolver: inbound with 3 ENIs, outbound with 2.
        resources.push(res("aws:route53/resolverEndpoint:ResolverEndpoint", { direction: "INBOUND", ipAddresses: [{}, {}, {}] }));
        resources.push(res("aws:route53/resolverEndpoint:ResolverEndpoint", { direction: "OUTBOUND", ipAddresses: [{}, {}] }));
        // Profile associations: 1 in the network account, 2 in a workload account, 101 in a third.
        resources.push(res("aws:route53/profilesAssociation:ProfilesAssociation", {}, network.urn));
        for (let i = 0; i < 2; i++) resources.push(res("aws:route53/profilesAssociation:ProfilesAssociation", {}, workload.urn));
        for (let i = 0; i < 101; i++) resources.push(res("aws:route53/profilesAssociation:ProfilesAssociation", {}, big.urn));
        // 27 hosted zones.
        for (let i = 0; i < 27; i++) resources.push(res("aws:route53/zone:Zone", { name: `z${i}.example.com` }));
        // 2 NAT gateways + an awsx VPC with a single NAT gateway.
        for (let i = 0; i < 2; i++) resources.push(res("aws:ec2/natGateway:NatGateway", {}));
        resources.push({ ...res("awsx:ec2:Vpc", { natGateways: { strategy: "Single" } }), custom: false });

        const report = priceResources(resources);
        const line = (prefix: string) => report.lines.find((l) => l.item.startsWith(prefix))!;

        assert.deepStrictEqual([line("Interface endpoints").quantity, line("Interface endpoints").monthlyUsd], [24, 175.2]); // 8 × 3 × 0.01 × 730
        assert.deepStrictEqual([line("Transit gateway").quantity, line("Transit gateway").monthlyUsd], [5, 182.5]); // 5 × 0.05 × 730
        assert.deepStrictEqual([line("Route 53 Resolver").quantity, line("Route 53 Resolver").monthlyUsd], [5, 456.25]); // 5 × 0.125 × 730
        assert.deepStrictEqual([line("Route 53 Profile (accounts").quantity, line("Route 53 Profile (accounts").monthlyUsd], [3, 1642.5]); // 3 × 0.75 × 730
        assert.deepStrictEqual([line("Route 53 Profile associations beyond").quantity, line("Route 53 Profile associations beyond").monthlyUsd], [1, 1.02]); // 1 × 0.0014 × 730 = 1.022
        assert.deepStrictEqual([line("Private hosted zones (first").quantity, line("Private hosted zones (first").monthlyUsd], [25, 12.5]); // 25 × 0.50
        assert.deepStrictEqual([line("Private hosted zones (beyond").quantity, line("Private hosted zones (beyond").monthlyUsd], [2, 0.2]); // 2 × 0.10
        assert.deepStrictEqual([line("NAT gateways").quantity, line("NAT gateways").monthlyUsd], [3, 98.55]); // 3 × 0.045 × 730
        assert.deepStrictEqual([line("Site-to-Site VPN").quantity, line("Site-to-Site VPN").monthlyUsd], [1, 36.5]); // 1 × 0.05 × 730 (and a TGW attachment above)

        const hand = 8 * 3 * 0.01 * H + 5 * 0.05 * H + 5 * 0.125 * H + 3 * 0.75 * H + 1 * 0.0014 * H + 25 * 0.5 + 2 * 0.1 + 3 * 0.045 * H + 1 * 0.05 * H;
        assert.ok(Math.abs(report.monthlyUsd - hand) / hand < 0.01, `${report.monthlyUsd} vs ${hand}`);
        assert.strictEqual(report.monthlyUsd, 2605.22);
        for (const l of report.lines) assert.deepStrictEqual(Object.keys(l).sort(), ["item", "monthlyUsd", "per", "quantity", "unitUsd"]);
        assert.ok(report.notes.some((note) => /traffic-dependent/.test(note) && /\$0\.01\/GB/.test(note) && /\$0\.02\/GB/.test(note)), "says data processing is left out");
    });

    it("prices an unknown subnet list at the default AZ count and says so", () => {
        const report = priceResources([res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: UNKNOWN })], { defaultAzCount: 3 });
        assert.strictEqual(report.lines[0].quantity, 3);
        assert.ok(report.notes.some((n) => n.includes("1 interface endpoint(s) with an unknown subnet list priced at 3 AZs")), report.notes.join("\n"));
    });

    it("prices each item with the environment's Region's price from the sheet, and names what fell back to us-east-1", () => {
        const plan = [
            res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: ["a", "b"] }),
            res("aws:ec2transitgateway/vpcAttachment:VpcAttachment", {}),
            res("aws:ec2/natGateway:NatGateway", {}),
        ];
        for (const region of Object.keys(priceSheet.regions)) {
            const own = priceSheet.regions[region];
            const base = priceSheet.regions[FALLBACK_REGION];
            const expected = (item: (typeof regionalPriceItems)[number]) => (isPrice(own[item]) ? own[item] : base[item]) as { usd: number };
            const report = priceResources(plan, { region });
            const unit = (prefix: string) => report.lines.find((l) => l.item.startsWith(prefix))!.unitUsd;
            assert.strictEqual(unit("Interface endpoints"), expected("interfaceEndpointAzHour").usd, region);
            assert.strictEqual(unit("Transit gateway"), expected("transitGatewayAttachmentHour").usd, region);
            assert.strictEqual(unit("NAT gateways"), expected("natGatewayHour").usd, region);
            assert.ok(report.prices.startsWith(`${region} `), report.prices);
            // The plan buys endpoints, an attachment and a NAT gateway: their hourly and per-GB prices.
            const bought = ["interfaceEndpointAzHour", "interfaceEndpointGb", "transitGatewayAttachmentHour", "transitGatewayGb", "natGatewayHour", "natGatewayGb"] as const;
            const missing = bought.filter((i) => !isPrice(own[i]));
            const note = report.notes.find((n) => n.startsWith(`no ${region} price for`));
            if (missing.length === 0) assert.strictEqual(note, undefined, region);
            else for (const item of missing) assert.ok(note?.includes(item) && note.includes(`priced with ${FALLBACK_REGION}'s`), `${region}: ${note}`);
        }
    });

    it("prices a Region without a sheet at us-east-1's prices and says so", () => {
        const report = priceResources([res("aws:ec2/natGateway:NatGateway", {})], { region: "sa-east-1" });
        assert.strictEqual(report.lines[0].unitUsd, prices.natGatewayHour);
        assert.ok(report.notes.some((n) => n.startsWith("no sa-east-1 price for natGatewayHour, natGatewayGb: priced with us-east-1's (no price sheet for sa-east-1)")), report.notes.join("\n"));
    });

    it("uses a sheet's own prices and marks third-party quotes (any sheet, not only the shipped one)", () => {
        const sheet: PriceSheet = structuredClone(priceSheet);
        sheet.regions["eu-west-1"] = { ...sheet.regions["eu-west-1"], natGatewayHour: { usd: 0.123, source: "test", date: "2000-01", secondary: true } };
        const table = pricesFor("eu-west-1", sheet);
        assert.strictEqual(table.natGatewayHour, 0.123);
        assert.ok(table.secondary.includes("natGatewayHour"));
        assert.ok(!table.fallbacks.some((f) => f.item === "natGatewayHour"));
        const report = priceResources([res("aws:ec2/natGateway:NatGateway", {})], { prices: table });
        assert.ok(report.notes.some((n) => n.startsWith("quoted by third parties") && n.includes("natGatewayHour")), report.notes.join("\n"));
    });

    it("prices a Direct Connect gateway association with a transit gateway as a TGW attachment, and says the gateway is free", () => {
        const report = priceResources([
            res("aws:directconnect/gateway:Gateway", { amazonSideAsn: "64513" }),
            res("aws:directconnect/gatewayAssociation:GatewayAssociation", { associatedGatewayId: UNKNOWN, allowedPrefixes: ["10.16.0.0/13"] }),
            res("aws:directconnect/gatewayAssociation:GatewayAssociation", { associatedGatewayId: "vgw-0123456789abcdef0" }),
        ]);
        assert.deepStrictEqual(report.lines.map((l) => [l.item, l.quantity, l.unitUsd]), [["Transit gateway attachments", 1, prices.transitGatewayAttachmentHour]]);
        assert.ok(report.notes.some((n) => /Direct Connect gateway itself is free/.test(n)));
    });

    it("counts Profile associations of the default provider as one account", () => {
        const report = priceResources([res("aws:route53/profilesAssociation:ProfilesAssociation", {}), res("aws:route53/profilesAssociation:ProfilesAssociation", {})]);
        assert.deepStrictEqual(report.lines.map((l) => [l.quantity, l.monthlyUsd]), [[1, 547.5]]); // 0.75 × 730
    });

    it("finds the account of an assume-role provider from its role ARN", () => {
        const p: PlannedResource = { urn: "urn:p", type: "pulumi:providers:aws", name: "p", custom: true, inputs: { assumeRoles: JSON.stringify([{ roleArn: "arn:aws:iam::555555555555:role/Deploy" }]) }, dependencies: {} };
        const q: PlannedResource = { ...p, urn: "urn:q", inputs: { assumeRoles: [{ roleArn: "arn:aws:iam::666666666666:role/Deploy" }] } };
        const report = priceResources([p, q, res("aws:route53/profilesAssociation:ProfilesAssociation", {}, "urn:p"), res("aws:route53/profilesAssociation:ProfilesAssociation", {}, "urn:q")]);
        assert.strictEqual(report.lines[0].quantity, 2);
    });

    it("compares every endpoint mode × DNS sharing mode, reporting the ones that cannot be planned", async () => {
        const d = orgDefinition();
        const seen: string[] = [];
        const modes = await compareModes(d, async (def) => {
            seen.push(`${def.network.endpoints.mode}/${def.network.dns.sharing}`);
            if (def.network.dns.sharing === "hosted-zones" && def.network.endpoints.mode === "distributed") throw new Error("not plannable here");
            const count = def.network.endpoints.mode === "centralized" ? 2 : 6;
            return Array.from({ length: count }, () => res("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: ["a", "b"] }));
        });
        assert.deepStrictEqual(seen, ["centralized/profile", "centralized/hosted-zones", "distributed/profile", "distributed/hosted-zones"]);
        assert.deepStrictEqual(
            modes.map((m) => [m.endpointMode, m.dnsSharing, m.cost?.monthlyUsd, m.error]),
            [
                ["centralized", "profile", 29.2, undefined], // 2 × 2 × 0.01 × 730
                ["centralized", "hosted-zones", 29.2, undefined],
                ["distributed", "profile", 87.6, undefined], // 6 × 2 × 0.01 × 730
                ["distributed", "hosted-zones", undefined, "not plannable here"],
            ],
        );
        assert.strictEqual(d.network.endpoints.mode, "centralized", "the caller's definition is not changed");
        assert.strictEqual(withModes(d, "distributed", "hosted-zones").network.dns.sharing, "hosted-zones");
    });
});
