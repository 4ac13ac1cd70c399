/**
 * Runs one rule of the pack the way the policy server does (@pulumi/policy server.js):
 * properties travel as a protobuf Struct with the engine's unknown sentinels, are deserialized
 * by the pack's own `deserializeProperties` and wrapped in its `unknownCheckingProxy`, so an
 * unknown value throws `UnknownValueError` on access exactly as during `pulumi preview`.
 * Stack resources get parents, dependencies and propertyDependencies resolved to resource
 * objects as in `makeAnalyzeStackRpcFun`. Reports are recorded like `makeReportViolationFun`.
 */
import type {
    EnforcementLevel,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PackConfig } from "../../policypacks/landing-zone/lib/config";

/* eslint-disable @typescript-eslint/no-require-imports */
const { deserializeProperties } = require("@pulumi/policy/deserialize") as { deserializeProperties(s: Struct, proxySecrets: boolean): Record<string, unknown> };
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(o: T): T;
    UnknownValueError: new (...args: unknown[]) => Error;
    unknownStringValue: string;
    unknownArrayValue: string;
    unknownBooleanValue: string;
    unknownObjectValue: string;
};

/** What the server reports for an UnknownValueError that escapes a rule (server.js). */
function sdkUnknownNote(policyName: string, e: Error): Report {
    return { level: "advisory", message: `can't run policy '${policyName}' from policy pack 'landing-zone@v0.0.0' during preview: ${e.message}` };
}

/** The engine's sentinels for values unknown during preview. */
export const UNKNOWN = proxy.unknownStringValue;
export const UNKNOWN_ARRAY = proxy.unknownArrayValue;
export const UNKNOWN_BOOL = proxy.unknownBooleanValue;
export const UNKNOWN_OBJECT = proxy.unknownObjectValue;

export interface Report {
    level: EnforcementLevel;
    message: string;
    urn?: string;
}

/** Properties as the server hands them to a rule. */
export function engineProps(props: Record<string, unknown>): Record<string, unknown> {
    // The engine drops undefined properties; a JSON round trip does the same here.
    const struct = Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
    return proxy.unknownCheckingProxy(deserializeProperties(struct, false));
}

function recorder(policy: { description: string; enforcementLevel?: EnforcementLevel }, reports: Report[]) {
    const level = policy.enforcementLevel ?? "advisory";
    return (message: unknown, urn?: string) => {
        if (typeof message === "object" && message !== null) {
            const info = message as { message?: string; description?: string; enforcementLevel?: EnforcementLevel; urn?: string };
            reports.push({ level: info.enforcementLevel ?? level, message: info.message ?? info.description ?? policy.description, urn: info.urn });
        } else {
            reports.push({ level, message: message ? `${policy.description}\n${message}` : policy.description, urn });
        }
    };
}

export const urnOf = (type: string, name: string) => `urn:pulumi:test::landing-zone::${type}::${name}`;

export async function runResource(
    policy: ResourceValidationPolicy,
    resource: { type: string; name?: string; props: Record<string, unknown> },
    config: PackConfig = {},
): Promise<Report[]> {
    const reports: Report[] = [];
    const name = resource.name ?? "r";
    const props = engineProps(resource.props);
    const args: ResourceValidationArgs = {
        type: resource.type,
        props,
        urn: urnOf(resource.type, name),
        name,
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as unknown as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`notApplicable: ${reason}`);
        },
    };
    const validate = policy.validateResource;
    if (!validate) throw new Error(`${policy.name} has no validateResource`);
    const validations = Array.isArray(validate) ? validate : [validate];
    for (const v of validations) {
        try {
            await v(args, recorder(policy, reports) as never);
        } catch (e) {
            if (!(e instanceof proxy.UnknownValueError)) throw e;
            reports.push(sdkUnknownNote(policy.name, e));
        }
    }
    return reports;
}

export interface StackFixture {
    type: string;
    name: string;
    props: Record<string, unknown>;
    /** Name of the parent fixture. */
    parent?: string;
    /** Input name → names of the fixtures it was computed from. */
    deps?: Record<string, string[]>;
    /** The inputs of the resource's provider, as the engine names it with each resource. */
    provider?: Record<string, unknown>;
}

export async function runStack(policy: StackValidationPolicy, fixtures: StackFixture[], config: PackConfig = {}): Promise<Report[]> {
    const reports: Report[] = [];
    const urnByName = new Map(fixtures.map((f) => [f.name, urnOf(f.type, f.name)]));
    const resources = fixtures.map((f) => {
        const resource = {
            type: f.type,
            props: engineProps(f.props),
            urn: urnByName.get(f.name) as string,
            name: f.name,
            opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [] as PolicyResource[],
            propertyDependencies: {} as Record<string, PolicyResource[]>,
            isType: () => false,
            asType: () => undefined,
            ...(f.provider ? { provider: { type: "pulumi:providers:aws", props: engineProps(f.provider), urn: `urn:pulumi:test::landing-zone::pulumi:providers:aws::${f.name}-provider`, name: `${f.name}-provider` } } : {}),
        } as unknown as PolicyResource;
        return resource;
    });
    const byName = new Map(resources.map((r) => [r.name, r]));
    fixtures.forEach((f, i) => {
        const r = resources[i];
        const resolve = (name: string) => {
            const dep = byName.get(name);
            if (!dep) throw new Error(`fixture ${f.name} depends on unknown fixture ${name}`);
            return dep;
        };
        if (f.parent) r.parent = resolve(f.parent);
        const all = new Set<string>();
        for (const [prop, names] of Object.entries(f.deps ?? {})) {
            r.propertyDependencies[prop] = names.map(resolve);
            names.forEach((n) => all.add(n));
        }
        r.dependencies = [...all].map(resolve);
    });
    const args: StackValidationArgs = {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as unknown as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`notApplicable: ${reason}`);
        },
    };
    try {
        await policy.validateStack(args, recorder(policy, reports) as never);
    } catch (e) {
        if (!(e instanceof proxy.UnknownValueError)) throw e;
        reports.push(sdkUnknownNote(policy.name, e));
    }
    return reports;
}

export const mandatory = (reports: Report[]) => reports.filter((r) => r.level === "mandatory");
export const advisory = (reports: Report[]) => reports.filter((r) => r.level === "advisory");
