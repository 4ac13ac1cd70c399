/**
 * How private hosted zones keep following the VPC they serve when that VPC is replaced (a hub
 * CIDR change; a failover owner's CIDR change): components/hosted-zones.ts
 * `planHubAssociations` decides from the previous run's record, and the components register
 * the association as an `aws.route53.ZoneAssociation` that adopts (`import`) the association
 * the zone was created with, goes with the zone (`deletedWith`) and is replaced with the VPC.
 * Expectations come from aws/route53-zone-associations.ts.
 */
import { strict as assert } from "assert";
import { zoneAssociationFact } from "../../aws/route53-zone-associations";
import { FailoverRouting, planOwnerAssociation } from "../../components/endpoint-service";
import { failoverZoneRecordOf } from "../../program/privatelink-shared";
import { ServiceHostedZones, planHubAssociations } from "../../components/hosted-zones";
import { RegistrationOptions, runUnderMocks } from "../../tools/plan/mock-runtime";

const ZONES = ["ssm.eu-west-1.amazonaws.com", "kms.eu-west-1.amazonaws.com"];

describe("planHubAssociations: how each central zone's association with the hub is held", () => {
    it("a first deploy creates the zones associated with the hub (a private zone is created with one VPC): nothing to adopt yet", () => {
        assert.match(zoneAssociationFact("private-zone-created-with-one-vpc").statement, /only one Amazon VPC/);
        const { plans, refusal } = planHubAssociations(ZONES, {}, "10.0.0.0/22", "eu-west-1");
        assert.equal(refusal, undefined);
        assert.deepEqual(Object.values(plans), [{ mode: "created" }, { mode: "created" }]);
    });

    it("zones of an earlier run (or of a stack from before the record) adopt the association they were created with, by the provider's import id zone:vpc:region", () => {
        const { plans, refusal } = planHubAssociations(ZONES, { zoneIds: { [ZONES[0]]: "Z1", [ZONES[1]]: "Z2" }, hubVpcId: "vpc-old" }, "10.0.0.0/22", "eu-west-1");
        assert.equal(refusal, undefined);
        assert.deepEqual(plans[ZONES[0]], { mode: "adopt", importId: "Z1:vpc-old:eu-west-1" });
        assert.deepEqual(plans[ZONES[1]], { mode: "adopt", importId: "Z2:vpc-old:eu-west-1" });
    });

    it("adopted associations are held; a zone added since is created with the hub", () => {
        const { plans } = planHubAssociations(ZONES, { hubCidr: "10.0.0.0/22", zoneIds: { [ZONES[0]]: "Z1" }, hubVpcId: "vpc-1", held: [ZONES[0]] }, "10.0.0.0/22", "eu-west-1");
        assert.deepEqual(plans, { [ZONES[0]]: { mode: "held" }, [ZONES[1]]: { mode: "created" } });
    });

    it("a held association follows a hub CIDR change (the ZoneAssociation is replaced with the VPC)", () => {
        const { plans, refusal } = planHubAssociations(ZONES, { hubCidr: "10.0.0.0/22", zoneIds: { [ZONES[0]]: "Z1", [ZONES[1]]: "Z2" }, hubVpcId: "vpc-1", held: ZONES }, "10.0.8.0/22", "eu-west-1");
        assert.equal(refusal, undefined);
        assert.deepEqual(Object.values(plans), [{ mode: "held" }, { mode: "held" }]);
    });

    it("a hub CIDR change before the association is adopted is refused, naming the run to make first", () => {
        const { refusal } = planHubAssociations(ZONES, { hubCidr: "10.0.0.0/22", zoneIds: { [ZONES[0]]: "Z1", [ZONES[1]]: "Z2" }, hubVpcId: "vpc-1", held: [] }, "10.0.8.0/22", "eu-west-1");
        assert.ok(refusal);
        assert.match(refusal, /from 10\.0\.0\.0\/22 to 10\.0\.8\.0\/22/);
        assert.match(refusal, /Deploy once with hub CIDR 10\.0\.0\.0\/22/);
        assert.ok(ZONES.every((z) => refusal.includes(z)));
    });
});

describe("planOwnerAssociation: how a failover zone's association with its owner VPC is held", () => {
    const ZONE = "svc.example.internal";
    const owner = { cidr: "10.20.0.0/16", region: "eu-west-1" };
    const recorded = { zone: ZONE, zoneId: "Zf", ownerVpcId: "vpc-old", ownerCidr: "10.20.0.0/16", ownerRegion: "eu-west-1" };

    it("a first deploy creates the zone with the owner VPC; a zone of another name (replaced) too", () => {
        assert.deepEqual(planOwnerAssociation(ZONE, {}, owner), { plan: { mode: "created" } });
        assert.deepEqual(planOwnerAssociation("other.example.internal", { ...recorded, ownerAssociationHeld: true }, owner), { plan: { mode: "created" } });
    });

    it("the run after the zone is created adopts the association it was created with, by the provider's import id zone:vpc:region", () => {
        assert.deepEqual(planOwnerAssociation(ZONE, recorded, owner), { plan: { mode: "adopt", importId: "Zf:vpc-old:eu-west-1" } });
    });

    it("an adopted association is held, and follows an owner CIDR change (the ZoneAssociation is replaced with the VPC)", () => {
        const { plan, refusal } = planOwnerAssociation(ZONE, { ...recorded, ownerAssociationHeld: true }, { ...owner, cidr: "10.30.0.0/16" });
        assert.equal(refusal, undefined);
        assert.deepEqual(plan, { mode: "held" });
    });

    it("an owner VPC replaced (new CIDR, or another Region) before the association is adopted is refused, naming what to deploy first", () => {
        const cidr = planOwnerAssociation(ZONE, recorded, { ...owner, cidr: "10.30.0.0/16" }).refusal;
        assert.ok(cidr);
        assert.match(cidr, /its CIDR 10\.20\.0\.0\/16 becomes 10\.30\.0\.0\/16/);
        assert.match(cidr, /Deploy once with the owner's CIDR 10\.20\.0\.0\/16/);
        assert.ok(cidr.includes(ZONE));
        const region = planOwnerAssociation(ZONE, recorded, { ...owner, region: "eu-central-1" }).refusal;
        assert.ok(region);
        assert.match(region, /its Region eu-west-1 becomes eu-central-1/);
    });

    it("the record is read from a previous run's outputs; outputs from before it take the spoke's own vpcId, cidr and the service's Region", () => {
        assert.deepEqual(failoverZoneRecordOf(undefined), {});
        assert.deepEqual(failoverZoneRecordOf({ region: "us-east-2", serviceName: "x" }), {}, "no zone yet");
        assert.deepEqual(failoverZoneRecordOf({ ...recorded, ownerAssociationHeld: true }, { vpcId: "vpc-legacy", cidr: "10.9.0.0/16", region: "us-east-1" }), { ...recorded, ownerAssociationHeld: true });
        assert.deepEqual(failoverZoneRecordOf({ zoneId: "Zf", authorizedVpcs: [] }, { vpcId: "vpc-legacy", cidr: "10.9.0.0/16", region: "us-east-1" }), {
            zone: undefined,
            zoneId: "Zf",
            ownerVpcId: "vpc-legacy",
            ownerCidr: "10.9.0.0/16",
            ownerRegion: "us-east-1",
            ownerAssociationHeld: false,
        });
    });
});

/** Every custom registration's type, name and options, under the mock runtime. */
async function registrations(program: () => void): Promise<{ type: string; name: string; urn: string; options: RegistrationOptions; inputs: Record<string, unknown> }[]> {
    const seen: { type: string; name: string; urn: string; options: RegistrationOptions; inputs: Record<string, unknown> }[] = [];
    await runUnderMocks(
        async () => {
            program();
            return {};
        },
        {
            mocks: { call: () => ({}), newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, zoneId: `${args.name}-zone-id`, arn: `arn:${args.name}` } }) },
            stack: "zones",
            preview: false,
            onRegistration: (record, options) => {
                if (record.custom) seen.push({ type: record.type, name: record.urn.split("::").pop()!, urn: record.urn, options, inputs: record.inputs as Record<string, unknown> });
            },
        },
    );
    return seen;
}

describe("ServiceHostedZones and FailoverRouting: the association that follows a replaced VPC", () => {
    const specs = ZONES.map((zone) => ({ service: zone.split(".")[0], zone, records: [""] }));

    it("adopts (import) or holds the hub's association as a ZoneAssociation that goes with its zone; the zones keep ignoring `vpcs`", async () => {
        assert.equal(zoneAssociationFact("zone-association-create-does-not-adopt").certainty, "pessimistic");
        const seen = await registrations(() => {
            new ServiceHostedZones("z", {
                zones: specs,
                vpcId: "vpc-hub",
                hubAssociation: { region: "eu-west-1", plans: { [ZONES[0]]: { mode: "adopt", importId: "Z1:vpc-hub:eu-west-1" }, [ZONES[1]]: { mode: "held" } } },
            });
        });
        const zones = seen.filter((s) => s.type === "aws:route53/zone:Zone");
        const associations = seen.filter((s) => s.type === "aws:route53/zoneAssociation:ZoneAssociation");
        assert.equal(zones.length, 2);
        for (const z of zones) assert.deepEqual(z.options.ignoreChanges, ["vpcs"]);
        assert.deepEqual(
            associations.map((a) => [a.name, a.options.importId, a.options.deletedWith, a.inputs.vpcId, a.inputs.vpcRegion]),
            [
                [`z-${ZONES[0]}-hub`, "Z1:vpc-hub:eu-west-1", zones[0].urn, "vpc-hub", "eu-west-1"],
                [`z-${ZONES[1]}-hub`, "", zones[1].urn, "vpc-hub", "eu-west-1"],
            ],
        );
    });

    it("zones no other VPC associates with (othersAssociate: false) follow the VPC through their own `vpcs`, without a ZoneAssociation", async () => {
        const seen = await registrations(() => {
            new ServiceHostedZones("d", { zones: specs, vpcId: "vpc-hub", othersAssociate: false, hubAssociation: { region: "eu-west-1", plans: { [ZONES[0]]: { mode: "held" } } } });
        });
        for (const z of seen.filter((s) => s.type === "aws:route53/zone:Zone")) assert.deepEqual(z.options.ignoreChanges, []);
        assert.equal(seen.filter((s) => s.type === "aws:route53/zoneAssociation:ZoneAssociation").length, 0);
    });

    it("a failover zone adopts its owner VPC's association the same way", async () => {
        const seen = await registrations(() => {
            new FailoverRouting("f", {
                zoneName: "svc.example.internal",
                recordLabel: "svc",
                consumerZoneName: "consumer.example.internal",
                ownerVpcId: "vpc-owner",
                primaryRegion: "eu-west-1",
                secondaryRegion: "eu-central-1",
                clusterArn: "arn:aws:route53-recovery-control::111111111111:cluster/c",
                ownerAssociation: { mode: "adopt", importId: "Zf:vpc-owner:eu-west-1" },
            });
        });
        const zone = seen.find((s) => s.type === "aws:route53/zone:Zone")!;
        const owner = seen.find((s) => s.type === "aws:route53/zoneAssociation:ZoneAssociation")!;
        assert.deepEqual([owner.name, owner.options.importId, owner.options.deletedWith, owner.inputs.vpcId], ["f-zone-owner", "Zf:vpc-owner:eu-west-1", zone.urn, "vpc-owner"]);
        const without = await registrations(() => {
            new FailoverRouting("g", { zoneName: "svc.example.internal", recordLabel: "svc", consumerZoneName: "c.example.internal", ownerVpcId: "vpc-owner", primaryRegion: "eu-west-1", secondaryRegion: "eu-central-1", clusterArn: "arn:c" });
        });
        assert.equal(without.filter((s) => s.type === "aws:route53/zoneAssociation:ZoneAssociation").length, 0);
    });
});
