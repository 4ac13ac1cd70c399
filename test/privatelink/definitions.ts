/**
 * Definitions and helpers of the PrivateLink tests (the mock runtime they run under is
 * test/support/recording-mocks.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { Definition, DefinitionInput, definitionSchema } from "../../definition/schema";
import { SpokeVpcInfo } from "../../program/context";
import { Recorded } from "../support/recording-mocks";

/** A definition like stacks/prod.yaml, cut to what PrivateLink needs. */
export function prodLike(overrides: Partial<DefinitionInput> = {}): Definition {
    return definitionSchema.parse({
        environment: "prod",
        region: "us-east-1",
        organization: { id: "o-a1b2c3d4e5", units: { workloads: "ou-ab12-wlprod01" } },
        accounts: {
            management: "100000000001",
            network: "100000000002",
            security: "100000000003",
            "payments-prod": "200000000001",
            "orders-prod": "200000000002",
            research: "400000000001",
        },
        network: {
            account: "network",
            transitGateway: { domains: { shared: { reaches: ["prod"] }, prod: { reaches: ["shared", "prod"] } } },
            hub: { cidr: "10.0.0.0/20", availabilityZones: ["us-east-1a", "us-east-1b"] },
        },
        spokes: [
            { name: "payments-prod", account: "payments-prod", cidr: "10.16.0.0/16", domain: "prod" },
            { name: "orders-prod", account: "orders-prod", cidr: "10.17.0.0/16", domain: "prod" },
            { name: "research", account: "research", cidr: "10.48.0.0/20", domain: "prod" },
            { name: "research-scratch", account: "research", cidr: "10.48.16.0/20", domain: "prod" },
        ],
        perimeter: { trustedAccounts: ["464622532012"], approvedEndpointServices: ["com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890"] },
        endpointServices: [{ name: "payments-api", spoke: "payments-prod", port: 8443, targets: ["10.16.0.10", "10.16.1.10"], consumers: ["orders-prod"] }],
        security: { account: "security", alertEmails: ["security-alerts@example.com"] },
        ...overrides,
    });
}

/** What SpokeVpc hands to PrivateLink, with plain ids. */
export function spokeInfo(definition: Definition, name: string): SpokeVpcInfo {
    const spoke = definition.spokes.find((s) => s.name === name)!;
    return {
        spoke,
        vpcId: pulumi.output(`vpc-${name}`),
        workloadSubnetIds: [pulumi.output(`subnet-${name}-a`), pulumi.output(`subnet-${name}-b`)],
        routeTableIds: [pulumi.output(`rtb-${name}`)],
        transitGatewayAttachmentId: pulumi.output(`tgw-attach-${name}`),
    };
}

export function spokeMap(definition: Definition, names: string[]): Map<string, SpokeVpcInfo> {
    return new Map(names.map((n) => [n, spokeInfo(definition, n)]));
}

/** Parses a policy input (JSON string) of a recorded resource. */
export function policyOf(resource: Recorded, key = "policy"): any {
    return JSON.parse(resource.inputs[key]);
}
