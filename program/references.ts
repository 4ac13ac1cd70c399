/**
 * Cross-stack values. Per-account stacks read each other through StackReference named
 * `<prefix><env>-<unit>`. Reads are awaited at program time with `getOutputDetails`, so
 * the program knows — before it declares any resource — whether the other side has been
 * deployed, and can say what to deploy next instead of failing obscurely.
 */
import * as pulumi from "@pulumi/pulumi";
import { stackName } from "../definition/units";

/**
 * Prefix of referenced stack names. Pulumi Cloud needs `<org>/<project>/`; the DIY
 * backends accept the same form with the literal organization `organization`.
 * Override with the `landing-zone:stackReferencePrefix` config key.
 */
export function stackReferencePrefix(): string {
    const configured = new pulumi.Config("landing-zone").get("stackReferencePrefix");
    if (configured !== undefined) return configured;
    return `${pulumi.getOrganization()}/${pulumi.getProject()}/`;
}

const references = new Map<string, pulumi.StackReference>();

/** One StackReference per referenced stack, shared by every reader. */
export function stackReference(environment: string, unit: string): pulumi.StackReference {
    const stack = stackName(environment, unit);
    let ref = references.get(stack);
    if (!ref) {
        ref = new pulumi.StackReference(`${stack}-ref`, { name: `${stackReferencePrefix()}${stack}` });
        references.set(stack, ref);
    }
    return ref;
}

/** Forget the references of a previous program run (tests and the offline plan run the program many times). */
export function resetStackReferences(): void {
    references.clear();
}

/**
 * The named outputs of another unit's stack, awaited at program time. Values that are
 * secrets are returned as-is (the caller wraps them in Outputs when it uses them).
 * Returns `undefined` for the outputs the stack does not have (not deployed yet).
 */
export async function readStackOutputs<K extends string>(
    environment: string,
    unit: string,
    names: readonly K[],
): Promise<Partial<Record<K, unknown>>> {
    const ref = stackReference(environment, unit);
    const result: Partial<Record<K, unknown>> = {};
    for (const key of names) {
        const details = await ref.getOutputDetails(key);
        const value = details.value !== undefined ? details.value : details.secretValue;
        if (value !== undefined && value !== null) result[key] = value;
    }
    return result;
}

/** The error a unit raises when the stack it stands on is not deployed yet. */
export function deployFirst(environment: string, needed: string, missing: string, forUnit: string): pulumi.RunError {
    const stack = stackName(environment, needed);
    return new pulumi.RunError(
        `stack ${stackName(environment, forUnit)} needs "${missing}" from stack ${stack}, which has not been deployed yet.\n` +
            `  Deploy it first:  pulumi up --stack ${stack}\n` +
            `  then run this stack again. Order: network → spokes → network again (see README, "Deploying for real").`,
    );
}
