/**
 * A small mock runtime for component tests: every resource's state is its inputs plus a
 * fake id and ARN (and the few computed outputs the components read), and every
 * registration is recorded so tests can assert the child contract.
 */
import * as pulumi from "@pulumi/pulumi";

import { Recorded, RecordingMocks, settings } from "../support/recording-mocks";

export { Recorded, RecordingMocks };

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
