import { isUnknownValueError, proxyTarget, unknownSentinels } from "./sdk-seam";

/**
 * Reading resource properties that may be unknown during preview.
 *
 * The policy server hands rules a proxy over the resource's properties; reading a value the
 * engine marked unknown (an output not computed yet) throws `UnknownValueError`. If that error
 * escaped a rule, the server would replace the rule's whole verdict with one "can't run policy
 * during preview" note. Instead, every rule first takes a plain snapshot of the properties it
 * needs: unknown values become `Unknown` markers carrying their path, so a rule decides what it
 * can from the known values and names exactly what it could not decide.
 */

/** A value the engine did not know yet (preview), with the property path where it was met. */
export class Unknown {
    constructor(readonly path: string) {}
    toString(): string {
        return `<unknown ${this.path}>`;
    }
}

export function isUnknown(value: unknown): value is Unknown {
    return value instanceof Unknown;
}

export { isUnknownValueError, unknownSentinels } from "./sdk-seam";

function join(path: string, key: string | number): string {
    if (typeof key === "number") return `${path}[${key}]`;
    return path ? `${path}.${key}` : key;
}

/**
 * A plain deep copy of `value` (usually a rule's `props` proxy) in which every unknown value is
 * replaced by an `Unknown` marker. Never throws for unknowns; other errors propagate.
 */
export function snapshot(value: unknown, path = ""): unknown {
    if (typeof value === "string") return unknownSentinels.has(value) ? new Unknown(path || "(value)") : value;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        const length = value.length;
        for (let i = 0; i < length; i++) out.push(read(() => value[i], join(path, i)));
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        out[key] = read(() => (value as Record<string, unknown>)[key], join(path, key));
    }
    return out;
}

function read(get: () => unknown, path: string): unknown {
    let raw: unknown;
    try {
        raw = get();
    } catch (error) {
        if (isUnknownValueError(error)) return new Unknown(path);
        throw error;
    }
    return snapshot(raw, path);
}

/** Path of the value at `keys` (`a.b[0].c`), built only when an unknown is met. */
function pathOf(keys: (string | number)[]): string {
    let path = "";
    for (const key of keys) path = join(path, key);
    return path || "(value)";
}

/**
 * `snapshot` of plain data (no proxy in it): sentinel strings become `Unknown` markers.
 * Same result as reading through the proxy, without traps or exceptions.
 */
function snapshotPlain(value: unknown, keys: (string | number)[]): unknown {
    if (typeof value === "string") return unknownSentinels.has(value) ? new Unknown(pathOf(keys)) : value;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
        const length = value.length;
        const out: unknown[] = new Array(length);
        for (let i = 0; i < length; i++) {
            keys.push(i);
            out[i] = snapshotPlain(value[i], keys);
            keys.pop();
        }
        return out;
    }
    const out: Record<string, unknown> = {};
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
        keys.push(key);
        out[key] = snapshotPlain(obj[key], keys);
        keys.pop();
    }
    return out;
}

/**
 * Snapshot of a resource's properties as a plain record. Reads the policy server's
 * deserialized copy behind the proxy when the SDK seam allows it (sdk-seam.ts, hook 2), else
 * reads through whatever it was given with `snapshot`.
 */
export function plainProps(props: unknown): Record<string, unknown> {
    const target = proxyTarget(props);
    const value = target !== undefined ? snapshotPlain(target, []) : snapshot(props);
    if (isUnknown(value)) return {};
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

// ---- typed readers over a snapshot -------------------------------------------------------

/** A string, `Unknown`, or undefined when absent or of another type. */
export function str(value: unknown): string | Unknown | undefined {
    return typeof value === "string" || isUnknown(value) ? value : undefined;
}

export function bool(value: unknown): boolean | Unknown | undefined {
    if (typeof value === "boolean" || isUnknown(value)) return value;
    if (value === "true") return true;
    if (value === "false") return false;
    return undefined;
}

export function num(value: unknown): number | Unknown | undefined {
    if (typeof value === "number" || isUnknown(value)) return value;
    if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
    return undefined;
}

/** An array (possibly with unknown elements), `Unknown`, or [] when absent. */
export function list(value: unknown): unknown[] | Unknown {
    if (isUnknown(value)) return value;
    if (Array.isArray(value)) return value;
    return value === undefined || value === null ? [] : [value];
}

export function record(value: unknown): Record<string, unknown> | Unknown | undefined {
    if (isUnknown(value)) return value;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
