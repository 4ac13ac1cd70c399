import * as assert from "assert";
import { blackholeCidrs, domainCidrs, domainsReaching, internalSummaries, onPremisesRoutes, ramPrincipals } from "../../network/domains";
import { sampleDefinition } from "./definitions";

describe("network/domains (pure)", () => {
    const d = sampleDefinition();

    it("propagates a domain's attachments into the tables of exactly the domains that reach it", () => {
        assert.deepStrictEqual(domainsReaching(d, "prod"), ["shared", "prod", "onprem"]);
        assert.deepStrictEqual(domainsReaching(d, "nonprod"), ["shared", "nonprod"]);
        assert.deepStrictEqual(domainsReaching(d, "isolated"), ["shared"]);
        assert.deepStrictEqual(domainsReaching(d, "shared"), ["prod", "nonprod", "isolated", "onprem"]);
    });

    it("uses a domain's summaries, plus spoke CIDRs no summary covers, as its address space", () => {
        assert.deepStrictEqual(domainCidrs(d, "prod"), ["10.16.0.0/13"]);
        assert.deepStrictEqual(domainCidrs(d, "isolated"), ["10.48.0.0/20", "10.48.16.0/20"]);
        const stray = sampleDefinition();
        stray.spokes.push({ name: "odd", account: "acct-a", cidr: "10.99.0.0/16", domain: "prod", internet: "none", gatewayEndpoints: [] });
        assert.deepStrictEqual(domainCidrs(stray, "prod"), ["10.16.0.0/13", "10.99.0.0/16"]);
        assert.deepStrictEqual(domainCidrs(d, "shared"), ["10.0.0.0/20"]);
        // shared is a domain like any other: its spokes are part of its address space.
        const withSharedSpoke = sampleDefinition();
        withSharedSpoke.spokes.push({ name: "tools", account: "acct-a", cidr: "10.8.0.0/16", domain: "shared", internet: "none", gatewayEndpoints: [] });
        assert.deepStrictEqual(domainCidrs(withSharedSpoke, "shared"), ["10.0.0.0/20", "10.8.0.0/16"]);
        withSharedSpoke.network.transitGateway.domains.shared.cidrs = ["10.0.0.0/12"];
        assert.deepStrictEqual(domainCidrs(withSharedSpoke, "shared"), ["10.0.0.0/12"]);
        assert.deepStrictEqual(domainCidrs(d, "onprem"), ["172.16.0.0/12"]);
    });

    it("blackholes every domain not reached, itself included unless it reaches itself", () => {
        assert.deepStrictEqual(blackholeCidrs(d, "prod"), ["10.32.0.0/13", "10.48.0.0/20", "10.48.16.0/20"]);
        assert.deepStrictEqual(blackholeCidrs(d, "nonprod"), ["10.16.0.0/13", "10.48.0.0/20", "10.48.16.0/20", "172.16.0.0/12"]);
        assert.deepStrictEqual(blackholeCidrs(d, "isolated"), ["10.16.0.0/13", "10.32.0.0/13", "10.48.0.0/20", "10.48.16.0/20", "172.16.0.0/12"]);
        assert.deepStrictEqual(blackholeCidrs(d, "onprem"), ["10.32.0.0/13", "10.48.0.0/20", "10.48.16.0/20", "172.16.0.0/12"]);
        assert.deepStrictEqual(blackholeCidrs(d, "shared"), ["10.0.0.0/20"]);
    });

    it("blackholes shared's spokes (and the hub) in every table that does not reach shared", () => {
        const withSharedSpoke = sampleDefinition();
        withSharedSpoke.spokes.push({ name: "tools", account: "acct-a", cidr: "10.8.0.0/16", domain: "shared", internet: "none", gatewayEndpoints: [] });
        withSharedSpoke.network.transitGateway.domains.isolated.reaches = [];
        withSharedSpoke.network.transitGateway.domains.shared.reaches = ["prod", "nonprod", "onprem"];
        assert.ok(blackholeCidrs(withSharedSpoke, "isolated").includes("10.0.0.0/20"));
        assert.ok(blackholeCidrs(withSharedSpoke, "isolated").includes("10.8.0.0/16"));
        assert.ok(!blackholeCidrs(withSharedSpoke, "prod").includes("10.8.0.0/16"));
        // shared does not reach itself: the hub and tools cannot talk, its own table drops it.
        assert.deepStrictEqual(blackholeCidrs(withSharedSpoke, "shared").filter((c) => c.startsWith("10.0.") || c.startsWith("10.8.")), ["10.0.0.0/20", "10.8.0.0/16"]);
    });

    it("never blackholes a range inside one the domain reaches; a broader one is kept (reached routes are more specific)", () => {
        const inside = sampleDefinition();
        // An (invalid) nonprod summary inside prod's: prod must not blackhole it, or it would cut prod → prod.
        inside.network.transitGateway.domains.nonprod.cidrs = ["10.16.0.0/16"];
        assert.ok(!blackholeCidrs(inside, "prod").includes("10.16.0.0/16"));
        assert.ok(blackholeCidrs(inside, "isolated").includes("10.16.0.0/16"));
        const wide = sampleDefinition();
        wide.network.transitGateway.domains.nonprod.cidrs = ["10.32.0.0/11"];
        assert.ok(blackholeCidrs(wide, "prod").includes("10.32.0.0/11"));
    });

    it("routes on-premises ranges only in domains that reach onprem, and only with a connection", () => {
        assert.deepStrictEqual(onPremisesRoutes(d, "prod"), ["172.16.0.0/12"]);
        assert.deepStrictEqual(onPremisesRoutes(d, "nonprod"), []);
        const unconnected = sampleDefinition();
        delete unconnected.network.transitGateway.onPremises;
        assert.deepStrictEqual(onPremisesRoutes(unconnected, "prod"), []);
    });

    it("summarizes the environment for VPC route tables into private blocks, whatever the spoke count", () => {
        assert.deepStrictEqual(internalSummaries(d), ["10.0.0.0/8", "172.16.0.0/12"]);
        const many = sampleDefinition();
        for (let i = 0; i < 50; i++) many.spokes.push({ name: `s${i}`, account: "acct-b", cidr: `10.${100 + i}.0.0/16`, domain: "nonprod", internet: "none", gatewayEndpoints: [] });
        assert.deepStrictEqual(internalSummaries(many), internalSummaries(d));
        const cgnat = sampleDefinition();
        cgnat.spokes.push({ name: "cg", account: "acct-b", cidr: "100.64.0.0/16", domain: "nonprod", internet: "none", gatewayEndpoints: [] });
        cgnat.spokes.push({ name: "pub", account: "acct-b", cidr: "52.0.0.0/16", domain: "nonprod", internet: "none", gatewayEndpoints: [] });
        assert.deepStrictEqual(internalSummaries(cgnat), ["10.0.0.0/8", "52.0.0.0/16", "100.64.0.0/10", "172.16.0.0/12"]);
    });

    it("builds RAM principal ARNs for the organization or each OU", () => {
        assert.deepStrictEqual(ramPrincipals(d, undefined), ["arn:aws:organizations::100000000001:organization/o-a1b2c3d4e5"]);
        assert.deepStrictEqual(ramPrincipals(d, ["nonprod"]), ["arn:aws:organizations::100000000001:ou/o-a1b2c3d4e5/ou-ab12-nprd0001"]);
        assert.throws(() => ramPrincipals(d, ["nope"]), /"nope" is not in organization.units \(prod, nonprod\)/);
        const single = sampleDefinition();
        delete single.organization;
        assert.deepStrictEqual(ramPrincipals(single, ["prod"]), []);
    });
});
