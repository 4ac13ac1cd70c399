/**
 * Converting property values between the engine's wire form (protobuf Struct as plain
 * JavaScript, with the SDK's signature objects and the unknown sentinel) and the plan's
 * form (plain JSON, unknowns as `"<unknown>"`).
 */
import type * as Pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../../analysis/plan-records";

/** The engine's wire markers, as the SDK exports them (`pulumi.runtime`, runtime/rpc.ts). */
interface Markers {
    unknown: string;
    sigKey: string;
    secret: string;
    resource: string;
    output: string;
    asset: string;
    archive: string;
}

let markers: Markers | undefined;

/**
 * Read from the SDK on first use, not when this module loads: the pack's thread
 * (pack-thread-worker.ts) sends requests encoded elsewhere and never needs them, and loading
 * the SDK there would take CPU from the plan while it loads the same SDK.
 */
function sdkMarkers(): Markers {
    if (!markers) {
        const { runtime } = require("@pulumi/pulumi") as typeof Pulumi;
        markers = {
            unknown: runtime.unknownValue,
            sigKey: runtime.specialSigKey,
            secret: runtime.specialSecretSig,
            resource: runtime.specialResourceSig,
            output: runtime.specialOutputValueSig,
            asset: runtime.specialAssetSig,
            archive: runtime.specialArchiveSig,
        };
    }
    return markers;
}

/** The engine's sentinel for a value unknown during preview. */
export function unknownSentinel(): string {
    return sdkMarkers().unknown;
}

/**
 * Wire value → plan value. Secrets are unwrapped (the plan is a local report), resource
 * references become their URN, assets and archives a small descriptive object.
 */
export function fromWire(value: unknown): unknown {
    const m = markers ?? sdkMarkers();
    if (value === m.unknown) return UNKNOWN;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(fromWire);
    const obj = value as Record<string, unknown>;
    const sig = obj[m.sigKey];
    if (sig !== undefined) {
        switch (sig) {
            case m.secret:
                return fromWire(obj.value);
            case m.resource:
                return obj.urn;
            case m.output:
                return "value" in obj ? fromWire(obj.value) : UNKNOWN;
            case m.asset:
                return { asset: obj.path ?? obj.uri ?? (typeof obj.text === "string" ? `text (${obj.text.length} characters)` : "asset") };
            case m.archive:
                return { archive: obj.path ?? obj.uri ?? (obj.assets ? Object.keys(obj.assets as object) : "archive") };
        }
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) out[key] = fromWire(obj[key]);
    return out;
}

/** Plan value → wire value (unknowns back to the engine's sentinel), for the Analyzer protocol. */
export function toWire(value: unknown): unknown {
    if (value === UNKNOWN) return unknownSentinel();
    if (value === null || typeof value !== "object") return value;
    // protobuf Structs have no `undefined`: null in lists, absent in objects.
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : toWire(v)));
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) {
        if (obj[key] !== undefined) out[key] = toWire(obj[key]);
    }
    return out;
}
