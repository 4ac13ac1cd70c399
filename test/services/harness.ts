/**
 * A small mock runtime for component tests: every resource's state is its inputs plus a
 * fake id and ARN (and the few computed outputs the components read), and every
 * registration is recorded so tests can assert the child contract.
 */
import * as pulumi from "@pulumi/pulumi";

// The SDK's own "every outstanding registration is done" barrier (what the CLI host awaits).
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export interface Recorded {
    type: string;
    name: string;
    inputs: Record<string, any>;
    custom: boolean;
    provider?: string;
}

/** Computed outputs AWS would return that the components read. */
function computed(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    switch (args.type) {
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return { dnsEntries: [{ dnsName: `vpce-${args.name}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" }] };
        case "aws:route53/zone:Zone":
            return { zoneId: `Z-${args.name}` };
        default:
            return {};
    }
}

export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly resources: Recorded[] = [];

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
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

/**
 * Runs `build` as a Pulumi program under fresh mocks (not preview: ids are known) and
 * returns what it registered once every registration has completed.
 */
export async function record(build: () => void | Promise<void>): Promise<RecordingMocks> {
    const mocks = new RecordingMocks();
    await pulumi.runtime.setMocks(mocks, "landing-zone", "test", false);
    await pulumi.runtime.runInPulumiStack(async () => {
        await build();
        return {};
    });
    await settings.waitForRPCs();
    return mocks;
}

/** The value of an Output (test helper). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}
