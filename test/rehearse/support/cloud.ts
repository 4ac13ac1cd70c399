/**
 * Objects in the rehearsal's simulated AWS (tools/rehearse/aws-sim.ts) for tests that drive
 * it directly, and the assertion that an operation is refused by a given aws/lifecycle.ts rule.
 */
import { strict as assert } from "assert";
import { Cloud, CloudObject, LifecycleError, identifiersOf } from "../../../tools/rehearse/aws-sim";

/** Where an object lives, and its id when the test needs a given one. */
export interface Placement {
    /** @default "eu-west-1" */
    region?: string;
    /** @default `stack-<account>` */
    stack?: string;
    /** @default `<type's last segment>-<n>` */
    id?: string;
}

let counter = 0;
/** Creates an object of `type` with `attrs` in `account`, as a create through AWS would. */
export function object(cloud: Cloud, type: string, attrs: Record<string, unknown>, account = "111111111111", where: Placement = {}): CloudObject {
    const region = where.region ?? "eu-west-1";
    const stack = where.stack ?? `stack-${account}`;
    const id = where.id ?? `${type.split(":").pop()!.toLowerCase()}-${++counter}`;
    const full = { arn: `arn:aws:test:${region}:${account}:${id}`, ...attrs, id };
    const o: CloudObject = { key: `k${++counter}`, type, id, account, region, attrs: full, identifiers: identifiersOf(type, id, full), stack, urn: `urn:${stack}:${id}` };
    for (const i of o.identifiers) cloud.issue(i);
    return cloud.create(o);
}

/** Runs `fn` and asserts the simulated AWS refuses it with `rule`; returns the error. */
export function rejects(fn: () => unknown, rule: string): LifecycleError {
    try {
        fn();
    } catch (err) {
        assert.ok(err instanceof LifecycleError, String(err));
        assert.equal(err.rule, rule, err.message);
        return err;
    }
    assert.fail(`expected [${rule}]`);
}
