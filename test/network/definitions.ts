/**
 * Definitions and plan-record helpers of the network tests (the mock runtime they run
 * under is test/support/recording-mocks.ts).
 */
import type { PlannedResource } from "../../analysis/plan-records";
import { Definition, definitionSchema, DefinitionInput } from "../../definition/schema";

export function define(input: DefinitionInput): Definition {
    return definitionSchema.parse(input);
}

export function ofType(resources: PlannedResource[], type: string): PlannedResource[] {
    return resources.filter((r) => r.type === type);
}

export function tagsOf(r: PlannedResource): Record<string, string> {
    return (r.inputs.tags ?? {}) as Record<string, string>;
}

/** An organization with five route domains, a VPN and spokes in three accounts. */
export function sampleDefinition(extra: Partial<DefinitionInput> = {}): Definition {
    return define({
        environment: "test",
        region: "us-east-1",
        organization: { id: "o-a1b2c3d4e5", units: { prod: "ou-ab12-prod0001", nonprod: "ou-ab12-nprd0001" } },
        accounts: {
            management: "100000000001",
            network: "100000000002",
            "acct-a": "200000000001",
            "acct-b": "200000000002",
        },
        network: {
            account: "network",
            transitGateway: {
                asn: 64600,
                shareWith: ["prod", "nonprod"],
                onPremises: { vpn: { customerGatewayIp: "198.51.100.10", bgpAsn: 65010 } },
                domains: {
                    shared: { reaches: ["prod", "nonprod", "isolated", "onprem"] },
                    prod: { reaches: ["shared", "prod", "onprem"], cidrs: ["10.16.0.0/13"] },
                    nonprod: { reaches: ["shared", "nonprod"], cidrs: ["10.32.0.0/13"] },
                    isolated: { reaches: ["shared"] },
                    onprem: { reaches: ["shared", "prod"] },
                },
            },
            hub: { cidr: "10.0.0.0/20", availabilityZones: 3 },
            endpoints: { services: ["ssm", "kms"] },
            dns: { onPremises: { cidrs: ["172.16.0.0/12"] } },
            flowLogs: { retentionDays: 30 },
        },
        spokes: [
            { name: "pay", account: "acct-a", cidr: "10.16.0.0/16", domain: "prod", internet: "nat" },
            { name: "ledger", account: "acct-a", cidr: "10.17.0.0/16", domain: "prod" },
            { name: "pay-dev", account: "acct-b", cidr: "10.32.0.0/16", domain: "nonprod", gatewayEndpoints: ["s3"] },
            { name: "lab", account: "network", cidr: "10.48.0.0/20", domain: "isolated" },
            { name: "lab2", account: "acct-b", cidr: "10.48.16.0/20", domain: "isolated" },
        ],
        ...extra,
    } as DefinitionInput);
}
