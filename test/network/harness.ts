/**
 * Test harness: runs a piece of program under Pulumi's mock runtime in preview mode (ids
 * and computed outputs unknown, as in `pulumi preview`) and returns the registered
 * resources in the plan's format, dependencies included.
 */
import * as pulumi from "@pulumi/pulumi";
import { Definition, definitionSchema, DefinitionInput } from "../../definition/schema";
import { UnitContext } from "../../program/context";
import { runUnderMocks } from "../../tools/plan/mock-runtime";
import { PlannedResource } from "../../analysis/plan-records";

/** Returns the inputs as state; no id, no computed outputs (preview). */
class EchoMocks implements pulumi.runtime.Mocks {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        return { id: undefined, state: args.inputs };
    }
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        throw new Error(`unexpected call ${args.token} in a component test`);
    }
}

export async function plan(build: () => void): Promise<PlannedResource[]> {
    const run = await runUnderMocks(
        async () => {
            build();
            return {};
        },
        { mocks: new EchoMocks(), stack: "test", preview: true },
    );
    return run.resources;
}

/** A context as `createContext` builds it, without providers (one account per caller). */
export function contextFor(definition: Definition, zones = ["us-east-1a", "us-east-1b", "us-east-1c"]): UnitContext {
    const az = definition.network.hub.availabilityZones;
    return {
        definition,
        definitionFile: `stacks/${definition.environment}.yaml`,
        environment: definition.environment,
        availabilityZones: Array.isArray(az) ? az : zones.slice(0, az),
        availabilityZoneIds: (Array.isArray(az) ? az : zones.slice(0, az)).map((_z, i) => `use1-az${i + 1}`),
        singleGraph: true,
        provider: () => undefined,
        accountId: (name) => {
            const id = definition.accounts[name];
            if (!id) throw new Error(`no account ${name}`);
            return id;
        },
        opts: () => ({}),
    };
}

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
