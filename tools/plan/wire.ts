/**
 * Converting property values between the engine's wire form (protobuf Struct as plain
 * JavaScript, with the SDK's signature objects and the unknown sentinel) and the plan's
 * form (plain JSON, unknowns as `"<unknown>"`).
 */
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../../analysis/plan-records";

// The engine's wire markers, as the SDK exports them (`pulumi.runtime`, runtime/rpc.ts).
/** The engine's sentinel for a value unknown during preview. */
export const UNKNOWN_SENTINEL: string = pulumi.runtime.unknownValue;
/** Key of the signature that marks special values (secrets, assets, resource references). */
export const SIG_KEY: string = pulumi.runtime.specialSigKey;
const SECRET_SIG: string = pulumi.runtime.specialSecretSig;
const RESOURCE_SIG: string = pulumi.runtime.specialResourceSig;
const OUTPUT_SIG: string = pulumi.runtime.specialOutputValueSig;
const ASSET_SIG: string = pulumi.runtime.specialAssetSig;
const ARCHIVE_SIG: string = pulumi.runtime.specialArchiveSig;

/**
 * Wire value → plan value. Secrets are unwrapped (the plan is a local report), resource
 * references become their URN, assets and archives a small descriptive object.
 */
export function fromWire(value: unknown): unknown {
    if (value === UNKNOWN_SENTINEL) return UNKNOWN;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(fromWire);
    const obj = value as Record<string, unknown>;
    const sig = obj[SIG_KEY];
    if (sig !== undefined) {
        switch (sig) {
            case SECRET_SIG:
                return fromWire(obj.value);
            case RESOURCE_SIG:
                return obj.urn;
            case OUTPUT_SIG:
                return "value" in obj ? fromWire(obj.value) : UNKNOWN;
            case ASSET_SIG:
                return { asset: obj.path ?? obj.uri ?? (typeof obj.text === "string" ? `text (${obj.text.length} characters)` : "asset") };
            case ARCHIVE_SIG:
                return { archive: obj.path ?? obj.uri ?? (obj.assets ? Object.keys(obj.assets as object) : "archive") };
        }
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) out[key] = fromWire(obj[key]);
    return out;
}

/** Plan value → wire value (unknowns back to the engine's sentinel), for the Analyzer protocol. */
export function toWire(value: unknown): unknown {
    if (value === UNKNOWN) return UNKNOWN_SENTINEL;
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
