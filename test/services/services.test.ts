import * as assert from "assert";
import { privateDnsSharedWithSpokes } from "../../components/central-endpoints";
import * as pulumi from "@pulumi/pulumi";
import { centralizableServices } from "../../aws/service-catalog";
import { authorizeSpokeZones, buildCentralServices, buildSpokeServices, distributedAnswerers, hubAndSpokeConnected, profileServesSpokes } from "../../program/services";
import { contextOf, fakeCore, fakeSpoke, orgDefinition } from "./fixtures";
import { Recorded, record } from "../support/recording-mocks";

const T = {
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    resourceAssociation: "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation",
    association: "aws:route53/profilesAssociation:ProfilesAssociation",
    share: "aws:ram/resourceShare:ResourceShare",
    zone: "aws:route53/zone:Zone",
    record: "aws:route53/record:Record",
    authorization: "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
    zoneAssociation: "aws:route53/zoneAssociation:ZoneAssociation",
    ruleAssociation: "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
};

const interfaceEndpoints = (resources: Recorded[]) => resources.filter((r) => r.type === T.endpoint && r.inputs.vpcEndpointType === "Interface");

/** Services that fit every mode: centralizable and servable by hosted zones. */
function services(n: number): string[] {
    const { catalogEntry } = require("../../aws/service-catalog") as typeof import("../../aws/service-catalog");
    const usable = centralizableServices().filter((s) => !catalogEntry(s)!.hostedZonesUnsupported);
    assert.ok(usable.length >= n, `the catalog has ${usable.length} usable services, the test needs ${n}`);
    return usable.slice(0, n);
}

describe("services: program wiring", () => {
    describe("decisions", () => {
        it("a Profile serves spokes with central endpoints, or with forwarding rules; not otherwise", () => {
            assert.strictEqual(profileServesSpokes(orgDefinition()), true);
            const distributed = orgDefinition({ mode: "distributed" });
            assert.strictEqual(profileServesSpokes(distributed), true, "forwarding rules still ride the Profile");
            distributed.network.dns.onPremises.forwardedDomains = [];
            assert.strictEqual(profileServesSpokes(distributed), false);
            assert.strictEqual(profileServesSpokes(orgDefinition({ sharing: "hosted-zones" })), false);
        });

        it("distributed answers come only from spokes connected to the hub both ways, at most 100", () => {
            const d = orgDefinition({ mode: "distributed", spokes: 3 });
            // app-2 is in dev: shared reaches dev and dev reaches shared.
            assert.ok(d.spokes.every((s) => hubAndSpokeConnected(d, s)));
            d.network.transitGateway.domains.dev.reaches = [];
            assert.deepStrictEqual(distributedAnswerers(d, d.spokes.map((spoke) => ({ spoke }))).answerers.map((a) => a.spoke.name), ["app-0", "app-1"]);
            const many = orgDefinition({ mode: "distributed", spokes: 102 });
            const { answerers, dropped } = distributedAnswerers(many, many.spokes.map((spoke) => ({ spoke })));
            assert.strictEqual(answerers.length, 100);
            assert.deepStrictEqual(dropped, ["app-100", "app-101"]);
        });
    });

    describe("profile mode, centralized (unit all)", () => {
        it("hub endpoints, each in the Profile, the Profile shared, one association per spoke and the hub, no spoke endpoints", async () => {
            const d = orgDefinition({ shareWith: ["prod", "dev"] });
            const { mocks } = await record(() => {
                const ctx = contextOf(d, true);
                const central = buildCentralServices(ctx, fakeCore());
                const spokes = d.spokes.map((s) => fakeSpoke(d, s.name));
                const auth = authorizeSpokeZones(ctx, central, spokes.map((s) => ({ spoke: s.spoke, vpcId: s.vpcId })));
                for (const info of spokes) buildSpokeServices(ctx, info, { transitGatewayId: "tgw-1", ...central.outputs }, auth.dependsOn);
            });
            const endpoints = interfaceEndpoints(mocks.resources);
            assert.deepStrictEqual(endpoints.map((e) => e.inputs.vpcId), d.network.endpoints.services.map(() => "vpc-hub"));
            assert.ok(endpoints.every((e) => e.inputs.subnetIds.length === 3));
            const associated = mocks.ofType(T.resourceAssociation).map((a) => a.inputs.resourceArn);
            // Every endpoint but those whose private DNS must not reach the spokes (the inbound-only S3/DynamoDB ones, execute-api).
            const shared = endpoints.filter((e) => privateDnsSharedWithSpokes(d, e.inputs.tags["landing-zone:service"]));
            assert.ok(shared.length < endpoints.length, "the fixture has an inbound-only endpoint");
            for (const e of endpoints) {
                assert.strictEqual(associated.includes(`arn:aws:mock:us-east-1:111111111111:${e.name}`), shared.includes(e), `${e.name}: in the Profile only if every VPC may see its private DNS`);
            }
            // Plus the two forwarding rules.
            assert.strictEqual(associated.length, shared.length + 2);
            assert.deepStrictEqual(mocks.ofType(T.association).map((a) => a.inputs.resourceId).sort(), ["vpc-app-0", "vpc-app-1", "vpc-app-2", "vpc-hub"]);
            assert.strictEqual(mocks.ofType(T.share).length, 1, "the Profile's share (rules ride in the Profile)");
            assert.strictEqual(mocks.ofType(T.zone).length, 0);
        });

        it("a spoke stack's resource count does not change from 5 to 40 services", async () => {
            const spokeStack = async (n: number) => {
                const d = orgDefinition({ services: services(n) });
                const { mocks } = await record(() => {
                    buildSpokeServices(contextOf(d, false), fakeSpoke(d, "app-0"), { transitGatewayId: "tgw-1", profileId: "rp-1" }, []);
                });
                return mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
            };
            const five = await spokeStack(5);
            const forty = await spokeStack(40);
            assert.deepStrictEqual(forty.map((r) => r.type), five.map((r) => r.type));
            assert.deepStrictEqual(five.filter((r) => r.custom).map((r) => [r.type, r.inputs.profileId]), [[T.association, "rp-1"]]);
        });

        it("a spoke stack without the network's Profile id says which stack to deploy first", async () => {
            const d = orgDefinition();
            await assert.rejects(
                record(() => {
                    buildSpokeServices(contextOf(d, false), fakeSpoke(d, "app-0"), { transitGatewayId: "tgw-1" }, []);
                }),
                /needs "profileId" from stack test-network[\s\S]*pulumi up --stack test-network/,
            );
        });
    });

    describe("hosted-zones mode", () => {
        it("unit all: zones on the hub with private DNS off, one authorization per zone per spoke, spoke associations after them", async () => {
            const d = orgDefinition({ sharing: "hosted-zones", services: ["ssm", "ecr.dkr", "s3"] });
            let authorizedSpokes: pulumi.Input<string[]> = [];
            const { mocks } = await record(() => {
                const ctx = contextOf(d, true);
                const central = buildCentralServices(ctx, fakeCore());
                const spokes = d.spokes.map((s) => fakeSpoke(d, s.name));
                const auth = authorizeSpokeZones(ctx, central, spokes.map((s) => ({ spoke: s.spoke, vpcId: s.vpcId })));
                authorizedSpokes = auth.authorizedSpokes;
                for (const info of spokes) buildSpokeServices(ctx, info, { transitGatewayId: "tgw-1", ...central.outputs, authorizedSpokes: auth.authorizedSpokes }, auth.dependsOn);
            });
            const byName = Object.fromEntries(interfaceEndpoints(mocks.resources).map((e) => [e.name, e]));
            assert.strictEqual(byName["test-endpoints-ssm"].inputs.privateDnsEnabled, false);
            assert.strictEqual(byName["test-endpoints-s3"].inputs.privateDnsEnabled, true, "S3 keeps inbound-only private DNS");
            assert.deepStrictEqual(byName["test-endpoints-s3"].inputs.dnsOptions, { privateDnsOnlyForInboundResolverEndpoint: true });
            // ssm (apex) + ecr.dkr (apex + wildcard); none for s3.
            assert.deepStrictEqual(mocks.ofType(T.zone).map((z) => z.inputs.name).sort(), ["dkr.ecr.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com"]);
            assert.strictEqual(mocks.ofType(T.record).length, 3);
            assert.strictEqual(mocks.ofType(T.authorization).length, 2 * d.spokes.length);
            assert.strictEqual(mocks.ofType(T.zoneAssociation).length, 2 * d.spokes.length);
            // Rules: shared through RAM, associated with the hub and with each spoke.
            assert.strictEqual(mocks.ofType(T.ruleAssociation).length, 2 * (d.spokes.length + 1));
            assert.strictEqual(mocks.ofType(T.association).length, 0, "no Profile");
            assert.deepStrictEqual(await new Promise((resolve) => pulumi.output(authorizedSpokes).apply(resolve)), ["app-0", "app-1", "app-2"]);
        });

        it("needs no authorization for a spoke in the network account itself", async () => {
            const d = orgDefinition({ sharing: "hosted-zones", services: ["ssm"], spokes: 2 });
            d.spokes[0].account = "network";
            let authorized: pulumi.Input<string[]> = [];
            const { mocks } = await record(() => {
                const ctx = contextOf(d, true);
                const central = buildCentralServices(ctx, fakeCore());
                const spokes = d.spokes.map((s) => fakeSpoke(d, s.name));
                authorized = authorizeSpokeZones(ctx, central, spokes.map((s) => ({ spoke: s.spoke, vpcId: s.vpcId }))).authorizedSpokes;
            });
            assert.deepStrictEqual(mocks.ofType(T.authorization).map((a) => a.inputs.vpcId), ["vpc-app-1"]);
            assert.deepStrictEqual(await new Promise((resolve) => pulumi.output(authorized).apply(resolve)), ["app-0", "app-1"]);
        });

        it("per-account spoke: zone associations only once the network stack lists the spoke as authorized", async () => {
            const d = orgDefinition({ sharing: "hosted-zones", services: ["ssm", "kms"] });
            const network = { transitGatewayId: "tgw-1", hostedZoneIds: { "ssm.us-east-1.amazonaws.com": "Z1", "kms.us-east-1.amazonaws.com": "Z2" }, resolverRuleIds: { "corp.example.com": "rr-1" } };
            const { mocks: before } = await record(() => {
                buildSpokeServices(contextOf(d, false), fakeSpoke(d, "app-0"), { ...network, authorizedSpokes: ["app-1"] }, []);
            });
            assert.strictEqual(before.ofType(T.zoneAssociation).length, 0);
            assert.strictEqual(before.ofType(T.ruleAssociation).length, 1, "rules do not need the authorization");
            const { mocks: after } = await record(() => {
                buildSpokeServices(contextOf(d, false), fakeSpoke(d, "app-0"), { ...network, authorizedSpokes: ["app-0", "app-1"] }, []);
            });
            assert.deepStrictEqual(after.ofType(T.zoneAssociation).map((z) => z.inputs.zoneId).sort(), ["Z1", "Z2"]);
        });
    });

    describe("distributed mode", () => {
        it("unit all: endpoints in each spoke, none in the hub; hub zones with one weighted answer per connected spoke", async () => {
            const d = orgDefinition({ mode: "distributed", services: ["ssm", "kms"] });
            // app-2 (dev) cannot be reached from the hub: it must not answer.
            d.network.transitGateway.domains.shared.reaches = ["prod", "onprem"];
            const { mocks } = await record(() => {
                const ctx = contextOf(d, true);
                const central = buildCentralServices(ctx, fakeCore());
                const spokes = d.spokes.map((s) => fakeSpoke(d, s.name));
                const auth = authorizeSpokeZones(ctx, central, spokes.map((s) => ({ spoke: s.spoke, vpcId: s.vpcId })));
                for (const info of spokes) buildSpokeServices(ctx, info, { transitGatewayId: "tgw-1", ...central.outputs }, auth.dependsOn);
            });
            const endpoints = interfaceEndpoints(mocks.resources);
            assert.deepStrictEqual(endpoints.map((e) => e.inputs.vpcId).sort(), ["vpc-app-0", "vpc-app-0", "vpc-app-1", "vpc-app-1", "vpc-app-2", "vpc-app-2"]);
            assert.ok(endpoints.every((e) => e.inputs.privateDnsEnabled === true));
            assert.deepStrictEqual(endpoints.find((e) => e.name === "app-0-endpoints-ssm")!.inputs.subnetIds, ["subnet-app-0-0", "subnet-app-0-1", "subnet-app-0-2"]);
            const zones = mocks.ofType(T.zone);
            assert.deepStrictEqual(zones.map((z) => [z.inputs.name, z.inputs.vpcs]).sort(), [
                ["kms.us-east-1.amazonaws.com", [{ vpcId: "vpc-hub" }]],
                ["ssm.us-east-1.amazonaws.com", [{ vpcId: "vpc-hub" }]],
            ]);
            const records = mocks.ofType(T.record);
            assert.deepStrictEqual(records.map((r) => [r.inputs.name, r.inputs.setIdentifier, r.inputs.aliases[0].name]).sort(), [
                ["kms.us-east-1.amazonaws.com", "app-0", "vpce-app-0-endpoints-kms.us-east-1.vpce.amazonaws.com"],
                ["kms.us-east-1.amazonaws.com", "app-1", "vpce-app-1-endpoints-kms.us-east-1.vpce.amazonaws.com"],
                ["ssm.us-east-1.amazonaws.com", "app-0", "vpce-app-0-endpoints-ssm.us-east-1.vpce.amazonaws.com"],
                ["ssm.us-east-1.amazonaws.com", "app-1", "vpce-app-1-endpoints-ssm.us-east-1.vpce.amazonaws.com"],
            ]);
            assert.ok(records.every((r) => r.inputs.weightedRoutingPolicies[0].weight === 1));
            // Spokes still get the forwarding rules through the Profile.
            assert.deepStrictEqual(mocks.ofType(T.association).map((a) => a.inputs.resourceId).sort(), ["vpc-app-0", "vpc-app-1", "vpc-app-2", "vpc-hub"]);
            assert.strictEqual(mocks.ofType(T.resourceAssociation).length, 2, "only the two rules: the spokes' endpoints stay out of the Profile");
        });

        it("no hub zones while no connected spoke is deployed (an empty zone would break the hub's own access)", async () => {
            const d = orgDefinition({ mode: "distributed", services: ["ssm"] });
            const { mocks } = await record(() => {
                const ctx = contextOf(d, false);
                const central = buildCentralServices(ctx, fakeCore());
                authorizeSpokeZones(ctx, central, []);
            });
            assert.strictEqual(mocks.ofType(T.zone).length, 0);
            assert.strictEqual(interfaceEndpoints(mocks.resources).length, 0, "no hub endpoints in distributed mode");
        });
    });
});
