import * as assert from "assert";
import { CentralEndpoints, cidrsWithinRuleQuota, endpointIngressRules, environmentCidrs, interfaceEndpointSpecs, portSets } from "../../components/central-endpoints";
import { aggregate as aggregateCidrs, withoutContained } from "../../definition/cidr";
import { interfaceEndpointPolicy } from "../../perimeter/endpoint-policies";
import { orgDefinition } from "./fixtures";
import { record, valueOf } from "../support/recording-mocks";

const SMTP_PORTS = [25, 465, 587, 2465, 2587];
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const SG = "aws:ec2/securityGroup:SecurityGroup";

describe("services: CentralEndpoints", () => {
    const definition = orgDefinition();

    describe("interfaceEndpointSpecs (catalog quirks)", () => {
        const specs = interfaceEndpointSpecs(definition, definition.network.endpoints.services, {
            privateDns: true,
            gatewayEndpointServices: ["s3"],
            inboundOnlyDns: true,
        });
        const spec = (service: string) => specs.find((s) => s.service === service)!;

        it("builds the Region's service name", () => {
            assert.strictEqual(spec("ssm").serviceName, "com.amazonaws.us-east-1.ssm");
            assert.strictEqual(spec("ecr.dkr").serviceName, "com.amazonaws.us-east-1.ecr.dkr");
        });

        it("gives restricted services the perimeter library's policy, as JSON", () => {
            assert.strictEqual(spec("ssm").policy, JSON.stringify(interfaceEndpointPolicy(definition, "ssm")));
            assert.ok(JSON.parse(spec("kms").policy!).Statement.length > 0);
        });

        it("gives full-access-only (neptune-graph) and policy-less (email-smtp) services no custom policy", () => {
            assert.strictEqual(spec("neptune-graph").policy, undefined);
            assert.strictEqual(spec("email-smtp").policy, undefined);
        });

        it("admits the SMTP ports for email-smtp and 443 for the others", () => {
            assert.deepStrictEqual(spec("email-smtp").ports, SMTP_PORTS);
            assert.deepStrictEqual(spec("ssm").ports, [443]);
        });

        it("makes the hub's S3 endpoint answer only on-premises clients when the VPC has the S3 gateway endpoint", () => {
            assert.strictEqual(spec("s3").privateDnsEnabled, true);
            assert.strictEqual(spec("s3").privateDnsOnlyForInboundResolverEndpoint, true);
            assert.strictEqual(spec("ssm").privateDnsOnlyForInboundResolverEndpoint, false);
        });

        it("keeps S3's inbound-only private DNS even when hosted zones replace private DNS for the others", () => {
            const hz = interfaceEndpointSpecs(definition, ["ssm", "s3"], { privateDns: false, gatewayEndpointServices: ["s3"], inboundOnlyDns: true });
            assert.deepStrictEqual(
                hz.map((s) => [s.service, s.privateDnsEnabled, s.privateDnsOnlyForInboundResolverEndpoint]),
                [
                    ["ssm", false, false],
                    ["s3", true, true],
                ],
            );
        });

        it("in a spoke with its S3 gateway endpoint, turns the S3 interface endpoint's private DNS off", () => {
            const spoke = interfaceEndpointSpecs(definition, ["s3"], { privateDns: true, gatewayEndpointServices: ["s3"], inboundOnlyDns: false });
            assert.strictEqual(spoke[0].privateDnsEnabled, false);
            assert.strictEqual(spoke[0].privateDnsOnlyForInboundResolverEndpoint, false);
        });

        it("without a gateway endpoint the S3 interface endpoint is an ordinary one (AWS would refuse the option)", () => {
            const alone = interfaceEndpointSpecs(definition, ["s3"], { privateDns: true, gatewayEndpointServices: [], inboundOnlyDns: true });
            assert.strictEqual(alone[0].privateDnsEnabled, true);
            assert.strictEqual(alone[0].privateDnsOnlyForInboundResolverEndpoint, false);
        });

        it("refuses a service that is not in the catalog, naming it", () => {
            assert.throws(() => interfaceEndpointSpecs(definition, ["not-a-service"], { privateDns: true, gatewayEndpointServices: [], inboundOnlyDns: true }), /"not-a-service" is not in the service catalog/);
        });

        it("groups services by port set", () => {
            assert.deepStrictEqual(portSets(specs), [[443], SMTP_PORTS]);
        });
    });

    describe("environment CIDRs", () => {
        it("admits the hub, every spoke and on-premises", () => {
            // Hub 10.0.0.0/20; spokes 10.16/16, 10.17/16, 10.18/16; on-premises 172.16/12.
            assert.deepStrictEqual(environmentCidrs(definition), ["10.0.0.0/20", "10.16.0.0/16", "10.17.0.0/16", "10.18.0.0/16", "172.16.0.0/12"]);
        });

        it("drops duplicates and ranges held by another", () => {
            assert.deepStrictEqual(withoutContained(["10.1.0.0/16", "10.0.0.0/8", "10.0.0.0/8", "192.168.1.0/24"]), ["10.0.0.0/8", "192.168.1.0/24"]);
        });

        it("merges only when the rules would exceed the security group quota", () => {
            const spokes = Array.from({ length: 61 }, (_v, i) => `10.${i}.0.0/16`);
            assert.deepStrictEqual(cidrsWithinRuleQuota(spokes.slice(0, 60), 1), spokes.slice(0, 60));
            // 10.0-10.60: the same addresses in five rules.
            assert.deepStrictEqual(cidrsWithinRuleQuota(spokes, 1), ["10.0.0.0/11", "10.32.0.0/12", "10.48.0.0/13", "10.56.0.0/14", "10.60.0.0/16"]);
            // SMTP: 5 ports × 13 CIDRs = 65 rules > 60.
            assert.deepStrictEqual(cidrsWithinRuleQuota(spokes.slice(0, 13), 5), ["10.0.0.0/13", "10.8.0.0/14", "10.12.0.0/16"]);
        });

        it("uses a domain's summary blocks instead of its spokes when it declares them", () => {
            const d = orgDefinition();
            d.network.transitGateway.domains.prod.cidrs = ["10.16.0.0/13"];
            assert.deepStrictEqual(environmentCidrs(d), ["10.0.0.0/20", "10.16.0.0/13", "172.16.0.0/12"]);
        });

        it("merges many adjacent spokes into few rules", () => {
            const blocks = Array.from({ length: 256 }, (_v, i) => `10.${i}.0.0/16`);
            assert.deepStrictEqual(aggregateCidrs(blocks), ["10.0.0.0/8"]);
        });

        it("never opens an endpoint to 0.0.0.0/0", () => {
            assert.throws(() => endpointIngressRules([443], ["10.0.0.0/8", "0.0.0.0/0"]), /refusing to admit 0\.0\.0\.0\/0/);
            assert.throws(() => endpointIngressRules([443], []), /no CIDRs/);
        });
    });

    describe("component (under mocks)", () => {
        it("creates one interface endpoint per service across the given subnets, with private DNS and the catalog's quirks", async () => {
            let component!: CentralEndpoints;
            const { mocks } = await record(() => {
                component = new CentralEndpoints("test-endpoints", {
                    definition,
                    vpcId: "vpc-hub",
                    subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
                    gatewayRouteTableIds: ["rtb-1"],
                });
            });
            const interfaces = mocks.ofType(ENDPOINT).filter((r) => r.inputs.vpcEndpointType === "Interface");
            assert.deepStrictEqual(
                interfaces.map((r) => r.name).sort(),
                definition.network.endpoints.services.map((s) => `test-endpoints-${s}`).sort(),
            );
            for (const endpoint of interfaces) {
                assert.deepStrictEqual(endpoint.inputs.subnetIds, ["subnet-a", "subnet-b", "subnet-c"]);
                assert.strictEqual(endpoint.inputs.privateDnsEnabled, true);
                assert.strictEqual(endpoint.inputs.securityGroupIds.length, 1);
            }
            const s3 = mocks.named("test-endpoints-s3");
            assert.deepStrictEqual(s3.inputs.dnsOptions, { privateDnsOnlyForInboundResolverEndpoint: true });
            assert.strictEqual(mocks.named("test-endpoints-ssm").inputs.dnsOptions, undefined);
            assert.strictEqual(mocks.named("test-endpoints-neptune-graph").inputs.policy, undefined, "neptune-graph takes only the full-access policy");
            assert.strictEqual(mocks.named("test-endpoints-ssm").inputs.policy, JSON.stringify(interfaceEndpointPolicy(definition, "ssm")));

            // The S3 gateway endpoint the inbound-only option needs, on the VPC's route tables.
            const gateway = mocks.named("test-endpoints-s3-gateway");
            assert.strictEqual(gateway.inputs.vpcEndpointType, "Gateway");
            assert.deepStrictEqual(gateway.inputs.routeTableIds, ["rtb-1"]);
            assert.ok(gateway.inputs.policy, "gateway endpoint has a perimeter policy");

            // Children are parented to the component.
            assert.match(await valueOf(component.endpoints["ssm"].urn), /landing-zone:endpoints:CentralEndpoints\$aws:ec2\/vpcEndpoint:VpcEndpoint::test-endpoints-ssm$/);
            assert.strictEqual(await valueOf(component.endpointArns["ssm"]), "arn:aws:mock:us-east-1:111111111111:test-endpoints-ssm");
            assert.deepStrictEqual(await valueOf(component.dnsEntries["ssm"]), { dnsName: "vpce-test-endpoints-ssm.us-east-1.vpce.amazonaws.com", hostedZoneId: "Z7HUB22UULQXV" });
        });

        it("has one security group per port set, admitting only those ports from the environment's CIDRs, no egress", async () => {
            const { mocks } = await record(() => {
                new CentralEndpoints("test-endpoints", { definition, vpcId: "vpc-hub", subnetIds: ["subnet-a"] });
            });
            const groups = mocks.ofType(SG);
            assert.deepStrictEqual(groups.map((g) => g.name).sort(), ["test-endpoints-sg-25-465-587-2465-2587", "test-endpoints-sg-443"]);
            const cidrs = environmentCidrs(definition);
            for (const group of groups) {
                const expectedPorts = group.name.endsWith("-443") ? [443] : SMTP_PORTS;
                assert.deepStrictEqual(group.inputs.ingress.map((r: any) => [r.protocol, r.fromPort, r.toPort]), expectedPorts.map((p) => ["tcp", p, p]));
                for (const rule of group.inputs.ingress) {
                    assert.deepStrictEqual(rule.cidrBlocks, cidrs);
                    assert.ok(!rule.cidrBlocks.includes("0.0.0.0/0"));
                }
                assert.deepStrictEqual(group.inputs.egress, []);
            }
            const smtp = mocks.named("test-endpoints-email-smtp");
            assert.deepStrictEqual(smtp.inputs.securityGroupIds, ["test-endpoints-sg-25-465-587-2465-2587-id"]);
            assert.strictEqual(mocks.ofType(ENDPOINT).filter((r) => r.inputs.vpcEndpointType === "Gateway").length, 0, "no gateway endpoint without route tables");
            assert.strictEqual(mocks.named("test-endpoints-s3").inputs.dnsOptions, undefined, "no inbound-only option without a gateway endpoint");
        });

        it("turns private DNS off when asked (hosted zones replace it)", async () => {
            const { mocks } = await record(() => {
                new CentralEndpoints("hz", { definition, services: ["ssm", "kms"], vpcId: "vpc-hub", subnetIds: ["subnet-a"], privateDns: false });
            });
            assert.deepStrictEqual(mocks.ofType(ENDPOINT).map((e) => e.inputs.privateDnsEnabled), [false, false]);
        });
    });
});
