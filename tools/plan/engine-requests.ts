/**
 * The Analyzer requests the engine sends a policy pack, encoded straight from a plan into
 * protobuf bytes: `AnalyzeRequest` (one resource's inputs, before it would be created)
 * and `AnalyzeStackRequest` (every resource with outputs, parent, dependencies and
 * property dependencies).
 *
 * Field numbers are those of `pulumi/analyzer.proto` and `google/protobuf/struct.proto`
 * (as generated into `@pulumi/pulumi/proto/analyzer_pb.js`); the low-level wire encoding
 * (varints, length prefixes, UTF-8, doubles) is protobufjs's `Writer`. Building the same
 * requests as google-protobuf message objects (`Struct.fromJavaScript`, then
 * `serializeBinary`) cost ≈ 0.27 ms per resource at 1,000 spokes, more than the pack's
 * own evaluation; this costs a fraction of it. Tests decode these bytes with the SDK's
 * generated classes and compare them with requests built the google-protobuf way.
 *
 * Plan values go on the wire as the engine sends them: the plan's unknown marker becomes
 * the engine's unknown sentinel, `undefined` is left out of objects and is `null` in lists
 * (a Struct has no undefined).
 */
import { Writer } from "protobufjs/minimal";
import { PlannedResource, UNKNOWN } from "../../analysis/plan-records";
import { unknownSentinel } from "./wire";

// Tags: (field number << 3) | wire type (0 varint, 1 64-bit, 2 length-delimited).
const enum Tag {
    // google.protobuf.Struct / map entry / ListValue
    StructFields = (1 << 3) | 2,
    MapKey = (1 << 3) | 2,
    MapValue = (2 << 3) | 2,
    ListValues = (1 << 3) | 2,
    // google.protobuf.Value (a oneof: the field is written even when it holds a default)
    NullValue = (1 << 3) | 0,
    NumberValue = (2 << 3) | 1,
    StringValue = (3 << 3) | 2,
    BoolValue = (4 << 3) | 0,
    StructValue = (5 << 3) | 2,
    ListValue = (6 << 3) | 2,
    // pulumirpc.AnalyzeRequest and pulumirpc.AnalyzerResource (fields 1-6 shared)
    Type = (1 << 3) | 2,
    Properties = (2 << 3) | 2,
    Urn = (3 << 3) | 2,
    Name = (4 << 3) | 2,
    Options = (5 << 3) | 2,
    Provider = (6 << 3) | 2,
    Parent = (7 << 3) | 2,
    Dependencies = (8 << 3) | 2,
    PropertyDependencies = (9 << 3) | 2,
    // pulumirpc.AnalyzerResourceOptions.parent
    OptionsParent = (8 << 3) | 2,
    // pulumirpc.AnalyzerPropertyDependencies.urns
    Urns = (1 << 3) | 2,
    // pulumirpc.AnalyzeStackRequest.resources
    Resources = (1 << 3) | 2,
}

/** proto3 leaves empty strings off the wire, as the generated serializers do. */
function writeString(w: Writer, tag: Tag, value: string | undefined): void {
    if (value) w.uint32(tag).string(value);
}

function writeValue(w: Writer, value: unknown): void {
    switch (typeof value) {
        case "string":
            w.uint32(Tag.StringValue).string(value === UNKNOWN ? unknownSentinel() : value);
            return;
        case "number":
            // (A NaN gets another bit pattern than google-protobuf's; it decodes the same.)
            w.uint32(Tag.NumberValue).double(value);
            return;
        case "boolean":
            w.uint32(Tag.BoolValue).bool(value);
            return;
        case "undefined":
            w.uint32(Tag.NullValue).int32(0);
            return;
        case "object":
            if (value === null) {
                w.uint32(Tag.NullValue).int32(0);
            } else if (Array.isArray(value)) {
                w.uint32(Tag.ListValue).fork();
                for (const item of value) {
                    w.uint32(Tag.ListValues).fork();
                    writeValue(w, item);
                    w.ldelim();
                }
                w.ldelim();
            } else {
                w.uint32(Tag.StructValue).fork();
                writeFields(w, value as Record<string, unknown>);
                w.ldelim();
            }
            return;
        default:
            throw new TypeError(`a ${typeof value} cannot be sent in a protobuf Struct`);
    }
}

/**
 * A Struct's body: one map entry (key, Value) per defined property, in sorted key order as
 * the generated serializers write maps (so the bytes are the same as theirs, and the pack
 * sees keys in the same order either way).
 */
function writeFields(w: Writer, object: Record<string, unknown>): void {
    for (const key of Object.keys(object).sort()) {
        const value = object[key];
        if (value === undefined) continue;
        w.uint32(Tag.StructFields).fork();
        w.uint32(Tag.MapKey).string(key);
        w.uint32(Tag.MapValue).fork();
        writeValue(w, value);
        w.ldelim();
        w.ldelim();
    }
}

/** A `google.protobuf.Struct` of plan values, as the bytes of one message. */
export function encodeStruct(object: Record<string, unknown>): Uint8Array {
    const w = Writer.create();
    writeFields(w, object);
    return w.finish();
}

function writeStructField(w: Writer, tag: Tag, object: Record<string, unknown>): void {
    w.uint32(tag).fork();
    writeFields(w, object);
    w.ldelim();
}

/** AnalyzerResourceOptions as this harness fills it: the parent (the engine's other options are defaults here). */
function writeOptions(w: Writer, parent: string | undefined): void {
    w.uint32(Tag.Options).fork();
    writeString(w, Tag.OptionsParent, parent);
    w.ldelim();
}

/**
 * Encodes the requests of one plan. A plan's resources share a handful of providers, and
 * every request names its resource's provider with all the provider's inputs: each
 * provider message is encoded once per encoder (one encoder per plan being judged; the
 * plan is not changed while it is judged).
 */
export class RequestEncoder {
    private readonly providers = new Map<PlannedResource, Uint8Array>();

    private providerMessage(provider: PlannedResource): Uint8Array {
        let bytes = this.providers.get(provider);
        if (!bytes) {
            const w = Writer.create();
            writeString(w, Tag.Type, provider.type);
            writeStructField(w, Tag.Properties, provider.inputs);
            writeString(w, Tag.Urn, provider.urn);
            writeString(w, Tag.Name, provider.name);
            bytes = w.finish();
            this.providers.set(provider, bytes);
        }
        return bytes;
    }

    /** The engine's AnalyzeRequest for one resource's inputs. */
    analyze(resource: PlannedResource, provider: PlannedResource | undefined, parent: string | undefined): Uint8Array {
        const w = Writer.create();
        writeString(w, Tag.Type, resource.type);
        writeStructField(w, Tag.Properties, resource.inputs);
        writeString(w, Tag.Urn, resource.urn);
        writeString(w, Tag.Name, resource.name);
        writeOptions(w, parent);
        if (provider) w.uint32(Tag.Provider).bytes(this.providerMessage(provider));
        return w.finish();
    }

    /**
     * The engine's AnalyzeStackRequest: every resource with its outputs (over its inputs),
     * parent, dependencies and property dependencies, plus the root Stack resource (the
     * engine's snapshot has it: it is the top-level resources' parent).
     */
    analyzeStack(resources: PlannedResource[], stackUrn: string | undefined, byUrn: Map<string, PlannedResource>): Uint8Array {
        const w = Writer.create();
        if (stackUrn) {
            w.uint32(Tag.Resources).fork();
            writeString(w, Tag.Type, "pulumi:pulumi:Stack");
            writeStructField(w, Tag.Properties, {});
            writeString(w, Tag.Urn, stackUrn);
            writeString(w, Tag.Name, stackUrn.split("::").pop() ?? "stack");
            writeOptions(w, "");
            w.ldelim();
        }
        for (const r of resources) {
            const parent = r.parent ?? stackUrn ?? "";
            w.uint32(Tag.Resources).fork();
            writeString(w, Tag.Type, r.type);
            writeStructField(w, Tag.Properties, r.outputs ? { ...r.inputs, ...r.outputs } : r.inputs);
            writeString(w, Tag.Urn, r.urn);
            writeString(w, Tag.Name, r.name);
            writeOptions(w, parent);
            const provider = r.provider ? byUrn.get(r.provider) : undefined;
            if (provider) w.uint32(Tag.Provider).bytes(this.providerMessage(provider));
            writeString(w, Tag.Parent, parent);
            for (const urn of r.dependsOn ?? [...new Set(Object.values(r.dependencies).flat())]) w.uint32(Tag.Dependencies).string(urn);
            for (const key of Object.keys(r.dependencies).sort()) {
                w.uint32(Tag.PropertyDependencies).fork();
                w.uint32(Tag.MapKey).string(key);
                w.uint32(Tag.MapValue).fork();
                for (const urn of r.dependencies[key]) w.uint32(Tag.Urns).string(urn);
                w.ldelim();
                w.ldelim();
            }
            w.ldelim();
        }
        return w.finish();
    }
}
