/**
 * A small mock runtime for component tests: every resource's state is its inputs plus a
 * fake id and ARN (and the few computed outputs the components read), StackReferences
 * answer from a per-test table, and every registration is recorded so tests can assert
 * a component's child contract. (The offline plan's realistic mocks are
 * tools/plan/mocks.ts; these stay minimal so a test shows exactly what it relies on.)
 */
import * as pulumi from "@pulumi/pulumi";
import { waitForRPCs } from "../../tools/plan/sdk-internals";

/** The SDK's own "every outstanding registration is done" barrier (what the CLI host awaits), through the seam. */
export const settings = { waitForRPCs };

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

    /** @param stackOutputs outputs of referenced stacks, by stack name (`<env>-<unit>`). */
    constructor(private readonly stackOutputs: Record<string, Record<string, unknown>> = {}) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        if (args.type === "pulumi:pulumi:StackReference") {
            const name = String(args.inputs.name ?? args.name);
            const stack = name.split("/").pop() ?? name;
            return { id: name, state: { name, outputs: this.stackOutputs[stack] ?? {}, secretOutputNames: [] } };
        }
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? true, provider: args.provider });
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
