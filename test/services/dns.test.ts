import * as assert from "assert";
import { DnsProfile, route53Name, sharePrincipals } from "../../components/dns-profile";
import { HybridDns, inboundResolverIngress, resolverIpAddresses } from "../../components/hybrid-dns";
import { ServiceHostedZones, ZoneAuthorizations, recordName, serviceZoneSpecs } from "../../components/hosted-zones";
import { SpokeDns } from "../../components/spoke-dns";
import { orgDefinition } from "./fixtures";
import { record } from "../support/recording-mocks";

const T = {
    profile: "aws:route53/profilesProfile:ProfilesProfile",
    resourceAssociation: "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation",
    association: "aws:route53/profilesAssociation:ProfilesAssociation",
    share: "aws:ram/resourceShare:ResourceShare",
    shareResource: "aws:ram/resourceAssociation:ResourceAssociation",
    sharePrincipal: "aws:ram/principalAssociation:PrincipalAssociation",
    zone: "aws:route53/zone:Zone",
    record: "aws:route53/record:Record",
    authorization: "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
    zoneAssociation: "aws:route53/zoneAssociation:ZoneAssociation",
    resolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
    rule: "aws:route53/resolverRule:ResolverRule",
    ruleAssociation: "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
    sg: "aws:ec2/securityGroup:SecurityGroup",
};

describe("services: DNS components", () => {
    describe("sharePrincipals", () => {
        it("shares with the whole organization by default", () => {
            assert.deepStrictEqual(sharePrincipals(orgDefinition(), undefined), { organization: "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5" });
        });
        it("shares with each named OU", () => {
            assert.deepStrictEqual(sharePrincipals(orgDefinition(), ["prod"]), { prod: "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-prod0001" });
        });
        it("shares with nobody without an organization", () => {
            const d = orgDefinition();
            delete (d as { organization?: unknown }).organization;
            assert.deepStrictEqual(sharePrincipals(d, undefined), {});
        });
        it("makes names Route 53 accepts (no dots)", () => {
            assert.strictEqual(route53Name("endpoint-ecr.dkr"), "endpoint-ecr-dkr");
        });
    });

    describe("DnsProfile", () => {
        it("associates every endpoint, zone and rule by ARN, the hub VPC, and shares through RAM to the OUs only", async () => {
            const { mocks } = await record(() => {
                new DnsProfile("test-profile", {
                    endpointArns: { ssm: "arn:ssm", "ecr.dkr": "arn:ecr", kms: "arn:kms" },
                    hostedZoneArns: { "internal.example.com": "arn:zone" },
                    resolverRuleArns: { "corp.example.com": "arn:rule" },
                    sharePrincipals: sharePrincipals(orgDefinition(), ["prod", "dev"]),
                    vpcIds: { hub: "vpc-hub" },
                });
            });
            assert.strictEqual(mocks.ofType(T.profile).length, 1);
            const byArn = mocks.ofType(T.resourceAssociation).map((r) => r.inputs.resourceArn).sort();
            assert.deepStrictEqual(byArn, ["arn:ecr", "arn:kms", "arn:rule", "arn:ssm", "arn:zone"]);
            for (const r of mocks.ofType(T.resourceAssociation)) {
                assert.strictEqual(r.inputs.profileId, "test-profile-profile-id");
                assert.match(r.inputs.name, /^[A-Za-z0-9_-]+$/);
            }
            assert.deepStrictEqual(mocks.ofType(T.association).map((a) => a.inputs.resourceId), ["vpc-hub"]);
            const [share] = mocks.ofType(T.share);
            assert.strictEqual(share.inputs.allowExternalPrincipals, false);
            assert.deepStrictEqual(mocks.ofType(T.shareResource).map((r) => r.inputs.resourceArn), ["arn:aws:mock:us-east-1:111111111111:test-profile-profile"]);
            assert.deepStrictEqual(mocks.ofType(T.sharePrincipal).map((p) => p.inputs.principal).sort(), [
                "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-dev00001",
                "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-prod0001",
            ]);
            assert.ok(mocks.resources.filter((r) => r.custom).every((r) => r.name.startsWith("test-profile-")), "children named after the component");
        });

        it("creates no RAM share without principals (no organization)", async () => {
            const { mocks } = await record(() => {
                new DnsProfile("solo", { endpointArns: { ssm: "arn:ssm" } });
            });
            assert.strictEqual(mocks.ofType(T.share).length, 0);
            assert.strictEqual(mocks.ofType(T.sharePrincipal).length, 0);
        });
    });

    describe("SpokeDns", () => {
        it("profile mode: exactly one Profile association for the VPC", async () => {
            const { mocks } = await record(() => {
                new SpokeDns("app", { vpcId: "vpc-app", profileId: "rp-1" });
            });
            const custom = mocks.resources.filter((r) => r.custom);
            assert.deepStrictEqual(custom.map((r) => [r.type, r.inputs.profileId, r.inputs.resourceId]), [[T.association, "rp-1", "vpc-app"]]);
        });

        it("hosted-zones mode: one association per zone and per rule", async () => {
            const { mocks } = await record(() => {
                new SpokeDns("app", { vpcId: "vpc-app", hostedZoneIds: { "ssm.us-east-1.amazonaws.com": "Z1", "kms.us-east-1.amazonaws.com": "Z2" }, resolverRuleIds: { "corp.example.com": "rslvr-rr-1" } });
            });
            assert.deepStrictEqual(mocks.ofType(T.zoneAssociation).map((z) => [z.inputs.zoneId, z.inputs.vpcId]).sort(), [["Z1", "vpc-app"], ["Z2", "vpc-app"]]);
            assert.deepStrictEqual(mocks.ofType(T.ruleAssociation).map((r) => [r.inputs.resolverRuleId, r.inputs.vpcId]), [["rslvr-rr-1", "vpc-app"]]);
            assert.strictEqual(mocks.ofType(T.association).length, 0);
        });
    });

    describe("hosted zones", () => {
        it("takes zones and records from the catalog; S3 gets none (it keeps inbound-only private DNS)", () => {
            const specs = serviceZoneSpecs("us-east-1", ["ssm", "ecr.dkr", "s3"]);
            assert.deepStrictEqual(specs, [
                { service: "ssm", zone: "ssm.us-east-1.amazonaws.com", records: [""] },
                { service: "ecr.dkr", zone: "dkr.ecr.us-east-1.amazonaws.com", records: ["", "*"] },
            ]);
            assert.strictEqual(recordName("dkr.ecr.us-east-1.amazonaws.com", "*"), "*.dkr.ecr.us-east-1.amazonaws.com");
        });

        it("refuses a service whose names have no zone of their own, with the catalog's reason", () => {
            assert.throws(() => serviceZoneSpecs("us-east-1", ["ecs-agent"]), /"ecs-agent" cannot be served by private hosted zones: .*no zone of their own/);
        });

        it("creates the zones on the hub VPC with alias records (apex and wildcard) to the endpoints", async () => {
            const zones = serviceZoneSpecs("us-east-1", ["ssm", "ecr.dkr"]);
            const { mocks } = await record(() => {
                new ServiceHostedZones("test-zones", {
                    zones,
                    vpcId: "vpc-hub",
                    targets: {
                        ssm: { dnsName: "vpce-1.ssm.us-east-1.vpce.amazonaws.com", hostedZoneId: "Z7HUB" },
                        "ecr.dkr": { dnsName: "vpce-2.dkr.ecr.us-east-1.vpce.amazonaws.com", hostedZoneId: "Z7HUB" },
                    },
                });
            });
            assert.deepStrictEqual(mocks.ofType(T.zone).map((z) => [z.inputs.name, z.inputs.vpcs]).sort(), [
                ["dkr.ecr.us-east-1.amazonaws.com", [{ vpcId: "vpc-hub" }]],
                ["ssm.us-east-1.amazonaws.com", [{ vpcId: "vpc-hub" }]],
            ]);
            assert.deepStrictEqual(
                mocks.ofType(T.record).map((r) => [r.inputs.name, r.inputs.type, r.inputs.zoneId, r.inputs.aliases[0].name]).sort(),
                [
                    ["*.dkr.ecr.us-east-1.amazonaws.com", "A", "Z-test-zones-dkr.ecr.us-east-1.amazonaws.com", "vpce-2.dkr.ecr.us-east-1.vpce.amazonaws.com"],
                    ["dkr.ecr.us-east-1.amazonaws.com", "A", "Z-test-zones-dkr.ecr.us-east-1.amazonaws.com", "vpce-2.dkr.ecr.us-east-1.vpce.amazonaws.com"],
                    ["ssm.us-east-1.amazonaws.com", "A", "Z-test-zones-ssm.us-east-1.amazonaws.com", "vpce-1.ssm.us-east-1.vpce.amazonaws.com"],
                ],
            );
        });

        it("authorizes one VPC per zone", async () => {
            const { mocks } = await record(() => {
                new ZoneAuthorizations("auth", { zoneIds: { a: "Z1", b: "Z2" }, vpcId: "vpc-app", vpcRegion: "us-east-1" });
            });
            assert.deepStrictEqual(mocks.ofType(T.authorization).map((a) => [a.inputs.zoneId, a.inputs.vpcId, a.inputs.vpcRegion]).sort(), [
                ["Z1", "vpc-app", "us-east-1"],
                ["Z2", "vpc-app", "us-east-1"],
            ]);
        });
    });

    describe("HybridDns", () => {
        it("admits DNS (53 TCP and UDP) on the inbound endpoint from on-premises CIDRs only", () => {
            assert.deepStrictEqual(
                inboundResolverIngress(["172.16.0.0/12"]).map((r) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks]),
                [
                    ["tcp", 53, 53, ["172.16.0.0/12"]],
                    ["udp", 53, 53, ["172.16.0.0/12"]],
                ],
            );
            assert.throws(() => inboundResolverIngress([]), /onPremises.cidrs is empty/);
            assert.throws(() => inboundResolverIngress(["0.0.0.0/0"]), /refusing/);
        });

        it("asks for two ENIs even with one subnet", () => {
            assert.deepStrictEqual(resolverIpAddresses(["s-1"]), [{ subnetId: "s-1" }, { subnetId: "s-1" }]);
            assert.deepStrictEqual(resolverIpAddresses(["s-1", "s-2", "s-3"]).length, 3);
        });

        it("builds inbound and outbound endpoints and a FORWARD rule per domain, shared and associated when asked", async () => {
            const d = orgDefinition({ sharing: "hosted-zones" });
            let hybrid!: HybridDns;
            const { mocks } = await record(() => {
                hybrid = new HybridDns("test-dns", {
                    vpcId: "vpc-hub",
                    subnetIds: ["s-1", "s-2"],
                    inbound: true,
                    onPremisesCidrs: d.network.dns.onPremises.cidrs,
                    forwardedDomains: d.network.dns.onPremises.forwardedDomains,
                    ruleSharePrincipals: sharePrincipals(d, undefined),
                    ruleVpcIds: { hub: "vpc-hub" },
                });
            });
            assert.deepStrictEqual(mocks.ofType(T.resolverEndpoint).map((e) => [e.inputs.direction, e.inputs.ipAddresses.length]).sort(), [
                ["INBOUND", 2],
                ["OUTBOUND", 2],
            ]);
            const inboundSg = mocks.named("test-dns-inbound-sg");
            assert.deepStrictEqual(inboundSg.inputs.ingress.map((r: any) => [r.protocol, r.fromPort, r.cidrBlocks]), [
                ["tcp", 53, ["172.16.0.0/12"]],
                ["udp", 53, ["172.16.0.0/12"]],
            ]);
            const outboundSg = mocks.named("test-dns-outbound-sg");
            assert.deepStrictEqual(outboundSg.inputs.ingress, []);
            assert.deepStrictEqual(outboundSg.inputs.egress[0].cidrBlocks, ["172.16.0.10/32", "172.16.0.11/32", "172.16.0.20/32"]);
            assert.deepStrictEqual(mocks.ofType(T.rule).map((r) => [r.inputs.domainName, r.inputs.ruleType, r.inputs.targetIps.map((t: any) => t.ip)]).sort(), [
                ["ad.example.com", "FORWARD", ["172.16.0.20"]],
                ["corp.example.com", "FORWARD", ["172.16.0.10", "172.16.0.11"]],
            ]);
            assert.deepStrictEqual(mocks.ofType(T.ruleAssociation).map((a) => a.inputs.vpcId), ["vpc-hub", "vpc-hub"]);
            assert.strictEqual(mocks.ofType(T.share)[0].inputs.allowExternalPrincipals, false);
            assert.strictEqual(mocks.ofType(T.shareResource).length, 2);
            assert.deepStrictEqual(Object.keys(hybrid.resolverRuleIds).sort(), ["ad.example.com", "corp.example.com"]);
        });

        it("builds no outbound endpoint without forwarded domains", async () => {
            const { mocks } = await record(() => {
                new HybridDns("in-only", { vpcId: "vpc-hub", subnetIds: ["s-1", "s-2"], inbound: true, onPremisesCidrs: ["192.168.0.0/16"] });
            });
            assert.deepStrictEqual(mocks.ofType(T.resolverEndpoint).map((e) => e.inputs.direction), ["INBOUND"]);
            assert.strictEqual(mocks.ofType(T.rule).length, 0);
        });
    });
});
