/**
 * Governance across Regions: every hub Region (network.regions) is governed like the home
 * Region — each governed account's forwarders and Config rule, and the security account's
 * dead-letter queue, in each of them — besides the failover Regions.
 */
import * as assert from "assert";
import { hubRegions } from "../../definition/regions";
import { Definition } from "../../definition/schema";
import { buildDetectiveControls, governedAccounts, governedRegions } from "../../program/privatelink-governance";
import { Recorded, contextFor, record } from "../support/recording-mocks";
import { prodLike } from "./definitions";

const regionOf = (r: Recorded): string => r.inputs.region ?? "us-east-1";

function withHubIn(definition: Definition, ...regions: string[]): Definition {
    const extra = Object.fromEntries(regions.map((region, i) => [region, { hub: { cidr: `10.${200 + i}.0.0/20`, availabilityZones: 2 }, transitGateway: { asn: 64600 + i } }]));
    return { ...definition, network: { ...definition.network, regions: extra as Definition["network"]["regions"] } };
}

describe("privatelink detective controls: every hub Region", () => {
    it("governs each hub Region, home first, with the failover Regions, each once", () => {
        const d = withHubIn(prodLike(), "eu-west-1", "ap-southeast-2");
        assert.deepStrictEqual(governedRegions(d), ["us-east-1", ...hubRegions(d).slice(1).map((h) => h.region).sort()]);
        for (const hub of hubRegions(d)) assert.ok(governedRegions(d).includes(hub.region));
        const both = withHubIn(
            prodLike({ endpointServices: [{ name: "svc", spoke: "payments-prod", consumers: [], failover: { region: "eu-west-1", zone: "svc.example.internal", provider: { vpcId: "vpc-0aaaaaaaaaaaaaaa1", subnetIds: ["subnet-0aaaaaaaaaaaaaaa1"], targets: ["10.116.0.10"] }, consumers: [] } }] }),
            "eu-west-1",
        );
        assert.deepStrictEqual(governedRegions(both), ["us-east-1", "eu-west-1"]);
    });

    it("builds each governed account's forwarding rules, its Config rule and a dead-letter queue in the second hub Region", async () => {
        const d = withHubIn(prodLike(), "eu-west-1");
        const run = await record(() => buildDetectiveControls(contextFor(d, { singleGraph: true })));
        const inEu = (type: string) => run.mocks.ofType(type).filter((r) => regionOf(r) === "eu-west-1");
        const forwarding = inEu("aws:cloudwatch/eventRule:EventRule").filter((r) => r.inputs.eventBusName === undefined);
        assert.strictEqual(forwarding.length, governedAccounts(d).length * 3, "three forwarding rules per governed account");
        assert.strictEqual(inEu("aws:cfg/rule:Rule").length, governedAccounts(d).length, "one Config rule per governed account");
        assert.ok(inEu("aws:sqs/queue:Queue").length > 0, "a dead-letter queue in the Region");
    });
});
