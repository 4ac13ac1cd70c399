/**
 * Interface endpoint subnets follow the quota a definition raises. An interface endpoint has
 * one network interface, so one address, in each subnet it is created in (one per AZ), and
 * AWS reserves 5 addresses in every subnet (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
 * A hub's endpoint subnets hold what the per-VPC quota of its Region allows (aws/quotas.ts
 * `interfaceEndpointsPerVpc`, raised in `quotas` or `network.regions.<region>.quotas`); a
 * spoke's workload subnets hold the interface endpoints it has. The minimum only decides
 * which CIDRs are accepted: where the subnets fall never changes.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { IPv4CidrRange } from "ip-num";
import { quotas } from "../../aws/quotas";
import { serviceCatalog } from "../../aws/service-catalog";
import { LayoutError, VpcLayout, hubLayout, spokeLayout, subnetsOfTier } from "../../network/layout";
import { at, base, edit, errors, load } from "../definition/helpers";

const RESERVED = 5;
const size = (cidr: string): number => Number(IPv4CidrRange.fromCidr(cidr).getSize());
const attempt = (f: () => VpcLayout): VpcLayout | LayoutError => {
    try {
        return f();
    } catch (e) {
        if (e instanceof LayoutError) return e;
        throw e;
    }
};
const cidrOf = fc.integer({ min: 16, max: 28 }).map((prefix) => `10.0.0.0/${prefix}`);

describe("interface endpoint subnets follow the interface endpoints a VPC may hold", () => {
    it("a hub's endpoint subnets hold its endpoints + 5 reserved per AZ, and the carving never depends on how many", () => {
        fc.assert(
            fc.property(cidrOf, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2000 }), (cidr, az, endpoints) => {
                const sized = attempt(() => hubLayout(cidr, az, endpoints));
                const plain = attempt(() => hubLayout(cidr, az, 0));
                if (sized instanceof LayoutError) {
                    // Refused only when the largest endpoint subnet that fits is too small.
                    if (!(plain instanceof LayoutError)) assert.ok(size(subnetsOfTier(plain, "endpoint")[0].cidr) - RESERVED < endpoints, `${cidr} ${az} AZ ${endpoints}: refused though it fits`);
                    return;
                }
                for (const s of subnetsOfTier(sized, "endpoint")) assert.ok(size(s.cidr) - RESERVED >= endpoints, `${s.cidr} holds fewer than ${endpoints}`);
                assert.deepStrictEqual(sized, plain, "the subnets fall where they fall without the minimum");
            }),
            { numRuns: 300 },
        );
    });

    it("a spoke's workload subnets hold its endpoints + 5 reserved per AZ, and the carving never depends on how many", () => {
        fc.assert(
            fc.property(cidrOf, fc.integer({ min: 1, max: 6 }), fc.constantFrom("none" as const, "nat" as const), fc.integer({ min: 0, max: 600 }), (cidr, az, internet, endpoints) => {
                const sized = attempt(() => spokeLayout(cidr, az, internet, endpoints));
                const plain = attempt(() => spokeLayout(cidr, az, internet));
                if (sized instanceof LayoutError) {
                    if (!(plain instanceof LayoutError)) assert.ok(size(subnetsOfTier(plain, "workload")[0].cidr) - RESERVED < endpoints, `${cidr} ${az} AZ ${endpoints}: refused though it fits`);
                    return;
                }
                for (const s of subnetsOfTier(sized, "workload")) assert.ok(size(s.cidr) - RESERVED >= endpoints, `${s.cidr} holds fewer than ${endpoints}`);
                assert.deepStrictEqual(sized, plain);
            }),
            { numRuns: 300 },
        );
    });

    it("without a raise, the hub is sized for AWS's default quota (the layout every existing definition plans to)", () => {
        for (const [cidr, az] of [["10.0.0.0/24", 2], ["10.0.0.0/22", 3], ["10.0.0.0/21", 1]] as const) {
            assert.deepStrictEqual(hubLayout(cidr, az), hubLayout(cidr, az, quotas.interfaceEndpointsPerVpc.value));
        }
        // 50 + 5 → /26: a /24 holds two AZs; 60 + 5 → /25 does not fit.
        assert.doesNotThrow(() => hubLayout("10.0.0.0/24", 2));
        assert.throws(
            () => hubLayout("10.0.0.0/24", 2, quotas.interfaceEndpointsPerVpc.value + 10),
            /hub CIDR 10\.0\.0\.0\/24 is too small for 2 AZs: .*a \/25 endpoint subnet for 60 interface endpoints \+ the 5 addresses AWS reserves.*smallest CIDR that fits is a \/23/,
        );
    });
});

describe("validation reports a hub or spoke whose CIDR cannot hold its interface endpoints (every one, in one run)", () => {
    const smallHub = edit(base, "    cidr: 10.0.0.0/21\n    availabilityZones: 2\n", "    cidr: 10.0.0.0/24\n    availabilityZones: 2\n");
    const withRegion = (text: string, regionQuotas: string) =>
        edit(text, "  endpoints:\n    services: [ssm, kms]\n", `  endpoints:\n    services: [ssm, kms]\n  regions:\n    eu-west-1:\n      hub:\n        cidr: 10.8.0.0/24\n      transitGateway:\n        asn: 64513\n${regionQuotas}`);
    const layoutErrors = (text: string) => errors(load(text)).filter((d) => /too small/.test(d.message));
    const raiseTop = (text: string, value: number) => edit(text, "spokes:\n", `quotas:\n  interfaceEndpointsPerVpc: ${value}\nspokes:\n`);

    it("the baseline (a /24 hub in two AZs, a /24 hub in eu-west-1, AWS's quota) passes", () => {
        assert.deepStrictEqual(errors(load(withRegion(smallHub, ""))), []);
    });

    it("a raised quota at the top level asks more of every hub that takes it; a Region's override only of its own", () => {
        // Top level 60: both hubs (eu-west-1 takes the top level).
        const raised = raiseTop(withRegion(smallHub, ""), 60);
        const both = layoutErrors(raised);
        assert.deepStrictEqual(both.map((d) => d.path), ["network.hub.cidr", "network.regions.eu-west-1.hub.cidr"]);
        assert.strictEqual(both[0].line, at(raised, "10.0.0.0/24").line);
        assert.match(both[0].message, /60 interface endpoints \+ the 5 addresses AWS reserves.*smallest CIDR that fits is a \/23.*raised in quotas\.interfaceEndpointsPerVpc/);
        // eu-west-1 back at 50 by its override: only home.
        const overridden = raiseTop(withRegion(smallHub, "      quotas:\n        interfaceEndpointsPerVpc: 50\n"), 60);
        assert.deepStrictEqual(layoutErrors(overridden).map((d) => d.path), ["network.hub.cidr"]);
        // Raised in eu-west-1 only: only its hub.
        const onlyThere = withRegion(smallHub, "      quotas:\n        interfaceEndpointsPerVpc: 100\n");
        const eu = layoutErrors(onlyThere);
        assert.deepStrictEqual(eu.map((d) => d.path), ["network.regions.eu-west-1.hub.cidr"]);
        assert.strictEqual(eu[0].line, at(onlyThere, "10.8.0.0/24").line);
        assert.match(eu[0].message, /set in network\.regions\.eu-west-1\.quotas\.interfaceEndpointsPerVpc/);
    });

    it("a spoke holding more interface endpoints than its workload subnets fit is reported at its cidr, with the hubs, in one run", () => {
        // Distributed mode: each spoke holds its Region's services. 12 services + 5 reserved > a /28.
        const services = Object.keys(serviceCatalog)
            .filter((n) => !serviceCatalog[n].notCentralizable && !serviceCatalog[n].privateDnsOnlyForInboundResolverEndpoint)
            .slice(0, 12);
        const distributed = edit(
            edit(smallHub, "  endpoints:\n    services: [ssm, kms]\n", `  endpoints:\n    mode: distributed\n    services: [${services.join(", ")}]\n`),
            "    cidr: 10.2.0.0/16\n",
            "    cidr: 10.2.0.0/26\n",
        );
        const spoke = layoutErrors(distributed);
        assert.deepStrictEqual(spoke.map((d) => d.path), ["spokes[1].cidr"]);
        assert.strictEqual(spoke[0].line, at(distributed, "10.2.0.0/26").line);
        assert.match(
            spoke[0].message,
            /^spoke CIDR 10\.2\.0\.0\/26 is too small for 2 AZs: .*a \/27 workload subnet holding its 12 interface endpoints \+ the 5 addresses AWS reserves.*smallest CIDR that fits is a \/25/,
        );
        // The same services in a /25 fit.
        assert.deepStrictEqual(layoutErrors(distributed.replace("10.2.0.0/26", "10.2.0.0/25")), []);
        // Every problem in one run: the spoke and a hub whose raised quota it cannot hold.
        assert.deepStrictEqual(layoutErrors(raiseTop(distributed, 60)).map((d) => d.path).sort(), ["network.hub.cidr", "spokes[1].cidr"]);
    });
});
