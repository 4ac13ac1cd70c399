/**
 * Endpoints, DNS and PrivateLink failover of stacks/global.yaml, planned through the real
 * program (mock runtime, unit `all`): every hub Region's interface endpoints are its own
 * services under its own names, each Region has its Profile and each spoke associates with its
 * own Region's; the failover service is served from the provider's spoke in the second Region,
 * and every consumer record points at a planned endpoint in the record's Region, connected to
 * the service of the Region its role names. Expectations are read from the definition's YAML
 * and the service catalog, not from the program's modules. (The pack's verdict on it is
 * test/network/regions-pack.process.test.ts's: judging a plan starts the pack's process.)
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlannedResource } from "../../analysis/plan-records";
import { catalogEntry } from "../../aws/service-catalog";
import { loadDefinitionText } from "../../program/load";
import { planDefinition } from "../../tools/plan/run";
import { contains } from "../../definition/cidr";

const globalText = fs.readFileSync(path.resolve(__dirname, "../../stacks/global.yaml"), "utf8");
const raw = YAML.parse(globalText) as Record<string, any>;
const home = raw.region as string;
const hubRegions: string[] = [home, ...Object.keys(raw.network.regions ?? {})];
const servicesOf = (region: string): string[] => (region === home ? raw.network.endpoints.services : raw.network.regions[region].endpoints?.services ?? raw.network.endpoints.services);
const spokeRegion = (name: string): string => raw.spokes.find((s: any) => s.name === name)?.region ?? home;

describe("endpoints, DNS and PrivateLink failover per Region (stacks/global.yaml, planned)", function () {
    this.timeout(180000);
    let res: PlannedResource[];
    before(async () => {
        const loaded = loadDefinitionText(globalText, "global.yaml");
        assert.deepStrictEqual(loaded.diagnostics.filter((d) => d.severity === "error"), []);
        const plan = await planDefinition(loaded.definition!, "all");
        res = plan.resources;
    });
    const byUrn = (urn: string) => res.find((r) => r.urn === urn)!;
    /** A resource's Region: its own `region` input, else its provider's. */
    const regionOf = (r: PlannedResource): string => (r.inputs.region as string | undefined) ?? (byUrn(r.provider ?? "")?.inputs.region as string | undefined) ?? home;
    const ofType = (type: string) => res.filter((r) => r.type === type);

    it("gives every hub Region its own services' interface endpoints, named in that Region", () => {
        const central = ofType("aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Interface" && typeof e.inputs.serviceName === "string" && (e.inputs.serviceName as string).startsWith("com.amazonaws.") && !(e.inputs.serviceName as string).startsWith("com.amazonaws.vpce."));
        for (const region of hubRegions) {
            const here = central.filter((e) => regionOf(e) === region).map((e) => e.inputs.serviceName).sort();
            assert.deepStrictEqual(here, servicesOf(region).map((s) => catalogEntry(s)!.serviceName(region)).sort(), region);
        }
    });

    it("each Region's interface endpoints admit that Region's hub and spokes and on-premises, and no other Region's spokes", () => {
        const hubCidr = (region: string): string => (region === home ? raw.network.hub.cidr : raw.network.regions[region].hub.cidr);
        for (const region of hubRegions) {
            const hubVpc = ofType("aws:ec2/vpc:Vpc").find((v) => regionOf(v) === region && v.inputs.cidrBlock === hubCidr(region))!;
            assert.ok(hubVpc, `${region} has its hub VPC`);
            const groups = ofType("aws:ec2/securityGroup:SecurityGroup").filter((g) => (g.dependencies.vpcId ?? []).includes(hubVpc.urn) && Array.isArray(g.inputs.ingress) && (g.inputs.ingress as unknown[]).length > 0);
            assert.ok(groups.length > 0, `${region}: endpoint security groups`);
            for (const g of groups) {
                const admitted = (g.inputs.ingress as { cidrBlocks?: string[] }[]).flatMap((r) => r.cidrBlocks ?? []);
                const covered = (cidr: string) => admitted.some((a) => contains(a, cidr));
                const own = [hubCidr(region), ...raw.spokes.filter((sp: any) => (sp.region ?? home) === region).map((sp: any) => sp.cidr), ...raw.network.dns.onPremises.cidrs];
                for (const cidr of own) assert.ok(covered(cidr), `${region} ${g.name} admits ${cidr}: ${admitted.join(", ")}`);
                const others = raw.spokes.filter((sp: any) => (sp.region ?? home) !== region).map((sp: any) => sp.cidr);
                for (const cidr of others) assert.ok(!covered(cidr), `${region} ${g.name} does not admit another Region's ${cidr}: ${admitted.join(", ")}`);
            }
        }
    });

    it("builds a Route 53 Profile per hub Region, each spoke associated with its own Region's", () => {
        const profiles = ofType("aws:route53/profilesProfile:ProfilesProfile");
        assert.deepStrictEqual(profiles.map(regionOf).sort(), [...hubRegions].sort());
        for (const spoke of raw.spokes) {
            const assoc = ofType("aws:route53/profilesAssociation:ProfilesAssociation").find((a) => a.name === `${spoke.name}-dns-profile`);
            assert.ok(assoc, `${spoke.name}: associated`);
            const profile = byUrn((assoc!.dependencies.profileId ?? [])[0]);
            assert.ok(profile, `${spoke.name}: the association names a planned Profile`);
            assert.strictEqual(regionOf(profile), spokeRegion(spoke.name), `${spoke.name}: its own Region's Profile`);
            assert.strictEqual(regionOf(assoc!), spokeRegion(spoke.name));
        }
    });

    it("serves each failover service from its provider spoke in the second Region", () => {
        for (const service of (raw.endpointServices ?? []).filter((s: any) => s.failover)) {
            const services = ofType("aws:ec2/vpcEndpointService:VpcEndpointService").filter((s) => s.name.startsWith(service.name));
            assert.deepStrictEqual(services.map(regionOf).sort(), [spokeRegion(service.spoke), service.failover.region].sort());
            const lb = ofType("aws:lb/loadBalancer:LoadBalancer").find((l) => regionOf(l) === service.failover.region && l.name.startsWith(service.name))!;
            assert.ok(lb, "a load balancer in the failover Region");
            const subnets = (lb.dependencies.subnets ?? lb.dependencies.subnetMappings ?? []).map(byUrn);
            assert.ok(subnets.length > 0 && subnets.every((s) => s.name.startsWith(`${service.failover.provider.spoke}-`)), `in ${service.failover.provider.spoke}'s subnets`);
        }
    });

    it("points every consumer record at a planned endpoint in the record's Region, connected to the right Region's service", () => {
        for (const service of (raw.endpointServices ?? []).filter((s: any) => s.failover)) {
            const primaryRegion = spokeRegion(service.spoke);
            const records = ofType("aws:route53/record:Record").filter((r) => r.name.startsWith(`${service.name}-`) && r.name.includes("-records-") && r.inputs.aliases);
            assert.strictEqual(records.length, 2 * service.consumers.length, "primary and secondary for each consumer VPC");
            for (const record of records) {
                const zone = byUrn((record.dependencies.zoneId ?? [])[0]);
                const zoneRegion = (zone.inputs.vpcs as any[])[0].vpcRegion as string;
                const endpoint = byUrn((record.dependencies.aliases ?? [])[0]);
                assert.ok(endpoint && endpoint.type === "aws:ec2/vpcEndpoint:VpcEndpoint", `${record.name}: targets a planned endpoint`);
                assert.strictEqual(regionOf(endpoint), zoneRegion, `${record.name}: the endpoint is in the zone's Region`);
                assert.ok(zone.dependencies.vpcs?.length, `${record.name}: its zone names its VPC`);
                assert.deepStrictEqual(endpoint.dependencies.vpcId, zone.dependencies.vpcs, `${record.name}: in the zone's VPC`);
                const target = byUrn((endpoint.dependencies.serviceName ?? [])[0]);
                const wanted = (record.inputs.name as string).startsWith("primary.") ? primaryRegion : service.failover.region;
                assert.strictEqual(regionOf(target), wanted, `${record.name}: reaches the ${wanted} service`);
            }
        }
    });
});
