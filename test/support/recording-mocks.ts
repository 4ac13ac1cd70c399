/**
 * The one mock runtime of the component tests. Every registration is recorded so tests
 * can assert a component's child contract; every resource's state is its inputs plus a
 * fake id and ARN (and the few computed outputs the components read); StackReferences
 * answer from a per-test table of stack outputs. (The offline plan's realistic mocks are
 * tools/plan/mocks.ts; these stay minimal so a test shows exactly what it relies on.)
 *
 * Two ways to run a piece of program under it:
 * - `record(build)`: the SDK's own mock mode, ids known (as after `pulumi up`);
 * - `plan(build)`: preview mode through the offline plan's runtime (ids and computed
 *   outputs unknown, as in `pulumi preview`), returning the plan's records with their
 *   dependencies, for the analyses that read a plan (reachability).
 *
 * The Lambda code's AWS SDK mocks are another matter: test/privatelink/sdk-mocks.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../analysis/plan-records";
import { Definition } from "../../definition/schema";
import { UnitContext } from "../../program/context";
import { resetStackReferences } from "../../program/references";
import { runUnderMocks } from "../../tools/plan/mock-runtime";

import { waitForRPCs } from "../../tools/plan/sdk-internals";

/** The SDK's own "every outstanding registration is done" barrier (what the CLI host awaits), through the seam. */
const settings = { waitForRPCs };

export interface Recorded {
    type: string;
    name: string;
    inputs: Record<string, any>;
    custom: boolean;
    provider?: string;
}

/** Computed outputs AWS would return that the components read. */
function computed(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    const region = args.inputs.region ?? "us-east-1";
    switch (args.type) {
        case "aws:ec2/vpcEndpointService:VpcEndpointService":
            return { serviceName: `com.amazonaws.vpce.${region}.vpce-svc-${args.name}` };
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return { dnsEntries: [{ dnsName: `vpce-${args.name}.${region}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" }] };
        case "aws:route53/zone:Zone":
            return { zoneId: `Z-${args.name}` };
        default:
            return {};
    }
}

export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly resources: Recorded[] = [];

    /**
     * @param stackOutputs outputs of referenced stacks, by stack name (`<env>-<unit>`).
     * @param preview as in `pulumi preview`: no id and no computed output, the state is the inputs.
     */
    constructor(
        private readonly stackOutputs: Record<string, Record<string, unknown>> = {},
        private readonly preview = false,
    ) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        if (args.type === "pulumi:pulumi:StackReference") {
            const name = String(args.inputs.name ?? args.name);
            const stack = name.split("/").pop() ?? name;
            return { id: name, state: { name, outputs: this.stackOutputs[stack] ?? {}, secretOutputNames: [] } };
        }
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? true, provider: args.provider });
        if (this.preview) return { id: undefined, state: args.inputs };
        return { id: `${args.name}-id`, state: { ...args.inputs, arn: `arn:aws:mock:us-east-1:111111111111:${args.name}`, ...computed(args) } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        return args.inputs;
    }

    ofType(type: string): Recorded[] {
        return this.resources.filter((r) => r.type === type);
    }

    named(name: string): Recorded {
        const found = this.resources.find((r) => r.name === name);
        if (!found) throw new Error(`no resource named ${name}; have: ${this.resources.map((r) => r.name).join(", ")}`);
        return found;
    }
}

/** What a recorded run registered, and what the program logged (`pulumi.log.info` / `warn`). */
export interface Recording {
    mocks: RecordingMocks;
    messages: string[];
}

/**
 * Runs `build` as a Pulumi program under fresh mocks (not preview: ids are known) and
 * returns what it registered once every registration has completed, and the log.
 */
export async function record(build: () => void | Promise<unknown>, stackOutputs: Record<string, Record<string, unknown>> = {}): Promise<Recording> {
    const mocks = new RecordingMocks(stackOutputs);
    const messages: string[] = [];
    const original = { warn: pulumi.log.warn, info: pulumi.log.info };
    (pulumi.log as { warn: unknown }).warn = async (msg: string) => void messages.push(msg);
    (pulumi.log as { info: unknown }).info = async (msg: string) => void messages.push(msg);
    try {
        resetStackReferences();
        await pulumi.runtime.setMocks(mocks, "landing-zone", "test", false, "organization");
        await pulumi.runtime.runInPulumiStack(async () => {
            await build();
            return {};
        });
        await settings.waitForRPCs();
    } finally {
        (pulumi.log as { warn: unknown }).warn = original.warn;
        (pulumi.log as { info: unknown }).info = original.info;
        resetStackReferences();
    }
    return { mocks, messages };
}

/**
 * Runs `build` in preview mode (ids and computed outputs unknown, as in `pulumi preview`)
 * through the offline plan's runtime, and returns the registered resources as plan
 * records, dependencies included.
 */
export async function plan(build: () => void): Promise<PlannedResource[]> {
    const run = await runUnderMocks(
        async () => {
            build();
            return {};
        },
        { mocks: new RecordingMocks({}, true), stack: "test", preview: true },
    );
    return run.resources;
}

/** The value of an Output (test helper). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/**
 * A unit context as `createContext` builds it, without providers (every account is the
 * caller's): the hub's availability zones (named, or the first of `zones`).
 */
export function contextFor(definition: Definition, opts: { singleGraph?: boolean; zones?: string[] } = {}): UnitContext {
    const zones = opts.zones ?? ["us-east-1a", "us-east-1b", "us-east-1c"];
    const az = definition.network.hub.availabilityZones;
    const availabilityZones = Array.isArray(az) ? az : zones.slice(0, az);
    return {
        definition,
        region: definition.region,
        definitionFile: `stacks/${definition.environment}.yaml`,
        environment: definition.environment,
        availabilityZones,
        availabilityZoneIds: availabilityZones.map((_z, i) => `use1-az${i + 1}`),
        singleGraph: opts.singleGraph ?? true,
        provider: () => undefined,
        accountId: (name) => {
            const id = definition.accounts[name];
            if (!id) throw new Error(`no account ${name}`);
            return id;
        },
        opts: () => ({}),
    };
}
