/**
 * Cross-Region failover under mocks: services in both Regions, ARC routing controls and
 * RECOVERY_CONTROL health checks driving a PRIMARY/SECONDARY record, consumer endpoints
 * and record zones per Region, and the cross-account zone association order.
 */
import * as assert from "assert";
import { buildEndpointServices } from "../../program/privatelink";
import { consumerZoneName } from "../../program/privatelink-shared";
import { Recorded, contextFor, record } from "../support/recording-mocks";
import { prodLike, spokeMap } from "./definitions";

/** Registration order follows input resolution, not program order: compare by name. */
function byName(resources: Recorded[]): Recorded[] {
    return [...resources].sort((a, b) => a.name.localeCompare(b.name));
}

const failover = {
    region: "us-west-2",
    zone: "svc.example.internal",
    provider: { vpcId: "vpc-0aaaaaaaaaaaaaaa1", subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"], targets: ["10.116.0.10"] },
    consumers: [{ spoke: "orders-prod", vpcId: "vpc-0bbbbbbbbbbbbbbb1", subnetIds: ["subnet-0bbbbbbbbbbbbbbb1"], cidr: "10.117.0.0/16" }],
};

const definition = prodLike({
    endpointServices: [{ name: "payments-api", spoke: "payments-prod", port: 443, targets: ["10.16.0.10"], consumers: ["orders-prod"], failover }],
});

describe("privatelink cross-Region failover (unit all)", () => {
    let run: Awaited<ReturnType<typeof record>>;
    before(async () => {
        run = await record(() => buildEndpointServices(contextFor(definition, { singleGraph: true }), spokeMap(definition, ["payments-prod", "orders-prod"])));
    });

    it("runs the provider service in both Regions, each open to the other Region's consumers", () => {
        const services = byName(run.mocks.ofType("aws:ec2/vpcEndpointService:VpcEndpointService"));
        assert.deepStrictEqual(services.map((s) => [s.name, s.inputs.region, s.inputs.acceptanceRequired]), [
            ["payments-api-service", undefined, true],
            ["payments-api-us-west-2-service", "us-west-2", true],
        ]);
        for (const s of services) assert.deepStrictEqual(s.inputs.supportedRegions, ["us-east-1", "us-west-2"]);
        const secondaryNlb = run.mocks.named("payments-api-us-west-2-nlb");
        assert.deepStrictEqual([secondaryNlb.inputs.region, secondaryNlb.inputs.subnets], ["us-west-2", failover.provider.subnetIds]);
        assert.strictEqual(run.mocks.ofType("aws:ec2/vpcEndpointConnectionNotification:VpcEndpointConnectionNotification").length, 2);
    });

    it("drives a PRIMARY/SECONDARY record through ARC routing controls and RECOVERY_CONTROL health checks", () => {
        assert.strictEqual(run.mocks.ofType("aws:route53recoverycontrol/cluster:Cluster").length, 1);
        assert.strictEqual(run.mocks.ofType("aws:route53recoverycontrol/controlPanel:ControlPanel").length, 1);
        const controls = run.mocks.ofType("aws:route53recoverycontrol/routingControl:RoutingControl");
        assert.strictEqual(controls.length, 2);
        const checks = byName(run.mocks.ofType("aws:route53/healthCheck:HealthCheck"));
        assert.deepStrictEqual(checks.map((c) => [c.inputs.type, c.inputs.routingControlArn]), [
            ["RECOVERY_CONTROL", "arn:aws:mock:us-east-1:111111111111:payments-api-failover-primary"],
            ["RECOVERY_CONTROL", "arn:aws:mock:us-east-1:111111111111:payments-api-failover-secondary"],
        ]);
        const records = byName(run.mocks.ofType("aws:route53/record:Record").filter((r) => r.inputs.failoverRoutingPolicies));
        const zone = consumerZoneName(definition.endpointServices[0]);
        assert.deepStrictEqual(
            records.map((r) => [r.inputs.name, r.inputs.type, r.inputs.failoverRoutingPolicies[0].type, r.inputs.healthCheckId, r.inputs.records]),
            [
                ["payments-api.svc.example.internal", "CNAME", "PRIMARY", "payments-api-failover-primary-check-id", [`primary.${zone}`]],
                ["payments-api.svc.example.internal", "CNAME", "SECONDARY", "payments-api-failover-secondary-check-id", [`secondary.${zone}`]],
            ],
        );
    });

    it("gives the consumer endpoints to both services in each of its Regions, and a record zone per Region", () => {
        const endpoints = byName(run.mocks.ofType("aws:ec2/vpcEndpoint:VpcEndpoint"));
        assert.deepStrictEqual(
            endpoints.map((e) => [e.name, e.inputs.region, e.inputs.serviceRegion, e.inputs.vpcId]),
            [
                ["payments-api-orders-prod-endpoint", undefined, undefined, "vpc-orders-prod"],
                ["payments-api-orders-prod-to-us-west-2-endpoint", undefined, "us-west-2", "vpc-orders-prod"],
                ["payments-api-orders-prod-us-west-2-endpoint", "us-west-2", undefined, "vpc-0bbbbbbbbbbbbbbb1"],
                ["payments-api-orders-prod-us-west-2-to-us-east-1-endpoint", "us-west-2", "us-east-1", "vpc-0bbbbbbbbbbbbbbb1"],
            ],
        );
        // Endpoints to customer endpoint services take no custom policy (aws/endpoint-policy-support.ts).
        for (const e of endpoints) assert.strictEqual(e.inputs.policy, undefined, e.name);
        // ... and the owner accepts each one on the service of its Region.
        const accepters = byName(run.mocks.ofType("aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter"));
        assert.deepStrictEqual(
            accepters.map((a) => [a.inputs.vpcEndpointId, a.inputs.region]).sort(),
            [
                ["payments-api-orders-prod-endpoint-id", undefined],
                ["payments-api-orders-prod-to-us-west-2-endpoint-id", "us-west-2"],
                ["payments-api-orders-prod-us-west-2-endpoint-id", "us-west-2"],
                ["payments-api-orders-prod-us-west-2-to-us-east-1-endpoint-id", undefined],
            ].sort(),
        );
        const zones = byName(run.mocks.ofType("aws:route53/zone:Zone"));
        const zone = consumerZoneName(definition.endpointServices[0]);
        assert.deepStrictEqual(
            zones.map((z) => [z.inputs.name, z.inputs.vpcs[0].vpcId, z.inputs.vpcs[0].vpcRegion]),
            [
                ["svc.example.internal", "vpc-payments-prod", "us-east-1"],
                [zone, "vpc-orders-prod", "us-east-1"],
                [zone, "vpc-0bbbbbbbbbbbbbbb1", "us-west-2"],
            ],
        );
        // In us-west-2, "primary" is the cross-Region endpoint to us-east-1.
        const westPrimary = run.mocks.named("payments-api-orders-prod-records-us-west-2-primary");
        assert.strictEqual(westPrimary.inputs.aliases[0].name, "vpce-payments-api-orders-prod-us-west-2-to-us-east-1-endpoint.us-west-2.vpce.amazonaws.com");
    });

    it("authorizes every consumer VPC on the provider zone and associates each", () => {
        const authorizations = byName(run.mocks.ofType("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization"));
        assert.deepStrictEqual(authorizations.map((a) => [a.inputs.vpcId, a.inputs.vpcRegion]), [
            ["vpc-orders-prod", "us-east-1"],
            ["vpc-0bbbbbbbbbbbbbbb1", "us-west-2"],
        ]);
        const associations = byName(run.mocks.ofType("aws:route53/zoneAssociation:ZoneAssociation"));
        assert.deepStrictEqual(associations.map((a) => [a.inputs.zoneId, a.inputs.vpcId, a.inputs.vpcRegion]), [
            ["Z-payments-api-failover-zone", "vpc-orders-prod", "us-east-1"],
            ["Z-payments-api-failover-zone", "vpc-0bbbbbbbbbbbbbbb1", "us-west-2"],
        ]);
    });

    it("reuses an existing ARC cluster when one is named", async () => {
        const shared = prodLike({
            endpointServices: [
                { ...definition.endpointServices[0], failover: { ...failover, clusterArn: "arn:aws:route53-recovery-control::200000000001:cluster/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab" } },
            ],
        });
        const { mocks } = await record(() => buildEndpointServices(contextFor(shared, { singleGraph: true }), spokeMap(shared, ["payments-prod", "orders-prod"])));
        assert.strictEqual(mocks.ofType("aws:route53recoverycontrol/cluster:Cluster").length, 0);
        assert.strictEqual(mocks.ofType("aws:route53recoverycontrol/controlPanel:ControlPanel")[0].inputs.clusterArn, shared.endpointServices[0].failover!.clusterArn);
    });
});

describe("privatelink failover across per-account stacks", () => {
    it("the owner authorizes only the consumer VPCs already deployed, and says which are waiting", async () => {
        const { mocks, messages } = await record(() => buildEndpointServices(contextFor(definition, { singleGraph: false }), spokeMap(definition, ["payments-prod"])));
        const authorizations = byName(mocks.ofType("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization"));
        // The failover-Region VPC is named in the definition; the primary one is not deployed yet.
        assert.deepStrictEqual(authorizations.map((a) => a.inputs.vpcId), ["vpc-0bbbbbbbbbbbbbbb1"]);
        assert.ok(messages.some((m) => m.includes("prod-orders-prod")), messages.join("\n"));
    });

    it("the consumer associates only the VPCs the owner has authorized", async () => {
        const published = {
            serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
            serviceId: "vpce-svc-0123456789abcdef0",
            failover: { region: "us-west-2", serviceName: "com.amazonaws.vpce.us-west-2.vpce-svc-0fedcba9876543210", zoneId: "Z0PROVIDERZONE", authorizedVpcs: ["orders-prod/us-west-2"] },
        };
        const { mocks, messages } = await record(() => buildEndpointServices(contextFor(definition, { singleGraph: false }), spokeMap(definition, ["orders-prod"])), {
            "prod-payments-prod": { endpointServices: { "payments-api": published } },
        });
        const associations = byName(mocks.ofType("aws:route53/zoneAssociation:ZoneAssociation"));
        assert.deepStrictEqual(associations.map((a) => [a.inputs.zoneId, a.inputs.vpcRegion]), [["Z0PROVIDERZONE", "us-west-2"]]);
        assert.ok(messages.some((m) => /run prod-payments-prod again/.test(m)), messages.join("\n"));
        const names = byName(mocks.ofType("aws:ec2/vpcEndpoint:VpcEndpoint")).map((e) => [e.name, e.inputs.serviceName]);
        assert.deepStrictEqual(names, [
            ["payments-api-orders-prod-endpoint", published.serviceName],
            ["payments-api-orders-prod-to-us-west-2-endpoint", published.failover.serviceName],
            ["payments-api-orders-prod-us-west-2-endpoint", published.failover.serviceName],
            ["payments-api-orders-prod-us-west-2-to-us-east-1-endpoint", published.serviceName],
        ]);
    });
});
