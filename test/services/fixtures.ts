/**
 * Definitions for the endpoint/DNS tests, written here (not read from stacks/) so each
 * test controls exactly the values it asserts on.
 */
import * as pulumi from "@pulumi/pulumi";
import { Definition, DefinitionInput, definitionSchema } from "../../definition/schema";
import { SpokeVpcInfo, UnitContext } from "../../program/context";
import { NetworkCore } from "../../program/network";

export function definitionOf(input: DefinitionInput): Definition {
    return definitionSchema.parse(input);
}

/** An organization with a hub, three spokes in two domains and on-premises. */
export function orgDefinition(overrides: { services?: string[]; mode?: "centralized" | "distributed"; sharing?: "profile" | "hosted-zones"; shareWith?: string[]; spokes?: number } = {}): Definition {
    const spokeCount = overrides.spokes ?? 3;
    return definitionOf({
        environment: "test",
        region: "us-east-1",
        organization: { id: "o-a1b2c3d4e5", units: { prod: "ou-ab12-prod0001", dev: "ou-ab12-dev00001" } },
        accounts: { management: "111111111111", network: "222222222222", app: "333333333333" },
        network: {
            account: "network",
            transitGateway: {
                domains: {
                    shared: { reaches: ["prod", "dev", "onprem"] },
                    prod: { reaches: ["shared", "prod", "onprem"] },
                    dev: { reaches: ["shared"] },
                    onprem: { reaches: ["shared", "prod"] },
                },
            },
            hub: { cidr: "10.0.0.0/20", availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"] },
            endpoints: { mode: overrides.mode ?? "centralized", services: overrides.services ?? ["ssm", "kms", "s3", "neptune-graph", "email-smtp", "ecr.dkr"] },
            dns: {
                sharing: overrides.sharing ?? "profile",
                ...(overrides.shareWith ? { shareWith: overrides.shareWith } : {}),
                onPremises: {
                    cidrs: ["172.16.0.0/12"],
                    inboundResolver: true,
                    forwardedDomains: [
                        { domain: "corp.example.com", targetIps: ["172.16.0.10", "172.16.0.11"] },
                        { domain: "ad.example.com", targetIps: ["172.16.0.20"] },
                    ],
                },
            },
        },
        spokes: Array.from({ length: spokeCount }, (_v, i) => ({
            name: `app-${i}`,
            account: "app",
            cidr: `10.${16 + i}.0.0/16`,
            domain: i === spokeCount - 1 ? "dev" : "prod",
        })),
    });
}

/** A unit context without providers (everything in the default provider's account). */
export function contextOf(definition: Definition, singleGraph: boolean): UnitContext {
    return {
        definition,
        region: definition.region,
        definitionFile: "test.yaml",
        environment: definition.environment,
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
        availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az3"],
        singleGraph,
        provider: () => undefined,
        accountId: (account) => definition.accounts[account],
        opts: () => ({}),
    };
}

class FakeHub extends pulumi.ComponentResource {
    constructor() {
        super("test:network:Hub", "hub", {});
        this.registerOutputs({});
    }
}

/** What the network engineer's buildNetworkCore hands over, with fixed ids. */
export function fakeCore(): NetworkCore {
    const ids = (prefix: string) => [0, 1, 2].map((i) => pulumi.output(`${prefix}-${i}`));
    return {
        hub: {
            vpcId: pulumi.output("vpc-hub"),
            cidr: "10.0.0.0/20",
            endpointSubnetIds: ids("subnet-endpoint"),
            resolverSubnetIds: ids("subnet-resolver"),
            routeTableIds: ids("rtb-hub"),
        },
        transitGatewayId: pulumi.output("tgw-1"),
        domainRouteTableIds: {},
        parent: new FakeHub(),
    };
}

export function fakeSpoke(definition: Definition, name: string): SpokeVpcInfo {
    const spoke = definition.spokes.find((s) => s.name === name)!;
    return {
        spoke,
        vpcId: pulumi.output(`vpc-${name}`),
        workloadSubnetIds: [0, 1, 2].map((i) => pulumi.output(`subnet-${name}-${i}`)),
        routeTableIds: [pulumi.output(`rtb-${name}`)],
        transitGatewayAttachmentId: pulumi.output(`tgw-attach-${name}`),
    };
}
