/**
 * PrivateLink failover made real: with a hub in a second Region, a published service with
 * `failover` is served from the provider's spoke there (failover.provider.spoke), and each
 * consumer spoke — in either Region — builds its endpoints to both services in its own VPC.
 * The consumer zones' records must point at planned endpoints in the right Region, each
 * connected to the service its role names; the routing controls and health checks switch
 * between them. Everything is read back from what the program registered (mock runtime).
 */
import * as assert from "assert";
import * as path from "path";
import { sharedPlan } from "../support/plans";
import type { PlannedResource } from "../../analysis/plan-records";
import { Definition } from "../../definition/schema";
import { spokeRegion } from "../../definition/regions";
import { buildEndpointServices } from "../../program/privatelink";
import { consumerEndpoints, primaryRegionOf, supportedRegionsOf, synthesizePublishedServices } from "../../program/privatelink-shared";
import { Recorded, contextFor, record } from "../support/recording-mocks";
import { stackWaves } from "../../program/stack-graph";
import { prodLike, spokeMap } from "./definitions";
import { at, base, edit, expectDiagnostic, load } from "../definition/helpers";

const HOME = "us-east-1";
const EU = "eu-west-1";
const T = {
    service: "aws:ec2/vpcEndpointService:VpcEndpointService",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    record: "aws:route53/record:Record",
    zone: "aws:route53/zone:Zone",
    check: "aws:route53/healthCheck:HealthCheck",
    control: "aws:route53recoverycontrol/routingControl:RoutingControl",
    nlb: "aws:lb/loadBalancer:LoadBalancer",
    accepter: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
};

/** prod-like, with a hub in eu-west-1, the provider's failover spoke and a consumer spoke there. */
function twoRegionFailover(): Definition {
    const d = prodLike({
        endpointServices: [
            {
                name: "payments-api",
                spoke: "payments-prod",
                port: 443,
                targets: ["10.16.0.10"],
                consumers: ["orders-prod", "orders-eu"],
                failover: { region: EU, zone: "payments.example.internal", provider: { spoke: "payments-eu", targets: ["10.66.0.10"] }, consumers: [] },
            },
        ] as any,
    });
    d.spokes.push(
        { ...d.spokes[0], name: "payments-eu", account: "payments-prod", cidr: "10.66.0.0/16", region: EU },
        { ...d.spokes[1], name: "orders-eu", account: "orders-prod", cidr: "10.67.0.0/16", region: EU },
    );
    d.network.regions = { [EU]: { hub: { cidr: "10.64.0.0/20", availabilityZones: 2 }, transitGateway: { asn: 64600 }, endpoints: {}, summaries: {} } } as Definition["network"]["regions"];
    return d;
}

const regionOf = (r: Recorded) => r.inputs.region ?? HOME;

describe("privatelink failover across hub Regions", () => {
    const d = twoRegionFailover();
    const service = d.endpointServices[0];
    let resources: Recorded[] = [];
    before(async () => {
        const run = await record(() => buildEndpointServices(contextFor(d, { singleGraph: true }), spokeMap(d, d.spokes.map((s) => s.name))));
        resources = run.mocks.resources;
    });
    const ofType = (type: string) => resources.filter((r) => r.type === type);

    it("serves the failover Region's service from the provider's spoke there, accepting consumers of both Regions", () => {
        const services = ofType(T.service);
        assert.deepStrictEqual(services.map(regionOf).sort(), [HOME, EU].sort());
        for (const s of services) assert.deepStrictEqual([...s.inputs.supportedRegions].sort(), [HOME, EU].sort());
        assert.deepStrictEqual(supportedRegionsOf(d, service), [EU, HOME].sort());
        // The second NLB sits in payments-eu's workload subnets.
        const nlbs = ofType(T.nlb);
        const eu = nlbs.find((n) => regionOf(n) === EU)!;
        assert.ok(eu, "an NLB in eu-west-1");
        assert.deepStrictEqual(eu.inputs.subnets ?? eu.inputs.subnetMappings?.map((m: any) => m.subnetId), ["subnet-payments-eu-a", "subnet-payments-eu-b"]);
    });

    it("builds each consumer's two endpoints in its own VPC and Region, each to the service of its Region label", () => {
        // The recording mocks name a service `com.amazonaws.vpce.<its Region>.vpce-svc-<resource name>`.
        const serviceNameIn = (region: string) => {
            const svc = ofType(T.service).find((r) => regionOf(r) === region)!;
            return `com.amazonaws.vpce.${region}.vpce-svc-${svc.name}`;
        };
        for (const consumer of service.consumers) {
            const spoke = d.spokes.find((s) => s.name === consumer)!;
            const own = spokeRegion(d, spoke);
            for (const spec of consumerEndpoints(d, service, consumer)) {
                assert.strictEqual(spec.endpointRegion, own, `${spec.label}: in the consumer's Region`);
                const e = ofType(T.endpoint).find((r) => r.name === `${service.name}-${spec.label}-endpoint`);
                assert.ok(e, `endpoint ${spec.label}`);
                assert.strictEqual(regionOf(e!), own);
                assert.strictEqual(e!.inputs.vpcId, `vpc-${consumer}`);
                assert.strictEqual(e!.inputs.serviceName, serviceNameIn(spec.serviceRegion));
                assert.strictEqual(e!.inputs.serviceRegion, spec.serviceRegion === own ? undefined : spec.serviceRegion);
            }
        }
        assert.strictEqual(primaryRegionOf(d, service), HOME);
    });

    it("points every consumer record at a planned endpoint's DNS entry in the record's Region, connected to the right Region's service", () => {
        const endpoints = ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
        // The recording mocks answer each endpoint's DNS entry in its own Region (inputs.region).
        const byDns = new Map(endpoints.map((e) => [`vpce-${e.name}.${regionOf(e)}.vpce.amazonaws.com`, e]));
        const zones = ofType(T.zone).filter((z) => z.name.includes("-records-"));
        assert.strictEqual(zones.length, service.consumers.length, "one consumer zone per consumer VPC");
        const aliases = ofType(T.record).filter((r) => r.inputs.aliases?.length);
        assert.strictEqual(aliases.length, 2 * zones.length);
        for (const rec of aliases) {
            const zone = zones.find((z) => rec.name.startsWith(z.name.replace(/-zone$/, "")))!;
            const zoneRegion = zone.inputs.vpcs[0].vpcRegion;
            const target = byDns.get(rec.inputs.aliases[0].name);
            assert.ok(target, `${rec.name}: ${rec.inputs.aliases[0].name} is a planned endpoint's DNS entry`);
            assert.strictEqual(regionOf(target!), zoneRegion, `${rec.name}: the endpoint is in the zone's Region`);
            assert.strictEqual(target!.inputs.vpcId, zone.inputs.vpcs[0].vpcId, `${rec.name}: in the zone's VPC`);
            const role = rec.inputs.name.split(".")[0];
            const wantRegion = role === "primary" ? HOME : EU;
            assert.ok(String(target!.inputs.serviceName).includes(`.vpce.${wantRegion}.`), `${rec.name}: ${role} reaches the ${wantRegion} service`);
        }
    });

    it("switches between them with a routing control and a health check per Region, PRIMARY and SECONDARY records in the provider's zone", () => {
        assert.deepStrictEqual(ofType(T.control).map((c) => c.inputs.name).sort(), [`${service.name}-failover-primary-${HOME}`, `${service.name}-failover-secondary-${EU}`]);
        assert.strictEqual(ofType(T.check).filter((c) => c.inputs.type === "RECOVERY_CONTROL").length, 2);
        const failover = ofType(T.record).filter((r) => r.inputs.failoverRoutingPolicies);
        assert.deepStrictEqual(failover.map((r) => [r.inputs.failoverRoutingPolicies[0].type, r.inputs.records[0]]).sort(), [
            ["PRIMARY", `primary.vpce.${service.name}.payments.example.internal`],
            ["SECONDARY", `secondary.vpce.${service.name}.payments.example.internal`],
        ]);
    });

    it("accepts each Region's connections on that Region's service", () => {
        const accepters = ofType(T.accepter);
        const specs = service.consumers.flatMap((c) => consumerEndpoints(d, service, c));
        assert.strictEqual(accepters.length, specs.length, "one accepter per consumer endpoint");
        for (const spec of specs) {
            const a = accepters.find((x) => x.inputs.vpcEndpointId === `${service.name}-${spec.label}-endpoint-id`);
            assert.ok(a, `accepter of ${spec.label}`);
            assert.strictEqual(regionOf(a!), spec.serviceRegion, `${spec.label}: accepted in the service's Region`);
            const svc = ofType(T.service).find((r) => `${r.name}-id` === a!.inputs.vpcEndpointServiceId)!;
            assert.strictEqual(regionOf(svc), spec.serviceRegion, `${spec.label}: on that Region's service`);
        }
    });

    it("the failover provider spoke's own stack builds the failover service and publishes it for the owner", async () => {
        const run = await record(() => buildEndpointServices(contextFor(d, { singleGraph: false }), spokeMap(d, ["payments-eu"])));
        const services = run.mocks.resources.filter((r) => r.type === T.service);
        assert.deepStrictEqual(services.map(regionOf), [EU]);
    });
});

describe("privatelink failover: a consumer spoke's own stack in the failover Region", () => {
    it("builds its endpoints with its Region's provider (no resource-level region), the one to the primary naming the primary's Region", async () => {
        const d = twoRegionFailover();
        const service = d.endpointServices[0];
        const hex = (seed: string) => Buffer.from(seed).toString("hex").padEnd(17, "0").slice(0, 17);
        const owner = synthesizePublishedServices(d, "payments-prod", hex)!;
        const run = await record(
            () => buildEndpointServices({ ...contextFor(d, { singleGraph: false }), region: EU }, spokeMap(d, ["orders-eu"])),
            { [`${d.environment}-payments-prod`]: { endpointServices: owner } },
        );
        const endpoints = run.mocks.resources.filter((r) => r.type === T.endpoint);
        assert.strictEqual(endpoints.length, 2);
        for (const e of endpoints) assert.strictEqual(e.inputs.region, undefined, `${e.name}: built by the eu-west-1 context's provider`);
        const toPrimary = endpoints.find((e) => e.inputs.serviceRegion === HOME);
        assert.ok(toPrimary, "the endpoint to the primary names its Region");
        assert.strictEqual(toPrimary!.inputs.serviceName, (owner[service.name] as any).serviceName);
        const zone = run.mocks.resources.find((r) => r.type === T.zone)!;
        assert.deepStrictEqual(zone.inputs.vpcs, [{ vpcId: "vpc-orders-eu", vpcRegion: EU }]);
    });
});

describe("definition: failover served from a spoke of the definition", () => {
    const withFailover = (provider: string, extra = "") =>
        edit(
            edit(base, "  endpoints:\n    services: [ssm, kms]\n", "  endpoints:\n    services: [ssm, kms]\n  regions:\n    eu-west-1:\n      hub:\n        cidr: 10.8.0.0/21\n      transitGateway:\n        asn: 64513\n"),
            "    domain: apps\n  - name: app-b",
            "    domain: apps\n  - name: app-eu\n    account: sandbox\n    cidr: 10.9.0.0/16\n    domain: apps\n    region: eu-west-1\n  - name: app-b",
        ) +
        `endpointServices:
  - name: svc
    spoke: app-a
    targets: [10.1.0.10]
    consumers: [app-b]
    failover:
      region: eu-west-1
      zone: svc.example.internal
      provider:
${provider}${extra}`;

    it("refuses a provider spoke outside failover.region, naming where it is", () => {
        const text = withFailover("        spoke: app-b\n");
        expectDiagnostic(load(text), { path: "endpointServices[0].failover.provider.spoke", message: /"app-b" is in us-east-1, not in failover.region eu-west-1/, line: at(text, "spoke: app-b").line });
    });

    it("refuses a provider given both as a spoke and as a VPC id", () => {
        const text = withFailover("        spoke: app-eu\n        vpcId: vpc-0123456789abcdef0\n        subnetIds: [subnet-0123456789abcdef0]\n");
        expectDiagnostic(load(text), { path: "endpointServices[0].failover.provider", message: /either spoke .* or vpcId and subnetIds/ });
    });

    it("checks the failover targets against the provider spoke's CIDR", () => {
        const text = withFailover("        spoke: app-eu\n        targets: [10.1.0.99]\n");
        expectDiagnostic(load(text), { path: "endpointServices[0].failover.provider.targets[0]", message: /outside 10.9.0.0\/16/ });
    });

    it("suggests moving a VPC named by id into the Region's hub as a spoke", () => {
        const text = withFailover("        vpcId: vpc-0123456789abcdef0\n        subnetIds: [subnet-0123456789abcdef0]\n");
        const r = load(text);
        const d = r.diagnostics.find((x) => x.path === "endpointServices[0].failover.provider.vpcId");
        assert.ok(d && d.severity === "warning" && /provider.spoke/.test(d.message), JSON.stringify(r.diagnostics));
    });

    it("refuses a failover.consumers entry for a consumer spoke that is itself in the failover Region", () => {
        const text = withFailover("        spoke: app-eu\n", "    consumers: [app-b, app-eu]\n").replace("    consumers: [app-b]\n", "");
        const withEntry = text.replace("      provider:\n        spoke: app-eu\n", "      provider:\n        spoke: app-eu\n      consumers:\n        - spoke: app-eu\n          vpcId: vpc-0123456789abcdef0\n          subnetIds: [subnet-0123456789abcdef0]\n          cidr: 10.9.0.0/16\n");
        expectDiagnostic(load(withEntry), { path: "endpointServices[0].failover.consumers[0]", message: /is itself in eu-west-1/ });
    });
});

describe("waves: failover served from a spoke of the definition", () => {
    it("runs the failover provider spoke before the owner reads its service, and its consumers' endpoints after it allows them", () => {
        const d = twoRegionFailover();
        const waves = stackWaves(d).waves;
        const first = (unit: string) => waves.findIndex((w) => w.stacks.some((s) => s.unit === unit && s.operation === "up"));
        const provider = first("payments-eu");
        assert.ok(provider >= 0);
        assert.ok(provider < first("payments-prod"), "payments-eu (failover service) before payments-prod (routing, acceptance)");
        for (const consumer of ["orders-prod", "orders-eu"]) {
            const runs = waves.flatMap((w, i) => w.stacks.filter((s) => s.unit === consumer && s.operation === "up").map((s) => ({ i, s })));
            const consume = runs.find((r) => r.s.phases.includes("consume" as never));
            assert.ok(consume && consume.i > provider, `${consumer}: its endpoints after payments-eu`);
        }
    });
});

describe("privatelink failover across hub Regions, planned as one stack (unit all)", () => {
    const file = path.join(__dirname, "failover-two-hubs", "ftwo.yaml");
    let resources: PlannedResource[] = [];
    before(async function () {
        this.timeout(120_000);
        resources = (await sharedPlan({ definitionFile: file, unit: "all" })).resources;
    });
    const providerRegion = (r: PlannedResource) => resources.find((p) => p.urn === r.provider)?.inputs.region as string | undefined;
    const regionOfPlanned = (r: PlannedResource) => (r.inputs.region as string | undefined) ?? providerRegion(r);

    it("reads no other stack (single-stack mode creates none): only its own last outputs, the failover zone's record", () => {
        assert.deepStrictEqual(resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => r.name), ["ftwo-all-ref"]);
    });

    it("builds both Regions' services through the owner's network admin provider (the failover one names its Region)", () => {
        const services = resources.filter((r) => r.type === T.service);
        assert.deepStrictEqual(services.map(regionOfPlanned).sort(), ["eu-west-1", "us-east-1"]);
        const admins = resources.filter((r) => r.type === "pulumi:providers:aws" && /network-admin-provider$/.test(r.name));
        assert.deepStrictEqual(admins.map((a) => `${a.name}:${a.inputs.region}`).sort(), ["billing-network-admin-provider:us-east-1"]);
        for (const s of services) assert.ok(admins.some((a) => a.urn === s.provider), `${s.name} uses a network admin provider`);
    });

    it("connects each consumer endpoint to the planned service of its service Region", () => {
        const services = resources.filter((r) => r.type === T.service);
        const serviceIn = (region: string) => services.find((s) => regionOfPlanned(s) === region)!;
        const consumers = resources.filter((r) => r.type === T.endpoint && /^invoices-/.test(r.name));
        // store-us and store-eu, each to both Regions' services.
        assert.strictEqual(consumers.length, 4);
        for (const e of consumers) {
            const serviceRegion = (e.inputs.serviceRegion as string | undefined) ?? regionOfPlanned(e)!;
            const from = serviceIn(serviceRegion);
            // The serviceName input is an output of that planned service (its property dependency), not a stack's output.
            assert.deepStrictEqual(e.dependencies.serviceName, [from.urn], `${e.name}: serviceName from the planned ${serviceRegion} service`);
        }
    });
});
