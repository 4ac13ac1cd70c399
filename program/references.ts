/**
 * Cross-stack values. Per-account stacks read each other through StackReference named
 * `<prefix><env>-<unit>`. Reads are awaited at program time with `getOutputDetails`, so
 * the program knows — before it declares any resource — whether the other side has been
 * deployed, and can say what to deploy next instead of failing obscurely.
 *
 * Every read is checked against the unit registry (unit-registry.ts `unitReads`): a read
 * the registry does not declare stops the program, so the deploy waves derived from the
 * registry cannot miss an order the program depends on.
 */
import * as pulumi from "@pulumi/pulumi";
import { Definition } from "../definition/schema";
import { stackName } from "../definition/units";
import { declaredReads } from "./unit-registry";

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

/** Each referenced stack's outputs, read once per program run (see readStackOutputs). */
const outputsRead = new Map<string, Promise<Record<string, unknown>>>();

/** The unit whose program runs (set by runLandingZone), for checking its reads. */
let reader: { definition: Definition; unit: string } | undefined;

/** Declares which unit's program is running: its reads are checked against the unit registry from now on. */
export function setReadingUnit(definition: Definition, unit: string): void {
    reader = unit === "all" ? undefined : { definition, unit };
}

/** The outputs the running unit may read from `unit` (all when no unit is set: component tests). */
function allowedReads(unit: string): readonly string[] | undefined {
    if (!reader) return undefined;
    const allowed = declaredReads(reader.definition, reader.unit, unit);
    if (allowed.length === 0) {
        throw new Error(
            `stack ${stackName(reader.definition.environment, reader.unit)} reads stack ${stackName(reader.definition.environment, unit)}, ` +
                `which the unit registry (program/unit-registry.ts unitReads) does not declare: declare the read there so the deploy waves order it`,
        );
    }
    return allowed;
}

/** One StackReference per referenced stack, shared by every reader. */
export function stackReference(environment: string, unit: string): pulumi.StackReference {
    allowedReads(unit);
    const stack = stackName(environment, unit);
    let ref = references.get(stack);
    if (!ref) {
        ref = new pulumi.StackReference(`${stack}-ref`, { name: `${stackReferencePrefix()}${stack}` });
        references.set(stack, ref);
    }
    return ref;
}

/** Forget the references (and the reading unit) of a previous program run (tests and the offline tools run the program many times). */
export function resetStackReferences(): void {
    references.clear();
    outputsRead.clear();
    reader = undefined;
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
    const allowed = allowedReads(unit);
    const undeclared = allowed ? names.filter((n) => !allowed.includes(n)) : [];
    if (undeclared.length > 0) {
        throw new Error(
            `stack ${stackName(environment, reader!.unit)} reads ${undeclared.join(", ")} from stack ${stackName(environment, unit)}, ` +
                `which the unit registry (program/unit-registry.ts unitReads) does not declare`,
        );
    }
    const ref = stackReference(environment, unit);
    const outputs = await outputsOf(stackName(environment, unit), ref, names[0]);
    const result: Partial<Record<K, unknown>> = {};
    for (const key of names) {
        const value = Object.prototype.hasOwnProperty.call(outputs, key) ? outputs[key] : undefined;
        if (value !== undefined && value !== null) result[key] = value;
    }
    return result;
}

/**
 * All outputs of a referenced stack, read once per program run. `getOutputDetails(name)`
 * copies the stack's whole outputs (the SDK's `all([name, outputs])`) and walks them again
 * for unknowns, for every name: a spoke reads eight names of the network stack, whose
 * outputs list every spoke (`acceptedCidrs`, `attachedSpokes`), so reading name by name
 * cost each spoke's plan time growing with the environment. Secret outputs come back as
 * values, as `getOutputDetails`' `secretValue` did.
 *
 * The outputs are taken in an `apply`, which runs once they are known: the engine reads a
 * StackReference even in a preview, so they always are. `getOutputDetails` of one name
 * settles however the read ends: a failed read rejects here as it did before, and outputs
 * that were never known would read as none instead of waiting forever.
 */
function outputsOf(stack: string, ref: pulumi.StackReference, someName: string | undefined): Promise<Record<string, unknown>> {
    let read = outputsRead.get(stack);
    if (!read) {
        read = new Promise<Record<string, unknown>>((resolve, reject) => {
            let taken = false;
            ref.outputs.apply((outputs) => {
                taken = true;
                resolve(outputs ?? {});
                return undefined;
            });
            ref.getOutputDetails(someName ?? "").then(
                () => setImmediate(() => taken || resolve({})),
                reject,
            );
        });
        outputsRead.set(stack, read);
    }
    return read;
}

/** The error a unit raises when the stack it stands on is not deployed yet. */
export function deployFirst(environment: string, needed: string, missing: string, forUnit: string): pulumi.RunError {
    const stack = stackName(environment, needed);
    return new pulumi.RunError(
        `stack ${stackName(environment, forUnit)} needs "${missing}" from stack ${stack}, which has not been deployed yet.\n` +
            `  Deploy it first:  pulumi up --stack ${stack}\n` +
            `  then run this stack again. The order of every stack: npm run waves -- --definition <file> (see README, "Deploying for real").`,
    );
}
