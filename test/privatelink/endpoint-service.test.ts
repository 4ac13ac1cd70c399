/**
 * Component contracts of the PrivateLink provider and consumer sides under mocks: what a
 * user relies on — acceptance required and every consumer connection accepted (by the
 * network admin role), principals limited to the consumers, a connection notification,
 * consumer endpoints with no custom policy (AWS accepts none there) and a tight security
 * group — in a single graph and across per-account stacks.
 */
import * as assert from "assert";
import { endpointPolicySupport } from "../../aws/endpoint-policy-support";
import { accountRootPrincipals, connectionEvents, connectionTopicPolicy } from "../../components/endpoint-service";
import { buildEndpointServices } from "../../program/privatelink";
import { consumedServiceNames, consumerEndpoints, synthesizeConsumerConnections } from "../../program/privatelink-shared";
import { contextFor, record } from "../support/recording-mocks";
import { policyOf, prodLike, spokeMap } from "./definitions";

const T = {
    lb: "aws:lb/loadBalancer:LoadBalancer",
    tg: "aws:lb/targetGroup:TargetGroup",
    attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    listener: "aws:lb/listener:Listener",
    service: "aws:ec2/vpcEndpointService:VpcEndpointService",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    notification: "aws:ec2/vpcEndpointConnectionNotification:VpcEndpointConnectionNotification",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    accepter: "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
    provider: "pulumi:providers:aws",
};

describe("privatelink EndpointService and consumers (unit all)", () => {
    const definition = prodLike();
    let run: Awaited<ReturnType<typeof record>>;
    let published: Awaited<ReturnType<typeof buildEndpointServices>>;

    before(async () => {
        run = await record(async () => {
            published = await buildEndpointServices(contextFor(definition, { singleGraph: true }), spokeMap(definition, ["payments-prod", "orders-prod", "research", "research-scratch"]));
        });
    });

    it("builds an internal NLB in the owner's workload subnets with an IP target group, one attachment per target and a TCP listener", () => {
        const lb = run.mocks.named("payments-api-nlb");
        assert.strictEqual(lb.type, T.lb);
        assert.strictEqual(lb.inputs.internal, true);
        assert.strictEqual(lb.inputs.loadBalancerType, "network");
        assert.deepStrictEqual(lb.inputs.subnets, ["subnet-payments-prod-a", "subnet-payments-prod-b"]);
        const tg = run.mocks.named("payments-api-tg");
        assert.deepStrictEqual([tg.inputs.targetType, tg.inputs.protocol, tg.inputs.port, tg.inputs.vpcId], ["ip", "TCP", 8443, "vpc-payments-prod"]);
        assert.deepStrictEqual(run.mocks.ofType(T.attachment).map((a) => [a.inputs.targetId, a.inputs.port]).sort(), [["10.16.0.10", 8443], ["10.16.1.10", 8443]]);
        const listener = run.mocks.named("payments-api-listener");
        assert.deepStrictEqual([listener.inputs.protocol, listener.inputs.port, listener.inputs.defaultActions[0].type], ["TCP", 8443, "forward"]);
    });

    it("requires acceptance and admits only the consumer spokes' account roots", () => {
        const services = run.mocks.ofType(T.service);
        assert.strictEqual(services.length, 1);
        assert.strictEqual(services[0].inputs.acceptanceRequired, true);
        assert.deepStrictEqual(services[0].inputs.allowedPrincipals, ["arn:aws:iam::200000000002:root"]);
        assert.ok(!JSON.stringify(services[0].inputs.allowedPrincipals).includes("*"));
        assert.deepStrictEqual(services[0].inputs.networkLoadBalancerArns, ["arn:aws:mock:us-east-1:111111111111:payments-api-nlb"]);
    });

    it("notifies connect, accept, reject and delete events to a topic only the VPC endpoint service principal of the account may publish to", () => {
        const notifications = run.mocks.ofType(T.notification);
        assert.strictEqual(notifications.length, 1);
        assert.deepStrictEqual(notifications[0].inputs.connectionEvents, ["Connect", "Accept", "Reject", "Delete"]);
        assert.strictEqual(notifications[0].inputs.vpcEndpointServiceId, "payments-api-service-id");
        assert.strictEqual(notifications[0].inputs.connectionNotificationArn, "arn:aws:mock:us-east-1:111111111111:payments-api-connections");
        const topic = run.mocks.named("payments-api-connections");
        assert.strictEqual(topic.inputs.name, "prod-payments-api-privatelink-connections");
        const policy = policyOf(run.mocks.ofType(T.topicPolicy)[0]);
        assert.deepStrictEqual(policy.Statement[0].Principal, { Service: "vpce.amazonaws.com" });
        assert.strictEqual(policy.Statement[0].Resource, "arn:aws:sns:us-east-1:200000000001:prod-payments-api-privatelink-connections");
        assert.deepStrictEqual(policy.Statement[0].Condition.StringEquals, { "aws:SourceAccount": "200000000001" });
    });

    it("gives each consumer an interface endpoint to the service with no custom endpoint policy (AWS accepts only full access there)", () => {
        const endpoints = run.mocks.ofType(T.endpoint);
        assert.deepStrictEqual(endpoints.map((e) => e.name), ["payments-api-orders-prod-endpoint"]);
        const endpoint = endpoints[0];
        assert.strictEqual(endpoint.inputs.vpcEndpointType, "Interface");
        assert.strictEqual(endpoint.inputs.vpcId, "vpc-orders-prod");
        assert.deepStrictEqual(endpoint.inputs.subnetIds, ["subnet-orders-prod-a", "subnet-orders-prod-b"]);
        assert.strictEqual(endpoint.inputs.serviceName, "com.amazonaws.vpce.us-east-1.vpce-svc-payments-api-service");
        assert.strictEqual(endpointPolicySupport({ kind: "customer-endpoint-service" }), "full-access-only");
        assert.strictEqual(endpoint.inputs.policy, undefined);
    });

    it("accepts every consumer's connection in the owner's account, through the network admin role", () => {
        const accepters = run.mocks.ofType(T.accepter);
        assert.deepStrictEqual(accepters.map((a) => [a.name, a.inputs.vpcEndpointServiceId, a.inputs.vpcEndpointId]), [
            ["payments-api-accept-orders-prod", "payments-api-service-id", "payments-api-orders-prod-endpoint-id"],
        ]);
        // The perimeter SCP lets only perimeter.networkAdminRole accept; stacks deploy as another role here.
        const admin = run.mocks.ofType(T.provider).find((p) => p.name === "payments-prod-network-admin-provider")!;
        const config = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
        assert.deepStrictEqual(config(admin.inputs.assumeRoles).map((r: any) => r.roleArn), ["arn:aws:iam::200000000001:role/NetworkAdmin"]);
        assert.deepStrictEqual(config(admin.inputs.allowedAccountIds), ["200000000001"]);
        assert.match(String(accepters[0].provider), /payments-prod-network-admin-provider/);
        assert.match(String(run.mocks.named("payments-api-service").provider), /payments-prod-network-admin-provider/);
    });

    it("puts the consumer endpoint behind a security group admitting only the service port from the consumer VPC", () => {
        const sg = run.mocks.named("payments-api-orders-prod-sg");
        assert.strictEqual(sg.inputs.vpcId, "vpc-orders-prod");
        assert.deepStrictEqual(
            sg.inputs.ingress.map((r: any) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks]),
            [["tcp", 8443, 8443, ["10.17.0.0/16"]]],
        );
        assert.deepStrictEqual(sg.inputs.egress, []);
        assert.deepStrictEqual(run.mocks.named("payments-api-orders-prod-endpoint").inputs.securityGroupIds, ["payments-api-orders-prod-sg-id"]);
    });

    it("builds nothing for spokes that neither own nor consume a service", () => {
        const names = run.mocks.resources.map((r) => r.name);
        assert.ok(!names.some((n) => n.includes("research")), names.join(", "));
    });

    it("publishes the service name for the consumers' stacks and the pack's approved list", async () => {
        const entry = published.endpointServices["payments-api"];
        const name = await new Promise<string>((resolve) => (entry.serviceName as any).apply(resolve));
        assert.strictEqual(name, "com.amazonaws.vpce.us-east-1.vpce-svc-payments-api-service");
        assert.deepStrictEqual(consumedServiceNames({ "payments-api": { serviceName: name } }), [name]);
    });
});

describe("privatelink across per-account stacks", () => {
    const definition = prodLike();

    it("the owner's stack builds the provider side only and publishes it", async () => {
        const { mocks } = await record(() => buildEndpointServices(contextFor(definition, { singleGraph: false }), spokeMap(definition, ["payments-prod"])));
        assert.strictEqual(mocks.ofType(T.service).length, 1);
        assert.strictEqual(mocks.ofType(T.endpoint).length, 0);
    });

    it("a consumer whose owner has not been deployed says which stack to deploy first and builds no endpoint", async () => {
        const { mocks, messages } = await record(() => buildEndpointServices(contextFor(definition, { singleGraph: false }), spokeMap(definition, ["orders-prod"])));
        assert.strictEqual(mocks.ofType(T.endpoint).length, 0);
        assert.strictEqual(mocks.ofType(T.service).length, 0);
        assert.ok(messages.some((m) => /Deploy prod-payments-prod first/.test(m)), messages.join("\n"));
    });

    it("a consumer reads the service name from the owner's stack output and publishes its endpoint for the owner to accept", async () => {
        const serviceName = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";
        let published: Awaited<ReturnType<typeof buildEndpointServices>> | undefined;
        const { mocks } = await record(
            async () => {
                published = await buildEndpointServices(contextFor(definition, { singleGraph: false }), spokeMap(definition, ["orders-prod"]));
            },
            { "prod-payments-prod": { endpointServices: { "payments-api": { serviceName, serviceId: "vpce-svc-0123456789abcdef0" } } } },
        );
        const endpoints = mocks.ofType(T.endpoint);
        assert.strictEqual(endpoints.length, 1);
        assert.strictEqual(endpoints[0].inputs.serviceName, serviceName);
        assert.strictEqual(mocks.ofType(T.accepter).length, 0, "the consumer cannot accept: the owner does");
        assert.deepStrictEqual(Object.keys(published!.endpointConnections["payments-api"]), consumerEndpoints(definition, definition.endpointServices[0], "orders-prod").map((e) => e.label));
    });

    it("the owner's second pass accepts the connections its consumers published", async () => {
        const hex = (seed: string) => require("crypto").createHash("sha1").update(seed).digest("hex").slice(0, 17);
        const connections = synthesizeConsumerConnections(definition, "orders-prod", hex)!;
        const { mocks } = await record(() => buildEndpointServices(contextFor(definition, { singleGraph: false }), spokeMap(definition, ["payments-prod"])), {
            "prod-orders-prod": { endpointConnections: connections },
        });
        const accepters = mocks.ofType(T.accepter);
        assert.deepStrictEqual(
            accepters.map((a) => a.inputs.vpcEndpointId),
            Object.values(connections["payments-api"]).map((c) => c.endpointId),
        );
        assert.ok(accepters.every((a) => a.inputs.vpcEndpointServiceId === "payments-api-service-id"));
    });

    it("the owner's first pass accepts nothing yet and says which consumer stacks to deploy before its next run", async () => {
        const { mocks, messages } = await record(() => buildEndpointServices(contextFor(definition, { singleGraph: false }), spokeMap(definition, ["payments-prod"])));
        assert.strictEqual(mocks.ofType(T.accepter).length, 0);
        assert.ok(messages.some((m) => /no endpoint published yet by prod-orders-prod.*run prod-payments-prod again to accept/.test(m)), messages.join("\n"));
    });
});

describe("privatelink pure documents", () => {
    it("allowed principals are de-duplicated account roots, never *", () => {
        assert.deepStrictEqual(accountRootPrincipals("aws", ["2", "1", "2"]), ["arn:aws:iam::1:root", "arn:aws:iam::2:root"]);
        assert.deepStrictEqual(accountRootPrincipals("aws-us-gov", ["1"]), ["arn:aws-us-gov:iam::1:root"]);
    });

    it("the topic policy scopes the service principal to the account's endpoint services", () => {
        const p = connectionTopicPolicy("arn:aws:sns:us-east-1:1:t", "aws", "us-east-1", "1");
        assert.deepStrictEqual(p.Statement[0].Condition?.ArnLike, { "aws:SourceArn": "arn:aws:ec2:us-east-1:1:vpc-endpoint-service/*" });
        assert.deepStrictEqual(connectionEvents, ["Connect", "Accept", "Reject", "Delete"]);
    });

    it("without an organization, or when stacks already deploy as the network admin role, no extra provider is made", async () => {
        for (const definition of [prodLike({ organization: undefined }), prodLike({ deployment: { roleName: "NetworkAdmin" } })]) {
            const { mocks } = await record(() => buildEndpointServices(contextFor(definition, { singleGraph: true }), spokeMap(definition, ["payments-prod", "orders-prod"])));
            assert.strictEqual(mocks.ofType(T.provider).length, 0);
            assert.strictEqual(mocks.ofType(T.accepter).length, 1);
        }
    });
});

describe("privatelink synthesized outputs for the offline plan", () => {
    it("an owner spoke's synthesized output lets its consumer be planned alone", async () => {
        const { synthesizePublishedServices } = await import("../../program/privatelink-shared");
        const definition = prodLike();
        const hex = (seed: string) => require("crypto").createHash("sha1").update(seed).digest("hex").slice(0, 17);
        assert.strictEqual(synthesizePublishedServices(definition, "orders-prod", hex), undefined);
        const published = synthesizePublishedServices(definition, "payments-prod", hex)!;
        assert.match(String(published["payments-api"].serviceName), /^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-[0-9a-f]{17}$/);
        const { mocks } = await record(() => buildEndpointServices(contextFor(definition, { singleGraph: false }), spokeMap(definition, ["orders-prod"])), {
            "prod-payments-prod": { endpointServices: published },
        });
        assert.deepStrictEqual(mocks.ofType(T.endpoint).map((e) => e.inputs.serviceName), [published["payments-api"].serviceName]);
    });
});
