import { strict as assert } from "assert";
import { T } from "../../policypacks/landing-zone/lib/types";
import { networkAwsxVpcIsolatedNoInternet } from "../../policypacks/landing-zone/policies/network-awsx-vpc-isolated-no-internet";
import { networkRamPrincipalAssociationOrganizationOnly } from "../../policypacks/landing-zone/policies/network-ram-principal-association-organization-only";
import { networkRamResourceShareNoExternalPrincipals } from "../../policypacks/landing-zone/policies/network-ram-resource-share-no-external-principals";
import { networkResolverEndpointInboundRestricted } from "../../policypacks/landing-zone/policies/network-resolver-endpoint-inbound-restricted";
import { networkTransitGatewaySecureDefaults } from "../../policypacks/landing-zone/policies/network-transit-gateway-secure-defaults";
import { networkVpcFlowLogsRequired } from "../../policypacks/landing-zone/policies/network-vpc-flow-logs-required";
import { networkVpcIsolatedNoInternet } from "../../policypacks/landing-zone/policies/network-vpc-isolated-no-internet";
import { privatelinkVpcEndpointServiceAcceptanceRequired } from "../../policypacks/landing-zone/policies/privatelink-vpc-endpoint-service-acceptance-required";
import { privatelinkVpcEndpointServiceAllowedPrincipals } from "../../policypacks/landing-zone/policies/privatelink-vpc-endpoint-service-allowed-principals";
import { privatelinkVpcEndpointServiceNotificationRequired } from "../../policypacks/landing-zone/policies/privatelink-vpc-endpoint-service-notification-required";
import { ORG, config } from "./fixtures";
import { StackFixture, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL, advisory, mandatory, runResource, runStack } from "./harness";

const service = (props: Record<string, unknown> = {}) => ({
    type: T.vpcEndpointService,
    name: "payments-svc",
    props: { acceptanceRequired: true, networkLoadBalancerArns: [UNKNOWN], allowedPrincipals: ["arn:aws:iam::222222222222:root"], ...props },
});

describe("policy pack: PrivateLink endpoint services", () => {
    describe("privatelink-vpc-endpoint-service-acceptance-required", () => {
        const rule = privatelinkVpcEndpointServiceAcceptanceRequired;
        it("passes acceptanceRequired: true", async () => assert.deepEqual(await runResource(rule, service(), config), []));
        it("flags acceptanceRequired: false", async () => {
            const r = mandatory(await runResource(rule, service({ acceptanceRequired: false }), config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /payments-svc accepts connections automatically .*set acceptanceRequired: true/);
        });
        it("notes an unknown value", async () => {
            const r = await runResource(rule, service({ acceptanceRequired: UNKNOWN_BOOL }), config);
            assert.deepEqual(mandatory(r), []);
            assert.equal(advisory(r).length, 1);
        });
    });

    describe("privatelink-vpc-endpoint-service-allowed-principals", () => {
        const rule = privatelinkVpcEndpointServiceAllowedPrincipals;
        it("passes environment and trusted accounts, the organization and its OUs", async () => {
            const principals = ["arn:aws:iam::222222222222:root", "arn:aws:iam::999999999999:role/consumer", `arn:aws:organizations::111111111111:organization/${ORG}`, `arn:aws:organizations::111111111111:ou/${ORG}/ou-ab12-cdef3456`];
            assert.deepEqual(await runResource(rule, service({ allowedPrincipals: principals }), config), []);
        });
        it("flags '*' and says what to list instead", async () => {
            const r = mandatory(await runResource(rule, service({ allowedPrincipals: ["*"] }), config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /allows principal "\*" .*arn:aws:iam::<account>:root/);
        });
        it("flags an outside account on a standalone allowed-principal resource", async () => {
            const r = mandatory(await runResource(rule, { type: T.vpcEndpointServiceAllowedPrinciple, name: "p", props: { vpcEndpointServiceId: UNKNOWN, principalArn: "arn:aws:iam::333333333333:root" } }, config));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /account 333333333333, which is neither/);
        });
        it("flags another organization", async () => {
            const r = mandatory(await runResource(rule, service({ allowedPrincipals: ["arn:aws:organizations::444444444444:organization/o-zzzzzzzzzz"] }), config));
            assert.equal(r.length, 1);
        });
        it("notes unknown principals", async () => {
            const r = await runResource(rule, service({ allowedPrincipals: UNKNOWN_ARRAY }), config);
            assert.deepEqual(mandatory(r), []);
            assert.equal(advisory(r).length, 1);
        });
    });

    describe("privatelink-vpc-endpoint-service-notification-required", () => {
        const rule = privatelinkVpcEndpointServiceNotificationRequired;
        const svc: StackFixture = { ...service(), name: "payments-svc" };
        const notification = (events: unknown): StackFixture => ({
            type: T.vpcEndpointConnectionNotification,
            name: "payments-notify",
            props: { vpcEndpointServiceId: UNKNOWN, connectionEvents: events, connectionNotificationArn: UNKNOWN },
            deps: { vpcEndpointServiceId: ["payments-svc"] },
        });
        it("passes a service with a Connect notification (linked by dependency)", async () => {
            assert.deepEqual(await runStack(rule, [svc, notification(["Connect", "Accept", "Reject"])]), []);
        });
        it("flags a service without notification", async () => {
            const r = mandatory(await runStack(rule, [svc]));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /payments-svc has no connection notification; add a VpcEndpointConnectionNotification/);
        });
        it("flags a notification that misses Connect", async () => {
            const r = mandatory(await runStack(rule, [svc, notification(["Accept"])]));
            assert.match(r[0].message, /does not include "Connect"/);
        });
        it("matches, never counts: one notification computed from two services covers at most one", async () => {
            const other: StackFixture = { ...service(), name: "orders-svc" };
            const shared = { ...notification(["Connect"]), deps: { vpcEndpointServiceId: ["payments-svc", "orders-svc"] } };
            const r = await runStack(rule, [svc, other, shared]);
            assert.equal(mandatory(r).length, 1);
            assert.equal(mandatory(r)[0].urn, undefined);
            assert.match(mandatory(r)[0].message, /1 of the endpoint services payments-svc, orders-svc have no connection notification/);
            // With one notification per service (baseline) it passes.
            const own = { ...notification(["Connect"]), name: "orders-notify", deps: { vpcEndpointServiceId: ["orders-svc"] } };
            assert.deepEqual(await runStack(rule, [svc, other, notification(["Connect"]), own]), []);
        });
    });
});

describe("policy pack: network", () => {
    describe("network-transit-gateway-secure-defaults", () => {
        const rule = networkTransitGatewaySecureDefaults;
        const tgw = (props: Record<string, unknown>) => ({ type: T.transitGateway, name: "tgw", props: { amazonSideAsn: 64512, autoAcceptSharedAttachments: "disable", defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable", ...props } });
        it("passes the secure settings", async () => assert.deepEqual(await runResource(rule, tgw({})), []));
        it("flags auto-accept", async () => {
            const r = mandatory(await runResource(rule, tgw({ autoAcceptSharedAttachments: "enable" })));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /autoAcceptSharedAttachments is "enable"; set autoAcceptSharedAttachments: "disable"/);
        });
        it("flags default association and propagation left to AWS defaults", async () => {
            const r = mandatory(await runResource(rule, tgw({ defaultRouteTableAssociation: undefined, defaultRouteTablePropagation: "enable" })));
            assert.equal(r.length, 2);
            assert.match(r[0].message, /defaultRouteTableAssociation is not set \(AWS default "enable"\)/);
        });
    });

    describe("network-ram-resource-share-no-external-principals", () => {
        const rule = networkRamResourceShareNoExternalPrincipals;
        it("passes false", async () => assert.deepEqual(await runResource(rule, { type: T.resourceShare, props: { name: "tgw", allowExternalPrincipals: false } }), []));
        it("flags true", async () => {
            const r = mandatory(await runResource(rule, { type: T.resourceShare, name: "tgw-share", props: { name: "tgw", allowExternalPrincipals: true } }));
            assert.match(r[0].message, /tgw-share allows external principals; set allowExternalPrincipals: false/);
        });
    });

    describe("network-ram-principal-association-organization-only", () => {
        const rule = networkRamPrincipalAssociationOrganizationOnly;
        const assoc = (principal: string) => ({ type: T.principalAssociation, name: "share-org", props: { principal, resourceShareArn: UNKNOWN } });
        it("passes the organization, its OU and its accounts", async () => {
            for (const p of [`arn:aws:organizations::111111111111:organization/${ORG}`, `arn:aws:organizations::111111111111:ou/${ORG}/ou-ab12-cdef3456`, "222222222222"]) {
                assert.deepEqual(await runResource(rule, assoc(p), config), [], p);
            }
        });
        it("flags an outside account, another organization and an unknown OU", async () => {
            for (const p of ["333333333333", "arn:aws:organizations::444444444444:organization/o-zzzzzzzzzz", `arn:aws:organizations::111111111111:ou/${ORG}/ou-ab12-zzzzzzzz`]) {
                const r = mandatory(await runResource(rule, assoc(p), config));
                assert.equal(r.length, 1, p);
            }
        });
    });

    describe("network-vpc-flow-logs-required", () => {
        const rule = networkVpcFlowLogsRequired;
        const vpc: StackFixture = { type: T.vpc, name: "spoke-vpc", props: { cidrBlock: "10.1.0.0/16" } };
        it("passes a VPC whose flow log depends on it", async () => {
            assert.deepEqual(await runStack(rule, [vpc, { type: T.flowLog, name: "fl", props: { vpcId: UNKNOWN, trafficType: "ALL" }, deps: { vpcId: ["spoke-vpc"] } }]), []);
        });
        it("flags a VPC without flow logs", async () => {
            const r = mandatory(await runStack(rule, [vpc]));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /VPC spoke-vpc has no flow log; add an aws.ec2.FlowLog/);
        });
        it("counts an awsx VPC and its child VPC as one", async () => {
            const fixtures: StackFixture[] = [
                { type: T.awsxVpc, name: "hub", props: {} },
                { type: T.vpc, name: "hub-child", props: {}, parent: "hub" },
                { type: T.flowLog, name: "fl", props: { vpcId: UNKNOWN }, deps: { vpcId: ["hub"] } },
            ];
            assert.deepEqual(await runStack(rule, fixtures), []);
            assert.equal(mandatory(await runStack(rule, fixtures.slice(0, 2))).length, 1);
        });
        // Matched, not counted: two VPCs and one flow log computed from both.
        const a: StackFixture = { type: T.vpc, name: "a", props: { cidrBlock: "10.16.0.0/16" } };
        const b: StackFixture = { type: T.vpc, name: "b", props: { cidrBlock: "10.17.0.0/16" } };
        const logFor = (name: string, vpcs: string[], vpcId: string = UNKNOWN): StackFixture => ({ type: T.flowLog, name, props: { vpcId, trafficType: "ALL" }, deps: { vpcId: vpcs } });
        it("baseline: two VPCs, one flow log each", async () => {
            assert.deepEqual(await runStack(rule, [a, b, logFor("fa", ["a"]), logFor("fb", ["b"])]), []);
        });
        it("one flow log computed from both VPCs (unknown at preview) covers at most one: a stack-level violation, and a note on each", async () => {
            const r = await runStack(rule, [a, b, logFor("fl", ["a", "b"])]);
            assert.equal(mandatory(r).length, 1);
            assert.equal(mandatory(r)[0].urn, undefined);
            assert.match(mandatory(r)[0].message, /1 of the VPCs a, b have no flow log.*can cover at most 1/);
            assert.equal(advisory(r).length, 2);
            // Two such flow logs can cover both: only notes.
            assert.deepEqual(mandatory(await runStack(rule, [a, b, logFor("fl", ["a", "b"]), logFor("fl2", ["a", "b"])])), []);
        });
        it("a resolved vpcId names one VPC, whatever it was computed from (as pulumi up sends it)", async () => {
            const withIds = [{ ...a, props: { ...a.props, id: "vpc-0aaa" } }, { ...b, props: { ...b.props, id: "vpc-0bbb" } }];
            const r = mandatory(await runStack(rule, [...withIds, logFor("fl", ["a", "b"], "vpc-0bbb")]));
            assert.deepEqual(r.map((x) => x.urn?.split("::").pop()), ["a"]);
        });
        it("the Region's default VPC adopted with aws.ec2.DefaultVpc needs a flow log too", async () => {
            const adopted: StackFixture = { type: T.defaultVpc, name: "default", props: {} };
            assert.equal(mandatory(await runStack(rule, [adopted])).length, 1);
            assert.deepEqual(await runStack(rule, [adopted, logFor("fl", ["default"])]), []);
        });
    });

    describe("network-vpc-isolated-no-internet", () => {
        const rule = networkVpcIsolatedNoInternet;
        const vpc: StackFixture = { type: T.vpc, name: "isolated", props: { cidrBlock: "10.1.0.0/16", tags: { "landing-zone:isolation": "isolated" } } };
        const subnet: StackFixture = { type: T.subnet, name: "workload-a", props: { vpcId: UNKNOWN, cidrBlock: "10.1.0.0/24", mapPublicIpOnLaunch: false }, deps: { vpcId: ["isolated"] } };
        const table: StackFixture = { type: T.routeTable, name: "rt", props: { vpcId: UNKNOWN }, deps: { vpcId: ["isolated"] } };
        const tgwRoute: StackFixture = { type: T.route, name: "default-to-tgw", props: { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-0123" }, deps: { routeTableId: ["rt"] } };
        it("passes an isolated VPC with private subnets and a TGW default route", async () => {
            assert.deepEqual(await runStack(rule, [vpc, subnet, table, tgwRoute]), []);
        });
        it("flags an IGW route in the main route table managed as aws.ec2.DefaultRouteTable", async () => {
            const main: StackFixture = { type: T.defaultRouteTable, name: "main-rt", props: { defaultRouteTableId: UNKNOWN, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }] }, deps: { defaultRouteTableId: ["isolated"], routes: ["igw"] } };
            const igw: StackFixture = { type: T.internetGateway, name: "igw", props: { vpcId: UNKNOWN }, deps: { vpcId: ["isolated"] } };
            const r = mandatory(await runStack(rule, [vpc, subnet, igw, main]));
            assert.deepEqual(r.map((x) => x.urn?.split("::").pop()).sort(), ["igw", "main-rt"]);
            // The same main table with only a TGW route passes.
            const clean = { ...main, props: { defaultRouteTableId: UNKNOWN, routes: [{ cidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-0123" }] }, deps: { defaultRouteTableId: ["isolated"] } };
            assert.deepEqual(await runStack(rule, [vpc, subnet, clean]), []);
            // A standalone Route into the main table is found through it.
            const route: StackFixture = { type: T.route, name: "to-igw", props: { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" }, deps: { routeTableId: ["main-rt"] } };
            assert.deepEqual(mandatory(await runStack(rule, [vpc, clean, route])).map((x) => x.urn?.split("::").pop()), ["to-igw"]);
        });
        it("flags an internet gateway, a public NAT, a public subnet and an IGW route, each on its resource", async () => {
            const r = mandatory(
                await runStack(rule, [
                    vpc,
                    { ...subnet, props: { ...subnet.props, mapPublicIpOnLaunch: true } },
                    table,
                    { type: T.internetGateway, name: "igw", props: { vpcId: UNKNOWN }, deps: { vpcId: ["isolated"] } },
                    { type: T.natGateway, name: "nat", props: { subnetId: UNKNOWN, allocationId: UNKNOWN }, deps: { subnetId: ["workload-a"] } },
                    { type: T.route, name: "to-igw", props: { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }, deps: { routeTableId: ["rt"], gatewayId: ["igw"] } },
                ]),
            );
            assert.deepEqual(r.map((x) => x.urn?.split("::").pop()).sort(), ["igw", "nat", "to-igw", "workload-a"]);
            assert.ok(r.every((x) => /in isolated VPC isolated; remove it/.test(x.message)));
        });
        it("allows a private NAT gateway and ignores VPCs that may reach the internet", async () => {
            const internet = { ...vpc, props: { tags: { "landing-zone:isolation": "internet" } } };
            assert.deepEqual(await runStack(rule, [internet, subnet, { type: T.internetGateway, name: "igw", props: { vpcId: UNKNOWN }, deps: { vpcId: ["isolated"] } }]), []);
            assert.deepEqual(await runStack(rule, [vpc, subnet, { type: T.natGateway, name: "nat", props: { subnetId: UNKNOWN, connectivityType: "private" }, deps: { subnetId: ["workload-a"] } }]), []);
        });
        it("flags the children of an isolated awsx VPC (found through parent)", async () => {
            const r = mandatory(await runStack(rule, [
                { type: T.awsxVpc, name: "spoke", props: { tags: { "landing-zone:isolation": "isolated" } } },
                { type: T.internetGateway, name: "spoke-igw", props: { vpcId: UNKNOWN }, parent: "spoke" },
            ]));
            assert.equal(r.length, 1);
        });
    });

    describe("network-awsx-vpc-isolated-no-internet", () => {
        const rule = networkAwsxVpcIsolatedNoInternet;
        const awsx = (props: Record<string, unknown>) => ({ type: T.awsxVpc, name: "spoke", props: { cidrBlock: "10.1.0.0/16", tags: { "landing-zone:isolation": "isolated" }, natGateways: { strategy: "None" }, subnetSpecs: [{ type: "Private", cidrMask: 20 }, { type: "Isolated", name: "tgw", cidrMask: 28 }], ...props } });
        it("flags every isolated awsx VPC, however configured: awsx always attaches an internet gateway", async () => {
            const r = mandatory(await runResource(rule, awsx({})));
            assert.equal(r.length, 1);
            assert.match(r[0].message, /awsx always attaches an internet gateway to its VPC; build the isolated VPC from aws.ec2 resources/);
            assert.doesNotMatch(networkAwsxVpcIsolatedNoInternet.remediationSteps ?? "", /strategy: "None" }` and `subnetSpecs` listing only Private\/Isolated subnets \(awsx defaults/);
            assert.match(networkAwsxVpcIsolatedNoInternet.remediationSteps ?? "", /cannot be isolated/);
        });
        it("also names awsx defaults that add more exposure (public subnets, a NAT per AZ)", async () => {
            const r = mandatory(await runResource(rule, awsx({ natGateways: undefined, subnetSpecs: undefined })));
            assert.equal(r.length, 3);
            assert.match(r[1].message, /awsx defaults to "OnePerAz"/);
            assert.match(r[2].message, /no subnetSpecs, so awsx creates public subnets/);
            const pub = mandatory(await runResource(rule, awsx({ subnetSpecs: [{ type: "Public" }, { type: "Private" }] })));
            assert.match(pub[1].message, /subnetSpecs\[0\] is a Public subnet/);
        });
        it("ignores VPCs that are allowed the internet", async () => {
            assert.deepEqual(await runResource(rule, awsx({ tags: { "landing-zone:isolation": "internet" }, natGateways: undefined, subnetSpecs: undefined })), []);
        });
    });

    describe("network-resolver-endpoint-inbound-restricted", () => {
        const rule = networkResolverEndpointInboundRestricted;
        const stack = (ingress: Record<string, unknown>[], direction = "INBOUND"): StackFixture[] => [
            { type: T.securityGroup, name: "resolver-sg", props: { ingress } },
            { type: T.resolverEndpoint, name: "inbound", props: { direction, securityGroupIds: [UNKNOWN], ipAddresses: [{ subnetId: UNKNOWN }] }, deps: { securityGroupIds: ["resolver-sg"] } },
        ];
        const dns = [
            { protocol: "tcp", fromPort: 53, toPort: 53, cidrBlocks: ["192.168.0.0/16"] },
            { protocol: "udp", fromPort: 53, toPort: 53, cidrBlocks: ["192.168.0.0/16"] },
        ];
        it("passes port 53 TCP/UDP from on-premises", async () => assert.deepEqual(await runStack(rule, stack(dns), config), []));
        it("flags a VPC CIDR, 0.0.0.0/0 and another port", async () => {
            const r = mandatory(await runStack(rule, stack([
                { protocol: "udp", fromPort: 53, toPort: 53, cidrBlocks: ["10.0.0.0/16"] },
                { protocol: "tcp", fromPort: 53, toPort: 53, cidrBlocks: ["0.0.0.0/0"] },
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["192.168.0.0/16"] },
            ]), config));
            assert.equal(r.length, 3);
            assert.match(r[0].message, /10\.0\.0\.0\/16, which is outside the on-premises CIDRs/);
            assert.match(r[1].message, /0\.0\.0\.0\/0 \(anywhere\)/);
            assert.match(r[2].message, /port 443; admit only port 53/);
        });
        it("does not judge outbound endpoints", async () => {
            assert.deepEqual(await runStack(rule, stack([{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }], "OUTBOUND"), config), []);
        });
    });
});
