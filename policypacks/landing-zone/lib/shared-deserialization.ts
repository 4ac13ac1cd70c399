/**
 * One deserialization of each resource's properties per request, shared by every rule.
 *
 * The policy server (@pulumi/policy server.js) deserializes a resource's property Struct again
 * for every policy it runs: in AnalyzeStack every resource (and its provider) once per stack
 * rule, in Analyze once per rule that applies to the type, and for rules covering several
 * types (which the server cannot skip by type) once for every resource. On a 572-resource plan
 * this was about 90% of the pack's AnalyzeStack time; the rules themselves took the rest.
 *
 * The server calls `deserializeProperties(struct, proxySecrets)` through the module's export,
 * with the same Struct object for the same resource within one request (protobuf messages
 * cache their sub-message wrappers). Memoizing the result per Struct object (a WeakMap, so it
 * lives as long as the request) makes each resource's properties deserialized once per
 * request. A new request brings new Struct objects, so nothing is ever reused across requests
 * and no change can be hidden. Every rule still gets its own unknown-checking proxy; the plain
 * object behind it is shared, which is safe because rules only read it (they work on a
 * snapshot, values.ts). The secrets-preserving form (`proxySecrets`, used for remediation) is
 * left alone.
 *
 * If a future @pulumi/policy no longer calls the function through this export, the memo is
 * simply never used: the server then works exactly as it does without it.
 */

type Deserialize = (struct: unknown, proxySecrets: boolean) => Record<string, unknown>;

interface DeserializeModule {
    deserializeProperties?: Deserialize & { __landingZoneShared?: true };
}

/**
 * Installs the memo in the policy server's deserialization module. Idempotent. Returns false
 * when the module does not have the expected shape (then nothing is changed).
 */
export function shareDeserializedProperties(): boolean {
    let mod: DeserializeModule;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        mod = require("@pulumi/policy/deserialize") as DeserializeModule;
    } catch {
        return false;
    }
    const original = mod.deserializeProperties;
    if (typeof original !== "function") return false;
    if (original.__landingZoneShared) return true;
    const memo = new WeakMap<object, Record<string, unknown>>();
    const shared = ((struct: unknown, proxySecrets: boolean): Record<string, unknown> => {
        if (proxySecrets || struct === null || typeof struct !== "object") return original(struct, proxySecrets);
        let props = memo.get(struct);
        if (props === undefined) {
            props = original(struct, false);
            memo.set(struct, props);
        }
        return props;
    }) as Deserialize & { __landingZoneShared?: true };
    shared.__landingZoneShared = true;
    mod.deserializeProperties = shared;
    return true;
}
