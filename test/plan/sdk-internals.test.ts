/**
 * The seam to the SDKs' internals (tools/plan/sdk-internals.ts): every hook still has its
 * effect on the installed SDK. Each test watches what the SDK does with the hook in place
 * — and, where the hook turns something off, what it does without it, so a test cannot
 * pass because the SDK stopped doing the thing altogether. A rename of
 * `debuggablePromise` or `callsites`, a moved module, or a call the SDK no longer makes
 * through the export we replace fails here.
 *
 * The launcher hook (`policyPackLauncher`) starts a process: its effect is tested in
 * analyzer.process.test.ts.
 */
import * as aws from "@pulumi/aws";
import * as policy from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { analyzeRequest } from "../../tools/plan/analyzer";
import { UNKNOWN } from "../../analysis/plan-records";
import {
    HOOKS,
    installedVersion,
    leanPromises,
    MockMonitor,
    mockMonitor,
    noCallsites,
    noStackTraces,
    planTimeSettings,
    policyInProcess,
    protocol,
    RegisterRequest,
    runtimeLogLine,
    waitForRPCs,
} from "../../tools/plan/sdk-internals";
import { unknownSentinel } from "../../tools/plan/wire";

class Thing extends pulumi.CustomResource {
    constructor(name: string, args: Record<string, pulumi.Input<string>>) {
        super("test:index:Thing", name, args);
    }
}

/** Fresh mock state; returns the registrations the mock monitor receives from now on. */
async function freshMocks(): Promise<RegisterRequest[]> {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "seam", "test", true, "organization");
    const monitor: MockMonitor = mockMonitor();
    const seen: RegisterRequest[] = [];
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        seen.push(req);
        return register(req, cb);
    };
    return seen;
}

/** Runs `body` with `hook` in effect (undone afterwards, even on failure). */
async function withHook<T>(hook: () => () => void, body: () => Promise<T>): Promise<T> {
    const undo = hook();
    try {
        return await body();
    } finally {
        undo();
    }
}

/** How many times the SDK defines `property` on an object while `body` runs. */
async function definitions(property: string, body: () => Promise<void>): Promise<number> {
    const define = Object.defineProperty;
    let count = 0;
    Object.defineProperty = function (o: unknown, p: PropertyKey, d: PropertyDescriptor) {
        if (p === property) count++;
        return define(o, p, d);
    } as typeof Object.defineProperty;
    try {
        await body();
    } finally {
        Object.defineProperty = define;
    }
    return count;
}

describe("plan: the seam to SDK internals", function () {
    this.timeout(60000);

    it("every hook names the installed version of its SDK (re-check a hook, then its version, on an upgrade)", () => {
        for (const [name, hook] of Object.entries(HOOKS)) {
            assert.strictEqual(hook.checkedWith, installedVersion(hook.package), `hook ${name} was checked against ${hook.package} ${hook.checkedWith}`);
        }
    });

    it("mockMonitor: every registration of a program goes through it; waitForRPCs: resolves once they have all arrived", async () => {
        const seen = await freshMocks();
        const things = ["a", "b", "c"].map((n) => new Thing(n, { size: n }));
        await waitForRPCs();
        assert.deepStrictEqual(
            seen.map((r) => [r.getType(), r.getName(), r.getObject()?.toJavaScript()]),
            things.map((_, i) => ["test:index:Thing", "abc"[i], { size: "abc"[i] }]),
        );
        assert.match(await new Promise<string>((resolve) => things[2].urn.apply(resolve)), /::test:index:Thing::c$/);
    });

    it("noCallsites: registrations carry no source position while in effect (and do without it)", async () => {
        const positions = async (): Promise<(string | undefined)[]> => {
            const seen = await freshMocks();
            new Thing("where", { size: "1" });
            await waitForRPCs();
            return seen.map((r) => r.getSourceposition()?.getUri() || undefined);
        };
        const without = await positions();
        assert.match(String(without[0]), /sdk-internals\.test\.ts$/, "the SDK sends the position of `new Thing` (control)");
        assert.deepStrictEqual(await withHook(noCallsites, positions), [undefined]);
        assert.match(String((await positions())[0]), /sdk-internals\.test\.ts$/, "undone");
    });

    it("leanPromises: the SDK's promises get no debug decorations, and the leak check still sees them", async () => {
        const register = async (): Promise<void> => {
            await freshMocks();
            new Thing("p", { size: "1" });
            await waitForRPCs();
        };
        assert.ok((await definitions("_debugStackTrace", register)) > 0, "the SDK decorates its promises (control)");
        const store = () => (require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } }).getStore();
        let largest = 0;
        await withHook(leanPromises, async () => {
            assert.strictEqual(await definitions("_debugStackTrace", register), 0, "no decorations while in effect");
            // The exit check's bookkeeping: promises are candidates while pending, removed when settled.
            await freshMocks();
            const thing = new Thing("q", { size: "1" });
            largest = store().leakCandidates.size;
            await waitForRPCs();
            await new Promise<string>((resolve) => thing.urn.apply(resolve));
        });
        assert.ok(largest > 0, "pending SDK promises are leak candidates");
        assert.strictEqual(store().leakCandidates.size, 0, "and settled ones are not");
        assert.ok((await definitions("_debugStackTrace", register)) > 0, "undone");
    });

    it("noStackTraces: errors capture no frames while in effect", async () => {
        const frames = (): number => (new Error().stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)).length;
        assert.ok(frames() > 0);
        assert.strictEqual(await withHook(noStackTraces, async () => frames()), 0);
        assert.ok(frames() > 0, "undone");
    });

    it("planTimeSettings: all three at once, and all undone", async () => {
        const registrations = async () => {
            const seen = await freshMocks();
            new Thing("all", { size: "1" });
            await waitForRPCs();
            return seen;
        };
        let decorated = -1;
        let seen: RegisterRequest[] = [];
        await withHook(planTimeSettings, async () => {
            assert.strictEqual(Error.stackTraceLimit, 0);
            decorated = await definitions("_debugStackTrace", async () => {
                seen = await registrations();
            });
        });
        assert.strictEqual(decorated, 0);
        assert.strictEqual(seen[0].getSourceposition()?.getUri() || undefined, undefined);
        assert.ok(Error.stackTraceLimit > 0);
        assert.ok((await registrations())[0].getSourceposition()?.getUri());
    });

    it("runtimeLog: reads the lines pulumi.log prints without an engine, with their severity", async () => {
        await freshMocks();
        const lines: unknown[][] = [];
        const original = { log: console.log, warn: console.warn, error: console.error };
        console.log = console.warn = console.error = (...args: unknown[]) => void lines.push(args);
        try {
            await pulumi.log.info("plain info");
            await pulumi.log.warn("a warning: with a colon");
            await pulumi.log.error("an error");
        } finally {
            Object.assign(console, original);
        }
        assert.deepStrictEqual(
            lines.map((args) => runtimeLogLine(args)),
            [
                { severity: "info", message: "plain info" },
                { severity: "warning", message: "a warning: with a colon" },
                { severity: "error", message: "an error" },
            ],
        );
        assert.strictEqual(runtimeLogLine(["info: something else"]), undefined);
    });

    it("protocol: the generated classes take the Structs of their own google-protobuf copy and round-trip them", () => {
        const { analyzerPb, enginePb, Struct } = protocol();
        const request = new analyzerPb.AnalyzeRequest().setType("test:index:Thing").setProperties(Struct.fromJavaScript({ a: 1, b: ["x", null], c: { d: true } }));
        const back = analyzerPb.AnalyzeRequest.deserializeBinary(request.serializeBinary());
        assert.strictEqual(back.getType(), "test:index:Thing");
        assert.deepStrictEqual(back.getProperties().toJavaScript(), { a: 1, b: ["x", null], c: { d: true } });
        const log = enginePb.LogRequest.deserializeBinary(new enginePb.LogRequest().setSeverity(2).setMessage("m").serializeBinary());
        assert.deepStrictEqual([log.getSeverity(), log.getMessage()], [2, "m"]);
    });

    it("policyInProcess: @pulumi/policy's Analyze handler judges our encoded request; props and types read as rules see them", async () => {
        const { makeAnalyzeRpcFun, deserializeProperties, unknownCheckingProxy, getPulumiType } = policyInProcess();
        const rule: policy.ResourceValidationPolicy = {
            name: "no-big-things",
            description: "things stay small",
            enforcementLevel: "mandatory",
            validateResource: (args, report) => {
                if (args.type === "test:index:Thing" && args.props.size === "big") report(`size is ${args.props.size}`);
            },
        };
        const analyze = makeAnalyzeRpcFun("seam", "0.0.1", "advisory", [rule]);
        const judge = async (size: string): Promise<string[]> => {
            const request = analyzeRequest({ urn: "urn:pulumi:s::p::test:index:Thing::t", type: "test:index:Thing", name: "t", custom: true, inputs: { size }, dependencies: {} }, undefined, undefined);
            const response = await new Promise<any>((resolve, reject) => void analyze({ request }, (err, res) => (err ? reject(err) : resolve(res))));
            return response.getDiagnosticsList().map((d: any) => `${d.getPolicyname()}: ${d.getMessage()}`);
        };
        assert.deepStrictEqual(await judge("small"), []);
        const [diagnostic] = await judge("big");
        assert.match(diagnostic, /^no-big-things: [^]*size is big/);

        const props = unknownCheckingProxy(deserializeProperties(protocol().Struct.fromJavaScript({ known: "k", later: unknownSentinel() }), false));
        assert.strictEqual(props.known, "k");
        assert.throws(() => props.later, "reading an unknown value throws, as in a rule");
        assert.strictEqual(getPulumiType(policy.validateResourceOfType(aws.ec2.Vpc, () => undefined)), "aws:ec2/vpc:Vpc");
        assert.notStrictEqual(UNKNOWN, unknownSentinel());
    });
});
