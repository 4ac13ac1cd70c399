/**
 * Every use of @pulumi/policy beyond its documented API, in one place. Each hook names the
 * @pulumi/policy version it was checked against and is used only when that version is the one
 * installed; with any other version the pack falls back to the SDK's own, documented behaviour.
 * test/policypack/sdk-seam.test.ts fails when a hook is no longer in effect with the installed
 * version (so an upgrade is a conscious step: re-check the hook, then move CHECKED_VERSION).
 *
 * Hooks:
 * 1. Advisory notes at any rule level. `report` accepts a policy-info object whose
 *    `enforcementLevel` overrides the rule's (server.js, makeReportViolationFun); the typings
 *    declare only `report(message, urn)`. Without the hook, notes are delivered the SDK's way:
 *    one `UnknownValueError` at the end of the rule, which the server turns into an advisory
 *    "can't run policy ... during preview: <notes>" (never blocking, less precise).
 * 2. Reading the plain object behind the unknown-checking proxy (`@pulumi/policy/proxy`:
 *    `isSpecialProxy` / `getSpecialProxyTarget` keys) instead of through it: a trap and an
 *    exception per unknown value avoided. Without the hook, rules read through the proxy and
 *    catch `UnknownValueError` (the public export) for each unknown value.
 *
 * The engine's unknown sentinels are protocol constants (pulumi/sdk `UnknownStringValue` & co.),
 * not SDK internals; they are listed here so a value that reaches a rule without the proxy is
 * still recognised.
 *
 * The pack no longer replaces `deserializeProperties` (a memo that saved AnalyzeStack time on
 * very large single stacks): measured with `npm run bench-pack`, a preview of the prod
 * definition (569 resources) takes 992 ms for AnalyzeStack through the protocol with it and
 * 1,019 ms without, against minutes of engine time per preview; see the pack README.
 */
import type { EnforcementLevel, ReportViolation } from "@pulumi/policy";

/**
 * The SDK's public UnknownValueError, loaded on first use: the SDK's index loads all of
 * @pulumi/pulumi (over a second), and tools that only read the rules (npm run policy-config)
 * never need it.
 */
function unknownValueErrorClass(): new (...args: unknown[]) => Error {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("@pulumi/policy") as { UnknownValueError: new (...args: unknown[]) => Error }).UnknownValueError;
}

/** The @pulumi/policy version every hook below was checked against. */
export const CHECKED_VERSION = "1.21.0";

/** The installed @pulumi/policy version, or undefined when it cannot be read. */
export function installedPolicyVersion(): string | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pkg = require("@pulumi/policy/package.json") as { version?: string };
        return pkg.version?.replace(/^v/, "");
    } catch {
        return undefined;
    }
}

/** True when the hooks may be used (the installed SDK is the one they were checked against). */
export function hooksEnabled(version: string | undefined = installedPolicyVersion()): boolean {
    return version === CHECKED_VERSION && process.env.LZ_PACK_SDK_HOOKS !== "off";
}

const enabled = hooksEnabled();

// ---- hook 1: advisory notes --------------------------------------------------------------

/** Whether advisory notes go through the policy-info form of `report` (hook 1). */
export function advisoryReportHook(): boolean {
    return enabled;
}

/** Reports `message` as advisory whatever the rule's level (hook 1); callers check advisoryReportHook() first. */
export function reportAsAdvisory(report: ReportViolation, message: string, urn?: string): void {
    const info: { message: string; enforcementLevel: EnforcementLevel; urn?: string } = { message, enforcementLevel: "advisory", urn };
    (report as unknown as (info: object) => void)(info);
}

/**
 * The SDK's own way to say a rule could not decide during preview (the fallback of hook 1): its
 * public UnknownValueError, carrying the notes as its message (the server reports `e.message`).
 */
export function undecidedError(notes: string[]): Error {
    const Ctor = unknownValueErrorClass();
    const error = new Ctor("04da6b54-80e4-46f7-96ec-b56ff0331ba9", ["(pack)"]);
    error.message = notes.join("; ");
    return error;
}

/** True when `error` is the policy SDK's "value can't be known during preview" error (public API). */
export function isUnknownValueError(error: unknown): boolean {
    if (!(error instanceof Error)) return false;
    if (/can't be known during preview$/.test(error.message)) return true;
    return error instanceof unknownValueErrorClass();
}

// ---- hook 2: the object behind the proxy ---------------------------------------------------

interface ProxyInternals {
    isSpecialProxy?: string;
    getSpecialProxyTarget?: string;
}

function loadProxyInternals(): ProxyInternals {
    if (!enabled) return {};
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require("@pulumi/policy/proxy") as ProxyInternals;
    } catch {
        return {};
    }
}

const internals = loadProxyInternals();

/**
 * The plain object behind the policy SDK's unknown-checking proxy (hook 2), or undefined when
 * `value` is not such a proxy or the hook is off (then the caller reads through the proxy).
 */
export function proxyTarget(value: unknown): unknown {
    const isKey = internals.isSpecialProxy;
    const targetKey = internals.getSpecialProxyTarget;
    if (!isKey || !targetKey || value === null || typeof value !== "object") return undefined;
    const v = value as Record<string, unknown>;
    return v[isKey] === true ? v[targetKey] : undefined;
}

/** The engine's sentinels for unknown values (Analyzer protocol constants). */
export const unknownSentinels: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // bool
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);
